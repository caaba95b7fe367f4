import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { appendFile, chown, mkdtemp, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { freePort } from './net.js';
import { must, run, type RunResult } from './run.js';

/**
 * A private PostgreSQL cluster for tests, from Debian's `postgresql` package: its own data
 * directory under /tmp (pyweb-pg-*), its own port on 127.0.0.1, nothing shared with the system
 * service. Clients log in as `app`/`app` over TCP with scram-sha-256, like an application does.
 *
 *   const pg = await startPostgres();          // initdb + start: ~2 s
 *   afterAll(() => pg.dispose());
 *   DATABASE_URL = pg.url();                   // postgresql://app:app@127.0.0.1:<port>/app
 *   await pg.sql('app', 'SELECT count(*) FROM item');   // '3'
 *
 * Each test that stops its database should start its own cluster: stopping one never touches
 * another.
 */
export interface PgCluster {
  /** The TCP port on 127.0.0.1; the same after stop()/start(). */
  readonly port: number;
  /** The temp dir holding the data dir and the server log; removed by dispose(). */
  readonly dir: string;
  /** The PostgreSQL major version in use (the newest under /usr/lib/postgresql). */
  readonly version: number;
  /** `postgresql://app:app@127.0.0.1:<port>/<db>` (the `app` role, password `app`). */
  url(db?: string): string;
  /** A database owned by `app`. */
  createDatabase(name: string): Promise<void>;
  /** Drops it, disconnecting its clients; no error when it does not exist. */
  dropDatabase(name: string): Promise<void>;
  /**
   * Runs SQL as the superuser over the cluster's Unix socket (psql -X -A -t, ON_ERROR_STOP):
   * returns the output trimmed (columns separated by `|`, one row a line); throws on an error.
   */
  sql(db: string, query: string): Promise<string>;
  /** Fast shutdown (clients disconnected); resolves once the server no longer accepts. */
  stop(): Promise<void>;
  /** Starts it again on the same port; resolves once pg_isready answers. */
  start(): Promise<void>;
  /** Stops it (if running) and removes its dir; safe to call twice. */
  dispose(): Promise<void>;
  /** The server log, for failure messages. */
  log(): string;
}

export interface PgOptions {
  /** Where Debian installs the majors (`<root>/<major>/bin`); tests point it elsewhere. */
  root?: string;
}

const DEBIAN_ROOT = '/usr/lib/postgresql';
const SUPERUSER = 'postgres';
/** Every cluster still running, stopped on exit (see the watchdog for a killed process). */
const live = new Set<{ dir: string; data: string }>();

/** The newest installed major's bin dir, or a clear error naming the package to install. */
export function postgresBin(root = DEBIAN_ROOT): { bin: string; version: number } {
  const majors = existsSync(root)
    ? readdirSync(root)
        .filter((d) => /^\d+$/.test(d) && existsSync(join(root, d, 'bin', 'initdb')))
        .map(Number)
        .sort((a, b) => b - a)
    : [];
  if (majors.length === 0)
    throw new Error(
      `no PostgreSQL server binaries in ${root}/<major>/bin: install Debian's postgresql package (apt-get install postgresql)`,
    );
  return { bin: join(root, String(majors[0]), 'bin'), version: majors[0] };
}

export async function startPostgres(opts: PgOptions = {}): Promise<PgCluster> {
  const { bin, version } = postgresBin(opts.root);
  // The server refuses to run as root: as root, it runs as Debian's `postgres` system user.
  const asRoot = process.getuid?.() === 0;
  const owner = asRoot ? await systemUser(SUPERUSER) : undefined;
  const dir = await mkdtemp('/tmp/pyweb-pg-');
  const data = join(dir, 'data');
  const logFile = join(dir, 'postgres.log');
  const entry = { dir, data };
  let watchdog: number | undefined;
  let running = false;

  const asOwner = (tool: string, args: string[]): Promise<RunResult> => {
    const exe = join(bin, tool);
    // cwd: the postgres user may not be allowed into the test's working directory.
    return asRoot
      ? run('runuser', ['-u', SUPERUSER, '--', exe, ...args], { cwd: dir, timeoutMs: 60_000 })
      : run(exe, args, { cwd: dir, timeoutMs: 60_000 });
  };
  const readLog = () => {
    try {
      return readFileSync(logFile, 'utf8');
    } catch {
      return '';
    }
  };
  const psql = async (db: string, query: string) => {
    // Root may enter the data dir (mode 0700) to reach the socket; so may its owner.
    const r = await run(
      join(bin, 'psql'),
      ['-X', '-A', '-t', '-q', '-v', 'ON_ERROR_STOP=1', '-h', data, '-p', String(port)],
      {
        env: { ...process.env, PGUSER: SUPERUSER, PGDATABASE: db, PGCONNECT_TIMEOUT: '10' },
        input: query,
        timeoutMs: 60_000,
      },
    );
    return must(r, `psql -d ${db} <<< ${JSON.stringify(query.slice(0, 200))}`).stdout.trim();
  };
  const isReady = async () =>
    (await run(join(bin, 'pg_isready'), ['-q', '-h', '127.0.0.1', '-p', String(port), '-t', '5']))
      .code === 0;

  const pgStart = async () => {
    must(
      await asOwner('pg_ctl', [
        '-D',
        data,
        '-l',
        logFile,
        '-w',
        '-t',
        '60',
        '-o',
        `-p ${port}`,
        'start',
      ]),
      `pg_ctl start (port ${port})\n${readLog().slice(-2000)}`,
    );
    running = true;
    live.add(entry);
    if (!(await isReady()))
      throw new Error(`pg_isready fails on port ${port} after start\n${readLog()}`);
  };
  const pgStop = async (mode: 'fast' | 'immediate') => {
    if (!running) return;
    must(
      await asOwner('pg_ctl', ['-D', data, '-m', mode, '-w', '-t', '60', 'stop']),
      'pg_ctl stop',
    );
    running = false;
    live.delete(entry);
  };

  let port = 0;
  try {
    if (owner) await chown(dir, owner.uid, owner.gid);
    must(
      await asOwner('initdb', [
        '-D',
        data,
        '-U',
        SUPERUSER,
        '-E',
        'UTF8',
        '--no-locale',
        '--no-sync',
        // The socket lives in the data dir (0700): only its owner (and root) get in, trusted.
        '--auth-local=trust',
        '--auth-host=scram-sha-256',
      ]),
      'initdb',
    );
    // Durability is not under test; a small footprint lets many clusters run side by side.
    await appendFile(
      join(data, 'postgresql.conf'),
      [
        '',
        "listen_addresses = '127.0.0.1'",
        `unix_socket_directories = '${data}'`,
        'fsync = off',
        'synchronous_commit = off',
        'full_page_writes = off',
        'shared_buffers = 16MB',
        'max_connections = 100',
        "password_encryption = 'scram-sha-256'",
        '',
      ].join('\n'),
    );
    watchdog = spawnWatchdog(dir, data);
    // A free port can be taken by another cluster before this one binds it: try another.
    for (let attempt = 1; ; attempt++) {
      port = await freePort();
      try {
        await pgStart();
        break;
      } catch (e) {
        if (attempt >= 3 || !/could not bind|already in use/i.test(readLog())) throw e;
      }
    }
    await psql('postgres', "CREATE ROLE app LOGIN CREATEDB PASSWORD 'app'");
    await psql('postgres', 'CREATE DATABASE app OWNER app');
  } catch (e) {
    await pgStop('immediate').catch(() => {});
    if (watchdog) killQuietly(watchdog);
    await rm(dir, { recursive: true, force: true });
    throw e;
  }

  const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;
  let disposed = false;
  return {
    get port() {
      return port;
    },
    dir,
    version,
    url: (db = 'app') => `postgresql://app:app@127.0.0.1:${port}/${db}`,
    createDatabase: async (name) => {
      await psql('postgres', `CREATE DATABASE ${quoteIdent(name)} OWNER app`);
    },
    dropDatabase: async (name) => {
      await psql('postgres', `DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
    },
    sql: psql,
    stop: async () => {
      await pgStop('fast');
      if (await isReady()) throw new Error(`port ${port} still accepts after pg_ctl stop`);
    },
    start: async () => {
      if (disposed) throw new Error('this cluster was disposed');
      if (!running) await pgStart();
    },
    dispose: async () => {
      if (disposed) return;
      disposed = true;
      await pgStop('fast').catch(() => pgStop('immediate').catch(() => {}));
      if (watchdog) killQuietly(watchdog);
      await rm(dir, { recursive: true, force: true });
      live.delete(entry);
    },
    log: readLog,
  };
}

async function systemUser(name: string): Promise<{ uid: number; gid: number }> {
  const line = (await readFile('/etc/passwd', 'utf8'))
    .split('\n')
    .find((l) => l.startsWith(`${name}:`));
  if (!line)
    throw new Error(
      `no "${name}" system user to run PostgreSQL as (root may not): install Debian's postgresql package`,
    );
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

/**
 * A detached shell that outlives a worker killed by a signal (no 'exit' event then): once this
 * process is gone, it shuts the cluster down immediately and removes its dir.
 */
function spawnWatchdog(dir: string, data: string): number | undefined {
  const script = `while kill -0 ${process.pid} 2>/dev/null; do sleep 2; done
pid=$(head -n1 '${data}/postmaster.pid' 2>/dev/null) && kill -QUIT "$pid" 2>/dev/null && sleep 1
rm -rf '${dir}'`;
  const child = spawn('sh', ['-c', script], { detached: true, stdio: 'ignore' });
  child.on('error', () => {});
  child.unref();
  return child.pid;
}

function killQuietly(pid: number) {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {}
}

process.on('exit', () => {
  for (const { dir, data } of live) {
    try {
      const pid = Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
      if (pid > 0) process.kill(pid, 'SIGQUIT');
    } catch {}
    rmSync(dir, { recursive: true, force: true });
  }
});
