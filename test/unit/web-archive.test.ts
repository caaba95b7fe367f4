import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { projectTree } from '../../generators/cli/create.js';
import type { FileTree } from '../../generators/project/tree.js';
import { crc32, tarArchive, zipArchive } from '../../generators/web/archive.js';
import { parseQuery, stackFor } from '../../generators/web/query.js';

const MTIME = new Date(2026, 0, 2, 3, 4, 6);

/** A tree with what an archive must keep: nesting, an executable, bytes, UTF-8 in names and text. */
function sampleTree(): FileTree {
  const tree: FileTree = new Map();
  tree.set('README.md', { content: '# café ☕\n' });
  tree.set('scripts/run.sh', { content: '#!/bin/sh\necho hi\n', executable: true });
  tree.set('a/b/c/deep.txt', { content: 'deep\n' });
  tree.set('a/data.bin', { content: new Uint8Array([0, 1, 2, 255, 0]) });
  tree.set('empty.txt', { content: '' });
  tree.set('naïve/ü.txt', { content: 'ü\n' });
  tree.set(`long/${'x'.repeat(90)}/${'y'.repeat(60)}.txt`, { content: 'long path\n' });
  return tree;
}

function bytesOf(content: string | Uint8Array): Buffer {
  return Buffer.from(typeof content === 'string' ? new TextEncoder().encode(content) : content);
}

/** What Python's zipfile reads: name, mode, CRC (checked by testzip), bytes in base64. */
function readZip(path: string): {
  bad: string | null;
  files: Record<string, { mode: number; dir: boolean; data: string }>;
} {
  const out = execFileSync(
    'python3',
    [
      '-c',
      `import base64, json, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
files = {i.filename: {"mode": i.external_attr >> 16, "dir": i.is_dir(), "data": base64.b64encode(z.read(i)).decode()} for i in z.infolist()}
print(json.dumps({"bad": z.testzip(), "files": files}))`,
      path,
    ],
    { encoding: 'utf8' },
  );
  return JSON.parse(out);
}

describe('crc32', () => {
  test('the standard check values', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
  });
});

describe('zipArchive', () => {
  test('Python reads back every file under the root, its bytes, its mode and a good CRC', () => {
    const tree = sampleTree();
    const dir = mkdtempSync(join(tmpdir(), 'web-zip-'));
    const zip = join(dir, 'p.zip');
    writeFileSync(zip, zipArchive('proj', tree, MTIME));
    const { bad, files } = readZip(zip);
    expect(bad).toBeNull();
    for (const [path, f] of tree) {
      const got = files[`proj/${path}`];
      expect(got, path).toBeDefined();
      expect(Buffer.from(got.data, 'base64').equals(bytesOf(f.content)), path).toBe(true);
      expect(got.mode, path).toBe(f.executable ? 0o100755 : 0o100644);
    }
    expect(files['proj/'].dir).toBe(true);
    expect(files['proj/a/b/c/'].mode).toBe(0o040755);
    const fileCount = Object.values(files).filter((f) => !f.dir).length;
    expect(fileCount).toBe(tree.size);
  });

  test('unzip -Z lists the Unix modes and the time; unzip -t finds no error; unzip keeps the modes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'web-zip-'));
    const zip = join(dir, 'p.zip');
    writeFileSync(zip, zipArchive('proj', sampleTree(), MTIME));
    const listing = execFileSync('unzip', ['-Z', zip], { encoding: 'utf8' });
    expect(listing).toMatch(
      /-rwxr-xr-x\s+\S+\s+unx\s+\d+\s+\S+\s+stor\s+26-Jan-02 03:04 proj\/scripts\/run\.sh/,
    );
    expect(listing).toMatch(/-rw-r--r--\s+\S+\s+unx\s+.* proj\/README\.md/);
    expect(execFileSync('unzip', ['-tq', zip], { encoding: 'utf8' })).toMatch(/No errors detected/);
    const out = join(dir, 'out');
    execFileSync('unzip', ['-q', zip, '-d', out]);
    expect(statSync(join(out, 'proj/scripts/run.sh')).mode & 0o777).toBe(0o755);
    expect(statSync(join(out, 'proj/README.md')).mode & 0o777).toBe(0o644);
    expect(readFileSync(join(out, 'proj/naïve/ü.txt'), 'utf8')).toBe('ü\n');
  });

  test('a rendered project: every file, byte for byte', async () => {
    const tree = await projectTree(
      stackFor(parseQuery('name=shop&framework=django&server=uwsgi&k8s')),
    );
    const dir = mkdtempSync(join(tmpdir(), 'web-zip-'));
    writeFileSync(join(dir, 'p.zip'), zipArchive('shop', tree));
    const { bad, files } = readZip(join(dir, 'p.zip'));
    expect(bad).toBeNull();
    expect(tree.size).toBeGreaterThan(20);
    for (const [path, f] of tree)
      expect(
        Buffer.from(files[`shop/${path}`].data, 'base64').equals(bytesOf(f.content)),
        path,
      ).toBe(true);
  });

  test('refuses a root or a path that would escape the folder', () => {
    expect(() => zipArchive('../x', sampleTree())).toThrow(/plain folder name/);
    expect(() => zipArchive('', sampleTree())).toThrow(/plain folder name/);
    const bad: FileTree = new Map([['../evil', { content: 'x' }]]);
    expect(() => zipArchive('p', bad)).toThrow(/not a relative path/);
  });
});

describe('tarArchive', () => {
  test('tar extracts every file with its bytes and mode; long paths use the ustar prefix', () => {
    const tree = sampleTree();
    const dir = mkdtempSync(join(tmpdir(), 'web-tar-'));
    const tar = join(dir, 'p.tar');
    writeFileSync(tar, tarArchive('proj', tree, MTIME));
    const list = execFileSync('tar', ['-tvf', tar], { encoding: 'utf8' });
    expect(list).toMatch(/-rwxr-xr-x .* 2026-01-02 03:04 proj\/scripts\/run\.sh/);
    execFileSync('tar', ['-xf', tar, '-C', dir]);
    for (const [path, f] of tree) {
      const abs = join(dir, 'proj', path);
      expect(readFileSync(abs).equals(bytesOf(f.content)), path).toBe(true);
      expect(statSync(abs).mode & 0o777, path).toBe(f.executable ? 0o755 : 0o644);
    }
    expect(statSync(join(dir, 'proj/a/b')).isDirectory()).toBe(true);
  });

  test("Python's tarfile agrees: ustar format, modes, sizes", () => {
    const dir = mkdtempSync(join(tmpdir(), 'web-tar-'));
    const tar = join(dir, 'p.tar');
    writeFileSync(tar, tarArchive('proj', sampleTree(), MTIME));
    const out = execFileSync(
      'python3',
      [
        '-c',
        `import json, sys, tarfile
t = tarfile.open(sys.argv[1], format=tarfile.USTAR_FORMAT)
print(json.dumps({m.name: [m.mode, m.size, m.type.decode()] for m in t.getmembers()}))`,
        tar,
      ],
      { encoding: 'utf8' },
    );
    const members = JSON.parse(out);
    expect(members['proj/scripts/run.sh']).toEqual([0o755, 18, '0']);
    expect(members['proj/a/b']).toEqual([0o755, 0, '5']);
    expect(members['proj/empty.txt']).toEqual([0o644, 0, '0']);
  });

  test('a path too long for ustar is refused, not cut', () => {
    const tree: FileTree = new Map([[`${'z'.repeat(120)}.txt`, { content: 'x' }]]);
    expect(() => tarArchive('p', tree)).toThrow(/too long for a tar/);
  });
});
