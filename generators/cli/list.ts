import { FRAMEWORKS, INTERFACE_LABEL, SERVERS, pairOf, validPairs } from '../catalog/index.js';
import { createdShape, serveFor } from '../project/stack.js';

/** The catalog as data: what `--list --json` prints and what tests and tooling read. */
export function catalogJson() {
  return {
    frameworks: FRAMEWORKS.map((f) => ({
      id: f.id, label: f.label, hint: f.hint, style: f.style,
      interfaces: f.interfaces, websocket: f.websocket,
    })),
    servers: SERVERS.map((s) => ({
      id: s.id, label: s.label, hint: s.hint, serves: s.serves, websocket: s.websocket,
      http2: s.http2, lifespan: s.lifespan, gracefulTimeout: s.gracefulTimeout,
    })),
    pairs: validPairs().map((p) => {
      const f = FRAMEWORKS.find((x) => x.id === p.framework)!;
      const s = SERVERS.find((x) => x.id === p.server)!;
      return { ...p, command: serveFor(s, p, createdShape('app', f, p)).line };
    }),
  };
}

/** The frameworks × servers grid as Markdown: the README's support table. */
export function supportTable(): string {
  const head = `| framework | ${SERVERS.map((s) => s.id).join(' | ')} |`;
  const rule = `|---|${SERVERS.map(() => ':-:').join('|')}|`;
  const rows = FRAMEWORKS.map((f) => {
    const cells = SERVERS.map((s) => {
      const p = pairOf(f, s);
      if (!p) return '';
      return `${p.interface === 'wsgi' ? 'W' : p.interface === 'asgi' ? 'A' : 'own'}${p.websocket ? '+ws' : ''}`;
    });
    return `| ${f.id} | ${cells.join(' | ')} |`;
  });
  return [head, rule, ...rows].join('\n');
}

/** `--list` for a terminal. */
export function listText(): string {
  const pad = (s: string, n: number) => s.padEnd(n);
  const lines = ['Frameworks:'];
  for (const f of FRAMEWORKS) lines.push(`  ${pad(f.id, 10)} ${pad(f.style, 6)} ${f.interfaces.map((i) => INTERFACE_LABEL[i]).join(', ').padEnd(28)} ${f.hint}`);
  lines.push('', 'Servers:');
  for (const s of SERVERS) lines.push(`  ${pad(s.id, 17)} ${s.serves.map((i) => INTERFACE_LABEL[i]).join(', ').padEnd(28)} ${s.hint}`);
  lines.push('', 'Pairs that work (W = WSGI, A = ASGI, own = its own server, +ws = WebSocket):', '');
  const w = 10;
  lines.push(pad('', w) + SERVERS.map((s) => pad(s.id.replace('gunicorn-uvicorn', 'gunicorn-uv'), 12)).join(''));
  for (const f of FRAMEWORKS) {
    lines.push(pad(f.id, w) + SERVERS.map((s) => {
      const p = pairOf(f, s);
      return pad(p ? `${p.interface === 'wsgi' ? 'W' : p.interface === 'asgi' ? 'A' : 'own'}${p.websocket ? '+ws' : ''}` : '-', 12);
    }).join('').trimEnd());
  }
  lines.push('', `${validPairs().length} pairs.`);
  return lines.join('\n');
}
