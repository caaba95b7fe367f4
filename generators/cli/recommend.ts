import { bold, cyan, dim } from 'kolorist';
import { NEEDS, topStacks } from '../catalog/index.js';
import { parseArgs } from './args.js';
import { needsProblem } from './ask.js';
import { UsageError } from './errors.js';
import { RECOMMEND_FLAGS } from './flags.js';
import { flagRows } from './help.js';
import { packageManager, toolCommand } from './shell.js';
import { termWidth, wrap } from './text.js';

export function recommendHelp(width = termWidth()): string {
  return [
    `${bold('create-pyweb recommend')}: ranked stacks for what your service needs`,
    '',
    'Usage: create-pyweb recommend [needs...]',
    '',
    ...flagRows(RECOMMEND_FLAGS, width, 18),
    '',
    'Example: create-pyweb recommend --websocket --io-bound',
  ].join('\n');
}

/** The command that creates a stack, for the package manager in use. */
function createLine(framework: string, server: string): string {
  return toolCommand(
    ['my-service', '--framework', framework, '--server', server],
    packageManager(),
  );
}

/** Steps after creating it, in PowerShell: for a service that must run on Windows. */
async function windowsSteps(
  framework: string,
  server: string,
  log: (l: string) => void,
): Promise<void> {
  const { buildStack } = await import('../project/stack.js');
  const { nextSteps } = await import('./create.js');
  const stack = buildStack('my-service', framework, server, {}, '/');
  log('');
  log(bold('Then, on Windows (PowerShell):'));
  for (const s of nextSteps(stack, { rel: 'my-service', installed: false, shell: 'powershell' })) {
    if (/^docker |^kubectl |^git push/.test(s.cmd)) continue;
    log(`  ${cyan(s.cmd)}  ${dim(`# ${s.what}`)}`);
  }
}

/** Ranks stacks for the needs given as flags (or asked, in a terminal). */
export async function recommendCommand(
  argv: string[],
  log: (l: string) => void,
  interactive: boolean,
): Promise<number> {
  const { flags, positionals } = parseArgs(argv, RECOMMEND_FLAGS);
  if (flags.help) {
    log(recommendHelp());
    return 0;
  }
  if (positionals.length) {
    throw new UsageError(
      `recommend takes needs as options, not "${positionals.join(' ')}"`,
      'e.g. create-pyweb recommend --websocket --io-bound (recommend --help lists them)',
    );
  }
  const wanted = NEEDS.map((n) => n.id).filter((id) => flags[id] === true);
  if (!wanted.length && interactive && !flags.yes) {
    const { helpMeChoose } = await import('./ask.js');
    const pick = await helpMeChoose();
    log('');
    log(bold('Create it:'));
    log(`  ${cyan(createLine(pick.framework, pick.server))}`);
    return 0;
  }
  const problem = needsProblem(wanted, undefined, (n) => `--${n.id}`);
  if (problem) throw new UsageError(problem, 'drop one of those options');
  const width = termWidth();
  for (const n of NEEDS.filter((x) => wanted.includes(x.id) && x.note))
    log(dim(wrap(n.note!, width)));
  const ranked = topStacks(wanted, 5);
  log(bold(`Stacks for: ${wanted.length ? wanted.join(', ') : 'no particular needs'}`));
  ranked.forEach((r, i) => {
    log(
      `  ${i + 1}. ${bold(`${r.framework.label} on ${r.server.label}`)} ${dim(`(${r.framework.id} × ${r.server.id})`)}`,
    );
    log(wrap(r.reasons.join('; '), width, 5, '     '));
  });
  const top = ranked[0];
  log('');
  log(bold('Create the first:'));
  log(`  ${cyan(createLine(top.framework.id, top.server.id))}`);
  if (wanted.includes('windows')) await windowsSteps(top.framework.id, top.server.id, log);
  return 0;
}
