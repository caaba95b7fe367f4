import { describeAddon } from '../../../test/helpers/addon.js';

describeAddon('ci', {
  files: ['.github/workflows/ci.yml'],
  readme: ['### Continuous integration'],
});
