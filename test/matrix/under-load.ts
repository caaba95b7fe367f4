import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Pair, Server } from '../../generators/catalog/index.js';
import { WSGI_THREADS } from '../../generators/serve/spec.js';
import type { Running } from '../helpers/server.js';

/**
 * Shutdown under load: SIGTERM while slow requests are in flight. The generated app has no slow
 * route and must not get one, so the matrix adds one to its own copy of the project, after ruff,
 * mypy and pytest have seen it: a wrapper around the object the server imports, under its own
 * name, that answers SLOW_PATH after a delay and marks each request's start with a file.
 */
export const SLOW_PATH = '/__pyweb_slow';
/** Long enough for the SIGTERM and the late connection to land while every request runs. */
const SLOW_MS = 1200;
/** Bytes of each slow answer: more than one socket write, so that a cut body shows. */
const BODY_BYTES = 65536;
/** When, after the signal, a new connection tries its luck. */
const LATE_MS = 300;

const MARK = '# --- create-pyweb matrix only: a slow path for the shutdown-under-load proof ---';

/** Python that defines the WSGI or ASGI wrapper; `dir` is where it marks each start. */
function wrappers(dir: string): string {
  return `
${MARK}
def _pyweb_slow_args(query: str) -> tuple[str, float]:
    import os
    import urllib.parse

    q = urllib.parse.parse_qs(query)
    rid = q.get("id", ["x"])[0]
    with open(os.path.join(${JSON.stringify(dir)}, "started-" + rid), "w"):
        pass
    return rid, int(q.get("ms", ["${SLOW_MS}"])[0]) / 1000


_PYWEB_SLOW_BODY = b"x" * ${BODY_BYTES}


def _pyweb_slow_wsgi(inner):  # type: ignore[no-untyped-def]
    import time

    def app(environ, start_response):  # type: ignore[no-untyped-def]
        if environ.get("PATH_INFO") != ${JSON.stringify(SLOW_PATH)}:
            return inner(environ, start_response)
        _rid, seconds = _pyweb_slow_args(environ.get("QUERY_STRING", ""))
        time.sleep(seconds)
        start_response(
            "200 OK",
            [("Content-Type", "text/plain"), ("Content-Length", str(len(_PYWEB_SLOW_BODY)))],
        )
        return [_PYWEB_SLOW_BODY]

    return app


def _pyweb_slow_asgi(inner):  # type: ignore[no-untyped-def]
    import asyncio

    async def app(scope, receive, send):  # type: ignore[no-untyped-def]
        if scope["type"] != "http" or scope["path"] != ${JSON.stringify(SLOW_PATH)}:
            return await inner(scope, receive, send)
        _rid, seconds = _pyweb_slow_args(scope.get("query_string", b"").decode())
        await asyncio.sleep(seconds)
        headers = [(b"content-type", b"text/plain"), (b"content-length", b"%d" % len(_PYWEB_SLOW_BODY))]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": _PYWEB_SLOW_BODY})

    return app
`;
}

/** Sanic's own server runs a Sanic app: a route, not an ASGI wrapper. */
function sanicRoute(attr: string): string {
  return `

@${attr}.get(${JSON.stringify(SLOW_PATH)})
async def _pyweb_slow(request):  # type: ignore[no-untyped-def]
    import asyncio

    from sanic.response import raw

    _rid, seconds = _pyweb_slow_args(request.query_string)
    await asyncio.sleep(seconds)
    return raw(_PYWEB_SLOW_BODY, content_type="text/plain")
`;
}

/** Tornado: a handler on the project's JsonHandler, so that its graceful stop counts it in flight. */
const TORNADO_HANDLER = `

class _PyWebSlow(JsonHandler):
    async def get(self) -> None:
        import asyncio

        _rid, seconds = _pyweb_slow_args(self.request.query)
        await asyncio.sleep(seconds)
        self.set_header("Content-Type", "text/plain")
        self.finish(_PYWEB_SLOW_BODY)


_pyweb_make_app = make_app


def make_app(debug: bool = False) -> tornado.web.Application:
    app = _pyweb_make_app(debug=debug)
    app.wildcard_router.add_rules([(${JSON.stringify(SLOW_PATH)}, _PyWebSlow)])
    return app
`;

function moduleFile(dir: string, module: string): string {
  const base = join(dir, ...module.split('.'));
  const file = existsSync(`${base}.py`) ? `${base}.py` : join(base, '__init__.py');
  if (!existsSync(file)) throw new Error(`the server's module ${module} is not in the project`);
  return file;
}

async function append(file: string, code: string): Promise<void> {
  await writeFile(file, (await readFile(file, 'utf8')) + code);
}

/** Inserted before the module's `if __name__ == "__main__":`, so that main() sees it. */
async function beforeMain(file: string, code: string): Promise<void> {
  const text = await readFile(file, 'utf8');
  const at = text.lastIndexOf('\nif __name__ == "__main__":');
  if (at < 0) throw new Error(`${file} has no __main__ block`);
  await writeFile(file, `${text.slice(0, at)}\n${code}\n${text.slice(at)}`);
}

