#!/usr/bin/env node
// The web Initializr, built from generators/web/page/main.ts with the real catalog, renderer and
// templates: `npm run page`, and the last step of `npm run build` (it reads tsc's dist/generators/).
//   dist/create-pyweb-page.html.br  the shell: one self-contained page (inline script and style,
//                                   no CDN, nothing fetched after it loads) without its templates,
//                                   brotli-compressed; the package ships it, and `create-pyweb
//                                   serve` fills it from the package's own templates
//   dist/page/index.html            the shell filled here, the same way: what GitHub Pages publishes
// The page's graph imports no node: module (platform browser: esbuild fails on one): query.ts,
// new-project.ts and what they import are written for it.
// Templates ship as raw text with the Handlebars compiler, which compiles each on first render.
// Measured on 0.2.0: the precompiled module (scripts/build.mjs; the texts are its keys, so they
// ship either way) gzips to 99.0 KB, the compiler to 24.7 KB, the whole page to 134 KB. The
// compiler is dist/vendor/handlebars.cjs, the CLI's own (scripts/build.mjs runs first).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const { fillPage, HANDLEBARS_MARK, TEMPLATES_MARK } = await import(
  pathToFileURL(join(dist, 'generators', 'web', 'page-templates.js')).href
);

const here = (...p) => join(root, 'generators', 'web', 'page', ...p);
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
  // Handlebars is not in the script: the page is given the package's own (page-templates.ts).
  alias: {
    'handlebars/runtime.js': here('handlebars.ts'),
    handlebars: here('handlebars.ts'),
  },
});
const script = result.outputFiles[0].text;
const css = readFileSync(here('page.css'), 'utf8');
const shell = readFileSync(here('index.html'), 'utf8')
  .replace('/*STYLE*/', () => css)
  // esbuild escapes `</script` inside strings: the only one left is the element's end.
  .replace('/*SCRIPT*/', () => script);
for (const mark of [TEMPLATES_MARK, HANDLEBARS_MARK])
  if (script.includes(mark) || css.includes(mark))
    throw new Error(`${mark} must be index.html's alone`);
const html = fillPage(shell);
writeFileSync(
  join(dist, 'create-pyweb-page.html.br'),
  brotliCompressSync(shell, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 11,
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      [constants.BROTLI_PARAM_SIZE_HINT]: Buffer.byteLength(shell),
    },
  }),
);
mkdirSync(join(dist, 'page'), { recursive: true });
writeFileSync(join(dist, 'page', 'index.html'), html);
// Beside the page, not in it: dist/page/ is what GitHub Pages publishes.
writeFileSync(join(dist, 'create-pyweb-page.meta.json'), JSON.stringify(result.metafile));
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
console.log(
  `dist/page/index.html: ${kb(Buffer.byteLength(html))}, ${kb(gzipSync(html, { level: 9 }).length)} gzipped; ` +
    `its shell ${kb(Buffer.byteLength(shell))}`,
);
