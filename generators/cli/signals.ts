import { existsSync, rmSync } from 'node:fs';
import type { ChildProcess } from 'node:child_process';
import { STAGING_DIRS } from '../project/write.js';
import { errColors } from './color.js';

/**
 * Ctrl-C, SIGTERM and SIGHUP outside a prompt (a prompt reads Ctrl-C as a key: see ask.ts). Each
 * removes the staging folders, stops the programs the run started, says truthfully what is on
 * disk, and exits 128 + the signal's number (130, 143, 129), with no stack trace.
 */

const EXIT: Record<string, number> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };

/** What is on disk once the project is in place: set by each step after that (git, install). */
let stopNote: (() => string | undefined) | undefined;

/** Sets what a stop says from now on ("the project is in app, but …"); undefined: "nothing was written". */
export function whenStopped(note: (() => string | undefined) | undefined): void {
  stopNote = note;
}

const CHILDREN = new Set<ChildProcess>();

/** A program the run started (git, uv, pip): stopped with the run, so it writes nothing after it. */
export function track(child: ChildProcess): void {
  CHILDREN.add(child);
  child.once('exit', () => CHILDREN.delete(child));
  child.once('error', () => CHILDREN.delete(child));
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Removes a folder that file-system calls already under way (in libuv's threads) may still be
 * writing into: a file that lands between two removals makes rmSync fail with ENOTEMPTY, so it
 * tries again. No JavaScript runs meanwhile, so nothing new is started.
 */
export function removeHard(dir: string): boolean {
  for (let i = 0; i < 20; i++) {
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // ENOTEMPTY, EBUSY: something was still writing; wait a moment.
    }
    if (!existsSync(dir)) {
      // A write in flight may land just after: look once more.
      sleepSync(20);
      if (!existsSync(dir)) return true;
    } else {
      sleepSync(20);
    }
  }
  return !existsSync(dir);
}

/** The clean-up and the last word, then exit. Synchronous: nothing else runs once a signal came. */
export function onSignal(signal: NodeJS.Signals): never {
  for (const child of CHILDREN) {
    try {
      child.kill(signal === 'SIGHUP' ? 'SIGTERM' : signal);
    } catch {
      // already gone
    }
  }
  const left: string[] = [];
  for (const dir of STAGING_DIRS) {
    if (removeHard(dir)) STAGING_DIRS.delete(dir);
    else left.push(dir);
  }
  const c = errColors();
  const by = signal === 'SIGINT' ? '' : ` by ${signal}`;
  const note = stopNote?.();
  const lines = [
    note
      ? `stopped${by}: ${note}`
      : `${signal === 'SIGINT' ? 'cancelled' : `stopped${by}`}: nothing was written`,
  ];
  for (const dir of left)
    lines.push(`could not remove the temporary folder ${dir}: remove it by hand`);
  try {
    // A prompt may have hidden the cursor.
    if (process.stdout.isTTY) process.stdout.write('\x1b[?25h');
    process.stderr.write(`\n${c.red('✖')} ${lines.join('\n')}\n`);
  } catch {
    // stderr is gone: the exit code still tells.
  }
  process.exit(EXIT[signal] ?? 1);
}

let installed = false;

/** Installs the handlers once (the launcher calls it before anything else runs). */
export function installSignalHandlers(): void {
  if (installed) return;
  installed = true;
  for (const s of Object.keys(EXIT) as NodeJS.Signals[]) process.on(s, () => onSignal(s));
}
