import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import type { InstallMethod } from '../../generators/project/stack.js';
import { renderFound } from '../helpers/rendered.js';

/**
 * What `add` writes into a project it did not make, for every server and every way of installing:
 * rendered without a Handlebars leftover or escape, glue where the layout puts it, a Dockerfile
 * that installs as the project does and whose CMD is the serve spec. ruff and hadolint check the
 * same files in test/integration/render-lint.test.ts.
 */
const out = await mkdtemp(join(tmpdir(), 'pyweb-add-render-'));
afterAll(() => rm(out, { recursive: true, force: true }));

const rendered = renderFound(out);

describe('add renders for found projects', () => {
  test('no Handlebars escape or leftover, glue where the layout puts it', async () => {
    for (const { files, stack, dir } of await rendered) {
      for (const [rel, text] of files) {
        expect(text, `${dir}/${rel}`).not.toMatch(/&quot;|&#x27;|&#x3D;|&amp;|&lt;|&gt;|&#x60;/);
        expect(text, `${dir}/${rel}`).not.toMatch(/\{\{[#/]?[a-zA-Z]/);
        expect(rel, 'nothing of the app layers').not.toMatch(
          /^(tests\/|README\.md|pyproject\.toml)/,
        );
      }
      const glue = [...files.keys()].filter(
        (p) =>
          p.endsWith('.py') &&
          !p.startsWith('deploy/') &&
          !p.endsWith('.conf.py') &&
          !p.endsWith('_conf.py'),
      );
      for (const p of glue) expect(p.startsWith(`${stack.shape.glue.dir}/`), p).toBe(true);
      expect(files.get('Dockerfile')).toContain(`CMD ${JSON.stringify(stack.serve.argv)}`);
      expect(files.get('Dockerfile')).toContain("+ '/health', timeout=4)");
    }
  });

  test('the Dockerfile installs as the project does', async () => {
    const expected: Record<InstallMethod, RegExp> = {
      requirements: /COPY requirements\.txt \.\/\nRUN pip install -r requirements\.txt/,
      uv: /COPY pyproject\.toml uv\.lock\* \.\/\nRUN --mount=type=cache,target=\/root\/\.cache\/uv \\\n {4}uv sync --locked --no-dev --no-install-project\n/,
      poetry:
        /RUN poetry install --only main --no-root\nCOPY \. \.\nRUN poetry install --only main\n/,
      'uv-workspace':
        /COPY \. \.\nRUN --mount=type=cache,target=\/root\/\.cache\/uv \\\n {4}uv sync --locked --no-dev --package shop\n[\s\S]*COPY \. \.\n# [^\n]*\nWORKDIR \/app\/packages\/shop\n/,
      'poetry-no-root': /RUN poetry install --only main --no-root\n\nFROM /,
      pdm: /COPY pyproject\.toml pdm\.lock\* \.\/\nRUN pdm install --check --prod --no-self\n/,
      pip: /COPY \. \.\nRUN pip install \./,
      'pip-dependencies':
        /COPY pyproject\.toml \.\/\nRUN python -c "import tomllib;[^\n]*\n {4}&& pip install -r \/tmp\/requirements\.txt\n\nFROM /,
    };
    for (const { files, m } of await rendered) expect(files.get('Dockerfile')).toMatch(expected[m]);
  });
});
