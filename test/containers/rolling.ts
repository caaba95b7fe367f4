import { Agent, request } from 'node:http';
import { expect } from 'vitest';
import {
  composeContainers,
  inspectState,
  logs,
  output,
  podman,
  podSpec,
  stopContainer,
} from '../helpers/podman.js';
import { must } from '../helpers/run.js';

/**
 * A rolling restart behind the generated nginx: compose's app scaled to two replicas, a load
 * generator sending keep-alive GETs through nginx the whole time, and the replicas restarted one
 * at a time with the Kubernetes manifests' timing, as the project's README tells a compose user
 * to. Zero 5xx and zero connection errors: nginx passes a GET that a stopping replica refuses (or
 * a reused connection it closes) to the other, and the server drains what it has accepted within
 * terminationGracePeriodSeconds less preStop.
 */

/** Concurrent keep-alive clients: a steady flow on 2 shared cores, not a benchmark. */
const CLIENTS = 4;

export interface Load {
  sent: number;
  ok: number;
  /**
   * Requests sent again because the connection they went out on was closed before any answer:
   * what browsers and HTTP libraries do for idempotent requests (RFC 9112, 9.3.1; Node's
   * request.reusedSocket pattern). nginx closes idle connections, and accepted ones it has not
   * read yet, when a reload retires its old workers.
   */
  resent: number;
  /** Answers other than 200, by status: 5xx above all, but a 400 or 404 is as wrong. */
  serverErrors: Record<number, number>;
  /** Requests that got no answer: refused, reset, timed out. */
  failures: string[];
}

/** GETs in a loop from `clients` keep-alive connections until stop() is called. */
export function loadGenerator(
  base: string,
  path: string,
  headers: Record<string, string>,
  clients = CLIENTS,
): { stop: () => Promise<Load> } {
  const u = new URL(base);
  const agent = new Agent({ keepAlive: true, maxSockets: clients });
  const load: Load = { sent: 0, ok: 0, resent: 0, serverErrors: {}, failures: [] };
  let running = true;
  const once = (again = false): Promise<void> =>
    new Promise<void>((resolve) => {
      if (!again) load.sent++;
      const req = request(
        // Sent again on a connection of its own, as a browser does: another kept-alive one may be
        // closing too.
        {
          host: u.hostname,
          port: u.port,
          path,
          agent: again ? false : agent,
          headers,
          timeout: 30_000,
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            const status = res.statusCode ?? 0;
            if (status !== 200) load.serverErrors[status] = (load.serverErrors[status] ?? 0) + 1;
            else load.ok++;
            resolve();
          });
          res.on('error', (e) => {
            load.failures.push(`response: ${e.message}`);
            resolve();
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error('no answer within 30 s')));
      req.on('error', (e: NodeJS.ErrnoException) => {
        // No answer at all, the connection closed (before any byte of a response: this is the
        // request's error, not the response's). Only nginx closes the load generator's
        // connections, and only on a reload: an old worker leaving closes its idle kept-alive
        // connections and those it accepted but had not read a request from yet. A replica's
        // failure cannot look like this: nginx answers for it (retried, or a 5xx, counted).
        if (!again && e.code === 'ECONNRESET') {
          load.resent++;
          resolve(once(true));
          return;
        }
        load.failures.push(
          `${e.message}${again ? ' (sent again)' : req.reusedSocket ? ' (kept-alive connection)' : ''}`,
        );
        resolve();
      });
      req.end();
    });
  const loops = Array.from({ length: clients }, async () => {
    while (running) await once();
  });
  return {
    stop: async () => {
      running = false;
      await Promise.all(loops);
      agent.destroy();
      return load;
    },
  };
}

/** Until the replica's /readyz answers 200 from inside its container (its port is not published). */
async function untilReady(container: string, port: number, path: string): Promise<void> {
  const probe = `import urllib.request; urllib.request.urlopen("http://127.0.0.1:${port}${path}", timeout=2)`;
  const until = Date.now() + 120_000;
  let last = '';
  while (Date.now() < until) {
    const state = await inspectState(container);
    if (!state.Running)
      throw new Error(`${container} exited (${state.Status}, exit ${state.ExitCode}) after start`);
    const r = await podman(['exec', container, 'python', '-c', probe], 30_000);
    if (r.code === 0) return;
    last = output(r, 300);
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${container}: ${path} did not answer 200 within 120 s (last: ${last})`);
}

/** Until nginx has no worker left from before its last reload ("worker process is shutting down"). */
async function untilOldWorkersExit(container: string): Promise<void> {
  const count =
    'for f in /proc/[0-9]*/cmdline; do tr "\\0" " " < "$f"; echo; done 2>/dev/null | grep -c "shutting [d]own" || true';
  const until = Date.now() + 30_000;
  while (Date.now() < until) {
    const r = must(await podman(['exec', container, 'sh', '-c', count], 30_000), 'nginx workers');
    if (r.stdout.trim() === '0') return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${container}: nginx's old workers still run 30 s after the reload`);
}

