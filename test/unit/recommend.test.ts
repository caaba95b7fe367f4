import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import {
  FRAMEWORKS,
  NEEDS,
  SERVERS,
  recommend,
  topStacks,
} from '../../generators/catalog/index.js';
import { needsProblem } from '../../generators/cli/ask.js';

// Each rule of `recommend` rests on a fact about a server or a framework: the test names say it.

const root = join(import.meta.dirname, '..', '..');
const template = (path: string) => readFileSync(join(root, 'templates', path), 'utf8');
const server = (id: string) => SERVERS.find((s) => s.id === id)!;
const framework = (id: string) => FRAMEWORKS.find((f) => f.id === id)!;
const row = (wanted: string[], f: string, s: string) =>
  recommend(wanted).find((r) => r.framework.id === f && r.server.id === s);
const why = (wanted: string[], f: string, s: string) => row(wanted, f, s)!.reasons.join('; ');
const need = (id: string) => NEEDS.find((n) => n.id === id)!;

describe('--sync and --async: who runs blocking handlers off the event loop', () => {
  test("Falcon's ASGI app needs async def responders (the generated ones are): --sync does not say they run in threads", () => {
    expect(template('frameworks/falcon/{{package}}/resources.py')).toMatch(
      /\{\{#if isAsgi\}\}async \{\{\/if\}\}def on_get/,
    );
    expect(framework('falcon').blockingHandlers).not.toContain('asgi');
    expect(why(['sync'], 'falcon', 'uvicorn')).not.toMatch(/thread/);
    expect(why(['sync'], 'falcon', 'gunicorn')).toMatch(/WSGI workers and threads/);
  });

  test('Django runs sync views in a thread per request under ASGI (asgiref): --sync says so on Uvicorn', () => {
    expect(template('frameworks/django/{{package}}/api/views.py')).toMatch(/^def index\(/m);
    expect(why(['sync'], 'django', 'uvicorn')).toMatch(/Django runs sync handlers in threads/);
  });

  test('--sync --websocket: Django (sync views in threads on ASGI) comes first, Falcon gets no sync credit', () => {
    const top = topStacks(['sync', 'websocket'], 5);
    expect(`${top[0].framework.id} × ${top[0].server.id}`).toBe('django × uvicorn');
    expect(why(['sync', 'websocket'], 'falcon', 'uvicorn')).not.toMatch(/thread/);
  });

  test("Falcon's ASGI responders are coroutines: --async and --io-bound credit Falcon on Uvicorn", () => {
    expect(why(['async'], 'falcon', 'uvicorn')).toMatch(/async handlers on an event loop/);
    expect(why(['io-bound'], 'falcon', 'uvicorn')).toMatch(/event loop/);
    // Django's generated views stay plain functions on ASGI: no credit for coroutines it lacks.
    expect(why(['async'], 'django', 'uvicorn')).not.toMatch(/async handlers on an event loop/);
  });

  test('WSGI has no event loop (one call per request in a worker): --async lists no WSGI stack', () => {
    const rows = recommend(['async']);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.filter((r) => r.pair.interface === 'wsgi').map((r) => r.server.id)).toEqual([]);
  });
});

describe('--apache: mod_wsgi is WSGI only, so no event loop and no WebSocket', () => {
  test('mod_wsgi serves WSGI only and carries no WebSocket', () => {
    expect(server('mod_wsgi').serves).toEqual(['wsgi']);
    expect(server('mod_wsgi').websocket).toEqual([]);
  });

  test('--apache --async is refused like --apache --websocket, with what Apache leaves', () => {
    const flag = (n: { id: string }) => `--${n.id}`;
    expect(needsProblem(['async', 'apache'], undefined, flag)).toBe(
      'no stack meets both --async and --apache (--apache leaves only mod_wsgi)',
    );
    expect(needsProblem(['websocket', 'apache'], undefined, flag)).toBe(
      'no stack meets both --websocket and --apache (--apache leaves only mod_wsgi)',
    );
    expect(recommend(['apache', 'async'])).toEqual([]);
  });
});

describe('--http2: the generated nginx speaks HTTP/1.1 to the app', () => {
  test('nginx proxies over HTTP/1.1 (proxy_http_version 1.1; HTTP/2 upstreams need nginx 1.29.4): --http2 ranks no app server for it', () => {
    expect(
      readFileSync(
        join(root, 'generators/addons/nginx/templates/deploy/nginx/default.conf'),
        'utf8',
      ),
    ).toMatch(/proxy_http_version 1\.1;/);
    expect(need('http2').require).toBeUndefined();
    expect(need('http2').prefer).toBeUndefined();
    const ids = (rs: ReturnType<typeof topStacks>) =>
      rs.map((r) => `${r.framework.id} × ${r.server.id}`);
    expect(ids(topStacks(['http2'], 5))).toEqual(ids(topStacks([], 5)));
  });

  test('browsers speak HTTP/2 only over TLS, which the proxy in front ends: the note says so', () => {
    const note = need('http2').note!;
    expect(note).toMatch(/^No generated project serves HTTP\/2 itself/);
    expect(note).toMatch(/TLS/);
    expect(note).toMatch(/http2 on;/);
    expect(note).toMatch(/HTTP\/1\.1/);
    expect(need('http2').question).not.toMatch(/app server itself/);
  });

  test('the servers the note names speak HTTP/2 themselves (Hypercorn h2c and h2, Granian, Daphne and Gunicorn 25+ over TLS)', () => {
    const note = need('http2').note!;
    for (const s of SERVERS) expect(note.includes(s.label), s.id).toBe(s.http2);
    expect(server('uvicorn').http2).toBe(false);
    expect(server('hypercorn').http2).toBe(true);
  });
});

describe('--windows', () => {
  test('gunicorn does not run on Windows (it imports fcntl): neither do its Uvicorn workers', () => {
    expect(server('gunicorn').windows).toBe(false);
    expect(server('gunicorn-uvicorn').windows).toBe(false);
  });

  test('uWSGI does not build on Windows without Cygwin; mod_wsgi-express start-server is not available there', () => {
    expect(server('uwsgi').windows).toBe(false);
    expect(server('mod_wsgi').windows).toBe(false);
  });

  test('the generated Tornado server needs os.fork and loop.add_signal_handler, which Windows lacks (Tornado: no production use there)', () => {
    const main = template('frameworks/tornado/{{package}}/__main__.py');
    expect(main).toMatch(/os\.fork\(\)/);
    expect(main).toMatch(/add_signal_handler/);
    expect(server('tornado').windows).toBe(false);
  });

  test('Waitress is pure Python and runs on Windows: --windows lists it for the WSGI frameworks', () => {
    expect(server('waitress').windows).toBe(true);
    const top = topStacks(['windows'], 5);
    expect(top.map((r) => r.server.id)).toContain('waitress');
    expect(top.find((r) => r.framework.id === 'django')?.server.id).toBe('waitress');
    expect(top.find((r) => r.framework.id === 'flask')?.server.id).toBe('waitress');
  });

  test("each framework's best Windows stack is its own first choice among the servers that run there", () => {
    const ids = (rs: ReturnType<typeof topStacks>) =>
      rs.map((r) => `${r.framework.id} × ${r.server.id}`);
    expect(ids(topStacks(['windows'], 5))).toEqual([
      'fastapi × uvicorn',
      'django × waitress',
      'flask × waitress',
      'starlette × uvicorn',
      'litestar × uvicorn',
    ]);
    for (const r of recommend(['windows'])) expect(r.server.windows, r.server.id).toBe(true);
  });

  test('Sanic runs several workers on Windows since 22.9 (spawn start method): kept, below the others', () => {
    expect(server('sanic').windows).toBe(true);
    expect(row(['windows'], 'sanic', 'sanic')).toBeDefined();
  });
});

describe('the other needs', () => {
  test('an event loop holds many waiting requests without a thread each: --io-bound names no number', () => {
    expect(why(['io-bound'], 'fastapi', 'uvicorn')).not.toMatch(/thousands/);
    expect(why(['io-bound'], 'fastapi', 'uvicorn')).toMatch(/event loop/);
  });

  test('only Django has ORM, admin and auth built in: --batteries credits it alone', () => {
    const credited = topStacks(['batteries'], 20)
      .filter((r) => r.reasons.some((x) => /ORM, admin and auth/.test(x)))
      .map((r) => r.framework.id);
    expect(credited).toEqual(['django']);
  });

  test("a reason the server's hint already gives is said once (Waitress runs on Windows)", () => {
    expect(why(['windows'], 'flask', 'waitress').match(/runs on Windows/g)).toHaveLength(1);
    expect(why(['windows'], 'flask', 'granian')).toMatch(/^runs on Windows; /);
  });

  test('a need with a rule says its reason once', () => {
    for (const wanted of [['async'], ['sync'], ['windows'], ['websocket', 'io-bound']])
      for (const r of recommend(wanted))
        expect(new Set(r.reasons).size, `${wanted} ${r.framework.id} × ${r.server.id}`).toBe(
          r.reasons.length,
        );
  });
});
