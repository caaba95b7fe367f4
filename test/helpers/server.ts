import { spawn, type ChildProcess } from 'node:child_process';
import { processTable } from '../../scripts/proc.mjs';
import { waitFor200 } from './net.js';

export interface Running {
  child: ChildProcess;
  output: () => string;
  alive: () => boolean;
  /**
   * SIGTERM to the main process, as `docker stop` sends to PID 1, or with `group` to the whole
   * process group, as systemd (KillMode=control-group) and `kill -- -PGID` do: resolves with how
   * the main process ended.
   */
  stop: (
    graceMs: number,
    opts?: { group?: boolean },
  ) => Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number; forced: boolean }>;
  kill: () => void;
  /**
   * Resolves once every process of the group sits idle (no new process, almost no CPU) for two
   * samples in a row: answering /healthz proves one worker is up, not that the others have
   * finished booting. On timeout the group is killed.
   */
  settle: (timeoutMs?: number) => Promise<void>;
}

/** CPU time (clock ticks) used so far by each process in a process group. */
function groupTicks(pgid: number): Map<number, number> {
  return new Map(
    processTable()
      .filter((p) => p.pgrp === pgid)
      .map((p) => [p.pid, p.ticks]),
  );
}

/** Starts a command in its own process group, so that leftovers can be cleaned up. */
export function start(argv: string[], cwd: string, env: NodeJS.ProcessEnv): Running {
  const child = spawn(argv[0], argv.slice(1), {
    cwd,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const keep = (d: Buffer) => {
    out += d.toString();
    if (out.length > 200_000) out = out.slice(-100_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const done = new Promise<void>((res) =>
    child.on('exit', (code, signal) => {
      exited = { code, signal };
      res();
    }),
  );
  child.on('error', (e) => {
    out += `\nspawn error: ${e.message}`;
  });
  const killGroup = () => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      /* already gone */
    }
  };
  return {
    child,
    output: () => out,
    alive: () => exited === undefined,
    kill: killGroup,
    settle: async (timeoutMs = 30_000) => {
      const t0 = Date.now();
      let before = groupTicks(child.pid!);
      let quiet = 0;
      while (quiet < 2) {
        if (Date.now() - t0 > timeoutMs) {
          killGroup();
          throw new Error(
            `the server's processes were still busy or changing after ${timeoutMs} ms`,
          );
        }
        await new Promise((r) => setTimeout(r, 250));
        const now = groupTicks(child.pid!);
        const samePids = now.size === before.size && [...now.keys()].every((p) => before.has(p));
        let used = 0;
        for (const [p, t] of now) used += t - (before.get(p) ?? 0);
        // A booting worker imports at full speed (~25 ticks per 250 ms); timers of an idle one cost 0-1.
        quiet = samePids && used <= 1 ? quiet + 1 : 0;
        before = now;
      }
    },
    stop: async (graceMs, { group = false } = {}) => {
      const t0 = Date.now();
      if (exited) return { ...exited, ms: 0, forced: false };
      if (group) process.kill(-child.pid!, 'SIGTERM');
      else child.kill('SIGTERM');
      const timedOut = await Promise.race([
        done.then(() => false),
        new Promise<boolean>((r) => setTimeout(() => r(true), graceMs)),
      ]);
      if (timedOut) {
        killGroup();
        await done;
      }
      const ms = Date.now() - t0;
      // Workers left behind by a master that exited would keep the port: clear the group.
      killGroup();
      return { ...exited!, ms, forced: timedOut };
    },
  };
}

export async function startAndWait(
  argv: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
  url: string,
  timeoutMs = 60_000,
): Promise<Running> {
  const r = start(argv, cwd, env);
  try {
    await waitFor200(url, timeoutMs, r.alive);
  } catch (e) {
    r.kill();
    throw new Error(`${(e as Error).message}\n--- server output ---\n${r.output().slice(-4000)}`);
  }
  return r;
}
