#!/usr/bin/env node
// `npm run bench`: the tool's speed and footprint against its anchors, then the generated servers
// under load; writes BENCHMARKS.md. Measured here, never asserted by tests: timings belong to a machine.
// Usage: npm run bench [-- --quick] [--tool-runs N] [--pairs flask:gunicorn,...] [--runs N] [--seconds S]
//   --quick   the tool part alone (no Python, no wrk)
//   --database  with --pairs: the PostgreSQL-backed /api/items part too (always on without --pairs)
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, release, totalmem } from 'node:os';
import { join } from 'node:path';
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
  const pairs = option('pairs')
    ? option('pairs')
        .split(',')
        .map((p) => p.split(':'))
    : PAIRS;
  const servers = await benchServers({
    pairs,
    runs: Number(option('runs', 3)),
    seconds: Number(option('seconds', 2)),
  });
  sections.push(servers.markdown);
  if (!option('pairs') || flag('database')) {
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
  `Written by \`npm run bench${quick ? ' -- --quick' : ''}\` (scripts/bench.mjs) on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, in ${total.toFixed(0)} s. ` +
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
writeFileSync(join(ROOT, 'BENCHMARKS.md'), doc);
console.log(`BENCHMARKS.md written in ${total.toFixed(0)} s`);
