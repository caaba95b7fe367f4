#!/usr/bin/env node
import { installSignalHandlers, main } from '../dist/generators/cli/main.js';

// Before anything is created: Ctrl-C, SIGTERM and SIGHUP clean up and say what is on disk.
installSignalHandlers();
main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
