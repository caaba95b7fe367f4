import { chmod, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitFor200 } from './net.js';
import { must, run } from './run.js';
import { start, type Running } from './server.js';

export const APACHE = '/usr/sbin/apache2';
const MODULES = '/usr/lib/apache2/modules';

/**
 * The least an Apache needs around a site's VirtualHost, with every writable path in `dir`.
 * Debian builds log_config and unixd in; the rest is loaded as a distribution's apache2.conf
 * would. `wsgiModule` is `mod_wsgi-express module-config`'s output, built for the venv's Python.
 */
function httpdConf(dir: string, port: number, wsgiModule: string, vhost: string): string {
  return `ServerRoot ${dir}
DefaultRuntimeDir ${dir}
PidFile ${dir}/httpd.pid
Mutex file:${dir} default
Listen 127.0.0.1:${port}
ServerName 127.0.0.1
User www-data
Group www-data
ErrorLog "|/usr/bin/tee"
LogLevel warn
LoadModule mpm_event_module ${MODULES}/mod_mpm_event.so
LoadModule authz_core_module ${MODULES}/mod_authz_core.so
${wsgiModule.trim()}
WSGISocketPrefix ${dir}/wsgi
Define APACHE_LOG_DIR ${dir}
LogFormat "%h %l %u %t \\"%r\\" %>s %O \\"%{Referer}i\\" \\"%{User-Agent}i\\"" combined
Include ${vhost}
`;
}

export interface RunningApache {
  port: number;
  proc: Running;
  /** Apache's own output and the site's log files (the vhost logs to APACHE_LOG_DIR). */
  logs: () => Promise<string>;
  stop: () => Promise<void>;
}

async function logsOf(dir: string, proc: Running): Promise<string> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.log'));
  const parts = await Promise.all(
    files.map(async (f) => `--- ${f} ---\n${(await readFile(join(dir, f), 'utf8')).slice(-2000)}`),
  );
  return [proc.output().slice(-3000), ...parts].join('\n');
}

/**
 * `apache2 -t`, then Apache in the foreground on loopback with the site's VirtualHost (already
 * rewritten to listen on the port it is given). Its processes run as www-data, which must be
 * able to read the project and its venv.
 */
export async function startApache(
  venv: string,
  vhost: (port: number) => string,
  healthUrl: (port: number) => string,
): Promise<RunningApache> {
  const dir = await mkdtemp(join(tmpdir(), 'pyweb-apache-'));
  await chmod(dir, 0o755);
  const port = await freePort();
  const moduleConfig = must(
    await run(join(venv, 'bin', 'mod_wsgi-express'), ['module-config'], { timeoutMs: 30_000 }),
    'mod_wsgi-express module-config',
  ).stdout;
  await writeFile(join(dir, 'vhost.conf'), vhost(port));
  const conf = join(dir, 'httpd.conf');
  await writeFile(conf, httpdConf(dir, port, moduleConfig, join(dir, 'vhost.conf')));
  const env = { PATH: '/usr/sbin:/usr/bin:/bin', LANG: 'C.UTF-8' };
  must(await run(APACHE, ['-t', '-f', conf], { env, timeoutMs: 30_000 }), 'apache2 -t');
  const proc = start([APACHE, '-f', conf, '-DFOREGROUND'], dir, env);
  try {
    await waitFor200(healthUrl(port), 30_000, proc.alive);
  } catch (e) {
    proc.kill();
    throw new Error(`${(e as Error).message}\n--- apache ---\n${await logsOf(dir, proc)}`);
  }
  // SIGWINCH would be graceful; SIGTERM stops at once, which is all a test needs.
  return {
    port,
    proc,
    logs: () => logsOf(dir, proc),
    stop: async () => {
      await proc.stop(10_000);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
