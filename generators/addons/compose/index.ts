import { section } from '../patch.js';
import { defineAddon } from '../types.js';

/** compose.yaml: the app's image, and nginx in front when the nginx add-on is on. */
export default defineAddon({
  id: 'compose',
  servesApp: true,
  reachesImagePort: true,
  title: 'docker compose (app + nginx)',
  description: 'compose.yaml with the app and nginx',
  requires: ['docker'],
  byDefault: () => true,
  defaultLabel: 'on',
  next: (p) => ({
    cmd: 'docker compose up --build',
    what: `the app${p.nginx ? ' behind nginx' : ''} on http://localhost:${p.nginx ? 8080 : 8000}`,
  }),
  patches: [
    section('README.md', 'configuration', 'README.configuration.md'),
    section('README.md', 'deploy', 'README.deploy.md'),
  ],
});
