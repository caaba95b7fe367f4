import { section } from '../patch.js';
import { defineAddon } from '../types.js';

/** The reverse proxy's config, deploy/nginx/default.conf. */
export default defineAddon({
  id: 'nginx',
  servesApp: true,
  reachesImagePort: true,
  title: 'nginx config',
  description: 'nginx reverse-proxy config in deploy/nginx/',
  requires: [],
  byDefault: () => true,
  defaultLabel: 'on',
  patches: [section('README.md', 'deploy', 'README.deploy.md')],
});
