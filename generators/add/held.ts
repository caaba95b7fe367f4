import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { compareVersions, type Held } from '../catalog/index.js';
import { normalizeName, projectDependencies, readTable, type TomlValue } from '../edit/index.js';

/** The next release line after `A.B` (0.18 → 0.19) or after `A` (2 → 3). */
const bump = (parts: string[]) =>
  parts.length > 1 ? `${parts[0]}.${Number(parts[1]) + 1}` : `${Number(parts[0]) + 1}`;

/**
 * The newest release a PEP 440 specifier (`==0.18.3`, `<0.20`, `~=0.18.0`, `==0.18.*`) or a
 * Poetry constraint (`^0.18`, `~0.18.1`, `0.18.3`) admits, where it caps one.
 */
export function capOf(spec: string): Omit<Held, 'where'> | undefined {
  let best: Omit<Held, 'where'> | undefined;
  for (const clause of spec.split(',').map((c) => c.trim())) {
    const cap = clauseCap(clause);
    if (cap && (!best || compareVersions(cap.version, best.version) < 0)) best = cap;
  }
  return best;
}

/** The cap one clause puts on a release, by its operator. */
const CAPS: [RegExp, (v: string) => Omit<Held, 'where'> | undefined][] = [
  [/^===?\s*([\d.]+)\.\*$/, (v) => ({ version: bump(v.split('.')), below: true })],
  [/^(?:===?\s*)?(\d+(?:\.\d+)*)$/, (v) => ({ version: v, below: false })],
  [/^<\s*([\d.]+)$/, (v) => ({ version: v, below: true })],
  [/^<=\s*([\d.]+)$/, (v) => ({ version: v, below: false })],
  [
    /^~=\s*([\d.]+)$/,
    (v) => {
      const parts = v.split('.');
      return parts.length > 2 ? { version: bump(parts.slice(0, -1)), below: true } : undefined;
    },
  ],
  [
    // Poetry's caret: the leftmost non-zero part may not change.
    /^\^\s*([\d.]+)$/,
    (v) => {
      const parts = v.split('.');
      const lead = parts.findIndex((p) => Number(p) !== 0);
      const at = lead < 0 ? parts.length - 1 : lead;
      return {
        version: [...parts.slice(0, at), String(Number(parts[at]) + 1)].join('.'),
        below: true,
      };
    },
  ],
  [/^~\s*([\d.]+)$/, (v) => ({ version: bump(v.split('.')), below: true })],
];

function clauseCap(clause: string): Omit<Held, 'where'> | undefined {
  for (const [re, cap] of CAPS) {
    const m = re.exec(clause);
    if (m) return cap(m[1]);
  }
  return undefined;
}

async function readText(path: string): Promise<string | undefined> {
  return existsSync(path) ? readFile(path, 'utf8') : undefined;
}

/** `name[extra] spec ; marker` → the normalised name and its specifier. */
function splitRequirement(req: string): { name: string; spec: string } | undefined {
  const m = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*([^;#]*)/.exec(req);
  return m ? { name: normalizeName(m[1]), spec: m[2].trim().replace(/^\(|\)$/g, '') } : undefined;
}

/**
 * The release of each of `dists` the project holds to: the version its lock (uv.lock,
 * poetry.lock, pdm.lock) has, else the cap its dependency file puts on it. Absent: free to take
 * the newest.
 */
export async function heldReleases(
  dir: string,
  depFile: string,
  dists: string[],
): Promise<Record<string, Held>> {
  const out: Record<string, Held> = {};
  for (const lock of ['uv.lock', 'poetry.lock', 'pdm.lock']) {
    const text = await readText(join(dir, lock));
    if (!text) continue;
    for (const block of text.split(/^\[\[package\]\]\s*$/m).slice(1)) {
      const name = /^name\s*=\s*"([^"]+)"/m.exec(block)?.[1];
      const version = /^version\s*=\s*"([^"]+)"/m.exec(block)?.[1];
      if (name && version && dists.includes(normalizeName(name)) && !out[normalizeName(name)])
        out[normalizeName(name)] = { version, below: false, where: `${lock}: ${name} ${version}` };
    }
  }
  const text = (await readText(join(dir, depFile))) ?? '';
  const reqs: string[] = [];
  if (depFile.endsWith('.toml')) {
    reqs.push(...(projectDependencies(text) ?? []));
    const poetry = readTable(text, 'tool.poetry.dependencies') ?? {};
    for (const [name, v] of Object.entries(poetry)) {
      // An inline table ({ version = "^0.18", extras = [...] }) comes as its TOML text.
      const raw = str(v);
      const spec = raw?.startsWith('{') ? /version\s*=\s*["']([^"']+)/.exec(raw)?.[1] : raw;
      if (spec) reqs.push(`${name} ${spec}`);
    }
  } else reqs.push(...text.split(/\r?\n/));
  for (const req of reqs) {
    const r = splitRequirement(req);
    if (!r || !dists.includes(r.name) || out[r.name]) continue;
    const cap = capOf(r.spec);
    if (cap) out[r.name] = { ...cap, where: `${depFile}: ${req.trim()}` };
  }
  return out;
}

const str = (v: TomlValue | undefined) => (typeof v === 'string' ? v : undefined);
