import { readFileSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { section, slotLine } from '../../generators/addons/patch.js';
import type { Addon, PatchContext } from '../../generators/addons/types.js';
import { addCommand } from '../../generators/add/command.js';
import { ADDON_IDS, VERSIONS } from '../../generators/catalog/index.js';
import { templateContext } from '../../generators/project/context.js';
import { layersFor } from '../../generators/project/layers.js';
import { renderTo } from '../helpers/render-to.js';
import { buildStack } from '../../generators/project/stack.js';

/**
 * The acceptance test of "add-ons are modules": a new add-on is its folder (here
 * test/fixtures/addon-cache: a file, a compose service, a README section), its definition (here,
 * in this test), its registration (the mock below adds it to generators/addons/index.ts's list)
 * and a line in the versions table. Nothing else is edited, and its setting, its dependency,
 * its file and its patches reach the project.
 */
const { cache } = vi.hoisted(() => {
  const home = `${import.meta.dirname}/../fixtures/addon-cache`;
  const cache = {
    id: 'cache',
    title: 'Redis cache',
    description: 'Redis beside the app, in compose',
    requires: ['compose'],
    servesApp: false,
    byDefault: () => false,
    defaultLabel: 'off',
    dependencies: { runtime: ['redis'] },
    settings: [
      {
        name: 'REDIS_URL',
        default: () => '`redis://localhost:6379/0`',
        what: 'the Redis the app caches in',
        example: () => ({ value: 'redis://localhost:6379/0' }),
        compose: () => ({ value: '${REDIS_URL:-redis://cache:6379/0}' }),
        configMap: () => ({ value: 'redis://redis:6379/0' }),
      },
      {
        name: 'REDIS_PASSWORD',
        secret: true,
        default: () => 'none',
        what: 'its password',
        configMap: () => ({ value: 'never here' }),
      },
    ],
    home,
  };
  return { cache };
});

vi.mock('../../generators/addons/index.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../generators/addons/index.js')>();
  const { section, composeServices } = await import('../../generators/addons/patch.js');
  const patches = [
    composeServices('compose.yaml'),
    section('README.md', 'deploy', 'README.deploy.md'),
  ];
  return { ADDONS: [...real.ADDONS, { ...cache, patches } satisfies Addon] };
});

let dir: string;
let project: string;
const read = (rel: string) => readFile(join(project, rel), 'utf8');

beforeAll(async () => {
  // The versions table's new line.
  VERSIONS.redis = 'redis~=5.2';
  dir = await mkdtemp(join(tmpdir(), 'pyweb-addon-'));
  project = join(dir, 'svc');
  const stack = buildStack(project, 'fastapi', 'uvicorn', { k8s: true, cache: true });
  await renderTo(layersFor(stack), project, templateContext(stack));
});

afterAll(async () => {
  delete VERSIONS.redis;
  await rm(dir, { recursive: true, force: true });
});

describe('an add-on defined outside the code it plugs into', () => {
  test('is registered by its line: a flag, an id', () => {
    expect(ADDON_IDS).toContain('cache');
  });

  test('writes its files', async () => {
    expect(await read('deploy/cache/redis.conf')).toMatch(/^# Redis for svc:/);
  });

  test('its setting reaches .env.example, compose, the ConfigMap and the README table', async () => {
    expect(await read('.env.example')).toContain('\nREDIS_URL=redis://localhost:6379/0\n');
    expect(await read('compose.yaml')).toContain(
      '      REDIS_URL: "${REDIS_URL:-redis://cache:6379/0}"\n',
    );
    const configMap = await read('deploy/k8s/configmap.yaml');
    expect(configMap).toContain('  REDIS_URL: "redis://redis:6379/0"\n');
    // A secret is never in the ConfigMap: the Deployment reads it from a Secret.
    expect(configMap).not.toContain('REDIS_PASSWORD');
    expect(await read('deploy/k8s/deployment.yaml')).toContain(
      [
        '            - name: REDIS_PASSWORD',
        '              valueFrom:',
        '                secretKeyRef:',
        '                  name: svc-secrets',
        '                  key: REDIS_PASSWORD',
      ].join('\n'),
    );
    const readme = await read('README.md');
    expect(readme).toContain(
      '| `REDIS_URL` | `redis://localhost:6379/0` | the Redis the app caches in |',
    );
  });

  test('its dependency reaches pyproject.toml, pinned by the versions table', async () => {
    expect(await read('pyproject.toml')).toMatch(/^ {4}"redis~=5\.2",$/m);
  });

  test('its compose service is merged as YAML, and merging again changes nothing', async () => {
    const compose = await read('compose.yaml');
    expect(compose).toMatch(/^ {2}cache:\n {4}image: redis:7-alpine$/m);
    // The app's service and nginx are still there, ahead of it.
    expect(compose.indexOf('  app:')).toBeLessThan(compose.indexOf('  cache:'));
    const { composeServices } = await import('../../generators/addons/patch.js');
    const ctx = contextFor(cache.home);
    expect(await composeServices('compose.yaml').apply(compose, ctx)).toBe(compose);
  });

  test('its README section comes after the add-ons registered before it, once', async () => {
    const readme = await read('README.md');
    expect(readme).toContain('\n### Cache\n\n`deploy/cache/redis.conf` configures the Redis');
    // Registered last: after CI's section, the last of the built-in add-ons.
    expect(readme.indexOf('### Continuous integration')).toBeLessThan(readme.indexOf('### Cache'));
    expect(readme.indexOf('### Cache')).toBeLessThan(readme.indexOf('<!-- /create-pyweb:deploy'));
    expect(readme).not.toContain('create-pyweb:slot');
    const patch = section('README.md', 'deploy', 'README.deploy.md');
    const ctx = contextFor(cache.home);
    const once = await patch.apply(`a\n${slotLine('deploy')}b\n`, ctx);
    expect(once).toContain('### Cache');
    expect(await patch.apply(once, ctx)).toBe(once);
  });
});

describe('`add` with it, in a project create-pyweb did not make', () => {
  test('adds its dependency to requirements.txt, its service and its setting', async () => {
    const found = join(dir, 'found');
    await cp(join(import.meta.dirname, '..', 'fixtures', 'foreign', 'flask-single'), found, {
      recursive: true,
    });
    const log: string[] = [];
    const io = { log: (l: string) => log.push(l), interactive: false, cwd: found };
    expect(await addCommand(['cache', '--yes'], io), log.join('\n')).toBe(0);
    const text = (rel: string) => readFile(join(found, rel), 'utf8');
    expect(await text('requirements.txt')).toMatch(/^redis~=5\.2$/m);
    expect(await text('compose.yaml')).toMatch(/^ {2}cache:$/m);
    expect(await text('.env.example')).toContain('\nREDIS_URL=redis://localhost:6379/0\n');
  });
});

function contextFor(home: string): PatchContext {
  return {
    data: { name: 'svc' },
    render: async (text) => text.replace(/\{\{name\}\}/g, 'svc'),
    read: (rel) => readFileSync(join(home, rel), 'utf8'),
  };
}
