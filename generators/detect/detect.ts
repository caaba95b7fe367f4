/**
 * Detection of a Python web project create-pyweb did not make: files in, a Detected out.
 * Pure: no I/O (read.ts gathers the files). Every conclusion is recorded in `evidence` with where
 * it came from; what cannot be settled becomes a `question` naming the flag that settles it.
 */
import {
  FRAMEWORKS,
  type FrameworkDetect,
  INTERFACE_LABEL,
  type Interface,
  SERVERS,
} from '../catalog/index.js';
import { mounts } from './mounts.js';
import { appSettings, servicesOf } from './settings.js';
import { databaseOf } from './database.js';
import { readLeniently } from '../edit/toml.js';
import type {
  AppRef,
  Detected,
  DjangoInfo,
  Evidence,
  Layout,
  Manager,
  Overrides,
  ProjectFiles,
  Question,
} from './types.js';

export class NotAPythonProject extends Error {
  constructor(
    message = 'this is not a Python project: no .py file, no pyproject.toml, no requirements.txt',
  ) {
    super(message);
    this.name = 'NotAPythonProject';
  }
}

/** Catalog order: choices in questions are listed in it. */
/** A requirements file at the root (requirements.txt, requirements-prod.txt) or in its requirements/ folder. */
const REQUIREMENTS_FILE = /^requirements(?:[^/]*|\/[^/]+)\.txt$/;
const FRAMEWORK_IDS = FRAMEWORKS.map((f) => f.id);
const frameworkOf = (id: string) => FRAMEWORKS.find((f) => f.id === id);

/** A framework that is built on another one wins over it when both are found. */
function applyPrecedence(ids: Iterable<string>): string[] {
  const set = new Set(ids);
  for (const f of FRAMEWORKS)
    if (set.has(f.id)) for (const under of f.detect.over ?? []) set.delete(under);
  return FRAMEWORK_IDS.filter((id) => set.has(id));
}

/** Distribution name → server id. */
const SERVER_DEPS = new Map(SERVERS.flatMap((s) => (s.detect.dists ?? []).map((d) => [d, s.id])));
/** First word of a command line → server id. */
const SERVER_COMMANDS = new Map(
  SERVERS.flatMap((s) => (s.detect.commands ?? []).map((c) => [c, s.id])),
);
/** Servers that are another one with a worker of their own (gunicorn with uvicorn's). */
const WORKER_SERVERS = SERVERS.flatMap((s) =>
  s.detect.worker ? [{ id: s.id, ...s.detect.worker }] : [],
);
const configsOf = (id: string) => SERVERS.find((s) => s.id === id)?.detect.configs ?? [];

/**
 * The last segment of a health route, by family, best first: a HEALTHCHECK wants the plain
 * health route before a liveness or readiness probe, and those before a route that only says
 * the app is up (`/ping`) or reports its state (`/status`, which may answer more than ok).
 */
const HEALTH_FAMILIES = [
  'healthz?|health[-_]?check',
  'livez?|liveness|alive',
  'readyz?|readiness',
  'ping',
  'heartbeat',
  'status',
].map((f) => new RegExp(`^_?(?:${f})$`));
const HEALTH_SEGMENT = `_?(?:healthz?|health[-_]?check|livez?|liveness|alive|readyz?|readiness|ping|heartbeat|status)`;
const PREFERRED_MODULES = new Set([
  'main',
  'app',
  'wsgi',
  'asgi',
  'application',
  'server',
  '__init__',
]);
const PREFERRED_ATTRS = new Set(['app', 'application', 'create_app', 'make_app']);

// ---------------------------------------------------------------------------------------------
// Python sources

interface PyFile {
  path: string;
  /** the import root this file lives under */
  root: '' | 'src';
  /** dotted module path from `root`, '' when the path is not importable */
  module: string;
  test: boolean;
  /** the original text, for evidence */
  src: string;
  /** the source with comments removed and triple-quoted strings emptied; newlines kept */
  code: string;
  /** top-level package names imported, with the line of the first import */
  imports: Map<string, number>;
  /** 1-based line of an offset in `code` (same as in the original: newlines are kept) */
  at: (index: number) => number;
}

const INTERESTING = /["'#]/g;

/** Remove comments and empty triple-quoted strings (docstrings), keeping every newline. */
function stripPython(src: string): string {
  const out: string[] = [];
  let from = 0; // start of the code not yet copied to out
  let i = 0;
  const n = src.length;
  while (i < n) {
    const c = src[i]!;
    if (c === '#') {
      out.push(src.slice(from, i));
      while (i < n && src[i] !== '\n') i++;
      from = i;
      continue;
    }
    if (c !== '"' && c !== "'") {
      INTERESTING.lastIndex = i;
      i = INTERESTING.exec(src)?.index ?? n;
      continue;
    }
    // a string: r"..." keeps its backslashes
    const raw = /(?:^|[^\w])[bBuUfFtT]?[rR][bBfFtT]?$/.test(src.slice(Math.max(0, i - 3), i));
    const q3 = c.repeat(3);
    if (src.startsWith(q3, i)) {
      let j = i + 3;
      while (j < n && !src.startsWith(q3, j)) j += src[j] === '\\' && !raw ? 2 : 1;
      const end = Math.min(n, j + 3);
      let newlines = 0;
      for (let k = i; k < end; k++) if (src.charCodeAt(k) === 10) newlines++;
      out.push(src.slice(from, i), q3, '\n'.repeat(newlines), q3);
      i = from = end;
      continue;
    }
    let j = i + 1;
    while (j < n && src[j] !== c && src[j] !== '\n') j += src[j] === '\\' && !raw ? 2 : 1;
    i = src[j] === c ? j + 1 : j;
  }
  out.push(src.slice(from));
  return out.join('');
}

const IDENT = /^[A-Za-z_]\w*$/;

export function isTestPath(path: string): boolean {
  const parts = path.split('/');
  const base = parts[parts.length - 1]!;
  return (
    parts.slice(0, -1).some((p) => p === 'tests' || p === 'test') ||
    /^test_.*\.py$/.test(base) ||
    /_test\.py$/.test(base) ||
    base === 'tests.py' ||
    base === 'conftest.py'
  );
}

function moduleOf(path: string): { root: '' | 'src'; module: string } {
  const root = path.startsWith('src/') ? 'src' : '';
  const rel = root ? path.slice(4) : path;
  const parts = rel.replace(/\.py$/, '').split('/');
  if (parts[parts.length - 1] === '__init__') parts.pop();
  return {
    root,
    module: parts.length > 0 && parts.every((p) => IDENT.test(p)) ? parts.join('.') : '',
  };
}

/** A line lookup for `text`: offsets of line starts, binary searched. */
function lineLookup(text: string): (index: number) => number {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return (index) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= index) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}

