#!/usr/bin/env node
import { main, onInterrupt } from '../dist/generators/cli/main.js';

process.on('SIGINT', onInterrupt);
main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
