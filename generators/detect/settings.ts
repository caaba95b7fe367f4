/**
 * What a found app reads from its environment, and the services its dependencies talk to: read
 * from the source text (never imported), so that .env.example, compose and Kubernetes can name
 * what the app needs before it crashes on start without it.
 */
import type { AppSetting, ServiceNeed } from './types.js';
import { DRIVERS } from '../catalog/drivers.js';

/** A Python file as detection holds it: `code` has comments stripped and string literals kept. */
export interface SourceFile {
  path: string;
  test: boolean;
  src: string;
  code: string;
  at: (index: number) => number;
}

/** Names that hold a credential: they go to a Kubernetes Secret, never a ConfigMap. */
const SECRET_NAME =
  /SECRET|PASSWORD|PASSWD|TOKEN|(^|_)KEY($|_)|DSN|CREDENTIAL|PRIVATE|DATABASE_URL|_URI$|AUTH/;

export const looksSecret = (name: string) => SECRET_NAME.test(name);

const STRING = String.raw`(?:[rRbBuU]?"([^"\n]*)"|[rRbBuU]?'([^'\n]*)')`;

/** The text of a call's arguments from `open` (just after its parenthesis), to the matching one. */
function argsFrom(code: string, open: number): string {
  let depth = 1;
  for (let i = open; i < code.length; i++) {
    const c = code[i];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      depth--;
      if (depth === 0) return code.slice(open, i);
    } else if (c === '"' || c === "'") {
      const end = code.indexOf(c, i + 1);
      if (end > 0) i = end;
    }
  }
  return code.slice(open);
}

/** The second positional argument (or `default=`) of a call, as written, if there is one. */
function defaultArg(args: string): string | undefined {
  const named = /\bdefault\s*=\s*([^,]+)/.exec(args);
  if (named) return named[1]!.trim();
  let depth = 0;
  for (let i = 0; i < args.length; i++) {
    const c = args[i];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (c === '"' || c === "'") {
      const end = args.indexOf(c, i + 1);
      if (end > 0) i = end;
    } else if (c === ',' && depth === 0) {
      const rest = args.slice(i + 1).trim();
      if (!rest || /^\w+\s*=/.test(rest)) return undefined;
      return rest.split(/,\s*\w+\s*=/)[0]!.trim();
    }
  }
  return undefined;
}

/** A Python literal as an environment value: a string's text, a number or bool as written. */
function literalValue(expr: string | undefined): string | undefined {
  if (expr === undefined) return undefined;
  const s = new RegExp(`^${STRING}$`).exec(expr.trim());
  if (s) return s[1] ?? s[2] ?? '';
  if (/^-?\d+(\.\d+)?$/.test(expr.trim())) return expr.trim();
  if (expr.trim() === 'True' || expr.trim() === 'False') return expr.trim().toLowerCase();
  // An expression (a path, a computed value): the app has a default, not one to copy here.
  return '';
}

const where = (f: SourceFile, index: number) => {
  const line = f.at(index);
  const text = (f.src.split('\n', line)[line - 1] ?? '').trim();
  return `${f.path}:${line}: ${text.length > 70 ? `${text.slice(0, 67)}...` : text}`;
};

/** `os.environ["X"]`, `os.environ.get("X", d)`, `os.getenv("X", d)`, `environ.get(...)`. */
function environReads(f: SourceFile, out: AppSetting[]): void {
  const index = new RegExp(String.raw`\benviron\s*\[\s*${STRING}\s*\]`, 'g');
  for (const m of f.code.matchAll(index)) {
    // os.environ["X"] = ... sets it: not a read.
    if (/^\s*=(?!=)/.test(f.code.slice(m.index + m[0].length))) continue;
    out.push({ name: m[1] ?? m[2]!, required: true, secret: false, where: where(f, m.index) });
  }
  const call = new RegExp(String.raw`\b(?:environ\s*\.\s*get|getenv)\s*\(\s*${STRING}`, 'g');
  for (const m of f.code.matchAll(call)) {
    const args = argsFrom(f.code, f.code.indexOf('(', m.index) + 1);
    const d = defaultArg(args);
    out.push({
      name: m[1] ?? m[2]!,
      required: false,
      default: literalValue(d),
      unsetIsNone: d === undefined,
      secret: false,
      where: where(f, m.index),
    });
  }
}

/** django-environ's `env("X")`, `env.str("X", default=...)`, python-decouple's `config("X")`. */
function helperReads(f: SourceFile, out: AppSetting[]): void {
  const uses = /\bimport\s+environ\b|\bfrom\s+environ\s+import\b|\bfrom\s+decouple\s+import\b/.test(
    f.code,
  );
  if (!uses) return;
  const call = new RegExp(
    String.raw`(?<![\w.])(?:env(?:\.(?:str|bool|int|float|list|url|db_url|db|json|path))?|config)\s*\(\s*${STRING}`,
    'g',
  );
  for (const m of f.code.matchAll(call)) {
    const args = argsFrom(f.code, f.code.indexOf('(', m.index) + 1);
    const d = defaultArg(args);
    out.push({
      name: m[1] ?? m[2]!,
      required: d === undefined,
      default: literalValue(d),
      secret: false,
      where: where(f, m.index),
    });
  }
  // env.db() and dj_database_url.config() read DATABASE_URL without naming it.
  const db = /(?<![\w.])env\.db\s*\(\s*\)/.exec(f.code);
  if (db)
    out.push({ name: 'DATABASE_URL', required: true, secret: false, where: where(f, db.index) });
}

