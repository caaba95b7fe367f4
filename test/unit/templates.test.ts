import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync } from 'node:zlib';
import Handlebars from 'handlebars';
import { afterAll, describe, expect, test } from 'vitest';
import { FRAMEWORKS, pairOf, SERVERS, validPairs } from '../../generators/catalog/index.js';
import { templateContext } from '../../generators/project/context.js';
import { registeredHelpers, renderLayers } from '../../generators/project/render.js';
import { buildStack } from '../../generators/project/stack.js';
import { ROOT } from '../helpers/paths.js';

type Node = hbs.AST.Node;

function filesUnder(dir: string, prefix = ''): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((e) => {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    return e.isDirectory() ? filesUnder(dir, rel) : e.isFile() ? [rel] : [];
  });
}

/** Every template text (contents and paths) of templates/ and of the add-ons' folders, by where it is. */
function templateTexts(): Map<string, string> {
  const texts = new Map<string, string>();
  const roots = [join(ROOT, 'templates')];
  const addons = join(ROOT, 'generators', 'addons');
  for (const id of readdirSync(addons))
    for (const part of ['templates', 'sections', 'layers'])
      if (existsSync(join(addons, id, part))) roots.push(join(addons, id, part));
  for (const root of roots) {
    for (const rel of filesUnder(root)) {
      const text = readFileSync(join(root, rel));
      if (!text.includes(0)) texts.set(join(root, rel), text.toString('utf8'));
      texts.set(`${join(root, rel)} (its path)`, rel);
    }
  }
  return texts;
}

/**
 * What the templates ask of the root context (the first part of each path that resolves there,
 * `../` counted against `#each`/`#with` scopes) and the helpers they call.
 */
function references(text: string) {
  const roots = new Set<string>();
  const calls = new Set<string>();
  const path = (p: hbs.AST.PathExpression, depth: number) => {
    if (!p.data && p.depth === depth && p.parts.length > 0) roots.add(p.parts[0]!);
  };
  const walk = (node: Node | undefined | null, depth: number): void => {
    if (!node) return;
    switch (node.type) {
      case 'Program':
        for (const s of (node as hbs.AST.Program).body) walk(s, depth);
        break;
      case 'MustacheStatement':
      case 'SubExpression':
      case 'BlockStatement': {
        const n = node as hbs.AST.BlockStatement;
        const head = n.path as hbs.AST.PathExpression;
        if (n.params.length > 0 || n.hash || node.type !== 'MustacheStatement')
          calls.add(head.original);
        else path(head, depth);
        // A helper's arguments are read where the helper is called.
        for (const p of n.params) walk(p, depth);
        for (const pair of n.hash?.pairs ?? []) walk(pair.value, depth);
        const inner = ['each', 'with'].includes(head.original) ? depth + 1 : depth;
        walk(n.program, inner);
        walk(n.inverse, depth);
        break;
      }
      case 'PathExpression':
        path(node as hbs.AST.PathExpression, depth);
        break;
      case 'PartialStatement': {
        // `{{> (lookup . "key")}}`: the partial's name is the context's value at key.
        const n = node as hbs.AST.PartialStatement;
        const name = n.name as hbs.AST.SubExpression;
        const [self, key] = name.params ?? [];
        if (
          name.type === 'SubExpression' &&
          (name.path as hbs.AST.PathExpression).original === 'lookup'
        )
          if ((self as hbs.AST.PathExpression)?.original === '.' && key?.type === 'StringLiteral')
            roots.add((key as hbs.AST.StringLiteral).value);
        walk(name, depth);
        for (const pair of n.hash?.pairs ?? []) walk(pair.value, depth);
        break;
      }
    }
  };
  walk(Handlebars.parse(text), 0);
  return { roots, calls };
}

const texts = templateTexts();
const used = { roots: new Set<string>(), calls: new Set<string>() };
for (const text of texts.values()) {
  if (!text.includes('{{')) continue;
  const r = references(text);
  for (const k of r.roots) used.roots.add(k);
  for (const c of r.calls) used.calls.add(c);
}

/** TypeScript that reads the context itself, not through a template (render.ts: addonIds). */
const code = filesUnder(join(ROOT, 'generators'))
  .filter((rel) => rel.endsWith('.ts') && !rel.endsWith('.test.ts'))
  .filter((rel) => rel !== 'project/context.ts')
  .map((rel) => readFileSync(join(ROOT, 'generators', rel), 'utf8'))
  .join('\n');

const out = mkdtempSync(join(tmpdir(), 'pyweb-templates-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('templates and their context', () => {
  test('every registered helper is called by some template', () => {
    const unused = registeredHelpers().filter((h) => !used.calls.has(h));
    expect(unused).toEqual([]);
  });

  test('every context key is read by some template or by code', () => {
    const keys = new Set(
      validPairs().flatMap((p) =>
        Object.keys(templateContext(buildStack(join(out, 'x'), p.framework, p.server))),
      ),
    );
    const unused = [...keys].filter(
      (k) =>
        !used.roots.has(k) &&
        !new RegExp(String.raw`(?:\bdata|TemplateContext>?\))\??\.${k}\b`).test(code),
    );
    expect(unused).toEqual([]);
  });

  test("a framework's own templates ask `websocket` only when its stacks differ on it", () => {
    for (const f of FRAMEWORKS) {
      const values = new Set(SERVERS.map((s) => pairOf(f, s)).map((p) => p?.websocket));
      values.delete(undefined);
      if (values.size !== 1) continue;
      const dir = join(ROOT, 'templates', 'frameworks', f.id);
      for (const [where, text] of texts)
        if (where.startsWith(`${dir}/`) && text.includes('{{'))
          expect(
            references(text).roots.has('websocket'),
            `${where}: always ${[...values][0]}`,
          ).toBe(false);
    }
  });

  test('no template needs a triple-stash: nothing is HTML-escaped', () => {
    for (const [where, text] of texts) expect(text, where).not.toContain('{{{');
  });

  test('a value goes in as it is, not HTML-escaped', async () => {
    const source = {
      version: '0',
      files: () => [{ path: 'x.txt', content: 'title = {{title}}\n' }],
      addonText: () => '',
    };
    const data = templateContext(buildStack(join(out, 'x'), 'flask', 'gunicorn'));
    const tree = await renderLayers(['any'], { ...data, title: `Tom & "Jerry's" <b>=\`` }, source);
    expect(tree.get('x.txt')?.content).toBe(`title = Tom & "Jerry's" <b>=\`\n`);
  });

  test('the bundle compiles its templates the same way (no escaping call in it)', () => {
    // The module as dist/create-pyweb-templates.cjs runs it, decompressed.
    const bundle = brotliDecompressSync(
      readFileSync(join(ROOT, 'dist', 'create-pyweb-templates.js.br')),
    ).toString('utf8');
    expect(bundle.includes('PRECOMPILED')).toBe(true);
    expect(bundle.includes('escapeExpression'), 'an escaping call in the bundle').toBe(false);
    // The loader the tool requires unpacks it: every compiled template, by its text.
    const loaded = createRequire(import.meta.url)(
      join(ROOT, 'dist', 'create-pyweb-templates.cjs'),
    ) as { PRECOMPILED: Map<string, unknown> };
    expect(loaded.PRECOMPILED.size).toBeGreaterThan(100);
    expect([...loaded.PRECOMPILED.keys()].some((t) => t.includes('{{python}}'))).toBe(true);
  });
});
