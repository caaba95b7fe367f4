import { FRAMEWORKS } from './frameworks.js';
import { SERVERS } from './servers.js';
import { serversFor, validPairs } from './compat.js';
import type { Framework, Pair, Server } from './types.js';

/** What decides a stack. Each need is a yes/no question, a `recommend` flag, and a rule. */
export interface Need {
  id: string;
  question: string;
  /** A stack that cannot meet the need is dropped. */
  require?: (f: Framework, s: Server, p: Pair) => boolean;
  /** Points and the reason shown when a stack meets the need well. */
  prefer?: (f: Framework, s: Server, p: Pair) => number;
  reason: string;
}

export const NEEDS: Need[] = [
  {
    id: 'async', question: 'Will handlers mostly await other services (async code, an event loop)?',
    prefer: (f, _s, p) => (f.style === 'async' ? 3 : 0) + (p.interface !== 'wsgi' ? 1 : 0),
    reason: 'async handlers on an event loop',
  },
  {
    id: 'sync', question: 'Will the code be plain blocking Python (sync ORM, requests, threads)?',
    prefer: (f, _s, p) => (f.style === 'sync' ? 3 : 0) + (p.interface === 'wsgi' ? 1 : 0),
    reason: 'blocking code runs safely in WSGI workers and threads',
  },
  {
    id: 'websocket', question: 'Do you need WebSocket or other long-lived connections?',
    require: (_f, _s, p) => p.websocket,
    reason: 'WebSocket end to end',
  },
  {
    id: 'http2', question: 'Must the app server itself speak HTTP/2?',
    require: (_f, s) => s.http2,
    reason: 'HTTP/2 in the server',
  },
  {
    id: 'http3', question: 'HTTP/3 (QUIC)?',
    require: (_f, s) => s.http3,
    reason: 'HTTP/3 over QUIC',
  },
  {
    id: 'apache', question: 'Will it run inside an existing Apache httpd?',
    require: (_f, s) => s.apache,
    reason: 'runs inside Apache',
  },
  {
    id: 'windows', question: 'Must it run on Windows hosts?',
    require: (_f, s) => s.windows,
    reason: 'runs on Windows',
  },
  {
    id: 'io-bound', question: 'Many concurrent, I/O-bound requests (slow upstreams, streaming)?',
    prefer: (f, _s, p) => (f.style === 'async' && p.interface !== 'wsgi' ? 3 : 0),
    reason: 'one event loop holds thousands of waiting requests',
  },
  {
    id: 'batteries', question: 'Do you want batteries included: ORM, admin, auth, migrations?',
    prefer: (f) => (f.batteries ? 5 : 0),
    reason: 'ORM, admin and auth built in',
  },
];

export interface Recommendation {
  framework: Framework;
  server: Server;
  pair: Pair;
  score: number;
  reasons: string[];
}

/** Stacks that meet every required need, best first, with why. */
export function recommend(wanted: string[]): Recommendation[] {
  const needs = NEEDS.filter((n) => wanted.includes(n.id));
  const out: Recommendation[] = [];
  for (const pair of validPairs()) {
    const f = FRAMEWORKS.find((x) => x.id === pair.framework)!;
    const s = SERVERS.find((x) => x.id === pair.server)!;
    if (needs.some((n) => n.require && !n.require(f, s, pair))) continue;
    const reasons = needs.filter((n) => n.require).map((n) => n.reason);
    let score = 0;
    for (const n of needs.filter((x) => x.prefer)) {
      const pts = n.prefer!(f, s, pair);
      score += pts;
      if (pts >= 3) reasons.push(n.reason);
    }
    // Ties go to the framework's recommended server and to the catalog's order (most used first).
    if (serversFor(f)[0]?.id === s.id) score += 0.5;
    score -= FRAMEWORKS.indexOf(f) * 0.01 + SERVERS.indexOf(s) * 0.001;
    out.push({ framework: f, server: s, pair, score, reasons: [...reasons, s.hint] });
  }
  return out.sort((a, b) => b.score - a.score);
}

/** The best stack of each framework, best first: a short list with real choices in it. */
export function topStacks(wanted: string[], n: number): Recommendation[] {
  const seen = new Set<string>();
  return recommend(wanted).filter((r) => !seen.has(r.framework.id) && seen.add(r.framework.id)).slice(0, n);
}