async function ips(container: string): Promise<string> {
  const r = await podman(
    ['inspect', '--format', '{{range .NetworkSettings.Networks}}{{.IPAddress}} {{end}}', container],
    30_000,
  );
  return r.stdout.trim();
}

/**
 * The app replicas of a compose project (scaled to two), restarted one at a time under load
 * through nginx on `nginxPort`: SIGTERM with the pod's stop time (terminationGracePeriodSeconds
 * less preStop), start, /readyz, nginx reloaded (podman gives a restarted container another
 * address, and nginx resolves `app` only at start and on a reload), the next. Returns what it
 * measured.
 */
export async function rollingRestart(
  dir: string,
  project: string,
  nginxPort: number,
): Promise<string> {
  const spec = await podSpec(dir);
  const replicas = (await composeContainers(project))
    .map((c) => c.name)
    .filter((n) => /[-_]app[-_]\d+$/.test(n))
    .sort();
  expect(replicas, 'compose runs two app replicas (--scale app=2)').toHaveLength(2);
  const nginx = (await composeContainers(project)).find((c) => /[-_]nginx[-_]\d+$/.test(c.name));
  if (!nginx) throw new Error('compose started no nginx container');
  const base = `http://127.0.0.1:${nginxPort}`;
  const load = loadGenerator(base, '/api/items', { Host: `localhost:${nginxPort}` });
  const t0 = Date.now();
  const stops: string[] = [];
  const moved: string[] = [];
  let result: Load | undefined;
  try {
    // A moment of steady load first: both replicas serve, connections are reused.
    await new Promise((r) => setTimeout(r, 1000));
    for (const replica of replicas) {
      const before = await ips(replica);
      // No preStop sleep here: in Kubernetes it covers the endpoints' propagation, and compose
      // has none (nginx learns from the refused connection). The stop time is the pod's.
      const end = await stopContainer(replica, spec.stopSeconds);
      expect(
        end,
        `${replica}: SIGTERM ends the server with exit 0 within ${spec.stopSeconds}s (terminationGracePeriodSeconds less preStop)`,
      ).toMatchObject({ exitCode: 0 });
      expect(end.seconds).toBeLessThan(spec.stopSeconds);
      stops.push(`${end.seconds.toFixed(1)}s`);
      must(await podman(['start', replica], 60_000), `podman start ${replica}`);
      await untilReady(replica, spec.containerPort, '/readyz');
      if ((await ips(replica)) !== before) moved.push(replica);
      // Graceful: new workers resolve `app` again (and start with no replica marked failed), old
      // ones finish their requests. The README's step for compose.
      must(await podman(['exec', nginx.name, 'nginx', '-s', 'reload'], 30_000), 'nginx -s reload');
      // nginx's old workers finish their requests with the old addresses, trying a replica that
      // is gone for up to proxy_connect_timeout: the next replica stops once they have exited.
      await untilOldWorkersExit(nginx.name);
    }
  } finally {
    result = await load.stop();
  }
  const seconds = (Date.now() - t0) / 1000;
  const summary =
    `${result.sent} GETs in ${seconds.toFixed(0)}s, ${result.ok} answered 200, ` +
    `${result.resent} sent again after nginx closed their connection unanswered (a reload), ` +
    `stops ${stops.join(' and ')}, ${moved.length} of 2 back at another address`;
  const logsOf = async () =>
    (
      await Promise.all(replicas.map(async (r) => `--- ${r} ---\n${(await logs(r)).slice(-3000)}`))
    ).join('\n');
  if (Object.keys(result.serverErrors).length || result.failures.length)
    throw new Error(
      // What went wrong first: the summary table shows only the start of the first line.
      `rolling restart: not 200 ${JSON.stringify(result.serverErrors)}, ${result.failures.length} failed (${[...new Set(result.failures)].slice(0, 5).join('; ')}); ${summary}\n${await logsOf()}`,
    );
  expect(result.sent, 'the load generator kept sending').toBeGreaterThan(50);
  return summary;
}