function pythonFiles(files: ProjectFiles): PyFile[] {
  const out: PyFile[] = [];
  for (const [path, src] of Object.entries(files.text)) {
    if (!path.endsWith('.py')) continue;
    const code = stripPython(src);
    const at = lineLookup(code);
    const imports = new Map<string, number>();
    const add = (name: string, index: number) => {
      if (name && !imports.has(name)) imports.set(name, at(index));
    };
    for (const m of code.matchAll(
      /^[ \t]*(?:from[ \t]+([A-Za-z_][\w.]*)[ \t]+import\b|import[ \t]+([^\n;]+))/gm,
    )) {
      if (m[1]) add(m[1].split('.')[0]!, m.index);
      else
        for (const part of m[2]!.split(','))
          add(part.trim().split(/\s+/)[0]!.split('.')[0]!, m.index);
    }
    out.push({ path, ...moduleOf(path), test: isTestPath(path), src, code, imports, at });
  }
  // shallow first, then by name: deterministic whatever order the files came in
  return out.sort(
    (a, b) => a.path.split('/').length - b.path.split('/').length || (a.path < b.path ? -1 : 1),
  );
}

const snippet = (f: PyFile, line: number) => {
  const s = (f.src.split('\n', line)[line - 1] ?? '').trim();
  return `${f.path}:${line}: ${s.length > 80 ? `${s.slice(0, 77)}...` : s}`;
};

// ---------------------------------------------------------------------------------------------
// pyproject.toml, through the one TOML module: read as far as it is TOML (someone else's file
// may not be), bare values that are not TOML kept as text.

type Toml = ReturnType<typeof readLeniently>;

function hasTable(toml: Toml, name: string): boolean {
  const prefix = `${name}.`;
  if (toml.tables.has(name)) return true;
  for (const t of toml.tables) if (t.startsWith(prefix)) return true;
  for (const k of toml.values.keys()) if (k.startsWith(prefix)) return true;
  return false;
}

// ---------------------------------------------------------------------------------------------
// dependencies

interface Dep {
  name: string;
  spec: string;
  where: string;
}

const normalizeName = (s: string) => s.toLowerCase().replace(/[-_.]+/g, '-');
const requirementName = (spec: string) => /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(spec)?.[1];

