/**
 * What a Dockerfile says its container does, read from its last stage: the port the app listens
 * on, the user it runs as, whether it has a HEALTHCHECK, and its command. `add` reads the user's
 * own Dockerfile, when it keeps it, so that compose, nginx and Kubernetes follow that container
 * rather than the one create-pyweb would have written.
 */
export interface ImageFacts {
  /** The port the app listens on, or undefined when nothing in the file says. */
  port?: number;
  /** Where the port was read: `CMD`, `ENV PORT` or `EXPOSE`. */
  portFrom?: string;
  /** The USER line as written; undefined when there is none (the base image's user: root). */
  user?: string;
  /** The numeric user and group of USER (0 for root, also when there is no USER); undefined for a name. */
  uid?: number;
  gid?: number;
  /** A HEALTHCHECK that tests something (`HEALTHCHECK NONE` is none). */
  healthcheck: boolean;
  /** ENTRYPOINT then CMD as argv; a shell form is `/bin/sh -c <line>`. */
  command: string[];
}

/** Instructions with continuations joined and comments dropped. */
function instructions(text: string): { op: string; args: string }[] {
  const out: { op: string; args: string }[] = [];
  let cur = '';
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trimEnd();
    if (/^\s*#/.test(line)) continue;
    if (line.endsWith('\\')) {
      cur += `${line.slice(0, -1)} `;
      continue;
    }
    const whole = (cur + line).trim();
    cur = '';
    const m = /^(\w+)\s*(.*)$/s.exec(whole);
    if (m) out.push({ op: m[1].toUpperCase(), args: m[2].trim() });
  }
  if (cur.trim()) {
    const m = /^(\w+)\s*(.*)$/s.exec(cur.trim());
    if (m) out.push({ op: m[1].toUpperCase(), args: m[2].trim() });
  }
  return out;
}

/** An exec form (`["a", "b"]`) as argv, a shell form as `/bin/sh -c`. */
function argv(args: string): string[] {
  if (args.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(args);
      if (Array.isArray(parsed) && parsed.every((a) => typeof a === 'string')) return parsed;
    } catch {
      // Not JSON: Docker runs it as a shell line too.
    }
  }
  return ['/bin/sh', '-c', args];
}

/** `ENV A=1 B="two"` and the older `ENV A 1`. */
function envPairs(args: string): [string, string][] {
  const unquote = (v: string) => (/^"(?:[^"\\]|\\.)*"$/.test(v) ? JSON.parse(v) : v);
  if (!/^[A-Za-z_][A-Za-z0-9_]*=/.test(args)) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)\s+(.*)$/.exec(args);
    return m ? [[m[1], unquote(m[2])]] : [];
  }
  return [...args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("(?:[^"\\]|\\.)*"|\S*)/g)].map(
    (m) => [m[1], unquote(m[2])] as [string, string],
  );
}

/**
 * The port a command binds: gunicorn's and hypercorn's `--bind`/`-b`, uvicorn's, granian's and
 * others' `--port`, waitress's `--listen`, uWSGI's `--http`. A `$PORT` there is the ENV's, or its
 * `${PORT:-n}` default.
 */
function commandPort(command: string[], env: Record<string, string>): number | undefined {
  const line = command.join(' ');
  const value = String.raw`['"]?((?:\$\{PORT(?::?-(\d+))?\})|\$PORT\b|\d+)`;
  const patterns = [
    new RegExp(
      String.raw`(?:^|\s)(?:--bind|-b|--listen|--http|--http-socket)(?:\s+|=)['"]?[^\s'":]*:${value}`,
    ),
    new RegExp(String.raw`(?:^|\s)--port(?:\s+|=)${value}`),
  ];
  for (const re of patterns) {
    const m = re.exec(line);
    if (!m) continue;
    if (/^\d+$/.test(m[1])) return Number(m[1]);
    const fromEnv = env.PORT && /^\d+$/.test(env.PORT) ? Number(env.PORT) : undefined;
    return fromEnv ?? (m[2] ? Number(m[2]) : undefined);
  }
  return undefined;
}

/** USER `name`, `uid` or `uid:gid`, as numbers where they are numbers. */
function userIds(user: string | undefined): { uid?: number; gid?: number } {
  if (user === undefined) return { uid: 0 };
  const [u, g] = user.split(':');
  const num = (s: string | undefined) =>
    s !== undefined && /^\d+$/.test(s) ? Number(s) : undefined;
  const uid = u === 'root' ? 0 : num(u);
  return { uid, gid: g === 'root' ? 0 : num(g) };
}

export function readDockerfile(text: string): ImageFacts {
  const all = instructions(text);
  const lastFrom = all.map((i) => i.op === 'FROM').lastIndexOf(true);
  const env: Record<string, string> = {};
  let user: string | undefined;
  let healthcheck = false;
  let expose: number | undefined;
  let entrypoint: string[] = [];
  let cmd: string[] = [];
  for (const { op, args } of all.slice(Math.max(0, lastFrom))) {
    if (op === 'ENV') for (const [k, v] of envPairs(args)) env[k] = v;
    else if (op === 'USER') user = args.split(/\s+/)[0];
    else if (op === 'HEALTHCHECK') healthcheck = !/^NONE$/i.test(args);
    else if (op === 'EXPOSE' && expose === undefined) {
      const m = /^(\d+)/.exec(args);
      if (m) expose = Number(m[1]);
    } else if (op === 'ENTRYPOINT') entrypoint = argv(args);
    else if (op === 'CMD') cmd = argv(args);
  }
  const command = [...entrypoint, ...cmd];
  const fromCmd = commandPort(command, env);
  const fromEnv = env.PORT && /^\d+$/.test(env.PORT) ? Number(env.PORT) : undefined;
  const [port, portFrom] =
    fromCmd !== undefined
      ? [fromCmd, 'CMD']
      : fromEnv !== undefined
        ? [fromEnv, 'ENV PORT']
        : expose !== undefined
          ? [expose, 'EXPOSE']
          : [undefined, undefined];
  return { port, portFrom, user, ...userIds(user), healthcheck, command };
}

/** The facts for someone reading `add`'s plan: `port 5000 from CMD, runs as root, no HEALTHCHECK`. */
export function describeImage(facts: ImageFacts): string {
  const port = facts.port === undefined ? 'no port' : `port ${facts.port} from ${facts.portFrom}`;
  const who =
    facts.uid === 0
      ? 'runs as root'
      : facts.uid === undefined
        ? `user ${facts.user} (a name)`
        : `user ${facts.user}`;
  return [port, who, facts.healthcheck ? 'HEALTHCHECK' : 'no HEALTHCHECK'].join(', ');
}
