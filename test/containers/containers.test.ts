import { join } from 'node:path';
import { afterAll, beforeAll, describe, test } from 'vitest';
import { DEFAULTS, validPairs, type Pair } from '../../generators/catalog/index.js';
import { NGINX_IMAGE, SERVICE_IMAGES } from '../../generators/catalog/versions.js';
import { containerReadiness, HealthLoop, PodmanService } from '../helpers/podman.js';
import { defaultPairs, named } from '../matrix/select.js';
import { POSTGRES_TAG } from '../summary-reporter.js';
import {
  CONTAINERS_DIR,
  proveFoundStack,
  proveStack,
  type FoundStack,
  type StackTimes,
} from './stack.js';

const mode = process.env.PYWEB_CONTAINERS ?? 'default';
if (!['default', 'all', 'postgres', 'none'].includes(mode))
  throw new Error(`PYWEB_CONTAINERS=${mode}: use all, postgres, none, or leave it unset`);

/**
 * The container stage: generated projects built into images and run for real (podman; see
 * scripts/containers/setup.sh). Which stacks:
 * - default: one per server, with a framework each (WebSocket pairs among them), plus Django on
 *   Gunicorn with nginx in front of its static files;
 * - PYWEB_PAIRS=flask:gunicorn,django:*  the pairs named, as for the matrix;
 * - PYWEB_CONTAINERS=all  every valid pair (narrowed by PYWEB_PAIRS if set);
 * - with PostgreSQL (`--postgres`, compose's db and migrate services): POSTGRES_STACKS on their
 *   default servers, in every run, narrowed by PYWEB_PAIRS as the rest (`PYWEB_PAIRS=flask`);
 * - PYWEB_CONTAINERS=postgres  only those;
 * - PYWEB_CONTAINERS=none  skipped, and counted and reported as skipped;
 * - PYWEB_CONTAINERS_PYTHON=3.11  the image's Python (`--python`), given a stand-in for it
 *   (PYWEB_STANDIN_PYTHONS="3.13 3.11" bash scripts/containers/setup.sh).
 */
const DEFAULT_STACKS = [
  'fastapi:uvicorn',
  'starlette:gunicorn-uvicorn',
  'quart:hypercorn',
  'litestar:daphne',
  'flask:gunicorn',
  'bottle:uwsgi',
  'pyramid:waitress',
  'falcon:mod_wsgi',
  'django:granian',
  'sanic:sanic',
  'tornado:tornado',
  'django:gunicorn',
];

/** Frameworks proven with the postgres add-on in containers, each on its default server. */
const POSTGRES_STACKS = ['django', 'fastapi', 'flask'];

/** Projects create-pyweb did not make, given their files by `add` (only in the default run). */
const FOUND_STACKS: FoundStack[] = [
  { fixture: 'flask-single', route: '/api/items', health: '/healthz' },
  { fixture: 'fastapi-uv', route: '/api/items', health: '/healthz' },
];

function stacks(): Pair[] {
  if (mode === 'postgres') return [];
  const pairs = validPairs();
  const filter = process.env.PYWEB_PAIRS;
  if (mode === 'all' || filter) return pairs.filter((p) => named(p));
  return DEFAULT_STACKS.map((id) => {
    const [framework, server] = id.split(':');
    const pair = pairs.find((p) => p.framework === framework && p.server === server);
    if (!pair)
      throw new Error(
        `the container stage's default stack ${id} is not a valid pair any more: pick another in test/containers/containers.test.ts`,
      );
    return pair;
  });
}

function postgresStacks(): Pair[] {
  const pairs = defaultPairs().filter((p) => POSTGRES_STACKS.includes(p.framework));
  if (pairs.length !== POSTGRES_STACKS.length)
    throw new Error(`POSTGRES_STACKS names a framework the catalog does not have`);
  return pairs.filter((p) => named(p));
}

