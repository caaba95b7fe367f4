/**
 * A line-level three-way merge that gives what `git merge-file --diff3` gives: the same diff
 * (Myers, hunks slid down as far as they go, as xdiff compacts them), the same rule for what
 * conflicts (hunks that overlap or touch in the base; identical changes do not) and the same
 * markers and line endings. Following git rather than a textbook diff3 means the conflicts a
 * user sees in the file are the ones `git mergetool` and IDE merge editors would show.
 * Pure: text in, text out.
 */

export interface MergeLabels {
  yours: string;
  base: string;
  theirs: string;
}
export interface MergeResult {
  text: string;
  conflicts: number;
}

/** Lines with their line breaks (a last line without one stays without). */
function splitLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/** A change: base lines [i0, i0 + n0) became side lines [i1, i1 + n1). */
interface Hunk {
  i0: number;
  n0: number;
  i1: number;
  n1: number;
}

/**
 * Which lines of a and of b are changed, as xdiff finds them (xdl_do_diff): common ends trimmed,
 * lines without a match in the other file set aside first (as are lines matched very often when
 * they sit among those), then Myers' divide and conquer on the rest, which splits at the middle
 * snake. A plain forward Myers finds another of the equally short diffs in some texts, and the
 * conflict regions would then differ from git's. (xdiff's cost heuristics only start above 256
 * differences; they are left out.)
 */
function changedLines(a: string[], b: string[]): [boolean[], boolean[]] {
  const ids = new Map<string, number>();
  const id = (l: string) => {
    const n = ids.get(l) ?? ids.size;
    ids.set(l, n);
    return n;
  };
  const ha = a.map(id);
  const hb = b.map(id);
  const count = (h: number[]) => {
    const c = new Map<number, number>();
    for (const x of h) c.set(x, (c.get(x) ?? 0) + 1);
    return c;
  };
  const inA = count(ha);
  const inB = count(hb);
  const ra: boolean[] = new Array(a.length).fill(false);
  const rb: boolean[] = new Array(b.length).fill(false);
  let start = 0;
  const lim = Math.min(a.length, b.length);
  while (start < lim && ha[start] === hb[start]) start++;
  let tail = 0;
  while (tail < lim - start && ha[a.length - 1 - tail] === hb[b.length - 1 - tail]) tail++;
  const keep = (
    h: number[],
    other: Map<number, number>,
    r: boolean[],
  ): { idx: number[]; h: number[] } => {
    const end = h.length - tail - 1;
    let mlim = bogosqrt(h.length);
    if (mlim > 1024) mlim = 1024;
    const dis = new Uint8Array(h.length + 1);
    for (let i = start; i <= end; i++) {
      const nm = other.get(h[i]) ?? 0;
      dis[i] = nm === 0 ? 0 : nm >= mlim ? 2 : 1;
    }
    const out = { idx: [] as number[], h: [] as number[] };
    for (let i = start; i <= end; i++) {
      if (dis[i] === 1 || (dis[i] === 2 && !cleanMultimatch(dis, i, start, end))) {
        out.idx.push(i);
        out.h.push(h[i]);
      } else r[i] = true;
    }
    return out;
  };
  const ka = keep(ha, inB, ra);
  const kb = keep(hb, inA, rb);
  recsCmp(
    ka.h,
    0,
    ka.h.length,
    kb.h,
    0,
    kb.h.length,
    (i) => {
      ra[ka.idx[i]] = true;
    },
    (j) => {
      rb[kb.idx[j]] = true;
    },
  );
  return [ra, rb];
}

function bogosqrt(n: number): number {
  let i = 1;
  for (; n > 0; n >>= 2) i <<= 1;
  return i;
}

/** xdl_clean_mmatch: a line matched often is set aside only inside a run of unmatched lines. */
function cleanMultimatch(dis: Uint8Array, i: number, s: number, e: number): boolean {
  if (i - s > 100) s = i - 100;
  if (e - i > 100) e = i + 100;
  let rdis0 = 0;
  let rpdis0 = 1;
  for (let r = 1; i - r >= s; r++) {
    if (!dis[i - r]) rdis0++;
    else if (dis[i - r] === 2) rpdis0++;
    else break;
  }
  if (rdis0 === 0) return false;
  let rdis1 = 0;
  let rpdis1 = 1;
  for (let r = 1; i + r <= e; r++) {
    if (!dis[i + r]) rdis1++;
    else if (dis[i + r] === 2) rpdis1++;
    else break;
  }
  if (rdis1 === 0) return false;
  rdis1 += rdis0;
  rpdis1 += rpdis0;
  return rpdis1 * 4 < rpdis1 + rdis1;
}

