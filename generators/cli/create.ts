import { rm } from 'node:fs/promises';
import { relative } from 'node:path';
import { bold, cyan, dim, green, yellow } from 'kolorist';
import { DEFAULTS } from '../catalog/index.js';
import { templateContext } from '../project/context.js';
import { layersFor } from '../project/layers.js';
import { renderLayers } from '../project/render.js';
import { buildStack, type DeployOptions, type Stack } from '../project/stack.js';
import { commitStaging, existingEntries, makeStaging } from '../project/write.js';
import { ask, type Answers } from './ask.js';
import { UsageError } from './errors.js';
import type { ParsedArgs } from './args.js';

export interface Io {
  log: (line: string) => void;
  interactive: boolean;
  cwd: string;
}

function deployFlags(flags: ParsedArgs['flags']): Partial<DeployOptions> {
  const out: Partial<DeployOptions> = {};
  for (const k of ['docker', 'compose', 'nginx', 'k8s', 'apache'] as const) {
    if (typeof flags[k] === 'boolean') out[k] = flags[k] as boolean;
  }
  if (typeof flags.python === 'string') out.python = flags.python;
  return out;
}

/** The non-interactive command that repeats this run. */
export function oneShot(stack: Stack, dirArg: string): string {
  const d = stack.deploy;
  const parts = ['npx create-pyweb', dirArg, '--framework', stack.framework.id, '--server', stack.server.id];
  for (const k of ['docker', 'compose', 'nginx', 'k8s'] as const) parts.push(d[k] ? `--${k}` : `--no-${k}`);
  if (stack.server.apache) parts.push(d.apache ? '--apache' : '--no-apache');
  if (d.python !== DEFAULTS.python) parts.push('--python', d.python);
  parts.push('--yes');
  return parts.join(' ');
}

export async function create(args: ParsedArgs, io: Io): Promise<number> {
  const { flags, positionals } = args;
  if (positionals.length > 1) throw new UsageError(`expected one directory, got ${positionals.join(' ')}`);
  let answers: Answers = {
    dir: positionals[0],
    framework: flags.framework as string | undefined,
    server: flags.server as string | undefined,
  };
  const interactive = io.interactive && !flags.yes;
  if (interactive) {
    answers = await ask(answers);
  } else {
    if (!answers.dir) throw new UsageError('a project directory is needed when not running in a terminal', 'e.g. create-pyweb my-app --yes');
    if (!answers.framework) io.log(dim(`no --framework given: using ${DEFAULTS.framework}`));
  }
  const stack = buildStack(answers.dir!, answers.framework, answers.server, deployFlags(flags), io.cwd);
  if (!interactive && !answers.server) io.log(dim(`no --server given: using ${stack.server.id}, recommended for ${stack.framework.id}`));

  const target = stack.names.dir;
  if ((await existingEntries(target)).length && !flags.overwrite) {
    throw new UsageError(`${target} is not empty`, 'pass --overwrite to replace its contents (.git is kept)');
  }
  const staging = await makeStaging(target);
  try {
    await renderLayers(layersFor(stack), staging, templateContext(stack));
    await commitStaging(staging, target, Boolean(flags.overwrite));
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  report(stack, answers.dir!, io);
  return 0;
}

function report(stack: Stack, dirArg: string, io: Io): void {
  const rel = relative(io.cwd, stack.names.dir) || '.';
  io.log('');
  io.log(green(`✔ ${stack.framework.label} on ${stack.server.label} written to ${rel}`));
  io.log('');
  io.log(bold('Next steps:'));
  if (rel !== '.') io.log(`  cd ${rel}`);
  io.log('  python3 -m venv .venv && . .venv/bin/activate');
  io.log('  pip install -e ".[dev]"');
  io.log(`  ${cyan('pytest')}                     ${dim('# run the tests')}`);
  io.log(`  ${cyan(stack.serve.dev)}   ${dim('# develop, with reload')}`);
  io.log(`  ${cyan(stack.serve.line)}`);
  io.log(`  ${dim('# production, as the container runs it')}`);
  if (stack.deploy.compose) io.log(`  ${cyan('docker compose up --build')}  ${dim('# app behind nginx')}`);
  io.log('');
  io.log(dim('Repeat this run without questions:'));
  io.log(`  ${yellow(oneShot(stack, dirArg))}`);
}
