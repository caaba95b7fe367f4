// The benchmark's pure pieces for issue 20 (like with like, scaling): which runs a pair gets, the
// bare servers' flags, the two tables and the SVG chart. No server is started here.
import { describe, expect, it } from 'vitest';
import { SERVERS } from '../../generators/catalog/index.js';
import {
  BARE_ACCESS_LOG,
  BARE_WORKERS,
  bareWith,
  chartSeries,
  key,
  likeTable,
  plan,
  scalingTable,
} from '../../scripts/bench/scaling.mjs';
import { BARE } from '../../scripts/bench/servers.mjs';
import { compact, escapeXml, niceMax, scalingSvg } from '../../scripts/bench/svg.mjs';

const run = (...rps: number[]) => ({ samples: rps.map((x) => ({ rps: x, p99: 1 })), rss: 1 });

describe('bare servers: the same logging and worker count as production', () => {
  it('has a logging switch (or says there is none) and a worker flag for every bare server', () => {
    for (const id of Object.keys(BARE)) {
      expect(id in BARE_ACCESS_LOG, id).toBe(true);
      const server = SERVERS.find((s) => s.id === id);
      // One-process servers (waitress) have no worker flag to give.
      expect(id in BARE_WORKERS, id).toBe(server?.workers === 'processes');
    }
    expect(BARE_ACCESS_LOG.waitress).toBeNull();
  });

  it('adds the flags after the program name, none for the default of one worker', () => {
    const uvicorn = ['uvicorn', '--host', '127.0.0.1', '--port', '1', 'pkg:app'];
    expect(bareWith(uvicorn, 'uvicorn', { log: false, workers: 4 })).toEqual([
      'uvicorn',
      '--no-access-log',
      '--workers',
      '4',
      ...uvicorn.slice(1),
    ]);
    expect(bareWith(uvicorn, 'uvicorn', { log: true, workers: 1 })).toEqual([
      'uvicorn',
      '--access-log',
      ...uvicorn.slice(1),
    ]);
    const gunicorn = ['gunicorn', '--bind', '127.0.0.1:1', 'pkg:app'];
    expect(bareWith(gunicorn, 'gunicorn', { log: false, workers: 1 })).toEqual(gunicorn);
    expect(bareWith(gunicorn, 'gunicorn', { log: true, workers: 2 })).toEqual([
      'gunicorn',
      '--access-logfile',
      '-',
      '--workers',
      '2',
      ...gunicorn.slice(1),
    ]);
    const uwsgi = ['uwsgi', '--http', '127.0.0.1:1', '--module', 'pkg:app'];
    expect(bareWith(uwsgi, 'uwsgi', { log: false, workers: 2 }).slice(0, 4)).toEqual([
      'uwsgi',
      '--disable-logging',
      '--processes',
      '2',
    ]);
    const waitress = ['waitress-serve', '--listen=127.0.0.1:1', 'pkg:app'];
    expect(bareWith(waitress, 'waitress', { log: true, workers: 1 })).toEqual(waitress);
  });
});

describe('plan', () => {
  it('measures production at 1, 2, 4 with logging, and off at the default; bare likewise at 1', () => {
    const p = plan({ single: false, defaultWorkers: 2, runs: 3, scaleRuns: 2 });
    expect(p.map((c) => c.key)).toEqual([
      'a-log-1',
      'a-log-2',
      'a-log-4',
      'a-nolog-2',
      'b-log-1',
      'b-log-2',
      'b-log-4',
      'b-nolog-1',
    ]);
    const byKey = Object.fromEntries(p.map((c) => [c.key, c]));
    // The default count runs as the project's default: WEB_CONCURRENCY unset.
    expect(byKey['a-log-2']).toMatchObject({ webConcurrency: null, runs: 3 });
    expect(byKey['a-nolog-2']).toMatchObject({ webConcurrency: null, runs: 3 });
    expect(byKey['a-log-4']).toMatchObject({ webConcurrency: 4, runs: 2 });
    expect(byKey['b-log-1'].runs).toBe(3);
    expect(byKey['b-log-4'].runs).toBe(2);
  });

  it('adds the default count when it is not one of 1, 2, 4', () => {
    const keys = plan({ single: false, defaultWorkers: 3, runs: 3 }).map((c) => c.key);
    expect(keys.filter((k) => k.startsWith('a-log-'))).toEqual([
      'a-log-1',
      'a-log-2',
      'a-log-3',
      'a-log-4',
    ]);
    expect(keys).toContain('a-nolog-3');
  });

  it('records a one-process server at 1 only, and a bare server without access log once', () => {
    const p = plan({ single: true, defaultWorkers: 1, bareLog: false, runs: 3, scaleRuns: 2 });
    expect(p.map((c) => c.key)).toEqual(['a-log-1', 'a-nolog-1', 'b-nolog-1']);
  });

  it('never gives the extra points more runs than the defaults', () => {
    const p = plan({ single: false, defaultWorkers: 2, runs: 1, scaleRuns: 2 });
    expect(Math.max(...p.map((c) => c.runs))).toBe(1);
  });
});

