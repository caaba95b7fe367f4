import { isAbsolute, relative } from 'node:path';
import { bold, cyan, dim, green, yellow } from 'kolorist';
import { ADDONS, DEFAULTS } from '../catalog/index.js';
import { templateContext } from '../project/context.js';
import { gitInit, gitSkipReason } from '../project/git.js';
import { installPlan, runInstall } from '../project/install.js';
import { layersFor } from '../project/layers.js';
import { renderLayers, type RenderedFile } from '../project/render.js';
import { addons, buildStack, type DeployOptions, type Stack } from '../project/stack.js';
import { commitStaging, dropStaging, existingEntries, makeStaging } from '../project/write.js';
import { ask, confirmOverwrite, type Answers } from './ask.js';
import { CancelledError, UsageError } from './errors.js';
import type { ParsedArgs } from './args.js';

export interface Io {
  log: (line: string) => void;
  interactive: boolean;
  cwd: string;
}

function fromFlags(args: ParsedArgs): Answers {
  const { flags, positionals } = args;
  if (positionals.length > 1) throw new UsageError(`expected one directory, got ${positionals.join(' ')}`);
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

/** The non-interactive command that repeats this run. */
export function oneShot(stack: Stack, dirArg: string, git: boolean): string {
  const d = stack.deploy;
  const quoted = /^[\w@%+=:,./-]+$/.test(dirArg) ? dirArg : `'${dirArg.replace(/'/g, `'\\''`)}'`;
  const parts = ['npx create-pyweb', quoted, '--framework', stack.framework.id, '--server', stack.server.id];
  for (const a of ADDONS) {
    // A flag that does not fit the server (--apache outside mod_wsgi) is refused, so not repeated.
    if (!a.unfit?.(stack.server)) parts.push(d[a.id] === true ? `--${a.id}` : `--no-${a.id}`);
  }
  if (d.python !== DEFAULTS.python) parts.push('--python', d.python);
  if (!git) parts.push('--no-git');
  parts.push('--yes');
  return parts.join(' ');
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

export async function create(args: ParsedArgs, io: Io): Promise<number> {
  const { flags } = args;
  let answers = fromFlags(args);
  const interactive = io.interactive && !flags.yes;
  if (interactive) {
    answers = await ask(answers);
  } else {
    if (!answers.dir) throw new UsageError('a project directory is needed when not running in a terminal', 'e.g. create-pyweb my-app --yes');
    if (!answers.framework) io.log(dim(`no --framework given: using ${DEFAULTS.framework}`));
  }
  const deploy: Partial<DeployOptions> = { ...answers.deploy } as Partial<DeployOptions>;
  if (answers.python) deploy.python = answers.python;
  const stack = buildStack(answers.dir!, answers.framework, answers.server, deploy, io.cwd);
  if (!interactive && !answers.server) io.log(dim(`no --server given: using ${stack.server.id}, recommended for ${stack.framework.id}`));

  const target = stack.names.dir;
  let overwrite = Boolean(flags.overwrite);
  if (!flags['dry-run'] && (await existingEntries(target)).length && !overwrite) {
    if (!interactive) throw new UsageError(`${target} is not empty`, 'pass --overwrite to replace its contents (.git is kept)');
    if (!(await confirmOverwrite(target))) throw new CancelledError();
    overwrite = true;
  }

  const staging = await makeStaging();
  let files: RenderedFile[];
  try {
    files = await renderLayers(layersFor(stack), staging, templateContext(stack));
    if (flags['dry-run']) {
      io.log(bold(`Would write ${target}:`));
      for (const line of fileTree(files)) io.log(`  ${line}`);
      io.log(dim('dry run: nothing was written'));
      return 0;
    }
    await commitStaging(staging, target, overwrite);
  } finally {
    await dropStaging(staging);
  }
  io.log(green(`✔ ${stack.framework.label} on ${stack.server.label}: ${files.length} files written to ${display(io.cwd, target, answers.dir!)}`));

  const git = answers.git ?? true;
  if (git) {
    const skip = await gitSkipReason(target);
    io.log(skip ? dim(`git init skipped: ${skip}`) : green(`✔ ${await gitInit(target)}`));
  }
  let installed = false;
  let installFailed: Error | undefined;
  if (answers.install ?? false) {
    try {
      await runInstall(target, await installPlan(target), io.log, interactive && Boolean(process.stderr.isTTY));
      installed = true;
    } catch (e) {
      installFailed = e as Error;
    }
  }
  report(stack, answers.dir!, io, installed, git);
  if (installFailed) {
    throw new UsageError(`the project is in place, but ${installFailed.message}`, 'fix the cause, then run the install step above by hand');
  }
  return 0;
}

/** Each carried add-on's next step, from the add-on table. */
export function addonSteps(stack: Stack): { cmd: string; what: string }[] {
  const on = new Set(addons(stack));
  const p = { name: stack.names.dist, compose: on.has('compose'), nginx: on.has('nginx'), health: stack.shape.health };
  return ADDONS.filter((a) => on.has(a.id)).flatMap((a) => a.next?.(p) ?? []);
}

function display(cwd: string, target: string, dirArg: string): string {
  if (isAbsolute(dirArg)) return target;
  return relative(cwd, target) || '.';
}

function report(stack: Stack, dirArg: string, io: Io, installed: boolean, git: boolean): void {
  const rel = display(io.cwd, stack.names.dir, dirArg);
  const step = (cmd: string, why: string) => io.log(`  ${cyan(cmd)}\n      ${dim(why)}`);
  io.log('');
  io.log(bold('Next steps:'));
  if (rel !== '.') step(`cd ${/\s/.test(rel) ? `'${rel}'` : rel}`, 'go to the project');
  if (!installed) step('python3 -m venv .venv', 'a virtual environment for the project');
  step('. .venv/bin/activate', 'use it in this shell');
  if (!installed) step('pip install -e ".[dev]"', 'the project, its server and its test tools');
  step('pytest', 'run its tests');
  step(stack.serve.dev, 'develop, with reload');
  step(stack.serve.line, 'run in production, exactly as the container does');
  for (const n of addonSteps(stack)) step(n.cmd, n.what);
  io.log('');
  io.log(dim('Repeat this run without questions:'));
  io.log(`  ${yellow(oneShot(stack, dirArg, git))}`);
}