/**
 * Adds SLOW_PATH to the object the production command serves, found from the command itself:
 * a `module:attr` argument (uvicorn, gunicorn, granian, hypercorn, daphne, sanic), uwsgi.ini's
 * `module`, the mod_wsgi launcher's --entry-point and --callable-object, waitress's launcher (its
 * create_server gets the wrapped app) or Tornado's `python -m package` (its make_app).
 */
export async function addSlowPath(
  dir: string,
  argv: string[],
  pair: Pair,
  recordDir: string,
): Promise<void> {
  const line = argv.join(' ');
  const target = /(?:^|\s)([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+):([A-Za-z_]\w*)(?=\s|$)/.exec(line);
  let module: string | undefined;
  let attr: string | undefined;
  if (target) [, module, attr] = target;
  const ini = argv.indexOf('--ini');
  if (!module && ini >= 0) {
    const m = /^module\s*=\s*([\w.]+):(\w+)/m.exec(
      await readFile(join(dir, argv[ini + 1]), 'utf8'),
    );
    if (m) [, module, attr] = m;
  }
  const dashM = argv.indexOf('-m');
  if (!module && dashM >= 0) {
    const launched = argv[dashM + 1];
    const file = moduleFile(dir, launched.includes('.') ? launched : `${launched}.__main__`);
    const text = await readFile(file, 'utf8');
    const entry = /"--entry-point",\s*"([\w.]+)"/.exec(text);
    const callable = /"--callable-object",\s*"(\w+)"/.exec(text);
    if (entry && callable) {
      module = entry[1];
      attr = callable[1];
    } else if (/\bcreate_server\(/.test(text)) {
      // waitress's launcher wraps the app itself before create_server: wrap what it is given.
      await beforeMain(
        file,
        `${wrappers(recordDir)}

_pyweb_create_server = create_server


def create_server(application, **kw):  # type: ignore[no-untyped-def]
    return _pyweb_create_server(_pyweb_slow_wsgi(application), **kw)
`,
      );
      return;
    } else if (pair.interface === 'tornado') {
      await append(
        moduleFile(dir, `${launched}.app`),
        `\n${wrappers(recordDir)}${TORNADO_HANDLER}`,
      );
      return;
    }
  }
  if (!module || !attr) throw new Error(`no app found to add ${SLOW_PATH} to in: ${line}`);
  const file = moduleFile(dir, module);
  if (pair.interface === 'sanic') {
    await append(file, `\n${wrappers(recordDir)}${sanicRoute(attr)}`);
    return;
  }
  // granian names its interface; every other server serves the pair's.
  const iface = /--interface[\s"]+(wsgi|asgi)/.exec(line)?.[1] ?? pair.interface;
  if (iface !== 'wsgi' && iface !== 'asgi') throw new Error(`no slow path for ${iface}`);
  await append(file, `\n${wrappers(recordDir)}\n${attr} = _pyweb_slow_${iface}(${attr})\n`);
}

/**
 * A folder the app marks each slow request's start in. World-writable: mod_wsgi runs the app as
 * uid 10001 when the matrix runs as root.
 */
export async function recordFolder(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'pyweb-slow-'));
  await chmod(dir, 0o777);
  return dir;
}

interface Reply {
  status?: number;
  body?: Buffer;
  error?: string;
  /** Bytes of the response that had arrived when it failed. */
  partial?: number;
  ms: number;
}

function fetchRaw(url: string, timeoutMs: number): Promise<Reply> {
  const t0 = Date.now();
  return new Promise((resolve) => {
    let got = 0;
    const done = (r: Omit<Reply, 'ms'>) => resolve({ ...r, ms: Date.now() - t0 });
    // A connection of its own, as a proxy's retry or a new client opens.
    const req = request(url, { agent: false, headers: { Connection: 'close' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => {
        got += c.length;
        chunks.push(c);
      });
      res.on('end', () => done({ status: res.statusCode, body: Buffer.concat(chunks) }));
      res.on('aborted', () => done({ status: res.statusCode, error: 'aborted', partial: got }));
      res.on('error', (e: NodeJS.ErrnoException) =>
        done({ status: res.statusCode, error: e.code ?? e.message, partial: got }),
      );
    });
    req.setTimeout(timeoutMs, () =>
      req.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })),
    );
    req.on('error', (e: NodeJS.ErrnoException) =>
      done({ error: e.code ?? e.message, partial: got }),
    );
    req.end();
  });
}

/**
 * How many requests the server surely runs at once: a WSGI server's threads in one process
 * (WSGI_THREADS; the kernel may hand every connection to the same worker, and one queued behind
 * the others would never start), an event loop's far more (8 keeps the burst small).
 */
export function inFlightCount(pair: Pair, env: NodeJS.ProcessEnv): number {
  return pair.interface === 'wsgi' ? Number(env.WSGI_THREADS ?? WSGI_THREADS) : 8;
}

