#!/usr/bin/env node
// Start-up time, generation time and package size: the numbers DESIGN.md cares about.
// Measured here, never asserted by timed tests. Usage: npm run bench [-- runs]
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const runs = Number(process.argv[2] ?? 15);
const bin = new URL('../bin/create-pyweb.js', import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'pyweb-bench-'));

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function time(label, args, fresh) {
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const a = fresh ? args.map((x) => x.replace('{n}', String(i))) : args;
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [bin, ...a], { cwd: work, env: { ...process.env, CI: '1' } });
    samples.push(Number(process.hrtime.bigint() - t0) / 1e6);
    if (r.status !== 0) throw new Error(`${label} failed: ${r.stderr}`);
  }
  console.log(`${label.padEnd(36)} median ${median(samples).toFixed(0).padStart(5)} ms  (min ${Math.min(...samples).toFixed(0)}, ${runs} runs)`);
}

time('--version', ['--version']);
time('--help', ['--help']);
time('--list --json', ['--list', '--json']);
time('generate fastapi/uvicorn --dry-run', ['d{n}', '--dry-run', '--yes'], true);
time('generate django/gunicorn + k8s', ['p{n}', '-f', 'django', '--k8s', '--no-git', '--yes'], true);
const pack = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json'], { cwd: new URL('..', import.meta.url).pathname, stdio: ['ignore', 'pipe', 'ignore'] }).toString())[0];
console.log(`${'npm package'.padEnd(36)} ${(pack.size / 1024).toFixed(0)} kB packed, ${(pack.unpackedSize / 1024).toFixed(0)} kB unpacked, ${pack.entryCount} files`);
rmSync(work, { recursive: true, force: true });
