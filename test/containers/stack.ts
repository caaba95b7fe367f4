import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { findServer, type Pair } from '../../generators/catalog/index.js';
import { getFrom, send as sendWith, type Reply, type SendOptions } from '../helpers/http-from.js';
import { freePort, wsEcho } from '../helpers/net.js';
import { composeConfig } from '../helpers/deploy-tools.js';
import { BROKEN, breakMigrations } from './broken-migration.js';
import { rollingRestart } from './rolling.js';
import { ROOT, tool } from '../helpers/paths.js';
import {
  buildImage,
  compose,
  composeContainers,
  healthcheck,
  imageConfig,
  inspectState,
  logs,
  output,
  podman,
  podSpec,
  removeContainer,
  removeImages,
  runContainer,
  stopContainer,
  type PodmanService,
} from '../helpers/podman.js';
import { UV_CACHE } from '../helpers/python.js';
import { must, run, runCli } from '../helpers/run.js';
import { Steps } from '../matrix/prove.js';

/** One folder per checkout, like the matrix's, so that two checkouts can run at once. */
export const CONTAINERS_DIR =
  process.env.PYWEB_CONTAINERS_DIR ??
  join(tmpdir(), `pyweb-containers-${createHash('sha1').update(ROOT).digest('hex').slice(0, 8)}`);

/** The port compose.yaml publishes nginx on; another is used (by an override file) only if it is taken. */
const NGINX_PORT = 8080;

export interface StackTimes {
  [step: string]: number;
}

/**
 * One stack in real containers: the generated project, unchanged, built by podman; run with the
 * Kubernetes Deployment's securityContext and ConfigMap; brought up by compose behind nginx; and
 * stopped. Images, containers and volumes are removed afterwards, whatever happened.
 */
export async function proveStack(
  pair: Pair,
  service: PodmanService,
  times: StackTimes,
  python: string,
  /** rolling: two app replicas and the rolling restart (once per server is enough: its drain). */
  opts: { postgres?: boolean; rolling?: boolean } = {},
): Promise<void> {
  const name = `ct-${opts.postgres ? 'pg-' : ''}${pair.framework}-${pair.server}`.replace(
    /_/g,
    '-',
  );
  await inContainers(
    name,
    service,
    times,
    async ({ dir, timed }) => {
      await timed('generate', async () =>
        must(
          await runCli([
            dir,
            '--framework',
            pair.framework,
            '--server',
            pair.server,
            '--python',
            python,
            '--k8s',
            '--yes',
            '--no-git',
            ...(opts.postgres ? ['--postgres'] : []),
          ]),
          'create-pyweb',
        ),
      );
      // The image installs uv.lock: made as the project's README says when it was not installed with uv.
      await timed('uv lock', async () =>
        must(
          await run(tool('uv')!, ['lock', '--quiet'], {
            cwd: dir,
            env: {
              ...process.env,
              UV_CACHE_DIR: UV_CACHE,
              UV_PYTHON_DOWNLOADS: 'never',
              VIRTUAL_ENV: '',
            },
            timeoutMs: 300_000,
          }),
          'uv lock',
        ),
      );
    },
    async (stack) => {
      if (opts.postgres) return provePostgresStack(pair, service, name, stack);
      const { dir, tag, pod, composeFiles, timed } = stack;
      await timed('podman build', () => buildImage(dir, tag));
      await timed('image contents', () => imageContents(tag, name.replace(/-/g, '_')));
      if (WORKER_LINE[pair.server])
        await timed('workers from --cpus', () => workersFromCpus(pair, dir, tag, pod));
      await timed('Kubernetes securityContext', () => runAsPod(pair, dir, tag, pod));
      // Two app replicas behind nginx (the README's `--scale app=2`): what the rolling restart needs.
      await timed('compose up', () =>
        composeUp(service, dir, name, composeFiles, opts.rolling ? ['--scale', 'app=2'] : []),
      );
      await timed('through nginx', () => throughNginx(pair, name));
      if (opts.rolling)
        await timed('rolling restart', async () =>
          process.stdout.write(
            `\n${pair.framework} × ${pair.server} rolling restart: ${await rollingRestart(dir, name, published.get(name)!)}\n`,
          ),
        );
      if (pair.framework === 'django')
        await timed('django: migrate, admin, static', () =>
          django(service, dir, tag, name, composeFiles),
        );
      await timed('compose stop', () => composeStop(service, dir, name, composeFiles));
    },
  );
}

