import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { renderReadme } from '../../generators/cli/readme.js';
import { requirements, templateContext } from '../../generators/project/context.js';
import { layersFor } from '../../generators/project/layers.js';
import { listFiles, renderTo } from '../helpers/render-to.js';
import { buildStack } from '../../generators/project/stack.js';
import { ROOT } from '../helpers/paths.js';
import { renderPairs } from '../helpers/rendered.js';
import { run } from '../helpers/run.js';

const out = await mkdtemp(join(tmpdir(), 'pyweb-render-'));
afterAll(() => rm(out, { recursive: true, force: true }));

/** Every pair with every deployment file, rendered once, shared by the checks below. */
const rendered = renderPairs(out);

describe('rendering every pair', () => {
  test('no Handlebars escape or leftover in any file', async () => {
    for (const { dir } of await rendered) {
      for (const rel of await listFiles(dir)) {
        const text = await readFile(join(dir, rel), 'utf8');
        expect(text, `${dir}/${rel}`).not.toMatch(/&quot;|&#x27;|&#x3D;|&amp;|&lt;|&gt;|&#x60;/);
        expect(text, `${dir}/${rel}`).not.toMatch(/\{\{[#/]?[a-zA-Z]/);
      }
    }
  });

  test('every Python file compiles and every TOML file parses', async () => {
    const dirs = (await rendered).map((r) => r.dir);
    const script = [
      'import pathlib, sys, tomllib',
      'bad = []',
      'for d in sys.argv[1:]:',
      '    for f in pathlib.Path(d).rglob("*"):',
      '        try:',
      '            if f.suffix == ".py": compile(f.read_text(), str(f), "exec")',
      '            if f.suffix == ".toml": tomllib.loads(f.read_text())',
      '        except Exception as e: bad.append(f"{f}: {e}")',
      'print("\\n".join(bad)); sys.exit(1 if bad else 0)',
    ].join('\n');
    const r = await run('python3', ['-c', script, ...dirs], { timeoutMs: 60_000 });
    expect(r.code, r.stdout + r.stderr).toBe(0);
  });

  test('pyproject records the stack and pins every requirement', async () => {
    for (const { dir, stack } of await rendered) {
      const py = await readFile(join(dir, 'pyproject.toml'), 'utf8');
      expect(py).toContain(`framework = "${stack.framework.id}"`);
      expect(py).toContain(`server = "${stack.server.id}"`);
      for (const req of [...requirements(stack).runtime, ...requirements(stack).dev])
        expect(py).toContain(`"${req}"`);
      expect(py).toContain(`requires-python = ">=${stack.deploy.python}"`);
    }
  });

  test('the Dockerfile CMD is the serve spec', async () => {
    for (const { dir, stack } of await rendered) {
      const dockerfile = await readFile(join(dir, 'Dockerfile'), 'utf8');
      expect(dockerfile).toContain(`CMD ${JSON.stringify(stack.serve.argv)}`);
    }
  });

  test('a server of one process (Waitress, Daphne) is documented with no worker processes', async () => {
    const single = (await rendered).filter(({ stack }) => stack.server.workers === 'none');
    expect(new Set(single.map(({ stack }) => stack.server.id))).toEqual(
      new Set(['waitress', 'daphne']),
    );
    for (const { dir } of single) {
      for (const doc of ['README.md', '.env.example']) {
        const text = await readFile(join(dir, doc), 'utf8');
        expect(text, `${dir}/${doc}`).not.toContain('WEB_CONCURRENCY');
        expect(text, `${dir}/${doc}`).not.toMatch(/worker process/i);
      }
      // The flag is true: nothing the server runs reads the variable (a docstring may name it).
      for (const rel of await listFiles(dir)) {
        if (!/\.(py|toml|ini|cfg)$|^Dockerfile$/.test(rel)) continue;
        const text = await readFile(join(dir, rel), 'utf8');
        expect(text, `${dir}/${rel}`).not.toMatch(/["']WEB_CONCURRENCY["']|\$\{?WEB_CONCURRENCY:/);
      }
    }
  });

  test('--no-docker turns the compose default off with it', () => {
    expect(buildStack(join(out, 'x'), 'flask', 'gunicorn', { docker: false }).deploy).toMatchObject(
      { docker: false, compose: false, nginx: true },
    );
  });

  test('files from a layer that does not apply are absent', async () => {
    const none = buildStack(join(out, 'bare'), 'flask', 'gunicorn', {
      docker: false,
      compose: false,
      nginx: false,
      k8s: false,
    });
    await renderTo(layersFor(none), join(out, 'bare'), templateContext(none));
    const files = await listFiles(join(out, 'bare'));
    expect(files).not.toContain('Dockerfile');
    expect(files).not.toContain('compose.yaml');
    expect(files.some((f) => f.startsWith('deploy/k8s'))).toBe(false);
    expect(files).toContain('pyproject.toml');
  });
});

test("the README's generated tables match the catalog (npm run readme)", () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  expect(renderReadme(readme)).toBe(readme);
});
