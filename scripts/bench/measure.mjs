// Start a server, load it with wrk, sample the memory of its process tree, stop it.
import { spawn } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import { createServer } from 'node:net';
import { processTable } from '../proc.mjs';

const PAGE = 4096;

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Sum of the resident memory of `root` and every process below it, from /proc. */
export function treeRss(root) {
  const children = new Map();
  const rss = new Map();
  for (const { pid, ppid, rssPages } of processTable()) {
    rss.set(pid, rssPages * PAGE);
    if (!children.has(ppid)) children.set(ppid, []);
    children.get(ppid).push(pid);
  }
  let total = 0;
  const todo = [root];
  while (todo.length) {
    const pid = todo.pop();
    total += rss.get(pid) ?? 0;
    todo.push(...(children.get(pid) ?? []));
  }
  return total;
}

async function ready(url, proc, timeoutMs) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (proc.exitCode !== null || proc.signalCode !== null) return false;
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      if (res.status === 200) return true;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  return false;
}

/**
 * Runs argv in its own process group (so that reloaders, masters and workers all stop with it),
 * its output in `logFile`, and samples the tree's RSS every 100 ms until stopped.
 */
export async function startServer({ argv, cwd, env, port, logFile, timeoutMs = 60_000 }) {
  const log = openSync(logFile, 'w');
  const proc = spawn(argv[0], argv.slice(1), {
    cwd,
    env,
    detached: true,
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  let peak = 0;
  const sampler = setInterval(() => {
    peak = Math.max(peak, treeRss(proc.pid));
  }, 100);
  const exited = new Promise((resolve) => proc.once('exit', resolve));
  const stop = async () => {
    clearInterval(sampler);
    try {
      process.kill(-proc.pid, 'SIGTERM');
    } catch {
      // already gone
    }
    const done = await Promise.race([exited.then(() => true), sleep(15_000).then(() => false)]);
    // Dev-server reloaders can leave a child behind in the group: end the whole group.
    try {
      process.kill(-proc.pid, 'SIGKILL');
    } catch {
      // nothing left
    }
    if (!done) await exited;
  };
  if (!(await ready(`http://127.0.0.1:${port}/healthz`, proc, timeoutMs))) {
    await stop();
    throw new Error(
      `${argv.join(' ')} did not answer /healthz (log: ${logFile}):\n${tail(logFile)}`,
    );
  }
  return { pid: proc.pid, stop, peakRss: () => peak };
}

export function tail(file, chars = 1500) {
  try {
    return readFileSync(file, 'utf8').slice(-chars);
  } catch {
    return '';
  }
}

function toMs(text) {
  const m = /^([\d.]+)(us|ms|s|m)$/.exec(text);
  if (!m) return NaN;
  const scale = { us: 1e-3, ms: 1, s: 1e3, m: 60e3 }[m[2]];
  return Number(m[1]) * scale;
}

export function parseWrk(out) {
  const num = (re) => {
    const m = re.exec(out);
    return m ? Number(m[1]) : 0;
  };
  const p = (q) => toMs((new RegExp(`^\\s*${q}%\\s+(\\S+)`, 'm').exec(out) ?? [])[1] ?? '');
  const sock = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  return {
    rps: num(/Requests\/sec:\s+([\d.]+)/),
    requests: num(/(\d+) requests in/),
    p50: p(50),
    p99: p(99),
    non2xx: num(/Non-2xx or 3xx responses: (\d+)/),
    errors: sock ? sock.slice(1, 5).reduce((a, b) => a + Number(b), 0) : 0,
    timeouts: sock ? Number(sock[4]) : 0,
  };
}

/** One bounded wrk run: one client thread, so that the server keeps most of the cores. */
export function wrk({ url, connections, seconds, timeoutS = 10 }) {
  const args = [
    '-t1',
    `-c${connections}`,
    `-d${seconds}s`,
    `--timeout`,
    `${timeoutS}s`,
    '--latency',
    url,
  ];
  return new Promise((resolve, reject) => {
    const p = spawn('wrk', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (out += d));
    p.once('error', reject);
    p.once('exit', (code) =>
      code === 0 ? resolve(parseWrk(out)) : reject(new Error(`wrk ${args.join(' ')}: ${out}`)),
    );
  });
}

export const wrkCommand = ({ connections, seconds }) =>
  `wrk -t1 -c${connections} -d${seconds}s --timeout 10s --latency`;