type Timed = <T>(step: string, fn: () => Promise<T>) => Promise<T>;

interface StackRun {
  dir: string;
  tag: string;
  pod: string;
  composeFiles: string[];
  timed: Timed;
}

/**
 * What every stack shares: its folder made afresh by `make`, each step timed and named on
 * failure, the compose containers' logs added to an error, and the pod, compose project and
 * images removed afterwards, whatever happened.
 */
async function inContainers(
  name: string,
  service: PodmanService,
  times: StackTimes,
  make: (run: StackRun) => Promise<void>,
  prove: (run: StackRun) => Promise<void>,
): Promise<void> {
  const steps = new Steps();
  const timed: Timed = (step, fn) =>
    steps.step(step, async () => {
      const t0 = Date.now();
      try {
        return await fn();
      } finally {
        times[step] = (Date.now() - t0) / 1000;
      }
    });
  const run: StackRun = {
    dir: join(CONTAINERS_DIR, name),
    tag: `localhost/pyweb-containers/${name}:test`,
    pod: `pyweb-${name}`,
    composeFiles: ['compose.yaml'],
    timed,
  };
  await rm(run.dir, { recursive: true, force: true });
  await mkdir(CONTAINERS_DIR, { recursive: true });
  await make(run);
  try {
    await prove(run);
  } catch (e) {
    const err = e as Error;
    const ps = await composeContainers(name).catch(() => []);
    for (const c of ps)
      err.message += `\n--- ${c.name} (${c.state}, exit ${c.exitCode}) ---\n${await logs(c.name)}`;
    throw err;
  } finally {
    const t0 = Date.now();
    await removeContainer(run.pod);
    if (existsSync(run.dir))
      await compose(
        service,
        run.dir,
        run.composeFiles,
        name,
        ['down', '--volumes', '--remove-orphans', '-t', '0'],
        120_000,
      );
    // compose names the image it builds after the service: the app's, and the migrate step's.
    await removeImages([run.tag, `${name}-app`, `${name}-migrate`]);
    times.cleanup = (Date.now() - t0) / 1000;
  }
}

/**
 * The image runs as a numeric non-root user, keeps a HEALTHCHECK, and carries no tests or dev
 * tools; the package is there once, as the source in /app (not a second copy in site-packages).
 */
async function imageContents(tag: string, pkg: string): Promise<void> {
  const cfg = await imageConfig(tag);
  expect(
    cfg.User,
    'the image names a numeric user (runAsNonRoot verifies it without /etc/passwd)',
  ).toMatch(/^\d+(:\d+)?$/);
  expect(Number(cfg.User!.split(':')[0]), 'the image user is not root').toBeGreaterThan(0);
  expect(
    cfg.Healthcheck?.Test?.[0],
    'the image keeps its HEALTHCHECK (a Docker-format build)',
  ).toBe('CMD');
  const probe =
    'import importlib.util, json, os, shutil, sys\n' +
    'print(json.dumps({"cwd": os.getcwd(), "tests": os.path.exists("tests"), ' +
    '"modules": [m for m in ("pytest", "_pytest", "ruff", "mypy") if importlib.util.find_spec(m)], ' +
    '"tools": [t for t in ("pytest", "ruff", "mypy") if shutil.which(t)], ' +
    `"copies": sorted({os.path.realpath(os.path.join(p or ".", "${pkg}")) for p in sys.path if os.path.isdir(os.path.join(p or ".", "${pkg}"))}), ` +
    `"origin": importlib.util.find_spec("${pkg}").origin}))`;
  const r = await podman(
    ['run', '--rm', '--network', 'none', '--entrypoint', 'python', tag, '-c', probe],
    60_000,
  );
  if (r.code !== 0) throw new Error(`python in the image failed:\n${output(r)}`);
  const found = JSON.parse(r.stdout.trim().split('\n').at(-1)!);
  expect(found, 'no tests/ and no dev tools (pytest, ruff, mypy) in the image').toMatchObject({
    tests: false,
    modules: [],
    tools: [],
  });
  expect(found, 'the package once, as the source in /app').toMatchObject({
    copies: [`/app/${pkg}`],
    origin: `/app/${pkg}/__init__.py`,
  });
}

/** GET with the Host a proxy or the kubelet would send (fetch cannot set Host). */
function getWith(base: string, path: string, headers: Record<string, string>): Promise<Reply> {
  return getFrom(`${base}${path}`, { headers });
}

