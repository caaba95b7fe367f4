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
    ['tests', /reserved/],
    ['1st-app', /starts with a digit/],
    ['bad\u0007name', /control characters/],
    ['x'.repeat(33), /longer than 32 characters/],
  ])('%j is refused', (name, why) => {
    expect(() => toNames(name)).toThrow(why);
  });

  test('. takes the current directory and its name', () => {
    expect(projectNames('.', '/home/u/My Site')).toMatchObject({ dir: '/home/u/My Site', dist: 'my-site', pkg: 'my_site' });
  });

  test('a path with parents names the project by its last part', () => {
    expect(projectNames('a/b/shop-api', '/w')).toMatchObject({ dir: '/w/a/b/shop-api', pkg: 'shop_api' });
  });

  test('.. is refused', () => {
    expect(() => projectNames('..', '/w/x')).toThrow();
  });
});
