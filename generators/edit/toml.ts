/**
 * Just enough TOML to read and edit a pyproject.toml without a dependency and without
 * reformatting it: a full TOML 1.0 *syntax* scanner that records where every table header,
 * key and value is, and edits that splice new text into those places. Comments, order,
 * spacing and line endings outside the edited spans are never touched.
 * All functions are pure (text in, text out); they throw on text that is not TOML.
 */
import { eolOf, normalizeName, requirementName } from './requirements.js';

export type TomlValue = string | boolean | number | string[];

// ---------------------------------------------------------------------------------------------
// Scanner

type Node =
  | { kind: 'string'; start: number; end: number; value: string }
  | { kind: 'bool'; start: number; end: number; value: boolean }
  | { kind: 'number'; start: number; end: number; value: number }
  | { kind: 'other'; start: number; end: number } // dates and times
  | { kind: 'array'; start: number; end: number; items: Item[] }
  | { kind: 'inline'; start: number; end: number; entries: Entry[] };

/** An array element; comma: offset of the `,` after it, -1 when none. */
interface Item {
  node: Node;
  comma: number;
}
/** An inline table's key = value; comma as for Item. */
interface Entry {
  path: string[];
  keyStart: number;
  node: Node;
  comma: number;
}

interface Header {
  path: string[];
  /** [[array.of.tables]] */
  array: boolean;
  /** Inside an element of an array of tables: not addressable by a table name. */
  inArray: boolean;
  lineStart: number;
  /** End of the header line, after any comment, before the line break. */
  lineEnd: number;
}

interface KeyVal {
  header: Header | undefined;
  /** The key as written (dotted keys have several parts). */
  path: string[];
  /** Header path + key path; undefined inside an array of tables. */
  full: string[] | undefined;
  lineStart: number;
  keyStart: number;
  indent: string;
  node: Node;
  /** End of the key/value's last line, after any comment, before the line break. */
  lineEnd: number;
}

interface Doc {
  text: string;
  eol: string;
  headers: Header[];
  kvs: KeyVal[];
}

const ESCAPES: Record<string, string> = {
  b: '\b',
  t: '\t',
  n: '\n',
  f: '\f',
  r: '\r',
  '"': '"',
  '\\': '\\',
};

class Scanner {
  pos = 0;
  /**
   * `lenient`, for someone else's file (`readLeniently`): a bare value is kept as its text
   * (`version = 1.0.0`), and an inline table's trailing comma and a statement after a header pass.
   */
  constructor(
    readonly text: string,
    readonly lenient = false,
  ) {}

  fail(msg: string): never {
    const line = this.text.slice(0, this.pos).split('\n').length;
    throw new Error(`invalid TOML at line ${line}: ${msg}`);
  }

  peek(ahead = 0): string | undefined {
    return this.text[this.pos + ahead];
  }

  skipWs(): void {
    while (this.peek() === ' ' || this.peek() === '\t') this.pos++;
  }

  atEol(): boolean {
    const c = this.peek();
    return c === undefined || c === '\n' || (c === '\r' && this.peek(1) === '\n');
  }

  newline(): void {
    if (this.peek() === '\r' && this.peek(1) === '\n') this.pos += 2;
    else if (this.peek() === '\n') this.pos++;
    else if (this.pos < this.text.length) this.fail('expected a line break');
  }

  /** At `#`: to the end of the line, before its line break. */
  comment(): void {
    const nl = this.text.indexOf('\n', this.pos);
    this.pos = nl < 0 ? this.text.length : this.text[nl - 1] === '\r' ? nl - 1 : nl;
  }

  /** Whitespace, an optional comment, the line break. Returns the offset before the line break. */
  endOfLine(): number {
    this.skipWs();
    if (this.peek() === '#') this.comment();
    const end = this.pos;
    if (!this.atEol()) this.fail('unexpected text after a value');
    this.newline();
    return end;
  }

  /** Whitespace, comments and line breaks (inside arrays). */
  skipBlank(): void {
    for (;;) {
      this.skipWs();
      const c = this.peek();
      if (c === '#') this.comment();
      else if (c === '\n' || (c === '\r' && this.peek(1) === '\n')) this.newline();
      else return;
    }
  }

  /** A (dotted) key; skips whitespace around it and its dots. */
  key(): string[] {
    const parts: string[] = [];
    for (;;) {
      this.skipWs();
      const c = this.peek();
      if (c === '"' || c === "'") {
        if (this.text.startsWith(c.repeat(3), this.pos))
          this.fail('a key cannot be a multi-line string');
        parts.push(c === '"' ? this.basic() : this.literal());
      } else {
        const re = /[A-Za-z0-9_-]+/y;
        re.lastIndex = this.pos;
        const m = re.exec(this.text);
        if (!m) this.fail('expected a key');
        parts.push(m[0]);
        this.pos += m[0].length;
      }
      this.skipWs();
      if (this.peek() !== '.') return parts;
      this.pos++;
    }
  }

