// The generated servers under load: for each representative pair, (a) the production command
// exactly as the Dockerfile runs it, (b) the server's bare default, (c) the framework's
// development server; then /slow (a 50 ms wait) at 200 connections, sync stacks against async.
// Usage: node scripts/bench/servers.mjs [--pairs flask:gunicorn,...] [--runs 3] [--seconds 3]
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { freePort, startServer, wrk, wrkCommand } from './measure.mjs';
import { commandLine, ensureTools, generate, install, readProject, venvEnv } from './project.mjs';
import {
  BARE_ACCESS_LOG,
  BARE_WORKERS,
  bareWith,
  chartSeries,
  COUNTS,
  likeTable,
  plan,
  scalingTable,
  view,
} from './scaling.mjs';
import { SHIM, SLOW_MS, SLOW_PATH, writeShim } from './shim.mjs';
import { scalingSvg } from './svg.mjs';
import { fmtRange, mb, median } from './stats.mjs';

const exec = promisify(execFile);

export const PAIRS = [
  'flask:gunicorn',
  'django:gunicorn',
  'django:uvicorn',
  'fastapi:uvicorn',
  'fastapi:gunicorn-uvicorn',
  'fastapi:granian',
  'quart:hypercorn',
  'flask:uwsgi',
  'flask:waitress',
  'sanic:sanic',
].map((p) => p.split(':'));

const LOCAL = '127.0.0.1';

/** (b) Each server's bare default: only the address is given, and the app with no wrapper. */
export const BARE = {
  gunicorn: ({ app, port }) => ['gunicorn', '--bind', `${LOCAL}:${port}`, app],
  // The worker class is what makes gunicorn serve ASGI at all; nothing else is set.
  'gunicorn-uvicorn': ({ app, port }) => [
    'gunicorn',
    '--bind',
    `${LOCAL}:${port}`,
    '--worker-class',
    'uvicorn_worker.UvicornWorker',
    app,
  ],
  uvicorn: ({ app, port }) => ['uvicorn', '--host', LOCAL, '--port', port, app],
  hypercorn: ({ app, port }) => ['hypercorn', '--bind', `${LOCAL}:${port}`, app],
  granian: ({ app, port, iface }) => [
    'granian',
    '--interface',
    iface,
    '--host',
    LOCAL,
    '--port',
    port,
    app,
  ],
  uwsgi: ({ app, port }) => ['uwsgi', '--http', `${LOCAL}:${port}`, '--module', app],
  waitress: ({ app, port }) => ['waitress-serve', `--listen=${LOCAL}:${port}`, app],
  sanic: ({ app, port }) => ['sanic', app, '--host', LOCAL, '--port', port],
};

/** (c) Each framework's development server, as its docs start it (reloaders on where default). */
export const DEV = {
  flask: ({ appModule, port }) => [
    'flask',
    '--app',
    appModule,
    'run',
    '--host',
    LOCAL,
    '--port',
    port,
  ],
  quart: ({ appModule, port }) => [
    'quart',
    '--app',
    appModule,
    'run',
    '--host',
    LOCAL,
    '--port',
    port,
  ],
  django: ({ port }) => ({
    argv: ['python', 'manage.py', 'runserver', `${LOCAL}:${port}`],
    env: { DJANGO_DEBUG: '1' },
  }),
  fastapi: ({ appModule, port, has }) =>
    has('fastapi')
      ? [
          'fastapi',
          'dev',
          `${appModule.replace(/\./g, '/')}${appModule.includes('.') ? '.py' : ''}`,
          '--host',
          LOCAL,
          '--port',
          port,
        ]
      : ['uvicorn', `${appModule}:app`, '--reload', '--host', LOCAL, '--port', port],
  sanic: ({ appModule, port }) => [
    'sanic',
    `${appModule}:app`,
    '--dev',
    '--host',
    LOCAL,
    '--port',
    port,
  ],
};

// Server tuning the production command reads from the environment: the bare default and the
// dev server must not pick it up (gunicorn and uvicorn read WEB_CONCURRENCY themselves).
const TUNING = ['HOST', 'PORT', 'WEB_CONCURRENCY', 'WSGI_THREADS', 'FORWARDED_ALLOW_IPS'];

/** The catalog's servers by id, from the build (`npm run bench` builds first). */
async function serverCatalog() {
  const { SERVERS } = await import('../../dist/generators/catalog/servers.js');
  return Object.fromEntries(SERVERS.map((s) => [s.id, s]));
}

