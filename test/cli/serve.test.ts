import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { brotliCompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { explainRefusal, FRAMEWORKS, pairOf, SERVERS } from '../../generators/catalog/index.js';
import type { EmbeddedTemplates } from '../../generators/web/page/embedded.js';
import { HANDLEBARS_MARK, TEMPLATES_MARK } from '../../generators/web/page-templates.js';
import { QUERY_KEYS } from '../../generators/web/query.js';
import { VERSION } from '../../generators/version.js';
import { GENERATOR, ROOT } from '../helpers/paths.js';
import { must, runCli } from '../helpers/run.js';

/**
 * `create-pyweb serve` as a user starts it (the built CLI), answered with fetch: every endpoint,
 * the downloads against the CLI's own output for the same flags, the refusals, and the signals.
 */

const scratch = (what: string) => mkdtempSync(join(tmpdir(), `serve-${what}-`));

interface Running {
  child: ChildProcess;
  url: string;
  stderr: () => string;
  exited: Promise<number | null>;
}

/** Starts the server on a free port and waits for the line with its URL. */
async function startServer(args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<Running> {
  const child = spawn(process.execPath, [GENERATOR, 'serve', '--port', '0', ...args], {
    cwd,
    env: { ...process.env, NO_COLOR: '1', CI: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL printed: ${stdout}${stderr}`)), 15_000);
    child.stdout!.on('data', (d) => {
      stdout += d;
      const m = stdout.match(/(http:\/\/\S+?)\/? \(Ctrl-C/);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.on('exit', () => reject(new Error(`exited before listening: ${stdout}${stderr}`)));
  });
  return { child, url, stderr: () => stderr, exited };
}

/** Every file under `dir`, relative, with its bytes and mode. */
function filesUnder(dir: string): Map<string, { bytes: Buffer; mode: number }> {
  const out = new Map<string, { bytes: Buffer; mode: number }>();
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const abs = join(d, e.name);
      if (e.isDirectory()) walk(abs);
      else
        out.set(relative(dir, abs), { bytes: readFileSync(abs), mode: statSync(abs).mode & 0o777 });
    }
  };
  walk(dir);
  return out;
}

/**
 * The CLI's project for these flags, written by the CLI itself. UV_OFFLINE: its lock step (uv.lock,
 * after the files) must not reach the network; uv.lock is the CLI's run of uv, not a rendered file,
 * so it is not in a download, and not compared.
 */
async function cliProject(name: string, flags: string[]) {
  const work = scratch('cli');
  must(
    await runCli([name, ...flags, '--no-git', '--yes'], { cwd: work, env: { UV_OFFLINE: '1' } }),
    `create-pyweb ${name} ${flags.join(' ')}`,
  );
  const files = filesUnder(join(work, name));
  files.delete('uv.lock');
  return files;
}

/**
 * The download against the CLI's files: the same paths, modes and bytes, except the two files a
 * fresh secret makes differ. .env: each project gets its own secret (the CLI's, and the server's
 * for each download), so its lines are equal once the secret's value is masked, and the secrets
 * differ. The hash record: its .env line hashes that .env, so it differs; every other line is equal.
 */
function expectSameProject(
  got: Map<string, { bytes: Buffer; mode: number }>,
  cli: Map<string, { bytes: Buffer; mode: number }>,
  what: string,
) {
  expect([...got.keys()].sort(), what).toEqual([...cli.keys()].sort());
  expect(cli.size).toBeGreaterThan(15);
  for (const [path, file] of cli) {
    const mine = got.get(path)!;
    expect(mine.mode, `${what}: mode of ${path}`).toBe(file.mode);
    if (path === '.env') {
      const secret = /^(\w*SECRET\w*)=(.+)$/m;
      const a = mine.bytes.toString();
      const b = file.bytes.toString();
      expect(a.match(secret)?.[1], `${what}: .env has its secret`).toBe(b.match(secret)?.[1]);
      expect(a.match(secret)![2]).toMatch(/^[\w-]{40,}$/);
      expect(a.match(secret)![2]).not.toBe(b.match(secret)![2]);
      expect(a.replace(secret, '$1=…')).toBe(b.replace(secret, '$1=…'));
    } else if (path === '.create-pyweb.sha256') {
      const lines = (s: Buffer) => s.toString().split('\n');
      const [x, y] = [lines(mine.bytes), lines(file.bytes)];
      expect(x.length).toBe(y.length);
      for (let i = 0; i < x.length; i++) {
        if (y[i].endsWith('  .env')) expect(x[i]).toMatch(/^[0-9a-f]{64} {2}\.env$/);
        else expect(x[i], `${what}: hash record line ${i}`).toBe(y[i]);
      }
    } else {
      expect(mine.bytes.equals(file.bytes), `${what}: ${path}`).toBe(true);
    }
  }
}

/** A raw request, for what fetch will not send (a GET with a body, an odd method). */
function raw(
  url: string,
  opts: { method: string; body?: string; headers?: Record<string, string> },
): Promise<{
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  bytes: Buffer;
}> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: opts.method, headers: opts.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (d: Buffer) => chunks.push(d));
      res.on('end', () => {
        const bytes = Buffer.concat(chunks);
        resolve({ status: res.statusCode!, headers: res.headers, body: bytes.toString(), bytes });
      });
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

describe('create-pyweb serve', () => {
  let server: Running;
  let cwd: string;
  let tmp: string;
  let shell: string;

  beforeAll(async () => {
    cwd = scratch('cwd');
    tmp = scratch('tmp');
    shell = join(scratch('page'), 'page.html.br');
    server = await startServer([], { TMPDIR: tmp, CREATE_PYWEB_PAGE: shell }, cwd);
  });

  afterAll(() => {
    server?.child.kill('SIGKILL');
  });

  test('binds this machine only by default, and prints its URL on one line', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  test('GET / to curl: the usage text with the endpoints, every query key and an example', async () => {
    const r = await fetch(`${server.url}/`, { headers: { Accept: '*/*' } });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    const body = await r.text();
    for (const e of ['/metadata', '/starter.zip', '/starter.tgz', '/files/'])
      expect(body).toContain(e);
    for (const k of QUERY_KEYS) expect(body).toMatch(new RegExp(`^  ${k}[=,]`, 'm'));
    expect(body).toContain(
      `curl -o app.zip '${server.url}/starter.zip?name=app&framework=flask&server=gunicorn&k8s'`,
    );
    // The examples name the address the client used.
    const viaName = await raw(`${server.url}/`, {
      method: 'GET',
      headers: { Host: 'pyweb.test:9' },
    });
    expect(viaName.body).toContain("curl -s 'http://pyweb.test:9/metadata'");
  });

  test('GET / to a browser: 503 with the reason until the page is built, then the page, filled from the package', async () => {
    const html = { headers: { Accept: 'text/html,application/xhtml+xml' } };
    const missing = await fetch(`${server.url}/`, html);
    expect(missing.status).toBe(503);
    expect(await missing.text()).toMatch(/^the web page is not built: .*page\.html\.br is missing/);
    writeFileSync(
      shell,
      brotliCompressSync(
        `<script type="application/json">${TEMPLATES_MARK}</script><script>${HANDLEBARS_MARK}</script>`,
      ),
    );
    const r = await fetch(`${server.url}/`, html);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const body = await r.text();
    const [, json, handlebars] = body.match(
      /^<script[^>]*>(.*)<\/script><script>(.*)<\/script>$/s,
    )!;
    const templates = JSON.parse(json) as EmbeddedTemplates;
    expect(templates.version).toBe(VERSION);
    expect(templates.layers.common?.map(([path]) => path)).toContain('pyproject.toml');
    expect(handlebars).toContain('self.PywebHandlebars=');
    // No template's text can close the element it is carried in.
    expect(json).not.toMatch(/<\/script/i);
  });

  test('the page it serves is the page GitHub Pages gets, byte for byte', async () => {
    const built = await startServer([], { TMPDIR: tmp }, cwd);
    try {
      const r = await fetch(`${built.url}/`, { headers: { Accept: 'text/html' } });
      expect(r.status).toBe(200);
      expect(await r.text()).toBe(readFileSync(join(ROOT, 'dist', 'page', 'index.html'), 'utf8'));
    } finally {
      built.child.kill('SIGKILL');
    }
  });

  test('text is gzipped for a client that takes it (the page is counted as transferred)', async () => {
    const plain = await fetch(`${server.url}/metadata`, {
      headers: { 'Accept-Encoding': 'identity' },
    });
    const json = await plain.text();
    for (const accept of ['gzip', 'br, gzip;q=0.8', 'deflate, gzip']) {
      const r = await raw(`${server.url}/metadata`, {
        method: 'GET',
        headers: { 'Accept-Encoding': accept },
      });
      expect(r.headers['content-encoding'], accept).toBe('gzip');
      expect(Number(r.headers['content-length'])).toBeLessThan(json.length / 3);
      expect(gunzipSync(r.bytes).toString()).toBe(json);
    }
    for (const accept of ['identity', 'gzip;q=0', 'br'])
      expect(
        (
          await raw(`${server.url}/metadata`, {
            method: 'GET',
            headers: { 'Accept-Encoding': accept },
          })
        ).headers['content-encoding'],
        accept,
      ).toBeUndefined();
    // A zip is not compressed again.
    const zip = await raw(`${server.url}/starter.zip?framework=flask`, {
      method: 'GET',
      headers: { 'Accept-Encoding': 'gzip' },
    });
    expect(zip.headers['content-encoding']).toBeUndefined();
  });

  test('any other path is a 404 that points at the endpoints, outside paths included', async () => {
    for (const path of ['/app.js', '/..%2Fsecret.js', '/%2e%2e/%2e%2e/etc/passwd', '/index.htm']) {
      const r = await raw(`${server.url}${path}`, { method: 'GET' });
      expect(r.status, path).toBe(404);
      expect(r.body, path).toMatch(/^error: no \S+ here; curl http:\/\/\S+\/ for the endpoints\n$/);
    }
  });

  test('GET /metadata: the versioned catalog, the query keys, and why each unfit pair is refused', async () => {
    const r = await fetch(`${server.url}/metadata`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/json');
    const m = await r.json();
    expect(m.schemaVersion).toBe(1);
    expect(m.frameworks.map((f: { id: string }) => f.id)).toEqual(FRAMEWORKS.map((f) => f.id));
    expect(m.api.query.map((q: { key: string }) => q.key)).toEqual(QUERY_KEYS);
    for (const f of FRAMEWORKS)
      for (const s of SERVERS) {
        if (pairOf(f, s)) expect(m.api.fit[f.id].servers).toContain(s.id);
        else expect(m.api.fit[f.id].refused[s.id]).toBe(explainRefusal(f, s));
      }
  });

  const samples: [string, string][] = [
    ['flask-app', 'framework=flask&server=gunicorn'],
    ['dj', 'framework=django&server=uwsgi&k8s'],
    ['api', 'framework=fastapi&server=uvicorn&postgres'],
    ['star', 'framework=litestar&server=daphne&no-nginx'],
  ];
  const flagsOf = (q: string) =>
    q.split('&').flatMap((kv) => {
      const [k, v] = kv.split('=');
      return v === undefined ? [`--${k}`] : [`--${k}`, v];
    });

  test.each(samples)("the zip and the tgz of %s (%s) are the CLI's project", async (name, q) => {
    const cli = await cliProject(name, flagsOf(q));
    const out = scratch('dl');
    for (const kind of ['zip', 'tgz']) {
      const r = await fetch(`${server.url}/starter.${kind}?name=${name}&${q}`);
      expect(
        r.status,
        await r
          .clone()
          .text()
          .then((t) => t.slice(0, 300)),
      ).toBe(200);
      expect(r.headers.get('content-type')).toBe(
        kind === 'zip' ? 'application/zip' : 'application/gzip',
      );
      expect(r.headers.get('content-disposition')).toContain(`filename="${name}.${kind}"`);
      const file = join(out, `p.${kind}`);
      writeFileSync(file, Buffer.from(await r.arrayBuffer()));
      const into = join(out, kind);
      execFileSync('mkdir', [into]);
      if (kind === 'zip') execFileSync('unzip', ['-q', file, '-d', into]);
      else execFileSync('tar', ['-xzf', file, '-C', into]);
      expect(readdirSync(into)).toEqual([name]);
      expectSameProject(filesUnder(join(into, name)), cli, `${kind} ${q}`);
    }
  });

  test('GET /files/<path>: one rendered file, as the CLI writes it; 404 naming a missing one', async () => {
    const cli = await cliProject('one', ['--framework', 'flask', '--server', 'gunicorn']);
    const r = await fetch(
      `${server.url}/files/Dockerfile?name=one&framework=flask&server=gunicorn`,
    );
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    const text = await r.text();
    expect(text).toMatch(/^CMD \["gunicorn",.*"one\.proxied:app"\]$/m);
    expect(text).toBe(cli.get('Dockerfile')!.bytes.toString());
    const nested = await fetch(
      `${server.url}/files/.github/workflows/ci.yml?name=one&framework=flask`,
    );
    expect(await nested.text()).toBe(cli.get('.github/workflows/ci.yml')!.bytes.toString());
    const missing = await fetch(`${server.url}/files/nope/setup.py?framework=flask`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toBe('error: the project has no file nope/setup.py\n');
  });

  test("an impossible pair: 400 with the CLI's own refusal", async () => {
    const f = FRAMEWORKS.find((x) => SERVERS.some((s) => !pairOf(x, s)))!;
    const s = SERVERS.find((x) => !pairOf(f, x))!;
    const cli = await runCli(['x', '--framework', f.id, '--server', s.id, '--yes'], {
      cwd: scratch('cli'),
    });
    expect(cli.code).toBe(1);
    for (const path of ['starter.zip', 'starter.tgz', 'files/README.md']) {
      const r = await fetch(`${server.url}/${path}?framework=${f.id}&server=${s.id}`);
      expect(r.status).toBe(400);
      expect(r.headers.get('content-type')).toBe('text/plain; charset=utf-8');
      expect(await r.text()).toBe(cli.stderr);
    }
  });

  test('bad input: a clear 4xx each', async () => {
    const get = async (path: string) => {
      const r = await fetch(`${server.url}${path}`);
      return { status: r.status, body: await r.text() };
    };
    expect(await get('/starter.zip?framwork=flask')).toEqual({
      status: 400,
      body: `error: unknown query key "framwork"; did you mean framework?\nthe keys are ${QUERY_KEYS.join(', ')}\n`,
    });
    const bad = await get('/starter.zip?framework=flsk');
    expect(bad.status).toBe(400);
    expect(bad.body).toMatch(/^error: unknown framework "flsk"; did you mean flask\?\n/);
    expect((await get('/starter.zip?python=3.8')).status).toBe(400);
    expect((await get('/starter.zip?name=..%2Fup')).body).toMatch(/is a path/);
    expect((await get('/starter.zip?name=json')).body).toMatch(
      /^error: "json" is a Python standard library module/,
    );
    expect(await get('/nowhere')).toEqual({
      status: 404,
      body: `error: no /nowhere here; curl ${server.url}/ for the endpoints\n`,
    });
    const long = await get(`/starter.zip?name=${'a'.repeat(5000)}`);
    expect(long.status).toBe(414);
    expect(long.body).toBe('error: the URL is longer than 4096 bytes\n');
    const post = await raw(`${server.url}/starter.zip`, { method: 'POST', body: 'x' });
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD');
    const withBody = await raw(`${server.url}/metadata`, {
      method: 'GET',
      body: 'framework=flask',
      headers: { 'Content-Length': '15' },
    });
    expect(withBody.status).toBe(413);
    expect(withBody.body).toMatch(/request body is not accepted/);
  });

  test('HEAD: the headers of GET, no body', async () => {
    const get = await fetch(`${server.url}/metadata`);
    const head = await fetch(`${server.url}/metadata`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(get.headers.get('content-length'));
    expect(await head.text()).toBe('');
  });

  test('wrote nothing: its folder and TMPDIR are as empty as when it started', () => {
    expect(readdirSync(cwd)).toEqual([]);
    expect(readdirSync(tmp)).toEqual([]);
    expect(server.stderr()).toBe('');
  });
});

describe('create-pyweb serve: starting and stopping', () => {
  test.each([
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const)('%s stops it with exit %i', async (signal, code) => {
    const s = await startServer([], {}, scratch('sig'));
    expect((await fetch(`${s.url}/metadata`)).status).toBe(200);
    s.child.kill(signal);
    expect(await s.exited).toBe(code);
    await expect(fetch(`${s.url}/metadata`)).rejects.toThrow();
  });

  test('a port in use, a bad port, an argument: one line, exit 1', async () => {
    const s = await startServer([], {}, scratch('busy'));
    const port = new URL(s.url).port;
    const busy = await runCli(['serve', '--port', port]);
    expect(busy.code).toBe(1);
    expect(busy.stderr).toBe(
      `error: cannot listen: port ${port} is in use on 127.0.0.1\nchoose another with --port (0 picks a free one)\n`,
    );
    s.child.kill('SIGTERM');
    await s.exited;
    // Not an address of this machine (TEST-NET-1): no hint about ports.
    const away = await runCli(['serve', '--host', '192.0.2.1', '--port', '8080']);
    expect(away.stderr).toBe('error: cannot listen: 192.0.2.1 is not an address of this machine\n');
    const bad = await runCli(['serve', '--port', '70000']);
    expect(bad.stderr).toBe('error: --port 70000 is not a port: give a number from 0 to 65535\n');
    const arg = await runCli(['serve', 'now']);
    expect(arg.code).toBe(1);
    expect(arg.stderr).toMatch(/^error: serve takes no argument \(got now\)/);
    expect((await runCli(['serve', '--hots', 'x'])).stderr).toMatch(/did you mean --host\?/);
  });

  test('--help comes from the flag table', async () => {
    const r = await runCli(['serve', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/--port <n> +the TCP port; 0 picks a free one \(default: 8080\)/);
    expect(r.stdout).toMatch(/--host <address>/);
    expect((await runCli(['help', 'serve'])).stdout).toBe(r.stdout);
  });
});
