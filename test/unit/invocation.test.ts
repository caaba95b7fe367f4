import { describe, expect, test } from 'vitest';
import { parseArgs } from '../../generators/cli/args.js';
import { UsageError } from '../../generators/cli/errors.js';
import { checkNpmKept, ciSet, keptByNpm, noPromptReason } from '../../generators/cli/invocation.js';

/** The environment npm 11 gives the tool it runs (`npm create`, `npm exec`), as observed. */
const NPM = { npm_command: 'exec', npm_config_user_agent: 'npm/11.6.0 node/v20.19.0 linux x64' };

describe('CI (issue 15, item 12)', () => {
  test.each([
    ['true', true],
    ['1', true],
    ['yes', true],
    ['false', false],
    ['FALSE', false],
    ['0', false],
    ['', false],
    [undefined, false],
  ])('CI=%j is CI: %j', (value, expected) => {
    expect(ciSet({ CI: value })).toBe(expected);
  });

  test('the reason a run cannot prompt names CI when that is the reason', () => {
    const tty = { stdin: true, stdout: true };
    expect(noPromptReason(tty, { CI: 'true' })).toMatch(/^when CI is set \(CI=true\)/);
    expect(noPromptReason(tty, { CI: 'false' })).toBeUndefined();
    expect(noPromptReason(tty, { CI: '0' })).toBeUndefined();
    expect(noPromptReason({ stdin: false, stdout: true }, { CI: 'true' })).toBe(
      'when not running in a terminal',
    );
  });
});

describe('options npm kept for itself (issue 15, item 11)', () => {
  const refusal = (argv: string[], env: NodeJS.ProcessEnv) => {
    try {
      checkNpmKept(parseArgs(argv), env);
    } catch (e) {
      expect(e).toBeInstanceOf(UsageError);
      return `${(e as UsageError).message}\n${(e as UsageError).hint}`;
    }
    return undefined;
  };

  test('npm create pyweb x --framework flask: the value arrives as a second directory', () => {
    const why = refusal(['x', 'flask'], { ...NPM, npm_config_framework: 'true' });
    expect(why).toMatch(
      /^npm kept --framework for itself: with npm create, the options go after --/,
    );
    expect(why).toContain('npm create pyweb@latest my-app -- --framework flask');
    expect(why).not.toMatch(/quote/);
  });

  test('--framework=flask --k8s --no-docker: nothing arrives, npm sets its config', () => {
    const env = {
      ...NPM,
      npm_config_framework: 'flask',
      npm_config_k8s: 'true',
      npm_config_docker: '',
    };
    expect(keptByNpm(parseArgs(['x']), env)).toEqual(['--framework=flask', '--no-docker', '--k8s']);
  });

  test('-f flask -s gunicorn: npm reads --force and --silent and passes the values on', () => {
    expect(refusal(['x', 'flask', 'gunicorn'], { ...NPM, npm_config_force: 'true' })).toMatch(
      /^npm kept the options before flask, gunicorn for itself/,
    );
  });

  test("npm's own settings and a node-gyp python path are not the tool's options", () => {
    const env = { ...NPM, npm_config_python: '/usr/bin/python3', npm_config_yes: 'true' };
    expect(refusal(['x'], env)).toBeUndefined();
    // Given after --, the option is the tool's, whatever npm's environment says.
    expect(refusal(['x', '--framework', 'flask'], { ...NPM, npm_config_framework: 'true' })).toBe(
      undefined,
    );
  });

  test('outside npm (pnpm, yarn, a shell) nothing is looked for', () => {
    expect(refusal(['x', 'flask'], { npm_config_framework: 'true' })).toBeUndefined();
    const pnpm = { npm_command: 'exec', npm_config_user_agent: 'pnpm/9.12.0 npm/? node/v20' };
    expect(refusal(['x'], { ...pnpm, npm_config_framework: 'flask' })).toBeUndefined();
  });
});
