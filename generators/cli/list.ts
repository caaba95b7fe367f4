import {
  FRAMEWORKS,
  INTERFACE_LABEL,
  SERVERS,
  pairOf,
  serversFor,
  validPairs,
  type Interface,
  type Pair,
} from '../catalog/index.js';
import { hanging, termWidth, wrap } from './text.js';

/** The frameworks × servers grid as Markdown: the README's support table. */
export function supportTable(): string {
  const head = `| framework | ${SERVERS.map((s) => s.id).join(' | ')} |`;
  const rule = `|---|${SERVERS.map(() => ':-:').join('|')}|`;
  const rows = FRAMEWORKS.map((f) => {
    const cells = SERVERS.map((s) => {
      const p = pairOf(f, s);
      return p ? pairCode(p) : '';
    });
    return `| ${f.id} | ${cells.join(' | ')} |`;
  });
  return [head, rule, ...rows].join('\n');
}

/** W, A or own, with +ws when WebSocket works: the code a pair goes by in --list and the README. */
function pairCode(p: Pair): string {
  return `${p.interface === 'wsgi' ? 'W' : p.interface === 'asgi' ? 'A' : 'own'}${p.websocket ? '+ws' : ''}`;
}

/** `--list` for a terminal, wrapped to its width (80 without one). */
export function listText(width = termWidth()): string {
  const iface = (i: Interface) =>
    i === 'wsgi' || i === 'asgi' ? INTERFACE_LABEL[i] : 'own server';
  const row = (cells: [string, number][], text: string) => {
    const label = `  ${cells.map(([c, n]) => c.padEnd(n)).join(' ')} `;
    return hanging(label, text, label.length, width);
  };
  // Columns as wide as their longest cell, so a new framework or server id never breaks them.
  const widest = (cells: string[]) => Math.max(...cells.map((c) => c.length));
  const fwIfaces = (f: (typeof FRAMEWORKS)[number]) => f.interfaces.map(iface).join(', ');
  const srvIfaces = (s: (typeof SERVERS)[number]) => s.serves.map(iface).join(', ');
  const fwId = widest(FRAMEWORKS.map((f) => f.id));
  const styleWidth = widest(FRAMEWORKS.map((f) => f.style));
  const ifaceWidth = widest([...FRAMEWORKS.map(fwIfaces), ...SERVERS.map(srvIfaces)]);
  const srvId = widest(SERVERS.map((s) => s.id));
  const lines = ['Frameworks:'];
  for (const f of FRAMEWORKS)
    lines.push(
      row(
        [
          [f.id, fwId],
          [f.style, styleWidth],
          [fwIfaces(f), ifaceWidth],
        ],
        f.hint,
      ),
    );
  lines.push('', 'Servers:');
  for (const s of SERVERS)
    lines.push(
      row(
        [
          [s.id, srvId],
          [srvIfaces(s), ifaceWidth],
        ],
        s.hint,
      ),
    );
  lines.push(
    '',
    wrap('Pairs that work (W = WSGI, A = ASGI, own = its own server, +ws = WebSocket):', width),
    '',
  );
  for (const f of FRAMEWORKS) {
    const groups = new Map<string, string[]>();
    for (const s of serversFor(f)) {
      const code = pairCode(pairOf(f, s)!);
      groups.set(code, [...(groups.get(code) ?? []), s.id]);
    }
    for (const [i, [code, ids]] of [...groups].entries())
      lines.push(row([[i ? '' : f.id, fwId]], `${code}: ${ids.join(', ')}`));
  }
  lines.push('', `${validPairs().length} pairs.`);
  return lines.join('\n');
}