/**
 * How many workers the production command starts with WEB_CONCURRENCY unset: what the project's
 * workers.py prints here (the CPU quota, else the CPUs this process may use); the cores if the
 * project has none.
 */
async function defaultWorkers(p, cores) {
  if (!existsSync(join(p.dir, p.pkg, 'workers.py'))) return cores;
  const env = venvEnv(p.venv, { ...p.env });
  delete env.WEB_CONCURRENCY;
  const { stdout } = await exec(join(p.venv, 'bin/python'), ['-m', `${p.pkg}.workers`], {
    cwd: p.dir,
    env,
  });
  return Number(stdout.trim()) || cores;
}

/** Servers of a group started at once. */
const STARTING = 3;

const asArgvEnv = (x) => (Array.isArray(x) ? { argv: x, env: {} } : x);

/**
 * The production command with the app swapped for the shim's `slow`, found where the command
 * names it: an argument, a `python -m` launcher, or the config file an argument points to.
 */
export function slowVariant({ cmd, pkg, dir, via }) {
  if (via.kind === 'settings') return { argv: cmd, env: via.env };
  const target = new RegExp(`\\b${pkg}(?:\\.\\w+)*:[\\w.]+(?:\\(\\))?`);
  const slow = `${pkg}.${SHIM}:slow`;
  const i = cmd.findIndex((a) => target.test(a));
  if (i >= 0) {
    const inner = target.exec(cmd[i])[0];
    return {
      argv: cmd.map((a, j) => (j === i ? a.replace(inner, slow) : a)),
      env: { PYWEB_BENCH_INNER: inner },
    };
  }
  const m = cmd.indexOf('-m');
  if (m >= 0 && cmd[m + 1]?.startsWith(`${pkg}.`)) {
    return { argv: [...cmd.slice(0, m + 1), `${pkg}.${SHIM}`, ...cmd.slice(m + 1)], env: {} };
  }
  for (const [j, arg] of cmd.entries()) {
    const file = join(dir, arg.replace(/^file:/, ''));
    if (!/\.\w+$/.test(arg) || !existsSync(file)) continue;
    const text = readFileSync(file, 'utf8');
    const found = target.exec(text);
    if (!found) continue;
    const copy = arg.replace(/(\.\w+)$/, '.bench$1');
    writeFileSync(join(dir, copy.replace(/^file:/, '')), text.replace(found[0], slow));
    return { argv: cmd.map((a, k) => (k === j ? copy : a)), env: { PYWEB_BENCH_INNER: found[0] } };
  }
  throw new Error(`cannot find the app in ${commandLine(cmd)}`);
}

/**
 * Starts every configuration of a group, then loads them in turn, run after run: the machine's
 * background load (other work on a shared host) then weighs on all of them alike, which is
 * what the ratios between them need. Only the server under load is busy; the others idle.
 */
export async function measureGroup(
  configs,
  { runs, seconds, warmup, connections, path, logDir, log },
) {
  const live = [];
  // Where a group's time goes: starting, loading, stopping (logged by the caller).
  const times = { begin: Date.now() };
  try {
    // Started a few at a time (nothing is measured until all are up): a group is up to nine
    // servers, and one after another their imports and readiness waits add up.
    const ports = [];
    for (const _ of configs) ports.push(String(await freePort()));
    const start = async (c, i) => {
      const port = ports[i];
      const built = asArgvEnv(c.argv(port));
      try {
        const server = await startServer({
          argv: built.argv,
          cwd: c.dir,
          port,
          env: { ...c.env(port), ...built.env },
          logFile: join(logDir, `${c.name.replace(/[^\w.-]+/g, '_')}.log`),
        });
        live[i] = { ...c, server, url: `http://${LOCAL}:${port}${path}`, samples: [] };
      } catch (e) {
        live[i] = { ...c, error: e.message };
        log(`  ${c.name}: FAILED ${e.message.split('\n')[0]}`);
      }
    };
    for (let i = 0; i < configs.length; i += STARTING)
      await Promise.all(configs.slice(i, i + STARTING).map((c, j) => start(c, i + j)));
    times.start = Date.now();
    const load = async (s, secs) => {
      try {
        return await wrk({ url: s.url, connections, seconds: secs });
      } catch (e) {
        s.error = e.message;
        log(`  ${s.name}: FAILED ${e.message.split('\n')[0]}`);
      }
    };
    if (warmup) for (const s of live.filter((x) => !x.error)) await load(s, warmup);
    // A configuration may ask for fewer runs than the group (the scaling curves' extra points).
    const most = Math.max(runs, ...live.map((x) => x.runs ?? 0));
    for (let i = 0; i < most; i++) {
      for (const s of live.filter((x) => !x.error && i < (x.runs ?? runs))) {
        const r = await load(s, seconds);
        if (r) s.samples.push(r);
      }
    }
    times.load = Date.now();
  } finally {
    await Promise.all(live.filter((s) => s?.server).map((s) => s.server.stop()));
  }
  const secs = (a, b) => ((b - a) / 1000).toFixed(0);
  if (times.load)
    log(
      `  (started in ${secs(times.begin, times.start)} s, loaded in ${secs(times.start, times.load)} s, stopped in ${secs(times.load, Date.now())} s)`,
    );
  const out = {};
  for (const s of live) {
    if (s.error) out[s.key] = { error: s.error };
    else {
      out[s.key] = { samples: s.samples, rss: s.server.peakRss() };
      log(
        `  ${s.name.padEnd(40)} ${median(s.samples.map((x) => x.rps))
          .toFixed(0)
          .padStart(
            6,
          )} req/s  p99 ${median(s.samples.map((x) => x.p99)).toFixed(1)} ms  ${mb(out[s.key].rss)} MB`,
      );
    }
  }
  return out;
}