/**
 * The image run as the Deployment runs it: its securityContext as podman flags (user, read-only
 * root with the manifest's emptyDir mounts only, no capabilities, no privilege escalation), its
 * memory limit, the ConfigMap and literal env as the environment, a Secret's keys made up here.
 */
async function runAsPod(pair: Pair, dir: string, tag: string, name: string): Promise<void> {
  const spec = await podSpec(dir);
  expect(spec.user, 'runAsUser is not root').toBeGreaterThan(0);
  const env = { ...spec.env };
  for (const key of spec.secrets) env[key] = randomBytes(40).toString('base64url');
  const port = await freePort();
  await runContainer(
    name,
    tag,
    [...spec.flags, '-p', `127.0.0.1:${port}:${spec.containerPort}`],
    env,
  );
  try {
    const base = `http://127.0.0.1:${port}`;
    await waitForContainer(name, `${base}${spec.probePath}`, 120_000, {
      Host: `10.1.2.3:${spec.containerPort}`,
    });
    // The ingress sends the site's name and X-Forwarded-*; podman's gateway (a private address,
    // as an ingress controller's is) is among the ConfigMap's trusted proxies.
    const host = env.DJANGO_ALLOWED_HOSTS?.split(',')[0] ?? `127.0.0.1:${port}`;
    const viaIngress = { Host: host, 'X-Forwarded-Proto': 'https' };
    const index = await getWith(base, '/', viaIngress);
    expect(index.status, index.body).toBe(200);
    expect(index.json()).toMatchObject({ framework: pair.framework });
    const items = await getWith(base, '/api/items', viaIngress);
    expect(items.status, items.body).toBe(200);
    expect(items.json()).toHaveLength(3);
    const who = await getWith(base, '/api/whoami', {
      ...viaIngress,
      'X-Forwarded-For': '203.0.113.7',
    });
    expect(who.status, who.body).toBe(200);
    expect(who.json(), 'the app believes the ingress (a trusted private address)').toMatchObject({
      client: '203.0.113.7',
      scheme: 'https',
    });
    if (pair.websocket) {
      expect(await wsEcho('127.0.0.1', port, '/ws', 'hello from a pod', { Host: host })).toBe(
        'hello from a pod',
      );
    }
    const hc = await healthcheck(name);
    expect(hc.code, `podman healthcheck run: ${output(hc)}`).toBe(0);
    expect((await inspectState(name)).Health?.Status, 'the image HEALTHCHECK reports healthy').toBe(
      'healthy',
    );
    const end = await stopContainer(name, spec.stopSeconds);
    expect(
      end,
      `SIGTERM ends the server with exit 0 within ${spec.stopSeconds}s (terminationGracePeriodSeconds less preStop)`,
    ).toMatchObject({ exitCode: 0 });
    expect(end.seconds).toBeLessThan(spec.stopSeconds);
  } catch (e) {
    (e as Error).message += `\n--- container ${name} ---\n${await logs(name)}`;
    throw e;
  } finally {
    await removeContainer(name);
  }
}

/**
 * The log line a server writes once per worker process it starts, for the servers whose count
 * the stage reads back (gunicorn's arbiter; uvicorn's server, with or without its supervisor).
 */
const WORKER_LINE: Record<string, RegExp> = {
  gunicorn: /Booting worker with pid/g,
  'gunicorn-uvicorn': /Booting worker with pid/g,
  uvicorn: /Started server process/g,
};

/**
 * The image's own command with WEB_CONCURRENCY unset, in a container given --cpus 1 and then
 * --cpus 2: the server starts as many workers as the CPU quota allows (workers.py), not one per
 * host core. Also prints the memory the container's processes take (proportional set size, so
 * pages forked workers share count once) at each count: what one more worker costs.
 */