/** xdl_recs_cmp: marks the changed elements of h1[off1, lim1) and h2[off2, lim2). */
function recsCmp(
  h1: number[],
  off1: number,
  lim1: number,
  h2: number[],
  off2: number,
  lim2: number,
  mark1: (i: number) => void,
  mark2: (j: number) => void,
): void {
  while (off1 < lim1 && off2 < lim2 && h1[off1] === h2[off2]) {
    off1++;
    off2++;
  }
  while (off1 < lim1 && off2 < lim2 && h1[lim1 - 1] === h2[lim2 - 1]) {
    lim1--;
    lim2--;
  }
  if (off1 === lim1) for (; off2 < lim2; off2++) mark2(off2);
  else if (off2 === lim2) for (; off1 < lim1; off1++) mark1(off1);
  else {
    const [s1, s2] = split(h1, off1, lim1, h2, off2, lim2);
    recsCmp(h1, off1, s1, h2, off2, s2, mark1, mark2);
    recsCmp(h1, s1, lim1, h2, s2, lim2, mark1, mark2);
  }
}

/** xdl_split: the middle snake, searched from both ends at once. */
function split(
  h1: number[],
  off1: number,
  lim1: number,
  h2: number[],
  off2: number,
  lim2: number,
): [number, number] {
  const dmin = off1 - lim2;
  const dmax = lim1 - off2;
  const base = -dmin + 1; // diagonals dmin - 1 .. dmax + 1
  const kf = new Int32Array(dmax - dmin + 3);
  const kb = new Int32Array(dmax - dmin + 3);
  const BIG = 0x7fffffff;
  const fmid = off1 - off2;
  const bmid = lim1 - lim2;
  const odd = ((fmid - bmid) & 1) !== 0;
  let fmin = fmid;
  let fmax = fmid;
  let bmin = bmid;
  let bmax = bmid;
  kf[fmid + base] = off1;
  kb[bmid + base] = lim1;
  for (;;) {
    if (fmin > dmin) kf[--fmin - 1 + base] = -1;
    else ++fmin;
    if (fmax < dmax) kf[++fmax + 1 + base] = -1;
    else --fmax;
    for (let d = fmax; d >= fmin; d -= 2) {
      let i1 = kf[d - 1 + base] >= kf[d + 1 + base] ? kf[d - 1 + base] + 1 : kf[d + 1 + base];
      let i2 = i1 - d;
      while (i1 < lim1 && i2 < lim2 && h1[i1] === h2[i2]) {
        i1++;
        i2++;
      }
      kf[d + base] = i1;
      if (odd && bmin <= d && d <= bmax && kb[d + base] <= i1) return [i1, i2];
    }
    if (bmin > dmin) kb[--bmin - 1 + base] = BIG;
    else ++bmin;
    if (bmax < dmax) kb[++bmax + 1 + base] = BIG;
    else --bmax;
    for (let d = bmax; d >= bmin; d -= 2) {
      let i1 = kb[d - 1 + base] < kb[d + 1 + base] ? kb[d - 1 + base] : kb[d + 1 + base] - 1;
      let i2 = i1 - d;
      while (i1 > off1 && i2 > off2 && h1[i1 - 1] === h2[i2 - 1]) {
        i1--;
        i2--;
      }
      kb[d + base] = i1;
      if (!odd && fmin <= d && d <= fmax && i1 <= kf[d + base]) return [i1, i2];
    }
  }
}

/**
 * Slides each run of changed lines down as far as the text allows, merging runs that meet, then
 * back up to line up with a change in the other file if it passed one (xdiff's
 * xdl_change_compact without the indent heuristic): this is where git puts an ambiguous hunk.
 */
