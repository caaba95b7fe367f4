import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { nextSteps } from '../../generators/cli/create.js';
import { templateContext } from '../../generators/project/context.js';
import { layersFor } from '../../generators/project/layers.js';
import { renderTo } from '../helpers/render-to.js';
import { buildStack } from '../../generators/project/stack.js';
import {
  productionLines,
  productionStepLine,
  productionSteps,
} from '../../generators/serve/production.js';

/**
 * One list of production steps (issue 15, item 5): the README's "Run in production" block, the
 * CLI's next steps and the image's build commands all come from it. test/cli/production.test.ts
 * runs the block; these check that the other places say the same.
 */
const out = await mkdtemp(join(tmpdir(), 'pyweb-production-steps-'));
afterAll(() => rm(out, { recursive: true, force: true }));

describe('production steps', () => {
  test('Django: .env, collectstatic and migrate, then the server; others: the server alone', () => {
    const django = productionSteps(buildStack(join(out, 'a'), 'django', 'gunicorn'));
    expect(django.map((s) => productionStepLine(s))).toEqual([
      'set -a && . ./.env && set +a',
      'python manage.py collectstatic --noinput',
      'python manage.py migrate',
      'gunicorn --config gunicorn.conf.py a.proxied:app',
    ]);
    const flask = buildStack(join(out, 'b'), 'flask', 'gunicorn');
    expect(productionSteps(flask).map((s) => productionStepLine(s))).toEqual([flask.serve.line]);
  });

  test("the CLI prints the README's production steps, in order, after the development ones", async () => {
    for (const [f, s, deploy] of [
      ['django', 'gunicorn', {}],
      ['django', 'uvicorn', { docker: false }],
      ['fastapi', 'uvicorn', {}],
    ] as const) {
      const st = buildStack(join(out, `${f}-${s}`), f, s, deploy);
      await renderTo(layersFor(st), st.names.dir, templateContext(st));
      const readme = await readFile(join(st.names.dir, 'README.md'), 'utf8');
      const block = /## Run in production\n[\s\S]*?```sh\n([\s\S]*?)```/.exec(readme)![1];
      expect(block.trimEnd().split('\n')).toEqual(productionLines(st));
      const cmds = nextSteps(st, { rel: '.', installed: true, shell: 'sh' }).map((x) => x.cmd);
      const prod = productionSteps(st).map((x) => productionStepLine(x));
      const at = cmds.indexOf(prod[0]);
      expect(at, `${f} × ${s}: ${cmds.join(' | ')}`).toBeGreaterThan(-1);
      expect(cmds.slice(at, at + prod.length)).toEqual(prod);
      expect(at).toBeGreaterThan(cmds.indexOf('pytest'));
    }
  });

  test('the image runs the build steps; README and CLI say "as the container" only with one', async () => {
    const st = buildStack(join(out, 'img'), 'django', 'gunicorn');
    await renderTo(layersFor(st), st.names.dir, templateContext(st));
    const dockerfile = await readFile(join(st.names.dir, 'Dockerfile'), 'utf8');
    expect(dockerfile).toContain(
      'RUN DJANGO_SECRET_KEY=build-only-collectstatic python manage.py collectstatic --noinput',
    );
    expect(dockerfile).not.toContain('manage.py migrate');
    const bare = buildStack(join(out, 'bare'), 'django', 'gunicorn', { docker: false });
    for (const s of productionSteps(bare)) expect(s.what).not.toMatch(/container|image/);
  });

  test('PowerShell: the same steps without sh syntax', () => {
    const st = buildStack(join(out, 'ps'), 'django', 'waitress');
    const lines = productionSteps(st).map((s) => productionStepLine(s, 'powershell'));
    expect(lines[0]).toMatch(/^Get-Content \.env /);
    expect(lines.join('\n')).not.toMatch(/\$\{|set -a/);
  });
});
