import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CACHE, ROOT } from './paths.js';
import { must, run } from './run.js';

/** Stop 24's landed main: version 0.1.0, with the hash record and `--list --json` add-ons. */
export const OLD_COMMIT = '994630b';
export const OLD_VERSION = '0.1.0';

const git = (args: string[], cwd = ROOT) => run('git', args, { cwd, timeoutMs: 300_000 });

/** The full hash of a commit, fetching the whole history once when this clone is shallow. */
async function resolveCommit(commit: string): Promise<string> {
  const found = await git(['rev-parse', '--verify', '--quiet', `${commit}^{commit}`]);
  if (found.code === 0) return found.stdout.trim();
  // CI checkouts are often shallow (actions/checkout fetch-depth 1): the old version is history.
  const shallow = (await git(['rev-parse', '--is-shallow-repository'])).stdout.trim() === 'true';
  if (shallow) {
    must(await git(['fetch', '--unshallow', '--quiet']), 'git fetch --unshallow');
    const again = await git(['rev-parse', '--verify', '--quiet', `${commit}^{commit}`]);
    if (again.code === 0) return again.stdout.trim();
  }
  throw new Error(
    `commit ${commit} (create-pyweb ${OLD_VERSION}) is not in ${ROOT}'s history${shallow ? ' even after git fetch --unshallow' : ''}: the update test needs it (clone with full history)`,
  );
}

/**
 * The package as npm would publish it at an earlier commit of this repository: a tarball under
 * .cache/update, built once (a git worktree of that commit, this checkout's node_modules, `npm
 * pack`) and reused after.
 */
export async function oldPackage(commit = OLD_COMMIT): Promise<string> {
  const out = join(CACHE, 'update');
  const tgz = join(out, `create-pyweb-${commit}.tgz`);
  if (existsSync(tgz)) return tgz;
  const full = await resolveCommit(commit);
  await mkdir(out, { recursive: true });
  const work = await mkdtemp(join(tmpdir(), 'pyweb-old-'));
  const tree = join(work, 'tree');
  const t0 = Date.now();
  must(await git(['worktree', 'add', '--detach', tree, full]), `git worktree add ${commit}`);
  try {
    // The build needs the devDependencies only. Linking ours is right when each of the old
    // commit's is ours at the same range: one added since (a browser driver) builds nothing.
    const devDependencies = (dir: string) =>
      (
        JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
          devDependencies: Record<string, string>;
        }
      ).devDependencies;
    const ours = devDependencies(ROOT);
    const differ = Object.entries(devDependencies(tree)).filter(
      ([name, range]) => ours[name] !== range,
    );
    if (differ.length)
      throw new Error(
        `${commit}'s devDependencies ${differ.map(([n, r]) => `${n}@${r}`).join(', ')} are not this checkout's (${differ.map(([n]) => `${n}@${ours[n] ?? 'none'}`).join(', ')}): linking node_modules would build it with other tools`,
      );
    await symlink(join(ROOT, 'node_modules'), join(tree, 'node_modules'), 'dir');
    must(
      await run('npm', ['run', 'build'], { cwd: tree, timeoutMs: 600_000 }),
      `npm run build at ${commit}`,
    );
    // prepack writes the published package.json (no prepare script); dist/ is packed as built.
    const packed = must(
      await run('npm', ['pack', '--json', '--pack-destination', work], {
        cwd: tree,
        env: { ...process.env, CREATE_PYWEB_PREBUILT: '1' },
        timeoutMs: 300_000,
      }),
      `npm pack at ${commit}`,
    );
    const [{ filename }] = JSON.parse(packed.stdout) as {
      filename: string;
    }[];
    // Written whole or not at all: a test that stops mid-pack leaves no half tarball to reuse.
    await rename(join(work, filename), tgz);
    if (process.env.PYWEB_TIMINGS)
      process.stderr.write(`old package ${commit} built in ${(Date.now() - t0) / 1000}s\n`);
  } finally {
    await git(['worktree', 'remove', '--force', tree]);
    await rm(work, { recursive: true, force: true });
  }
  return tgz;
}
