import { section } from '../patch.js';
import { defineAddon } from '../types.js';

/** The image: Dockerfile and .dockerignore (templates/), and the README's "Deploy" heading. */
export default defineAddon({
  id: 'docker',
  servesApp: true,
  title: 'Dockerfile',
  description: 'Dockerfile and .dockerignore',
  requires: [],
  byDefault: () => true,
  defaultLabel: 'on',
  next: (p) =>
    p.compose
      ? undefined
      : { cmd: `docker build -t ${p.name} ${p.build}`, what: 'the container image' },
  patches: [section('README.md', 'deploy', 'README.deploy.md')],
});
