import type { ParsedArgs } from './args.js';
import { UsageError } from './errors.js';
import { FLAGS, type FlagDef } from './flags.js';
import { createCommand, packageManager } from './shell.js';

/*
 * How the run was started, as far as it changes what the CLI says: whether it may prompt, and
 * whether npm kept options meant for the tool.
 */

/**
 * CI set to anything but empty, `0` or `false` (any case): CI services set CI=true, and a person
 * who writes CI=false or CI=0 means "not CI".
 */
export function ciSet(env: NodeJS.ProcessEnv = process.env): boolean {
  const v = env.CI?.trim().toLowerCase();
  return v !== undefined && v !== '' && v !== '0' && v !== 'false';
}

/** Why the run cannot prompt, said after "needed", or undefined when it can. */
export function noPromptReason(
  ttys: { stdin: boolean; stdout: boolean },
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  if (!ttys.stdin || !ttys.stdout) return 'when not running in a terminal';
  if (ciSet(env)) return `when CI is set (CI=${env.CI}): nothing is asked in CI`;
  return undefined;
}

/**
 * Options npm reads as its own config, whatever their position: an option of the tool with the
 * same name never reaches it, so they are not looked for (`--ci` is npm's `--cidr`, abbreviated).
 */
const NPM_OWN = new Set(['yes', 'dry-run', 'json', 'git', 'help', 'version', 'ci']);

/**
 * The tool's options that npm took for itself: before `--`, `npm create pyweb x --framework flask`
 * hands the tool `x flask` and sets npm_config_framework=true (npm 10 and 11; `--k8s` gives
 * `true`, `--no-docker` gives an empty value, `--framework=flask` gives `flask`). A value that is
 * none of those (a node-gyp `python` path in .npmrc) is npm's own business.
 */
export function keptByNpm(
  args: ParsedArgs,
  env: NodeJS.ProcessEnv = process.env,
  defs: FlagDef[] = FLAGS,
): string[] {
  if (!underNpm(env)) return [];
  const kept: string[] = [];
  for (const def of defs) {
    if (NPM_OWN.has(def.name) || def.name in args.flags) continue;
    const v = env[`npm_config_${def.name.replace(/-/g, '_')}`];
    if (v === undefined) continue;
    if (v === 'true') kept.push(`--${def.name}`);
    else if (v === '' && def.type === 'boolean' && def.negatable) kept.push(`--no-${def.name}`);
    else if (def.type === 'string' && v !== '' && isValue(def, v)) kept.push(`--${def.name}=${v}`);
  }
  return kept;
}

/** Started by npm (`npm create`, `npm exec`, a package script): it sets npm_command. */
function underNpm(env: NodeJS.ProcessEnv): boolean {
  return env.npm_command !== undefined && packageManager(env.npm_config_user_agent ?? '') === 'npm';
}

function isValue(def: FlagDef, v: string): boolean {
  if (!def.values) return true;
  const low = v.toLowerCase();
  return [...def.values, ...Object.keys(def.refused ?? {})].some((x) => x.toLowerCase() === low);
}

/** Positionals after the directory that are values of an option (`flask`, `gunicorn`, `3.12`). */
function strayValues(args: ParsedArgs, defs: FlagDef[]): string[] {
  const values = new Set(defs.flatMap((d) => (d.values ?? []).map((v) => v.toLowerCase())));
  return args.positionals.slice(1).filter((p) => values.has(p.toLowerCase()));
}

/**
 * Refuses a run whose options npm kept: without `--`, the tool would go on with defaults (or
 * take the values for more directories). Under npm only; other package managers pass them on.
 */
export function checkNpmKept(
  args: ParsedArgs,
  env: NodeJS.ProcessEnv = process.env,
  defs: FlagDef[] = FLAGS,
): void {
  const hint = `put -- before them: ${createCommand(['my-app'], ['--framework', 'flask', '--server', 'gunicorn'], 'npm')}`;
  const kept = keptByNpm(args, env, defs);
  if (kept.length)
    throw new UsageError(
      `npm kept ${kept.join(' ')} for itself: with npm create, the options go after --`,
      hint,
    );
  // `-f flask -s gunicorn`: npm reads -f and -s as its --force and --silent, and passes the values on.
  const stray = underNpm(env) ? strayValues(args, defs) : [];
  if (stray.length)
    throw new UsageError(
      `npm kept the options before ${stray.join(', ')} for itself: with npm create, the options go after --`,
      hint,
    );
}
