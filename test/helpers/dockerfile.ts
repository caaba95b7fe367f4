/** What the tests need from a generated Dockerfile: the final stage's ENV and its exec-form CMD. */
export interface DockerfileFacts {
  env: Record<string, string>;
  cmd: string[];
  user?: string;
  expose?: number;
}

function logicalLines(text: string): string[] {
  const out: string[] = [];
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

function envPairs(rest: string): Record<string, string> {
  const env: Record<string, string> = {};
  const re = /([A-Za-z_][A-Za-z0-9_]*)=("(?:[^"\\]|\\.)*"|\S*)/g;
  for (const m of rest.matchAll(re)) {
    env[m[1]] = m[2].startsWith('"') ? JSON.parse(m[2]) : m[2];
  }
  return env;
}

export function parseDockerfile(text: string): DockerfileFacts {
  const lines = logicalLines(text);
  const lastFrom = lines.map((l) => /^FROM\s/i.test(l)).lastIndexOf(true);
  const facts: DockerfileFacts = { env: {}, cmd: [] };
  for (const line of lines.slice(lastFrom)) {
    const [instr, ...restParts] = line.split(/\s+/);
    const rest = line.slice(instr.length).trim();
    switch (instr.toUpperCase()) {
      case 'ENV':
        Object.assign(facts.env, envPairs(rest));
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
    }
  }
  if (!Array.isArray(facts.cmd) || !facts.cmd.length) throw new Error('the Dockerfile has no exec-form CMD');
  return facts;
}
