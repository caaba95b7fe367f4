/**
 * Where a route declared on a FastAPI APIRouter or a Flask Blueprint is served: the router's own
 * prefix, and each include_router/register_blueprint up to the app, followed across modules by
 * name. A prefix is read when it is a string literal, a module constant, or a settings field
 * with a literal default; anything else leaves the mount unread rather than guessed.
 */

/** What this module needs of a Python file (detect.ts's PyFile has it). */
export interface PySource {
  path: string;
  /** dotted module path, '' when not importable */
  module: string;
  test: boolean;
  /** comments removed, newlines kept */
  code: string;
}

/** `undefined` when the route is not on a router (the app itself): its path is as written. */
export type Mount = { prefix: string } | { unread: string } | undefined;

const ROUTER_CTOR = /^(\w+)\s*(?::[^=\n]+)?=\s*(?:[\w.]+\.)?(APIRouter|Blueprint)\s*\(/gm;
const INCLUDE = /\b(\w+)\s*\.\s*(include_router|register_blueprint)\s*\(\s*([\w.]+)/g;
const MAX_DEPTH = 8;

/** The text between the `(` at `open` and its matching `)`. */
function argsAt(code: string, open: number): string {
  let depth = 0;
  let quote = '';
  for (let i = open; i < code.length; i++) {
    const c = code[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return code.slice(open + 1, i);
  }
  return code.slice(open + 1);
}

/** local name → the dotted name it stands for, from the file's imports. */
function importedNames(f: PySource): Map<string, string> {
  const names = new Map<string, string>();
  const pkg = f.path.endsWith('__init__.py')
    ? f.module
    : f.module.split('.').slice(0, -1).join('.');
  const absolute = (from: string) => {
    const dots = /^\.*/.exec(from)![0].length;
    if (!dots) return from;
    const base = pkg.split('.').filter(Boolean);
    const up = base.slice(0, base.length - (dots - 1));
    return [...up, from.slice(dots)].filter(Boolean).join('.');
  };
  for (const m of f.code.matchAll(
    /^[ \t]*from[ \t]+([.\w]+)[ \t]+import[ \t]+(\([^)]*\)|[^\n;]+)/gm,
  )) {
    const from = absolute(m[1]!);
    for (const part of m[2]!.replace(/[()\\]/g, ' ').split(',')) {
      const [name, , alias] = part.trim().split(/\s+/);
      if (name) names.set(alias ?? name, `${from}.${name}`);
    }
  }
  for (const m of f.code.matchAll(/^[ \t]*import[ \t]+([^\n;]+)/gm)) {
    for (const part of m[1]!.split(',')) {
      const [name, , alias] = part.trim().split(/\s+/);
      if (!name) continue;
      if (alias) names.set(alias, name);
      else names.set(name.split('.')[0]!, name.split('.')[0]!);
    }
  }
  return names;
}

/** The dotted name an expression in `f` stands for: `utils.router` → app.api.routes.utils.router. */
function resolveName(f: PySource, expr: string, imports: Map<string, string>): string {
  const [head, ...rest] = expr.split('.');
  const base = imports.get(head!) ?? (f.module ? `${f.module}.${head}` : head!);
  return [base, ...rest].join('.');
}

const trimSlash = (p: string) => p.replace(/\/+$/, '');

export function mounts(py: PySource[]) {
  const sources = py.filter((f) => !f.test);
  const imports = new Map(sources.map((f) => [f, importedNames(f)]));
  // every router: dotted name → its file and the arguments of its constructor
  const routers = new Map<string, { file: PySource; kind: string; args: string }>();
  for (const f of sources) {
    for (const m of f.code.matchAll(ROUTER_CTOR)) {
      const open = m.index + m[0].length - 1;
      routers.set(`${f.module}.${m[1]}`, { file: f, kind: m[2]!, args: argsAt(f.code, open) });
    }
  }
  // every include: the router included → who includes it, and the include's arguments
  const includes = new Map<string, { file: PySource; into: string; args: string }>();
  for (const f of sources) {
    for (const m of f.code.matchAll(INCLUDE)) {
      const target = resolveName(f, m[3]!, imports.get(f)!);
      const open = f.code.indexOf('(', m.index);
      if (!includes.has(target))
        includes.set(target, {
          file: f,
          into: resolveName(f, m[1]!, imports.get(f)!),
          args: argsAt(f.code, open),
        });
    }
  }

  /** A constant's literal value: a settings class field or a module-level assignment. */
  const constant = (f: PySource, expr: string): string | undefined => {
    const parts = expr.split('.');
    const name = parts[parts.length - 1]!;
    const assigned = (indent: string) =>
      new RegExp(`^${indent}${name}\\s*(?::[^=\\n]+)?=\\s*(["'])([^"'\\n]*)\\1\\s*$`, 'm');
    if (parts.length === 1) return assigned('').exec(f.code)?.[2];
    // settings.NAME, get_settings().NAME, Settings.NAME: a field of a class in the project
    if (!/settings|config/i.test(parts.slice(0, -1).join('.'))) return undefined;
    for (const s of sources) {
      const m = assigned('[ \\t]+').exec(s.code);
      if (m && /^class\s+\w+/m.test(s.code.slice(0, m.index))) return m[2];
    }
    return undefined;
  };

  /** The keyword argument's value: '' when absent, undefined when it cannot be read. */
  const keyword = (f: PySource, args: string, key: string): string | undefined => {
    const m = new RegExp(`\\b${key}\\s*=\\s*([^,]+)`).exec(args);
    if (!m) return '';
    const value = m[1]!.trim();
    const literal = /^(["'])([^"'\n]*)\1$/.exec(value);
    if (literal) return literal[2];
    if (/^[\w.]+(?:\(\))?(?:\.\w+)?$/.test(value)) return constant(f, value.replace('()', ''));
    return undefined;
  };

  /** The absolute prefix a router's routes are served under, or what kept it from being read. */
  const prefixOf = (id: string, depth: number): { prefix: string } | { unread: string } => {
    const router = routers.get(id)!;
    const key = router.kind === 'Blueprint' ? 'url_prefix' : 'prefix';
    const own = keyword(router.file, router.args, key);
    const name = id.split('.').pop();
    if (own === undefined) return { unread: `${router.file.path}: ${name}'s ${key}` };
    const include = includes.get(id);
    if (!include) return { unread: `${router.file.path}: ${name}, included nowhere found` };
    const given = keyword(include.file, include.args, key);
    if (given === undefined)
      return { unread: `${include.file.path}: the ${key} ${name} is included with` };
    // Flask's url_prefix at registration replaces the blueprint's; FastAPI's is put before it.
    const local =
      router.kind === 'Blueprint'
        ? trimSlash(/\burl_prefix\s*=/.test(include.args) ? given : own)
        : trimSlash(given) + trimSlash(own);
    if (!routers.has(include.into) || depth >= MAX_DEPTH) return { prefix: local };
    const outer = prefixOf(include.into, depth + 1);
    return 'prefix' in outer ? { prefix: trimSlash(outer.prefix) + local } : outer;
  };

  /** The mount of a route whose path literal is at `index` in `f`. */
  return (f: PySource, index: number): Mount => {
    const before = f.code.slice(Math.max(0, index - 200), index);
    const receiver = /(\w+)\s*\.\s*\w+\s*\(\s*$/.exec(before)?.[1];
    if (!receiver) return undefined;
    const id = `${f.module}.${receiver}`;
    return routers.has(id) ? prefixOf(id, 0) : undefined;
  };
}
