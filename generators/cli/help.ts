import { bold, dim } from 'kolorist';
import { FLAGS, type FlagDef } from './flags.js';
import { createCommand, packageManager, toolCommand, type PackageManager } from './shell.js';
import { hanging, termWidth, wrap } from './text.js';

function flagUsage(f: FlagDef): string {
  const long = f.negatable ? `--[no-]${f.name}` : `--${f.name}`;
  return `${f.alias ? `-${f.alias}, ` : '    '}${long}${f.valueName ? ` <${f.valueName}>` : ''}`;
}

/** Flag rows: usage, then the description wrapped beside it to `width`. */
export function flagRows(flags: FlagDef[], width: number, column = 32): string[] {
  return flags.map((f) => {
    const values = f.values ? `: ${f.values.join(', ')}` : '';
    const def = f.default ? ` (default: ${f.default})` : '';
    return hanging(`  ${flagUsage(f)}`, `${f.description}${values}${def}`, column, width);
  });
}

/** --help, generated from the flag table and the catalog, wrapped to the terminal (80 without one). */
export function helpText(
  version: string,
  width = termWidth(),
  pm: PackageManager = packageManager(),
): string {
  const cmd = (label: string, what: string) => hanging(`  ${label}`, what, 36, width);
  return [
    wrap(
      `${bold('create-pyweb')} ${version}: a runnable, production-ready Python web service`,
      width,
    ),
    '',
    'Usage:',
    cmd('create-pyweb [directory] [options]', ''),
    cmd(
      'create-pyweb add <addon...>',
      'Docker, nginx, compose, Kubernetes, CI or a server for a project that exists, made by create-pyweb or not (add --help)',
    ),
    cmd(
      'create-pyweb update',
      "bring a project create-pyweb made or added to up to this version's templates, keeping your changes (update --help)",
    ),
    cmd(
      'create-pyweb recommend [needs]',
      'ranked stacks for what the service needs (recommend --help for the needs)',
    ),
    cmd(
      'create-pyweb serve [--port N]',
      'the choices as a web page with a preview of every file, and an API to download a project (serve --help)',
    ),
    dim(
      wrap(
        '  (a new project named "add", "update", "recommend", "serve" or "help": create-pyweb ./add)',
        width,
        2,
      ),
    ),
    '',
    'Options:',
    ...flagRows(FLAGS, width),
    '',
    'Examples:',
    ...[
      createCommand(['my-app'], ['--framework', 'flask', '--server', 'gunicorn'], pm),
      toolCommand(['my-api', '-f', 'fastapi', '-s', 'uvicorn', '--k8s'], pm),
      toolCommand(['.', '--framework', 'django', '--server', 'granian', '--yes'], pm),
      toolCommand(['--list'], pm),
    ].map((line) => wrap(`  ${line}`, width, 4)),
    '',
    ...(pm === 'npm'
      ? [dim(wrap('With npm 7+, options for the tool go after "--" in `npm create`.', width))]
      : []),
    dim(
      wrap(
        'Without a terminal, or with CI set (to anything but 0 or false), it never prompts: missing answers take the defaults.',
        width,
      ),
    ),
  ].join('\n');
}