function dependencies(files: ProjectFiles, toml: Toml | undefined): Dep[] {
  const deps: Dep[] = [];
  if (toml) {
    const pep621 = toml.values.get('project.dependencies');
    if (Array.isArray(pep621)) {
      for (const spec of pep621) {
        const name = typeof spec === 'string' ? requirementName(spec) : undefined;
        if (name)
          deps.push({
            name: normalizeName(name),
            spec: spec as string,
            where: `pyproject.toml [project] dependencies: ${spec}`,
          });
      }
    }
    const prefix = 'tool.poetry.dependencies.';
    for (const [k, v] of toml.values) {
      if (!k.startsWith(prefix)) continue;
      const name = k.slice(prefix.length).split('.')[0]!;
      if (name === 'python') continue;
      const spec = typeof v === 'string' ? v : '';
      deps.push({
        name: normalizeName(name),
        spec,
        where: `pyproject.toml [tool.poetry.dependencies] ${name} = ${JSON.stringify(v)}`,
      });
    }
  }
  // requirements files at the root or in its requirements/ folder, but not the ones for development
  const reqs = Object.keys(files.text)
    .filter((p) => REQUIREMENTS_FILE.test(p) && !/dev|test|lint|doc/i.test(p))
    .sort();
  for (const path of reqs) {
    for (const rawLine of files.text[path]!.split('\n')) {
      const line = rawLine.replace(/(^|\s)#.*$/, '').trim();
      if (!line || line.startsWith('-') || (line.includes('://') && !line.includes(' @ ')))
        continue;
      const name = requirementName(line);
      if (name) deps.push({ name: normalizeName(name), spec: line, where: `${path}: ${line}` });
    }
  }
  return deps;
}

// ---------------------------------------------------------------------------------------------
// --app

export function parseAppOverride(spec: string): AppRef {
  const m = /^([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*):([A-Za-z_]\w*)(\(\))?$/.exec(spec.trim());
  if (!m)
    throw new Error(
      `--app must be module:attr or module:factory(), e.g. app.main:app; got "${spec}"`,
    );
  if (m[1]!.endsWith('.py')) {
    throw new Error(
      `--app must be module:attr or module:factory(), a module path, not a file: ${m[1]!.slice(0, -3).replace(/\//g, '.')}:${m[2]}${m[3] ?? ''}`,
    );
  }
  return { module: m[1]!, attr: m[2]!, factory: m[3] !== undefined };
}

const appString = (a: AppRef) => `${a.module}:${a.attr}${a.factory ? '()' : ''}`;

// ---------------------------------------------------------------------------------------------

interface Hit {
  framework: string;
  where: string;
}

/** The line of `f`'s first import of the framework, if it imports it. */
function importOf(f: PyFile, sig: FrameworkDetect): number | undefined {
  for (const name of sig.imports) {
    const line = f.imports.get(name);
    if (line !== undefined) return line;
  }
  return undefined;
}

/** Frameworks whose app object is constructed in `f` (test files never count). */
function constructedIn(f: PyFile): Hit[] {
  if (f.test) return [];
  const hits: Hit[] = [];
  for (const { id, detect: sig } of FRAMEWORKS) {
    if (!sig.ctors || importOf(f, sig) === undefined) continue;
    if (sig.also && !sig.also.test(f.code)) continue;
    const m = new RegExp(`\\b(?:${sig.ctors.join('|')})\\s*\\(`).exec(f.code);
    if (m) hits.push({ framework: id, where: snippet(f, f.at(m.index)) });
  }
  return hits;
}

interface Candidate {
  file: PyFile;
  attr: string;
  factory: boolean;
  line: number;
  /** The lines that make the app: the assignment, or the factory's definition and body (0-based, end exclusive). */
  span: [number, number];
}

/** A module-level function: its name, its parameters as written, those a call must pass, its body. */
interface Def {
  file: PyFile;
  name: string;
  line: number;
  span: [number, number];
  params: string[];
  required: string[];
  body: string;
}

/**
 * The parameters of the def whose `(` is at `open` in `code`: each as written (whitespace
 * collapsed), and the names of those a call must pass (no default, not `*args` or `**kwargs`).
 */
function signature(code: string, open: number): { params: string[]; required: string[] } {
  const params: string[] = [];
  const required: string[] = [];
  let depth = 0;
  let quote = '';
  let from = open + 1;
  let defaulted = false;
  const take = (end: number) => {
    const p = code.slice(from, end).replace(/\s+/g, ' ').trim();
    if (p) {
      params.push(p);
      if (!defaulted && p !== '/' && !p.startsWith('*')) required.push(p.split(/[\s:]/)[0]!);
    }
    from = end + 1;
    defaulted = false;
  };
  for (let i = open + 1; i < code.length; i++) {
    const c = code[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) {
      if (depth === 0) {
        take(i);
        break;
      }
      depth--;
    } else if (depth === 0 && c === ',') take(i);
    else if (depth === 0 && c === '=') defaulted = true;
  }
  return { params, required };
}

const defString = (d: Def) => `${d.name}(${d.params.join(', ')})`;

/**
 * Module-level app objects of framework `sig`, else module-level factories returning one (or
 * returning what such a factory returns) that can be called with no arguments. Factories that
 * need arguments are returned apart: the servers and the glue call a factory bare.
 */
function appCandidates(
  py: PyFile[],
  sig: FrameworkDetect,
  ctors: string[],
): { candidates: Candidate[]; needArgs: Def[] } {
  const ctor = `(?:${ctors.join('|')})`;
  const assignRe = new RegExp(
    `^([A-Za-z_]\\w*)\\s*(?::[^=\\n]*)?=\\s*(?:[A-Za-z_]\\w*\\.)*${ctor}\\s*\\(`,
  );
  const ctorRe = new RegExp(`\\b${ctor}\\s*\\(`);
  const assigns: Candidate[] = [];
  const defs: Def[] = [];
  const usable = py.filter((f) => !f.test && f.module);
  for (const f of usable) {
    if (importOf(f, sig) === undefined || (sig.also && !sig.also.test(f.code))) continue;
    const lines = f.code.split('\n');
    let offset = 0;
    for (let i = 0; i < lines.length; offset += lines[i]!.length + 1, i++) {
      const a = assignRe.exec(lines[i]!);
      if (a) {
        assigns.push({ file: f, attr: a[1]!, factory: false, line: i + 1, span: [i, i + 1] });
        continue;
      }
      const d = /^(?:async\s+)?def\s+([A-Za-z_]\w*)\s*\(/.exec(lines[i]!);
      if (!d) continue;
      let j = i + 1;
      while (j < lines.length && !/^[^\s)\]]/.test(lines[j]!)) j++;
      defs.push({
        file: f,
        name: d[1]!,
        line: i + 1,
        span: [i, j],
        ...signature(f.code, offset + d[0].length - 1),
        body: lines.slice(i + 1, j).join('\n'),
      });
    }
  }
  // A factory builds the app, or returns what another factory builds (get_app() calling
  // create_app(store)).
  const factories = new Set(defs.filter((d) => ctorRe.test(d.body) && /\breturn\b/.test(d.body)));
  for (let grew = true; grew; ) {
    grew = false;
    const names = [...new Set([...factories].map((d) => d.name))].join('|');
    if (!names) break;
    const callRe = new RegExp(`\\b(?:${names})\\s*\\(`);
    for (const d of defs) {
      if (factories.has(d) || !/\breturn\b/.test(d.body) || !callRe.test(d.body)) continue;
      factories.add(d);
      grew = true;
    }
  }
  // `app = create_app()` at module level (a wsgi.py beside the factory) is an app object too
  if (factories.size > 0) {
    const names = [...new Set([...factories].map((c) => c.name))].join('|');
    const callRe = new RegExp(
      `^([A-Za-z_]\\w*)\\s*(?::[^=\\n]*)?=\\s*(?:[A-Za-z_]\\w*\\.)*(?:${names})\\s*\\(`,
    );
    for (const f of usable) {
      f.code.split('\n').forEach((line, i) => {
        const a = callRe.exec(line);
        if (a)
          assigns.push({ file: f, attr: a[1]!, factory: false, line: i + 1, span: [i, i + 1] });
      });
    }
  }
  const all = [...factories];
  const needArgs = all.filter((d) => d.required.length > 0);
  if (assigns.length > 0) return { candidates: assigns, needArgs: [] };
  return {
    candidates: all
      .filter((d) => d.required.length === 0)
      .map((d) => ({ file: d.file, attr: d.name, factory: true, line: d.line, span: d.span })),
    needArgs,
  };
}

/** Names a module binds by its imports, to the dotted path they stand for (`asgi` → `falcon.asgi`). */
function importBindings(f: PyFile): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of f.code.matchAll(
    /^[ \t]*(?:from[ \t]+([A-Za-z_][\w.]*)[ \t]+import[ \t]+(\([^)]*\)|[^\n;]+)|import[ \t]+([^\n;]+))/gm,
  )) {
    const names = (m[2] ?? m[3]!).replace(/[()\\]/g, ' ').split(',');
    for (const part of names) {
      const [path, , alias] = part.trim().split(/\s+/);
      if (!path || !/^[A-Za-z_][\w.]*$/.test(path)) continue;
      if (m[1]) out.set(alias ?? path, `${m[1]}.${path}`);
      else if (alias) out.set(alias, path);
      else out.set(path.split('.')[0]!, path.split('.')[0]!);
    }
  }
  return out;
}

