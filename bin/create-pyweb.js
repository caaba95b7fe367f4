#!/usr/bin/env node
import { main } from '../dist/generators/cli/main.js';

// Ctrl-C outside a prompt: nothing is moved into place before rendering has finished, so
// leaving now is safe; the staging folder is removed by its own `finally`, or is hidden.
process.on('SIGINT', () => process.exit(130));
main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