function compact(lines: string[], rchg: boolean[], other: boolean[]): void {
  const n = lines.length;
  const on = (r: boolean[], i: number) => i >= 0 && i < r.length && r[i];
  interface Group {
    start: number;
    end: number;
  }
  const init = (r: boolean[]): Group => {
    let end = 0;
    while (on(r, end)) end++;
    return { start: 0, end };
  };
  const next = (r: boolean[], g: Group): boolean => {
    if (g.end === r.length) return false;
    g.start = g.end + 1;
    g.end = g.start;
    while (on(r, g.end)) g.end++;
    return true;
  };
  const previous = (r: boolean[], g: Group): boolean => {
    if (g.start === 0) return false;
    g.end = g.start - 1;
    g.start = g.end;
    while (on(r, g.start - 1)) g.start--;
    return true;
  };
  const g = init(rchg);
  const go = init(other);
  const slideDown = (): boolean => {
    if (g.end >= n || lines[g.start] !== lines[g.end]) return false;
    rchg[g.start++] = false;
    rchg[g.end++] = true;
    while (on(rchg, g.end)) g.end++;
    return true;
  };
  const slideUp = (): boolean => {
    if (g.start <= 0 || lines[g.start - 1] !== lines[g.end - 1]) return false;
    rchg[--g.start] = true;
    rchg[--g.end] = false;
    while (on(rchg, g.start - 1)) g.start--;
    return true;
  };
  for (;;) {
    if (g.end !== g.start) {
      let size: number;
      let earliestEnd: number;
      let endMatchingOther: number;
      do {
        size = g.end - g.start;
        endMatchingOther = -1;
        while (slideUp()) previous(other, go);
        earliestEnd = g.end;
        if (go.end > go.start) endMatchingOther = g.end;
        while (slideDown()) {
          next(other, go);
          if (go.end > go.start) endMatchingOther = g.end;
        }
      } while (size !== g.end - g.start);
      if (g.end !== earliestEnd && endMatchingOther !== -1) {
        while (go.end === go.start) {
          slideUp();
          previous(other, go);
        }
      }
    }
    if (!next(rchg, g)) break;
    next(other, go);
  }
}

function diff(base: string[], side: string[]): Hunk[] {
  const [r0, r1] = changedLines(base, side);
  compact(base, r0, r1);
  compact(side, r1, r0);
  const hunks: Hunk[] = [];
  let i = 0;
  let j = 0;
  while (i < base.length || j < side.length) {
    if (r0[i] || r1[j]) {
      const h: Hunk = { i0: i, n0: 0, i1: j, n1: 0 };
      while (i < base.length && r0[i]) i++;
      while (j < side.length && r1[j]) j++;
      h.n0 = i - h.i0;
      h.n1 = j - h.i1;
      hunks.push(h);
    } else {
      i++;
      j++;
    }
  }
  return hunks;
}

/** 0 conflict, 1 yours' change, 2 theirs'; base [i0, +n0), yours [i1, +n1), theirs [i2, +n2). */
interface Region {
  mode: 0 | 1 | 2;
  i0: number;
  n0: number;
  i1: number;
  n1: number;
  i2: number;
  n2: number;
}

/** Git's rule: a region that overlaps or touches the previous one (on either side) joins it. */
function append(out: Region[], r: Region): void {
  const m = out[out.length - 1];
  if (m && (r.i1 <= m.i1 + m.n1 || r.i2 <= m.i2 + m.n2)) {
    if (r.mode !== m.mode) m.mode = 0;
    m.n0 = r.i0 + r.n0 - m.i0;
    m.n1 = r.i1 + r.n1 - m.i1;
    m.n2 = r.i2 + r.n2 - m.i2;
  } else {
    out.push({ ...r });
  }
}