async function workersFromCpus(pair: Pair, dir: string, tag: string, name: string): Promise<void> {
  if (findServer(pair.server)?.workers !== 'processes') return;
  const line = WORKER_LINE[pair.server]!;
  const pss =
    'import glob\n' +
    'total = 0\n' +
    'for f in glob.glob("/proc/[0-9]*/smaps_rollup"):\n' +
    '    try: total += sum(int(l.split()[1]) for l in open(f) if l.startswith("Pss:"))\n' +
    '    except OSError: pass\n' +
    'print(total)';
  // The pod's environment and securityContext (a secret key included), less the pod's count.
  const spec = await podSpec(dir);
  const env = { ...spec.env };
  delete env.WEB_CONCURRENCY;
  for (const key of spec.secrets) env[key] = randomBytes(40).toString('base64url');
  const seen: string[] = [];
  for (const cpus of [1, 2]) {
    const port = await freePort();
    await runContainer(
      name,
      tag,
      [...spec.flags, '--cpus', String(cpus), '-p', `127.0.0.1:${port}:${spec.containerPort}`],
      env,
    );
    try {
      await waitForContainer(name, `http://127.0.0.1:${port}${spec.probePath}`, 120_000, {
        Host: `10.1.2.3:${spec.containerPort}`,
      });
      let started = 0;
      for (let i = 0; i < 40 && started < cpus; i++) {
        started = ((await logs(name)).match(line) ?? []).length;
        if (started < cpus) await new Promise((r) => setTimeout(r, 250));
      }
      // A moment for any extra worker to show itself before the count is final.
      await new Promise((r) => setTimeout(r, 1500));
      started = ((await logs(name)).match(line) ?? []).length;
      expect(started, `workers started with --cpus ${cpus}:\n${await logs(name)}`).toBe(cpus);
      const kb = Number(
        must(await podman(['exec', name, 'python', '-c', pss], 30_000), 'pss').stdout.trim(),
      );
      seen.push(`--cpus ${cpus}: ${started} worker(s), ${(kb / 1024).toFixed(0)} MiB PSS`);
    } finally {
      await removeContainer(name);
    }
  }
  process.stdout.write(`\n${pair.framework} × ${pair.server}: ${seen.join('; ')}\n`);
}

