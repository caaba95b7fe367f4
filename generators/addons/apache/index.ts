import { section } from '../patch.js';
import { defineAddon } from '../types.js';

/** A VirtualHost and its wsgi.py for mod_wsgi, the one server that runs inside Apache httpd. */
export default defineAddon({
  id: 'apache',
  servesApp: true,
  title: 'Apache VirtualHost',
  description: 'Apache VirtualHost (mod_wsgi only)',
  unfit: (s) =>
    s.apache ? undefined : `applies to mod_wsgi only; ${s.id} does not run inside Apache`,
  requires: [],
  byDefault: (s) => s.apache,
  defaultLabel: 'on for mod_wsgi',
  patches: [section('README.md', 'deploy', 'README.deploy.md')],
});
