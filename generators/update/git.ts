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