  escape(): string {
    const e = this.peek(1) ?? '';
    if (e in ESCAPES) {
      this.pos += 2;
      return ESCAPES[e];
    }
    if (e === 'u' || e === 'U') {
      const n = e === 'u' ? 4 : 8;
      const hex = this.text.slice(this.pos + 2, this.pos + 2 + n);
      const cp = parseInt(hex, 16);
      if (
        !/^[0-9A-Fa-f]+$/.test(hex) ||
        hex.length !== n ||
        cp > 0x10ffff ||
        (cp >= 0xd800 && cp <= 0xdfff)
      ) {
        this.fail('invalid unicode escape');
      }
      this.pos += 2 + n;
      return String.fromCodePoint(cp);
    }
    this.fail('invalid escape');
  }

  basic(): string {
    this.pos++;
    let out = '';
    for (;;) {
      const c = this.peek();
      if (c === undefined || c === '\n' || c === '\r') this.fail('unterminated string');
      if (c === '"') {
        this.pos++;
        return out;
      }
      if (c === '\\') out += this.escape();
      else {
        out += c;
        this.pos++;
      }
    }
  }

  literal(): string {
    const start = ++this.pos;
    for (;;) {
      const c = this.peek();
      if (c === undefined || c === '\n' || c === '\r') this.fail('unterminated string');
      if (c === "'") {
        this.pos++;
        return this.text.slice(start, this.pos - 1);
      }
      this.pos++;
    }
  }

  /** At `"""` or `'''`. */
  multiline(q: string): string {
    this.pos += 3;
    if (this.peek() === '\n') this.pos++;
    else if (this.peek() === '\r' && this.peek(1) === '\n') this.pos += 2;
    let out = '';
    for (;;) {
      const c = this.peek();
      if (c === undefined) this.fail('unterminated multi-line string');
      if (this.text.startsWith(q.repeat(3), this.pos)) {
        let n = 3;
        while (this.peek(n) === q) n++;
        if (n > 5) this.fail('too many quotes');
        this.pos += n;
        return out + q.repeat(n - 3);
      }
      if (c === '\\' && q === '"') {
        const re = /\\[ \t]*\r?\n[ \t\r\n]*/y; // line-ending backslash: trims to the next non-blank
        re.lastIndex = this.pos;
        const m = re.exec(this.text);
        if (m) this.pos += m[0].length;
        else out += this.escape();
        continue;
      }
      out += c;
      this.pos++;
    }
  }

  value(): Node {
    const start = this.pos;
    const c = this.peek();
    if (c === '"' || c === "'") {
      const value = this.text.startsWith(c.repeat(3), this.pos)
        ? this.multiline(c)
        : c === '"'
          ? this.basic()
          : this.literal();
      return { kind: 'string', start, end: this.pos, value };
    }
    if (c === '[') return this.array();
    if (c === '{') return this.inline();
    if (this.lenient) return this.raw(start);
    const re = /[0-9A-Za-z_+\-.:]+/y;
    re.lastIndex = this.pos;
    let m = re.exec(this.text);
    if (!m) this.fail('expected a value');
    this.pos += m[0].length;
    if (/^\d{4}-\d{2}-\d{2}$/.test(m[0]) && this.peek() === ' ' && /\d/.test(this.peek(1) ?? '')) {
      re.lastIndex = ++this.pos; // 1979-05-27 07:32:00Z
      m = re.exec(this.text);
      if (m) this.pos += m[0].length;
    }
    const raw = this.text.slice(start, this.pos);
    if (raw === 'true' || raw === 'false')
      return { kind: 'bool', start, end: this.pos, value: raw === 'true' };
    const n = parseNumber(raw);
    if (n !== undefined) return { kind: 'number', start, end: this.pos, value: n };
    if (/^(\d{4}-\d{2}-\d{2}|\d{2}:\d{2})/.test(raw))
      return { kind: 'other', start, end: this.pos };
    this.pos = start;
    this.fail(`not a TOML value: ${raw}`);
  }

