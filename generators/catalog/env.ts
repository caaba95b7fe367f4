/**
 * The environment a generated app reads: one table, from which the README's configuration
 * table, .env.example, compose's `environment:` and the Kubernetes ConfigMap are written, so a
 * variable's default and its per-place values are stated once.
 *
 * Where a value lives: .env (from .env.example) holds what a person edits; compose sets only
 * what its own stack decides (the proxy it puts in front, the secret guard), always as
 * `${NAME:-value}` (or `:?`) so that .env still wins; the ConfigMap holds the cluster's values.
 */

/** The facts of a stack that decide which variables exist and their values. */
export interface EnvPlace {
  wsgi: boolean;
  /** The server starts WEB_CONCURRENCY worker processes (its `workers`). */
  workers: boolean;
  docker: boolean;
  compose: boolean;
  nginx: boolean;
  port: number;
  wsgiThreads: number;
  /** Addresses compose (behind nginx) and Kubernetes trust for X-Forwarded-*. */
  trustedProxies: string;
  /** A second socket in the server's own protocol, for nginx, opened by a variable (uWSGI's). */
  upstreamSocket?: { env: string; port: number; protocol: string };
  k8sHost: string;
  /** Where the image puts SQLite, if it does. */
  imageDbPath?: string;
  /** The settings create-pyweb wrote keep the data in PostgreSQL (the postgres add-on), not SQLite. */
  postgres?: boolean;
}

/** A value in one place, with the comment written above it there. */
export interface EnvValue {
  value: string;
  note?: string;
  /** Offered commented out: the line shows the value another place sets. */
  commented?: boolean;
}

export interface EnvVar {
  name: string;
  /**
   * A secret: never in the Kubernetes ConfigMap, whatever `configMap` says, but read from the
   * Secret `<name>-secrets` (deployment.yaml).
   */
  secret?: boolean;
  applies?: (p: EnvPlace) => boolean;
  /** What the app does when it is unset, as Markdown for the README. */
  default: (p: EnvPlace) => string;
  /** One line, for the README. */
  what: string;
  /** In .env.example. */
  example?: (p: EnvPlace) => EnvValue | undefined;
  /** In compose's `environment:` (a `${...}` default, so that .env wins). */
  compose?: (p: EnvPlace) => EnvValue | undefined;
  /** In the Kubernetes ConfigMap. */
  configMap?: (p: EnvPlace) => EnvValue | undefined;
}

export const code = (s: string) => `\`${s}\``;
/** What a browser on this machine opens: nginx's published port, or the app's. */
export const localOrigin = (p: EnvPlace) => `http://localhost:${p.nginx ? 8080 : p.port}`;
const composeTrust = (p: EnvPlace) => (p.nginx ? p.trustedProxies : '127.0.0.1');

export const ENV_VARS: EnvVar[] = [
  {
    name: 'HOST',
    default: () => code('0.0.0.0'),
    what: 'address to bind',
    example: () => ({ value: '0.0.0.0' }),
    configMap: () => ({ value: '0.0.0.0' }),
  },
  {
    name: 'PORT',
    default: (p) => code(String(p.port)),
    what: 'port to bind',
    example: (p) => ({ value: String(p.port) }),
    configMap: (p) => ({ value: String(p.port) }),
  },
  {
    name: 'WEB_CONCURRENCY',
    // Servers of one process (threads or an event loop) have no count to set.
    applies: (p) => p.workers,
    default: () => "one per CPU of the container's CPU quota, else per CPU it may run on",
    what: "worker processes; unset, counted from the cgroup's CPU quota, never from the host's cores",
    example: () => ({
      value: '2',
      commented: true,
      note: "Worker processes. Unset: one per CPU of the container's CPU quota (docker run --cpus),\nelse per CPU the process may run on; never os.cpu_count(), the host's cores in a container.",
    }),
    // Kubernetes: deployment.yaml sets it, as a pod with no CPU limit has no quota to count.
  },
  {
    name: 'FORWARDED_ALLOW_IPS',
    default: () => code('127.0.0.1'),
    what: 'proxies whose `X-Forwarded-*` headers are trusted: addresses or networks, comma-separated',
    example: (p) =>
      p.compose
        ? {
            value: composeTrust(p),
            commented: true,
            note: `Proxies whose X-Forwarded-* headers are trusted. compose.yaml sets this value\n${p.nginx ? '(the private networks nginx is on)' : '(no proxy in front)'} unless it is set here; "*" only behind a private network.`,
          }
        : {
            value: '127.0.0.1',
            note: 'Proxies whose X-Forwarded-* headers are trusted (your proxy). "*" only behind a private network.',
          },
    compose: (p) => ({
      value: `\${FORWARDED_ALLOW_IPS:-${composeTrust(p)}}`,
      note: p.nginx
        ? 'Only nginx reaches the app (its port is not published) and nginx replaces X-Forwarded-*:\ntrust the private networks compose puts it on, unless .env says otherwise.'
        : 'Clients reach the app directly: no proxy headers to believe, unless .env says otherwise.',
    }),
    configMap: (p) => ({
      value: p.trustedProxies,
      note: 'The ingress controller (and any mesh sidecar) reach the pod from loopback or private\nnetworks; the first address outside them in X-Forwarded-For is the client.',
    }),
  },
  {
    name: 'WSGI_THREADS',
    applies: (p) => p.wsgi,
    default: (p) => code(String(p.wsgiThreads)),
    what: 'threads per process: how many requests one process runs at once',
    example: (p) => ({
      value: String(p.wsgiThreads),
      note: 'Threads per process: requests one process runs at once.',
    }),
  },
  {
    name: 'ACCESS_LOG',
    default: () => `${code('1')}: one line per request on stdout`,
    what: "the app server's access log: `1` on, `0` off (nginx in front keeps its own)",
    example: () => ({
      value: '1',
      note: "The app server's access log: 1 writes one line per request to stdout (the common\nlog format where the server allows it), 0 turns it off.",
    }),
    configMap: () => ({
      value: '1',
      note: 'One line per request on stdout; 0 turns it off (the ingress logs requests too).',
    }),
  },
];

