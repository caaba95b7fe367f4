import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import {
  FRAMEWORKS,
  SERVERS,
  VERSIONS,
  explainRefusal,
  findFramework,
  findServer,
  pairOf,
  serversFor,
  validPairs,
} from '../../generators/catalog/index.js';
import { ROOT } from '../helpers/paths.js';

describe('catalog', () => {
  test('covers the landscape the issue asks for', () => {
    expect(FRAMEWORKS.length).toBeGreaterThanOrEqual(11);
    expect(SERVERS.length).toBeGreaterThanOrEqual(9);
    expect(validPairs().length).toBeGreaterThanOrEqual(50);
  });

  test('ids are unique', () => {
    expect(new Set(FRAMEWORKS.map((f) => f.id)).size).toBe(FRAMEWORKS.length);
    expect(new Set(SERVERS.map((s) => s.id)).size).toBe(SERVERS.length);
  });

  test('a pair exists exactly when both sides speak an interface and nothing blocks it', () => {
    for (const f of FRAMEWORKS) {
      for (const s of SERVERS) {
        const p = pairOf(f, s);
        const shared = f.interfaces.filter((i) => s.serves.includes(i));
        if (!shared.length) expect(p, `${f.id} × ${s.id}`).toBeUndefined();
        if (p) {
          expect(f.interfaces).toContain(p.interface);
          expect(s.serves).toContain(p.interface);
          expect(p.websocket).toBe(
            f.websocket.includes(p.interface) && s.websocket.includes(p.interface),
          );
          if (p.interface === 'asgi' && f.needsLifespan) expect(s.lifespan).toBe(true);
        }
      }
    }
  });

  test('WSGI-only frameworks never land on ASGI-only servers, and the reverse', () => {
    expect(pairOf(findFramework('flask')!, findServer('daphne')!)).toBeUndefined();
    expect(pairOf(findFramework('fastapi')!, findServer('gunicorn')!)).toBeUndefined();
    expect(pairOf(findFramework('tornado')!, findServer('uvicorn')!)).toBeUndefined();
    expect(pairOf(findFramework('flask')!, findServer('tornado')!)).toBeUndefined();
  });

  test('Django runs on WSGI and ASGI servers, with WebSocket only over ASGI', () => {
    const django = findFramework('django')!;
    expect(pairOf(django, findServer('gunicorn')!)).toMatchObject({
      interface: 'wsgi',
      websocket: false,
    });
    expect(pairOf(django, findServer('daphne')!)).toMatchObject({
      interface: 'asgi',
      websocket: true,
    });
  });

  test('lifespan-dependent apps are kept off Daphne', () => {
    for (const f of FRAMEWORKS.filter((x) => x.needsLifespan)) {
      expect(pairOf(f, findServer('daphne')!), f.id).toBeUndefined();
    }
  });

  test('refusals say why and name what fits', () => {
    expect(explainRefusal(findFramework('flask')!, findServer('daphne')!)).toBe(
      'flask speaks WSGI; daphne serves ASGI only; try gunicorn, uwsgi, waitress, mod_wsgi or granian',
    );
    expect(explainRefusal(findFramework('quart')!, findServer('daphne')!)).toMatch(
      /lifespan.*try uvicorn/,
    );
  });

  test('the recommended server comes first', () => {
    expect(serversFor(findFramework('fastapi')!)[0].id).toBe('uvicorn');
    expect(serversFor(findFramework('flask')!)[0].id).toBe('gunicorn');
    expect(serversFor(findFramework('django')!)[0].id).toBe('gunicorn');
    expect(serversFor(findFramework('sanic')!)[0].id).toBe('sanic');
    expect(serversFor(findFramework('tornado')!).map((s) => s.id)).toEqual(['tornado']);
  });

  test('every requirement is pinned in the versions table', () => {
    const keys = [
      ...FRAMEWORKS.flatMap((f) => [
        ...f.requires,
        ...f.testRequires,
        ...Object.values(f.requiresFor ?? {}).flat(),
      ]),
      ...SERVERS.flatMap((s) => s.requires),
    ];
    for (const k of keys) expect(VERSIONS[k], k).toMatch(/~=|==|>=/);
  });

  test('every framework has a template, and every layer a server shares exists', () => {
    for (const s of SERVERS) {
      for (const l of s.sharedLayers ?? [])
        expect(existsSync(join(ROOT, 'templates', 'shared', l)), `${s.id}: ${l}`).toBe(true);
    }
    for (const f of FRAMEWORKS)
      expect(existsSync(join(ROOT, 'templates', 'frameworks', f.id)), f.id).toBe(true);
  });

  test('every framework names its app for each interface it speaks', () => {
    for (const f of FRAMEWORKS) {
      for (const i of f.interfaces)
        expect(f.entry[i], `${f.id} over ${i}`).toMatch(/^[a-z_]+:[a-z_]+(\(\))?$/);
    }
  });
});
