import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { describe, expect, test } from 'vitest';
import { ENV_VARS, envTables } from '../../generators/catalog/env.js';
import { SERVERS, validPairs } from '../../generators/catalog/index.js';
import { templateContext } from '../../generators/project/context.js';
import { layersFor } from '../../generators/project/layers.js';
import { renderLayers } from '../../generators/project/render.js';
import { buildStack } from '../../generators/project/stack.js';
import { packageTemplates } from '../../generators/project/template-files.js';
import { productionStepLine } from '../../generators/serve/production.js';
import { ACCESS_LOG_FLAG, shellLine } from '../../generators/serve/spec.js';

describe('ACCESS_LOG (issue 20, item 4)', () => {
  test('one row of the settings table: .env.example and the ConfigMap say 1', () => {
    const row = ENV_VARS.find((v) => v.name === 'ACCESS_LOG');
    expect(row).toBeDefined();
    const place = {
      wsgi: true,
      workers: true,
      docker: true,
      compose: true,
      nginx: true,
      port: 8000,
      wsgiThreads: 4,
      trustedProxies: '127.0.0.1',
      k8sHost: 'example.com',
    };
    const tables = envTables(place);
    expect(tables.example.find((e) => e.name === 'ACCESS_LOG')?.value).toBe('1');
    expect(tables.configMap.find((e) => e.name === 'ACCESS_LOG')?.value).toBe('1');
    expect(tables.readme.map((r) => r.name)).toContain('ACCESS_LOG');
  });

  test('the switch word: on unless ACCESS_LOG is 0, one word through sh', () => {
    const line = shellLine(['printf', '[%s]', ACCESS_LOG_FLAG]);
    const said = (value?: string) => {
      const env: NodeJS.ProcessEnv = { PATH: process.env.PATH };
      if (value !== undefined) env.ACCESS_LOG = value;
      return spawnSync('sh', ['-c', line], { env, encoding: 'utf8' }).stdout;
    };
    expect(said()).toBe('[--access-log]');
    expect(said('1')).toBe('[--access-log]');
    expect(said('')).toBe('[--access-log]');
    expect(said('0')).toBe('[--no-access-log]');
    expect(productionStepLine({ cmd: line, what: '' }, 'powershell')).toBe(
      "printf '[%s]' --access-log",
    );
  });

  // Each server reads it where it runs: its command, its config file or its launcher.
  test.each(SERVERS.map((s) => s.id))('%s honours ACCESS_LOG', async (id) => {
    const pair = validPairs().find((p) => p.server === id)!;
    const stack = buildStack(join(tmpdir(), 'shop'), pair.framework, pair.server);
    const tree = await renderLayers(layersFor(stack), templateContext(stack), packageTemplates);
    const code = [...tree].filter(([path]) => /\.(py|ini)$/.test(path));
    const reads = [stack.serve.line, ...code.map(([, f]) => String(f.content))].filter((text) =>
      /\$\{ACCESS_LOG|environ(\.get)?\(\s*"ACCESS_LOG"|get\("ACCESS_LOG"|if-env = ACCESS_LOG/.test(
        text,
      ),
    );
    expect(reads.length, `${id}: nothing reads ACCESS_LOG`).toBeGreaterThan(0);
  });
});
