#!/usr/bin/env node
// The published CLI, with every library it uses inside, so the package has no runtime
// dependencies:
//   dist/create-pyweb.cjs            the tool: one CommonJS bundle that bin/create-pyweb.js requires
//   dist/create-pyweb-templates.cjs  the templates, compiled ahead of time: a loader of
//   dist/create-pyweb-templates.js.br  their module, brotli-compressed (690 KB of repetitive
//                                    JavaScript in 66 KB, unpacked in about a millisecond: the
//                                    installed package stays under 1 MB with the raw templates)
//   dist/vendor/prompts.cjs          the prompts, for a terminal
//   dist/vendor/handlebars.cjs       the Handlebars compiler, for a template edited since the build
//   dist/vendor/yaml.cjs             the YAML library, for `add` merging into a user's compose file:
//   dist/vendor/yaml.js.br           compressed as the templates are (115 KB in 32 KB)
// The last four are required on first use only: --help, --version and --list never read them.
// CommonJS because a CommonJS entry starts faster than an ES module one (no module loader to set up),
// and because each bundled module that is imported dynamically starts, built-ins included, only
// when it is first needed: --help never loads node:crypto or node:child_process.
// `npm run build` runs tsc first (type checking, and dist/generators/ for the tests and scripts).
// dist/create-pyweb.meta.json, the esbuild metafiles merged, lists what went in (test/cli/package.test.ts).
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { brotliCompressSync, constants } from 'node:zlib';
import { build, transform } from 'esbuild';
import Handlebars from 'handlebars';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
// tsc has run (`npm run build`): the options render.ts compiles with, from the one place.
const { COMPILE_OPTIONS } = await import(
  pathToFileURL(join(dist, 'generators', 'project', 'compile-options.js')).href
);

function filesUnder(dir, prefix = '') {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((e) => {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    return e.isDirectory() ? filesUnder(dir, rel) : e.isFile() ? [rel] : [];
  });
}

/**
 * generators/project/precompiled.ts as the bundle has it: every template text with a mustache,
 * contents and paths alike, with its compiled form, as render.ts would compile it (COMPILE_OPTIONS). Templates are
 * in templates/ and in each add-on's folder (templates/ for files, sections/ for README parts).
 */
function precompiledModule() {
  const texts = new Set();
  const add = (text) => {
    if (text.includes('{{')) texts.add(text);
  };
  const templates = join(root, 'templates');
  for (const rel of filesUnder(templates)) {
    add(readFileSync(join(templates, rel), 'utf8'));
    // render.ts renders each path relative to its layer; a layer is one or two folders deep.
    for (const path of [rel.split('/').slice(1).join('/'), rel.split('/').slice(2).join('/')])
      add(path);
  }
  const addons = join(root, 'generators', 'addons');
  for (const id of readdirSync(addons)) {
    for (const part of ['templates', 'sections', 'layers']) {
      const dir = join(addons, id, part);
      if (!existsSync(dir)) continue;
      for (const rel of filesUnder(dir)) {
        add(readFileSync(join(dir, rel), 'utf8'));
        if (part === 'templates') add(rel);
        // A folder of layers/ is one or two deep (`sqlalchemy`, `frameworks/flask`).
        if (part === 'layers')
          for (const path of [rel.split('/').slice(1).join('/'), rel.split('/').slice(2).join('/')])
            add(path);
      }
    }
  }
  const entries = [...texts].map(
    (t) => `[${JSON.stringify(t)}, ${Handlebars.precompile(t, COMPILE_OPTIONS)}]`,
  );
  return `exports.PRECOMPILED = new Map([\n${entries.join(',\n')}\n]);\n`;
}

/** Modules the tool requires from files of their own, at first use. */
const LAZY = [
  { filter: /^prompts$/, file: './vendor/prompts.cjs' },
  { filter: /^handlebars$/, file: './vendor/handlebars.cjs' },
  { filter: /^yaml$/, file: './vendor/yaml.cjs' },
  { filter: /[\\/]precompiled\.js$/, file: './create-pyweb-templates.cjs' },
];
const lazyFiles = {
  name: 'lazy-files',
  setup(b) {
    for (const { filter, file } of LAZY)
      b.onResolve({ filter }, () => ({ path: file, external: true }));
  },
};

