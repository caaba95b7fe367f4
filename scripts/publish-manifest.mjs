#!/usr/bin/env node
// The package.json that is published has no `prepare` script: `prepare` builds dist/ for
// `npm install` in a clone, but in the tarball it makes npm 11 warn on install ("install scripts
// not yet covered by allowScripts"), and a user's install never needs it: dist/ is packed built.
//   prepack:  `strip`   builds dist/ (what `prepare` did for a pack), keeps package.json as it is
//                       in .package.json.orig and writes it without prepare. With
//                       CREATE_PYWEB_PREBUILT=1 it packs dist/ as it is (the package test, which
//                       runs beside tests that read dist/).
//   postpack: `restore` puts the kept package.json back, byte for byte
// A pack that fails in between leaves .package.json.orig: the next prepack restores it first.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const manifest = join(root, 'package.json');
const kept = join(root, '.package.json.orig');

function restore() {
  if (existsSync(kept)) renameSync(kept, manifest);
}

const step = process.argv[2];
if (step === 'strip') {
  restore();
  if (process.env.CREATE_PYWEB_PREBUILT !== '1')
    execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  const text = readFileSync(manifest, 'utf8');
  const pkg = JSON.parse(text);
  delete pkg.scripts.prepare;
  writeFileSync(kept, text);
  writeFileSync(manifest, `${JSON.stringify(pkg, null, 2)}\n`);
} else if (step === 'restore') {
  restore();
} else {
  console.error('usage: publish-manifest.mjs strip|restore');
  process.exit(1);
}
