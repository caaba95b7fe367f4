import { describeAddon } from '../../../test/helpers/addon.js';

describeAddon('docker', { files: ['Dockerfile', '.dockerignore'], readme: ['\n## Deploy\n'] });
