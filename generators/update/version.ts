/**
 * Orders two versions as semver does: numbers part by part, a pre-release (`1.0.0-rc.1`) before
 * its release. -1 when `a` is older, 0 the same, 1 newer.
 */
export function compareVersions(a: string, b: string): -1 | 0 | 1 {
  const parse = (v: string) => {
    const [core, pre] = v.trim().replace(/^v/, '').split(/-(.*)/s, 2);
    return { core: core.split('.').map((n) => Number.parseInt(n, 10) || 0), pre };
  };
  const x = parse(a);
  const y = parse(b);
  for (let i = 0; i < Math.max(x.core.length, y.core.length); i++) {
    const d = (x.core[i] ?? 0) - (y.core[i] ?? 0);
    if (d) return d < 0 ? -1 : 1;
  }
  if (x.pre === y.pre) return 0;
  if (x.pre === undefined) return 1;
  if (y.pre === undefined) return -1;
  const p = x.pre.split('.');
  const q = y.pre.split('.');
  for (let i = 0; i < Math.max(p.length, q.length); i++) {
    if (p[i] === undefined) return -1;
    if (q[i] === undefined) return 1;
    if (p[i] === q[i]) continue;
    const [m, n] = [Number(p[i]), Number(q[i])];
    if (Number.isInteger(m) && Number.isInteger(n)) return m < n ? -1 : 1;
    return p[i] < q[i] ? -1 : 1;
  }
  return 0;
}
