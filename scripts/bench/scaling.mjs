// Like with like and scaling: which configurations of a pair the servers part measures (access
// logging on and off, 1, 2 and 4 workers), the flags that give a bare server the same logging
// and worker count, and the two tables BENCHMARKS.md shows from them. Pure: no processes here.
import { fmtRange, fmtRatio, median } from './stats.mjs';

/** The worker counts of the scaling table and chart. */
export const COUNTS = [1, 2, 4];

/**
 * Each bare server's own switch for an access log to stdout, and its default. Looked up in each
 * server's documentation and CLI source: uvicorn and uWSGI log each request unless told not to,
 * gunicorn, hypercorn, granian and Sanic (outside --dev) do not unless told to. Waitress logs no
 * requests at all (its docs point to Paste's TransLogger middleware): `null`.
 */
export const BARE_ACCESS_LOG = {
  gunicorn: { on: ['--access-logfile', '-'], off: [], byDefault: false },
  'gunicorn-uvicorn': { on: ['--access-logfile', '-'], off: [], byDefault: false },
  uvicorn: { on: ['--access-log'], off: ['--no-access-log'], byDefault: true },
  hypercorn: { on: ['--access-logfile', '-'], off: [], byDefault: false },
  granian: { on: ['--access-log'], off: ['--no-access-log'], byDefault: false },
  uwsgi: { on: [], off: ['--disable-logging'], byDefault: true },
  sanic: { on: ['--access-logs'], off: ['--no-access-logs'], byDefault: false },
  waitress: null,
};

/** Each bare server's worker-process flag; every one of them starts one process by default. */
export const BARE_WORKERS = {
  gunicorn: (n) => ['--workers', String(n)],
  'gunicorn-uvicorn': (n) => ['--workers', String(n)],
  uvicorn: (n) => ['--workers', String(n)],
  hypercorn: (n) => ['--workers', String(n)],
  granian: (n) => ['--workers', String(n)],
  uwsgi: (n) => ['--processes', String(n)],
  sanic: (n) => ['--workers', String(n)],
};

/**
 * The bare command with the logging switch and the worker count added right after the program
 * name (every one of these CLIs takes options before the app). At 1 worker no flag is given: that
 * is the server's own default, so the 1-worker bare run is the bare default itself.
 */
export function bareWith(argv, server, { log, workers = 1 }) {
  const switches = BARE_ACCESS_LOG[server];
  const extra = [
    ...(switches ? (log ? switches.on : switches.off) : []),
    ...(workers > 1 ? BARE_WORKERS[server](workers) : []),
  ];
  return [argv[0], ...extra, ...argv.slice(1)];
}

export const key = (side, log, workers) => `${side}-${log ? 'log' : 'nolog'}-${workers}`;

/**
 * The configurations one pair is measured in. `single`: the server has no worker processes
 * (catalog `workers: 'none'`), so 1 is its only count. `defaultWorkers`: what the production
 * command starts with WEB_CONCURRENCY unset (the project's workers.py on this machine); that run
 * leaves the variable unset (`webConcurrency: null`), the others set it. The runs the targets read (both sides at their
 * defaults, both logging modes) get `runs`; the other points of the scaling curves `scaleRuns`.
 */
export function plan({ single, defaultWorkers, bareLog = true, runs, scaleRuns = runs }) {
  scaleRuns = Math.min(scaleRuns, runs);
  const counts = single ? [1] : [...new Set([...COUNTS, defaultWorkers])].sort((x, y) => x - y);
  const out = [];
  for (const n of counts) {
    const isDefault = n === defaultWorkers;
    out.push({
      key: key('a', true, n),
      side: 'a',
      log: true,
      workers: n,
      webConcurrency: isDefault ? null : n,
      runs: isDefault ? runs : scaleRuns,
    });
  }
  out.push({
    key: key('a', false, defaultWorkers),
    side: 'a',
    log: false,
    workers: defaultWorkers,
    webConcurrency: null,
    runs,
  });
  for (const n of single ? [1] : COUNTS) {
    if (bareLog)
      out.push({
        key: key('b', true, n),
        side: 'b',
        log: true,
        workers: n,
        runs: n === 1 ? runs : scaleRuns,
      });
  }
  out.push({ key: key('b', false, 1), side: 'b', log: false, workers: 1, runs });
  return out;
}