const results = [
  {
    name: 'fastapi-uvicorn',
    framework: 'fastapi',
    server: 'uvicorn',
    single: false,
    defaultWorkers: 2,
    runs: {
      [key('a', true, 1)]: run(1000),
      [key('a', true, 2)]: run(1900, 2000, 2100),
      [key('a', true, 4)]: run(1800),
      [key('a', false, 2)]: run(3000),
      [key('b', true, 1)]: run(1500),
      [key('b', true, 2)]: run(1700),
      [key('b', true, 4)]: run(1600),
      [key('b', false, 1)]: run(3300),
    },
  },
  {
    name: 'flask-waitress',
    framework: 'flask',
    server: 'waitress',
    single: true,
    defaultWorkers: 1,
    runs: {
      [key('a', true, 1)]: run(900),
      [key('a', false, 1)]: run(1000),
      [key('b', false, 1)]: run(1000),
    },
  },
];
const dev = { fastapi: run(1000), flask: run(400) };

describe('tables', () => {
  it('compares production at its default with the bare default, logging on and off', () => {
    const table = likeTable(results);
    const rows = table.split('\n').slice(2);
    expect(rows).toHaveLength(4);
    expect(table.split('\n')[0]).toContain('| a≥b (within 3%) | a/b at 1 worker each |');
    expect(rows[0]).toBe(
      '| fastapi-uvicorn | on | 2000 (1900–2100) | 1500 | 1.33x | ✓ | 0.67x **✗** |',
    );
    expect(rows[1]).toBe('| fastapi-uvicorn | off | 3000 | 3300 | 0.91x | **✗** | — |');
    // Waitress logs no requests: its bare run stands in both modes, and says so.
    expect(rows[2]).toContain('| flask-waitress | on (b: none');
    expect(rows[2]).toContain('| 900 | 1000 | 0.90x |');
    expect(rows[3]).toBe('| flask-waitress | off | 1000 | 1000 | 1.00x | ✓ | 1.00x ✓ |');
  });

  it('shows req/s at 1, 2, 4 workers and production against dev at 1 and at the default', () => {
    const rows = scalingTable(results, dev).split('\n');
    expect(rows[0]).toContain('(a) 1 | (b) 1 | (a) 2 | (b) 2 | (a) 4 | (b) 4 | (c) dev');
    expect(rows[2]).toBe(
      '| fastapi-uvicorn | 2 | 1000 | 1500 | 2000 (1900–2100) | 1700 | 1800 | 1600 | 1000 | 1.00x | 2.00x ✓ |',
    );
    expect(rows[3]).toBe(
      '| flask-waitress (one process) | 1 | 900 | 1000 | — | — | — | — | 400 | 2.25x | 2.25x ✓ |',
    );
  });

  it('feeds the chart the logging-on medians', () => {
    const [uv, wa] = chartSeries(results, dev);
    expect(uv.a).toEqual([
      { workers: 1, rps: 1000 },
      { workers: 2, rps: 2000 },
      { workers: 4, rps: 1800 },
    ]);
    expect(uv.c).toBe(1000);
    expect(wa).toMatchObject({ single: true, a: [{ workers: 1, rps: 900 }] });
    expect(wa.b).toEqual([{ workers: 1, rps: 1000 }]);
  });
});

describe('the SVG chart', () => {
  const svg = scalingSvg(chartSeries(results, dev), { title: 'req/s <workers>' });

  it('is one opaque white SVG with dark text: readable on dark and light themes', () => {
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trim().endsWith('</svg>')).toBe(true);
    expect(svg).toMatch(/<rect x="0" y="0" width="\d+" height="\d+" fill="#ffffff"\/>/);
    expect(svg).not.toMatch(/currentColor|prefers-color-scheme/);
    for (const m of svg.matchAll(/<text [^>]*>/g)) expect(m[0]).toMatch(/fill="#/);
    expect(svg).toContain('req/s &lt;workers&gt;');
    // Every element opened is closed, in order (well-formed without an XML parser).
    const stack: string[] = [];
    for (const [, close, name, self] of svg.matchAll(/<(\/?)(\w+)[^>]*?(\/?)>/g)) {
      if (close) expect(stack.pop()).toBe(name);
      else if (!self) stack.push(name);
    }
    expect(stack).toEqual([]);
  });

  it('draws a panel per stack, lines where there are several worker counts', () => {
    expect(svg).toContain('>fastapi-uvicorn</text>');
    expect(svg).toContain('>flask-waitress</text>');
    expect(svg).toContain('one process (no workers)');
    // Two lines (production, bare) for uvicorn only; waitress has single points.
    expect(svg.match(/<path d="M[^"]*L[^"]*" fill="none"/g)).toHaveLength(2);
    expect(svg).toContain('fastapi-uvicorn production, 2 worker(s): 2000 req/s');
  });

  it('rounds axes and labels', () => {
    expect(niceMax(1800)).toBe(2000);
    expect(niceMax(2100)).toBe(5000);
    expect(niceMax(10000)).toBe(10000);
    expect(niceMax(0)).toBe(1);
    expect(compact(12000)).toBe('12k');
    expect(compact(2500)).toBe('2.5k');
    expect(compact(800)).toBe('800');
    expect(escapeXml(`a<b>&"'`)).toBe('a&lt;b&gt;&amp;&quot;&apos;');
  });
});
