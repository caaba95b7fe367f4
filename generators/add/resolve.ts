import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { projectDependencies, readTable } from '../edit/index.js';
import { onPath, uvCacheDir } from '../project/uv.js';
import { capOf } from './held.js';

/** Whether the dependencies after this run can be installed together, as uv's resolver says. */
export type Resolution =
  | { kind: 'resolves'; offline: boolean }
  | { kind: 'conflict'; why: string }
  | { kind: 'skipped'; why: string };

/** uv from PATH, or the one create-pyweb keeps in its cache; none is fetched for a check. */
async function uvBinary(): Promise<string | undefined> {
  if (await onPath('uv')) return 'uv';
  const cached = join(uvCacheDir(), process.platform === 'win32' ? 'Scripts/uv.exe' : 'bin/uv');
  return existsSync(cached) ? cached : undefined;
}

/** A Poetry constraint as PEP 440: `^0.18` → `>=0.18,<0.19`, `0.18.3` → `==0.18.3`, `*` → ``. */
function pep440(spec: string): string {
  const s = spec.trim();
  if (s === '*' || s === '') return '';
  if (/^[\^~]\s*[\d.]+$/.test(s)) {
    const cap = capOf(s)!;
    return `>=${s.replace(/^[\^~]\s*/, '')},<${cap.version}`;
  }
  if (/^\d[\d.]*$/.test(s)) return `==${s}`;
  return s;
}

/** The project's dependencies as requirement lines, from pyproject.toml's text after the edit. */
function pyprojectRequirements(text: string): string[] | undefined {
  const pep621 = projectDependencies(text);
  if (pep621) {
    // A workspace member, a path or a git repository ([tool.uv.sources]) is not on the index:
    // the check covers the rest, which is what a server switch changes.
    const local = new Set(Object.keys(readTable(text, 'tool.uv.sources') ?? {}).map(normalName));
    return pep621.filter(
      (r) => !local.has(normalName(/^[A-Za-z0-9._-]+/.exec(r.trim())?.[0] ?? '')),
    );
  }
  const poetry = readTable(text, 'tool.poetry.dependencies');
  if (!poetry) return undefined;
  const out: string[] = [];
  for (const [name, v] of Object.entries(poetry)) {
    if (name === 'python') continue;
    const raw = typeof v === 'string' ? v : undefined;
    if (raw === undefined) continue;
    if (raw.startsWith('{')) {
      // Inline tables: a version with extras; paths, git and markers are the user's, not checked.
      const version = /version\s*=\s*["']([^"']+)/.exec(raw)?.[1];
      if (!version) continue;
      const extras = /extras\s*=\s*\[([^\]]*)\]/.exec(raw)?.[1]?.match(/[\w.-]+/g);
      out.push(`${name}${extras ? `[${extras.join(',')}]` : ''}${pep440(version)}`);
    } else out.push(`${name}${pep440(raw)}`);
  }
  return out;
}

/** A distribution's name as PEP 503 compares it. */
function normalName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

function run(
  cmd: string,
  args: string[],
  timeout: number,
): Promise<{ ok: boolean; output: string }> {
  return new Promise((res) => {
    execFile(cmd, args, { timeout, maxBuffer: 4 << 20 }, (err, stdout, stderr) =>
      res({ ok: !err, output: `${stdout}${stderr}` }),
    );
  });
}

/** uv's explanation, on one line: what needs what, and which pin stands in the way. */
function conflictOf(output: string): string {
  const cause = output.split(/\n\s*hint:/)[0].replace(/^[\s\S]*?cause:\s*/, '');
  return cause.replace(/\s+/g, ' ').trim();
}

/**
 * Asks uv whether `depFile`, as this run leaves it (`text`), resolves for the image's Python:
 * from uv's cache first, then from the index when something is not cached. Requirements files
 * are checked beside copies of their siblings, so that `-r base.txt` still reads.
 */
export async function checkResolves(
  dir: string,
  depFile: string,
  text: string,
  python: string,
): Promise<Resolution> {
  const uv = await uvBinary();
  if (!uv) return { kind: 'skipped', why: `no uv on PATH or in ${uvCacheDir()}` };
  const work = await mkdtemp(join(tmpdir(), 'pyweb-resolve-'));
  try {
    let input: string;
    if (depFile.endsWith('.toml')) {
      const reqs = pyprojectRequirements(text);
      if (!reqs) return { kind: 'skipped', why: `${depFile} declares no dependencies uv can read` };
      input = join(work, 'requirements.in');
      await writeFile(input, `${reqs.join('\n')}\n`);
    } else {
      const folder = dirname(depFile);
      await mkdir(join(work, folder), { recursive: true });
      if (folder !== '.') await cp(join(dir, folder), join(work, folder), { recursive: true });
      else
        for (const f of await readdir(dir))
          if (f.endsWith('.txt') && f !== depFile) await cp(join(dir, f), join(work, f));
      input = join(work, depFile);
      await writeFile(input, text);
    }
    const args = ['pip', 'compile', '--python-version', python, '--no-header', '--quiet', input];
    let r = await run(uv, [...args, '--offline'], 30_000);
    let offline = true;
    if (!r.ok && /network was disabled|not found in the cache|offline/i.test(r.output)) {
      offline = false;
      r = await run(uv, args, 90_000);
    }
    if (r.ok) return { kind: 'resolves', offline };
    if (/No solution found/.test(r.output)) return { kind: 'conflict', why: conflictOf(r.output) };
    const first = r.output.trim().split('\n')[0] || 'uv gave no answer in time';
    return { kind: 'skipped', why: `uv could not answer: ${first}` };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
