import { existsSync, mkdtempSync } from 'node:fs';
import { readdir, readFile, rm } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { hashOf, HASH_FILE } from '../project/hashes.js';
import { STAGING_DIRS } from '../project/write.js';
import { repoPrefix } from './git.js';
import { git, run } from './run.js';

export interface BaseRequest {
  dir: string;
  title: string;
  framework: string;
  server: string;
  python: string;
  addons: string[];
  version: string;
  spec?: string;
}
export interface BaseFiles {
  files: Map<string, string>;
  source: 'package' | 'git';
  detail: string;
}
/** No base can be had this way; the message says why, in one line. */
export class BaseUnavailable extends Error {}

/** Files a render writes that the record never holds (see hashes.ts), and folders never read. */
const SKIPPED_FILES = new Set(['.env', 'uv.lock', HASH_FILE]);
const SKIPPED_DIRS = new Set(['.git', '.venv']);

/**
 * A spec that names a tarball or folder, made absolute: npm exec runs in a temp folder, where
 * a relative path would name nothing. Registry specs (`create-pyweb@0.1.0`) are left alone.
 */
export function absoluteSpec(spec: string, cwd = process.cwd()): string {
  const file = spec.startsWith('file:') ? spec.slice('file:'.length) : undefined;
  const path = file ?? spec;
  const pathLike =
    file !== undefined ||
    /^(\.{1,2}|~)([/\\]|$)/.test(spec) ||
    isAbsolute(spec) ||
    /\.(tgz|tar\.gz)$/.test(spec) ||
    (!spec.includes('@') && !spec.includes(':') && existsSync(resolve(cwd, spec)));
  if (!pathLike) return spec;
  // The shell left `~` alone (`--from=~/x.tgz`): npm would read it as the home folder.
  return /^~[/\\]/.test(path) ? join(homedir(), path.slice(2)) : resolve(cwd, path);
}

/**
 * npm's own first line that says what went wrong (`404 Not Found - GET …`, `notarget No
 * matching version…`, `getaddrinfo ENOTFOUND registry.npmjs.org`), with its code; else the
 * program's own first line (create-pyweb's `✖ …`).
 */
export function failureLine(stderr: string): string {
  const lines = stderr
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  const npm = lines
    .filter((l) => /^npm (error|ERR!)/.test(l))
    .map((l) => l.replace(/^npm (error|ERR!)\s*/, ''));
  const code = npm.find((l) => /^code \S+$/.test(l))?.slice('code '.length);
  // Skipped: the `key value` lines (code, errno, syscall, path), a bare status, the log's path.
  const said = npm
    .find(
      (l) =>
        !/^(code|errno|syscall|path|dest)\s+\S+$/.test(l) &&
        !/^\d{3}$/.test(l) &&
        !/^A complete log of this run/.test(l),
    )
    // npm's category word before the sentence (`network request to … failed`).
    ?.replace(/^(network|notarget)\s+/, '');
  if (said) return code && !said.includes(code) ? `${said} (${code})` : said;
  if (code) return code;
  return (
    lines.find((l) => !/^npm (warn|WARN|notice|info)/.test(l))?.replace(/^✖\s*/, '') ?? 'no output'
  );
}

/**
 * Renders the recorded answers with the recorded version's package: `npm exec --yes
 * --package=<spec> -- create-pyweb` first `--list --json` (to learn which add-on flags that
 * version has), then `<tmp>/<title> --framework F --server S --python P --<id>/--no-<id>...
 * --no-git --no-install --yes` with UV_OFFLINE=1, CI=1; reads back every file but .git, .venv,
 * .env, uv.lock, the hash file. Throws BaseUnavailable(reason) when npm cannot get the package or
 * the render fails, or an add-on the record has is unknown to that version.
 */
