import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { applyPatches } from '../../generators/addons/patch.js';
import { ADDON_IDS, findAddon, SERVERS } from '../../generators/catalog/index.js';
import { COMPILE_OPTIONS } from '../../generators/project/compile-options.js';
import { templateContext } from '../../generators/project/context.js';
import { layersFor } from '../../generators/project/layers.js';
import { packageTemplates } from '../../generators/project/template-files.js';
import { listFiles, renderTo } from './render-to.js';
import { buildStack } from '../../generators/project/stack.js';

/**
 * What every add-on's own test checks (generators/addons/<id>/<id>.test.ts): a project with
 * every add-on that fits, and the same without this one (and those that need it). Its files
 * and its README sections are there only with it, and its patches, run again over the
 * finished files, change nothing.
 */
export function describeAddon(
  id: string,
  opts: {
    framework?: string;
    server?: string;
    files: string[];
    readme: string[];
    /** Text it brings into files others own (by a patch or their own condition), by file. */
    patched?: Record<string, string[]>;
  },
) {
  const framework = opts.framework ?? 'fastapi';
  const server = opts.server ?? 'uvicorn';
  const fits = (a: string) => !findAddon(a)!.unfit?.(SERVERS.find((s) => s.id === server)!);
  const on: Record<string, boolean> = Object.fromEntries(ADDON_IDS.map((a) => [a, fits(a)]));
  const off: Record<string, boolean> = { ...on, [id]: false };
  for (const a of ADDON_IDS) if (findAddon(a)!.requires.includes(id)) off[a] = false;
  let dir: string;
  const project = (which: string) => join(dir, which);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), `pyweb-addon-${id}-`));
    for (const [which, deploy] of [
      ['on', on],
      ['off', off],
    ] as const) {
      const stack = buildStack(project(which), framework, server, deploy);
      await renderTo(layersFor(stack), project(which), templateContext(stack));
    }
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  describe(`the ${id} add-on`, () => {
    test('writes its files, only when it is on', async () => {
      const with_ = await listFiles(project('on'));
      const without = await listFiles(project('off'));
      for (const f of opts.files) {
        expect(with_, f).toContain(f);
        expect(without, f).not.toContain(f);
      }
    });

    test('puts its README sections, only when it is on', async () => {
      const with_ = await readFile(join(project('on'), 'README.md'), 'utf8');
      const without = await readFile(join(project('off'), 'README.md'), 'utf8');
      for (const s of opts.readme) {
        expect(with_, s).toContain(s);
        expect(without, s).not.toContain(s);
      }
    });

    test('brings its parts of files others own, only when it is on', async () => {
      for (const [file, parts] of Object.entries(opts.patched ?? {})) {
        const with_ = await readFile(join(project('on'), file), 'utf8');
        const without = await readFile(join(project('off'), file), 'utf8');
        for (const s of parts) {
          expect(with_, `${file}: ${s}`).toContain(s);
          expect(without, `${file}: ${s}`).not.toContain(s);
        }
      }
    });

    test('its patches are idempotent', async () => {
      const files = new Map<string, string>();
      for (const rel of await listFiles(project('on')))
        files.set(rel, await readFile(join(project('on'), rel), 'utf8'));
      const before = new Map(files);
      const stack = buildStack(project('on'), framework, server, on);
      const data = templateContext(stack);
      const render = async (text: string) => {
        const { default: hb } = await import('handlebars');
        return hb.compile(text, COMPILE_OPTIONS)(data);
      };
      await applyPatches(files, [findAddon(id)!], data, render, packageTemplates.addonText);
      expect(files).toEqual(before);
    });
  });
}