function djDatabaseUrl(f: SourceFile, out: AppSetting[]): void {
  const m = /\bdj_database_url\s*\.\s*(?:config|parse)\s*\(/.exec(f.code);
  if (!m || !/\bdj_database_url\s*\.\s*config\s*\(/.test(f.code)) return;
  const args = argsFrom(f.code, m.index + m[0].length);
  const d = /\bdefault\s*=/.test(args);
  const env = new RegExp(String.raw`\benv\s*=\s*${STRING}`).exec(args);
  out.push({
    name: env ? (env[1] ?? env[2]!) : 'DATABASE_URL',
    required: !d,
    default: d ? '' : undefined,
    secret: false,
    where: where(f, m.index),
  });
}

/** The fields of each pydantic `BaseSettings` subclass, with its `env_prefix`. */
function pydanticSettings(f: SourceFile, out: AppSetting[]): void {
  const lines = f.code.split('\n');
  const starts: number[] = [];
  let offset = 0;
  for (const l of lines) {
    starts.push(offset);
    offset += l.length + 1;
  }
  for (let i = 0; i < lines.length; i++) {
    const cls = /^class\s+\w+\s*\(([^)]*)\)\s*:/.exec(lines[i]!);
    if (!cls || !/\bBaseSettings\b/.test(cls[1]!)) continue;
    let j = i + 1;
    while (j < lines.length && (lines[j]!.trim() === '' || /^\s/.test(lines[j]!))) j++;
    const body = lines.slice(i + 1, j);
    const bodyText = body.join('\n');
    const prefix = new RegExp(String.raw`env_prefix\s*=\s*${STRING}`).exec(bodyText);
    const envPrefix = prefix ? (prefix[1] ?? prefix[2]!) : '';
    const indent = /^(\s+)\S/.exec(body.find((l) => l.trim()) ?? '')?.[1] ?? '    ';
    for (let k = 0; k < body.length; k++) {
      const line = body[k]!;
      if (!line.startsWith(indent) || /^\s/.test(line.slice(indent.length))) continue;
      const field = /^([A-Za-z_]\w*)\s*:\s*([^=]+?)\s*(?:=\s*(.+))?$/.exec(
        line.slice(indent.length),
      );
      if (!field || field[1] === 'model_config' || field[1]!.startsWith('_')) continue;
      if (/^ClassVar\b/.test(field[2]!)) continue;
      let value: string | undefined = field[3]?.trim();
      let name = `${envPrefix}${field[1]}`.toUpperCase();
      if (value?.startsWith('Field(')) {
        const args = argsFrom(value, 6);
        const alias = new RegExp(String.raw`\b(?:validation_alias|alias|env)\s*=\s*${STRING}`).exec(
          args,
        );
        if (alias) name = (alias[1] ?? alias[2]!).toUpperCase();
        const named = /\bdefault\s*=\s*([^,]+)/.exec(args)?.[1]?.trim();
        const first = args.split(',')[0]!.trim();
        const positional = first && !/^\w+\s*=/.test(first) ? first : undefined;
        const given = named ?? positional;
        value = /\bdefault_factory\s*=/.test(args)
          ? '<computed>'
          : given === '...'
            ? undefined
            : given;
      }
      const optional = /\bOptional\[|\|\s*None\b|\bNone\s*\|/.test(field[2]!);
      out.push({
        name,
        required: value === undefined,
        default:
          value === undefined ? undefined : value === '<computed>' ? '' : literalValue(value),
        unsetIsNone: optional && value === 'None',
        secret: /\bSecretStr\b|\bSecretBytes\b/.test(field[2]!),
        where: where(f, starts[i + 1 + k]!),
      });
    }
  }
}

/** Every setting the app's own (non-test) code reads, once each: a required read wins. */
export function appSettings(py: SourceFile[]): AppSetting[] {
  const found: AppSetting[] = [];
  for (const f of py) {
    if (f.test) continue;
    environReads(f, found);
    helperReads(f, found);
    djDatabaseUrl(f, found);
    pydanticSettings(f, found);
  }
  const byName = new Map<string, AppSetting>();
  for (const s of found) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(s.name)) continue;
    const had = byName.get(s.name);
    const secret = s.secret || looksSecret(s.name) || Boolean(had?.secret);
    if (!had || (s.required && !had.required)) byName.set(s.name, { ...s, secret });
    else had.secret = secret;
  }
  return [...byName.values()];
}

/** The services the dependencies' drivers talk to, the first driver of each. */
export function servicesOf(deps: { name: string; where: string }[]): ServiceNeed[] {
  const out: ServiceNeed[] = [];
  for (const d of deps) {
    const service = DRIVERS[d.name]?.service;
    if (service && !out.some((s) => s.service === service))
      out.push({ service, dist: d.name, where: d.where });
  }
  return out;
}
