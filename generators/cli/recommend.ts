import { bold, cyan, dim } from 'kolorist';
import { NEEDS, topStacks } from '../catalog/index.js';
import { parseArgs } from './args.js';
import { RECOMMEND_FLAGS } from './flags.js';

export function recommendHelp(): string {
  return [
    `${bold('create-pyweb recommend')}: ranked stacks for what your service needs`,
    '',
    'Usage: create-pyweb recommend [needs...]',
    '',
    ...RECOMMEND_FLAGS.map((f) => `  ${`${f.alias ? `-${f.alias}, ` : '    '}--${f.name}`.padEnd(16)} ${f.description}`),
    '',
    'Example: create-pyweb recommend --websocket --io-bound',
  ].join('\n');
}

/** Ranks stacks for the needs given as flags (or asked, in a terminal). */
export async function recommendCommand(argv: string[], log: (l: string) => void, interactive: boolean): Promise<number> {
  const { flags } = parseArgs(argv, RECOMMEND_FLAGS);
  if (flags.help) return log(recommendHelp()), 0;
  let wanted = NEEDS.map((n) => n.id).filter((id) => flags[id] === true);
  if (!wanted.length && interactive && !flags.yes) {
    const { helpMeChoose } = await import('./ask.js');
    const pick = await helpMeChoose();
    log('');
    log(`${bold('Create it:')} ${cyan(`npx create-pyweb my-service --framework ${pick.framework} --server ${pick.server}`)}`);
    return 0;
  }
  const ranked = topStacks(wanted, 5);
  if (!ranked.length) {
    log(`No stack meets all of: ${wanted.join(', ')}.`);
    return 1;
  }
  log(bold(`Stacks for: ${wanted.length ? wanted.join(', ') : 'no particular needs'}`));
  ranked.forEach((r, i) => {
    log(`  ${i + 1}. ${bold(`${r.framework.label} on ${r.server.label}`)} ${dim(`(${r.framework.id} × ${r.server.id})`)}`);
    log(`     ${r.reasons.join('; ')}`);
  });
  const top = ranked[0];
  log('');
  log(`${bold('Create the first:')} ${cyan(`npx create-pyweb my-service --framework ${top.framework.id} --server ${top.server.id}`)}`);
  return 0;
}
