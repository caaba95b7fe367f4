import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ADDONS } from '../catalog/index.js';
import { allLayers } from '../project/layers.js';
import { addonHome, filesUnder, packageTemplates } from '../project/template-files.js';
import { packageRoot } from '../version.js';
import type { EmbeddedFile, EmbeddedTemplates } from './page/embedded.js';

/**
 * The page is built once without what the package already ships (the shell: its own script,
 * style and markup) and filled with that where it is served: the templates, and the Handlebars
 * compiler (dist/vendor/handlebars.cjs). `npm run page` fills it for GitHub Pages
 * (dist/page/index.html); `create-pyweb serve` fills it from the installed package's files, so
 * the page costs the package its own code only. Both fill it here, so the two pages are the
 * same bytes when the templates are.
 */

/** Where the shell has its templates: the text of a `<script type="application/json">` (JSON itself). */
export const TEMPLATES_MARK = '"PYWEB-TEMPLATES"';
/** Where it has Handlebars: a script before its own, which reads `self.PywebHandlebars`. */
export const HANDLEBARS_MARK = '/*PYWEB-HANDLEBARS*/';

/** What fills a shell. */
export interface PageParts {
  templates: EmbeddedTemplates;
  /** The CommonJS module of the Handlebars compiler. */
  handlebars: string;
}

/** The templates the CLI reads (template-files.ts), in the form the page reads (embedded.ts). */
export function embeddedTemplates(): EmbeddedTemplates {
  const layers: Record<string, EmbeddedFile[]> = {};
  for (const layer of ['partials', ...allLayers()]) {
    const files = packageTemplates.files(layer);
    if (!files.length) continue;
    layers[layer] = files.map((f) => [
      f.path,
      typeof f.content === 'string'
        ? f.content
        : { base64: Buffer.from(f.content).toString('base64') },
      f.executable ? 1 : 0,
    ]);
  }
  // Patches read an add-on's sections/ (addonText); nothing else of its folder.
  const addonTexts: Record<string, string> = {};
  for (const addon of ADDONS)
    for (const rel of filesUnder(join(addonHome(addon), 'sections')))
      addonTexts[`${addon.id}/sections/${rel}`] = packageTemplates.addonText(
        addon,
        `sections/${rel}`,
      );
  return { version: packageTemplates.version, layers, addonTexts };
}

/** This package's parts, from its files: the templates as the CLI reads them, its Handlebars. */
export function packageParts(): PageParts {
  return {
    templates: embeddedTemplates(),
    handlebars: readFileSync(join(packageRoot(), 'dist', 'vendor', 'handlebars.cjs'), 'utf8'),
  };
}

function put(page: string, mark: string, text: string): string {
  const at = page.indexOf(mark);
  if (at < 0 || page.indexOf(mark, at + 1) >= 0)
    throw new Error(`the page's shell must have ${mark} exactly once`);
  return page.slice(0, at) + text + page.slice(at + mark.length);
}

/**
 * The page: the shell with its parts in place. `<` is escaped in the JSON so that no template
 * text (an HTML template's `</script>`) can end the element early.
 */
export function fillPage(shell: string, parts: PageParts = packageParts()): string {
  if (/<\/script/i.test(parts.handlebars))
    throw new Error('the Handlebars module has a `</script`: it cannot be inlined as it is');
  // Run as Node would run the module (its "use strict" first in a function of its own), so its
  // names stay out of the page's global scope.
  const handlebars = `(()=>{var m={exports:{}};(function(module,exports){\n${parts.handlebars}\n})(m,m.exports);self.PywebHandlebars=m.exports})();`;
  const json = JSON.stringify(parts.templates).replace(/</g, '\\u003c');
  // The templates go in last: a template's text could contain the other mark.
  return put(put(shell, HANDLEBARS_MARK, handlebars), TEMPLATES_MARK, json);
}
