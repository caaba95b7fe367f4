import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ADDONS, FRAMEWORKS, NEEDS, SERVERS, validPairs } from '../../generators/catalog/index.js';
import {
  PACKAGE_PLACEHOLDER,
  SCHEMA_VERSION,
  catalogJson,
} from '../../generators/cli/catalog-json.js';
import { FLAGS } from '../../generators/cli/flags.js';
import { toNames } from '../../generators/project/names.js';
import { buildStack } from '../../generators/project/stack.js';
import { ROOT } from '../helpers/paths.js';

/** `--list --json` as a reader gets it: through JSON, nothing but data. */
const data = JSON.parse(JSON.stringify(catalogJson()));
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };

describe('--list --json: the catalog a form is built from (issue 15, item 6)', () => {
  test('the documented shape, with its version', () => {
    expect(Object.keys(data)).toEqual([
      'schemaVersion',
      'tool',
      'placeholders',
      'defaults',
      'frameworks',
      'servers',
      'pairs',
      'refused',
      'python',
      'addons',
      'flags',
      'name',
      'needs',
    ]);
    expect(data.schemaVersion).toBe(SCHEMA_VERSION);
    expect(Number.isInteger(data.schemaVersion)).toBe(true);
    expect(data.tool).toEqual({ name: 'create-pyweb', version: pkg.version });
    expect(Object.keys(data.placeholders)).toEqual([PACKAGE_PLACEHOLDER]);
    const keys = (x: object) => Object.keys(x).sort();
    expect(keys(data.frameworks[0])).toEqual(
      keys({
        id: 0,
        title: 0,
        hint: 0,
        style: 0,
        interfaces: 0,
        websocket: 0,
        defaultServer: 0,
        servers: 0,
        dev: 0,
        develop: 0,
      }),
    );
    expect(keys(data.pairs[0])).toEqual(
      keys({
        framework: 0,
        server: 0,
        interface: 0,
        websocket: 0,
        http2: 0,
        serve: 0,
        dev: 0,
        develop: 0,
      }),
    );
    expect(keys(data.addons[0])).toEqual(
      keys({
        id: 0,
        title: 0,
        flag: 0,
        description: 0,
        needs: 0,
        default: 0,
        defaultFor: 0,
        fits: 0,
      }),
    );
  });

  test('the README documents every top-level field and the version policy', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('### The catalog as JSON'));
    expect(section).toContain('goes up when a field is removed, renamed or changes type');
    for (const k of Object.keys(data)) expect(section, k).toContain(`| \`${k}\` |`);
  });

  test('every framework has a default server, among its servers, the one a run without --server takes', () => {
    const serverIds = SERVERS.map((s) => s.id);
    expect(data.frameworks.map((f: { id: string }) => f.id)).toEqual(FRAMEWORKS.map((f) => f.id));
    for (const f of data.frameworks) {
      expect(f.servers.length, f.id).toBeGreaterThan(0);
      expect(f.servers[0], f.id).toBe(f.defaultServer);
      expect(f.defaultServer, f.id).toBe(buildStack('shop', f.id, undefined).server.id);
      for (const s of f.servers) expect(serverIds, `${f.id}: ${s}`).toContain(s);
      expect(f.develop.at(-1).cmd, f.id).toBe(f.dev);
    }
  });

  test('pairs and refusals cover the grid once; a framework lists exactly its pairs', () => {
    const pairs = data.pairs.map(
      (p: { framework: string; server: string }) => `${p.framework}:${p.server}`,
    );
    const refused = data.refused.map(
      (p: { framework: string; server: string }) => `${p.framework}:${p.server}`,
    );
    expect(pairs.length).toBe(validPairs().length);
    expect(new Set([...pairs, ...refused]).size).toBe(FRAMEWORKS.length * SERVERS.length);
    for (const f of data.frameworks)
      expect(f.servers.map((s: string) => `${f.id}:${s}`).sort()).toEqual(
        pairs.filter((p: string) => p.startsWith(`${f.id}:`)).sort(),
      );
    for (const r of data.refused)
      expect(r.reason, `${r.framework}:${r.server}`).toMatch(/; try \S+/);
  });

  test('commands name the package by its placeholder, never a made-up package', () => {
    for (const p of data.pairs) {
      const where = `${p.framework}:${p.server}`;
      for (const cmd of [p.serve, p.dev, ...p.develop.map((s: { cmd?: string }) => s.cmd ?? '')]) {
        expect(cmd, where).not.toMatch(/(^|[\s'"=])app([.:/\s]|$)|pywebplaceholder/);
        // No other named field: braces left are the shell's ${VAR:-default}.
        const bare = cmd.replaceAll('{package}', '').replace(/\$\{[A-Z_]+:-[^}]*\}/g, '');
        expect(bare, where).not.toMatch(/[{}]/);
      }
      // uWSGI reads the app from uwsgi.ini; Django's runserver from manage.py.
      if (p.server !== 'uwsgi') expect(p.serve, where).toContain(PACKAGE_PLACEHOLDER);
    }
    const flaskGunicorn = data.pairs.find(
      (p: { framework: string; server: string }) =>
        p.framework === 'flask' && p.server === 'gunicorn',
    );
    expect(flaskGunicorn.serve).toMatch(/^gunicorn .* \{package\}\.proxied:app$/);
  });

  test('python versions with their default; add-ons with what they need, fit and start as', () => {
    expect(data.python.versions).toContain(data.python.default);
    expect(data.defaults.python).toBe(data.python.default);
    expect(data.python.refused[0]).toEqual({ version: '3.10', reason: expect.any(String) });
    const addonIds = ADDONS.map((a) => a.id);
    expect(data.addons.map((a: { id: string }) => a.id)).toEqual(addonIds);
    for (const a of data.addons) {
      expect(a.flag).toBe(`--${a.id}`);
      for (const n of a.needs) expect(addonIds, a.id).toContain(n);
      for (const s of a.defaultFor) expect(a.fits, a.id).toContain(s);
    }
    const apache = data.addons.find((a: { id: string }) => a.id === 'apache');
    expect(apache.fits).toEqual(['mod_wsgi']);
    expect(apache.defaultFor).toEqual(['mod_wsgi']);
    expect(data.addons.find((a: { id: string }) => a.id === 'compose').needs).toEqual(['docker']);
  });

  test('the flags are the flag table', () => {
    expect(data.flags.map((f: { name: string }) => f.name)).toEqual(FLAGS.map((f) => f.name));
    const framework = data.flags.find((f: { name: string }) => f.name === 'framework');
    expect(framework).toMatchObject({
      alias: 'f',
      type: 'string',
      values: FRAMEWORKS.map((f) => f.id),
    });
  });

  test('flag defaults are values a form can set, with the words apart; CLI-only flags marked (M5)', () => {
    const flag = (name: string) => data.flags.find((f: { name: string }) => f.name === name);
    expect(flag('framework')).toMatchObject({ default: 'fastapi', cliOnly: false });
    expect(flag('server')).toMatchObject({
      default: null,
      defaultLabel: "the framework's recommended server",
    });
    expect(flag('docker')).toMatchObject({ default: true, defaultLabel: 'on' });
    expect(flag('k8s')).toMatchObject({ default: false, defaultLabel: 'off' });
    expect(flag('python').default).toBe(data.python.default);
    expect(flag('git').default).toBe(true);
    expect(flag('install').default).toBe(false);
    for (const f of data.flags) {
      if (f.type === 'boolean') expect(typeof f.default, f.name).toBe('boolean');
      else expect(f.default === null || f.values.includes(f.default), f.name).toBe(true);
      if ('defaultLabel' in f) expect(typeof f.defaultLabel, f.name).toBe('string');
    }
    expect(
      data.flags
        .filter((f: { cliOnly: boolean }) => f.cliOnly)
        .map((f: { name: string }) => f.name)
        .sort(),
    ).toEqual(['dry-run', 'help', 'json', 'list', 'version', 'yes']);
  });

  test('the project name: its pattern and refused package names are what the CLI refuses (M5)', () => {
    const { name } = data;
    expect(name.argument).toBe('directory');
    const pattern = new RegExp(name.pattern);
    const accepts = (n: string) => {
      try {
        toNames(n);
        return true;
      } catch {
        return false;
      }
    };
    for (const n of ['shop', 'my-app', 'My App', 'a1', '_x_y', 'x'.repeat(name.maxLength)]) {
      expect(pattern.test(n), n).toBe(true);
      expect(accepts(n), n).toBe(true);
    }
    for (const n of [
      '',
      '1app',
      '--',
      '9',
      'x'.repeat(name.maxLength + 1),
      'a/b',
      'a\\b',
      'a\u0001b',
    ]) {
      expect(pattern.test(n), JSON.stringify(n)).toBe(false);
    }
    for (const n of ['', '1app', '--', 'x'.repeat(name.maxLength + 1), 'a\u0001b'])
      expect(accepts(n), JSON.stringify(n)).toBe(false);
    const kinds = new Set(name.refusedPackages.map((r: { kind: string }) => r.kind));
    expect([...kinds]).toEqual(['keyword', 'stdlib', 'dependency', 'reserved']);
    for (const r of name.refusedPackages) {
      expect(r.reason, r.kind).toEqual(expect.any(String));
      for (const n of r.names) {
        expect(pattern.test(n), n).toBe(true);
        expect(accepts(n), `${r.kind}: ${n}`).toBe(false);
      }
    }
    const all = name.refusedPackages.flatMap((r: { names: string[] }) => r.names);
    for (const n of ['class', 'json', 'flask', 'uvicorn', 'deploy', 'tests'])
      expect(all, n).toContain(n);
  });

  test("recommend's needs: id, question, flag, and which contradict (M5)", () => {
    expect(data.needs.map((n: { id: string }) => n.id)).toEqual(NEEDS.map((n) => n.id));
    for (const n of data.needs) {
      expect(n.flag).toBe(`--${n.id}`);
      expect(n.question).toEqual(expect.any(String));
    }
    expect(data.needs.find((n: { id: string }) => n.id === 'async').excludes).toEqual(['sync']);
  });
});
