import { describe, expect, test } from 'vitest';
import { allLayers } from '../../generators/project/layers.js';
import { packageTemplates } from '../../generators/project/template-files.js';
import type { EmbeddedTemplates } from '../../generators/web/page/embedded.js';
import {
  embeddedTemplates,
  fillPage,
  HANDLEBARS_MARK,
  TEMPLATES_MARK,
} from '../../generators/web/page-templates.js';

const SHELL = `<script type="application/json" id="t">${TEMPLATES_MARK}</script><script>${HANDLEBARS_MARK}</script><script>main()</script>`;

function templates(text: string): EmbeddedTemplates {
  return { version: '9.9.9', layers: { common: [['x.html', text, 0]] }, addonTexts: {} };
}

/** What a browser's JSON.parse would read from the filled element. */
function carried(page: string): EmbeddedTemplates {
  const [, json] = page.match(/<script type="application\/json" id="t">(.*?)<\/script>/s)!;
  return JSON.parse(json) as EmbeddedTemplates;
}

describe('filling the page shell (serve and the Pages build alike)', () => {
  test('a template with </script> and the other mark in it is carried intact, and closes nothing', () => {
    const text = `</script><script>alert(1)</script> ${HANDLEBARS_MARK} ${TEMPLATES_MARK}`;
    const page = fillPage(SHELL, { templates: templates(text), handlebars: 'module.exports=1;' });
    expect(carried(page).layers.common[0][1]).toBe(text);
    expect(page.match(/<\/script>/g)).toHaveLength(3);
    expect(page).toContain('module.exports=1;');
    expect(page.endsWith('<script>main()</script>')).toBe(true);
  });

  test('Handlebars runs as a module of its own and leaves only PywebHandlebars behind', () => {
    const page = fillPage(SHELL, {
      templates: templates(''),
      handlebars: '"use strict";var inner=2;module.exports={v:inner};',
    });
    const [, script] = page.match(/<\/script><script>(.*?)<\/script><script>main/s)!;
    const self: Record<string, unknown> = {};
    new Function('self', script)(self);
    expect(self).toEqual({ PywebHandlebars: { v: 2 } });
  });

  test('a shell without each mark exactly once, or a module that would close its script, is refused', () => {
    const parts = { templates: templates(''), handlebars: '' };
    expect(() => fillPage(SHELL.replace(TEMPLATES_MARK, ''), parts)).toThrow(/exactly once/);
    expect(() => fillPage(SHELL + HANDLEBARS_MARK, parts)).toThrow(/exactly once/);
    expect(() => fillPage(SHELL, { ...parts, handlebars: 'x="</SCRIPT>"' })).toThrow(/<\/script/);
  });

  test("the package's templates: every layer the CLI reads, file for file, and the add-ons' sections", () => {
    const data = embeddedTemplates();
    for (const layer of ['partials', ...allLayers()]) {
      const files = packageTemplates.files(layer);
      expect(
        (data.layers[layer] ?? []).map(([path, content, x]) => [path, content, x === 1]),
        layer,
      ).toEqual(files.map((f) => [f.path, f.content, f.executable === true]));
    }
    expect(Object.keys(data.addonTexts).some((k) => k.startsWith('docker/sections/'))).toBe(true);
  });
});
