/**
 * A project in memory: what rendering makes, what `create` and `add` plan on, and what the
 * writer (write.ts) alone puts on disk. Pure data, no file system: the same tree can be listed
 * by --dry-run, hashed for the record, or zipped in a browser.
 */

/** One file as it will be written. Text is written as UTF-8; bytes (a binary template) as they are. */
export interface TreeFile {
  content: string | Uint8Array;
  /** Written with the execute bits (a script); otherwise with the user's usual file mode. */
  executable?: boolean;
}

/** Relative path, `/`-separated → file, in the order the writer writes them. */
export type FileTree = Map<string, TreeFile>;

/** A file by its path and size: what --dry-run lists. */
export interface RenderedFile {
  path: string;
  bytes: number;
}

export function byteLength(content: string | Uint8Array): number {
  return typeof content === 'string' ? new TextEncoder().encode(content).length : content.length;
}

/** The text files of a tree, path → text (binary files have no text to plan or patch on). */
export function textsOf(tree: FileTree): Map<string, string> {
  const out = new Map<string, string>();
  for (const [path, file] of tree)
    if (typeof file.content === 'string') out.set(path, file.content);
  return out;
}

/** The tree's files with their sizes, sorted as a file manager shows them. */
export function listing(tree: FileTree): RenderedFile[] {
  return [...tree].map(([path, file]) => ({ path, bytes: byteLength(file.content) })).sort(byPath);
}

/**
 * Case-insensitive, then by code point: close to localeCompare's order without the cost of
 * starting ICU's collator, which is more than the rest of a render.
 */
function byPath(a: RenderedFile, b: RenderedFile): number {
  const x = a.path.toLowerCase();
  const y = b.path.toLowerCase();
  if (x !== y) return x < y ? -1 : 1;
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}