async function waitForContainer(
  name: string,
  url: string,
  timeoutMs: number,
  headers: Record<string, string>,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < until) {
    const state = await inspectState(name);
    if (!state.Running)
      throw new Error(
        `the container exited (${state.Status}, exit ${state.ExitCode}) before ${url} answered`,
      );
    try {
      const r = await getFrom(url, { headers, timeoutMs: 2000 });
      if (r.status === 200) return;
      last = `status ${r.status}: ${r.body.slice(0, 200)}`;
    } catch (e) {
      last = String((e as Error).message);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs} ms (last: ${last})`);
}

/** Whether nothing listens on the port, on any address. */
function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '0.0.0.0', () => srv.close(() => resolve(true)));
  });
}

/** The host port nginx is published on: compose.yaml's 8080, or a free one given by an override file. */
const published = new Map<string, number>();

/**
 * `.env` as the user has it (create-pyweb wrote one with a fresh secret key where the settings
 * need one; elsewhere a copy of `.env.example`, as the README says). The generated files stay as
 * they are: a host port compose.yaml publishes that is taken here (nginx's 8080, the database's
 * 5432) is moved by an override file beside the project, never by an edit.
 */
async function prepareCompose(dir: string, project: string, files: string[]): Promise<void> {
  if (!existsSync(join(dir, '.env')))
    await writeFile(join(dir, '.env'), await readFile(join(dir, '.env.example'), 'utf8'));
  const model = await composeConfig(dir, {});
  const moved: string[] = [];
  let nginxPort = NGINX_PORT;
  for (const [name, svc] of Object.entries(model.services)) {
    const ports = svc.ports ?? [];
    if (!ports.length) continue;
    const given = await Promise.all(
      ports.map(async (p) => {
        const port = Number(p.published);
        if (await portFree(port)) return p;
        const other = await freePort();
        process.stdout.write(
          `containers: port ${port} is taken here; ${name} of ${project} is published on ${other} instead\n`,
        );
        return { ...p, published: String(other) };
      }),
    );
    if (name === 'nginx') nginxPort = Number(given.find((p) => p.target === 80)?.published);
    if (given.every((p, i) => p === ports[i])) continue;
    const lines = given.map(
      (p) => `      - "${p.host_ip ? `${p.host_ip}:` : ''}${p.published}:${p.target}"`,
    );
    moved.push(`  ${name}:\n    ports: !override\n${lines.join('\n')}\n`);
  }
  published.set(project, nginxPort);
  if (moved.length) {
    const override = join(CONTAINERS_DIR, `${project}.override.yaml`);
    await writeFile(override, `services:\n${moved.join('')}`);
    files.push(override);
  }
}

/** From nothing (no containers, no volumes): `up --build --wait`. */
async function composeUp(
  service: PodmanService,
  dir: string,
  project: string,
  files: string[],
  extra: string[] = [],
): Promise<void> {
  await prepareCompose(dir, project, files);
  await compose(
    service,
    dir,
    files,
    project,
    ['down', '--volumes', '--remove-orphans', '-t', '0'],
    120_000,
  );
  const up = await upWait(service, dir, project, files, extra);
  if (up.code !== 0)
    throw new Error(
      `docker compose up --build --wait failed (exit ${up.code}):\n${output(up, 5000)}`,
    );
}

function upWait(
  service: PodmanService,
  dir: string,
  project: string,
  files: string[],
  extra: string[] = [],
) {
  return compose(
    service,
    dir,
    files,
    project,
    ['up', '--build', '--wait', '--wait-timeout', '600', ...extra],
    1_200_000,
  );
}

/** A probe request's client address as nginx logged it ($remote_addr, the first field). */
async function nginxSaw(container: string, probe: string): Promise<string | undefined> {
  const line = (await logs(container)).split('\n').find((l) => l.includes(probe));
  return line?.split(' ')[0];
}

async function containerIps(container: string): Promise<string[]> {
  const r = await podman(
    ['inspect', '--format', '{{range .NetworkSettings.Networks}}{{.IPAddress}} {{end}}', container],
    30_000,
  );
  return r.stdout.trim().split(/\s+/).filter(Boolean);
}

async function throughNginx(pair: Pair, project: string): Promise<void> {
  const port = published.get(project)!;
  const base = `http://127.0.0.1:${port}`;
  const site = { Host: `localhost:${port}` };
  const index = await getWith(base, '/', site);
  expect(index.status, index.body).toBe(200);
  expect(index.json()).toMatchObject({ framework: pair.framework });
  const items = await getWith(base, '/api/items', site);
  expect(items.status, items.body).toBe(200);
  expect(items.json()).toHaveLength(3);
  // nginx is the first proxy: a client's own X-Forwarded-For is replaced by the address nginx saw.
  const probe = randomUUID();
  const who = await getWith(base, `/api/whoami?probe=${probe}`, {
    ...site,
    'X-Forwarded-For': '198.51.100.9',
    'X-Forwarded-Proto': 'https',
  });
  expect(who.status, who.body).toBe(200);
  const nginx = (await composeContainers(project)).find((c) => /nginx/.test(c.name));
  if (!nginx) throw new Error('compose started no nginx container');
  const client = await nginxSaw(nginx.name, probe);
  expect(client, 'nginx logged the probe request').toBeTruthy();
  expect(who.json(), 'the app sees the client nginx saw, over the scheme nginx saw').toMatchObject({
    client,
    scheme: 'http',
  });
  expect(
    await containerIps(nginx.name),
    'the client the app reports is not nginx itself',
  ).not.toContain(client);
  const unknown = await getFrom(`${base}/`, { headers: { Host: 'unknown.example' } }).then(
    (r) => `status ${r.status}`,
    () => 'no answer',
  );
  expect(unknown, 'an unknown Host gets no answer (444)').toBe('no answer');
  if (pair.websocket) {
    expect(await wsEcho('127.0.0.1', port, '/ws', 'hello through nginx')).toBe(
      'hello through nginx',
    );
  }
}

/** The admin's requests: the container's first answers can be slow. */
const send = (url: string, opts: SendOptions) => sendWith(url, { timeoutMs: 15_000, ...opts });

/**
 * Django: `python manage.py migrate` works as the image's user, in the image alone and in compose
 * (`compose run --rm app ...`, into the volume), a superuser logs in to the admin through nginx,
 * and a collected static file comes through nginx.
 */