/** xdiff's xdl_do_merge at XDL_MERGE_EAGER, the level git uses for the diff3 style. */
function regions(
  base: string[],
  yours: string[],
  theirs: string[],
  h1: Hunk[],
  h2: Hunk[],
): Region[] {
  const out: Region[] = [];
  let a = 0;
  let b = 0;
  while (a < h1.length && b < h2.length) {
    const x = h1[a];
    const y = h2[b];
    if (x.i0 + x.n0 < y.i0) {
      append(out, {
        mode: 1,
        i0: x.i0,
        n0: x.n0,
        i1: x.i1,
        n1: x.n1,
        i2: y.i1 - y.i0 + x.i0,
        n2: x.n0,
      });
      a++;
      continue;
    }
    if (y.i0 + y.n0 < x.i0) {
      append(out, {
        mode: 2,
        i0: y.i0,
        n0: y.n0,
        i1: x.i1 - x.i0 + y.i0,
        n1: y.n0,
        i2: y.i1,
        n2: y.n1,
      });
      b++;
      continue;
    }
    const same =
      x.i0 === y.i0 &&
      x.n0 === y.n0 &&
      x.n1 === y.n1 &&
      yours.slice(x.i1, x.i1 + x.n1).every((l, k) => l === theirs[y.i1 + k]);
    if (!same) {
      const off = x.i0 - y.i0;
      const ffo = off + x.n0 - y.n0;
      let i0 = x.i0;
      let i1 = x.i1;
      let i2 = y.i1;
      if (off > 0) {
        i0 -= off;
        i1 -= off;
      } else {
        i2 += off;
      }
      let n0 = x.i0 + x.n0 - i0;
      let n1 = x.i1 + x.n1 - i1;
      let n2 = y.i1 + y.n1 - i2;
      if (ffo < 0) {
        n0 -= ffo;
        n1 -= ffo;
      } else {
        n2 += ffo;
      }
      append(out, { mode: 0, i0, n0, i1, n1, i2, n2 });
    }
    const e1 = x.i0 + x.n0;
    const e2 = y.i0 + y.n0;
    if (e1 >= e2) b++;
    if (e2 >= e1) a++;
  }
  for (; a < h1.length; a++) {
    const x = h1[a];
    const i2 = x.i0 + theirs.length - base.length;
    append(out, { mode: 1, i0: x.i0, n0: x.n0, i1: x.i1, n1: x.n1, i2, n2: x.n0 });
  }
  for (; b < h2.length; b++) {
    const y = h2[b];
    const i1 = y.i0 + yours.length - base.length;
    append(out, { mode: 2, i0: y.i0, n0: y.n0, i1, n1: y.n0, i2: y.i1, n2: y.n1 });
  }
  return out;
}

/** 1 when line i ends in CRLF, 0 in LF, -1 when it cannot tell (git's is_eol_crlf). */
function eolCrlf(lines: string[], i: number): number {
  if (i < lines.length - 1) return lines[i].endsWith('\r\n') ? 1 : 0;
  if (lines.length === 0) return -1;
  if (lines[i].endsWith('\n')) return lines[i].endsWith('\r\n') ? 1 : 0;
  if (i === 0) return -1;
  return lines[i - 1].endsWith('\r\n') ? 1 : 0;
}

/**
 * Three-way merge of yours and theirs from base, git's diff3 conflict style. A conflict's sides
 * each end with a line break (added when the side's last line has none) so that every marker
 * starts a line; markers use CRLF when the lines around them do.
 */
export function mergeText(
  base: string | undefined,
  yours: string,
  theirs: string,
  labels: MergeLabels,
): MergeResult {
  const b = splitLines(base ?? '');
  const y = splitLines(yours);
  const t = splitLines(theirs);
  const h1 = diff(b, y);
  const h2 = diff(b, t);
  // As git: when one side has no change the result is the other, byte for byte.
  if (h1.length === 0) return { text: theirs, conflicts: 0 };
  if (h2.length === 0) return { text: yours, conflicts: 0 };
  const rs = regions(b, y, t, h1, h2);
  const out: string[] = [];
  let conflicts = 0;
  let i = 0;
  for (const r of rs) {
    out.push(...y.slice(i, r.i1));
    if (r.mode === 1) out.push(...y.slice(r.i1, r.i1 + r.n1));
    else if (r.mode === 2) out.push(...t.slice(r.i2, r.i2 + r.n2));
    else {
      conflicts++;
      let cr = eolCrlf(y, r.i1 ? r.i1 - 1 : 0);
      if (cr) cr = eolCrlf(t, r.i2 ? r.i2 - 1 : 0);
      if (cr) cr = eolCrlf(b, 0);
      const eol = cr === 1 ? '\r\n' : '\n';
      const side = (lines: string[]) => {
        if (lines.length === 0) return;
        out.push(...lines);
        if (!lines[lines.length - 1].endsWith('\n')) out.push(eol);
      };
      out.push(`<<<<<<< ${labels.yours}${eol}`);
      side(y.slice(r.i1, r.i1 + r.n1));
      out.push(`||||||| ${labels.base}${eol}`);
      side(b.slice(r.i0, r.i0 + r.n0));
      out.push(`=======${eol}`);
      side(t.slice(r.i2, r.i2 + r.n2));
      out.push(`>>>>>>> ${labels.theirs}${eol}`);
    }
    i = r.i1 + r.n1;
  }
  out.push(...y.slice(i));
  return { text: out.join(''), conflicts };
}
