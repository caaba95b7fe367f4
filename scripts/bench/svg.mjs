// The scaling chart as SVG text: one small panel per stack (req/s against worker count, each on
// its own scale, from zero), production and bare as lines, the development server as a marker at
// one worker. Written by hand to need no dependency; an opaque white background and explicit
// colours everywhere keep it readable in GitHub's dark theme as well as its light one.

const COLORS = { a: '#1f5fbf', b: '#d9730d', c: '#5f6b7a', grid: '#d6dbe1', text: '#1b1f24' };
const PANEL = { w: 230, h: 180, left: 44, right: 12, top: 28, bottom: 34 };
const COLUMNS = 5;
const HEADER = 64;
const PAD = 12;

export const escapeXml = (s) =>
  String(s).replace(
    /[<>&"']/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c],
  );

/** The smallest 1, 2 or 5 x 10^k at or above x: a round top for an axis. */
export function niceMax(x) {
  if (!(x > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(x));
  for (const m of [1, 2, 5, 10]) if (m * p >= x) return m * p;
  return 10 * p;
}

/** 12000 → "12k", 1500 → "1.5k", 800 → "800". */
export function compact(x) {
  if (x >= 1000) return `${Number((x / 1000).toFixed(1))}k`;
  return String(Math.round(x));
}

const f = (x) => Number(x.toFixed(1));

function panel(s, x0, y0, counts) {
  const { w, h, left, right, top, bottom } = PANEL;
  const pw = w - left - right;
  const ph = h - top - bottom;
  const all = [...s.a, ...s.b].map((p) => p.rps).concat(s.c ?? []);
  const ymax = niceMax(Math.max(0, ...all));
  const xs = (n) =>
    x0 + left + (counts.length === 1 ? pw / 2 : (counts.indexOf(n) * pw) / (counts.length - 1));
  const ys = (v) => y0 + top + ph - (v / ymax) * ph;
  const out = [];
  out.push(
    `<text x="${f(x0 + w / 2)}" y="${f(y0 + 16)}" text-anchor="middle" font-size="12" font-weight="bold" fill="${COLORS.text}">${escapeXml(s.name)}</text>`,
  );
  for (const v of [0, ymax / 2, ymax]) {
    out.push(
      `<line x1="${f(x0 + left)}" y1="${f(ys(v))}" x2="${f(x0 + left + pw)}" y2="${f(ys(v))}" stroke="${COLORS.grid}" stroke-width="1"/>`,
      `<text x="${f(x0 + left - 4)}" y="${f(ys(v) + 3)}" text-anchor="end" font-size="10" fill="${COLORS.text}">${compact(v)}</text>`,
    );
  }
  for (const n of counts) {
    out.push(
      `<text x="${f(xs(n))}" y="${f(y0 + top + ph + 13)}" text-anchor="middle" font-size="10" fill="${COLORS.text}">${n}</text>`,
    );
  }
  out.push(
    `<text x="${f(x0 + left + pw / 2)}" y="${f(y0 + top + ph + 26)}" text-anchor="middle" font-size="10" fill="${COLORS.c}">${s.single ? 'one process (no workers)' : 'workers'}</text>`,
  );
  if (s.c !== undefined) {
    out.push(
      `<line x1="${f(x0 + left)}" y1="${f(ys(s.c))}" x2="${f(x0 + left + pw)}" y2="${f(ys(s.c))}" stroke="${COLORS.c}" stroke-width="1" stroke-dasharray="2 3"/>`,
    );
    const cx = xs(counts[0]);
    const cy = ys(s.c);
    out.push(
      `<path d="M${f(cx)} ${f(cy - 5)} L${f(cx + 5)} ${f(cy)} L${f(cx)} ${f(cy + 5)} L${f(cx - 5)} ${f(cy)} Z" fill="${COLORS.c}"/>`,
    );
  }
  for (const [side, dash] of [
    ['b', ' stroke-dasharray="5 3"'],
    ['a', ''],
  ]) {
    const pts = s[side].filter((p) => counts.includes(p.workers));
    if (pts.length > 1) {
      const d = pts.map((p, i) => `${i ? 'L' : 'M'}${f(xs(p.workers))} ${f(ys(p.rps))}`).join(' ');
      out.push(`<path d="${d}" fill="none" stroke="${COLORS[side]}" stroke-width="2"${dash}/>`);
    }
    for (const p of pts) {
      const [cx, cy] = [xs(p.workers), ys(p.rps)];
      out.push(
        side === 'a'
          ? `<circle cx="${f(cx)}" cy="${f(cy)}" r="3.5" fill="${COLORS.a}"><title>${escapeXml(`${s.name} production, ${p.workers} worker(s): ${Math.round(p.rps)} req/s`)}</title></circle>`
          : `<rect x="${f(cx - 3)}" y="${f(cy - 3)}" width="6" height="6" fill="${COLORS.b}"><title>${escapeXml(`${s.name} bare, ${p.workers} worker(s): ${Math.round(p.rps)} req/s`)}</title></rect>`,
      );
    }
  }
  return out.join('\n');
}

/**
 * The whole chart. `series`: [{ name, single, a: [{workers, rps}], b: [...], c }] (chartSeries in
 * scaling.mjs); `counts`: the worker counts on the x axis.
 * @param {Array<{name: string, single: boolean, a: Array<{workers: number, rps: number}>, b: Array<{workers: number, rps: number}>, c?: number}>} series
 * @param {{title?: string, subtitle?: string, counts?: number[]}} [options]
 */
export function scalingSvg(series, { title, subtitle = '', counts = [1, 2, 4] } = {}) {
  const rows = Math.max(1, Math.ceil(series.length / COLUMNS));
  const cols = Math.min(COLUMNS, Math.max(1, series.length));
  const legend = [
    ['a', 'line', '(a) production (Dockerfile CMD, WEB_CONCURRENCY)'],
    ['b', 'dash', '(b) bare server (its worker flag)'],
    ['c', 'diamond', '(c) development server (one process)'],
  ];
  // Wide enough for the legend and the subtitle when only a few stacks ran.
  const legendWidth = legend.reduce((w, [, , label]) => w + 42 + label.length * 6, 0);
  const width = Math.max(
    PAD * 2 + cols * PANEL.w,
    PAD * 2 + legendWidth,
    PAD * 2 + subtitle.length * 6,
  );
  const height = HEADER + rows * PANEL.h + PAD;
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="-apple-system, 'Segoe UI', Helvetica, Arial, sans-serif" role="img">`,
    `<title>${escapeXml(title ?? 'req/s against worker count')}</title>`,
    `<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${PAD}" y="22" font-size="15" font-weight="bold" fill="${COLORS.text}">${escapeXml(title ?? 'req/s against worker count')}</text>`,
  ];
  if (subtitle)
    out.push(
      `<text x="${PAD}" y="38" font-size="11" fill="${COLORS.c}">${escapeXml(subtitle)}</text>`,
    );
  let lx = PAD;
  for (const [side, kind, label] of legend) {
    const y = 54;
    if (kind === 'diamond')
      out.push(
        `<path d="M${lx + 9} ${y - 5} L${lx + 14} ${y} L${lx + 9} ${y + 5} L${lx + 4} ${y} Z" fill="${COLORS.c}"/>`,
      );
    else
      out.push(
        `<line x1="${lx}" y1="${y}" x2="${lx + 18}" y2="${y}" stroke="${COLORS[side]}" stroke-width="2"${kind === 'dash' ? ' stroke-dasharray="5 3"' : ''}/>`,
      );
    out.push(
      `<text x="${lx + 24}" y="${y + 4}" font-size="11" fill="${COLORS.text}">${escapeXml(label)}</text>`,
    );
    lx += 24 + label.length * 6 + 18;
  }
  series.forEach((s, i) => {
    const x0 = PAD + (i % COLUMNS) * PANEL.w;
    const y0 = HEADER + Math.floor(i / COLUMNS) * PANEL.h;
    out.push(panel(s, x0, y0, s.single ? [1] : counts));
  });
  out.push('</svg>', '');
  return out.join('\n');
}
