import { describeAddon } from '../../../test/helpers/addon.js';

describeAddon('compose', {
  files: ['compose.yaml'],
  readme: ['### Docker Compose', 'Compose reads them from `.env`'],
});