/**
 * Whether a module binds `name`: a def or class, an assignment, an import. At any indentation (a
 * module may make its app under `if` or `try`), so that an app that is there is never refused;
 * a star import or a module `__getattr__` may bind anything.
 */
function bindsName(f: PyFile, name: string): boolean {
  const code = f.code;
  if (/^[ \t]*from[ \t]+[\w.]+[ \t]+import[ \t]+\*/m.test(code)) return true;
  if (/^[ \t]*def[ \t]+__getattr__\b/m.test(code)) return true;
  if (importBindings(f).has(name)) return true;
  const n = escapeRe(name);
  return [
    new RegExp(`^[ \\t]*(?:async[ \\t]+)?(?:def|class)[ \\t]+${n}\\b`, 'm'),
    // `app = ...`, `app: Flask = ...`, `api, app = ...`, `application = app = ...`
    new RegExp(
      `^[ \\t]*(?:[A-Za-z_]\\w*[ \\t]*[,=][ \\t]*)*${n}[ \\t]*(?:,[^=\\n]*)?(?::[^=\\n]*)?=(?!=)`,
      'm',
    ),
  ].some((re) => re.test(code));
}

/**
 * The interface of the app's constructor call (`falcon.asgi.App(` is ASGI), looked for in the
 * lines that make the app, then in its file, then in every file that imports the framework; an
 * answer only where the calls found agree.
 */
