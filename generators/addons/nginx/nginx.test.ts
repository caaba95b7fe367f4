import { describeAddon } from '../../../test/helpers/addon.js';

describeAddon('nginx', {
  files: ['deploy/nginx/default.conf'],
  readme: ['`deploy/nginx/default.conf` answers `localhost`', '--scale app=2'],
  patched: { 'compose.yaml': ['\n\n  nginx:\n    image: nginx:'] },
});