/** A setting a found app reads (detect/settings.ts), as the environment table needs it. */
export interface ReadSetting {
  name: string;
  /** Read with no default: the app fails (or gets no value) without it. */
  required: boolean;
  /** The default as the code writes it, when it is a literal ('' for an expression). */
  default?: string;
  /** `os.getenv("X")` with no default: the app gets None. */
  unsetIsNone?: boolean;
  /** A credential by its name or type: a Kubernetes Secret, never a ConfigMap. */
  secret: boolean;
  /** file:line: the read */
  where: string;
}

/**
 * The settings a found app reads, as rows of the table: each in .env.example (a required one
 * empty, to fill; one with a default commented out, showing it); a required one in compose as
 * `${NAME:?...}` so that compose names it rather than the app crashing on start, and in
 * Kubernetes from the Secret (a credential) or the ConfigMap (to fill). Names the stack sets
 * itself are left to the stack's own rows.
 */
export function readSettingVars(settings: readonly ReadSetting[]): EnvVar[] {
  const own = new Set(ENV_VARS.map((v) => v.name));
  return settings
    .filter((s) => !own.has(s.name))
    .map((s) => {
      const file = s.where.split(':')[0];
      const line = s.where.split(':')[1];
      const at = `${file}:${line}`;
      const shown = s.required
        ? 'none: required'
        : s.unsetIsNone
          ? 'unset (None)'
          : s.default
            ? code(s.default)
            : 'computed by the app';
      return {
        name: s.name,
        secret: s.required && s.secret,
        default: () => shown,
        what: `read by the app (${at})`,
        example: () =>
          s.required
            ? {
                value: '',
                note: `Required: the app reads it with no default (${at})${s.secret ? '; never commit it' : ''}.`,
              }
            : {
                value: s.default ?? '',
                commented: true,
                note: `Read by the app (${at}); ${s.unsetIsNone ? 'unset, it gets None' : s.default ? 'this is its default' : 'it computes a default'}.`,
              },
        compose: () =>
          s.required
            ? { value: `\${${s.name}:?set ${s.name} in .env (see .env.example)}` }
            : undefined,
        configMap: () =>
          s.required
            ? { value: '', note: `Required by the app (${at}): set it before applying.` }
            : undefined,
      };
    });
}

/** The variable that opens the server's own-protocol socket, when it has one. */
function socketVar(p: EnvPlace): EnvVar[] {
  const s = p.upstreamSocket;
  if (!s) return [];
  return [
    {
      name: s.env,
      default: () => 'unset',
      what: `a second socket in the server's own protocol (\`:${s.port}\`), for nginx's \`${s.protocol}_pass\``,
      compose: () =>
        p.nginx
          ? {
              value: `\${${s.env}:-:${s.port}}`,
              note: `A second socket in the server's own protocol, for nginx's ${s.protocol}_pass (deploy/nginx/default.conf).`,
            }
          : undefined,
    },
  ];
}

/** A variable as a place writes it: name, value, and the comment lines above it. */
export interface EnvEntry {
  name: string;
  value: string;
  comments: string[];
  commented: boolean;
}

/** The variables a stack reads, in the table's order, then its add-ons' settings. */
function applying(p: EnvPlace, settings: readonly EnvVar[]): EnvVar[] {
  // The server's socket goes with the server's variables, before the framework's.
  const at = ENV_VARS.findIndex((v) => v.name === 'WSGI_THREADS') + 1;
  return [...ENV_VARS.slice(0, at), ...socketVar(p), ...ENV_VARS.slice(at), ...settings].filter(
    (v) => v.applies?.(p) ?? true,
  );
}

function entries(
  p: EnvPlace,
  settings: readonly EnvVar[],
  place: 'example' | 'compose' | 'configMap',
): EnvEntry[] {
  return applying(p, settings).flatMap((v) => {
    if (v.secret && place === 'configMap') return [];
    const at = v[place]?.(p);
    if (!at) return [];
    return [
      {
        name: v.name,
        value: at.value,
        comments: at.note ? at.note.split('\n') : [],
        commented: Boolean(at.commented),
      },
    ];
  });
}

/**
 * Everything the templates write from the table, for one stack; `settings` are those its
 * add-ons bring (an add-on's `settings`), after the table's own.
 */
export function envTables(p: EnvPlace, settings: readonly EnvVar[] = []) {
  return {
    /** README rows: name, default (Markdown), what. */
    readme: applying(p, settings).map((v) => ({
      name: v.name,
      default: v.default(p),
      what: v.what,
    })),
    example: entries(p, settings, 'example'),
    compose: entries(p, settings, 'compose'),
    configMap: entries(p, settings, 'configMap'),
    /** Secrets, by name: Kubernetes reads each from the Secret `<name>-secrets` (deployment.yaml). */
    secrets: applying(p, settings)
      .filter((v) => v.secret)
      .map((v) => v.name),
  };
}
