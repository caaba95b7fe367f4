import { describeAddon } from '../../../test/helpers/addon.js';

describeAddon('k8s', {
  files: ['deploy/k8s/deployment.yaml', 'deploy/k8s/configmap.yaml'],
  readme: ['### Kubernetes', 'On Kubernetes, `deploy/k8s/configmap.yaml` holds them'],
});
