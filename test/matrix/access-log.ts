import { expect } from 'vitest';
import { get } from '../helpers/net.js';
import type { Running } from '../helpers/server.js';

/**
 * ACCESS_LOG, checked on the starts provePair already makes: on (the default) a request shows up
 * in the server's output, at 0 it does not. Every server writes the path after the method, Sanic
 * the whole URL: `GET /api/items/7`, `GET http://host:port/api/items/7`.
 */
const line = (id: number) => new RegExp(`GET \\S*/api/items/${id}[ "?]`);

/** Output arrives through a pipe from worker processes: give it a moment. */
async function outputWithin(running: Running, ms: number, done: (out: string) => boolean) {
  const t0 = Date.now();
  while (!done(running.output()) && Date.now() - t0 < ms)
    await new Promise((r) => setTimeout(r, 50));
  return running.output();
}

export async function proveAccessLogged(base: string, running: Running): Promise<void> {
  expect((await get(`${base}/api/items/2`)).status).toBe(200);
  const out = await outputWithin(running, 3000, (o) => line(2).test(o));
  expect(out, 'ACCESS_LOG=1: the request in the server output').toMatch(line(2));
}

export async function proveAccessQuiet(base: string, running: Running): Promise<void> {
  expect((await get(`${base}/api/items/3`)).status).toBe(200);
  const out = await outputWithin(running, 500, (o) => line(3).test(o));
  expect(out, 'ACCESS_LOG=0: no access log').not.toMatch(line(3));
  expect(out, 'ACCESS_LOG=0: no access log').not.toMatch(/GET \S*\/healthz/);
}
