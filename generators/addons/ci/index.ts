import { section } from '../patch.js';
import { defineAddon } from '../types.js';

/** .github/workflows/ci.yml (<folder>-ci.yml for a project in a folder of its repository): lint and tests, then the image when there is a Dockerfile. */
export default defineAddon({
  id: 'ci',
  servesApp: false,
  title: 'GitHub Actions CI',
  description:
    'GitHub Actions workflow: ruff, mypy and pytest (add ci to an existing project: its tests, and ruff only where it uses ruff, at its version), then the image build when there is a Dockerfile',
  requires: [],
  byDefault: () => true,
  defaultLabel: 'on',
  next: (p) => (p.git ? { cmd: 'git push', what: `GitHub Actions runs ${p.workflow}` } : undefined),
  patches: [section('README.md', 'deploy', 'README.deploy.md')],
});
