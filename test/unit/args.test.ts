import { describe, expect, test } from 'vitest';
import { didYouMean, parseArgs } from '../../generators/cli/args.js';
import { UsageError } from '../../generators/cli/errors.js';

const err = (argv: string[]) => {
  try {
    parseArgs(argv);
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return (e as Error).message;
  }
  throw new Error(`parseArgs(${argv.join(' ')}) did not fail`);
};

describe('argument parsing', () => {
  test('long, short, inline and negated forms', () => {
    expect(parseArgs(['app', '-f', 'flask', '--server=gunicorn', '--no-docker', '--k8s', '-y'])).toEqual({
      positionals: ['app'],
      flags: { framework: 'flask', server: 'gunicorn', docker: false, k8s: true, yes: true },
    });
  });

  test('everything after -- is positional', () => {
    expect(parseArgs(['--', '--weird-dir']).positionals).toEqual(['--weird-dir']);
  });

  test('unknown flags get a did-you-mean', () => {
    expect(err(['--framwork', 'flask'])).toBe('unknown option --framwork; did you mean --framework?');
    expect(err(['--no-list'])).toMatch(/unknown option --no-list/);
    expect(err(['-q'])).toMatch(/unknown option -q/);
  });

  test('conflicting flags are refused', () => {
    expect(err(['--docker', '--no-docker'])).toBe('conflicting options: --docker and --no-docker');
    expect(err(['-f', 'flask', '--framework', 'django'])).toBe('conflicting options: --framework flask and --framework django');
  });

  test('the same flag twice with the same value is fine', () => {
    expect(parseArgs(['--k8s', '--k8s']).flags).toEqual({ k8s: true });
  });

  test('values are checked against the catalog', () => {
    expect(err(['-f', 'flsk'])).toMatch(/^unknown framework "flsk"; did you mean flask\?/);
    expect(err(['-s', 'gunicron'])).toMatch(/did you mean gunicorn\?/);
    expect(err(['--python', '2.7'])).toMatch(/unknown python "2.7"/);
  });

  test('a value flag needs its value', () => {
    expect(err(['--framework'])).toBe('--framework needs a id');
    expect(err(['-s', '--yes'])).toBe('-s needs a id');
    expect(err(['--yes=1'])).toBe('--yes takes no value');
  });

  test('did-you-mean stays quiet for distant words', () => {
    expect(didYouMean('zzzzzz', ['flask', 'django'])).toBeUndefined();
    expect(didYouMean('djngo', ['flask', 'django'])).toBe('django');
  });
});
