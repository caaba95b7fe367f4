import { bold, dim } from 'kolorist';
import { FLAGS } from './flags.js';

function flagUsage(name: string, alias: string | undefined, valueName: string | undefined, negatable: boolean | undefined): string {
  const long = negatable ? `--[no-]${name}` : `--${name}`;
  return `${alias ? `-${alias}, ` : '    '}${long}${valueName ? ` <${valueName}>` : ''}`;
}

/** --help, generated from the flag table and the catalog. */
export function helpText(version: string): string {
  const rows = FLAGS.map((f) => {
    const usage = flagUsage(f.name, f.alias, f.valueName, f.negatable);
    const values = f.values ? `: ${f.values.join(', ')}` : '';
    const def = f.default ? dim(` (default: ${f.default})`) : '';
    return `  ${usage.padEnd(30)} ${f.description}${values}${def}`;
  });
  return [
    `${bold('create-pyweb')} ${version}: a runnable, production-ready Python web service`,
    '',
    'Usage:',
    '  create-pyweb [directory] [options]',
    '  create-pyweb add <addon...>        Docker, nginx, compose, Kubernetes, CI or a server for a project',
    '                                     that exists, made by create-pyweb or not (add --help)',
    '  create-pyweb recommend [needs]     ranked stacks for what the service needs (--help for the needs)',
    dim('  (a new project named "add" or "recommend": create-pyweb ./add)'),
    '',
    'Options:',
    ...rows,
    '',
    'Examples:',
    '  npm create pyweb@latest my-app -- --framework flask --server gunicorn',
    '  npx create-pyweb my-api -f fastapi -s uvicorn --k8s',
    '  npx create-pyweb . --framework django --server granian --yes',
    '  npx create-pyweb --list',
    '',
    dim('With npm 7+, options for the tool go after "--" in `npm create`.'),
    dim('Without a terminal, or with CI set, it never prompts: missing answers take the defaults.'),
  ].join('\n');
}
