import { describe, expect, test } from 'vitest';
import { projectNames, toNames } from '../../generators/project/names.js';

describe('project names', () => {
  test('a name becomes a distribution name and an import package', () => {
    expect(toNames('My Cool-App')).toEqual({ dist: 'my-cool-app', pkg: 'my_cool_app' });
    expect(toNames('api.v2')).toEqual({ dist: 'api-v2', pkg: 'api_v2' });
    expect(toNames('  spaced  ')).toEqual({ dist: 'spaced', pkg: 'spaced' });
  });

  test.each([
    ['', /no letters or digits/],
    ['!!!', /no letters or digits/],
    ['class', /Python keyword/],
    ['import', /Python keyword/],
    ['test', /reserved/],
    ['json', /standard library/],
    ['asyncio', /standard library/],
    ['flask', /depends on/],
    ['django', /depends on/],
    // Modules of the resolved dependencies (item 7), and 3.14's new standard modules.
    ...[
      'pydantic',
      'werkzeug',
      'jinja2',
      'click',
      'itsdangerous',
      'markupsafe',
      'asgiref',
      'sqlparse',
      'anyio',
      'websockets',
      'uvloop',
      'h11',
      'watchfiles',
    ].map((n): [string, RegExp] => [n, /depends on/]),
    ['compression', /standard library/],
    ['annotationlib', /standard library/],
    ['cgi', /standard library/],
    // No ASCII spelling (item 8).
    ['日本語', /no ASCII spelling \(日 本 語\)/],
    ['Ελλάδα', /no ASCII spelling/],
    ['app-日本', /no ASCII spelling/],
    ['tests', /reserved/],
    ['1st-app', /starts with a digit/],
    ['bad\u0007name', /control characters/],
    ['x'.repeat(33), /longer than 32 characters/],
  ])('%j is refused', (name, why) => {
    expect(() => toNames(name)).toThrow(why);
  });

  test('a dependency module names what brings it in', () => {
    expect(() => toNames('Werkzeug')).toThrow(
      /"werkzeug" is the name of a module .* \(it comes with flask/,
    );
  });

  test('accents and Latin letters are spelt in ASCII, and that is said (item 8)', () => {
    expect(toNames('café')).toMatchObject({
      dist: 'cafe',
      pkg: 'cafe',
      note: expect.stringMatching(/the Python package is cafe/),
    });
    expect(toNames('Ünïcode')).toMatchObject({ dist: 'unicode', pkg: 'unicode' });
    expect(toNames('Straße Ærø')).toMatchObject({ dist: 'strasse-aero', pkg: 'strasse_aero' });
    expect(toNames('plain-app').note).toBeUndefined();
    expect(projectNames('café', '/w')).toMatchObject({
      dir: '/w/café',
      title: 'café',
      pkg: 'cafe',
    });
  });

  test('. takes the current directory and its name', () => {
    expect(projectNames('.', '/home/u/My Site')).toMatchObject({
      dir: '/home/u/My Site',
      dist: 'my-site',
      pkg: 'my_site',
    });
  });

  test('a path with parents names the project by its last part', () => {
    expect(projectNames('a/b/shop-api', '/w')).toMatchObject({
      dir: '/w/a/b/shop-api',
      pkg: 'shop_api',
    });
  });

  test('.. is refused', () => {
    expect(() => projectNames('..', '/w/x')).toThrow();
  });
});