export async function benchServers(opts = {}) {
  const {
    pairs = PAIRS,
    runs = 3,
    seconds = 2,
    warmup = 1,
    connections = 64,
    slowConnections = 200,
    slowRuns = 2,
    slowSeconds = 3,
    scaleRuns = 2,
    svgPath = 'bench/scaling.svg',
    workDir = join(tmpdir(), 'pyweb-bench-servers'),
    log = console.log,
  } = opts;
  const cores = availableParallelism();
  const logDir = join(workDir, 'logs');
  mkdirSync(logDir, { recursive: true });
  const started = Date.now();
  await ensureTools(log);

  log(`servers: generating and installing ${pairs.length} projects in ${workDir}`);
  const projects = [];
  for (const [framework, server] of pairs) {
    const dir = join(workDir, `${framework}-${server}`);
    const { reused } = await generate({ dir, framework, server });
    projects.push({ framework, server, dir, reused });
  }
  // Installing is network and disk work: a few at once, all before any load runs.
  for (let i = 0; i < projects.length; i += 4) {
    await Promise.all(
      projects.slice(i, i + 4).map(async (p) => {
        p.venv = await install(p.dir, { reused: p.reused });
        Object.assign(p, readProject(p.dir));
        p.via = writeShim(p);
      }),
    );
  }
  const kept = projects.filter((p) => p.reused).length;
  log(
    `servers: installed in ${((Date.now() - started) / 1000).toFixed(0)} s (${kept} venvs kept from the last run: same pyproject.toml)`,
  );

  const load = { connections, runs, seconds, warmup, path: '/api/items', logDir, log };
  const neutral = join(workDir, 'empty');
  mkdirSync(neutral, { recursive: true });
  const results = [];
  const dev = {};
  const catalog = await serverCatalog();
  for (const p of projects) {
    const name = `${p.framework}-${p.server}`;
    p.single = catalog[p.server]?.workers === 'none';
    p.defaultWorkers = p.single ? 1 : await defaultWorkers(p, cores);
    // ACCESS_LOG is the generated servers' one switch for their access log (1, the default: on).
    const prodEnv = (cfg) => (port) => {
      const env = venvEnv(p.venv, {
        ...p.env,
        HOST: LOCAL,
        PORT: port,
        ACCESS_LOG: cfg.log ? '1' : '0',
      });
      // Unset, the project's own default applies (workers.py: the CPU quota, else the CPUs).
      if (cfg.webConcurrency === null || p.single) delete env.WEB_CONCURRENCY;
      else env.WEB_CONCURRENCY = String(cfg.webConcurrency);
      return env;
    };
    const appEnv = () =>
      venvEnv(
        p.venv,
        Object.fromEntries(Object.entries(p.devEnv).filter(([k]) => !TUNING.includes(k))),
      );
    const app = `${p.pkg}.${SHIM}:app`;
    const has = (bin) => existsSync(join(p.venv, 'bin', bin));
    const label = (cfg) =>
      `${name} (${cfg.side}) ${cfg.side === 'a' ? 'production' : 'bare'} log ${cfg.log ? 'on' : 'off'}, ${cfg.workers}w`;
    const configs = plan({
      single: p.single,
      defaultWorkers: p.defaultWorkers,
      bareLog: Boolean(BARE_ACCESS_LOG[p.server]),
      runs,
      scaleRuns,
    }).map((cfg) =>
      cfg.side === 'a'
        ? { ...cfg, name: label(cfg), dir: p.dir, env: prodEnv(cfg), argv: () => p.cmd }
        : // From an empty folder: gunicorn would otherwise load the project's ./gunicorn.conf.py by itself.
          {
            ...cfg,
            name: label(cfg),
            dir: neutral,
            env: () => ({ ...appEnv(), PYTHONPATH: p.dir }),
            argv: (port) => bareWith(BARE[p.server]({ app, port, iface: p.iface }), p.server, cfg),
          },
    );
    const devArgv = (port) => DEV[p.framework]({ appModule: p.appModule, port, has });
    if (!dev[p.framework] && DEV[p.framework])
      configs.push({
        key: 'c',
        name: `${p.framework} (c) dev server`,
        dir: p.dir,
        env: appEnv,
        argv: devArgv,
      });
    const groupStarted = Date.now();
    const got = await measureGroup(configs, load);
    log(
      `  ${name}: ${configs.length} configurations in ${((Date.now() - groupStarted) / 1000).toFixed(0)} s`,
    );
    if (got.c) dev[p.framework] = { command: asArgvEnv(devArgv('$PORT')), in: name, ...got.c };
    const r = { ...p, name, runs: got };
    // The detail table's columns: both defaults, access logging on.
    const v = view(r);
    results.push({ ...r, a: v.at('a', true, p.defaultWorkers), b: v.at('b', true, 1) });
  }
  log(
    `servers: ${SLOW_PATH} at ${slowConnections} connections, all stacks started, loaded in turn`,
  );
  const slowConfigs = projects.map((p) => {
    const variant = slowVariant(p);
    return {
      key: `${p.framework}-${p.server}`,
      name: `${p.framework}-${p.server} ${SLOW_PATH}`,
      dir: p.dir,
      argv: () => variant.argv,
      env: (port) =>
        venvEnv(p.venv, {
          ...p.env,
          HOST: LOCAL,
          PORT: port,
          WEB_CONCURRENCY: String(cores),
          ...variant.env,
        }),
    };
  });
  const slowGot = await measureGroup(slowConfigs, {
    ...load,
    path: SLOW_PATH,
    connections: slowConnections,
    runs: slowRuns,
    seconds: slowSeconds,
    warmup: 1,
  });
  const slow = projects.map((p) => ({
    ...p,
    name: `${p.framework}-${p.server}`,
    ...slowGot[`${p.framework}-${p.server}`],
  }));
  const python = (await exec(join(projects[0].venv, 'bin/python'), ['--version'])).stdout.trim();
  const settings = {
    python,
    cores,
    runs,
    seconds,
    warmup,
    connections,
    slowConnections,
    slowRuns,
    slowSeconds,
    scaleRuns,
    svgPath,
    workDir,
  };
  const elapsed = (Date.now() - started) / 1000;
  log(`servers: done in ${elapsed.toFixed(0)} s`);
  return {
    results,
    dev,
    slow,
    settings,
    elapsed,
    markdown: renderServers({ results, dev, slow, settings, elapsed }),
    svg: scalingSvg(chartSeries(results, dev), {
      title: 'req/s against worker count, access logging on',
      subtitle: `GET /api/items, wrk -c${connections}, ${cores} cores shared with wrk; each panel on its own scale`,
      counts: COUNTS,
    }),
  };
}

