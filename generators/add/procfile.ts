import { SERVERS } from '../catalog/index.js';
import { GLUE, LEGACY_GLUE } from '../serve/spec.js';

/** First words that run a server (`python -m` stripped), from the catalog. */
const SERVER_COMMANDS = new Set(SERVERS.flatMap((s) => s.detect.commands ?? []));
/** The glue modules create-pyweb runs with `python -m` (launch.py, and 0.1's serve.py). */
const GLUE_MODULE = new RegExp(`\\.(${GLUE.launch}|${LEGACY_GLUE})$`);

/** `exec` and `NAME=value` words before a command: kept in front of the new one. */
const PREFIX = /^(?:exec\s+|\w+=\S*\s+)*/;

/** Whether one command of a shell line starts a server: its first word, or our glue module. */
function runsServer(command: string): boolean {
  const words = command.trim().replace(PREFIX, '').split(/\s+/);
  if (/^python[\d.]*$/.test(words[0] ?? '') && words[1] === '-m')
    return SERVER_COMMANDS.has(words[2] ?? '') || GLUE_MODULE.test(words[2] ?? '');
  return SERVER_COMMANDS.has((words[0] ?? '').split('/').pop()!);
}

export type ProcfileSwitch = { text: string } | { refused: string };

/**
 * A Procfile whose web: line runs `serve` in place of the server it ran: only the one command
 * that starts a server changes, the others on the line (`flask db upgrade; ...`) and every other
 * process type stay as written. A web line where no command, or more than one, starts a server is
 * not guessed at: it is refused, with the line. The same text when there is no web line.
 */
export function switchProcfile(text: string, serve: string): ProcfileSwitch {
  const m = /^([ \t]*web[ \t]*:[ \t]*)(.*?)([ \t]*)$/m.exec(text);
  if (!m) return { text };
  const [line, lead, command, trail] = m;
  // Commands and the separators between them, which stay as they are.
  const parts = command.split(/(\s*(?:;|&&|\|\|)\s*)/);
  const servers = parts.flatMap((p, i) => (i % 2 === 0 && runsServer(p) ? [i] : []));
  if (servers.length !== 1)
    return {
      refused: `${servers.length ? 'more than one command' : 'no command'} on its web line starts a server: ${line.trim()}`,
    };
  const at = servers[0];
  const prefix = parts[at].match(PREFIX)?.[0] ?? '';
  parts[at] = `${prefix}${serve}`;
  const start = m.index;
  return {
    text: text.slice(0, start) + lead + parts.join('') + trail + text.slice(start + line.length),
  };
}
