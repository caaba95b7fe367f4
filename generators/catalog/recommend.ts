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
  reason: string | ((f: Framework, s: Server, p: Pair) => string);
  /** Needs that contradict this one: asking for both is refused. */
  excludes?: string[];
  /** Said once when the need is asked for: what no generated stack does about it. */
  note?: string;
}

function reasonOf(n: Need, f: Framework, s: Server, p: Pair): string {
  return typeof n.reason === 'function' ? n.reason(f, s, p) : n.reason;
}

export const NEEDS: Need[] = [
  {
    id: 'async',
    question: 'Will handlers mostly await other services (async code, an event loop)?',
    prefer: (f, _s, p) => (f.style === 'async' ? 3 : 0) + (p.interface !== 'wsgi' ? 1 : 0),
    reason: 'async handlers on an event loop',
    excludes: ['sync'],
  },
  {
    id: 'sync',
    question: 'Will the code be plain blocking Python (sync ORM, requests, threads)?',
    prefer: (f, _s, p) => (f.style === 'sync' ? 3 : 0) + (p.interface === 'wsgi' ? 1 : 0),
    reason: (f, _s, p) =>
      p.interface === 'wsgi'
        ? 'blocking code runs safely in WSGI workers and threads'
        : `${f.label}'s sync code runs in threads under ASGI`,
    excludes: ['async'],
  },
  {
    id: 'websocket',
    question: 'Do you need WebSocket or other long-lived connections?',
    require: (_f, _s, p) => p.websocket,
    reason: 'WebSocket end to end',
  },
  {
    id: 'http2',
    question: 'Must the app server itself speak HTTP/2?',
    require: (_f, s) => s.http2,
    reason: 'HTTP/2 in the server',
  },
  {
    // No generated project serves QUIC (it needs TLS and a server's h3 extra): HTTP/3 is for the
    // proxy or load balancer in front, and every stack works behind one.
    id: 'http3',
    question: 'HTTP/3 (QUIC)?',
    reason: 'HTTP/3 at the proxy in front',
    note: 'No generated project serves HTTP/3 itself: terminate it at the proxy or load balancer in front (one that speaks QUIC, such as nginx 1.25+ with `listen 443 quic`); the app behind it speaks HTTP/1.1, so any stack below works.',
  },
  {
    id: 'apache',
    question: 'Will it run inside an existing Apache httpd?',
    require: (_f, s) => s.apache,
    reason: 'runs inside Apache',
  },
  {
    id: 'windows',
    question: 'Must it run on Windows hosts?',
    require: (_f, s) => s.windows,
    reason: 'runs on Windows',
  },
  {
    id: 'io-bound',
    question: 'Many concurrent, I/O-bound requests (slow upstreams, streaming)?',
    prefer: (f, _s, p) => (f.style === 'async' && p.interface !== 'wsgi' ? 3 : 0),
    reason: 'one event loop holds thousands of waiting requests',
  },
  {
    id: 'batteries',
    question: 'Do you want batteries included: ORM, admin, auth, migrations?',
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
    const reasons = needs.filter((n) => n.require).map((n) => reasonOf(n, f, s, pair));
    let score = 0;
    for (const n of needs.filter((x) => x.prefer)) {
      const pts = n.prefer!(f, s, pair);
      score += pts;
      if (pts >= 3) reasons.push(reasonOf(n, f, s, pair));
    }
    // Ties go to the framework's recommended server and to the catalog's order (most used first).
    if (serversFor(f)[0]?.id === s.id) score += 0.5;
    score -= FRAMEWORKS.indexOf(f) * 0.01 + SERVERS.indexOf(s) * 0.001;
    const serverWhy = s.home === f.id ? `${s.hint}; ${f.label}'s home server` : s.hint;
    out.push({ framework: f, server: s, pair, score, reasons: [...reasons, serverWhy] });
  }
  return out.sort((a, b) => b.score - a.score);
}

/** The best stack of each framework, best first: a short list with real choices in it. */
export function topStacks(wanted: string[], n: number): Recommendation[] {
  const seen = new Set<string>();
  return recommend(wanted)
    .filter((r) => !seen.has(r.framework.id) && seen.add(r.framework.id))
    .slice(0, n);
}

/** Pairs of needs asked for together that contradict each other (`sync` and `async`). */
export function contradictions(wanted: string[]): [Need, Need][] {
  const out: [Need, Need][] = [];
  for (const n of NEEDS.filter((x) => wanted.includes(x.id))) {
    for (const other of n.excludes ?? []) {
      const m = NEEDS.find((x) => x.id === other);
      if (m && wanted.includes(other) && NEEDS.indexOf(n) < NEEDS.indexOf(m)) out.push([n, m]);
    }
  }
  return out;
}