const rps = (r) => r?.samples?.map((s) => s.rps) ?? [];
const p99 = (r) => r?.samples?.map((s) => s.p99) ?? [];
const fails = (r) => {
  const errors = (r?.samples ?? []).reduce((n, s) => n + s.errors, 0);
  const non2xx = (r?.samples ?? []).reduce((n, s) => n + s.non2xx, 0);
  return (
    [errors && `${errors} socket`, non2xx && `${non2xx} non-2xx`].filter(Boolean).join(' + ') || '0'
  );
};
const cell = (r, f, digits) => (r?.error ? 'failed' : fmtRange(f(r), digits));
const code = (s) => `\`${s.replace(/\|/g, '\\|')}\``;

/** How many requests a sync stack can hold at once: processes x threads from its environment. */
function syncSlots(p, cores) {
  const threads = Number(p.env.WSGI_THREADS ?? 1);
  return (p.server === 'waitress' ? 1 : cores) * threads;
}

const isSync = (p) => p.iface === 'wsgi';

const singles = (results) =>
  results
    .filter((r) => r.single)
    .map((r) => r.server)
    .filter((x, i, xs) => xs.indexOf(x) === i)
    .join(', ') || 'none among these';

/** "2 workers here" or, where projects differ, each pair's. */
function defaultsText(results) {
  const counts = [...new Set(results.filter((r) => !r.single).map((r) => r.defaultWorkers))];
  return counts.length === 1 ? `${counts[0]} workers here` : 'see the scaling table';
}

