import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { type MergeLabels, mergeText } from '../../generators/update/merge.js';

const labels: MergeLabels = {
  yours: 'yours',
  base: 'create-pyweb 0.1.0',
  theirs: 'create-pyweb 0.2.0',
};
const merge = (base: string | undefined, yours: string, theirs: string) =>
  mergeText(base, yours, theirs, labels);

const dir = mkdtempSync(join(tmpdir(), 'update-merge-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What `git merge-file -p --diff3` gives for the same three texts: the reference. */
function gitMerge(base: string | undefined, yours: string, theirs: string) {
  writeFileSync(join(dir, 'base'), base ?? '');
  writeFileSync(join(dir, 'yours'), yours);
  writeFileSync(join(dir, 'theirs'), theirs);
  const r = spawnSync(
    'git',
    [
      'merge-file',
      '-p',
      '--diff3',
      '-L',
      labels.yours,
      '-L',
      labels.base,
      '-L',
      labels.theirs,
      'yours',
      'base',
      'theirs',
    ],
    { cwd: dir, encoding: 'utf8' },
  );
  if (r.status === null || r.status < 0) throw new Error(r.stderr);
  return { text: r.stdout, conflicts: r.status };
}

const lines = (...l: string[]) => l.map((s) => `${s}\n`).join('');

describe('mergeText', () => {
  test('the same change on both sides is not a conflict', () => {
    const r = merge(lines('a', 'b', 'c'), lines('a', 'B', 'c'), lines('a', 'B', 'c'));
    expect(r).toEqual({ text: lines('a', 'B', 'c'), conflicts: 0 });
  });

  test('changes apart from each other merge cleanly', () => {
    const r = merge(
      lines('a', 'b', 'c', 'd', 'e'),
      lines('A', 'b', 'c', 'd', 'e'),
      lines('a', 'b', 'c', 'd', 'E', 'f'),
    );
    expect(r).toEqual({ text: lines('A', 'b', 'c', 'd', 'E', 'f'), conflicts: 0 });
  });

  test('one side unchanged: the other, byte for byte', () => {
    expect(merge('a\r\nb', 'a\r\nb', 'a\nB\n')).toEqual({ text: 'a\nB\n', conflicts: 0 });
    expect(merge('a\nb\n', 'x', 'a\nb\n')).toEqual({ text: 'x', conflicts: 0 });
  });

  test('overlapping changes conflict, in diff3 style with the labels', () => {
    const r = merge(lines('a', 'b', 'c'), lines('a', 'mine', 'c'), lines('a', 'ours', 'c'));
    expect(r.conflicts).toBe(1);
    expect(r.text).toBe(
      lines(
        'a',
        '<<<<<<< yours',
        'mine',
        '||||||| create-pyweb 0.1.0',
        'b',
        '=======',
        'ours',
        '>>>>>>> create-pyweb 0.2.0',
        'c',
      ),
    );
  });

  test('changes on adjacent lines conflict, as in git', () => {
    const r = merge(
      lines('a', 'b', 'c', 'd'),
      lines('a', 'B', 'c', 'd'),
      lines('a', 'b', 'C', 'd'),
    );
    expect(r.conflicts).toBe(1);
    expect(r.text).toBe(
      lines(
        'a',
        '<<<<<<< yours',
        'B',
        'c',
        '||||||| create-pyweb 0.1.0',
        'b',
        'c',
        '=======',
        'b',
        'C',
        '>>>>>>> create-pyweb 0.2.0',
        'd',
      ),
    );
  });

  test('two conflicts are counted apart', () => {
    const r = merge(
      lines('a', 'b', 'c', 'd', 'e'),
      lines('1', 'b', 'c', 'd', '3'),
      lines('2', 'b', 'c', 'd', '4'),
    );
    expect(r.conflicts).toBe(2);
  });

  test('a CRLF file stays CRLF, markers included', () => {
    const r = merge('a\r\nb\r\nc\r\n', 'a\r\nX\r\nc\r\n', 'a\r\nY\r\nc\r\n');
    expect(r.conflicts).toBe(1);
    expect(r.text.replace(/\r\n/g, '')).not.toContain('\n');
    expect(r.text).toContain('\r\n<<<<<<< yours\r\nX\r\n||||||| create-pyweb 0.1.0\r\nb\r\n');
  });

  test('a missing final newline: markers start lines, a clean merge ends as the sides do', () => {
    const clean = merge('a\nb\nc', 'A\nb\nc', 'a\nb\nC');
    expect(clean).toEqual({ text: 'A\nb\nC', conflicts: 0 });
    const r = merge('a\nb\nc', 'a\nb\nmine', 'a\nb\nours');
    expect(r.conflicts).toBe(1);
    expect(r.text).toBe(
      lines(
        'a',
        'b',
        '<<<<<<< yours',
        'mine',
        '||||||| create-pyweb 0.1.0',
        'c',
        '=======',
        'ours',
        '>>>>>>> create-pyweb 0.2.0',
      ),
    );
  });

  test('no base: both added the file, a whole-file conflict unless equal', () => {
    expect(merge(undefined, 'same\n', 'same\n')).toEqual({ text: 'same\n', conflicts: 0 });
    const r = merge(undefined, lines('x', 'y'), lines('x', 'z'));
    expect(r.conflicts).toBe(1);
    expect(r.text).toBe(
      lines(
        '<<<<<<< yours',
        'x',
        'y',
        '||||||| create-pyweb 0.1.0',
        '=======',
        'x',
        'z',
        '>>>>>>> create-pyweb 0.2.0',
      ),
    );
  });
});

describe('mergeText gives what git merge-file --diff3 gives', () => {
  const cases: [string, string | undefined, string, string][] = [
    ['identical', lines('a', 'b'), lines('a', 'c'), lines('a', 'c')],
    [
      'apart',
      lines('a', 'b', 'c', 'd', 'e'),
      lines('x', 'b', 'c', 'd', 'e'),
      lines('a', 'b', 'c', 'd', 'y'),
    ],
    ['adjacent', lines('a', 'b', 'c', 'd'), lines('a', 'B', 'c', 'd'), lines('a', 'b', 'C', 'd')],
    ['insert at same place', lines('a', 'b'), lines('a', 'x', 'b'), lines('a', 'y', 'b')],
    ['insert vs delete', lines('a', 'b', 'c'), lines('a', 'b', 'n', 'c'), lines('a', 'c')],
    ['delete both', lines('a', 'b', 'c'), lines('a', 'c'), lines('a', 'c')],
    [
      'repeated lines',
      lines('}', '', '}', '', 'x'),
      lines('}', '', 'new', '}', '', 'x'),
      lines('}', '', '}', '', 'y'),
    ],
    ['no base', undefined, lines('a', 'b'), lines('a', 'c')],
    ['crlf', 'a\r\nb\r\nc\r\n', 'a\r\nX\r\nc\r\n', 'a\r\nb\r\nY\r\n'],
    ['no final newline', 'a\nb', 'a\nB', 'a\nC'],
    ['newline added vs changed', 'a\nb', 'a\nb\n', 'a\nc'],
    [
      'record version',
      lines('[tool.create-pyweb]', 'version = "0.1.0"', 'package = "app"'),
      lines('[tool.create-pyweb]', 'version = "0.1.0"', 'package = "app"', 'addons = []'),
      lines('[tool.create-pyweb]', 'version = "0.2.0"', 'package = "app"'),
    ],
  ];
  test.each(cases)('%s', (_name, base, yours, theirs) => {
    expect(merge(base, yours, theirs)).toEqual(gitMerge(base, yours, theirs));
  });

  test('random edits of small files', () => {
    let seed = 42;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const words = ['a', 'b', 'c', '', '', 'a', '}'];
    const mutate = (l: string[]) => {
      const out = [...l];
      for (let k = rnd(4); k > 0; k--) {
        const at = rnd(out.length + 1);
        const op = rnd(3);
        if (op === 0 || out.length === 0)
          out.splice(at, 0, `${words[rnd(words.length)]}${rnd(2) ? '' : '+'}`);
        else if (op === 1) out.splice(Math.min(at, out.length - 1), 1);
        else out[Math.min(at, out.length - 1)] = `z${rnd(3)}`;
      }
      return out;
    };
    const text = (l: string[]) => (l.length ? `${l.join('\n')}${rnd(4) ? '\n' : ''}` : '');
    for (let i = 0; i < 150; i++) {
      const b = Array.from({ length: rnd(12) }, () => words[rnd(words.length)]);
      const [base, yours, theirs] = [text(b), text(mutate(b)), text(mutate(b))];
      expect(merge(base, yours, theirs), JSON.stringify({ base, yours, theirs })).toEqual(
        gitMerge(base, yours, theirs),
      );
    }
  });
});
