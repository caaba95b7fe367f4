import { existsSync } from 'node:fs';
import { lstat, readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import {
  findProject,
  RECORD_FILE,
  RECORD_TABLE,
  recommendedServer,
  stackOf,
} from '../add/project.js';
import { parseArgs } from '../cli/args.js';
import { UsageError } from '../cli/errors.js';
import { UPDATE_FLAGS } from '../cli/flags.js';
import { whenStopped } from '../cli/signals.js';
import { readTable, setTableValues } from '../edit/index.js';
import { formatHashes, HASH_FILE, hashOf, readHashes, recordable } from '../project/hashes.js';
import { renderStack } from '../project/render.js';
import { packageTemplates } from '../project/template-files.js';
import { applyChanges, type FileChange } from '../project/write.js';
import { VERSION } from '../version.js';
import { type BaseFiles, BaseUnavailable, baseFromGit, baseFromPackage } from './base.js';
import { dirtyPaths, keepRender, repoPrefix, stageConflicts, unmergedPaths } from './git.js';
import type { MergeLabels } from './merge.js';
import { renames } from './migrations.js';
import { pathsNeedingBase, planUpdate, writes, type FilePlan } from './plan.js';
import { updateFound } from './found.js';
import { compareVersions } from './version.js';
import { printCheck, printPlan, updateHelp, type UpdateIo } from './report.js';

/**
 * `create-pyweb update`: brings a project create-pyweb made to this version's templates (one it
 * only added to goes through found.ts). The
 * base (what the recorded version wrote with the recorded answers) comes from that version's
 * package or from the blobs in git; each file is then merged three ways (plan.ts), conflicts are
 * left as git's unmerged entries, and the record moves to this version.
 */
export async function updateCommand(argv: string[], io: UpdateIo): Promise<number> {
  const { positionals, flags } = parseArgs(argv, UPDATE_FLAGS);
  if (flags.help) {
    io.log(updateHelp());
    return 0;
  }
  if (positionals.length)
    throw new UsageError(
      `update takes no arguments (got ${positionals.join(' ')})`,
      'run it in the project, or pass --cwd DIR',
    );
  if (flags.offline && flags.from)
    throw new UsageError(
      '--offline takes the base from git only; --from names a package: pass one',
    );
  const dir = await projectRoot(resolve(io.cwd, (flags.cwd as string | undefined) ?? '.'));
  const json = Boolean(flags.json);
  // add keeps its record in pyproject.toml, or beside a project that has none.
  const pyproject = await readOptional(join(dir, 'pyproject.toml'));
  const own = pyproject === undefined ? await readOptional(join(dir, RECORD_FILE)) : undefined;
  const manifest = pyproject !== undefined ? 'pyproject.toml' : RECORD_FILE;
  if (pyproject === undefined && own === undefined)
    throw new UsageError(
      `${dir} has no pyproject.toml: update is for projects create-pyweb made or added to`,
      'run it in the project folder, or pass --cwd DIR',
    );
  let record: ReturnType<typeof readTable>;
  try {
    record = readTable((pyproject ?? own)!, RECORD_TABLE);
  } catch (e) {
    throw new UsageError(`${manifest}: ${(e as Error).message}`, 'fix it and run update again');
  }
  const from = typeof record?.version === 'string' ? record.version : undefined;
  if (!record || !from)
    throw new UsageError(
      `${dir} has no [${RECORD_TABLE}] record with a version: create-pyweb did not make it`,
      'create-pyweb add <addon...> brings its files to a project of your own',
    );
  if (!/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(from))
    throw new UsageError(
      `${manifest} [${RECORD_TABLE}] version = "${from}" is not a create-pyweb version`,
      'put back the version that made the project (git log -p pyproject.toml shows it)',
    );
  const order = compareVersions(from, VERSION);
  // A conflict left by an update is not "current": a bot must not commit its markers.
  const unresolved = await unresolvedConflicts(dir);
  if (unresolved.length) {
    const what = `unresolved conflicts from an update: ${unresolved.join(', ')}`;
    if (flags.check && json)
      io.log(JSON.stringify({ from, to: VERSION, current: false, conflicts: unresolved }));
    else if (flags.check) io.log(what);
    if (flags.check) return 1;
    throw new UsageError(
      what,
      (await repoPrefix(dir)) !== undefined
        ? 'resolve them (git mergetool, or edit the <<<<<<< markers), git add each, commit, and run update again'
        : 'resolve the <<<<<<< ======= >>>>>>> markers in each, and run update again',
    );
  }
  if (flags.check) {
    printCheck(io, json, from, VERSION, order);
    return order < 0 ? 1 : 0;
  }
  if (order > 0)
    throw new UsageError(
      `this project was made by create-pyweb ${from}, newer than this one (${VERSION})`,
      `run the newer one: npx create-pyweb@${from} update`,
    );
  if (order === 0) {
    if (json)
      io.log(JSON.stringify({ from, to: VERSION, current: true, files: [], conflicts: [] }));
    else io.log(`Already at create-pyweb ${VERSION}: nothing to update.`);
    return 0;
  }

  const dryRun = Boolean(flags['dry-run']);
  const prefix = await repoPrefix(dir);
  if (prefix !== undefined && !dryRun && !flags['allow-dirty']) {
    const dirty = await dirtyPaths(dir);
    if (dirty.length)
      throw new UsageError(
        `uncommitted changes in ${dirty.slice(0, 3).join(', ')}${dirty.length > 3 ? ` and ${dirty.length - 3} more` : ''}: a merge into them could not be undone`,
        'commit or stash them (better: update on a branch), or pass --allow-dirty',
      );
  }

  // A project create-pyweb added to: add plans it again, as it found it (found.ts).
  if (record.project === 'detected')
    return updateFound(io, { dir, from, record, json, dryRun, prefix });

  // What this version writes for the recorded answers.
  let found: Awaited<ReturnType<typeof findProject>>;
  try {
    found = await findProject(dir, {});
  } catch (e) {
    // add's hints name its own flags; update reads everything from the record.
    if (e instanceof UsageError)
      throw new UsageError(
        e.message,
        `the record in pyproject.toml [${RECORD_TABLE}] should settle it: compare it with git log -p pyproject.toml`,
      );
    throw e;
  }
  const stack = stackOf(found, found.server ?? recommendedServer(found), found.deploy, true);
  const next = new Map<string, string>();
  const executable = new Set<string>();
  for (const [path, file] of await renderStack(stack, packageTemplates)) {
    if (!recordable(path)) continue;
    next.set(path, textOf(file.content));
    if (file.executable) executable.add(path);
  }

  const recorded = await readHashes(dir);
  const table = renames(stack.shape.glue.dir);
  const paths = new Set([...(recorded?.keys() ?? []), ...next.keys(), ...table.map((r) => r.from)]);
  const disk = new Map<string, string>();
  // Files update reads but does not merge: links (yours, wherever they point), text that is not
  // UTF-8 (a merge would mangle it).
  const opaque = new Map<string, string>();
  const crlf = new Set<string>();
  for (const path of paths) {
    const file = await readDisk(join(dir, path));
    if (!file) continue;
    if (file.opaque) opaque.set(path, file.opaque);
    // Git for Windows checks out CRLF (core.autocrlf): the record hashed the LF it wrote.
    if (file.crlf) crlf.add(path);
    disk.set(path, file.text);
  }

  // The base, for the files the user changed: the others are their own base.
  const needed = pathsNeedingBase(recorded, disk, next);
  const base = await findBase(needed, {
    dir,
    offline: Boolean(flags.offline),
    spec: flags.from as string | undefined,
    recorded,
    request: {
      dir,
      title: found.names.title,
      framework: stack.framework.id,
      server: stack.server.id,
      python: stack.deploy.python,
      addons: arrayOf(record.addons),
      version: from,
    },
  });
  const labels: MergeLabels = {
    yours: 'yours',
    base: `create-pyweb ${from}`,
    theirs: `create-pyweb ${VERSION}`,
  };
  const plan = planUpdate({
    recorded,
    base: base.files,
    disk,
    next,
    renames: table,
    labels,
    opaque,
  });
  if (plan.missingBase.length)
    throw new UsageError(
      `no base for ${plan.missingBase.join(', ')}: ${base.why ?? `${base.detail} has no copy of ${plan.missingBase.length === 1 ? 'it' : 'them'} as create-pyweb ${from} wrote ${plan.missingBase.length === 1 ? 'it' : 'them'}`}`,
      `pass --from with create-pyweb ${from}'s package (a tarball or folder), or restore the git history; nothing was written`,
    );
  recordVersion(plan.files, RECORD_TABLE, VERSION);
  // Written back with the line ends the file had.
  for (const f of plan.files)
    if (f.after !== undefined && crlf.has(f.from ?? f.path))
      f.after = f.after.replace(/\n/g, '\r\n');
  const conflicts = plan.files.filter((f) => f.label === 'conflict');
  const lock = dependenciesChanged(plan.files) ? lockCommand(dir) : undefined;
  const outcome = { from, to: VERSION, base: base.source ? base : undefined, lock, dryRun };
  if (dryRun) {
    printPlan(io, json, plan.files, { ...outcome, written: false });
    return 0;
  }

  // Kept first: a stop after the files are written still leaves the next update its base.
  if (prefix !== undefined)
    await keepRender(
      dir,
      next,
      `create-pyweb ${VERSION}: the files as it writes them for this project`,
    );
  await applyPlan(
    dir,
    plan.files,
    executable,
    formatHashes(plan.hashes),
    conflicts.map((c) => c.path),
  );
  if (prefix !== undefined && conflicts.length)
    await stageConflicts(
      dir,
      conflicts.map((c) => ({
        path: c.path,
        base: c.base,
        yours: c.before!,
        theirs: c.theirs!,
        executable: executable.has(c.path),
      })),
    );
  if (prefix !== undefined)
    await keepRender(
      dir,
      next,
      `create-pyweb ${VERSION}: the files as it writes them for this project`,
    );
  printPlan(io, json, plan.files, { ...outcome, written: true, git: prefix !== undefined });
  return conflicts.length ? 1 : 0;
}

interface BaseFound {
  files: Map<string, string>;
  source?: BaseFiles['source'];
  detail: string;
  /** Why the base is not complete, when it is not. */
  why?: string;
}

/**
 * The base of the files the user changed: rendered by the recorded version's package, else read
 * from git's blobs by their recorded hashes. Nothing needed, nothing fetched.
 */
async function findBase(
  needed: string[],
  opts: {
    dir: string;
    offline: boolean;
    spec?: string;
    recorded?: Map<string, string>;
    request: Parameters<typeof baseFromPackage>[0];
  },
): Promise<BaseFound> {
  if (!needed.length)
    return { files: new Map(), detail: 'not needed: you changed none of the files it wrote' };
  const reasons: string[] = [];
  let files = new Map<string, string>();
  let found: BaseFound | undefined;
  if (!opts.offline) {
    try {
      const got = await baseFromPackage({ ...opts.request, spec: opts.spec });
      files = got.files;
      found = { files, source: got.source, detail: got.detail };
    } catch (e) {
      if (!(e instanceof BaseUnavailable)) throw e;
      if (opts.spec) throw new UsageError(`--from ${opts.spec}: ${e.message}`);
      reasons.push(e.message);
    }
  }
  const matches = (path: string) => {
    const want = opts.recorded?.get(path);
    const text = files.get(path);
    return text !== undefined && (want === undefined || hashOf(text) === want);
  };
  const missing = needed.filter((p) => !matches(p));
  if (!missing.length && found) return found;
  if (!opts.recorded) {
    // Without recorded hashes git cannot tell which blob was create-pyweb's.
    return {
      files,
      detail: found?.detail ?? 'nothing',
      why: reasons[0] ?? 'the project has no .create-pyweb.sha256 to find its files in git by',
    };
  }
  const wanted = new Map(missing.map((p) => [p, opts.recorded!.get(p)!] as const));
  try {
    const git = await baseFromGit(opts.dir, wanted);
    for (const [p, text] of git.files) files.set(p, text);
    const detail = found ? `${found.detail}, and ${git.detail}` : git.detail;
    return {
      files,
      source: found && git.files.size === 0 ? found.source : git.source,
      detail: reasons.length ? `${git.detail} (the package: ${reasons[0]})` : detail,
      why: needed.every(matches) ? undefined : reasons[0],
    };
  } catch (e) {
    if (!(e instanceof BaseUnavailable)) throw e;
    reasons.push(e.message);
    return {
      files,
      source: found?.source,
      detail: found?.detail ?? 'nothing',
      why: reasons.join('; '),
    };
  }
}

async function applyPlan(
  dir: string,
  files: FilePlan[],
  executable: Set<string>,
  hashFile: string,
  conflicts: string[],
): Promise<void> {
  const changes: FileChange[] = [
    ...files.filter(writes).map((f) => ({
      path: f.path,
      kind: f.before !== undefined && !f.from ? 'update' : 'create',
      after: f.after,
      executable: executable.has(f.path),
    })),
    ...files.filter((f) => f.label === 'removed').map((f) => ({ path: f.path, kind: 'remove' })),
    ...files.filter((f) => f.from && writes(f)).map((f) => ({ path: f.from!, kind: 'remove' })),
    // Last: the record never says a file is this version's before it is.
    {
      path: HASH_FILE,
      kind: existsSync(join(dir, HASH_FILE)) ? 'update' : 'create',
      after: hashFile,
    },
  ];
  const done: string[] = [];
  whenStopped(() =>
    done.length
      ? `${done.length} of ${changes.length} files were updated (${done.join(', ')}); git diff shows them`
      : 'nothing was written',
  );
  await applyChanges(dir, changes, (path) => done.push(path));
  whenStopped(() =>
    conflicts.length
      ? `every file of this update is in place; conflicts to resolve: ${conflicts.join(', ')}`
      : 'every file of this update is in place',
  );
}

/**
 * Files still in conflict: unmerged index entries in git; outside git, a recorded file that still
 * holds update's markers.
 */
async function unresolvedConflicts(dir: string): Promise<string[]> {
  const recorded = await readHashes(dir);
  // Unmerged entries in git; and, in git or not, markers still in a file (added, even committed).
  const out: string[] = await unmergedPaths(dir);
  for (const path of recorded?.keys() ?? []) {
    const text = await readOptional(join(dir, path));
    if (text && /^<<<<<<< yours\r?$/m.test(text) && /^>>>>>>> create-pyweb \S+\r?$/m.test(text))
      if (!out.includes(path)) out.push(path);
  }
  return out.sort();
}

/**
 * The record says this version once the update is done, whatever the merge made of its line
 * (a user who edited the version line by hand keeps everything else of theirs). A file left in
 * conflict is the user's to resolve, its version line included.
 */
function recordVersion(files: FilePlan[], table: string, version: string): void {
  const py = files.find((f) => f.path === 'pyproject.toml' || f.path === RECORD_FILE);
  if (!py || py.label === 'conflict' || py.label === 'deleted by user') return;
  const text = py.after ?? py.before;
  if (text === undefined) return;
  let fixed: string;
  try {
    if (readTable(text, table)?.version === version) return;
    fixed = setTableValues(text, table, { version });
  } catch {
    return;
  }
  py.after = fixed;
  if (py.label === 'kept' || py.label === 'unchanged') py.label = 'merged';
}

/** Whether the update changes the project's dependencies: the lock must follow. */
function dependenciesChanged(files: FilePlan[]): boolean {
  const py = files.find((f) => f.path === 'pyproject.toml');
  if (!py || py.after === undefined || py.before === undefined) return false;
  const deps = (text: string) => {
    try {
      return JSON.stringify([
        readTable(text, 'project')?.dependencies,
        readTable(text, 'dependency-groups'),
      ]);
    } catch {
      return text;
    }
  };
  return deps(py.before) !== deps(py.after);
}

function lockCommand(dir: string): string | undefined {
  return existsSync(join(dir, 'uv.lock')) ? 'uv lock' : undefined;
}

function arrayOf(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

function textOf(content: string | Uint8Array): string {
  return typeof content === 'string' ? content : Buffer.from(content).toString('utf8');
}

/**
 * A project file as the planner compares it: text with LF line ends (`crlf` when they were all
 * CRLF), or `opaque` with why it is not merged. Undefined when there is no file there.
 */
async function readDisk(
  path: string,
): Promise<{ text: string; crlf?: boolean; opaque?: string } | undefined> {
  let bytes: Buffer;
  try {
    if ((await lstat(path)).isSymbolicLink())
      return { text: await readFile(path, 'utf8').catch(() => ''), opaque: 'a symbolic link' };
    bytes = await readFile(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    if (code === 'EISDIR') return { text: '', opaque: 'a folder where a file was' };
    throw e;
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { text: bytes.toString('latin1'), opaque: 'not UTF-8 text' };
  }
  if (text.includes('\r\n') && !/(^|[^\r])\n/.test(text))
    return { text: text.replace(/\r\n/g, '\n'), crlf: true };
  return { text };
}

/**
 * The project folder: the nearest one up from `start` whose pyproject.toml (or
 * .create-pyweb.toml) holds the record, so that update works from any of its subfolders.
 */
async function projectRoot(start: string): Promise<string> {
  for (let dir = start; ; ) {
    for (const file of ['pyproject.toml', RECORD_FILE]) {
      const text = await readOptional(join(dir, file));
      if (text?.includes(`[${RECORD_TABLE}]`)) return dir;
    }
    const up = dirname(dir);
    if (up === dir || existsSync(join(dir, '.git'))) return start;
    dir = up;
  }
}

async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') return undefined;
    throw e;
  }
}
