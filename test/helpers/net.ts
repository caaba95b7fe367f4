import { createServer, connect } from 'node:net';
import { randomBytes } from 'node:crypto';

export function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => res(port));
    });
  });
}

export interface HttpReply {
  status: number;
  body: string;
  json: () => unknown;
  headers: Headers;
}

export async function get(
  url: string,
  headers: Record<string, string> = {},
  timeoutMs = 10_000,
): Promise<HttpReply> {
  const res = await fetch(url, {
    headers,
    signal: AbortSignal.timeout(timeoutMs),
    redirect: 'manual',
  });
  const body = await res.text();
  return {
    status: res.status,
    body,
    headers: res.headers,
    json: () => {
      try {
        return JSON.parse(body);
      } catch {
        throw new Error(`${url} did not answer JSON (status ${res.status}): ${body.slice(0, 300)}`);
      }
    },
  };
}

/** Polls until the URL answers 200, the process dies, or time runs out. */
export async function waitFor200(
  url: string,
  timeoutMs: number,
  alive: () => boolean,
  headers: Record<string, string> = {},
): Promise<void> {
  const until = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < until) {
    if (!alive()) throw new Error(`the server exited before ${url} answered`);
    try {
      const r = await get(url, headers, 2000);
      if (r.status === 200) return;
      last = `status ${r.status}: ${r.body.slice(0, 200)}`;
    } catch (e) {
      last = String((e as Error).cause ?? e);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs} ms (last: ${last})`);
}

/**
 * A minimal RFC 6455 client: opens a WebSocket, sends one text message and returns the first
 * text message received. Small enough to read, and it exercises the real upgrade handshake.
 */
export function wsEcho(
  host: string,
  port: number,
  path: string,
  message: string,
  headers: Record<string, string> = {},
  timeoutMs = 10_000,
): Promise<string> {
  return new Promise((resolveWs, reject) => {
    const sock = connect(port, host);
    const key = randomBytes(16).toString('base64');
    let buf = Buffer.alloc(0);
    let upgraded = false;
    const timer = setTimeout(() => {
      sock.destroy();
      reject(
        new Error(
          `WebSocket ${path}: no echo within ${timeoutMs} ms (got ${JSON.stringify(buf.toString('latin1').slice(0, 200))})`,
        ),
      );
    }, timeoutMs);
    const fail = (e: Error) => {
      clearTimeout(timer);
      sock.destroy();
      reject(e);
    };
    sock.on('error', fail);
    sock.on('connect', () => {
      // A Host or Origin among the headers replaces the default one (a name the site answers to).
      const given = new Set(Object.keys(headers).map((k) => k.toLowerCase()));
      const defaults = {
        Host: `${host}:${port}`,
        Origin: `http://${headers.Host ?? headers.host ?? `${host}:${port}`}`,
      };
      const head = Object.entries(defaults)
        .filter(([k]) => !given.has(k.toLowerCase()))
        .map(([k, v]) => `${k}: ${v}\r\n`)
        .join('');
      const extra = Object.entries(headers)
        .map(([k, v]) => `${k}: ${v}\r\n`)
        .join('');
      sock.write(
        `GET ${path} HTTP/1.1\r\n${head}Upgrade: websocket\r\nConnection: Upgrade\r\n` +
          `Sec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n${extra}\r\n`,
      );
    });
    sock.on('data', (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      if (!upgraded) {
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) return;
        const head = buf.subarray(0, end).toString('latin1');
        if (!/^HTTP\/1\.1 101/.test(head))
          return fail(new Error(`WebSocket ${path}: upgrade refused: ${head.split('\r\n')[0]}`));
        upgraded = true;
        buf = buf.subarray(end + 4);
        sock.write(frame(0x1, Buffer.from(message)));
      }
      while (buf.length >= 2) {
        const opcode = buf[0] & 0x0f;
        let len = buf[1] & 0x7f;
        let off = 2;
        if (len === 126) {
          if (buf.length < 4) return;
          len = buf.readUInt16BE(2);
          off = 4;
        } else if (len === 127) {
          if (buf.length < 10) return;
          len = Number(buf.readBigUInt64BE(2));
          off = 10;
        }
        if (buf.length < off + len) return;
        const payload = buf.subarray(off, off + len);
        buf = buf.subarray(off + len);
        if (opcode === 0x9) {
          sock.write(frame(0xa, payload));
          continue;
        }
        if (opcode === 0x8)
          return fail(
            new Error(
              `WebSocket ${path}: closed by the server (${payload.readUInt16BE?.(0) ?? ''})`,
            ),
          );
        if (opcode === 0x1) {
          clearTimeout(timer);
          sock.end(frame(0x8, Buffer.from([0x03, 0xe8])));
          return resolveWs(payload.toString('utf8'));
        }
      }
    });
  });
}

function frame(opcode: number, payload: Buffer): Buffer {
  const mask = randomBytes(4);
  const len = payload.length;
  const head =
    len < 126
      ? Buffer.from([0x80 | opcode, 0x80 | len])
      : Buffer.from([0x80 | opcode, 0x80 | 126, len >> 8, len & 0xff]);
  const body = Buffer.from(payload.map((b, i) => b ^ mask[i % 4]));
  return Buffer.concat([head, mask, body]);
}
