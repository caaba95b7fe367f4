import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { changesDependencies, planAdd } from '../add/command.js';
import { planRecord, type Change } from '../add/plan.js';
import { checkResolves } from '../add/resolve.js';
import { findAddon } from '../catalog/index.js';
import { UsageError } from '../cli/errors.js';
import { whenStopped } from '../cli/signals.js';
import { hashOf, readHashes, recordable } from '../project/hashes.js';
import { applyChanges } from '../project/write.js';
import { VERSION } from '../version.js';
import { BaseUnavailable, baseFromGit } from './base.js';
import { keepRender, stageConflicts } from './git.js';
import { type MergeLabels, mergeText } from './merge.js';
import type { FilePlan, Label } from './plan.js';
import { printPlan, type UpdateIo } from './report.js';

/**
 * `update` in a project create-pyweb did not make but added to (`project = "detected"`): its files
 * depend on what `add` found there (the app, the glue package, the user's own Dockerfile or
 * compose file), so they are not rendered again from the record but planned by `add` itself, as
 * a rerun of every recorded add-on (planAdd's update mode). A file the user changed that `add`
 * would skip is merged three ways, its base the blob in git whose sha256 the record has: the
 * package of the recorded version cannot know what `add` wrote into someone else's project.
 */
export async function updateFound(
  io: UpdateIo,
  opts: {
    dir: string;
    from: string;
    record: Record<string, unknown>;
    json: boolean;
    dryRun: boolean;
    /** The project's folder inside its git repository; undefined outside one. */
    prefix?: string;
  },
): Promise<number> {
  const { dir, from, record } = opts;
  const ids = Array.isArray(record.addons)
    ? record.addons.filter((x): x is string => typeof x === 'string')
    : [];
  const unknown = ids.filter((id) => !findAddon(id));
  if (unknown.length)
    throw new UsageError(
      `the record names ${unknown.join(', ')}, which create-pyweb ${VERSION} has no add-on for`,
      'remove it from addons in the record (and its files, if you no longer want them), then run update again',
    );
  const server = typeof record.server === 'string' ? record.server : undefined;
  if (!ids.length && !server)
    throw new UsageError(
      'the record names no add-on and no server: there is nothing of create-pyweb to update',
    );

  // What the detection says is add's to print: here only the plan is.
  const quiet = { log: () => {}, interactive: false, cwd: dir };
  const plan = await planAdd(
    dir,
    { ids, server: ids.length ? undefined : server },
    { yes: true, ...(opts.dryRun ? { 'dry-run': true } : {}) },
    quiet,
    true,
  );
  const { found, changes } = plan;
  const recorded = await readHashes(dir);
  const labels: MergeLabels = {
    yours: 'yours',
    base: `create-pyweb ${from}`,
    theirs: `create-pyweb ${VERSION}`,
  };

  // Files create-pyweb wrote and the user changed since: merged where git has the base.
  const skipped = changes.filter(
    (c) => c.kind === 'skip' && recorded?.has(c.path) && plan.afterFiles.has(c.path),
  );
  const wanted = new Map(skipped.map((c) => [c.path, recorded!.get(c.path)!] as const));
  let bases = new Map<string, string>();
  let why = 'not in git history';
  let detail: string | undefined;
  if (wanted.size) {
    try {
      const got = await baseFromGit(dir, wanted);
      bases = got.files;
      detail = got.detail;
    } catch (e) {
      if (!(e instanceof BaseUnavailable)) throw e;
      why = e.message;
      detail = `none: ${e.message}`;
    }
  }
  const merged = new Map<Change, { base: string; theirs: string; conflicts: number }>();
  for (const c of skipped) {
    const base = bases.get(c.path);
    const theirs = plan.afterFiles.get(c.path)!;
    if (base === undefined) {
      c.note = `yours: no base: ${why}, so it cannot be merged; --force on the same add replaces it`;
      continue;
    }
    if (base === theirs) {
      c.note = `yours: create-pyweb ${VERSION} writes it as ${from} did`;
      continue;
    }
    const yours = await readFile(join(dir, c.path), 'utf8');
    const m = mergeText(base, yours, theirs, labels);
    Object.assign(c, {
      kind: 'update',
      before: yours,
      after: m.text,
      note: undefined,
      // The record keeps what create-pyweb writes, so that the user's part stays theirs.
      hash: hashOf(theirs),
    });
    merged.set(c, { base, theirs, conflicts: m.conflicts });
  }
  const hashFile = await planRecord(dir, recorded, changes);

  const files: FilePlan[] = changes.map((c) => {
    const m = merged.get(c);
    const label: Label = m ? (m.conflicts ? 'conflict' : 'merged') : LABEL[c.kind];
    const f: FilePlan = { path: c.path, label, before: c.before, after: c.after };
    if (c.kind === 'remove') f.after = undefined;
    if (c.note) f.note = c.note;
    if (m?.conflicts) Object.assign(f, { base: m.base, theirs: m.theirs, conflicts: m.conflicts });
    return f;
  });
  const conflicts = files.filter((f) => f.label === 'conflict');
  const deps = changes.find(
    (c) => c.path === found.depFile && (c.kind === 'update' || c.kind === 'create'),
  );
  const depsChanged = deps !== undefined && (deps.kind === 'create' || changesDependencies(deps));
  const lock = depsChanged ? lockCommand(dir, found.shape.workspace?.root) : undefined;
  const outcome = {
    from,
    to: VERSION,
    base: detail ? { source: 'git', detail } : undefined,
    lock,
    dryRun: opts.dryRun,
  };
  if (opts.dryRun) {
    printPlan(io, opts.json, files, { ...outcome, written: false });
    return 0;
  }

  // add's rule: what it leaves must install together, checked before anything is written.
  if (deps && depsChanged) {
    const r = await checkResolves(
      dir,
      found.depFile,
      deps.after!,
      String(plan.after.deploy.python),
    );
    if (r.kind === 'conflict')
      throw new UsageError(
        `the dependencies in ${found.depFile} would not install together: ${r.why}`,
        'raise or drop the pin named, then run update again; nothing was written',
      );
  }
  const writes = changes.filter(
    (c) =>
      c.kind === 'create' || c.kind === 'remove' || (c.kind === 'update' && c.after !== c.before),
  );
  // Last: the record never says a file is this version's before it is.
  if (hashFile) writes.push(hashFile);
  // The files as this version writes them, for the next offline update's base (git.ts).
  if (opts.prefix !== undefined)
    await keepRender(
      dir,
      new Map([...plan.afterFiles].filter(([path]) => recordable(path) && !path.startsWith('../'))),
      `create-pyweb ${VERSION}: the files as add writes them for this project`,
    );
  await apply(dir, writes);
  if (opts.prefix !== undefined && conflicts.length)
    await stageConflicts(
      dir,
      conflicts.map((c) => ({ path: c.path, base: c.base, yours: c.before!, theirs: c.theirs! })),
    );
  printPlan(io, opts.json, files, { ...outcome, written: true, git: opts.prefix !== undefined });
  return conflicts.length ? 1 : 0;
}

/** add's kinds as update's labels; a merge is labelled where it is made. */
const LABEL: Record<Change['kind'], Label> = {
  create: 'added',
  update: 'updated',
  same: 'unchanged',
  skip: 'kept',
  deleted: 'deleted by user',
  keep: 'kept',
  remove: 'removed',
};

async function apply(dir: string, writes: Change[]): Promise<void> {
  const done: string[] = [];
  whenStopped(() =>
    done.length
      ? `${done.length} of ${writes.length} files were updated (${done.join(', ')}); git diff shows them`
      : 'nothing was written',
  );
  await applyChanges(dir, writes, (path) => done.push(path));
  whenStopped(() => 'every file of this update is in place');
}

/** The lock the project keeps, whose command must follow a change of its dependencies. */
function lockCommand(dir: string, workspaceRoot = ''): string | undefined {
  if (existsSync(join(dir, workspaceRoot, 'uv.lock'))) return 'uv lock';
  if (existsSync(join(dir, 'pdm.lock'))) return 'pdm lock';
  if (existsSync(join(dir, 'poetry.lock'))) return 'poetry lock';
  return undefined;
}
