import type { FileTree } from '../project/tree.js';

/**
 * A project as one download, made in memory with no dependency and no node: (a page builds it in
 * the browser, the server the same way): a zip and a tar, both keeping each file's mode, so that
 * an executable script stays one after `unzip` or `tar -x`. The zip is stored, not compressed:
 * deflate would need a library or the browser's CompressionStream, which is asynchronous; the
 * server gzips the tar with node:zlib.
 */

const FILE_MODE = 0o644;
const EXEC_MODE = 0o755;
const DIR_MODE = 0o755;

interface Entry {
  /** Under the root folder; a folder's ends with `/`. */
  path: string;
  bytes: Uint8Array;
  mode: number;
  dir: boolean;
}

const utf8 = new TextEncoder();

/** The root folder, every folder in the tree (so that each gets its mode), then the files. */
function entries(root: string, tree: FileTree): Entry[] {
  if (!root || /[\\/]/.test(root) || root === '.' || root === '..')
    throw new Error(`the archive's root must be a plain folder name, not "${root}"`);
  const out: Entry[] = [{ path: `${root}/`, bytes: new Uint8Array(0), mode: DIR_MODE, dir: true }];
  const dirs = new Set<string>();
  for (const [path, file] of tree) {
    const parts = path.split('/');
    if (parts.some((p) => p === '' || p === '.' || p === '..'))
      throw new Error(`not a relative path in the project: ${path}`);
    for (let i = 1; i < parts.length; i++) {
      const dir = parts.slice(0, i).join('/');
      if (dirs.has(dir)) continue;
      dirs.add(dir);
      out.push({ path: `${root}/${dir}/`, bytes: new Uint8Array(0), mode: DIR_MODE, dir: true });
    }
    const bytes = typeof file.content === 'string' ? utf8.encode(file.content) : file.content;
    const mode = file.executable ? EXEC_MODE : FILE_MODE;
    out.push({ path: `${root}/${path}`, bytes, mode, dir: false });
  }
  return out;
}

let crcTable: Uint32Array | undefined;

