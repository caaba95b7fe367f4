import { chmod, copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './net.js';
import { must, run } from './run.js';
import { start, type Running } from './server.js';

export const NGINX = '/usr/sbin/nginx';

/**
 * The generated server block as it runs here: only the upstream address and the listen port
 * change (compose's `app` does not resolve on this machine, port 80 needs root).
 */
export function rewriteForLoopback(
  conf: string,
  upstream: { from: string; to: string },
  listenPort: number,
): string {
  if (!conf.includes(`server ${upstream.from};`))
    throw new Error(`the nginx config has no upstream "server ${upstream.from};"`);
  const out = conf
    .replace(`server ${upstream.from};`, `server ${upstream.to};`)
    .replace(/^(\s*)listen\s+80\b/gm, `$1listen 127.0.0.1:${listenPort}`);
  if (/^\s*listen\s+(?!127\.0\.0\.1:)/m.test(out))
    throw new Error('the nginx config listens on a port other than 80');
  return out;
}

/** What nginx's own nginx.conf (in the image, or on a host) wraps around a conf.d file. */
function mainConfig(dir: string, include: string): string {
  return `daemon off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log stderr notice;
events { worker_connections 128; }
http {
    include mime.types;
    access_log ${dir}/access.log;
    client_body_temp_path ${dir}/body;
    proxy_temp_path ${dir}/proxy;
    uwsgi_temp_path ${dir}/uwsgi;
    fastcgi_temp_path ${dir}/fastcgi;
    scgi_temp_path ${dir}/scgi;
    include ${include};
}
`;
}

export interface RunningNginx {
  port: number;
  dir: string;
  proc: Running;
  stop: () => Promise<void>;
}

/** `nginx -t`, then nginx in the foreground on loopback with the given server block. */
export async function startNginx(
  serverBlock: (listenPort: number) => string,
): Promise<RunningNginx> {
  const dir = await mkdtemp(join(tmpdir(), 'pyweb-nginx-'));
  // Started as root, nginx runs its workers as nobody: they must reach the temp paths in here.
  await chmod(dir, 0o755);
  const port = await freePort();
  // Beside nginx.conf, as in the image and on Debian: `include uwsgi_params;` finds it there.
  for (const f of ['mime.types', 'uwsgi_params'])
    await copyFile(join('/etc/nginx', f), join(dir, f));
  await writeFile(join(dir, 'default.conf'), serverBlock(port));
  const conf = join(dir, 'nginx.conf');
  await writeFile(conf, mainConfig(dir, join(dir, 'default.conf')));
  const args = ['-e', 'stderr', '-p', dir, '-c', conf];
  must(await run(NGINX, ['-t', '-q', ...args], { timeoutMs: 10_000 }), 'nginx -t');
  const proc = start([NGINX, ...args], dir, { PATH: '/usr/sbin:/usr/bin:/bin' });
  const until = Date.now() + 5000;
  while (!(await listening(port))) {
    if (!proc.alive() || Date.now() > until) {
      proc.kill();
      throw new Error(`nginx did not start:\n${proc.output().slice(-2000)}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    port,
    dir,
    proc,
    stop: async () => {
      await proc.stop(5000);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function listening(port: number): Promise<boolean> {
  const { connect } = await import('node:net');
  return new Promise((res) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      res(true);
    });
    s.once('error', () => res(false));
  });
}