if (mode === 'none') {
  const reason = 'PYWEB_CONTAINERS=none: no image is built and compose does not come up';
  process.stdout.write(`\n*** container stage SKIPPED (${reason}) ***\n\n`);
  describe('containers', () => {
    test('container stage', (ctx) => ctx.skip(reason));
  });
} else {
  const selected = stacks();
  const withPostgres = postgresStacks();
  const python = process.env.PYWEB_CONTAINERS_PYTHON ?? DEFAULTS.python;
  const images = [
    `docker.io/library/python:${python}-slim`,
    `docker.io/library/${NGINX_IMAGE}`,
    ...(withPostgres.length ? [`docker.io/library/${SERVICE_IMAGES.postgres}`] : []),
  ];
  const service = new PodmanService(join(CONTAINERS_DIR, 'podman'));
  const health = new HealthLoop();
  const times: string[] = [];
  let ready: Awaited<ReturnType<typeof containerReadiness>>;
  let started = 0;

  describe('containers', () => {
    beforeAll(async () => {
      started = Date.now();
      ready = await containerReadiness(images);
      if (ready?.skip) process.stdout.write(`\n*** container stage SKIPPED: ${ready.skip} ***\n\n`);
      if (ready?.fail)
        process.stdout.write(
          `\n*** container stage CANNOT RUN: ${ready.fail.split('\n')[0]} ***\n\n`,
        );
      if (ready) return;
      await service.start();
      health.start();
    }, 120_000);

    afterAll(async () => {
      await health.stop();
      await service.stop();
      if (ready) return;
      const secs = ((Date.now() - started) / 1000).toFixed(0);
      process.stdout.write(
        `\nContainer stage (podman):\n${times.join('\n')}\ncontainer stage: ${selected.length + withPostgres.length} stacks (Python ${python}) in ${secs}s\n`,
      );
    }, 120_000);

    // One stack at a time: two cores, ~0.5 GB of storage per project, and nginx's port 8080.
    // The rolling restart (two replicas behind nginx) on the first stack of each server: what it
    // proves is the server's drain and nginx's retry, the same for every framework on it.
    const rolled = new Set<string>();
    const runs = [
      ...selected.map((pair) => {
        const rolling = !rolled.has(pair.server);
        rolled.add(pair.server);
        return { pair, postgres: false, rolling };
      }),
      ...withPostgres.map((pair) => ({ pair, postgres: true, rolling: false })),
    ];
    for (const { pair, postgres, rolling } of runs) {
      const title = `${pair.framework} × ${pair.server}${postgres ? ` ${POSTGRES_TAG}` : ''}`;
      test(title, async (ctx) => {
        if (ready?.skip) ctx.skip(ready.skip);
        if (ready?.fail) throw new Error(ready.fail);
        const t: StackTimes = {};
        const t0 = Date.now();
        try {
          await proveStack(pair, service, t, python, { postgres, rolling });
        } finally {
          const steps = Object.entries(t)
            .map(([k, v]) => `${k} ${v.toFixed(0)}s`)
            .join(', ');
          times.push(
            `  ${title.padEnd(30)} ${((Date.now() - t0) / 1000).toFixed(0).padStart(4)}s  (${steps})`,
          );
        }
      }, 1_800_000);
    }

    for (const found of mode === 'postgres' || (process.env.PYWEB_PAIRS && mode !== 'all')
      ? []
      : FOUND_STACKS) {
      test(`found project ${found.fixture}, after add`, async (ctx) => {
        if (ready?.skip) ctx.skip(ready.skip);
        if (ready?.fail) throw new Error(ready.fail);
        const t: StackTimes = {};
        const t0 = Date.now();
        try {
          await proveFoundStack(found, service, t);
        } finally {
          const steps = Object.entries(t)
            .map(([k, v]) => `${k} ${v.toFixed(0)}s`)
            .join(', ');
          times.push(
            `  ${`found ${found.fixture}`.padEnd(30)} ${((Date.now() - t0) / 1000).toFixed(0).padStart(4)}s  (${steps})`,
          );
        }
      }, 1_800_000);
    }
  });
}
