// How a generated project says it runs: its Dockerfile's last stage, its env file, the one line
// a person would type, and the environment of its venv. Read by the benchmark and by the tests.
import { join } from 'node:path';

/** Dockerfile lines with continuations joined and comments dropped. */
function logicalLines(text) {
  const out = [];
  let cur = '';
  for (const raw of text.split('\n')) {
    const line = raw.trimEnd();
    if (!cur && /^\s*#/.test(line)) continue;
    if (line.endsWith('\\')) {
      cur += line.slice(0, -1) + ' ';
      continue;
    }
    out.push((cur + line).trim());
    cur = '';
  }
  return out.filter(Boolean);
}

/**
 * The ENV, exec-form CMD, USER, EXPOSE and WORKDIR of the Dockerfile's last stage.
 * @param {string} text
 * @returns {{ env: Record<string, string>, cmd: string[], user?: string, expose?: number, workdir?: string }}
 */
export function parseDockerfile(text) {
  const lines = logicalLines(text);
  const lastFrom = lines.map((l) => /^FROM\s/i.test(l)).lastIndexOf(true);
  const facts = { env: {}, cmd: [] };
  for (const line of lines.slice(lastFrom)) {
    const [instr, ...restParts] = line.split(/\s+/);
    const rest = line.slice(instr.length).trim();
    switch (instr.toUpperCase()) {
      case 'ENV':
        for (const m of rest.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("(?:[^"\\]|\\.)*"|\S*)/g)) {
          facts.env[m[1]] = m[2].startsWith('"') ? JSON.parse(m[2]) : m[2];
        }
        break;
      case 'CMD':
        facts.cmd = JSON.parse(rest);
        break;
      case 'USER':
        facts.user = restParts[0];
        break;
      case 'EXPOSE':
        facts.expose = Number(restParts[0]);
        break;
      case 'WORKDIR':
        facts.workdir = rest.replace(/\/$/, '');
        break;
    }
  }
  if (!Array.isArray(facts.cmd) || !facts.cmd.length)
    throw new Error('the Dockerfile has no exec-form CMD');
  return facts;
}

/**
 * KEY=value lines of a .env file, as compose's env_file reads them.
 * @param {string} text
 * @returns {Record<string, string>}
 */
export function parseEnvFile(text) {
  const env = {};
  for (const line of text.split('\n')) {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (m) env[m[1]] = m[2].trim().replace(/^(['"])(.*)\1$/, '$2');
  }
  return env;
}

/**
 * The one shell line a person would paste for an argv (`sh -c "exec x"` shows as x).
 * @param {string[]} argv
 */
export function commandLine(argv) {
  return argv[0] === 'sh' && argv[1] === '-c' ? argv[2].replace(/^exec /, '') : argv.join(' ');
}

/**
 * Environment for running a command inside a venv, like an activated shell.
 * @param {string} venv
 * @param {Record<string, string>} [extra]
 */
export function venvEnv(venv, extra = {}) {
  return {
    PATH: `${join(venv, 'bin')}:/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin`,
    HOME: process.env.HOME ?? '/root',
    LANG: 'C.UTF-8',
    VIRTUAL_ENV: venv,
    ...extra,
  };
}
