import { isatty } from 'node:tty';
import { VERSION as version } from '../version.js';
import { parseArgs, type ParsedArgs } from './args.js';
import { errColors, setupColors } from './color.js';
import { CancelledError, UsageError } from './errors.js';
import { helpText } from './help.js';
import { checkNpmKept, noPromptReason } from './invocation.js';
import { listText } from './list.js';

export { installSignalHandlers } from './signals.js';

/** --help, --version and --list: the exit code once answered, undefined for a run that creates. */
async function information(
  { flags, positionals }: ParsedArgs,
  log: (line: string) => void,
): Promise<number | undefined> {
  if (flags.help || flags.version) {
    log(flags.help ? helpText(version) : version);
    return 0;
  }
  if (flags.json && !flags.list) throw new UsageError('--json goes with --list');
  if (flags.list) {
    if (positionals.length)
      throw new UsageError(
        `--list takes no directory (got ${positionals.join(' ')})`,
        'run it alone: create-pyweb --list',
      );
    if (!flags.json) {
      log(listText());
      return 0;
    }
    // Loaded for --json only: it builds a project's commands, which --list has no use for.
    const { catalogJson } = await import('./catalog-json.js');
    log(JSON.stringify(catalogJson(), null, 2));
    return 0;
  }
  return undefined;
}

/** The commands beside create; a project of one of these names is made with `./name`. */
const COMMANDS = ['add', 'update', 'recommend', 'serve'];

/** `help`, `help add`, `help recommend`: --help there, not a project named "help". */
function helpAlias(argv: string[]): string[] {
  if (argv[0] !== 'help') return argv;
  const topic = argv[1];
  if (topic === undefined) return ['--help'];
  if (COMMANDS.includes(topic)) return [topic, '--help'];
  throw new UsageError(
    `no help on "${topic}": help knows ${COMMANDS.slice(0, -1).join(', ')} and ${COMMANDS.at(-1)}`,
    'create-pyweb --help for the options; a project named "help": create-pyweb ./help',
  );
}

/** A reader that went away (`| head`) is not an error of the run. */
function ignoreClosedPipe(stream: NodeJS.WriteStream): void {
  if (stream.listenerCount('error')) return;
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE' && e.code !== 'ERR_STREAM_DESTROYED') throw e;
  });
}

/** Runs the CLI and returns the exit code: 0 done, 1 any error, 130 cancelled. */
export async function main(given: string[]): Promise<number> {
  const log = (line: string) => process.stdout.write(`${line}\n`);
  // A reader that goes away (`| head`) loses the rest of the output; the run still finishes its
  // work (and its clean-up) instead of dying with a stack trace half-way. process.stdin and
  // process.stderr are streams made on first use: --help, --version and --list never make them.
  ignoreClosedPipe(process.stdout);
  setupColors();
  const noPrompt = noPromptReason({ stdin: isatty(0), stdout: isatty(1) });
  const interactive = noPrompt === undefined;
  try {
    const argv = helpAlias(given);
    const command = COMMANDS.includes(argv[0]) ? argv[0] : undefined;
    const args = command ? undefined : parseArgs(argv);
    if (args) checkNpmKept(args);
    const answered = args && (await information(args, log));
    if (answered !== undefined) return answered;
    ignoreClosedPipe(process.stderr);
    if (command === 'add') {
      const { addCommand } = await import('../add/command.js');
      return await addCommand(argv.slice(1), { log, interactive, cwd: process.cwd() });
    }
    if (command === 'update') {
      const { updateCommand } = await import('../update/command.js');
      return await updateCommand(argv.slice(1), { log, cwd: process.cwd() });
    }
    if (command === 'recommend') {
      const { recommendCommand } = await import('./recommend.js');
      return await recommendCommand(argv.slice(1), log, interactive);
    }
    if (command === 'serve') {
      const { serveCommand } = await import('../web/server.js');
      return await serveCommand(argv.slice(1), log);
    }
    const { create } = await import('./create.js');
    return await create(args!, { log, interactive, noPrompt, cwd: process.cwd() });
  } catch (err) {
    ignoreClosedPipe(process.stderr);
    const c = errColors();
    if (err instanceof CancelledError) {
      process.stderr.write(`${c.red('✖')} cancelled: nothing was written\n`);
      return 130;
    }
    if (err instanceof UsageError) {
      process.stderr.write(`${c.red('error:')} ${err.message}\n`);
      if (err.hint) process.stderr.write(`${c.dim(err.hint)}\n`);
      return 1;
    }
    process.stderr.write(`${c.red('unexpected error:')} ${(err as Error)?.stack ?? err}\n`);
    process.stderr.write(
      'Please report it at https://github.com/create-pyweb/create-pyweb/issues\n',
    );
    return 1;
  }
}
