import { describe, expect, test } from 'vitest';
import { ADDONS, SERVERS } from '../../generators/catalog/index.js';
import { didYouMean, parseArgs } from '../../generators/cli/args.js';
import { deployFor } from '../../generators/project/stack.js';
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
    expect(
      parseArgs(['app', '-f', 'flask', '--server=gunicorn', '--no-docker', '--k8s', '-y']),
    ).toEqual({
      positionals: ['app'],
      flags: { framework: 'flask', server: 'gunicorn', docker: false, k8s: true, yes: true },
    });
  });

  test('everything after -- is positional', () => {
    expect(parseArgs(['--', '--weird-dir']).positionals).toEqual(['--weird-dir']);
  });

  test('unknown flags get a did-you-mean', () => {
    expect(err(['--framwork', 'flask'])).toBe(
      'unknown option --framwork; did you mean --framework?',
    );
    expect(err(['--no-list'])).toMatch(/unknown option --no-list/);
    expect(err(['-q'])).toMatch(/unknown option -q/);
  });

  test('a long name after one dash is a slip, said on one line (issue 15, item 10)', () => {
    for (const [token, long] of [
      ['-framework', '--framework'],
      ['-framework=flask', '--framework'],
      ['-server', '--server'],
      ['-no-git', '--no-git'],
      ['-help', '--help'],
    ]) {
      const name = token.split('=')[0];
      expect(err([token, 'flask'])).toBe(`unknown option ${name}; did you mean ${long}?`);
    }
    try {
      parseArgs(['-framework', 'flask']);
    } catch (e) {
      expect((e as UsageError).hint).toBeUndefined();
    }
    // Short options keep their bundles: -fflask is -f flask.
    expect(parseArgs(['-fflask']).flags.framework).toBe('flask');
  });

  test('conflicting flags are refused', () => {
    expect(err(['--docker', '--no-docker'])).toBe('conflicting options: --docker and --no-docker');
    expect(err(['-f', 'flask', '--framework', 'django'])).toBe(
      'conflicting options: --framework flask and --framework django',
    );
  });

  test('the same flag twice with the same value is fine', () => {
    expect(parseArgs(['--k8s', '--k8s']).flags).toEqual({ k8s: true });
  });

  test('values are checked against the catalog', () => {
    expect(err(['-f', 'flsk'])).toMatch(/^unknown framework "flsk"; did you mean flask\?/);
    expect(err(['-s', 'gunicron'])).toMatch(/did you mean gunicorn\?/);
    expect(err(['--python', '2.7'])).toMatch(/unknown python "2.7"/);
  });

  test('a value flag needs its value, said in English', () => {
    expect(err(['--framework'])).toMatch(/^--framework needs an id: one of fastapi, django/);
    expect(err(['-s', '--yes'])).toMatch(/^-s needs an id: one of uvicorn/);
    expect(err(['--python'])).toMatch(/^--python needs a version: one of 3\.11/);
    expect(err(['--yes=1'])).toBe('--yes takes no value');
    expect(err(['-f='])).toMatch(/^-f needs an id/);
  });

  test('ids are matched whatever their case (item 15)', () => {
    expect(parseArgs(['--framework', 'FLASK', '-s', 'Gunicorn']).flags).toEqual({
      framework: 'flask',
      server: 'gunicorn',
    });
  });

  test('short options: -f=flask, -fflask, and booleans bundled with a value option last (item 15)', () => {
    expect(parseArgs(['-f=flask']).flags).toEqual({ framework: 'flask' });
    expect(parseArgs(['-fflask']).flags).toEqual({ framework: 'flask' });
    expect(parseArgs(['-yf', 'flask', 'app']).flags).toEqual({ yes: true, framework: 'flask' });
    expect(parseArgs(['-yf', 'flask', 'app']).positionals).toEqual(['app']);
    expect(parseArgs(['-yh']).flags).toEqual({ yes: true, help: true });
    expect(err(['-yq'])).toMatch(/unknown option -q \(in -yq\)/);
    expect(err(['-y=1'])).toBe('-y takes no value');
  });

  test('a did-you-mean is a question of its own; the choices are the hint (item 15)', () => {
    try {
      parseArgs(['-f', 'flsk']);
    } catch (e) {
      expect((e as Error).message).toBe('unknown framework "flsk"; did you mean flask?');
      expect((e as UsageError).hint).toMatch(/^choose one of fastapi, django/);
    }
    expect(err(['-f', 'rails'])).toMatch(/^unknown framework "rails"; choose one of fastapi/);
  });

  test('a version is never a typo of another (item 15)', () => {
    expect(err(['--python', '3.99'])).toBe(
      'unknown python "3.99"; choose one of 3.11, 3.12, 3.13, 3.14',
    );
    expect(didYouMean('3.99', ['3.11', '3.12'])).toBeUndefined();
  });

  test('an old Python is refused without naming a framework that was not chosen (item 15)', () => {
    expect(err(['-f', 'flask', '--python', '3.10'])).toMatch(
      /^Python 3\.10 is not supported: generated projects need 3\.11 or newer$/,
    );
  });

  test('did-you-mean stays quiet for distant words', () => {
    expect(didYouMean('zzzzzz', ['flask', 'django'])).toBeUndefined();
    expect(didYouMean('djngo', ['flask', 'django'])).toBe('django');
  });

  test('a short name two edits away is another word; real slips still get a guess (L9)', () => {
    expect(err(['--dir', 'x'])).toBe('unknown option --dir');
    expect(err(['--sever', 'x'])).toMatch(/did you mean --server\?$/);
    expect(err(['--framwork', 'x'])).toMatch(/did you mean --framework\?$/);
    expect(err(['--gti'])).toMatch(/did you mean --git\?$/);
    expect(err(['--dokcer'])).toMatch(/did you mean --docker\?$/);
  });
});

describe('an add-on without the one it needs (L9)', () => {
  test('is refused in words right for every add-on title', () => {
    const server = SERVERS.find((s) => s.id === 'gunicorn')!;
    for (const a of ADDONS) {
      for (const need of a.requires) {
        expect(() => deployFor(server, { [a.id]: true, [need]: false })).toThrow(
          `the ${a.id} add-on needs the ${need} add-on: --${a.id} needs --${need} (or add --no-${a.id})`,
        );
      }
    }
  });
});