/** source-map is an optional extra of the Handlebars compiler, which falls back to plain strings. */
const noSourceMap = {
  name: 'no-source-map',
  setup(b) {
    b.onResolve({ filter: /^source-map$/ }, () => ({ path: 'source-map', namespace: 'empty' }));
    b.onLoad({ filter: /.*/, namespace: 'empty' }, () => ({
      contents: 'module.exports = {};',
      loader: 'js',
    }));
  },
};

const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  minify: true,
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
};

mkdirSync(join(dist, 'vendor'), { recursive: true });
const builds = await Promise.all([
  build({
    ...common,
    entryPoints: [join(root, 'generators', 'cli', 'main.ts')],
    outfile: join(dist, 'create-pyweb.cjs'),
    // version.ts finds package.json from its own location.
    define: { 'import.meta.url': '__importMetaUrl' },
    banner: { js: 'var __importMetaUrl = require("node:url").pathToFileURL(__filename).href;' },
    // Handlebars' runtime runs the precompiled templates: small, it stays in the tool.
    alias: { 'handlebars/runtime.js': 'handlebars/dist/cjs/handlebars.runtime.js' },
    plugins: [lazyFiles],
  }),
  // prompts' index picks between two copies of itself (for Node < 8.6): the modern one.
  build({
    ...common,
    entryPoints: [join(root, 'node_modules', 'prompts', 'lib', 'index.js')],
    outfile: join(dist, 'vendor', 'prompts.cjs'),
  }),
  // The CommonJS build of Handlebars: lib/index.js would also register .hbs files with require().
  build({
    ...common,
    entryPoints: [join(root, 'node_modules', 'handlebars', 'dist', 'cjs', 'handlebars.js')],
    outfile: join(dist, 'vendor', 'handlebars.cjs'),
    plugins: [noSourceMap],
  }),
  // yaml's CommonJS build (its package's "node" entry), compressed below.
  build({
    ...common,
    entryPoints: [join(root, 'node_modules', 'yaml', 'dist', 'index.js')],
    outfile: join(dist, 'vendor', 'yaml.cjs'),
    write: false,
  }),
  transform(precompiledModule(), {
    format: 'cjs',
    target: 'node20',
    minify: true,
    legalComments: 'none',
  }),
]);
/**
 * A module shipped brotli-compressed: `<name>.js.br`, and `<name>.cjs`, which the tool requires
 * (LAZY above) and which runs the decompressed code as Node runs a CommonJS module.
 */
function compressedModule(file, code) {
  const bytes = Buffer.from(code);
  const base = file.replace(/\.cjs$/, '');
  writeFileSync(
    `${base}.js.br`,
    brotliCompressSync(bytes, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 11,
        [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
      },
    }),
  );
  const name = JSON.stringify(`${base.split('/').at(-1)}.js.br`);
  writeFileSync(
    file,
    `"use strict";const{readFileSync:r}=require("node:fs"),{brotliDecompressSync:d}=require("node:zlib");` +
      `new Function("exports","require","module","__filename","__dirname",d(r(require("node:path").join(__dirname,${name}))).toString("utf8"))(exports,require,module,__filename,__dirname);\n`,
  );
}
compressedModule(join(dist, 'create-pyweb-templates.cjs'), builds[4].code);
compressedModule(join(dist, 'vendor', 'yaml.cjs'), builds[3].outputFiles[0].contents);
const meta = { inputs: {}, outputs: {} };
for (const { metafile } of builds.slice(0, 4)) {
  Object.assign(meta.inputs, metafile.inputs);
  Object.assign(meta.outputs, metafile.outputs);
}
writeFileSync(join(dist, 'create-pyweb.meta.json'), JSON.stringify(meta));
