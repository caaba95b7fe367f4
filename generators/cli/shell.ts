/**
 * What the CLI prints for a person to paste: paths quoted for the shell, and the command of the
 * package manager that ran it (as create-vite does).
 */

/** Words a POSIX shell reads as themselves: no quoting needed. */
const BARE = /^[\w@%+=:,./-]+$/;

/**
 * One argument for a POSIX shell: bare when nothing in it is special, else single-quoted (a
 * single quote inside becomes '\''). An argument that starts with `-` would be read as an
 * option: a path gets `./` in front (with `path: true`).
 */
export function shQuote(word: string, opts: { path?: boolean } = {}): string {
  let w = word;
  if (opts.path && w.startsWith('-')) w = `./${w}`;
  if (w !== '' && BARE.test(w) && !w.startsWith('-')) return w;
  return `'${w.replace(/'/g, `'\\''`)}'`;
}

/** One argument for PowerShell: single-quoted (a quote inside doubled) unless plain. */
export function psQuote(word: string, opts: { path?: boolean } = {}): string {
  let w = word;
  if (opts.path && w.startsWith('-')) w = `.\\${w}`;
  if (w !== '' && /^[\w.\\/:-]+$/.test(w) && !w.startsWith('-')) return w;
  return `'${w.replace(/'/g, "''")}'`;
}

export type PackageManager = 'npm' | 'pnpm' | 'yarn' | 'bun';

/** The package manager that started this run, from `npm_config_user_agent` (npm when unknown). */
export function packageManager(agent = process.env.npm_config_user_agent ?? ''): PackageManager {
  const name = agent.split(' ')[0]?.split('/')[0];
  return name === 'pnpm' || name === 'yarn' || name === 'bun' ? name : 'npm';
}

/**
 * The command that runs create-pyweb with `args`, for the manager in use. npm's `npm create`
 * needs `--` before the tool's options, so for npm the runner is `npx create-pyweb`; the others
 * pass options through: `pnpm create pyweb`, `yarn create pyweb`, `bun create pyweb`.
 */
export function toolCommand(args: string[] = [], pm: PackageManager = packageManager()): string {
  const runner = pm === 'npm' ? 'npx create-pyweb' : `${pm} create pyweb`;
  return [runner, ...args].join(' ');
}

/** How to start the tool fresh (`npm create pyweb@latest`), with the `--` npm needs before options. */
export function createCommand(
  positional: string[],
  options: string[],
  pm: PackageManager = packageManager(),
): string {
  if (pm === 'npm')
    return [
      'npm create pyweb@latest',
      ...positional,
      ...(options.length ? ['--', ...options] : []),
    ].join(' ');
  return [`${pm} create pyweb`, ...positional, ...options].join(' ');
}