async function django(
  service: PodmanService,
  dir: string,
  tag: string,
  project: string,
  files: string[],
): Promise<void> {
  // The image alone, with no volume (Docker, unlike podman, does not hand a new volume's folder
  // to the container's user): its user must own the database's folder.
  const alone = await podman(
    [
      'run',
      '--rm',
      '--network',
      'none',
      '-e',
      `DJANGO_SECRET_KEY=${randomBytes(40).toString('base64url')}`,
      tag,
      'python',
      'manage.py',
      'migrate',
      '--noinput',
    ],
    300_000,
  );
  expect(alone.code, `python manage.py migrate in the image, as its user:\n${output(alone)}`).toBe(
    0,
  );
  const migrate = await compose(
    service,
    dir,
    files,
    project,
    ['run', '--rm', 'app', 'python', 'manage.py', 'migrate', '--noinput'],
    300_000,
  );
  expect(migrate.code, `compose run --rm app python manage.py migrate:\n${output(migrate)}`).toBe(
    0,
  );
  const password = randomBytes(18).toString('base64url');
  const su = await compose(
    service,
    dir,
    files,
    project,
    [
      'run',
      '--rm',
      '-e',
      'DJANGO_SUPERUSER_USERNAME=admin',
      '-e',
      `DJANGO_SUPERUSER_PASSWORD=${password}`,
      '-e',
      'DJANGO_SUPERUSER_EMAIL=admin@example.com',
      'app',
      'python',
      'manage.py',
      'createsuperuser',
      '--noinput',
    ],
    300_000,
  );
  expect(su.code, `createsuperuser:\n${output(su)}`).toBe(0);

  const port = published.get(project)!;
  const base = `http://127.0.0.1:${port}`;
  const host = `localhost:${port}`;
  const form = await send(`${base}/admin/login/?next=/admin/`, { headers: { Host: host } });
  expect(form.status, form.body.slice(0, 500)).toBe(200);
  const csrf = form.cookies.csrftoken;
  const token = /name="csrfmiddlewaretoken" value="([^"]+)"/.exec(form.body)?.[1];
  expect(csrf && token, 'the login form sets a CSRF cookie and token').toBeTruthy();
  const body = new URLSearchParams({
    csrfmiddlewaretoken: token!,
    username: 'admin',
    password,
    next: '/admin/',
  }).toString();
  const login = await send(`${base}/admin/login/?next=/admin/`, {
    method: 'POST',
    body,
    headers: {
      Host: host,
      Origin: `http://${host}`,
      Cookie: `csrftoken=${csrf}`,
      'Content-Type': 'application/x-www-form-urlencoded',
      'Content-Length': String(Buffer.byteLength(body)),
    },
  });
  expect(login.status, `admin login: ${login.body.slice(0, 500)}`).toBe(302);
  expect(login.cookies.sessionid, 'the login sets a session').toBeTruthy();
  const adminPage = await send(`${base}/admin/`, {
    headers: { Host: host, Cookie: `sessionid=${login.cookies.sessionid}` },
  });
  expect(adminPage.status).toBe(200);
  expect(adminPage.body).toMatch(/Site administration/);

  // A file collectstatic wrote into the image, fetched through nginx under /static/.
  const app = (await composeContainers(project)).find(
    (c) => /-app-/.test(c.name) && c.state === 'running',
  );
  if (!app) throw new Error('no running app container');
  const manifest = must(
    await podman(['exec', app.name, 'cat', 'staticfiles/staticfiles.json'], 30_000),
    'reading staticfiles.json in the app container',
  );
  const paths: Record<string, string> = JSON.parse(manifest.stdout).paths;
  const css = Object.values(paths).find((p) => p.endsWith('.css'));
  if (!css) throw new Error('collectstatic wrote no .css file');
  const file = must(
    await podman(['exec', app.name, 'cat', `staticfiles/${css}`], 30_000),
    'reading the static file',
  );
  const res = await getWith(base, `/static/${css}`, { Host: host });
  expect(res.status, `/static/${css}`).toBe(200);
  expect(res.body).toBe(file.stdout);
  expect(res.headers.server, 'answered by nginx').toBe('nginx');
}

function seconds(duration: string | number | undefined): number {
  if (typeof duration === 'number') return duration / 1e9;
  const m = /^(?:(\d+)m)?(?:(\d+(?:\.\d+)?)s)?$/.exec(duration ?? '');
  return m ? Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0) : 0;
}

/**
 * `compose stop` ends every container with exit 0 within its grace period (a one-shot step, the
 * postgres add-on's migrate, had ended so before). The timeout is given (-t): podman 4.3's Docker
 * API makes a service with no stop_grace_period (nginx) a 0 s timeout, which is SIGKILL. It is the
 * longest stop_grace_period compose.yaml sets.
 */