export function renderServers({ results, dev, slow, settings, elapsed }) {
  const { cores } = settings;
  const out = [];
  out.push('## The generated servers', '');
  out.push(
    `Each project is generated by the built CLI, installed with uv in its own venv (${settings.python}), and served on ${LOCAL}. ` +
      `Load: \`${wrkCommand({ connections: settings.connections, seconds: settings.seconds })} http://${LOCAL}:PORT/api/items\`, ` +
      `after a ${settings.warmup} s warm-up, ${settings.runs} runs per configuration against one server start ` +
      `(${settings.scaleRuns} for the scaling curves' points off the defaults; median, and min–max in parentheses). ` +
      'wrk runs one thread on the same 2 cores as the server, so absolute numbers are ' +
      'lower than on a dedicated client; the ratios are what the targets are about. Peak memory is the largest sum of the RSS ' +
      "of the server's whole process tree (master, workers, reloader), sampled every 100 ms from start to stop.",
    '',
  );
  out.push(
    `- (a) production: the Dockerfile's CMD with the Dockerfile's ENV and \`.env.example\`, as the matrix tests run it, with HOST=${LOCAL}; WEB_CONCURRENCY unset (the project's default: its workers.py) unless a worker count is named.`,
  );
  out.push(
    "- (b) bare default: the server with nothing but the address (and the logging and worker flags where named), pointed at the framework's app (no proxy-header wrapper), without the tuning variables, started from an empty folder (gunicorn reads a ./gunicorn.conf.py by itself).",
  );
  out.push(
    "- (c) development server: the framework's own, once per framework (in the first project of that framework), with its reloader where that is the default.",
    '',
  );
  out.push(
    "Access logging is set alike on both sides: (a) with `ACCESS_LOG=1` and `ACCESS_LOG=0` (the generated servers' one switch), " +
      "(b) with the server's own flag for the same (uvicorn `--access-log`/`--no-access-log`, gunicorn and hypercorn `--access-logfile -` or nothing, " +
      'granian `--access-log`/`--no-access-log`, uWSGI nothing or `--disable-logging`, Sanic `--access-logs`/`--no-access-logs`; ' +
      'Waitress logs no requests at all, so its bare row is the same run in both modes).',
    '',
  );
  out.push(
    `Targets: (a) ≥ (b) with access logging on and with it off, (a) at its default worker count (WEB_CONCURRENCY unset: ${defaultsText(results)}) ` +
      'against (b) at its own default of one process.',
    '',
  );
  out.push(likeTable(results), '');
  out.push(
    `(a ≥ b counts as met within 3%, the spread between runs of one configuration here.)`,
    '',
  );
  out.push('### Scaling: req/s against worker count', '');
  out.push(
    `Access logging on (the generated default). (a) is run with WEB_CONCURRENCY=1, 2 and 4 (unset at its default count), (b) with its worker flag ` +
      `(none at 1: its default), ${settings.runs} runs at the default counts and ${settings.scaleRuns} at the others. ` +
      'The development servers (c) are one process: they compare at 1 worker, and again against production at its default. ' +
      `Servers without worker processes (${singles(results)}) are recorded at 1 only. ` +
      (cores <= 4
        ? `On this ${cores}-core machine wrk takes one core: ${COUNTS.at(-1)} workers on ${cores} cores measure the cost of oversubscribing, not more capacity.`
        : ''),
    '',
  );
  out.push(`![req/s against worker count](${settings.svgPath})`, '');
  out.push(scalingTable(results, dev), '');
  out.push('At the defaults ((a) unset WEB_CONCURRENCY, (b) one process), access logging on:', '');
  out.push(
    '| pair | p99 ms (a) | p99 ms (b) | p99 ms (c) | peak MB (a) | peak MB (b) | peak MB (c) | failed requests (a) | (b) | (c) |',
  );
  out.push('|---|---|---|---|---|---|---|---|---|---|');
  for (const r of results) {
    const c = dev[r.framework];
    out.push(
      `| ${r.name} | ${cell(r.a, p99, 1)} | ${cell(r.b, p99, 1)} | ${cell(c, p99, 1)} | ${mb(r.a?.rss)} | ${mb(r.b?.rss)} | ${mb(c?.rss)} | ${fails(r.a)} | ${fails(r.b)} | ${fails(c)} |`,
    );
  }
  out.push('', '### Commands', '');
  out.push(
    '| pair | (a) production (Dockerfile CMD) | (b) bare default | (b) logging on / off | (b) workers |',
  );
  out.push('|---|---|---|---|---|');
  for (const r of results) {
    const bare = commandLine(
      BARE[r.server]({ app: `${r.pkg}.${SHIM}:app`, port: '$PORT', iface: r.iface }),
    );
    const sw = BARE_ACCESS_LOG[r.server];
    const flags = (xs) => (xs.length ? code(commandLine(xs)) : '(default)');
    const logging = sw ? `${flags(sw.on)} / ${flags(sw.off)}` : 'none: it logs no requests';
    const workers = r.single ? 'none: one process' : code(commandLine(BARE_WORKERS[r.server]('N')));
    out.push(
      `| ${r.name} | ${code(commandLine(r.cmd))} | ${code(bare)} | ${logging} | ${workers} |`,
    );
  }
  out.push(
    '',
    `In (b), \`${SHIM}:app\` is the framework's app object with no wrapper: \`pkg/${SHIM}.py\`, written into the project by the benchmark, ` +
      "imports it (the module's `app`, or what its `create_app()` returns, or Django's `wsgi.application`/`asgi.application`).",
    '',
  );
  out.push('| framework | (c) development server | measured in |');
  out.push('|---|---|---|');
  for (const [fw, c] of Object.entries(dev)) {
    const extra = Object.entries(c.command.env)
      .map(([k, v]) => `${k}=${v} `)
      .join('');
    out.push(`| ${fw} | ${code(extra + commandLine(c.command.argv))} | ${c.in} |`);
  }
  const failed = [
    ...results.flatMap((r) =>
      Object.entries(r.runs)
        .filter(([k]) => k !== 'c')
        .map(([k, x]) => [`(${k})`, r.name, x]),
    ),
    ...Object.entries(dev).map(([f, c]) => ['(c)', f, c]),
  ].filter(([, , x]) => x?.error);
  if (failed.length) {
    out.push('', 'Failed to start or to serve:', '');
    for (const [k, n, x] of failed) out.push(`- ${n} ${k}: ${x.error.split('\n')[0]}`);
  }

  out.push('', '## Sync or async: a handler that waits 50 ms on I/O', '');
  out.push(
    `\`${SLOW_PATH}\` waits ${SLOW_MS} ms (a sleep standing in for a slow upstream), then answers exactly what /api/items answers. ` +
      `Load: \`${wrkCommand({ connections: settings.slowConnections, seconds: settings.slowSeconds })} http://${LOCAL}:PORT${SLOW_PATH}\`, ` +
      `${settings.slowRuns} runs after a 1 s warm-up, served by each project's production command (a) at WEB_CONCURRENCY=${cores}. ` +
      `The wait is written the way each stack's code would write it: \`time.sleep\` in WSGI apps (a WSGI wrapper in \`pkg/${SHIM}.py\` that ` +
      'sleeps, then hands the request to the production app), `asyncio.sleep` in ASGI apps (the same as an ASGI wrapper), a Sanic route ' +
      "for Sanic, and a plain sync Django view for Django (added to the project's URLconf through a settings module selected with " +
      "DJANGO_SETTINGS_MODULE, so it goes through Django's own handler, which under ASGI runs sync views in a thread). " +
      'The production command is otherwise unchanged: only the app it names is the wrapper.',
    '',
  );
  out.push(
    '| pair | kind | waits at once | ceiling req/s | req/s | p50 ms | p99 ms | failed requests |',
  );
  out.push('|---|---|---|---|---|---|---|---|');
  for (const s of slow) {
    const sync = isSync(s);
    const slots = sync ? syncSlots(s, cores) : settings.slowConnections;
    const kind = sync ? 'sync' : s.framework === 'django' ? 'sync views on ASGI' : 'async';
    const p50 = s.samples?.map((x) => x.p50) ?? [];
    out.push(
      `| ${s.name} | ${kind} | ${sync ? `${slots} (${s.server === 'waitress' ? 1 : cores} x ${s.env.WSGI_THREADS ?? 1} threads)` : `${slots} (connections)`} | ` +
        `${((slots * 1000) / SLOW_MS).toFixed(0)} | ${cell(s, rps, 0)} | ${s.error ? 'failed' : fmtRange(p50, 0)} | ${cell(s, p99, 0)} | ${s.error ? '' : fails(s)} |`,
    );
  }
  out.push('', readSlow(slow, settings));
  out.push('', `Servers part: ${elapsed.toFixed(0)} s, of which generation and install are part.`);
  return out.join('\n');
}

