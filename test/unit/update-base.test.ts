import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { absoluteSpec, failureLine } from '../../generators/update/base.js';

/** How the base's npm spec is made absolute and npm's failure said in one line. */

describe('absoluteSpec', () => {
  test('tarballs and folders become absolute; registry and git specs stay', () => {
    expect(absoluteSpec('dist/x.tgz', '/work/p')).toBe('/work/p/dist/x.tgz');
    expect(absoluteSpec('./old', '/work/p')).toBe('/work/p/old');
    expect(absoluteSpec('../old', '/work/p')).toBe('/work/old');
    expect(absoluteSpec('file:../old', '/work/p')).toBe('/work/old');
    expect(absoluteSpec('/abs/create-pyweb-0.1.0.tgz', '/work/p')).toBe(
      '/abs/create-pyweb-0.1.0.tgz',
    );
    expect(absoluteSpec('create-pyweb@0.1.0', '/work/p')).toBe('create-pyweb@0.1.0');
    expect(absoluteSpec('github:someone/create-pyweb', '/work/p')).toBe(
      'github:someone/create-pyweb',
    );
    expect(absoluteSpec('~/old.tgz', '/work/p')).toBe(join(homedir(), 'old.tgz'));
    // A folder that exists, named bare.
    expect(absoluteSpec('test', resolve('.'))).toBe(resolve('test'));
  });
});

describe('failureLine', () => {
  test('npm 404: the line that says it, with the code', () => {
    const stderr = [
      'npm error code E404',
      'npm error 404 Not Found - GET https://registry.npmjs.org/create-pyweb',
      'npm error 404',
      "npm error 404  The requested resource 'create-pyweb@0.0.0-missing' could not be found",
      'npm error A complete log of this run can be found in: /root/.npm/_logs/x-debug-0.log',
    ].join('\n');
    expect(failureLine(stderr)).toBe(
      '404 Not Found - GET https://registry.npmjs.org/create-pyweb (E404)',
    );
  });

  test('offline: the network sentence, not the syscall', () => {
    const stderr = [
      'npm error code ENOTFOUND',
      'npm error syscall getaddrinfo',
      'npm error errno ENOTFOUND',
      'npm error network request to https://registry.npmjs.org/create-pyweb failed, reason: getaddrinfo ENOTFOUND registry.npmjs.org',
      'npm error network This is a problem related to network connectivity.',
    ].join('\n');
    expect(failureLine(stderr)).toBe(
      'request to https://registry.npmjs.org/create-pyweb failed, reason: getaddrinfo ENOTFOUND registry.npmjs.org',
    );
  });

  test("older npm's ERR! lines; notarget", () => {
    expect(
      failureLine(
        'npm ERR! code ETARGET\nnpm ERR! notarget No matching version found for create-pyweb@9.\n',
      ),
    ).toBe('No matching version found for create-pyweb@9. (ETARGET)');
  });

  test("the program's own error when npm said nothing", () => {
    expect(failureLine('npm warn exec x\n✖ unknown option --teleport\n')).toBe(
      'unknown option --teleport',
    );
  });
});