export async function baseFromPackage(req: BaseRequest): Promise<BaseFiles> {
  const spec = req.spec ? absoluteSpec(req.spec) : `create-pyweb@${req.version}`;
  // Synchronous, and registered at once: a Ctrl-C removes it with the staging folders.
  const tmp = mkdtempSync(join(tmpdir(), 'create-pyweb-base-'));
  STAGING_DIRS.add(tmp);
  try {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      CI: '1',
      // The render's `uv lock` must not reach the network; uv.lock is no part of the base.
      UV_OFFLINE: '1',
      npm_config_yes: 'true',
      // A folder given to --from is rendered as it is built: npm exec must not run its prepare
      // script (a build) in the user's checkout, under --dry-run least of all.
      npm_config_ignore_scripts: 'true',
      // Offline, npm's default retries wait over a minute before saying so; the caller has the
      // git history to fall back on. Settings in the environment are kept.
      npm_config_fetch_retries: process.env.npm_config_fetch_retries ?? '1',
      npm_config_fetch_retry_mintimeout: process.env.npm_config_fetch_retry_mintimeout ?? '2000',
      npm_config_fetch_retry_maxtimeout: process.env.npm_config_fetch_retry_maxtimeout ?? '10000',
      npm_config_update_notifier: 'false',
      npm_config_fund: 'false',
      npm_config_audit: 'false',
      NO_COLOR: '1',
      FORCE_COLOR: '0',
    };
    // In the empty temp folder: a package.json around the cwd (this repository's own, in a
    // checkout) could otherwise answer for the package.
    const exec = (args: string[]) =>
      // --prefer-offline: a version in npm's cache is used without asking the registry.
      run(
        'npm',
        ['exec', '--yes', '--prefer-offline', `--package=${spec}`, '--', 'create-pyweb', ...args],
        {
          cwd: tmp,
          env,
        },
      );

    const listed = await exec(['--list', '--json']);
    if (listed.code !== 0)
      throw new BaseUnavailable(
        `npm exec could not run ${spec}: ${failureLine(listed.stderr || listed.stdout.toString())}`,
      );
    let known: string[];
    try {
      const catalog = JSON.parse(listed.stdout.toString('utf8')) as { addons?: { id: string }[] };
      if (!Array.isArray(catalog.addons))
        throw new BaseUnavailable(
          `${spec} is too old to render a base: its --list --json names no add-ons`,
        );
      known = catalog.addons.map((a) => a.id);
    } catch (e) {
      if (e instanceof BaseUnavailable) throw e;
      throw new BaseUnavailable(`${spec}: --list --json did not print JSON`);
    }
    const unknown = req.addons.filter((id) => !known.includes(id));
    if (unknown.length)
      throw new BaseUnavailable(
        `the record names the add-on${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}, which ${spec} does not know`,
      );

    const target = join(tmp, req.title);
    const flags = known.map((id) => (req.addons.includes(id) ? `--${id}` : `--no-${id}`));
    const made = await exec([
      target,
      '--framework',
      req.framework,
      '--server',
      req.server,
      '--python',
      req.python,
      ...flags,
      '--no-git',
      '--no-install',
      '--yes',
    ]);
    if (made.code !== 0 || !existsSync(target))
      throw new BaseUnavailable(
        `${spec} could not render the recorded answers: ${failureLine(made.stderr || made.stdout.toString())}`,
      );
    const files = new Map<string, string>();
    await readTree(target, '', files);
    return { files, source: 'package', detail: `${spec} (npm exec)` };
  } finally {
    await rm(tmp, { recursive: true, force: true });
    STAGING_DIRS.delete(tmp);
  }
}

async function readTree(root: string, rel: string, into: Map<string, string>): Promise<void> {
  for (const entry of await readdir(join(root, rel), { withFileTypes: true })) {
    const path = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name)) await readTree(root, path, into);
    } else if (entry.isFile() && !(rel === '' && SKIPPED_FILES.has(entry.name))) {
      into.set(path, await readFile(join(root, path), 'utf8'));
    }
  }
}

