import { describeAddon } from '../../../test/helpers/addon.js';

/** The postgres add-on's files and parts of others' (test/unit/postgres-deploy.test.ts reads them closer). */
describeAddon('postgres', {
  files: ['deploy/k8s/jobs/migrate.yaml'],
  readme: ['### Data: PostgreSQL', '#### Releases on Kubernetes', 'pg_dump -U app -Fc app'],
  patched: {
    'compose.yaml': ['  db:', '  migrate:', 'service_completed_successfully', '  pgdata:'],
    'deploy/k8s/deployment.yaml': ['Ready while the database answers'],
    'deploy/k8s/configmap.yaml': ['DATABASE_POOL_SIZE'],
  },
});
