import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { tool } from '../helpers/paths.js';
import { renderFound, renderPairs } from '../helpers/rendered.js';
import { run } from '../helpers/run.js';

/**
 * The PyPI linters over what test/unit/render.test.ts and add-render.test.ts render: ruff and
 * hadolint come from .cache/tools (test/global-setup.ts), so these live outside the unit tests.
 */
const out = await mkdtemp(join(tmpdir(), 'pyweb-render-lint-'));
afterAll(() => rm(out, { recursive: true, force: true }));

describe('new projects', () => {
  const pairs = renderPairs(join(out, 'pairs'));

  test("ruff passes on every pair, with each project's own configuration", async () => {
    const ruff = tool('ruff');
    expect(ruff, 'ruff is missing from .cache/tools: the global setup did not run').toBeDefined();
    const dirs = (await pairs).map((x) => x.dir);
    const r = await run(ruff!, ['check', '--no-cache', ...dirs], { timeoutMs: 60_000 });
    expect(r.code, r.stdout + r.stderr).toBe(0);
  });

  test("every Python file is as ruff format writes it, with each project's own configuration", async () => {
    const ruff = tool('ruff');
    expect(ruff, 'ruff is missing from .cache/tools: the global setup did not run').toBeDefined();
    const dirs = (await pairs).map((x) => x.dir);
    const r = await run(ruff!, ['format', '--check', '--no-cache', ...dirs], { timeoutMs: 60_000 });
    expect(r.code, r.stdout + r.stderr).toBe(0);
  });
});

describe('new projects: Dockerfiles', () => {
  const pairs = renderPairs(join(out, 'pairs-docker'));

  test('hadolint passes on every Dockerfile at its default threshold (info)', async () => {
    const hadolint = tool('hadolint');
    expect(hadolint, 'hadolint is missing from .cache/tools').toBeDefined();
    for (const { dir } of await pairs) {
      const r = await run(hadolint!, ['--no-color', 'Dockerfile'], { cwd: dir, timeoutMs: 30_000 });
      expect(r.code, `${dir}: ${r.stdout}${r.stderr}`).toBe(0);
    }
  });
});

describe('add renders for found projects', () => {
  const rendered = renderFound(join(out, 'found'));

  test('hadolint passes on every Dockerfile at its default threshold (info)', async () => {
    const hadolint = tool('hadolint');
    expect(hadolint, 'hadolint is missing from .cache/tools').toBeDefined();
    for (const { dir } of await rendered) {
      const r = await run(hadolint!, ['--no-color', 'Dockerfile'], { cwd: dir, timeoutMs: 30_000 });
      expect(r.code, `${dir}: ${r.stdout}${r.stderr}`).toBe(0);
    }
  });

  test('Python passes ruff with its defaults (88 columns: the usual user configuration)', async () => {
    const ruff = tool('ruff');
    expect(ruff).toBeDefined();
    const dirs = (await rendered).map((r) => r.dir);
    const r = await run(
      ruff!,
      ['check', '--no-cache', '--isolated', '--select', 'E,F,W', ...dirs],
      { timeoutMs: 60_000 },
    );
    expect(r.code, r.stdout + r.stderr).toBe(0);
  });

  test('every Python file is as ruff format writes it with its defaults (88 columns)', async () => {
    const ruff = tool('ruff');
    expect(ruff).toBeDefined();
    const dirs = (await rendered).map((r) => r.dir);
    const r = await run(ruff!, ['format', '--check', '--no-cache', '--isolated', ...dirs], {
      timeoutMs: 60_000,
    });
    expect(r.code, r.stdout + r.stderr).toBe(0);
  });
});
