#!/usr/bin/env node
// The web Initializr: dist/page/index.html, one self-contained file (inline script and style, no
// CDN, nothing fetched after it loads), built from generators/web/page/main.ts with the real
// catalog, renderer and templates. `npm run page`, and the last step of `npm run build` (it reads
// tsc's dist/generators/ for the layer list and the template reader, so the page carries exactly
// the files the CLI reads). The page's graph imports no node: module (platform browser: esbuild
// fails on one) (query.ts, new-project.ts and
// what they import are written for it); the templates come in as `virtual:templates`, a JSON
// module made here, which generators/web/page/template-files.ts turns into a TemplateSource.
// Templates ship as raw text with the Handlebars compiler, which compiles each on first render.
// Measured on 0.2.0: the precompiled module (scripts/build.mjs; the texts are its keys, so they
// ship either way) gzips to 99.0 KB, the compiler to 24.7 KB, the whole page to 134 KB.
import { mkdirSync, readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const load = (rel) => import(pathToFileURL(join(dist, 'generators', rel)).href);
const { allLayers } = await load('project/layers.js');
const { packageTemplates, addonHome } = await load('project/template-files.js');
const { ADDONS } = await load('catalog/index.js');

function filesUnder(dir, prefix = '') {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((e) => {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    return e.isDirectory() ? filesUnder(dir, rel) : e.isFile() ? [rel] : [];
  });
}

/** The templates, read by the CLI's own reader: EmbeddedTemplates (generators/web/page/embedded.ts). */
function templatesData() {
  const layers = {};
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
  const addonTexts = {};
  for (const addon of ADDONS) {
    const dir = join(addonHome(addon), 'sections');
    if (!existsSync(dir)) continue;
    for (const rel of filesUnder(dir))
      addonTexts[`${addon.id}/sections/${rel}`] = readFileSync(join(dir, rel), 'utf8');
  }
  return { version: packageTemplates.version, layers, addonTexts };
}

const here = (...p) => join(root, 'generators', 'web', 'page', ...p);
const pagePlugin = {
  name: 'page',
  setup(b) {
    b.onResolve({ filter: /^virtual:/ }, (a) => ({ path: a.path, namespace: 'virtual' }));
    b.onLoad({ filter: /.*/, namespace: 'virtual' }, (a) => {
      if (a.path === 'virtual:templates')
        return { contents: JSON.stringify(templatesData()), loader: 'json' };
      return undefined;
    });
    // source-map is an optional extra of the Handlebars compiler, which falls back to plain strings.
    b.onResolve({ filter: /^source-map$/ }, () => ({ path: 'source-map', namespace: 'empty' }));
    b.onLoad({ filter: /.*/, namespace: 'empty' }, () => ({
      contents: 'module.exports = {};',
      loader: 'js',
    }));
  },
};

const result = await build({
  absWorkingDir: root,
  entryPoints: [here('main.ts')],
  bundle: true,
  platform: 'browser',
  format: 'iife',
  target: 'es2022',
  minify: true,
  legalComments: 'none',
  write: false,
  metafile: true,
  logLevel: 'warning',
  alias: {
    'handlebars/runtime.js': 'handlebars/dist/cjs/handlebars.runtime.js',
    handlebars: 'handlebars/dist/cjs/handlebars.js',
  },
  plugins: [pagePlugin],
});
const script = result.outputFiles[0].text;
const css = readFileSync(here('page.css'), 'utf8');
const html = readFileSync(here('index.html'), 'utf8')
  .replace('/*STYLE*/', () => css)
  // esbuild escapes `</script` inside strings: the only one left is the element's end.
  .replace('/*SCRIPT*/', () => script);
mkdirSync(join(dist, 'page'), { recursive: true });
writeFileSync(join(dist, 'page', 'index.html'), html);
// Beside the page, not in it: dist/page/ is what GitHub Pages publishes.
writeFileSync(join(dist, 'create-pyweb-page.meta.json'), JSON.stringify(result.metafile));
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
console.log(
  `dist/page/index.html: ${kb(Buffer.byteLength(html))}, ${kb(gzipSync(html, { level: 9 }).length)} gzipped`,
);