  /** Lenient: the text up to what ends a value, as `other`. */
  /**
   * Lenient: a bare value is the text up to what ends one (`,`, `]`, `}`, `#`, the line's end):
   * true and false, else `other`, numbers and dates included, read as their text.
   */
  raw(start: number): Node {
    const re = /[^,\]}#\r\n]+/y;
    re.lastIndex = start;
    const m = re.exec(this.text);
    if (!m) this.fail('expected a value');
    this.pos = start + m[0].length;
    const word = m[0].trim();
    if (word === 'true' || word === 'false')
      return { kind: 'bool', start, end: this.pos, value: word === 'true' };
    return { kind: 'other', start, end: this.pos };
  }

  array(): Node {
    const start = this.pos++;
    const items: Item[] = [];
    for (;;) {
      this.skipBlank();
      if (this.peek() === ']') break;
      const item: Item = { node: this.value(), comma: -1 };
      items.push(item);
      this.skipBlank();
      if (this.peek() === ',') {
        item.comma = this.pos++;
        continue;
      }
      if (this.peek() !== ']') this.fail('expected , or ] in an array');
      break;
    }
    this.pos++;
    return { kind: 'array', start, end: this.pos, items };
  }

  inline(): Node {
    const start = this.pos++;
    const entries: Entry[] = [];
    this.skipWs();
    if (this.peek() !== '}') {
      for (;;) {
        this.skipWs();
        const keyStart = this.pos;
        const path = this.key();
        if (this.peek() !== '=') this.fail('expected = in an inline table');
        this.pos++;
        this.skipWs();
        const entry: Entry = { path, keyStart, node: this.value(), comma: -1 };
        entries.push(entry);
        this.skipWs();
        if (this.peek() === ',') {
          entry.comma = this.pos++;
          this.skipWs();
          // Lenient: a trailing comma, as TOML 1.1 allows.
          if (this.lenient && this.peek() === '}') break;
          continue;
        }
        if (this.peek() !== '}') this.fail('expected , or } in an inline table');
        break;
      }
    }
    this.pos++;
    return { kind: 'inline', start, end: this.pos, entries };
  }
}

function parseNumber(raw: string): number | undefined {
  const plain = raw.replace(/_/g, '');
  if (/^[+-]?(0|[1-9](_?\d)*)$/.test(raw)) return Number(plain);
  if (
    /^0x[0-9A-Fa-f](_?[0-9A-Fa-f])*$/.test(raw) ||
    /^0o[0-7](_?[0-7])*$/.test(raw) ||
    /^0b[01](_?[01])*$/.test(raw)
  ) {
    return Number(plain);
  }
  if (/^[+-]?(0|[1-9](_?\d)*)(\.\d(_?\d)*)?([eE][+-]?\d(_?\d)*)?$/.test(raw)) return Number(plain);
  if (/^[+-]?inf$/.test(raw)) return raw.startsWith('-') ? -Infinity : Infinity;
  if (/^[+-]?nan$/.test(raw)) return NaN;
  return undefined;
}

function parse(text: string): Doc {
  return scan(new Scanner(text));
}

/**
 * The scan itself. A lenient scanner stops at the first line that is not TOML and gives what
 * came before, with the error; a header or value is recorded before the rest of its line is read.
 */
function scan(s: Scanner): Doc & { error?: string } {
  const { text } = s;
  if (text.charCodeAt(0) === 0xfeff) s.pos = 1;
  const headers: Header[] = [];
  const kvs: KeyVal[] = [];
  const arrays: string[][] = [];
  let current: Header | undefined;
  try {
    statements();
  } catch (e) {
    if (!s.lenient) throw e;
    return { text, eol: eolOf(text), headers, kvs, error: (e as Error).message };
  }
  return { text, eol: eolOf(text), headers, kvs };

  function statements(): void {
    while (s.pos < text.length) {
      const lineStart = s.pos;
      s.skipWs();
      const c = s.peek();
      if (c === undefined) break;
      if (c === '#') {
        s.comment();
        s.newline();
      } else if (c === '\n' || c === '\r') {
        s.newline();
      } else if (c === '[') {
        const array = s.peek(1) === '[';
        s.pos += array ? 2 : 1;
        const path = s.key();
        if (s.peek() !== ']' || (array && s.peek(1) !== ']'))
          s.fail(array ? 'expected ]]' : 'expected ]');
        s.pos += array ? 2 : 1;
        const inArray = arrays.some((a) => a.length < path.length && startsWith(path, a));
        if (array) arrays.push(path);
        current = { path, array, inArray, lineStart, lineEnd: -1 };
        headers.push(current);
        s.skipWs();
        // Lenient: a statement may follow a header on its line, as the old reader allowed.
        if (s.lenient && !s.atEol() && s.peek() !== '#') current.lineEnd = s.pos;
        else current.lineEnd = s.endOfLine();
      } else {
        const keyStart = s.pos;
        const path = s.key();
        if (s.peek() !== '=') s.fail('expected =');
        s.pos++;
        s.skipWs();
        const node = s.value();
        const full =
          current && (current.array || current.inArray)
            ? undefined
            : [...(current?.path ?? []), ...path];
        const kv: KeyVal = {
          header: current,
          path,
          full,
          lineStart,
          keyStart,
          indent: text.slice(lineStart, keyStart),
          node,
          lineEnd: -1,
        };
        kvs.push(kv);
        kv.lineEnd = s.endOfLine();
      }
    }
  }
}

/** A value as plain data: inline tables as objects (dotted keys joined), numbers and dates as written. */
export type PlainValue = string | boolean | PlainValue[] | { [key: string]: PlainValue };

function plainValue(node: Node, text: string): PlainValue {
  switch (node.kind) {
    case 'string':
    case 'bool':
      return node.value;
    case 'array':
      return node.items.map((i) => plainValue(i.node, text));
    case 'inline':
      return Object.fromEntries(
        node.entries.map((e) => [e.path.join('.'), plainValue(e.node, text)]),
      );
    default:
      return text.slice(node.start, node.end).trim();
  }
}

