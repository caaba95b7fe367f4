#!/usr/bin/env node
// CommonJS (bin/package.json): a CommonJS entry starts faster than an ES module one.
'use strict';
const { installSignalHandlers, main } = require('../dist/create-pyweb.cjs');

// Before anything is created: Ctrl-C, SIGTERM and SIGHUP clean up and say what is on disk.
installSignalHandlers();
main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
