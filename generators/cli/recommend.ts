import { bold, cyan, dim } from 'kolorist';
import { NEEDS, topStacks } from '../catalog/index.js';
import { DEFAULT_NAME } from '../project/naming.js';
import { parseArgs } from './args.js';
import { needsProblem } from './ask.js';
import { UsageError } from './errors.js';
import { RECOMMEND_FLAGS } from './flags.js';
import { flagRows } from './help.js';
import { packageManager, toolCommand } from './shell.js';
import { termWidth, visibleLength, wrap, wrapCommand } from './text.js';

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
    [DEFAULT_NAME, '--framework', framework, '--server', server],
    packageManager(),
  );
}

/**
 * A command to paste, indented by 2 and broken at spaces to `width` (a terminal breaks a long
 * line mid-word), with its `# what` beside it when that fits, else on the lines below.
 */
export function commandLines(
  cmd: string,
  width: number,
  shell: 'sh' | 'powershell' = 'sh',
  what?: string,
): string[] {
  const lines = wrapCommand(cmd, width - 2, 2, shell).map((l) => `  ${cyan(l)}`);
  if (!what) return lines;
  const beside = `${lines.at(-1)}  ${dim(`# ${what}`)}`;
  if (visibleLength(beside) <= width) return [...lines.slice(0, -1), beside];
  return [
    ...lines,
    ...wrap(what, width - 4)
      .split('\n')
      .map((l) => `  ${dim(`# ${l}`)}`),
  ];
}

/** Steps after creating it, in PowerShell: for a service that must run on Windows. */
async function windowsSteps(
  framework: string,
  server: string,
  log: (l: string) => void,
  width: number,
): Promise<void> {
  const { buildStack } = await import('../project/stack.js');
  const { nextSteps } = await import('./create.js');
  const stack = buildStack(DEFAULT_NAME, framework, server, {}, '/');
  log('');
  log(bold('Then, on Windows (PowerShell):'));
  for (const s of nextSteps(stack, { rel: DEFAULT_NAME, installed: false, shell: 'powershell' })) {
    if (/^docker |^kubectl |^git push/.test(s.cmd)) continue;
    for (const l of commandLines(s.cmd, width, 'powershell', s.what)) log(l);
  }
}

/** Ranks stacks for the needs given as flags (or asked, in a terminal). */
export async function recommendCommand(
  argv: string[],
  log: (l: string) => void,
  interactive: boolean,
  width = termWidth(),
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
    for (const l of commandLines(createLine(pick.framework, pick.server), width)) log(l);
    return 0;
  }
  const problem = needsProblem(wanted, undefined, (n) => `--${n.id}`);
  if (problem) throw new UsageError(problem, 'drop one of those options');
  for (const n of NEEDS.filter((x) => wanted.includes(x.id) && x.note))
    log(dim(wrap(n.note!, width)));
  const ranked = topStacks(wanted, 5);
  log(
    bold(
      wrap(`Stacks for: ${wanted.length ? wanted.join(', ') : 'no particular needs'}`, width, 2),
    ),
  );
  ranked.forEach((r, i) => {
    log(
      wrap(
        `${bold(`${r.framework.label} on ${r.server.label}`)} ${dim(`(${r.framework.id} × ${r.server.id})`)}`,
        width,
        5,
        `  ${i + 1}. `,
      ),
    );
    log(wrap(r.reasons.join('; '), width, 5, '     '));
  });
  const top = ranked[0];
  log('');
  log(bold('Create the first:'));
  for (const l of commandLines(createLine(top.framework.id, top.server.id), width)) log(l);
  if (wanted.includes('windows')) await windowsSteps(top.framework.id, top.server.id, log, width);
  return 0;
}