async function composeStop(
  service: PodmanService,
  dir: string,
  project: string,
  files: string[],
): Promise<void> {
  const config = must(
    await compose(service, dir, files, project, ['config', '--format', 'json'], 60_000),
    'compose config',
  );
  const model = JSON.parse(config.stdout) as {
    services: Record<string, { stop_grace_period?: string | number }>;
  };
  const services = Object.values(model.services);
  const grace = Math.max(10, ...services.map((s) => seconds(s.stop_grace_period)));
  const t0 = Date.now();
  const stop = await compose(
    service,
    dir,
    files,
    project,
    ['stop', '-t', String(grace)],
    (grace + 120) * 1000,
  );
  const took = (Date.now() - t0) / 1000;
  expect(stop.code, output(stop)).toBe(0);
  const ended = await composeContainers(project);
  expect(
    // A scaled service (app, twice) counts once.
    [...new Set(ended.map((c) => c.name.slice(project.length + 1).replace(/-\d+$/, '')))].sort(),
    "compose ran compose.yaml's services",
  ).toEqual(Object.keys(model.services).sort());
  for (const c of ended)
    expect({ name: c.name, state: c.state, exitCode: c.exitCode }).toEqual({
      name: c.name,
      state: 'exited',
      exitCode: 0,
    });
  expect(
    took,
    `compose stop took ${took.toFixed(1)}s, more than the ${grace}s grace period`,
  ).toBeLessThan(grace);
}

/** A project create-pyweb did not make, given its deployment files by `add`: issue 8's point 3. */
export interface FoundStack {
  fixture: string;
  /** A route of its own that answers 200, and its health route. */
  route: string;
  health: string;
}

/**
 * A fixture from test/fixtures/foreign, given `add docker compose nginx k8s --yes`, built by podman
 * and run as the Kubernetes Deployment says, then brought up by compose behind nginx and stopped.
 */
export async function proveFoundStack(
  found: FoundStack,
  service: PodmanService,
  times: StackTimes,
): Promise<void> {
  const name = `ct-found-${found.fixture}`;
  await inContainers(
    name,
    service,
    times,
    async ({ dir, timed }) => {
      await cp(join(ROOT, 'test', 'fixtures', 'foreign', found.fixture), dir, { recursive: true });
      await timed('add docker compose nginx k8s', async () =>
        must(
          await runCli(['add', 'docker', 'compose', 'nginx', 'k8s', '--yes', '--cwd', dir]),
          'create-pyweb add',
        ),
      );
    },
    async ({ dir, tag, pod, composeFiles, timed }) => {
      await timed('podman build', () => buildImage(dir, tag));
      await timed('Kubernetes securityContext', async () => {
        const spec = await podSpec(dir);
        const port = await freePort();
        await runContainer(
          pod,
          tag,
          [...spec.flags, '-p', `127.0.0.1:${port}:${spec.containerPort}`],
          spec.env,
        );
        try {
          const base = `http://127.0.0.1:${port}`;
          await waitForContainer(pod, `${base}${found.health}`, 120_000, {});
          const r = await getWith(base, found.route, {});
          expect(r.status, r.body).toBe(200);
          const hc = await healthcheck(pod);
          expect(hc.code, `podman healthcheck run: ${output(hc)}`).toBe(0);
          const end = await stopContainer(pod, spec.stopSeconds);
          expect(end).toMatchObject({ exitCode: 0 });
        } catch (e) {
          (e as Error).message += `\n--- container ${pod} ---\n${await logs(pod)}`;
          throw e;
        } finally {
          await removeContainer(pod);
        }
      });
      await timed('compose up', () => composeUp(service, dir, name, composeFiles));
      await timed('through nginx', async () => {
        const port = published.get(name)!;
        const r = await getWith(`http://127.0.0.1:${port}`, found.route, {
          Host: `localhost:${port}`,
        });
        expect(r.status, r.body).toBe(200);
        const unknown = await getFrom(`http://127.0.0.1:${port}/`, {
          headers: { Host: 'unknown.example' },
        }).then(
          (x) => `status ${x.status}`,
          () => 'no answer',
        );
        expect(unknown, 'an unknown Host gets no answer (444)').toBe('no answer');
      });
      await timed('compose stop', () => composeStop(service, dir, name, composeFiles));
    },
  );
}

/** A compose service's one container of this project (the newest). */
async function serviceContainer(project: string, serviceName: string) {
  const all = await composeContainers(project);
  return all.find((c) => c.name.replace(/-\d+$/, '') === `${project}-${serviceName}`);
}

/** The uid PID 1 runs as in a running container. */
async function pid1Uid(container: string): Promise<number> {
  const r = must(
    await podman(['exec', container, 'awk', '/^Uid:/ {print $2}', '/proc/1/status'], 30_000),
    `reading PID 1's uid in ${container}`,
  );
  return Number(r.stdout.trim());
}