/** The short reading under the sync/async table, from its own numbers. */
function readSlow(slow, settings) {
  const ok = slow.filter((s) => s.samples);
  const best = (xs) =>
    xs.reduce((b, s) => (median(rps(s)) > median(rps(b ?? s)) ? s : (b ?? s)), undefined);
  const sync = ok.filter(isSync);
  const asyncs = ok.filter((s) => !isSync(s) && s.framework !== 'django');
  const bs = best(sync);
  const ba = best(asyncs);
  if (!bs || !ba) return 'Reading: not enough stacks ran to compare.';
  const r = (s) => median(rps(s)).toFixed(0);
  const syncCeil = (syncSlots(bs, settings.cores) * 1000) / SLOW_MS;
  const lines = [
    `Reading: a sync worker thread is held for the whole wait, so a sync stack serves at most (processes x threads) / 50 ms: ` +
      `${syncCeil.toFixed(0)} req/s with the generated ${settings.cores} x ${bs.env.WSGI_THREADS ?? 1}; the best sync stack (${bs.name}) made ${r(bs)} req/s, ` +
      `and the other ${settings.slowConnections - syncSlots(bs, settings.cores)} connections queue, which is its p99 of ${median(p99(bs)).toFixed(0)} ms. ` +
      `An event loop holds every waiting request at once: the best async stack (${ba.name}) made ${r(ba)} req/s ` +
      `(${(median(rps(ba)) / median(rps(bs))).toFixed(1)}x) with a p99 of ${median(p99(ba)).toFixed(0)} ms, bounded by CPU rather than by the wait.`,
  ];
  const dj = ok.find((s) => s.framework === 'django' && !isSync(s));
  if (dj) {
    const near = median(rps(dj)) < 2 * median(rps(bs));
    lines.push(
      `Django on ${dj.server} made ${r(dj)} req/s: its view is sync code, which Django's ASGI handler runs in a thread, ` +
        (near
          ? 'so an ASGI server alone does not make it concurrent: it stays in the range of the sync stacks.'
          : "and its thread pool let more waits overlap than the sync stacks' threads."),
    );
  }
  lines.push(
    'So: when handlers mostly wait on other services, an async framework on an ASGI server is the choice; with a sync framework, raise WSGI_THREADS (threads are cheap while they wait) rather than WEB_CONCURRENCY (processes cost memory).',
  );
  return lines.join('\n\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (name, dflt) => {
    const i = process.argv.indexOf(`--${name}`);
    return i >= 0 ? process.argv[i + 1] : dflt;
  };
  const pairs = arg('pairs')
    ? arg('pairs')
        .split(',')
        .map((p) => p.split(':'))
    : PAIRS;
  const res = await benchServers({
    pairs,
    runs: Number(arg('runs', 3)),
    seconds: Number(arg('seconds', 2)),
    slowRuns: Number(arg('slow-runs', 2)),
    scaleRuns: Number(arg('scale-runs', 2)),
  });
  const out = arg('out');
  if (out) {
    // The chart beside the Markdown that links it (bench/scaling.svg relative to it).
    mkdirSync(join(dirname(out), 'bench'), { recursive: true });
    writeFileSync(out, res.markdown + '\n');
    writeFileSync(join(dirname(out), 'bench', 'scaling.svg'), res.svg);
  } else console.log(`\n${res.markdown}`);
}
