import { section } from '../patch.js';
import { defineAddon } from '../types.js';

/** Deployment, Service, Ingress, HPA, PDB and ConfigMap in deploy/k8s/. */
export default defineAddon({
  id: 'k8s',
  servesApp: true,
  reachesImagePort: true,
  title: 'Kubernetes manifests',
  description: 'Kubernetes manifests in deploy/k8s/',
  requires: ['docker'],
  byDefault: () => false,
  defaultLabel: 'off',
  next: (p) => ({
    cmd: 'kubectl apply -f deploy/k8s/',
    what: p.postgres
      ? `deploy to Kubernetes (set the image first; before it, the database's Secret, then any migration Job: the README's "Releases on Kubernetes")`
      : 'deploy to Kubernetes (set the image first)',
  }),
  patches: [
    section('README.md', 'configuration', 'README.configuration.md'),
    section('README.md', 'deploy', 'README.deploy.md'),
  ],
});
