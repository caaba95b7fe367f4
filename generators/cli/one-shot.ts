import { ADDONS, DEFAULTS, type Server } from '../catalog/index.js';
import type { DeployOptions } from '../project/choices.js';

/**
 * The options that repeat a project's choices without questions: the CLI prints them after a run
 * and the web page and server show them beside a project, so both say the same command.
 */
export function oneShotOptions(
  stack: { framework: { id: string }; server: Server; deploy: DeployOptions },
  opts: { git: boolean; install?: boolean },
): string[] {
  const d = stack.deploy;
  const parts = ['--framework', stack.framework.id, '--server', stack.server.id];
  for (const a of ADDONS) {
    // A flag that does not fit the server (--apache outside mod_wsgi) is refused, so not repeated.
    if (!a.unfit?.(stack.server)) parts.push(d[a.id] === true ? `--${a.id}` : `--no-${a.id}`);
  }
  if (d.python !== DEFAULTS.python) parts.push('--python', d.python);
  if (!opts.git) parts.push('--no-git');
  if (opts.install) parts.push('--install');
  parts.push('--yes');
  return parts;
}
