// Median and range, and how they are printed in BENCHMARKS.md.
export function median(xs) {
  const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
  if (!s.length) return NaN;
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export function summary(xs) {
  const s = xs.filter(Number.isFinite);
  return { median: median(s), min: Math.min(...s), max: Math.max(...s), n: s.length };
}

const fmtNum = (x, digits) => (Number.isFinite(x) ? x.toFixed(digits) : 'n/a');

/** "1234 (1200–1300)"; the range only when there is more than one run. */
export function fmtRange(xs, digits = 0) {
  const s = summary(xs);
  if (!s.n) return 'n/a';
  if (s.n === 1) return fmtNum(s.median, digits);
  return `${fmtNum(s.median, digits)} (${fmtNum(s.min, digits)}–${fmtNum(s.max, digits)})`;
}

export const fmtRatio = (x) => (Number.isFinite(x) ? `${x.toFixed(2)}x` : 'n/a');
export const mb = (bytes) => (bytes ? `${(bytes / 2 ** 20).toFixed(0)}` : 'n/a');
