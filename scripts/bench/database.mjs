// /api/items backed by PostgreSQL (the postgres add-on): per family, sync (WSGI threads with
// psycopg's sync driver) and async (an event loop with async sessions), the production command
// against the framework's development server, each against a private PostgreSQL cluster.
import { mkdirSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { wrkCommand } from './measure.mjs';
import { generate, install, readProject, venvEnv } from './project.mjs';
import { DEV, measureGroup } from './servers.mjs';
import { fmtRange, fmtRatio, median } from './stats.mjs';

const exec = promisify(execFile);
const ROOT = new URL('../..', import.meta.url).pathname;
const LOCAL = '127.0.0.1';

/** One stack per family (and Django, whose ORM is its own), each on its default server. */
export const DB_PAIRS = [
  ['flask', 'gunicorn', 'sync (WSGI threads, psycopg)'],
  ['django', 'gunicorn', "sync (WSGI threads, Django's ORM)"],
  ['fastapi', 'uvicorn', 'async (event loop, async sessions)'],
].map(([framework, server, family]) => ({ framework, server, family }));

/** The tests' private cluster (test/helpers/postgres.ts), bundled on the fly: one implementation. */
async function startPostgres() {
  const entry = join(ROOT, 'test/helpers/postgres.ts');
  const out = await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    write: false,
    logLevel: 'silent',
    // Its modules find the repository from their own URL: keep the one they have on disk.
    define: { 'import.meta.url': JSON.stringify(pathToFileURL(entry).href) },
  });
  const url = `data:text/javascript;base64,${Buffer.from(out.outputFiles[0].text).toString('base64')}`;
  return (await import(url)).startPostgres();
}

export async function benchDatabase(opts = {}) {
  const {
    pairs = DB_PAIRS,
    runs = 3,
    seconds = 2,
    warmup = 1,
    connections = 64,
    workDir = join(tmpdir(), 'pyweb-bench-database'),
    log = console.log,
  } = opts;
  const cores = availableParallelism();
  const logDir = join(workDir, 'logs');
  mkdirSync(logDir, { recursive: true });
  const started = Date.now();
  const pg = await startPostgres();
  try {
    log(
      `database: PostgreSQL ${pg.version} on port ${pg.port}; ${pairs.length} projects in ${workDir}`,
    );
    const results = [];
    for (const { framework, server, family } of pairs) {
      const dir = join(workDir, `${framework}-${server}`);
      const { reused } = await generate({ dir, framework, server, flags: ['--postgres'] });
      const venv = await install(dir, { reused });
      const p = { framework, server, family, dir, venv, ...readProject(dir) };
      // A database of its own, migrated by the project's release step, as compose would.
      const db = `bench_${framework}`;
      await pg.dropDatabase(db);
      await pg.createDatabase(db);
      const url = pg.url(db);
      const migrate = await migrateArgv(p);
      await exec(join(venv, 'bin', migrate[0]), migrate.slice(1), {
        cwd: dir,
        env: venvEnv(venv, { ...p.env, DATABASE_URL: url }),
      });
      const name = `${framework}-${server}`;
      const prodEnv = (port) =>
        venvEnv(venv, {
          ...p.env,
          DATABASE_URL: url,
          HOST: LOCAL,
          PORT: port,
          WEB_CONCURRENCY: String(cores),
        });
      const devEnv = () => venvEnv(venv, { ...p.devEnv, DATABASE_URL: url });
      const has = () => true;
      const got = await measureGroup(
        [
          { key: 'a', name: `${name} (a) production`, dir, env: prodEnv, argv: () => p.cmd },
          {
            key: 'c',
            name: `${framework} (c) dev server`,
            dir,
            env: devEnv,
            argv: (port) => DEV[framework]({ appModule: p.appModule, port, has }),
          },
        ],
        { runs, seconds, warmup, connections, path: '/api/items', logDir, log },
      );
      results.push({ ...p, name, a: got.a, c: got.c });
    }
    const elapsed = (Date.now() - started) / 1000;
    log(`database: done in ${elapsed.toFixed(0)} s`);
    return {
      results,
      markdown: render({ results, cores, runs, seconds, warmup, connections, version: pg.version }),
    };
  } finally {
    await pg.dispose();
  }
}

/** The release step, from the catalog the project was generated from (npm run bench builds it). */
async function migrateArgv(p) {
  const { findFramework } = await import(join(ROOT, 'dist/generators/catalog/index.js'));
  return findFramework(p.framework).database.migrate(p.pkg);
}

const rps = (r) => r?.samples?.map((s) => s.rps) ?? [];
const p99 = (r) => r?.samples?.map((s) => s.p99) ?? [];
const cell = (r, f, digits) => (r?.error ? 'failed' : fmtRange(f(r), digits));

function render({ results, cores, runs, seconds, warmup, connections, version }) {
  const out = [
    '## /api/items from PostgreSQL: sync and async families',
    '',
    `The same projects generated with \`--postgres\`: \`GET /api/items\` reads the three rows through the framework's ORM from a private PostgreSQL ${version} cluster on this machine (test/helpers/postgres.ts), migrated by the project's release step. ` +
      `Load: \`${wrkCommand({ connections, seconds })} http://${LOCAL}:PORT/api/items\`, after a ${warmup} s warm-up, ${runs} runs. ` +
      `(a) is the production command at WEB_CONCURRENCY=${cores} with the pool the generated settings give (DATABASE_POOL_SIZE's default); (c) the framework's development server.`,
    '',
    '| pair | family | (a) production req/s | (c) dev req/s | a/c | p99 ms (a) | p99 ms (c) |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const r of results) {
    const ac = median(rps(r.a)) / median(rps(r.c));
    out.push(
      `| ${r.name} | ${r.family} | ${cell(r.a, rps, 0)} | ${cell(r.c, rps, 0)} | ${fmtRatio(ac)} | ${cell(r.a, p99, 1)} | ${cell(r.c, p99, 1)} |`,
    );
  }
  return out.join('\n');
}
