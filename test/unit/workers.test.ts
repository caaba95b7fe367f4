import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { SERVERS, validPairs } from '../../generators/catalog/index.js';
import { templateContext } from '../../generators/project/context.js';
import { layersFor } from '../../generators/project/layers.js';
import { buildStack } from '../../generators/project/stack.js';
import { WORKERS_MODULE } from '../../generators/serve/spec.js';
import { renderTo } from '../helpers/render-to.js';
import { run } from '../helpers/run.js';

const out = await mkdtemp(join(tmpdir(), 'pyweb-workers-'));
afterAll(() => rm(out, { recursive: true, force: true }));

/** A project whose server counts workers, rendered once: its workers.py is the one under test. */
const project = (async () => {
  const dir = join(out, 'shop');
  const stack = buildStack(dir, 'flask', 'gunicorn');
  await renderTo(layersFor(stack), dir, templateContext(stack));
  return dir;
})();

/**
 * worker_count() run by python3 over a fake cgroup root: `files` relative to it, with
 * WEB_CONCURRENCY as given (unset when undefined). Returns the count and the host's affinity.
 */
async function count(files: Record<string, string>, webConcurrency?: string) {
  const root = await mkdtemp(join(out, 'cgroup-'));
  for (const [rel, text] of Object.entries(files)) {
    await mkdir(join(root, rel, '..'), { recursive: true });
    await writeFile(join(root, rel), text);
  }
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.WEB_CONCURRENCY;
  if (webConcurrency !== undefined) env.WEB_CONCURRENCY = webConcurrency;
  // Loaded by path: the package's __init__ imports the framework, which python3 here lacks.
  const script = [
    'import importlib.util, os, sys',
    `spec = importlib.util.spec_from_file_location("workers", "shop/${WORKERS_MODULE}.py")`,
    'workers = importlib.util.module_from_spec(spec)',
    'spec.loader.exec_module(workers)',
    'print(workers.worker_count(sys.argv[1]), len(os.sched_getaffinity(0)))',
  ].join('\n');
  const r = await run('python3', ['-c', script, root], { cwd: await project, env });
  expect(r.code, r.stderr).toBe(0);
  const [workers, affinity] = r.stdout.trim().split(' ').map(Number);
  return { workers, affinity };
}

describe("workers.py: WEB_CONCURRENCY, else the cgroup's CPU quota", () => {
  test('cgroup v2 cpu.max: a quota is CPUs rounded up, "max" is none', async () => {
    expect((await count({ 'cpu.max': '200000 100000\n' })).workers).toBe(2);
    expect((await count({ 'cpu.max': '150000 100000\n' })).workers).toBe(2);
    expect((await count({ 'cpu.max': '100000 100000\n' })).workers).toBe(1);
    // Less than one CPU is still one worker.
    expect((await count({ 'cpu.max': '25000 100000\n' })).workers).toBe(1);
    const none = await count({ 'cpu.max': 'max 100000\n' });
    expect(none.workers).toBe(none.affinity);
  });

  test('cgroup v2 wins over v1 files beside it (a hybrid host)', async () => {
    const r = await count({
      'cpu.max': 'max 100000',
      'cpu/cpu.cfs_quota_us': '300000',
      'cpu/cpu.cfs_period_us': '100000',
    });
    expect(r.workers).toBe(r.affinity);
  });

  test('cgroup v1: cfs_quota_us over cfs_period_us, -1 is none', async () => {
    const v1 = (quota: string, dir = 'cpu') => ({
      [`${dir}/cpu.cfs_quota_us`]: `${quota}\n`,
      [`${dir}/cpu.cfs_period_us`]: '100000\n',
    });
    expect((await count(v1('300000'))).workers).toBe(3);
    expect((await count(v1('250000', 'cpu,cpuacct'))).workers).toBe(3);
    const none = await count(v1('-1'));
    expect(none.workers).toBe(none.affinity);
  });

  test('no cgroup files, or unreadable ones: the CPUs the process may run on', async () => {
    const empty = await count({});
    expect(empty.workers).toBe(empty.affinity);
    const garbage = await count({ 'cpu.max': 'lots' });
    expect(garbage.workers).toBe(garbage.affinity);
  });

  test('WEB_CONCURRENCY wins; empty counts as unset', async () => {
    expect((await count({ 'cpu.max': '200000 100000' }, '5')).workers).toBe(5);
    expect((await count({ 'cpu.max': '200000 100000' }, '')).workers).toBe(2);
  });

  test('run as a script it prints the count, as `python -m <glue>.workers` does for the flags', async () => {
    const r = await run('python3', [`shop/${WORKERS_MODULE}.py`], {
      cwd: await project,
      env: { ...process.env, WEB_CONCURRENCY: '3' },
    });
    expect(r.stdout.trim()).toBe('3');
  });
});

describe('which projects count workers', () => {
  test("workers.py exactly where the server's workers are processes", async () => {
    for (const server of SERVERS) {
      const pair = validPairs().find((p) => p.server === server.id)!;
      const dir = join(out, server.id, 'shop');
      const stack = buildStack(dir, pair.framework, server.id);
      const files = await renderTo(layersFor(stack), dir, templateContext(stack));
      const has = files.some((f) => f.path === `shop/${WORKERS_MODULE}.py`);
      expect(has, server.id).toBe(server.workers === 'processes');
    }
  });
});