/**
 * Blob ids each path had in any commit reachable from any ref: one `git log --raw` over all
 * the paths (-m: a blob a merge introduced counts too).
 */
async function blobsByPath(
  dir: string,
  prefix: string,
  paths: string[],
): Promise<Map<string, string[]>> {
  const out = await git(dir, [
    '-c',
    'core.quotePath=false',
    'log',
    '--all',
    '-m',
    '--raw',
    '--no-abbrev',
    '--no-renames',
    '-z',
    '--format=',
    '--',
    ...paths.map((p) => `:(literal)${p}`),
  ]);
  const found = new Map<string, string[]>();
  if (!out) return found;
  const tokens = out.split('\0');
  for (let i = 0; i < tokens.length; i++) {
    const head = tokens[i].replace(/^\n+/, '');
    if (!head.startsWith(':')) continue;
    // `:<mode> <mode> <old id> <new id> <status>`, then the path (two for a copy or rename).
    const [, , oldId, newId, status] = head.split(' ');
    const names = [tokens[++i]];
    if (status?.startsWith('R') || status?.startsWith('C')) names.push(tokens[++i]);
    for (const name of names) {
      if (!name?.startsWith(prefix)) continue;
      const path = name.slice(prefix.length);
      const ids = found.get(path) ?? [];
      for (const id of [newId, oldId])
        if (id && !/^0+$/.test(id) && !ids.includes(id)) ids.push(id);
      found.set(path, ids);
    }
  }
  return found;
}

/** The blobs' contents, by one `git cat-file --batch`. */
async function readBlobs(dir: string, ids: string[]): Promise<Map<string, Buffer>> {
  const blobs = new Map<string, Buffer>();
  if (!ids.length) return blobs;
  const r = await run('git', ['cat-file', '--batch'], { cwd: dir, input: `${ids.join('\n')}\n` });
  if (r.code !== 0) return blobs;
  const out = r.stdout;
  let at = 0;
  while (at < out.length) {
    const eol = out.indexOf(0x0a, at);
    if (eol < 0) break;
    // `<id> <type> <size>`, or `<id> missing` (a shallow or partial clone).
    const [id, type, size] = out.subarray(at, eol).toString('utf8').split(' ');
    at = eol + 1;
    if (type === 'missing' || size === undefined) continue;
    const n = Number(size);
    if (type === 'blob') blobs.set(id, out.subarray(at, at + n));
    at += n + 1;
  }
  return blobs;
}

/**
 * For each wanted path, the content of a blob in the repository's history (all refs) whose
 * sha256 equals the recorded hash. Paths not found are absent from `files`. Throws
 * BaseUnavailable when dir is not in a git repository. Works when dir is a subfolder of the repo.
 */
export async function baseFromGit(dir: string, wanted: Map<string, string>): Promise<BaseFiles> {
  const prefix = await repoPrefix(dir);
  if (prefix === undefined)
    throw new BaseUnavailable(`${dir} is not in a git repository (or git is not installed)`);
  const paths = [...wanted.keys()];
  const files = new Map<string, string>();
  const candidates = paths.length ? await blobsByPath(dir, prefix, paths) : new Map();
  const blobs = await readBlobs(dir, [...new Set([...candidates.values()].flat())]);
  const hashes = new Map<string, string>();
  for (const path of paths) {
    const want = wanted.get(path)!.toLowerCase();
    for (const id of candidates.get(path) ?? []) {
      const bytes = blobs.get(id);
      if (!bytes) continue;
      let hash = hashes.get(id);
      if (hash === undefined) {
        hash = hashOf(bytes);
        hashes.set(id, hash);
      }
      if (hash === want) {
        files.set(path, bytes.toString('utf8'));
        break;
      }
    }
  }
  return {
    files,
    source: 'git',
    detail: `git history (${files.size} of ${wanted.size} ${wanted.size === 1 ? 'file' : 'files'} found by the hash on record)`,
  };
}