const rpsOf = (m) => m?.samples?.map((s) => s.rps) ?? [];
const cell = (m) => (m?.error ? 'failed' : fmtRange(rpsOf(m), 0));
/** a ≥ b within the spread between runs of one configuration here. */
export const TOLERANCE = 0.97;

/** One pair's numbers as the tables and the chart read them. */
export function view(r) {
  const at = (side, log, n) => {
    const m = r.runs[key(side, log, n)];
    // Waitress has no access log: its bare default is the same run in both modes.
    if (!m && side === 'b' && log && !BARE_ACCESS_LOG[r.server]) return r.runs[key('b', false, n)];
    return m;
  };
  return { at, rps: (side, log, n) => median(rpsOf(at(side, log, n))) };
}

/**
 * The like-with-like table: production at its default worker count against the bare default
 * (one process), each with access logging on and then off, and production against the
 * development server (which logs, as production does by default).
 */
export function likeTable(results) {
  const pct = Math.round((1 - TOLERANCE) * 100);
  const out = [
    `| pair | logging | (a) production req/s | (b) bare req/s | a/b | a≥b (within ${pct}%) | a/b at 1 worker each |`,
    '|---|---|---|---|---|---|---|',
  ];
  const mark = (ratio) => (Number.isFinite(ratio) ? (ratio >= TOLERANCE ? '✓' : '**✗**') : '');
  for (const r of results) {
    const v = view(r);
    for (const log of [true, false]) {
      const a = v.at('a', log, r.defaultWorkers);
      const b = v.at('b', log, 1);
      const ab = v.rps('a', log, r.defaultWorkers) / v.rps('b', log, 1);
      // The same count on both sides: what the configuration costs or gains per process, apart
      // from the workers it adds (measured with logging on, production's default).
      const one = v.rps('a', log, 1) / v.rps('b', log, 1);
      const perProcess = Number.isFinite(one) ? `${fmtRatio(one)} ${mark(one)}` : '—';
      const mode = log
        ? BARE_ACCESS_LOG[r.server]
          ? 'on'
          : 'on (b: none, waitress logs no requests)'
        : 'off';
      out.push(
        `| ${r.name} | ${mode} | ${cell(a)} | ${cell(b)} | ${fmtRatio(ab)} | ${mark(ab)} | ${perProcess} |`,
      );
    }
  }
  return out.join('\n');
}

/**
 * The scaling table: req/s at 1, 2 and 4 workers for production and bare (access logging on),
 * the development server (one process), and production against it at 1 worker and at the
 * default. Single-process servers have a value at 1 only.
 */
export function scalingTable(results, dev) {
  const head = COUNTS.flatMap((n) => [`(a) ${n}`, `(b) ${n}`]);
  const out = [
    `| pair | default workers | ${head.join(' | ')} | (c) dev | a/c at 1 | a/c at default (target ≥ 2x) |`,
    `|---|---|${head.map(() => '---').join('|')}|---|---|---|`,
  ];
  for (const r of results) {
    const v = view(r);
    const c = dev[r.framework];
    const cr = median(rpsOf(c));
    const atDefault = v.rps('a', true, r.defaultWorkers) / cr;
    const cells = COUNTS.flatMap((n) =>
      r.single && n > 1 ? ['—', '—'] : [cell(v.at('a', true, n)), cell(v.at('b', true, n))],
    );
    out.push(
      `| ${r.name}${r.single ? ' (one process)' : ''} | ${r.defaultWorkers} | ${cells.join(' | ')} | ${c ? cell(c) : 'n/a'} | ` +
        `${fmtRatio(v.rps('a', true, 1) / cr)} | ${fmtRatio(atDefault)}${Number.isFinite(atDefault) ? (atDefault >= 2 ? ' ✓' : ' ✗') : ''} |`,
    );
  }
  return out.join('\n');
}

/** The chart's input: per pair, production and bare req/s by worker count, and the dev server. */
export function chartSeries(results, dev) {
  return results.map((r) => {
    const v = view(r);
    const line = (side) =>
      (r.single ? [1] : COUNTS)
        .map((n) => ({ workers: n, rps: v.rps(side, true, n) }))
        .filter((p) => Number.isFinite(p.rps));
    const c = median(rpsOf(dev[r.framework]));
    return {
      name: r.name,
      single: Boolean(r.single),
      a: line('a'),
      b: line('b'),
      c: Number.isFinite(c) ? c : undefined,
    };
  });
}
