import type { FlagSince, Server } from './types.js';

/**
 * The newest release of a distribution a project can install, from its lock or pins: exactly
 * `version` (a lock, `==`), or anything `below` it (`<0.20`); `where` says which file said so.
 */
export interface Held {
  version: string;
  below: boolean;
  where: string;
}

/** Compares dotted release numbers: 0.9 < 0.22.0 < 0.22.1. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map((x) => Number.parseInt(x, 10) || 0);
  const pb = b.split('.').map((x) => Number.parseInt(x, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d) return d;
  }
  return 0;
}

/** Whether the newest release the project can have already has something that came in `since`. */
export function heldHas(held: Held, since: string): boolean {
  const c = compareVersions(since, held.version);
  return c < 0 || (c === 0 && !held.below);
}

/** The server's flags that the release the project holds does not know. */
export function unknownFlags(server: Server, held: Record<string, Held> | undefined): FlagSince[] {
  const since = server.flagsSince;
  const h = since && held?.[since.dist];
  return h ? since.flags.filter((f) => !heldHas(h, f.since)) : [];
}
