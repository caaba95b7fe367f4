import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { FileTree } from '../../generators/project/tree.js';
import { writeTree } from '../../generators/project/write.js';

const root = join(import.meta.dirname, '..', '..');

/**
 * The file-system calls that change the disk, sync, async and stream alike (`open` is left out:
 * detect reads through it, and its flags are beyond a grep).
 */
const WRITES = new Set(
  [
    'writeFile',
    'appendFile',
    'mkdir',
    'mkdtemp',
    'rename',
    'chmod',
    'chown',
    'rm',
    'rmdir',
    'unlink',
    'cp',
    'copyFile',
    'symlink',
    'link',
    'truncate',
    'utimes',
  ].flatMap((n) => [n, `${n}Sync`]),
).add('createWriteStream');

/**
 * Modules of generators/ that may change the disk, each with why: everything else renders,
 * plans or reads. The project's files are written by the writer alone.
 */
const ALLOWED: Record<string, string> = {
  'generators/project/write.ts': "the writer: a new project's staging and move, add's changes",
  'generators/cli/signals.ts': "removes the writer's staging folders when a signal stops the run",
  'generators/project/uv.ts': "fetches uv into the user's cache folder, not into a project",
  'generators/add/resolve.ts':
    'copies the dependency files into a scratch folder of its own for uv to resolve, never the project',
  'generators/project/shadow-scan.ts':
    'a maintainer script that regenerates dependency-modules.ts; the CLI never runs it',
  'generators/update/base.ts':
    "renders the base of an update with the recorded version's package in a scratch folder of its own, never the project",
  'generators/update/git.ts':
    "a scratch index of its own for the commit that keeps an update's render, never the project",
  'generators/cli/readme.ts': "`npm run readme` rewrites this repository's README.md tables",
};

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const abs = join(dir, e.name);
    if (e.isDirectory()) return sources(abs);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [abs] : [];
  });
}

/** The names a module takes from fs (`*` for the whole module), however it imports it. */
function fsNames(text: string): string[] {
  const names: string[] = [];
  const from = '[\'"](?:node:)?fs(?:/promises)?[\'"]';
  for (const m of text.matchAll(new RegExp(String.raw`import\s+([^;]*?)\s+from\s+${from}`, 'g'))) {
    const clause = m[1];
    if (/^type\s/.test(clause)) continue;
    const named = /\{([^}]*)\}/.exec(clause)?.[1];
    if (named !== undefined)
      for (const part of named.split(',')) {
        const name = part.trim().split(/\s+as\s+/)[0];
        if (name && !name.startsWith('type ')) names.push(name);
      }
    // A default or namespace import hands over every call.
    if (/^\s*(\*|[A-Za-z_$][\w$]*\s*(,|$))/.test(clause)) names.push('*');
  }
  if (new RegExp(String.raw`(?:import|require)\(\s*${from}`).test(text)) names.push('*');
  return names;
}

describe('only the writer writes', () => {
  test('no module of generators/ but the allowed ones calls fs to write, make, move, chmod or remove', () => {
    const offenders: string[] = [];
    for (const abs of sources(join(root, 'generators'))) {
      const path = relative(root, abs).split('\\').join('/');
      if (ALLOWED[path]) continue;
      const writes = fsNames(readFileSync(abs, 'utf8')).filter((n) => n === '*' || WRITES.has(n));
      if (writes.length) offenders.push(`${path}: ${writes.join(', ')}`);
    }
    expect(offenders).toEqual([]);
  });

  test('the guard sees every way of importing a write', () => {
    expect(fsNames("import { readFile, writeFile as w } from 'node:fs/promises';")).toEqual([
      'readFile',
      'writeFile',
    ]);
    expect(fsNames("import fs from 'fs';")).toEqual(['*']);
    expect(fsNames("import * as fs from 'node:fs';")).toEqual(['*']);
    expect(fsNames("const { rm } = await import('node:fs/promises');")).toEqual(['*']);
    expect(fsNames("import type { Stats } from 'node:fs';")).toEqual([]);
  });

  test('each allowed module exists and still writes (an entry that no longer does is dropped)', () => {
    for (const path of Object.keys(ALLOWED)) {
      const names = fsNames(readFileSync(join(root, path), 'utf8'));
      expect(
        names.some((n) => n === '*' || WRITES.has(n)),
        path,
      ).toBe(true);
    }
  });
});

describe('writeTree', () => {
  test('writes text, bytes and executable scripts, with the user umask', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pyweb-writer-'));
    try {
      const tree: FileTree = new Map([
        ['a/b/c.txt', { content: 'é\n' }],
        ['bin.dat', { content: new Uint8Array([0, 1, 2]) }],
        ['run.sh', { content: '#!/bin/sh\n', executable: true }],
      ]);
      await writeTree(tree, dir);
      expect(await readFile(join(dir, 'a/b/c.txt'), 'utf8')).toBe('é\n');
      expect([...(await readFile(join(dir, 'bin.dat')))]).toEqual([0, 1, 2]);
      const umask = process.umask();
      expect((await stat(join(dir, 'run.sh'))).mode & 0o777).toBe(0o777 & ~umask);
      expect((await stat(join(dir, 'bin.dat'))).mode & 0o111).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