/** Where a lenient read stopped, in the words `detect`'s evidence has always said it. */
function stoppedAt(message: string): string {
  return message
    .replace(/^invalid TOML at /, '')
    .replace(/: expected \]\]?$/, ': expected ] after a table name')
    .replace(/: unexpected text after a value$/, ': expected the end of the line');
}

/**
 * Someone else's pyproject.toml, read as far as it can be (`detect`): every table name and every
 * key's value by dotted name, those in arrays of tables under the array's name. Reading stops at
 * the first line that is not TOML, keeping what came before and saying where (`error`: "line 3:
 * expected ="); a bare value that is not TOML (`version = 1.0.0`) is kept as its text.
 */
export function readLeniently(text: string): {
  tables: Set<string>;
  values: Map<string, PlainValue>;
  error?: string;
} {
  const doc = scan(new Scanner(text, true));
  const dotted = (path: string[]) => path.join('.');
  return {
    tables: new Set(doc.headers.map((h) => dotted(h.path))),
    values: new Map(
      doc.kvs.map((kv) => [
        dotted([...(kv.header?.path ?? []), ...kv.path]),
        plainValue(kv.node, text),
      ]),
    ),
    ...(doc.error ? { error: stoppedAt(doc.error) } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// Paths, values, edits

function same(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function startsWith(path: string[], prefix: string[]): boolean {
  return prefix.length <= path.length && prefix.every((x, i) => x === path[i]);
}

/** "tool.create-pyweb" or 'tool."create-pyweb"' → ["tool", "create-pyweb"]. */
function tablePath(table: string): string[] {
  const s = new Scanner(table);
  const path = s.key();
  if (s.pos !== table.length || path.length === 0) throw new Error(`not a table name: ${table}`);
  return path;
}

/** A key/value at exactly this path (outside arrays of tables). */
function keyAt(doc: Doc, path: string[]): KeyVal | undefined {
  return doc.kvs.find((kv) => kv.full && same(kv.full, path));
}

type Where =
  | { kind: 'absent' }
  | { kind: 'table'; header: Header | undefined }
  | { kind: 'value'; kv: KeyVal } // the table, or one above it, is a value: an inline table, or not a table at all
  | { kind: 'array' };

function locate(doc: Doc, path: string[]): Where {
  const kv = doc.kvs.find((k) => k.full && startsWith(path, k.full));
  if (kv) return { kind: 'value', kv };
  const header = doc.headers.find((h) => !h.array && !h.inArray && same(h.path, path));
  if (header) return { kind: 'table', header };
  if (doc.headers.some((h) => h.array && startsWith(path, h.path))) return { kind: 'array' };
  const implicit =
    doc.kvs.some((k) => k.full && k.full.length > path.length && startsWith(k.full, path)) ||
    doc.headers.some((h) => !h.inArray && h.path.length > path.length && startsWith(h.path, path));
  return implicit ? { kind: 'table', header: undefined } : { kind: 'absent' };
}

function nodeValue(node: Node, text: string): TomlValue {
  switch (node.kind) {
    case 'string':
    case 'bool':
    case 'number':
      return node.value;
    case 'array':
      if (node.items.every((i) => i.node.kind === 'string')) {
        return node.items.map((i) => (i.node as { value: string }).value);
      }
      return text.slice(node.start, node.end);
    default:
      return text.slice(node.start, node.end);
  }
}

function sameValue(node: Node, value: TomlValue): boolean {
  if (Array.isArray(value)) {
    return (
      node.kind === 'array' &&
      node.items.length === value.length &&
      node.items.every((i, n) => i.node.kind === 'string' && i.node.value === value[n])
    );
  }
  if (node.kind === 'string' || node.kind === 'bool' || node.kind === 'number')
    return Object.is(node.value, value);
  return false;
}

/** A TOML basic string. */
function tomlString(s: string): string {
  if (/\p{Cs}/u.test(s)) throw new Error(`not valid Unicode: ${JSON.stringify(s)}`);
  return JSON.stringify(s).replace(/\x7f/g, '\\u007f');
}

function tomlKey(key: string): string {
  return /^[A-Za-z0-9_-]+$/.test(key) ? key : tomlString(key);
}

function tomlValue(value: TomlValue): string {
  if (typeof value === 'string') return tomlString(value);
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return 'nan';
    if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
    return String(value);
  }
  if (Array.isArray(value) && value.every((v) => typeof v === 'string'))
    return `[${value.map(tomlString).join(', ')}]`;
  throw new TypeError(`cannot write ${JSON.stringify(value)} as a TOML value`);
}

interface Edit {
  start: number;
  end: number;
  text: string;
}

function apply(text: string, edits: Edit[]): string {
  if (edits.length === 0) return text;
  let out = text;
  for (const e of [...edits].sort((a, b) => b.start - a.start))
    out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

function lineStartOf(text: string, i: number): number {
  return text.lastIndexOf('\n', i - 1) + 1;
}

/** The line's indentation when `i` is its first non-blank character, else undefined. */
function indentBefore(text: string, i: number): string | undefined {
  const before = text.slice(lineStartOf(text, i), i);
  return /^[ \t]*$/.test(before) ? before : undefined;
}

/** Length of the line break at i (0 at the end of the text). */
function eolLength(text: string, i: number): number {
  return text.startsWith('\r\n', i) ? 2 : text[i] === '\n' ? 1 : 0;
}

/** Where the line ends (before its break) if only blanks and a comment follow i on it, else undefined. */
function restOfLine(text: string, i: number): number | undefined {
  while (text[i] === ' ' || text[i] === '\t') i++;
  if (text[i] === '#') {
    const nl = text.indexOf('\n', i);
    i = nl < 0 ? text.length : text[nl - 1] === '\r' ? nl - 1 : nl;
  }
  return i === text.length || eolLength(text, i) > 0 ? i : undefined;
}

/** Removes whole lines [start, lineEnd] with their line break (the one before, on a last line without one). */
function lineRemoval(text: string, start: number, lineEnd: number): Edit {
  const n = eolLength(text, lineEnd);
  if (n > 0 || start === 0) return { start, end: lineEnd + n, text: '' };
  return { start: start - (text[start - 2] === '\r' ? 2 : 1), end: lineEnd, text: '' };
}

/**
 * Appends `key = value` lines (texts already TOML) to a table: after its last key line (same
 * indentation), after its header when it has no keys, as dotted keys after the last of them when
 * dotted keys are all that define it, else as a new table at the end after one blank line.
 */
function insertKeys(doc: Doc, path: string[], lines: [string, string][]): Edit {
  const { text, eol } = doc;
  const row = (prefix: string[], [k, v]: [string, string]) =>
    [...prefix.map(tomlKey), tomlKey(k)].join('.') + ' = ' + v;
  const header = doc.headers.find((h) => !h.array && !h.inArray && same(h.path, path));
  if (header) {
    const own = doc.kvs.filter((kv) => kv.header === header);
    const last = own[own.length - 1];
    const at = last ? last.lineEnd : header.lineEnd;
    const indent = last ? last.indent : '';
    return { start: at, end: at, text: lines.map((l) => eol + indent + row([], l)).join('') };
  }
  const dotted = doc.kvs.filter(
    (kv) =>
      kv.full &&
      kv.full.length > path.length &&
      startsWith(kv.full, path) &&
      (kv.header?.path.length ?? 0) < path.length,
  );
  const last = dotted[dotted.length - 1];
  if (last?.full) {
    const prefix = last.full.slice(last.header?.path.length ?? 0, path.length);
    return {
      start: last.lineEnd,
      end: last.lineEnd,
      text: lines.map((l) => eol + last.indent + row(prefix, l)).join(''),
    };
  }
  let lead = '';
  if (text.trim() !== '') {
    if (!text.endsWith('\n')) lead += eol;
    if (!/\n[ \t]*\r?\n$/.test(text + lead)) lead += eol;
  }
  const body =
    `[${path.map(tomlKey).join('.')}]${eol}` + lines.map((l) => row([], l) + eol).join('');
  return { start: text.length, end: text.length, text: lead + body };
}

// ---------------------------------------------------------------------------------------------
// Tables

/**
 * The simple key/values of one table ("tool.create-pyweb", 'tool."create-pyweb"', "project"):
 * strings, booleans, numbers, arrays of strings. Sub-tables and dotted keys are skipped; a key
 * holding anything else (inline table, array of other things, date) gives its raw TOML text.
 * Undefined when the table is absent.
 */
export function readTable(text: string, table: string): Record<string, TomlValue> | undefined {
  const doc = parse(text);
  const path = tablePath(table);
  const where = locate(doc, path);
  if (where.kind === 'value') {
    const { kv } = where;
    if (kv.node.kind !== 'inline' || !same(kv.full ?? [], path)) return undefined;
    return Object.fromEntries(
      kv.node.entries
        .filter((e) => e.path.length === 1)
        .map((e) => [e.path[0], nodeValue(e.node, text)]),
    );
  }
  if (where.kind !== 'table') return undefined;
  const own = doc.kvs.filter(
    (kv) => kv.full && kv.full.length === path.length + 1 && startsWith(kv.full, path),
  );
  return Object.fromEntries(
    own.map((kv) => [kv.path[kv.path.length - 1], nodeValue(kv.node, text)]),
  );
}

/**
 * Sets keys in a table, creating it at the end of the file (after one blank line) when absent.
 * An existing key's value is replaced in place (comments on its line and around it stay); a key
 * whose value is already that value is left as written; new keys go after the table's last key
 * line. Returns the same text (===) when nothing changes.
 */
export function setTableValues(
  text: string,
  table: string,
  values: Record<string, TomlValue>,
): string {
  const doc = parse(text);
  const path = tablePath(table);
  const where = locate(doc, path);
  if (where.kind === 'value' || where.kind === 'array') {
    throw new Error(
      `cannot set keys in [${table}]: it is written as ${where.kind === 'array' ? 'an array of tables' : 'a value'}`,
    );
  }
  const edits: Edit[] = [];
  const added: [string, string][] = [];
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined) continue;
    const written = tomlValue(value);
    const full = [...path, key];
    const kv = keyAt(doc, full);
    if (kv) {
      if (!sameValue(kv.node, value))
        edits.push({ start: kv.node.start, end: kv.node.end, text: written });
    } else if (locate(doc, full).kind !== 'absent') {
      throw new Error(`cannot set ${key} in [${table}]: it is a table`);
    } else {
      added.push([key, written]);
    }
  }
  if (added.length > 0) edits.push(insertKeys(doc, path, added));
  return apply(text, edits);
}

// ---------------------------------------------------------------------------------------------
// [project].dependencies

const PROJECT_DEPS = ['project', 'dependencies'];

function arrayAt(
  doc: Doc,
  path: string[],
): { kv: KeyVal; node: Extract<Node, { kind: 'array' }> } | undefined {
  const kv = keyAt(doc, path);
  return kv && kv.node.kind === 'array' ? { kv, node: kv.node } : undefined;
}

function depsArray(doc: Doc): { kv: KeyVal; node: Extract<Node, { kind: 'array' }> } | undefined {
  return arrayAt(doc, PROJECT_DEPS);
}

/**
 * Every array value outside arrays of tables: its full key path, its string items (other items
 * are skipped) and where the array is ([ to ] inclusive, end exclusive).
 */
export function stringArrays(
  text: string,
): { path: string[]; strings: string[]; start: number; end: number }[] {
  return parse(text).kvs.flatMap((kv) =>
    kv.full && kv.node.kind === 'array'
      ? [
          {
            path: kv.full,
            strings: kv.node.items.flatMap((i) => (i.node.kind === 'string' ? [i.node.value] : [])),
            start: kv.node.start,
            end: kv.node.end,
          },
        ]
      : [],
  );
}

/** Replaces the string item equal to `from` in the array at path by `to`, in place. Same text when absent. */
export function replaceArrayString(text: string, path: string[], from: string, to: string): string {
  const found = arrayAt(parse(text), path);
  const item = found?.node.items.find((i) => i.node.kind === 'string' && i.node.value === from);
  if (!item) return text;
  return apply(text, [{ start: item.node.start, end: item.node.end, text: tomlString(to) }]);
}

/** The [project].dependencies array's requirements (strings), or undefined. */
export function projectDependencies(text: string): string[] | undefined {
  const deps = depsArray(parse(text));
  if (!deps) return undefined;
  return deps.node.items.flatMap((i) => (i.node.kind === 'string' ? [i.node.value] : []));
}

function checkedRequirement(requirement: string): { req: string; name: string } {
  const req = requirement.trim();
  const name = requirementName(req);
  if (!name || /[\r\n]/.test(req))
    throw new Error(`not a requirement: ${JSON.stringify(requirement)}`);
  return { req, name };
}

/**
 * Adds a PEP 508 requirement to [project].dependencies: a multi-line array gets a new line
 * before its closing bracket (indented as its items, with a trailing comma); a one-line array
 * gets `, "req"` after its last item; an empty `[]` becomes a multi-line array. Same text when a
 * requirement of the same normalised name is there. Throws when there is no such array.
 */
export function addProjectDependency(text: string, requirement: string): string {
  return addArrayRequirement(text, PROJECT_DEPS, requirement);
}

/** addProjectDependency for the array at any key path ("dependency-groups", "dev"). */
export function addArrayRequirement(text: string, path: string[], requirement: string): string {
  const { req, name } = checkedRequirement(requirement);
  const doc = parse(text);
  const deps = arrayAt(doc, path);
  if (!deps)
    throw new Error(
      same(path, PROJECT_DEPS)
        ? 'pyproject.toml has no [project] dependencies array'
        : `pyproject.toml has no ${path.join('.')} array`,
    );
  const { kv, node } = deps;
  if (node.items.some((i) => i.node.kind === 'string' && requirementName(i.node.value) === name))
    return text;
  const { eol } = doc;
  const item = tomlString(req);
  const close = node.end - 1;
  const multiline = text.slice(node.start, node.end).includes('\n');
  const last = node.items[node.items.length - 1];
  if (!multiline) {
    if (!last)
      return apply(text, [
        {
          start: node.start,
          end: node.end,
          text: `[${eol}${kv.indent}    ${item},${eol}${kv.indent}]`,
        },
      ]);
    return apply(text, [{ start: last.node.end, end: last.node.end, text: `, ${item}` }]);
  }
  const indents = node.items
    .map((i) => indentBefore(text, i.node.start))
    .filter((s) => s !== undefined);
  let indent = indents[indents.length - 1];
  if (indent === undefined) {
    const comment = /\n([ \t]*)#/.exec(text.slice(node.start, close)); // an empty array with only comments in it
    indent = comment ? comment[1] : `${kv.indent}    `;
  }
  const closeLine = lineStartOf(text, close);
  const edits: Edit[] = [];
  if (indentBefore(text, close) !== undefined) {
    if (last && last.comma < 0) edits.push({ start: last.node.end, end: last.node.end, text: ',' });
    edits.push({ start: closeLine, end: closeLine, text: `${indent}${item},${eol}` });
  } else if (!last) {
    edits.push({ start: close, end: close, text: `${item}, ` }); // unreachable for valid TOML: `]` after a comment
  } else if (last.comma < 0) {
    edits.push({ start: last.node.end, end: last.node.end, text: `,${eol}${indent}${item}` }); // `"b"]` → `"b",\n    "req"]`
  } else {
    edits.push({ start: last.comma + 1, end: last.comma + 1, text: `${eol}${indent}${item},` });
  }
  return apply(text, edits);
}

/**
 * Removes the requirements with that normalised name from [project].dependencies: the whole line
 * when the item is alone on it (its comment goes with it), else the item and its comma. Same text
 * when absent.
 */
export function removeProjectDependency(text: string, name: string): string {
  return removeArrayRequirement(text, PROJECT_DEPS, name);
}

/** removeProjectDependency for the array at any key path. */
export function removeArrayRequirement(text: string, path: string[], name: string): string {
  const target = requirementName(name);
  if (!target) return text;
  let out = text;
  for (;;) {
    const deps = arrayAt(parse(out), path);
    if (!deps) return out;
    const { items } = deps.node;
    const i = items.findIndex(
      (it) => it.node.kind === 'string' && requirementName(it.node.value) === target,
    );
    if (i < 0) return out;
    out = apply(out, removeItem(out, items, i, deps.node.start, deps.node.end));
  }
}

/** Edits that take element i out of an array or inline table (items with their commas). */
function removeItem(
  text: string,
  items: { node: Node; comma: number; keyStart?: number }[],
  i: number,
  open: number,
  end: number,
): Edit[] {
  const item = items[i];
  const start = item.keyStart ?? item.node.start;
  if (items.length === 1 && !text.slice(open, end).includes('\n'))
    return [{ start: open + 1, end: end - 1, text: '' }];
  const commaOnLine = item.comma < 0 || !text.slice(item.node.end, item.comma).includes('\n');
  const lineEnd = restOfLine(text, item.comma >= 0 ? item.comma + 1 : item.node.end);
  if (indentBefore(text, start) !== undefined && commaOnLine && lineEnd !== undefined) {
    return [lineRemoval(text, lineStartOf(text, start), lineEnd)];
  }
  const prev = items[i - 1];
  let from = start; // with the blanks before it
  while (prev && from > prev.comma + 1 && (text[from - 1] === ' ' || text[from - 1] === '\t'))
    from--;
  if (item.comma >= 0) {
    let stop = item.comma + 1;
    while (text[stop] === ' ' || text[stop] === '\t') stop++;
    // Followed by another item: take the blanks after it; the last one (trailing comma): the blanks before.
    return [
      i + 1 < items.length || !prev
        ? { start, end: stop, text: '' }
        : { start: from, end: item.comma + 1, text: '' },
    ];
  }
  if (!prev) return [{ start, end: item.node.end, text: '' }];
  // The last item, no comma after it: drop the previous item's comma, and this item with the blanks before it.
  return [
    { start: prev.comma, end: prev.comma + 1, text: '' },
    { start: from, end: item.node.end, text: '' },
  ];
}

// ---------------------------------------------------------------------------------------------
// Poetry 1: [tool.poetry.dependencies]

const POETRY_DEPS = ['tool', 'poetry', 'dependencies'];

/** True when the file has a [tool.poetry.dependencies] table (in any TOML form). */
export function hasPoetryDependenciesTable(text: string): boolean {
  const where = locate(parse(text), POETRY_DEPS);
  return (
    where.kind === 'table' ||
    (where.kind === 'value' &&
      where.kv.node.kind === 'inline' &&
      same(where.kv.full ?? [], POETRY_DEPS))
  );
}

/** [tool.poetry] dependencies = { … } */
function poetryInline(
  doc: Doc,
): { kv: KeyVal; node: Extract<Node, { kind: 'inline' }> } | undefined {
  const kv = keyAt(doc, POETRY_DEPS);
  return kv && kv.node.kind === 'inline' ? { kv, node: kv.node } : undefined;
}

function poetryNames(doc: Doc): string[] {
  const n = POETRY_DEPS.length;
  const inline = poetryInline(doc);
  if (inline) return inline.node.entries.map((e) => normalizeName(e.path[0]));
  return [
    ...doc.kvs.flatMap((kv) =>
      kv.full && kv.full.length > n && startsWith(kv.full, POETRY_DEPS) ? [kv.full[n]] : [],
    ),
    ...doc.headers.flatMap((h) =>
      !h.inArray && h.path.length > n && startsWith(h.path, POETRY_DEPS) ? [h.path[n]] : [],
    ),
  ].map(normalizeName);
}

/** A PEP 508 requirement as a Poetry dependency: [name as written, TOML value]. */
function poetrySpec(req: string): [string, string] {
  const m = /^([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(?:\[([^\]]*)\])?\s*([\s\S]*)$/.exec(
    req,
  );
  if (!m) throw new Error(`not a requirement: ${JSON.stringify(req)}`);
  const [, name, extrasText, tail] = m;
  const extras = (extrasText ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  let rest = tail.trim();
  let url: string | undefined;
  let markers = '';
  if (rest.startsWith('@')) {
    const at = /^@\s*(\S+)(?:\s+;\s*([\s\S]*))?$/.exec(rest);
    if (!at) throw new Error(`not a requirement: ${JSON.stringify(req)}`);
    url = at[1];
    markers = (at[2] ?? '').trim();
    rest = '';
  } else {
    const semi = rest.indexOf(';');
    if (semi >= 0) {
      markers = rest.slice(semi + 1).trim();
      rest = rest.slice(0, semi);
    }
  }
  const version =
    rest
      .trim()
      .replace(/^\(([\s\S]*)\)$/, '$1')
      .replace(/\s+/g, '') || '*';
  const fields: string[] = [];
  if (url?.startsWith('git+')) {
    const git = /^git\+(.*?)(?:@([^/@]+))?$/.exec(url) as RegExpExecArray;
    fields.push(`git = ${tomlString(git[1])}`);
    if (git[2]) fields.push(`rev = ${tomlString(git[2])}`);
  } else if (url) {
    fields.push(`url = ${tomlString(url)}`);
  }
  if (extras.length > 0) fields.push(`extras = ${tomlValue(extras)}`);
  if (!url) fields.push(`version = ${tomlString(version)}`);
  if (markers) fields.push(`markers = ${tomlString(markers)}`);
  const value =
    fields.length === 1 && !url && fields[0].startsWith('version')
      ? tomlString(version)
      : `{${fields.join(', ')}}`;
  return [name, value];
}

/**
 * Adds a requirement to [tool.poetry.dependencies] (Poetry 1) after the table's last key line:
 * `gunicorn~=27.0` → `gunicorn = "~=27.0"`, `uvicorn[standard]~=0.54` →
 * `uvicorn = {extras = ["standard"], version = "~=0.54"}`, no specifier → "*", markers →
 * `markers = "…"`, `name @ url` → `{url = …}` / `{git = …, rev = …}`. Same text when the name is
 * there. Throws when the file has no such table.
 */
export function addPoetryDependency(text: string, requirement: string): string {
  const { req, name } = checkedRequirement(requirement);
  const doc = parse(text);
  if (!hasPoetryDependenciesTable(text))
    throw new Error('pyproject.toml has no [tool.poetry.dependencies] table');
  if (poetryNames(doc).includes(name)) return text;
  const [key, value] = poetrySpec(req);
  const inline = poetryInline(doc);
  if (inline) {
    const { entries, start, end } = inline.node;
    const last = entries[entries.length - 1];
    const entry = `${tomlKey(key)} = ${value}`;
    return apply(text, [
      last
        ? { start: last.node.end, end: last.node.end, text: `, ${entry}` }
        : { start, end, text: `{${entry}}` },
    ]);
  }
  return apply(text, [insertKeys(doc, POETRY_DEPS, [[key, value]])]);
}

/** Removes a dependency (by normalised name) from [tool.poetry.dependencies], its lines or sub-table. Same text when absent. */
export function removePoetryDependency(text: string, name: string): string {
  const target = requirementName(name);
  if (!target) return text;
  const n = POETRY_DEPS.length;
  const doc = parse(text);
  const inline = poetryInline(doc);
  if (inline) {
    const { entries, start, end } = inline.node;
    const i = entries.findIndex((e) => normalizeName(e.path[0]) === target);
    if (i < 0) return text;
    return removePoetryDependency(apply(text, removeItem(text, entries, i, start, end)), name);
  }
  const hit = (path: string[] | undefined) =>
    !!path && path.length > n && startsWith(path, POETRY_DEPS) && normalizeName(path[n]) === target;
  const edits = [
    ...doc.kvs
      .filter((kv) => hit(kv.full))
      .map((kv) => lineRemoval(text, kv.lineStart, kv.lineEnd)),
    ...doc.headers
      .filter((h) => !h.inArray && hit(h.path))
      .map((h) => lineRemoval(text, h.lineStart, h.lineEnd)),
  ];
  return apply(text, edits);
}
