#!/usr/bin/env node
// `npm run bench`: the tool's speed and footprint against its anchors, then the generated servers
// under load; writes BENCHMARKS.md. Measured here, never asserted by tests: timings belong to a machine.
// Usage: npm run bench [-- --quick] [--tool-runs N] [--pairs flask:gunicorn,...] [--runs N] [--seconds S]
//          [--scale-runs N]
//   --quick   the tool part alone (no Python, no wrk)
//   --pairs   some stacks only (or env PYWEB_BENCH_STACKS=flask:gunicorn,fastapi-uvicorn): a partial
//             run, written to $TMPDIR/pyweb-bench/ (or PYWEB_BENCH_OUT), never over BENCHMARKS.md
//   --database  with --pairs: the PostgreSQL-backed /api/items part too (always on without --pairs)
//   --scale-runs  wrk runs of the scaling curves' points off the defaults (2)
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, release, tmpdir, totalmem } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchTool, toolMarkdown } from './bench/tool.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const argv = process.argv.slice(2);
const flag = (name) => argv.includes(`--${name}`);
const option = (name, dflt) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : dflt;
};

/** First line a tool prints about its version (wrk prints it and exits 1). */
function version(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.error) return `${cmd}: not found`;
  return `${r.stdout}${r.stderr}`.split('\n')[0].trim();
}

function machine() {
  const load = loadavg()
    .map((x) => x.toFixed(1))
    .join(' ');
  return [
    `- CPU: ${cpus()[0]?.model ?? 'unknown'}, ${availableParallelism()} cores`,
    `- RAM: ${(totalmem() / 2 ** 30).toFixed(1)} GB; kernel: Linux ${release()}`,
    `- Node ${process.version}; ${version('wrk', ['-v']).replace(/ \[.*/, '')}; ${version(join(ROOT, '.cache/tools/bin/uv'), ['--version'])}`,
    `- load average at the start (1, 5, 15 min): ${load}`,
  ];
}

const started = Date.now();
const quick = flag('quick');
// Some stacks only: for working on the bench. Such a run is not BENCHMARKS.md's to keep.
const selected = option('pairs') ?? process.env.PYWEB_BENCH_STACKS;
const outDir = selected ? (process.env.PYWEB_BENCH_OUT ?? join(tmpdir(), 'pyweb-bench')) : ROOT;
const docPath = join(outDir, 'BENCHMARKS.md');
const svgPath = join(outDir, 'bench', 'scaling.svg');

/** "flask:gunicorn,fastapi-uvicorn" → [['flask', 'gunicorn'], ['fastapi', 'uvicorn']]. */
function parsePairs(text) {
  return text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) =>
      p.includes(':') ? p.split(':') : [p.slice(0, p.indexOf('-')), p.slice(p.indexOf('-') + 1)],
    );
}
// Before the machine's description, which names their versions: uv and wrk on a fresh clone.
if (!quick) await (await import('./bench/project.mjs')).ensureTools(console.log);
const header = machine();
const sections = [];

console.log('tool: speed and footprint');
const tool = await benchTool({ runs: Number(option('tool-runs', 10)) });
sections.push(
  [
    '## The tool',
    '',
    `The packed tarball installed into an empty folder, run as a user runs it (npm ${tool.machine.npm}), ` +
      'against its anchors in the same run: median and min–max of each command.',
    '',
    toolMarkdown(tool),
  ].join('\n'),
);

if (!quick) {
  const { benchServers, PAIRS } = await import('./bench/servers.mjs');
  const pairs = selected ? parsePairs(selected) : PAIRS;
  const servers = await benchServers({
    pairs,
    runs: Number(option('runs', 3)),
    seconds: Number(option('seconds', 2)),
    scaleRuns: Number(option('scale-runs', 2)),
    svgPath: relative(dirname(docPath), svgPath),
  });
  sections.push(servers.markdown);
  mkdirSync(dirname(svgPath), { recursive: true });
  writeFileSync(svgPath, servers.svg);
  console.log(`${svgPath} written`);
  if (!selected || flag('database')) {
    const { benchDatabase } = await import('./bench/database.mjs');
    const database = await benchDatabase({
      runs: Number(option('runs', 3)),
      seconds: Number(option('seconds', 2)),
    });
    sections.push(database.markdown);
  }
  // Findings of the A/B runs behind the generated server configuration: measured once, kept as written.
  sections.push(readFileSync(join(ROOT, 'scripts/bench/notes.md'), 'utf8'));
}

const total = (Date.now() - started) / 1000;
const doc = [
  '# Benchmarks',
  '',
  `Written by \`npm run bench${quick ? ' -- --quick' : ''}\`${selected ? ` for some stacks only (${selected})` : ''} (scripts/bench.mjs) on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, in ${total.toFixed(0)} s. ` +
    'Re-run it to measure your machine: the numbers belong to this one.',
  '',
  '## Machine',
  '',
  ...header,
  `- load average at the end: ${loadavg()
    .map((x) => x.toFixed(1))
    .join(
      ' ',
    )} (the benchmark's own servers and wrk count in it: ratios measured side by side hold better than absolute figures)`,
  '',
  ...sections.flatMap((s) => [s.trim(), '']),
].join('\n');
mkdirSync(outDir, { recursive: true });
writeFileSync(docPath, doc);
console.log(
  `${docPath} written in ${total.toFixed(0)} s${selected ? ' (some stacks only: BENCHMARKS.md left alone)' : ''}`,
);