function appInterface(
  py: PyFile[],
  sig: FrameworkDetect,
  appPath: string | undefined,
  span: [number, number] | undefined,
): { list: Interface[]; where: string } | undefined {
  const ctorRe = new RegExp(`\\b((?:[A-Za-z_]\\w*\\.)*)(?:${sig.ctors!.join('|')})\\s*\\(`, 'g');
  const found = (f: PyFile, from = 0, to = Infinity) => {
    const bindings = importBindings(f);
    const hits: Array<{ iface: Interface; where: string }> = [];
    for (const m of f.code.matchAll(ctorRe)) {
      const line = f.at(m.index) - 1;
      if (line < from || line >= to) continue;
      const called = m[0].replace(/\s*\($/, '');
      const head = called.split('.')[0]!;
      const path = bindings.has(head) ? bindings.get(head)! + called.slice(head.length) : undefined;
      const module = path?.slice(0, path.lastIndexOf('.'));
      const hit = sig.ctorInterfaces!.find((c) => c.module === module);
      if (hit) hits.push({ iface: hit.interface, where: snippet(f, line + 1) });
    }
    return hits;
  };
  const file = py.find((f) => f.path === appPath);
  const scopes = [
    () => (file && span ? found(file, span[0], span[1]) : []),
    () => (file ? found(file) : []),
    () => py.filter((f) => !f.test && importOf(f, sig) !== undefined).flatMap((f) => found(f)),
  ];
  for (const scope of scopes) {
    const hits = scope();
    if (!hits.length) continue;
    const ifaces = [...new Set(hits.map((h) => h.iface))];
    return ifaces.length === 1 ? { list: ifaces, where: hits[0]!.where } : undefined;
  }
  return undefined;
}

function rank(c: Candidate): number[] {
  const base = c.file.path.split('/').pop()!.replace(/\.py$/, '');
  return [
    PREFERRED_MODULES.has(base) ? 0 : 1,
    c.file.module.split('.').length,
    PREFERRED_ATTRS.has(c.attr) ? 0 : 1,
  ];
}
const compareRanks = (a: number[], b: number[]) => {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
};

/** The file that defines `module`, looked up under the import roots in order. */
function locate(
  files: ProjectFiles,
  module: string,
  roots: Array<'' | 'src'> = ['', 'src'],
): { path: string; root: '' | 'src' } | undefined {
  const rel = module.split('.').join('/');
  for (const root of roots) {
    const prefix = root ? `${root}/` : '';
    for (const path of [`${prefix}${rel}.py`, `${prefix}${rel}/__init__.py`]) {
      if (files.text[path] !== undefined) return { path, root };
    }
  }
  return undefined;
}

type SettingsDetect = NonNullable<FrameworkDetect['settings']>;

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** `os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysite.settings")`: the module in group 1. */
const settingsVariableRe = (s: SettingsDetect) =>
  new RegExp(`${escapeRe(s.variable)}['"]\\s*,\\s*['"]([\\w.]+)['"]`);
const isLauncher = (s: SettingsDetect, path: string) =>
  path === s.launcher || path === `src/${s.launcher}`;

/** The settings module of a framework whose app it names, its wsgi/asgi modules, its static root. */
function detectSettings(
  files: ProjectFiles,
  py: PyFile[],
  id: string,
  how: SettingsDetect,
  evidence: Evidence[],
): { info?: DjangoInfo; root: '' | 'src'; settingsPath?: string } {
  let settings: string | undefined;
  let root: '' | 'src' = '';
  const variableRe = settingsVariableRe(how);
  for (const f of [...py.filter((f) => isLauncher(how, f.path)), ...py.filter((f) => !f.test)]) {
    const m = variableRe.exec(f.code);
    if (m) {
      settings = m[1]!;
      root = f.path.startsWith('src/') ? 'src' : '';
      evidence.push({ what: `${id} settings ${settings}`, where: snippet(f, f.at(m.index)) });
      break;
    }
  }
  const file = escapeRe(how.file);
  if (!settings) {
    const f = py.find((f) => !f.test && f.module && new RegExp(`(^|/)${file}$`).test(f.path));
    if (!f) return { root };
    settings = f.module;
    root = f.root;
    evidence.push({ what: `${id} settings ${settings}`, where: f.path });
  }
  const roots: Array<'' | 'src'> = root === 'src' ? ['src', ''] : ['', 'src'];
  const settingsFile = locate(files, settings, roots);
  if (settingsFile) root = settingsFile.root;
  const info: DjangoInfo = { settings, staticRoot: false };
  // wsgi.py / asgi.py sit in the settings module's package, or above it for a settings/ package
  const parts = settings.split('.');
  for (const kind of ['wsgi', 'asgi'] as const) {
    for (let k = parts.length - 1; k >= 1; k--) {
      const mod = `${parts.slice(0, k).join('.')}.${kind}`;
      const found = locate(files, mod, roots);
      if (found) {
        info[kind] = mod;
        evidence.push({ what: `${id} ${kind} ${mod}`, where: found.path });
        break;
      }
    }
  }
  // The static root: in the settings file, or anywhere in a settings/ package (base.py, production.py)
  const packageRe = new RegExp(`(^|/)${escapeRe(how.file.replace(/\.py$/, ''))}/[^/]+\\.py$`);
  const settingsFiles = settingsFile
    ? packageRe.test(settingsFile.path)
      ? py.filter((f) => f.path.startsWith(settingsFile.path.replace(/[^/]+\.py$/, '')))
      : py.filter((f) => f.path === settingsFile.path)
    : [];
  const staticRe = new RegExp(`^[ \\t]*${escapeRe(how.staticRoot)}\\s*(?::[^=\\n]*)?=(?!=)`, 'm');
  for (const f of settingsFiles) {
    const m = staticRe.exec(f.code);
    if (m) {
      info.staticRoot = true;
      evidence.push({ what: `${id} ${how.staticRoot} set`, where: snippet(f, f.at(m.index)) });
      break;
    }
  }
  // A settings file of startproject's kind: development values written into it, nothing from
  // the environment. A settings package is a project that has split them already.
  const single = settingsFiles.length === 1 && !packageRe.test(settingsFiles[0]!.path);
  if (single) {
    const f = settingsFiles[0]!;
    const unsafe = [
      /^DEBUG\s*=\s*True\b/m,
      /^SECRET_KEY\s*=\s*[rbuRBU]?["']/m,
      /^ALLOWED_HOSTS\s*=\s*\[\s*\]/m,
    ].flatMap((re) => {
      const m = re.exec(f.code);
      return m
        ? [(f.src.split('\n')[f.at(m.index) - 1] ?? '').trim().replace(/(["']).{12,}\1/, '$1...$1')]
        : [];
    });
    if (unsafe.some((u) => /^(DEBUG|SECRET_KEY)/.test(u))) {
      info.unsafe = unsafe;
      evidence.push({
        what: `${id} settings for development`,
        where: `${f.path}: ${unsafe.join(', ')}`,
      });
    }
  }
  if (!info.staticRoot)
    evidence.push({
      what: `${id} ${how.staticRoot} not set`,
      where: settingsFile?.path ?? settings,
    });
  return { info, root, settingsPath: settingsFile?.path };
}

/**
 * A route that looks like a health check, by its last segment, under any prefix: a path literal
 * (decorators, `add_route`, `Route(`) or a Django urlpattern (no leading slash). The best family
 * wins; within one, the first found (shallow files first).
 */
function healthPath(
  py: PyFile[],
): { path: string; where: string } | { unread: string; where: string } | undefined {
  const literal = new RegExp(`(["'])((?:/[\\w.-]+)*/(${HEALTH_SEGMENT})/?)\\1`, 'g');
  const urlconf = new RegExp(
    `\\b(?:path|re_path|url)\\s*\\(\\s*r?(["'])\\^?((?:[\\w.-]+/)*(${HEALTH_SEGMENT})/?)\\$?\\1`,
    'g',
  );
  let best: { path: string; where: string; family: number } | undefined;
  let unread: { unread: string; where: string } | undefined;
  const mountOf = mounts(py);
  for (const f of py) {
    if (f.test) continue;
    for (const [re, slash] of [
      [literal, ''],
      [urlconf, '/'],
    ] as const) {
      for (const m of f.code.matchAll(re)) {
        const family = HEALTH_FAMILIES.findIndex((r) => r.test(m[3]!));
        if (best && best.family <= family) continue;
        const where = snippet(f, f.at(m.index));
        // a route on a router is served under the prefixes it is included with
        const mount = slash ? undefined : mountOf(f, m.index);
        if (mount && 'unread' in mount) {
          unread ??= { unread: mount.unread, where };
          continue;
        }
        best = { path: (mount?.prefix ?? '') + slash + m[2]!, where, family };
      }
    }
  }
  return best ? { path: best.path, where: best.where } : unread;
}

/** The server named by a command line (a Procfile's web: entry). */
function serverOfCommand(cmd: string): string | undefined {
  const words = cmd
    .trim()
    .split(/\s+/)
    .filter((w) => !/^\w+=/.test(w) && w !== 'exec');
  let first = words[0] ?? '';
  if (/^python[\d.]*$/.test(first) && words[1] === '-m') first = words[2] ?? '';
  first = first.split('/').pop()!;
  return SERVER_COMMANDS.get(first);
}

function detectServer(
  files: ProjectFiles,
  py: PyFile[],
  deps: Dep[],
  framework: string | undefined,
  evidence: Evidence[],
  questions: Question[],
): string | undefined {
  const procfile = files.text.Procfile;
  const webLine = procfile
    ?.split('\n')
    .map((l) => l.trim())
    .find((l) => /^web\s*:/.test(l));
  const webCmd = webLine?.replace(/^web\s*:\s*/, '');
  // a server run with a worker of another (gunicorn with uvicorn's): named in the command line
  // or the base's config, or a dependency
  const workers = WORKER_SERVERS.map((w) => ({
    ...w,
    ref: [webCmd, ...configsOf(w.base).map((c) => files.text[c])].some(
      (t) => t !== undefined && w.marker.test(t),
    ),
    dep: deps.find((d) => w.dists.includes(d.name)),
  }));
  const withWorker = (s: string | undefined) =>
    workers.find((w) => s === w.base && (w.ref || w.dep))?.id ?? s;

  // 1. the Procfile says what runs
  const fromProcfile = webCmd !== undefined ? withWorker(serverOfCommand(webCmd)) : undefined;
  // 2. config files
  const fromConfig: Array<{ id: string; where: string }> = [];
  for (const s of SERVERS)
    for (const c of s.detect.configs ?? [])
      if (files.text[c] !== undefined) fromConfig.push({ id: withWorker(s.id)!, where: c });
  // 3. dependencies
  const fromDeps = new Map<string, string>();
  for (const d of deps) {
    const id = SERVER_DEPS.get(d.name);
    if (id && !fromDeps.has(id)) fromDeps.set(id, d.where);
  }
  for (const w of workers) {
    if (w.dep) fromDeps.set(w.id, w.dep.where);
    if (fromDeps.has(w.base) && (w.dep || w.ref)) {
      fromDeps.set(w.id, fromDeps.get(w.base)!);
      fromDeps.delete(w.base);
    }
    if (fromDeps.has(w.id)) for (const a of w.absorbs) fromDeps.delete(a);
  }

  if (fromProcfile) {
    evidence.push({ what: `server ${fromProcfile}`, where: `Procfile: ${webLine}` });
    return fromProcfile;
  }
  const configIds = [...new Set(fromConfig.map((c) => c.id))];
  if (configIds.length === 1) {
    for (const c of fromConfig) evidence.push({ what: `server ${c.id}`, where: c.where });
    return configIds[0];
  }
  if (configIds.length > 1) {
    questions.push({
      flag: '--server',
      message: `found configuration for several servers (${fromConfig.map((c) => `${c.id} in ${c.where}`).join(', ')}); which one serves the app?`,
      choices: configIds,
    });
    return undefined;
  }
  if (fromDeps.size === 1) {
    const [[id, where]] = [...fromDeps];
    evidence.push({ what: `server ${id}`, where });
    return id;
  }
  if (fromDeps.size > 1) {
    const choices = [...fromDeps.keys()];
    for (const w of workers)
      if (fromDeps.has(w.base) && w.absorbs.every((a) => fromDeps.has(a))) choices.push(w.id);
    for (const [id, where] of fromDeps) evidence.push({ what: `server ${id} (candidate)`, where });
    questions.push({
      flag: '--server',
      message: `the dependencies name several servers (${[...fromDeps.keys()].join(', ')}) and no Procfile or config says which one runs the app`,
      choices,
    });
    return undefined;
  }
  // frameworks with a server of their own (Sanic, Tornado) can serve themselves
  const fw = framework !== undefined ? frameworkOf(framework) : undefined;
  const own = fw?.detect.ownServer;
  if (fw && own) {
    if (
      webCmd !== undefined &&
      (serverOfCommand(webCmd) === own.server || /^python[\d.]*\s+\S+\.py\b/.test(webCmd))
    ) {
      evidence.push({ what: `server ${own.server} (its own)`, where: `Procfile: ${webLine}` });
      return own.server;
    }
    for (const f of py) {
      if (f.test || importOf(f, fw.detect) === undefined) continue;
      const m = own.run.exec(f.code);
      if (m) {
        evidence.push({ what: `server ${own.server} (its own)`, where: snippet(f, f.at(m.index)) });
        return own.server;
      }
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------

export function detectProject(files: ProjectFiles, overrides: Overrides = {}): Detected {
  const appOverride = overrides.app !== undefined ? parseAppOverride(overrides.app) : undefined;
  const has = (path: string) => files.text[path] !== undefined || files.present.includes(path);
  const py = pythonFiles(files);
  const pyprojectText = files.text['pyproject.toml'];
  const requirementsFiles = Object.keys(files.text)
    .filter((p) => REQUIREMENTS_FILE.test(p))
    .sort();
  const hasRequirements = requirementsFiles.length > 0;
  if (py.length === 0 && pyprojectText === undefined && !hasRequirements)
    throw new NotAPythonProject();

  const evidence: Evidence[] = [];
  const questions: Question[] = [];

  // pyproject.toml
  const toml = pyprojectText !== undefined ? readLeniently(pyprojectText) : undefined;
  if (toml?.error)
    evidence.push({
      what: 'pyproject.toml only partly read',
      where: `pyproject.toml ${toml.error}`,
    });
  const str = (key: string) => {
    const v = toml?.values.get(key);
    return typeof v === 'string' && v ? v : undefined;
  };

  // name
  let name: string;
  if (str('project.name')) {
    name = str('project.name')!;
    evidence.push({ what: `name ${name}`, where: 'pyproject.toml [project] name' });
  } else if (str('tool.poetry.name')) {
    name = str('tool.poetry.name')!;
    evidence.push({ what: `name ${name}`, where: 'pyproject.toml [tool.poetry] name' });
  } else {
    name = files.dirName;
    evidence.push({ what: `name ${name}`, where: 'the folder name' });
  }

  // manager
  let manager: Manager;
  const pep621 = toml !== undefined && hasTable(toml, 'project');
  if (has('uv.lock')) {
    manager = 'uv';
    evidence.push({ what: 'manager uv', where: 'uv.lock' });
  } else if (has('pdm.lock')) {
    manager = 'pdm';
    evidence.push({ what: 'manager pdm', where: 'pdm.lock' });
  } else if ((toml && hasTable(toml, 'tool.poetry')) || has('poetry.lock')) {
    manager = 'poetry';
    evidence.push({
      what: 'manager poetry',
      where: has('poetry.lock') ? 'poetry.lock' : 'pyproject.toml [tool.poetry]',
    });
  } else if (pep621) {
    manager = 'pip';
    evidence.push({ what: 'manager pip', where: 'pyproject.toml [project]' });
  } else {
    manager = 'requirements';
    evidence.push({
      what: 'manager requirements',
      where: hasRequirements
        ? requirementsFiles.includes('requirements.txt')
          ? 'requirements.txt'
          : requirementsFiles[0]
        : 'no pyproject.toml [project], no requirements.txt',
    });
  }

  const deps = dependencies(files, toml);

  // framework
  let framework: string | undefined;
  if (overrides.framework) {
    framework = overrides.framework;
    evidence.push({ what: `framework ${framework}`, where: '--framework' });
  } else {
    const strong: Hit[] = py.flatMap(constructedIn);
    // a launcher that names a settings module (manage.py) is as strong as an app object
    for (const { id, detect } of FRAMEWORKS) {
      const how = detect.settings;
      if (!how) continue;
      for (const f of py) {
        if (!isLauncher(how, f.path)) continue;
        const m = settingsVariableRe(how).exec(f.code);
        if (m) strong.push({ framework: id, where: snippet(f, f.at(m.index)) });
      }
    }
    const imported: Hit[] = [];
    for (const f of py) {
      if (f.test) continue;
      for (const { id, detect } of FRAMEWORKS) {
        const line = importOf(f, detect);
        if (line !== undefined) imported.push({ framework: id, where: snippet(f, line) });
      }
    }
    const declared: Hit[] = deps.flatMap((d) => {
      const f = FRAMEWORKS.find((x) => x.detect.dists.includes(d.name));
      return f ? [{ framework: f.id, where: d.where }] : [];
    });

    // an --app names the module: what is constructed there decides
    let tiers: Array<{ hits: Hit[]; how: string }> = [
      { hits: strong, how: 'app objects of' },
      { hits: imported, how: 'imports of' },
      { hits: declared, how: 'dependencies on' },
    ];
    if (appOverride) {
      const file = locate(files, appOverride.module);
      const f = file && py.find((p) => p.path === file.path);
      if (f) {
        const here = constructedIn(f);
        if (applyPrecedence(here.map((h) => h.framework)).length === 1)
          tiers = [{ hits: here, how: 'app objects of' }];
      }
    }
    let settled = false;
    for (const { hits, how } of tiers) {
      const ids = applyPrecedence(hits.map((h) => h.framework));
      if (ids.length === 0) continue;
      if (ids.length === 1) {
        framework = ids[0];
        for (const h of hits.filter((h) => h.framework === framework).slice(0, 3))
          evidence.push({ what: `framework ${framework}`, where: h.where });
      } else {
        for (const id of ids) {
          const h = hits.find((x) => x.framework === id)!;
          evidence.push({ what: `framework ${id} (candidate)`, where: h.where });
        }
        const shown = ids.map(
          (id) => `${id} (${hits.find((x) => x.framework === id)!.where.split(':')[0]})`,
        );
        questions.push({
          flag: '--framework',
          message: `found ${how} several frameworks: ${shown.join(', ')}; which one should be served?`,
          choices: ids,
        });
      }
      settled = true;
      break;
    }
    if (!settled) {
      questions.push({
        flag: '--framework',
        message:
          'found no web framework: no app object (Flask(, FastAPI(, ...), no manage.py, no framework in the dependencies',
        choices: [...FRAMEWORK_IDS],
      });
    }
  }

  // app (or the settings module that names it: Django's)
  let app: AppRef | undefined;
  let appPath: string | undefined;
  let appSpan: [number, number] | undefined;
  let srcDir: '' | 'src' | undefined;
  let django: DjangoInfo | undefined;
  const entry = framework !== undefined ? frameworkOf(framework) : undefined;
  const how = entry?.detect.settings;
  if (entry && how) {
    const d = detectSettings(files, py, entry.id, how, evidence);
    django = d.info;
    srcDir = d.root;
    if (!django) {
      questions.push({
        flag: '--app',
        message: `found no ${entry.label} settings module (${how.launcher} with ${how.variable}, or a ${how.file}); name the WSGI module with --app, e.g. mysite.wsgi:${how.attr}`,
      });
    } else if (appOverride) {
      // The server loads the app from the wsgi or asgi module beside the settings, whatever
      // --app says: another name would be recorded and never used.
      const own = [django.wsgi, django.asgi].flatMap((m) => (m ? [`${m}:${how.attr}`] : []));
      if (own.length && !own.includes(appString(appOverride)))
        throw new Error(
          `--app ${appString(appOverride)}: a ${entry.label} project's app is the ${how.attr} of the WSGI/ASGI module beside its settings (${django.settings}), here ${own.join(' or ')}; leave --app out`,
        );
    } else {
      const mod = django.wsgi ?? django.asgi;
      if (mod) {
        app = { module: mod, attr: how.attr, factory: false };
        appPath = locate(files, mod, [d.root])?.path;
        evidence.push({ what: `app ${appString(app)}`, where: appPath ?? mod });
      } else {
        appPath = d.settingsPath;
        questions.push({
          flag: '--app',
          message: `found no wsgi.py or asgi.py beside ${django.settings}; name the app with --app, e.g. mysite.wsgi:${how.attr}`,
        });
      }
    }
  }
  if (appOverride) {
    app = appOverride;
    const found = locate(files, app.module, srcDir === 'src' ? ['src', ''] : ['', 'src']);
    appPath = found?.path;
    if (found) srcDir = found.root;
    const module = found && py.find((p) => p.path === found.path);
    if (module && !bindsName(module, app.attr)) {
      const apps = entry?.detect.ctors
        ? appCandidates([module], entry.detect, entry.detect.ctors)
        : undefined;
      const named = [...new Set(apps?.candidates.map((c) => `${c.attr}${c.factory ? '()' : ''}`))];
      throw new Error(
        `--app ${appString(app)}: there is no ${app.attr} in ${module.path} (no def, class, assignment or import of it)${named.length ? `; it defines ${named.join(', ')}` : ''}`,
      );
    }
    // The servers and the glue call a factory bare: one that needs arguments cannot be it.
    const f = found && app.factory ? py.find((p) => p.path === found.path) : undefined;
    const def = f && new RegExp(`^(?:async\\s+)?def\\s+${app.attr}\\s*\\(`, 'm').exec(f.code);
    const needs = def ? signature(f.code, def.index + def[0].length - 1) : undefined;
    if (needs?.required.length)
      throw new Error(
        `--app ${appString(app)}: ${app.attr}(${needs.params.join(', ')}) needs ${needs.required.join(', ')}; name a factory that takes no argument, or an app object`,
      );
    evidence.push({ what: `app ${appString(app)}`, where: '--app' });
  } else if (framework && !how) {
    const sig = entry?.detect;
    const { candidates, needArgs } = sig?.ctors
      ? appCandidates(py, sig, sig.ctors)
      : { candidates: [], needArgs: [] };
    for (const d of needArgs)
      evidence.push({
        what: `factory ${defString(d)} skipped: it needs ${d.required.join(', ')}`,
        where: snippet(d.file, d.line),
      });
    if (candidates.length === 0 && needArgs.length > 0) {
      const named = needArgs.map(defString);
      questions.push({
        flag: '--app',
        message: `the ${framework} ${named.length === 1 ? 'factory' : 'factories'} ${named.slice(0, -1).join(', ')}${named.length > 1 ? ' and ' : ''}${named.at(-1)} need${named.length === 1 ? 's' : ''} arguments, and no app object or factory without any was found; name one with --app module:attr (or module:factory())`,
      });
    } else if (candidates.length === 0) {
      questions.push({
        flag: '--app',
        message: `found no ${framework} app object or factory; name it with --app module:attr (or module:factory())`,
      });
    } else {
      candidates.sort(
        (a, b) =>
          compareRanks(rank(a), rank(b)) ||
          (a.file.path < b.file.path ? -1 : a.file.path > b.file.path ? 1 : a.line - b.line),
      );
      const best = candidates.filter((c) => compareRanks(rank(c), rank(candidates[0]!)) === 0);
      const ref = (c: Candidate): AppRef => ({
        module: c.file.module,
        attr: c.attr,
        factory: c.factory,
      });
      if (best.length === 1) {
        const c = best[0]!;
        app = ref(c);
        appPath = c.file.path;
        appSpan = c.span;
        srcDir = c.file.root;
        evidence.push({
          what: `app ${appString(app)}${app.factory ? ' (factory)' : ''}`,
          where: snippet(c.file, c.line),
        });
      } else {
        const choices = [...new Set(candidates.map((c) => appString(ref(c))))];
        for (const c of candidates)
          evidence.push({
            what: `app ${appString(ref(c))} (candidate)`,
            where: snippet(c.file, c.line),
          });
        questions.push({
          flag: '--app',
          message: `found several ${framework} apps: ${choices.join(', ')}; which one is served?`,
          choices,
        });
      }
    }
  }

  // the interface the app speaks, where the framework has several
  let interfaces: { list: Interface[]; where: string } | undefined;
  if (django && entry) {
    const has = (['wsgi', 'asgi'] as const).filter((k) => django![k]);
    if (has.length === 1 && entry.interfaces.length > 1)
      interfaces = {
        list: [has[0]!],
        where: `${locate(files, django[has[0]!]!, [srcDir ?? ''])?.path ?? django[has[0]!]}, and no ${has[0] === 'wsgi' ? 'asgi' : 'wsgi'}.py`,
      };
  } else if (entry?.detect.ctorInterfaces) {
    interfaces = appInterface(py, entry.detect, appPath, appSpan);
  }
  if (interfaces)
    evidence.push({
      what: `interface ${interfaces.list.map((i) => INTERFACE_LABEL[i]).join(', ')}`,
      where: interfaces.where,
    });

  // import root and layout
  if (srcDir === undefined) srcDir = py.some((f) => !f.test && f.root === 'src') ? 'src' : '';
  let layout: Layout;
  let layoutWhere: string;
  const modulePath = app?.module ?? django?.settings;
  if (srcDir === 'src') {
    layout = 'src';
    layoutWhere = appPath ?? 'src/';
  } else if (modulePath) {
    layout = modulePath.includes('.') || appPath?.endsWith('__init__.py') ? 'package' : 'flat';
    layoutWhere = appPath ?? modulePath;
  } else {
    const pkg = py.find((f) => !f.test && /^[A-Za-z_]\w*\/__init__\.py$/.test(f.path));
    layout = pkg ? 'package' : 'flat';
    layoutWhere = pkg ? pkg.path : 'top-level .py files';
  }
  evidence.push({
    what: `layout ${layout}${srcDir ? ` (import root ${srcDir}/)` : ''}`,
    where: layoutWhere,
  });

  // server
  let server: string | undefined;
  if (overrides.server) {
    server = overrides.server;
    evidence.push({ what: `server ${server}`, where: '--server' });
  } else {
    server = detectServer(files, py, deps, framework, evidence, questions);
  }

  // health check
  const found = healthPath(py);
  const health = found && 'path' in found ? found : undefined;
  if (health) evidence.push({ what: `health check ${health.path}`, where: health.where });

  const result: Detected = { name, layout, srcDir, manager, evidence, questions };
  if (framework) result.framework = framework;
  if (app) result.app = app;
  if (django) result.django = django;
  if (interfaces) result.interfaces = interfaces.list;
  if (server) result.server = server;
  if (health) result.healthPath = health.path;
  if (found && 'unread' in found)
    result.healthUnread = { where: found.where, prefix: found.unread };
  const settings = appSettings(py);
  if (settings.length) result.settings = settings;
  const services = servicesOf(deps);
  if (services.length) result.services = services;
  // Said only where the project shows something of it: a migration tool, a URL it reads.
  const database = databaseOf(files, py, settings, framework, app);
  if (database.migrate || database.urlWhere) result.database = database;
  return result;
}
