import { FRAMEWORKS } from './frameworks.js';
import { SERVERS } from './servers.js';
import { serversFor, validPairs } from './compat.js';
import { EVENT_LOOP, type Framework, INTERFACE_LABEL, type Pair, type Server } from './types.js';

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

/** The pair's handlers are coroutines on an event loop (the generated ones are `async def`). */
function asyncHandlers(f: Framework, p: Pair): boolean {
  return (
    EVENT_LOOP[p.interface] && (f.style === 'async' || !f.blockingHandlers.includes(p.interface))
  );
}

/** The generated handlers are plain functions that run off the event loop, if there is one. */
function blockingHandlers(f: Framework, p: Pair): boolean {
  return f.style === 'sync' && f.blockingHandlers.includes(p.interface);
}

/** Servers that can speak HTTP/2 themselves, in words. */
const http2Servers = (() => {
  const names = SERVERS.filter((s) => s.http2).map((s) => s.label);
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
})();

export const NEEDS: Need[] = [
  {
    // Async code needs an event loop to await on: WSGI has none, so mod_wsgi (Apache) is out.
    id: 'async',
    question: 'Will handlers mostly await other services (async code, an event loop)?',
    require: (_f, _s, p) => EVENT_LOOP[p.interface],
    prefer: (f, _s, p) => (asyncHandlers(f, p) ? 3 : 0),
    reason: (f, _s, p) =>
      asyncHandlers(f, p)
        ? 'async handlers on an event loop'
        : `an event loop under ${INTERFACE_LABEL[p.interface]} for the async views you write (the generated ones are sync)`,
    excludes: ['sync'],
  },
  {
    id: 'sync',
    question: 'Will the code be plain blocking Python (sync ORM, requests, threads)?',
    prefer: (f, _s, p) => (blockingHandlers(f, p) ? 3 : 0) + (EVENT_LOOP[p.interface] ? 0 : 1),
    reason: (f, _s, p) =>
      !EVENT_LOOP[p.interface]
        ? 'blocking code runs safely in WSGI workers and threads'
        : blockingHandlers(f, p)
          ? `${f.label} runs sync handlers in threads under ${INTERFACE_LABEL[p.interface]}`
          : `${f.label}'s handlers here are coroutines: blocking calls in them stall the event loop`,
    excludes: ['async'],
  },
  {
    id: 'websocket',
    question: 'Do you need WebSocket or other long-lived connections?',
    require: (_f, _s, p) => p.websocket,
    reason: 'WebSocket end to end',
  },
  {
    // Browsers speak HTTP/2 only over TLS, which the proxy in front ends; the generated nginx
    // speaks HTTP/1.1 to the app. So no stack is ranked for it: the note says where it goes.
    id: 'http2',
    question: 'HTTP/2 to browsers?',
    reason: 'HTTP/2 at the TLS proxy in front',
    note: `No generated project serves HTTP/2 itself: browsers use it only over TLS, so it belongs where TLS ends. The generated nginx listens on plain HTTP: add \`listen 443 ssl;\` with your certificate and \`http2 on;\` (before nginx 1.25.1, \`listen 443 ssl http2;\`), or fill in the \`tls:\` section of the Kubernetes ingress. Behind it nginx speaks HTTP/1.1 to the app (\`proxy_http_version 1.1\`: HTTP/2 upstreams need nginx 1.29.4), so any stack below works. ${http2Servers} can speak HTTP/2 themselves, with TLS settings no generated project has; that matters only with no proxy in front.`,
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
    prefer: (f, _s, p) => (asyncHandlers(f, p) ? 3 : 0),
    reason: 'an event loop holds many waiting requests without a thread each',
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
  const fits = validPairs().flatMap((pair) => {
    const f = FRAMEWORKS.find((x) => x.id === pair.framework)!;
    const s = SERVERS.find((x) => x.id === pair.server)!;
    return needs.some((n) => n.require && !n.require(f, s, pair)) ? [] : [{ f, s, pair }];
  });
  const out: Recommendation[] = [];
  for (const { f, s, pair } of fits) {
    const reasons: string[] = [];
    let score = 0;
    for (const n of needs) {
      const pts = n.prefer?.(f, s, pair) ?? 0;
      score += pts;
      if (n.require || pts >= 3) reasons.push(reasonOf(n, f, s, pair));
    }
    // Ties go to the framework's recommended server among those the needs leave (with --windows,
    // Django's is Waitress once gunicorn is out), then to the catalog's order (most used first).
    const first = serversFor(f).find((x) => fits.some((c) => c.f === f && c.s === x));
    if (first === s) score += 0.5;
    score -= FRAMEWORKS.indexOf(f) * 0.01 + SERVERS.indexOf(s) * 0.001;
    const serverWhy = s.home === f.id ? `${s.hint}; ${f.label}'s home server` : s.hint;
    // A reason the server's hint already gives (Waitress: "runs on Windows") is said once.
    const own = reasons.filter((r) => !serverWhy.includes(r));
    out.push({ framework: f, server: s, pair, score, reasons: [...own, serverWhy] });
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
