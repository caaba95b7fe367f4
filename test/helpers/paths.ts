import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BIN = join(ROOT, 'bin', 'create-pyweb.js');
/**
 * The create-pyweb that makes the projects runCli proves: this checkout's build, unless
 * PYWEB_GENERATOR names another bin/create-pyweb.js (a build in progress in another checkout), to
 * try this checkout's harness against it. The CLI's own tests spawn BIN, always this checkout's.
 */
export const GENERATOR = process.env.PYWEB_GENERATOR || BIN;
export const CACHE = join(ROOT, '.cache');
/** A venv holding uv, hadolint, kubernetes-validate: made by test/global-setup.ts. */
export const TOOLS = join(CACHE, 'tools');
export const TOOL_BIN = join(TOOLS, 'bin');

export function tool(name: string): string | undefined {
  const p = join(TOOL_BIN, name);
  return existsSync(p) ? p : undefined;
}
