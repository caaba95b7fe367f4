import { describe, expect, test } from 'vitest';
import { ADDONS, FRAMEWORKS, findServer, SERVERS, pairOf } from '../../generators/catalog/index.js';
import '../../generators/project/template-files.js';
import { parseQuery, toQuery } from '../../generators/web/query.js';
import {
  type FormState,
  paramsOf,
  stateOf,
  withAddon,
  withFramework,
  withServer,
} from '../../generators/web/page/state.js';

/**
 * The page's form state (generators/web/page/state.ts): what the user set, resolved through
 * parseQuery like the CLI's flags. A link must give back its form, and no click may land on a
 * refusal: the browser test clicks a few, these go through every pair and add-on.
 */

const resolve = (s: FormState) => parseQuery(paramsOf(s));

const pairs = FRAMEWORKS.flatMap((f) =>
  SERVERS.filter((s) => pairOf(f, s)).map((s) => [f.id, s.id] as const),
);

describe('the page form state', () => {
  test.each(pairs)('%s on %s: the link gives back the form, and the form the choice', (f, s) => {
    const start: FormState = { name: 'shop', framework: f, addons: {} };
    const picked = resolve(withServer(withFramework(start, f), s));
    expect(picked).toMatchObject({ framework: f, server: s });
    const linked = parseQuery(toQuery(picked));
    expect(linked).toEqual(picked);
    expect(resolve(stateOf(linked))).toEqual(picked);
  });

  test.each(pairs)('%s on %s: every add-on switched on and off resolves, as switched', (f, s) => {
    const base = withServer({ name: 'shop', framework: f, addons: {} }, s);
    const server = findServer(s)!;
    for (const a of ADDONS) {
      if (a.unfit?.(server)) continue;
      for (const on of [true, false]) {
        // From the defaults, and from every other add-on switched the other way.
        const others = ADDONS.filter((x) => x !== a && !x.unfit?.(server)).reduce(
          (st, x) => withAddon(st, x.id, !on),
          base,
        );
        for (const from of [base, others]) {
          const choice = resolve(withAddon(from, a.id, on));
          expect(choice.deploy[a.id], `${a.id} ${on ? 'on' : 'off'}`).toBe(on);
          // What it needs comes with it.
          if (on) for (const n of a.requires) expect(choice.deploy[n]).toBe(true);
        }
      }
    }
  });

  test('a new framework keeps a server that fits it, and drops one that does not', () => {
    const flask = withServer({ name: 'shop', framework: 'flask', addons: {} }, 'waitress');
    expect(resolve(withFramework(flask, 'django')).server).toBe('waitress');
    const fastapi = resolve(withFramework(flask, 'fastapi'));
    expect(
      pairOf(FRAMEWORKS.find((f) => f.id === 'fastapi')!, findServer(fastapi.server)!),
    ).toBeTruthy();
    expect(fastapi.server).not.toBe('waitress');
  });
});
