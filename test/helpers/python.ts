import { join } from 'node:path';
import { CACHE, tool } from './paths.js';
import { must, run } from './run.js';
import * as facts from '../../scripts/project-facts.mjs';

export const UV_CACHE = join(CACHE, 'uv');

/** A fresh venv in `<project>/.venv` with the project and its `dev` dependency group installed from PyPI. */
export async function installProject(
  project: string,
  python = process.env.PYWEB_PYTHON ?? 'python3',
): Promise<string> {
  const uv = tool('uv');
  if (!uv) throw new Error('uv is missing from .cache/tools: the global setup did not run');
  const env = { ...process.env, UV_CACHE_DIR: UV_CACHE, UV_LINK_MODE: 'copy', VIRTUAL_ENV: '' };
  const venv = join(project, '.venv');
  must(
    await run(uv, ['venv', '--quiet', '--python', python, venv], {
      env,
      cwd: project,
      timeoutMs: 120_000,
    }),
    'uv venv',
  );
  must(
    await run(
      uv,
      [
        'pip',
        'install',
        '--quiet',
        '--python',
        join(venv, 'bin', 'python'),
        '-e',
        '.',
        '--group',
        'dev',
      ],
      { env, cwd: project, timeoutMs: 600_000 },
    ),
    'installing the project with its dev group',
  );
  return venv;
}

/** Environment for running a command inside a venv, like an activated shell. */
export function venvEnv(venv: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return facts.venvEnv(venv, extra);
}