export interface StopUnderLoad {
  inFlight: number;
  exitMs: number;
  late: string;
}

/**
 * The server exits 0 within its graceful timeout (and 5 s of slack) of a SIGTERM sent while
 * `inFlight` slow requests run, each of which gets its whole answer. To a group signal, a server's
 * catalog entry may name one upstream race: its exit code is accepted only with the log line that
 * shows it, and said out loud; its requests must still all finish.
 *
 * A connection opened after the signal must be refused (the listening socket is closed) or
 * answered in full (a server still accepting while it drains, e.g. behind a proxy's retry); not
 * left hanging, nor cut in the middle of a response.
 */
export async function proveStopUnderLoad(opts: {
  running: Running;
  server: Server;
  port: number;
  recordDir: string;
  inFlight: number;
  what: string;
  label: string;
  group?: boolean;
}): Promise<StopUnderLoad> {
  const { running, server, port, recordDir, inFlight, what, label, group = false } = opts;
  for (const f of await readdir(recordDir)) await rm(join(recordDir, f), { force: true });
  const graceMs = server.gracefulTimeout * 1000 + 5000;
  const base = `http://127.0.0.1:${port}`;
  const burst = Array.from({ length: inFlight }, (_, i) =>
    fetchRaw(`${base}${SLOW_PATH}?ms=${SLOW_MS}&id=${i}`, graceMs + 10_000),
  );
  // Every request is inside the app before the signal: one still in the listen queue would test
  // the kernel's backlog, not the drain.
  const t0 = Date.now();
  for (;;) {
    const started = (await readdir(recordDir)).length;
    if (started >= inFlight) break;
    if (Date.now() - t0 > 15_000 || !running.alive()) {
      running.kill();
      throw new Error(
        `only ${started} of ${inFlight} slow requests started within 15 s\n${running.output().slice(-2000)}`,
      );
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  const stopping = running.stop(graceMs, { group });
  const lateProbe = new Promise<Reply>((r) => setTimeout(r, LATE_MS)).then(() =>
    fetchRaw(`${base}/healthz`, graceMs),
  );
  const end = await stopping;
  const replies = await Promise.all(burst);
  const lateReply = await lateProbe;
  const output = running.output();
  const failed = replies
    .map((r, i) => ({ i, ...r, body: r.body?.length }))
    .filter((r) => r.status !== 200 || r.body !== BODY_BYTES);
  expect(
    failed,
    `${failed.length} of ${inFlight} requests in flight failed on ${what} (exit after ${end.ms} ms): ${JSON.stringify(failed)}\n${output.slice(-2000)}`,
  ).toEqual([]);
  // Refused, answered in full, or reset before a single byte of answer: one that waited in the
  // listen queue of a socket the server keeps open while it drains, dropped unread when it exits.
  // Nothing of it ran, so a proxy retries it (nginx's proxy_next_upstream error), as a refusal.
  const lateOk =
    lateReply.error === 'ECONNREFUSED' ||
    (lateReply.error === undefined && lateReply.status !== undefined) ||
    (lateReply.error === 'ECONNRESET' && lateReply.status === undefined && !lateReply.partial);
  expect(
    lateOk,
    `a connection ${LATE_MS} ms after ${what}: ${JSON.stringify({ ...lateReply, body: lateReply.body?.toString().slice(0, 200) })}\n${output.slice(-2000)}`,
  ).toBe(true);
  const late = `${lateReply.error ?? `answered ${lateReply.status}`} after ${lateReply.ms} ms`;
  expectExit({ end, output, server, what, label, group });
  if (process.env.PYWEB_TIMINGS)
    process.stderr.write(
      `under load ${label} ${what}: ${inFlight} in flight, exit after ${end.ms} ms, late connection ${late}\n`,
    );
  return { inFlight, exitMs: end.ms, late };
}

/**
 * The server exited 0 within its graceful timeout (and 5 s of slack). To a group signal, a
 * server's catalog entry may name one upstream race: its exit code is accepted only with the log
 * line that shows it, and said out loud.
 */
export function expectExit(o: {
  end: Awaited<ReturnType<Running['stop']>>;
  output: string;
  server: Server;
  what: string;
  label: string;
  group: boolean;
}): void {
  const { end, output, server, what, label, group } = o;
  expect(
    end.forced,
    `did not exit within ${server.gracefulTimeout + 5}s of ${what}\n${output.slice(-2000)}`,
  ).toBe(false);
  const race = group ? server.groupStopRace : undefined;
  if (race && end.signal === null && end.code === race.exitCode && output.includes(race.marker)) {
    console.warn(
      `${label}: exit ${end.code} on ${what}, the known ${server.label} race (${race.why})`,
    );
    return;
  }
  expect({ code: end.code, signal: end.signal }, `${what}\n${output.slice(-2000)}`).toEqual({
    code: 0,
    signal: null,
  });
}