/**
 * The postgres add-on in compose: `up --build --wait` brings up db, the migrate step (exit 0), the
 * app and nginx; a row written through nginx is read back, and again after `down` (the named
 * volume kept) and `up`; app and database run as non-root; a migration that fails stops `up`,
 * with its log in `compose logs migrate`, and the app never starts.
 */
async function provePostgresStack(
  pair: Pair,
  service: PodmanService,
  project: string,
  { dir, composeFiles: files, timed }: StackRun,
): Promise<void> {
  const port = () => published.get(project)!;
  const site = () => ({ Host: `localhost:${port()}`, 'Content-Type': 'application/json' });
  const api = (method: string, path: string, body?: unknown) =>
    send(`http://127.0.0.1:${port()}${path}`, {
      method,
      headers: site(),
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  await timed('compose up', () => composeUp(service, dir, project, files));
  await timed('db, migrate, app, nginx', async () => {
    const states = Object.fromEntries(
      (await composeContainers(project)).map((c) => [
        c.name.slice(project.length + 1).replace(/-\d+$/, ''),
        { state: c.state, exitCode: c.exitCode },
      ]),
    );
    expect(states).toEqual({
      app: { state: 'running', exitCode: 0 },
      db: { state: 'running', exitCode: 0 },
      migrate: { state: 'exited', exitCode: 0 },
      nginx: { state: 'running', exitCode: 0 },
    });
  });
  await timed('through nginx', () => throughNginx(pair, project));
  const row = await timed('a row through nginx', async () => {
    const ready = await api('GET', '/readyz');
    expect(ready.status, `/readyz through nginx: ${ready.body}`).toBe(200);
    const made = await api('POST', '/api/items', { name: 'in a volume', price: 7.25 });
    expect(made.status, made.body).toBe(201);
    const item = made.json() as { id: number };
    expect(item).toEqual({ id: 4, name: 'in a volume', price: 7.25 });
    const read = await api('GET', `/api/items/${item.id}`);
    expect(read.status, read.body).toBe(200);
    expect(read.json()).toEqual(item);
    return item;
  });
  await timed('non-root', async () => {
    for (const name of ['app', 'db']) {
      const c = await serviceContainer(project, name);
      if (!c) throw new Error(`no ${name} container`);
      expect(await pid1Uid(c.name), `${name}'s PID 1 runs as non-root`).toBeGreaterThan(0);
    }
    // The migrate step ran from the app's image, as its user.
    const migrate = await serviceContainer(project, 'migrate');
    const user = await podman(['inspect', '--format', '{{.Config.User}}', migrate!.name], 30_000);
    expect(
      Number(user.stdout.trim().split(':')[0]),
      'the migrate step runs as non-root',
    ).toBeGreaterThan(0);
  });
  await timed('compose stop', () => composeStop(service, dir, project, files));
  const down = () =>
    compose(service, dir, files, project, ['down', '--remove-orphans', '-t', '10'], 300_000);
  await timed('down, up: the row is kept', async () => {
    must(await down(), 'compose down (the volume kept)');
    const up = await upWait(service, dir, project, files);
    expect(up.code, `compose up again:\n${output(up, 5000)}`).toBe(0);
    const read = await api('GET', `/api/items/${row.id}`);
    expect(read.status, `the row after down and up: ${read.body}`).toBe(200);
    expect(read.json()).toEqual(row);
  });
  await timed('a failing migration stops up', async () => {
    must(await down(), 'compose down (the volume kept)');
    await breakMigrations(dir);
    const up = await upWait(service, dir, project, files);
    expect(up.code, `compose up with a failing migration must fail:\n${output(up, 3000)}`).not.toBe(
      0,
    );
    const log = await compose(service, dir, files, project, ['logs', 'migrate'], 60_000);
    expect(output(log, 20_000), '`compose logs migrate` says why').toContain(BROKEN);
    const migrate = await serviceContainer(project, 'migrate');
    expect(migrate?.exitCode, 'the migrate step exited non-zero').not.toBe(0);
    const app = await serviceContainer(project, 'app');
    if (app) {
      const started = await podman(
        ['inspect', '--format', '{{.State.StartedAt}}', app.name],
        30_000,
      );
      expect(
        { state: app.state, startedAt: started.stdout.trim() },
        'the app never started',
      ).toMatchObject({ state: 'created', startedAt: expect.stringMatching(/^0001-01-01/) });
    }
  });
}
