import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { planEdits, type Change } from './plan.js';

const exec = promisify(execFile);

const GITIGNORE = '.gitignore';

/** The lines that keep `.env` out of git, with why: the user reads them in their own file. */
const LINES = [
  '# .env holds secrets (a fresh secret key): added by create-pyweb add so that git never commits it',
  '.env',
];

/** Whether git ignores `path` in `dir`: undefined outside a repository (or without git). */
async function gitIgnores(dir: string, path: string): Promise<boolean | undefined> {
  try {
    await exec('git', ['check-ignore', '-q', path], { cwd: dir });
    return true;
  } catch (e) {
    // 1: not ignored; 128: not a repository; a string code: no git at all.
    return (e as { code?: unknown }).code === 1 ? false : undefined;
  }
}

/** Outside git, the lines that surely ignore `.env`; a pattern that may not is not trusted. */
export function ignoresEnv(text: string): boolean {
  return text.split(/\r?\n/).some((line) => /^\/?(?:\.env\*?|\*\.env)$/.test(line.trim()));
}

export function withEnvIgnored(text: string): string {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const sep = text === '' || text.endsWith('\n') ? '' : eol;
  return `${text}${sep}${LINES.join(eol)}${eol}`;
}

/**
 * `.env`, which `add` is about to write with a secret in it, made ignored by git: the project's
 * .gitignore edited (their lines kept) or made. Nothing where git, or the file, ignores it already.
 */
export async function planEnvIgnored(dir: string, already: Change[]): Promise<Change[]> {
  const git = await gitIgnores(dir, '.env');
  if (git === true) return [];
  const note = 'so that git never commits the secret in .env';
  if (!existsSync(join(dir, GITIGNORE)))
    return [{ path: GITIGNORE, kind: 'create', after: withEnvIgnored(''), note }];
  const edits = await planEdits(
    dir,
    [GITIGNORE],
    (_path, disk) => (git === false || !ignoresEnv(disk) ? withEnvIgnored(disk) : undefined),
    already,
  );
  return edits.map((c) => ({ ...c, note: `edited in place, ${note}` }));
}
