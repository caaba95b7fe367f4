import { SERVERS, validPairs } from '../../catalog/index.js';
import { describeAddon } from '../../../test/helpers/addon.js';

/** A pair whose server runs inside Apache: the only stacks the add-on fits. */
const pair = validPairs().find((p) => SERVERS.find((s) => s.id === p.server)?.apache)!;

describeAddon('apache', {
  framework: pair.framework,
  server: pair.server,
  files: ['deploy/apache/vhost.conf', 'deploy/apache/wsgi.py'],
  readme: ['### Apache httpd'],
});
