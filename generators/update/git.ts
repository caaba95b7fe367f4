import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { git, run } from './run.js';

/** Path of dir inside its repository ('' at the root, 'svc/' in a subfolder), or undefined when not in one. */
export async function repoPrefix(dir: string): Promise<string | undefined> {
  const out = await git(dir, ['rev-parse', '--show-prefix']);
  // Only the line end is git's: a prefix may itself end in spaces.
  return out?.replace(/\r?\n$/, '');
}

/** Tracked files with uncommitted changes (staged or not), project-relative; [] outside git. */
export async function dirtyPaths(dir: string): Promise<string[]> {
  const prefix = await repoPrefix(dir);
  if (prefix === undefined) return [];
  // Porcelain paths are relative to the repository's root whatever the cwd; -z leaves them unquoted.
  const out = await git(dir, [
    'status',
    '--porcelain=v1',
    '-z',
    '--untracked-files=no',
    '--no-renames',
    '--',
    '.',
  ]);
  if (out === undefined) return [];
  const paths = new Set<string>();
  const records = out.split('\0');
  for (let i = 0; i < records.length; i++) {
    const rec = records[i];
    if (rec.length < 4) continue;
    const names = [rec.slice(3)];
    // With status.renames forced on by a config git may still pair them: the old path follows.
    if (rec[0] === 'R' || rec[0] === 'C') names.push(records[++i] ?? '');
    for (const name of names)
      if (name.startsWith(prefix) && name.length > prefix.length)
        paths.add(name.slice(prefix.length));
  }
  return [...paths].sort();
}

export interface Conflict {
  path: string;
  base?: string;
  yours: string;
  theirs: string;
  executable?: boolean;
}

async function mustGit(cwd: string, args: string[], input?: string): Promise<string> {
  const r = await run('git', args, { cwd, input });
  if (r.code !== 0) {
    const why = r.stderr.trim().split('\n')[0] || `exit code ${r.code}`;
    throw new Error(`git ${args[0]} failed: ${why}`);
  }
  return r.stdout.toString('utf8');
}

/**
 * Leaves each conflict as unmerged index entries: stage 1 base (omitted when undefined),
 * stage 2 yours, stage 3 theirs (blobs written with hash-object -w), with the file's mode
 * (100755 when executable). The working file (markers) is written by the caller before.
 * That is what a conflicted `git merge` leaves, so `git status`, `git mergetool`, IDE merge
 * editors and `git checkout --ours/--theirs` all see the three versions.
 */
export async function stageConflicts(dir: string, conflicts: Conflict[]): Promise<void> {
  if (!conflicts.length) return;
  const prefix = await repoPrefix(dir);
  if (prefix === undefined) throw new Error(`${dir} is not in a git repository`);
  const top = (await mustGit(dir, ['rev-parse', '--show-toplevel'])).replace(/\r?\n$/, '');
  // One blob per distinct (path, content): hashed with the path's attributes (eol, filters) as
  // `git add` would, so a stage matches what committing the resolved file gives.
  const blobs = new Map<string, Promise<string>>();
  const blob = (path: string, content: string) => {
    const key = `${path}\0${content}`;
    let sha = blobs.get(key);
    if (!sha) {
      sha = mustGit(top, ['hash-object', '-w', '--stdin', `--path=${path}`], content).then((s) =>
        s.trim(),
      );
      blobs.set(key, sha);
    }
    return sha;
  };
  const lines: string[] = [];
  for (const c of conflicts) {
    const path = prefix + c.path;
    const mode = c.executable ? '100755' : '100644';
    const [base, yours, theirs] = await Promise.all([
      c.base === undefined ? undefined : blob(path, c.base),
      blob(path, c.yours),
      blob(path, c.theirs),
    ]);
    // Mode 0 first: it drops the path's stage-0 entry, which may not sit beside higher stages.
    // The null id is as long as the repository's ids (40 with SHA-1, 64 with SHA-256).
    lines.push(`0 ${'0'.repeat(yours.length)}\t${path}`);
    if (base) lines.push(`${mode} ${base} 1\t${path}`);
    lines.push(`${mode} ${yours} 2\t${path}`);
    lines.push(`${mode} ${theirs} 3\t${path}`);
  }
  // -z: a path may hold a newline or a tab. Paths are the root's, so git runs there.
  await mustGit(top, ['update-index', '-z', '--index-info'], `${lines.join('\0')}\0`);
}

/** Paths (project-relative) with unmerged index entries: conflicts nobody resolved yet. */
export async function unmergedPaths(dir: string): Promise<string[]> {
  const prefix = await repoPrefix(dir);
  if (prefix === undefined) return [];
  const out = await git(dir, ['ls-files', '-u', '-z', '--full-name', '--', '.']);
  const paths = new Set<string>();
  for (const rec of (out ?? '').split('\0')) {
    const tab = rec.indexOf('\t');
    if (tab < 0) continue;
    const path = rec.slice(tab + 1);
    if (path.startsWith(prefix)) paths.add(path.slice(prefix.length));
  }
  return [...paths].sort();
}

/** The ref that keeps each version's render of the project, for an offline update's base. */
export const RENDER_REF = 'refs/create-pyweb/base';

/**
 * Keeps `files` (what this version writes for the project, as it writes it) as a commit on
 * RENDER_REF, the one before as its parent. A file that was merged or conflicted never reaches
 * the disk as rendered, so no commit of the user's holds it: without this, the next update could
 * take its base only from the package. The ref is local (git push does not send it), and a
 * temporary index leaves the user's index alone.
 */
export async function keepRender(
  dir: string,
  files: Map<string, string>,
  message: string,
): Promise<void> {
  const prefix = await repoPrefix(dir);
  if (prefix === undefined) return;
  const top = (await mustGit(dir, ['rev-parse', '--show-toplevel'])).replace(/\r?\n$/, '');
  const lines: string[] = [];
  for (const [path, content] of files) {
    const sha = (
      await mustGit(top, ['hash-object', '-w', '--stdin', `--path=${prefix}${path}`], content)
    ).trim();
    lines.push(`100644 ${sha} 0\t${prefix}${path}`);
  }
  const scratch = await mkdtemp(join(tmpdir(), 'create-pyweb-index-'));
  try {
    const env = { ...process.env, GIT_INDEX_FILE: join(scratch, 'index') };
    const indexed = await run('git', ['update-index', '-z', '--index-info'], {
      cwd: top,
      env,
      input: `${lines.join('\0')}\0`,
    });
    if (indexed.code !== 0) throw new Error(`git update-index failed: ${indexed.stderr.trim()}`);
    const tree = await run('git', ['write-tree'], { cwd: top, env });
    if (tree.code !== 0) throw new Error(`git write-tree failed: ${tree.stderr.trim()}`);
    const parent = await git(top, ['rev-parse', '--verify', '--quiet', RENDER_REF]);
    const commit = (
      await mustGit(top, [
        '-c',
        'user.name=create-pyweb',
        '-c',
        'user.email=create-pyweb@localhost',
        'commit-tree',
        tree.stdout.toString('utf8').trim(),
        ...(parent?.trim() ? ['-p', parent.trim()] : []),
        '-m',
        message,
      ])
    ).trim();
    await mustGit(top, ['update-ref', '-m', message, RENDER_REF, commit]);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
