import { existsSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { bold, cyan, dim, green, yellow } from 'kolorist';
import { ADDONS, findServer } from '../catalog/index.js';
import { hashOf } from '../project/hashes.js';
import { gitInit, gitSkipReason, gitView, inRepository } from '../project/git.js';
import { installPlan, lockProject, runInstall } from '../project/install.js';
import { checkOverwrite } from '../project/overwrite-guard.js';
import { projectNames, type ProjectNames } from '../project/names.js';
import { packageTemplates } from '../project/template-files.js';
import { listing, type FileTree, type RenderedFile } from '../project/tree.js';
import { ciWorkflowPath } from '../project/context.js';
import { dockerBuildArgs } from '../project/shape.js';
import {
  addons,
  buildStack,
  checkGiven,
  frameworkForServer,
  type DeployOptions,
  type Stack,
} from '../project/stack.js';
import { inspectTarget, removals, writeProject } from '../project/write.js';
import { newProjectTree } from '../web/new-project.js';
import { developSteps, developTarget, stepLine, type Shell } from '../serve/develop.js';
import { productionStepLine, productionSteps } from '../serve/production.js';
import type { ParsedArgs } from './args.js';
import { ask, confirmOverwrite, confirmRemoval, reason, type Answers } from './ask.js';
import { CancelledError, UsageError } from './errors.js';
import { oneShotOptions } from './one-shot.js';
import { packageManager, psQuote, shQuote, toolCommand, type PackageManager } from './shell.js';
import { whenStopped } from './signals.js';
import { termWidth, wrap, wrapCommand } from './text.js';

export interface Io {
  log: (line: string) => void;
  interactive: boolean;
  /** Why it cannot prompt ("when not running in a terminal"), when it cannot. */
  noPrompt?: string;
  cwd: string;
}

function fromFlags(args: ParsedArgs): Answers {
  const { flags, positionals } = args;
  if (positionals.length > 1)
    throw new UsageError(
      `expected one directory, got ${positionals.join(' ')}`,
      'quote a name with spaces',
    );
  const bool = (k: string) => (typeof flags[k] === 'boolean' ? (flags[k] as boolean) : undefined);
  const deploy: Answers['deploy'] = {};
  for (const a of ADDONS) if (bool(a.id) !== undefined) deploy[a.id] = bool(a.id);
  return {
    dir: positionals[0],
    framework: flags.framework as string | undefined,
    server: flags.server as string | undefined,
    deploy,
    python: flags.python as string | undefined,
    git: bool('git'),
    install: bool('install'),
  };
}

/** Add-ons the flags turned on. */
function askedOn(a: Answers): string[] {
  return ADDONS.filter((x) => a.deploy[x.id] === true).map((x) => x.id);
}

/** The non-interactive command that repeats this run, for the package manager in use. */
export function oneShot(
  stack: Stack,
  dirArg: string,
  opts: { git: boolean; install?: boolean },
  pm: PackageManager = packageManager(),
): string {
  return toolCommand([shQuote(dirArg, { path: true }), ...oneShotOptions(stack, opts)], pm);
}

function formatSize(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} kB`;
}

/** The files as an indented tree with sizes: what --dry-run prints. */
export function fileTree(files: RenderedFile[]): string[] {
  const lines: string[] = [];
  const seen = new Set<string>();
  for (const f of files) {
    const parts = f.path.split('/');
    for (let i = 0; i < parts.length - 1; i++) {
      const dir = parts.slice(0, i + 1).join('/');
      if (!seen.has(dir)) {
        seen.add(dir);
        lines.push(`${'  '.repeat(i)}${parts[i]}/`);
      }
    }
    const name = `${'  '.repeat(parts.length - 1)}${parts.at(-1)}`;
    lines.push(`${name.padEnd(44)} ${formatSize(f.bytes).padStart(9)}`);
  }
  const total = files.reduce((n, f) => n + f.bytes, 0);
  lines.push(`${files.length} files, ${formatSize(total)}`);
  return lines;
}

/** How the target was named to the user: as typed when absolute, else relative to the current folder. */
function display(cwd: string, target: string, dirArg: string): string {
  if (isAbsolute(dirArg)) return target;
  return relative(cwd, target) || '.';
}

/** The entries --overwrite removes, one line each, with what git could not give back. */
async function removalLines(dir: string): Promise<{ lines: string[]; count: number }> {
  const items = removals(dir);
  const git = await gitView(dir);
  const lines = items.map((r) => {
    const bits: string[] = [];
    if (r.dir) bits.push(`${r.files} file${r.files === 1 ? '' : 's'}`);
    if (git.repo) {
      if (git.ignored.has(r.name)) bits.push('ignored by git: in no commit');
      else if (git.untracked.has(r.name)) bits.push('not tracked by git: in no commit');
      else if (git.uncommitted.has(r.name)) bits.push('has changes not committed');
    }
    return `  ${`${r.name}${r.dir ? '/' : ''}`.padEnd(24)} ${bits.join('; ')}`.trimEnd();
  });
  if (!git.repo) lines.push(dim('  (not in a git repository: nothing of this can be restored)'));
  return { lines, count: items.length };
}

interface Target {
  names: ProjectNames;
  shown: string;
  overwrite: boolean;
  /** --dry-run on a folder that is not empty, without --overwrite: refused after the listing. */
  refusal?: boolean;
}

const NOT_EMPTY_HINT = 'pass --overwrite to replace its contents (.git is kept)';

export async function create(args: ParsedArgs, io: Io): Promise<number> {
  const { flags } = args;
  const given = fromFlags(args);
  const interactive = io.interactive && !flags.yes;
  const dryRun = Boolean(flags['dry-run']);
  checkGiven(given);

  /** Name and target: a bad name or a file in the way is refused; a full folder is listed, then asked about. */
  const settle = async (dirArg: string, canRename: boolean): Promise<Target | 'again'> => {
    const names = projectNames(dirArg, io.cwd);
    const shown = display(io.cwd, names.dir, dirArg);
    const state = inspectTarget(names.dir, shown, io.cwd);
    if (names.note) io.log(dim(names.note));
    const t: Target = { names, shown, overwrite: false };
    if (state.kind !== 'busy') return t;
    if (dryRun && !flags.overwrite) return { ...t, refusal: true };
    if (!flags.overwrite && !interactive)
      throw new UsageError(`${shown} is not empty`, NOT_EMPTY_HINT);
    // Before the listing, which would count every file of a home folder.
    try {
      checkOverwrite(names.dir, shown, { cwd: io.cwd });
    } catch (e) {
      if (flags.overwrite || !canRename) throw e;
      io.log(yellow(`! ${reason(e)}`));
      return 'again';
    }
    const { lines, count } = await removalLines(names.dir);
    if (flags.overwrite) {
      io.log(
        `${dryRun ? 'A real run with --overwrite would remove' : '--overwrite removes'} from ${shown} (.git is kept):`,
      );
      for (const l of lines) io.log(l);
      if (interactive && !dryRun && !(await confirmRemoval(count, shown)))
        throw new CancelledError();
      return { ...t, overwrite: true };
    }
    io.log(`${shown} holds:`);
    for (const l of lines) io.log(l);
    const choice = await confirmOverwrite(shown, canRename);
    if (choice === 'cancel') throw new CancelledError();
    if (choice === 'rename') return 'again';
    return { ...t, overwrite: true };
  };

  let target: Target | undefined;
  /** What a stop after the files are in place leaves unfinished (git, .venv). */
  let unfinished = '';
  if (given.dir) target = (await settle(given.dir, false)) as Target;
  let answers = given;
  if (interactive) {
    answers = await ask(given, {
      validateName: (v) => {
        if (/[\\/]/.test(v)) return 'a name, not a path: no slashes';
        try {
          inspectTarget(projectNames(v, io.cwd).dir, v, io.cwd);
          return true;
        } catch (e) {
          return reason(e);
        }
      },
      afterName: async (name) => {
        const t = await settle(name, true);
        if (t === 'again') return 'again';
        target = t;
        return 'ok';
      },
      askedOn: askedOn(given),
    });
  } else if (!answers.dir) {
    throw new UsageError(
      io.interactive
        ? 'a project directory is needed with --yes'
        : `a project directory is needed ${io.noPrompt ?? 'when not running in a terminal'}`,
      'e.g. create-pyweb my-app --yes',
    );
  }
  const givenServer =
    !interactive && !answers.framework ? findServer(answers.server ?? '') : undefined;
  const fitting = givenServer && frameworkForServer(givenServer.id);
  if (fitting) answers = { ...answers, framework: fitting.id };
  const deploy: Partial<DeployOptions> = { ...answers.deploy } as Partial<DeployOptions>;
  if (answers.python) deploy.python = answers.python;
  const stack = buildStack(answers.dir!, answers.framework, answers.server, deploy, io.cwd);
  const { shown } = target!;
  // Said once everything is known to be possible: never before a refusal.
  if (fitting)
    io.log(
      dim(`no --framework given: using ${fitting.id}, the first that fits ${givenServer!.id}`),
    );
  else if (!interactive && !answers.framework)
    io.log(dim(`no --framework given: using ${stack.framework.id}`));
  if (!interactive && !answers.server)
    io.log(
      dim(`no --server given: using ${stack.server.id}, recommended for ${stack.framework.id}`),
    );

  // The whole project in memory first: the dry run lists it, the writer puts it down at once.
  const tree = await projectTree(stack);
  const files = listing(tree);
  if (dryRun) {
    io.log(bold(`Would write ${stack.names.dir}:`));
    for (const line of fileTree(files)) io.log(`  ${line}`);
    io.log(dim('dry run: nothing was written'));
    // The real run's refusal, so that a script's dry run predicts it.
    if (target!.refusal) throw new UsageError(`${shown} is not empty`, NOT_EMPTY_HINT);
    return 0;
  }
  const placedNote = () => `the project is in ${shown}${unfinished}`;
  // A new folder appears by one rename, which can land before the code after it runs: a stop in
  // that moment asks the disk rather than a flag set too late.
  if (!existsSync(stack.names.dir))
    whenStopped(() => (existsSync(stack.names.dir) ? placedNote() : undefined));
  try {
    await writeProject(tree, stack.names.dir, {
      overwrite: target!.overwrite,
      staged: () => pause('staged'),
      moved: () => pause('moved'),
      // From here on the project is on disk: a stop says so, and what is unfinished.
      placed: () => whenStopped(placedNote),
    });
  } catch (e) {
    throw writeError(e, shown);
  }
  io.log(
    green(
      `✔ ${stack.framework.label} on ${stack.server.label}: ${files.length} files written to ${shown}`,
    ),
  );
  await pause('written');

  const spin = interactive && Boolean(process.stderr.isTTY);
  // Wrapped at spaces: the lines name uv's cache folder, which a terminal would break mid-path.
  const progress = (line: string) => io.log(wrap(line, termWidth(), 2));
  const lock = await lockProject(stack.names.dir, stack.deploy.python, progress, spin);
  const install = answers.install ?? false;
  // uv on PATH failed to lock: `uv sync` would fail the same way, so the install is not tried
  // and the cause is said once, as the run's error.
  const lockStopsInstall = Boolean(lock.failure && install && lock.uv && !lock.uv.from);
  // The project is whole without the lock; the next steps say how to make and commit it.
  if (lock.failure && !lockStopsInstall) io.log(yellow(`! ${lock.failure}`));
  const git = answers.git ?? true;
  let madeRepo = false;
  if (git) {
    const skip = await gitSkipReason(stack.names.dir);
    if (skip) io.log(dim(`git init skipped: ${skip}`));
    else {
      unfinished = `, but git init did not finish: remove ${shQuote(join(shown, '.git'), { path: true })} and run git init there again`;
      io.log(green(`✔ ${await gitInit(stack.names.dir)}`));
      unfinished = '';
      madeRepo = true;
    }
  }
  let installed = false;
  let installFailed: Error | undefined;
  if (lockStopsInstall) installFailed = new Error(lock.failure);
  else if (install) {
    try {
      const plan = await installPlan(stack.names.dir, stack.deploy.python);
      unfinished = `, but .venv is incomplete: remove it, or make it again in ${shQuote(shown, { path: true })}: rm -rf .venv && ${plan.map((s) => s.line).join(' && ')}`;
      await runInstall(stack.names.dir, plan, progress, spin);
      unfinished = '';
      installed = true;
    } catch (e) {
      installFailed = e as Error;
    }
  }
  whenStopped(undefined);
  const locked = existsSync(join(stack.names.dir, 'uv.lock'));
  const repo = madeRepo || (await inRepository(stack.names.dir));
  // uv not on PATH but found or fetched: the steps run that one.
  const uv = lock.uv?.from ? lock.uv.run : undefined;
  report(stack, answers.dir!, io, { installed, locked, git, repo, madeRepo, install, uv });
  if (installFailed) {
    throw new UsageError(
      `the project is in place, but ${installFailed.message}`,
      'fix the cause, then run the install step above by hand',
    );
  }
  return 0;
}

/**
 * A new project's files: the rendered templates, .env with a fresh secret where .env.example
 * asks for one, and the hash file recording them, added last.
 */
export async function projectTree(stack: Stack): Promise<FileTree> {
  // The page (generators/web/) makes its download with the same function.
  const tree = await newProjectTree(stack, packageTemplates, hashOf);
  // Fault injection for the tests that prove a failed render leaves the target untouched.
  if (process.env.CREATE_PYWEB_INJECT_FAULT === 'render')
    throw new Error('injected fault after rendering');
  return tree;
}

/** A failure to write the project, in one line: the checks before can be overtaken (a full disk, a race). */
function writeError(e: unknown, shown: string): unknown {
  const code = (e as NodeJS.ErrnoException)?.code;
  const why: Record<string, string> = {
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    EROFS: 'read-only file system',
    ENOSPC: 'no space left on the device',
    ENOTDIR: 'a file is in the way',
    EEXIST: 'something appeared there meanwhile',
    EDQUOT: 'disk quota exceeded',
  };
  return code && why[code] ? new UsageError(`cannot write to ${shown}: ${why[code]}`) : e;
}

/**
 * Test hook: with CREATE_PYWEB_INJECT_FAULT=pause:<point>, the run stops at that point (and says
 * so on stderr) until a signal ends it: the tests that prove every signal cleans up use it.
 */
async function pause(point: string): Promise<void> {
  if (process.env.CREATE_PYWEB_INJECT_FAULT !== `pause:${point}`) return;
  process.stderr.write(`paused at ${point}\n`);
  await new Promise(() => setInterval(() => {}, 1 << 30));
}

/** Each carried add-on's next step, from the add-on table; `git`: the project is in a repository. */
export function addonSteps(stack: Stack, git = true): { cmd: string; what: string }[] {
  const on = new Set(addons(stack));
  const p = {
    name: stack.names.dist,
    compose: on.has('compose'),
    nginx: on.has('nginx'),
    health: stack.shape.health,
    git,
    build: dockerBuildArgs(stack.shape),
    workflow: ciWorkflowPath(stack.shape.repoSubdir ?? ''),
    postgres: on.has('postgres'),
  };
  return ADDONS.filter((a) => on.has(a.id)).flatMap((a) => a.next?.(p) ?? []);
}

export interface NextStep {
  cmd: string;
  what: string;
}

/**
 * What to do next, in the user's shell: `cd` (quoted), the venv, the tests, the development steps
 * (the serve spec's, shared with the README), production, and each add-on's step.
 */
export function nextSteps(
  stack: Stack,
  opts: {
    rel: string;
    installed: boolean;
    locked?: boolean;
    shell: Shell;
    /** The project is in a git repository (default): else no step runs git. */
    git?: boolean;
    /** The run made the first commit, without uv.lock. */
    committedUnlocked?: boolean;
    /** How to run the uv this run used, when it is not on PATH (`~/.cache/…/bin/uv`). */
    uv?: string;
  },
): NextStep[] {
  const ps = opts.shell === 'powershell';
  const steps: NextStep[] = [];
  if (opts.rel !== '.')
    steps.push({
      cmd: `cd ${ps ? psQuote(opts.rel, { path: true }) : shQuote(opts.rel, { path: true })}`,
      what: 'go to the project',
    });
  const lock = addons(stack).includes('docker') ? 'uv.lock, which the image installs' : 'uv.lock';
  if (!opts.installed) {
    const venv = '.venv with the project, its server and its dev tools';
    // With uv.lock already made, uv sync only reads it: the step says what it makes.
    const makes = opts.locked ? `${venv}, as uv.lock pins them` : `${lock}, and ${venv}`;
    const noUv = opts.uv
      ? 'uv is not on PATH: this is the one create-pyweb used; pipx install uv puts one there, or see the README'
      : 'no uv: see the README';
    steps.push({ cmd: `${opts.uv ?? 'uv'} sync`, what: `${makes} (${noUv})` });
  }

  steps.push({
    cmd: ps ? '.venv\\Scripts\\Activate.ps1' : '. .venv/bin/activate',
    what: 'use it in this shell',
  });
  // pip installed it: the image still needs the lock.
  if (opts.installed && !opts.locked)
    steps.push({
      cmd: ps ? 'pip install uv; uv lock' : 'pip install uv && uv lock',
      what: `${lock} (uv was not on PATH)`,
    });
  // Before any push: CI and the image install with `uv sync --locked`, which fails without it.
  const lockedInstalls = addons(stack)
    .map((a) => ({ ci: 'CI', docker: 'the image build' })[a as 'ci' | 'docker'])
    .filter(Boolean);
  if (opts.committedUnlocked)
    steps.push({
      cmd: 'git add uv.lock && git commit -m "Lock the dependencies"',
      what: `the first commit has no uv.lock${lockedInstalls.length ? `, and ${lockedInstalls.join(' and ')} install with --locked: without it they fail` : ''}`,
    });
  // The database the tests need comes before them; the rest of the development steps after.
  const develop = developTarget(stack);
  for (const s of develop.database ?? [])
    steps.push({ cmd: stepLine(s, opts.shell), what: s.what });
  steps.push({ cmd: 'pytest', what: 'run its tests' });
  for (const s of developSteps({ ...develop, database: [] }))
    steps.push({ cmd: stepLine(s, opts.shell), what: s.what });
  // The README's "Run in production" steps: .env, collectstatic and migrate before the server.
  for (const s of productionSteps(stack))
    steps.push({
      cmd: productionStepLine(s, opts.shell),
      what: ps ? s.what.replace('exactly as', 'as') : s.what,
    });
  // postgres's `docker compose up -d db` is already among the development steps.
  const said = new Set(steps.map((s) => s.cmd));
  steps.push(...addonSteps(stack, opts.git ?? true).filter((s) => !said.has(s.cmd)));
  return steps;
}

function report(
  stack: Stack,
  dirArg: string,
  io: Io,
  opts: {
    installed: boolean;
    locked: boolean;
    git: boolean;
    repo: boolean;
    madeRepo: boolean;
    install: boolean;
    uv?: string;
  },
): void {
  const rel = display(io.cwd, stack.names.dir, dirArg);
  const shell: Shell = process.platform === 'win32' ? 'powershell' : 'sh';
  io.log('');
  io.log(bold(shell === 'powershell' ? 'Next steps (PowerShell):' : 'Next steps:'));
  // Wrapped here, at spaces: a terminal wraps a long line mid-word.
  const width = termWidth();
  const command = (cmd: string, paint: (s: string) => string) =>
    wrapCommand(cmd, width - 2, 2, shell).map((l) => `  ${paint(l)}`);
  for (const s of nextSteps(stack, {
    rel,
    installed: opts.installed,
    locked: opts.locked,
    shell,
    git: opts.repo,
    committedUnlocked: opts.madeRepo && !opts.locked,
    uv: opts.uv,
  })) {
    for (const l of command(s.cmd, cyan)) io.log(l);
    for (const l of wrap(s.what, width - 6).split('\n')) io.log(`      ${dim(l)}`);
  }
  io.log('');
  io.log(dim('Repeat this run without questions:'));
  for (const l of command(oneShot(stack, dirArg, { git: opts.git, install: opts.install }), yellow))
    io.log(l);
}
