import type { FileTree } from './tree.js';

/**
 * The second half of the record (the answers are in `[tool.create-pyweb]`): the sha256 of every
 * file create-pyweb wrote or last updated, as those bytes were. A file whose bytes still hash to
 * its line is create-pyweb's to update; one that differs is the user's; one that is gone was
 * deleted by the user and stays deleted.
 *
 * The format is sha256sum's, one `<hash>  <path>` line per file sorted by path, so that a diff
 * shows one line per file and `sha256sum -c --quiet .create-pyweb.sha256` (`shasum -a 256 -c` on
 * macOS) lists, without create-pyweb or git, exactly the files `add` would treat as yours. That is
 * also why the hashes are whole: a shortened one would read better but no tool could check it.
 *
 * No node: import here: the page (generators/web/) writes the same record in a browser.
 */
export const HASH_FILE = '.create-pyweb.sha256';

/**
 * Files that are never recorded: .env is made with a fresh secret, git-ignored and the user's
 * from the start; uv.lock follows the package index, not the templates.
 */
const UNRECORDED = new Set(['.env', 'uv.lock', HASH_FILE]);

export function recordable(path: string): boolean {
  return !UNRECORDED.has(path);
}

/** Relative path → sha256 hex of the file as create-pyweb wrote it. */
export type Hashes = Map<string, string>;

/** sha256 hex of a file's bytes (text as UTF-8): node:crypto's in the CLI, Web Crypto's in a page. */
export type Sha256 = (bytes: string | Uint8Array) => string | Promise<string>;

const HEADER = [
  '# Written by create-pyweb: the sha256 of each file as create-pyweb last wrote it.',
  '# `create-pyweb add` and `update` replace a file only while it still matches its line here; a',
  '# file you changed is yours (add skips it, update merges into it), one you deleted stays deleted.',
  '# `sha256sum -c --quiet .create-pyweb.sha256` lists the files you changed.',
];

/** The file's text: sha256sum lines sorted by path, under a comment that says what they are. */
export function formatHashes(hashes: Hashes): string {
  const paths = [...hashes.keys()].sort();
  return `${[...HEADER, ...paths.map((p) => `${hashes.get(p)}  ${p}`)].join('\n')}\n`;
}

/** The hashes in a file's text; comments and lines that are not sha256sum's are passed over. */
export function parseHashes(text: string): Hashes {
  const out: Hashes = new Map();
  for (const line of text.split(/\r?\n/)) {
    // sha256sum marks binary mode with `*` before the path; both modes hash the same bytes here.
    const m = /^([0-9a-f]{64}) [ *](.+)$/i.exec(line);
    if (m) out.set(m[2], m[1].toLowerCase());
  }
  return out;
}

/**
 * Adds the hash file to a new project's tree, recording every other file in it. Added last, so
 * the writer writes it last: a record never names a file that is not there yet.
 */
export async function recordTree(tree: FileTree, sha256: Sha256): Promise<void> {
  const hashes: Hashes = new Map();
  for (const [path, file] of tree)
    if (recordable(path)) hashes.set(path, await sha256(file.content));
  tree.delete(HASH_FILE);
  tree.set(HASH_FILE, { content: formatHashes(hashes) });
}