/** CRC-32 (IEEE, as zip uses it). */
export function crc32(bytes: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (const b of bytes) crc = crcTable[(crc ^ b) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** Concatenates parts into one array. */
function join(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** MS-DOS date and time, as zip records them: local time, two-second steps, from 1980. */
function dosTime(d: Date): { time: number; date: number } {
  const year = Math.min(Math.max(d.getFullYear(), 1980), 2107);
  return {
    time: (d.getHours() << 11) | (d.getMinutes() << 5) | (d.getSeconds() >> 1),
    date: ((year - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate(),
  };
}

// Zip's fields: version 2.0 to extract; made by 3 (Unix), so readers take the mode from the
// high half of the external attributes; flag 0x800: names are UTF-8.
const VERSION_NEEDED = 20;
const MADE_BY_UNIX = (3 << 8) | 20;
const UTF8_NAMES = 0x800;
const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;
const MAX_ZIP = 0xffffffff;

/** A stored (uncompressed) zip of the tree under `root/`, with Unix modes and CRC-32s. */
export function zipArchive(root: string, tree: FileTree, mtime = new Date()): Uint8Array {
  const { time, date } = dosTime(mtime);
  const locals: Uint8Array[] = [];
  const centrals: Uint8Array[] = [];
  let offset = 0;
  const list = entries(root, tree);
  if (list.length > 0xffff) throw new Error('too many files for a zip without zip64');
  for (const e of list) {
    const name = utf8.encode(e.path);
    const crc = crc32(e.bytes);
    const local = new Uint8Array(30 + name.length);
    const l = new DataView(local.buffer);
    l.setUint32(0, 0x04034b50, true);
    l.setUint16(4, VERSION_NEEDED, true);
    l.setUint16(6, UTF8_NAMES, true);
    l.setUint16(8, 0, true); // stored
    l.setUint16(10, time, true);
    l.setUint16(12, date, true);
    l.setUint32(14, crc, true);
    l.setUint32(18, e.bytes.length, true);
    l.setUint32(22, e.bytes.length, true);
    l.setUint16(26, name.length, true);
    l.setUint16(28, 0, true);
    local.set(name, 30);

    const central = new Uint8Array(46 + name.length);
    const c = new DataView(central.buffer);
    c.setUint32(0, 0x02014b50, true);
    c.setUint16(4, MADE_BY_UNIX, true);
    c.setUint16(6, VERSION_NEEDED, true);
    c.setUint16(8, UTF8_NAMES, true);
    c.setUint16(10, 0, true);
    c.setUint16(12, time, true);
    c.setUint16(14, date, true);
    c.setUint32(16, crc, true);
    c.setUint32(20, e.bytes.length, true);
    c.setUint32(24, e.bytes.length, true);
    c.setUint16(28, name.length, true);
    // Extra field, comment, disk number, internal attributes: none.
    const unixMode = (e.dir ? S_IFDIR : S_IFREG) | e.mode;
    // The MS-DOS directory bit too, for readers that ignore the Unix half.
    c.setUint32(38, ((unixMode << 16) | (e.dir ? 0x10 : 0)) >>> 0, true);
    c.setUint32(42, offset, true);
    central.set(name, 46);

    locals.push(local, e.bytes);
    centrals.push(central);
    offset += local.length + e.bytes.length;
    if (offset > MAX_ZIP) throw new Error('the project is too large for a zip without zip64');
  }
  const directory = join(centrals);
  const end = new Uint8Array(22);
  const v = new DataView(end.buffer);
  v.setUint32(0, 0x06054b50, true);
  v.setUint16(8, list.length, true);
  v.setUint16(10, list.length, true);
  v.setUint32(12, directory.length, true);
  v.setUint32(16, offset, true);
  return join([...locals, directory, end]);
}

/** `value` in octal, zero-padded to `width - 1` digits and a NUL, as ustar numbers are. */
function octal(value: number, width: number): string {
  const digits = value.toString(8);
  if (digits.length > width - 1) throw new Error(`${value} does not fit a tar header field`);
  return `${digits.padStart(width - 1, '0')}\0`;
}

/** Splits a path into ustar's prefix (155 bytes) and name (100 bytes), at a slash. */
function ustarName(path: string): { name: Uint8Array; prefix: Uint8Array } {
  const whole = utf8.encode(path);
  if (whole.length <= 100) return { name: whole, prefix: new Uint8Array(0) };
  for (let i = path.indexOf('/'); i !== -1; i = path.indexOf('/', i + 1)) {
    const prefix = utf8.encode(path.slice(0, i));
    const name = utf8.encode(path.slice(i + 1));
    if (prefix.length <= 155 && name.length <= 100 && name.length > 0) return { name, prefix };
  }
  throw new Error(`the path is too long for a tar archive: ${path}`);
}

/** A ustar tar of the tree under `root/`, with modes; gzip it to make a .tgz. */
export function tarArchive(root: string, tree: FileTree, mtime = new Date()): Uint8Array {
  const seconds = Math.max(0, Math.floor(mtime.getTime() / 1000));
  const blocks: Uint8Array[] = [];
  for (const e of entries(root, tree)) {
    const header = new Uint8Array(512);
    const put = (at: number, bytes: Uint8Array | string) =>
      header.set(typeof bytes === 'string' ? utf8.encode(bytes) : bytes, at);
    const { name, prefix } = ustarName(e.path);
    put(0, name);
    put(100, octal(e.mode, 8));
    put(108, octal(0, 8)); // uid
    put(116, octal(0, 8)); // gid
    put(124, octal(e.bytes.length, 12));
    put(136, octal(seconds, 12));
    put(148, '        '); // the checksum counts its own field as spaces
    put(156, e.dir ? '5' : '0');
    put(257, 'ustar\u000000');
    put(345, prefix);
    const sum = header.reduce((n, b) => n + b, 0);
    put(148, `${sum.toString(8).padStart(6, '0')}\0 `);
    blocks.push(header, e.bytes);
    const pad = (512 - (e.bytes.length % 512)) % 512;
    if (pad) blocks.push(new Uint8Array(pad));
  }
  // The end: two empty blocks.
  blocks.push(new Uint8Array(1024));
  return join(blocks);
}
