import type { PrepareStep } from '../catalog/types.js';
import { addons, dataInPostgres } from '../project/carried.js';
import type { Stack } from '../project/stack.js';
import type { Shell } from './develop.js';
import { ACCESS_LOG_FLAG, ACCESS_LOG_ON, shellLine } from './spec.js';

/**
 * How to run a project in production without a container, from its folder in its venv: the one
 * place these steps are written. The README's "Run in production" block and the CLI's next steps
 * both render this list; the Dockerfile runs the same `build` commands when the image is built.
 */

/** One step: load the project's .env into the shell, or run a command; `what` says why. */
export type ProductionStep = ({ dotenv: true } | { cmd: string }) & { what: string };

/** The framework's commands that ready this project to serve, in order; only `stage`'s if given. */
export function prepareSteps(stack: Stack, stage?: PrepareStep['stage']): PrepareStep[] {
  return (stack.framework.prepare ?? []).filter(
    (s) => (!stage || s.stage === stage) && (s.when?.(stack.shape) ?? true),
  );
}

/** The image's build commands, each as one RUN line with its build-only variables. */
export function dockerBuildLines(stack: Stack): string[] {
  return prepareSteps(stack, 'build').map((s) =>
    [...Object.entries(s.buildEnv ?? {}).map(([k, v]) => `${k}=${v}`), s.cmd].join(' '),
  );
}

/**
 * The image runs the serve command: create-pyweb's does; a Dockerfile of the user's, kept, only
 * where its command is the same.
 */
export function imageRunsServe(stack: Stack): boolean {
  const own = stack.shape.ownImage;
  return !own || own.command.join('\0') === stack.serve.argv.join('\0');
}

export function productionSteps(stack: Stack): ProductionStep[] {
  const docker = addons(stack).includes('docker') && imageRunsServe(stack);
  const steps: ProductionStep[] = [];
  // create-pyweb writes .env where its settings need a secret no default can stand for (Django's
  // key, project/dotenv.ts); compose reads it in a container, the shell here.
  if (stack.shape.django?.ownSettings)
    steps.push({ dotenv: true, what: "this checkout's settings and secret key (.env)" });
  const production = stack.shape.django?.production;
  if (production)
    steps.push({
      cmd: `export DJANGO_SETTINGS_MODULE=${production.module}`,
      what: `production settings: DJANGO_SECRET_KEY and the rest from the environment (.env.example)${docker ? '; the image sets it' : ''}`,
    });
  for (const s of prepareSteps(stack)) {
    const what = typeof s.what === 'string' ? s.what : s.what(dataInPostgres(stack));
    steps.push({
      cmd: s.cmd,
      what: docker && s.stage === 'build' ? `${what} (the image does it when built)` : what,
    });
  }
  // The postgres add-on's release step, where the framework's own steps do not run it (Django's do).
  if (dataInPostgres(stack)) {
    const cmd = shellLine(stack.framework.database.migrate(stack.shape.glue.pkg));
    if (!steps.some((s) => 'cmd' in s && s.cmd === cmd))
      steps.push({ cmd, what: "the release step: the migrations, in DATABASE_URL's database" });
  }
  steps.push({
    cmd: stack.serve.line,
    what: docker ? 'run in production, exactly as the container does' : 'run in production',
  });
  return steps;
}

/** A step as typed in a shell. PowerShell has no `${VAR:-default}`: the image's defaults stand in. */
export function productionStepLine(step: ProductionStep, shell: Shell = 'sh'): string {
  if ('cmd' in step)
    return shell === 'sh'
      ? step.cmd
      : step.cmd
          .replaceAll(ACCESS_LOG_FLAG, ACCESS_LOG_ON)
          .replace(/"\$\{[A-Z_]+:-([^"}]*)\}"/g, '$1');
  // `set -a` exports what the file assigns, as compose's env_file does.
  return shell === 'sh'
    ? 'set -a && . ./.env && set +a'
    : 'Get-Content .env | ForEach-Object { if ($_ -match \'^(\\w+)=(.*)$\') { Set-Item "env:$($Matches[1])" $Matches[2] } }';
}

/**
 * The README's "Run in production" block: each step with its reason as a comment in one column,
 * the last (the server itself) bare.
 */
export function productionLines(stack: Stack): string[] {
  const steps = productionSteps(stack);
  const lines = steps.map((s) => productionStepLine(s));
  const width = Math.max(0, ...lines.slice(0, -1).map((l) => l.length)) + 2;
  return lines.map((l, i) => (i === steps.length - 1 ? l : `${l.padEnd(width)}# ${steps[i].what}`));
}
