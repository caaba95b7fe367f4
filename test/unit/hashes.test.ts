import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { formatHashes, hashOf, parseHashes } from '../../generators/project/hashes.js';

const h = (s: string) => createHash('sha256').update(s).digest('hex');

describe('the hash file', () => {
  test('sha256sum lines sorted by path under a comment, read back as written', () => {
    const hashes = new Map([
      ['pyproject.toml', h('b')],
      ['Dockerfile', h('a')],
      ['deploy/k8s/service.yaml', h('c')],
    ]);
    const text = formatHashes(hashes);
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^# /);
    expect(lines.filter((l) => !l.startsWith('#'))).toEqual([
      `${h('a')}  Dockerfile`,
      `${h('c')}  deploy/k8s/service.yaml`,
      `${h('b')}  pyproject.toml`,
    ]);
    expect(parseHashes(text)).toEqual(hashes);
  });

  test('hashOf is sha256 of the bytes; a checkout with CRLF or binary-mode lines still reads', () => {
    expect(hashOf('x\n')).toBe(h('x\n'));
    expect(hashOf(Buffer.from('x\n'))).toBe(h('x\n'));
    const text = `# note\r\n${h('a').toUpperCase()} *Dockerfile\r\nnot a line\r\n`;
    expect(parseHashes(text)).toEqual(new Map([['Dockerfile', h('a')]]));
  });
});
