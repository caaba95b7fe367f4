import { request } from 'node:http';

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** Set-Cookie, by name. */
  cookies: Record<string, string>;
  json: () => unknown;
}

export interface SendOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** The local address to send from (fetch cannot bind one). */
  localAddress?: string;
  timeoutMs?: number;
}

/**
 * One request from node:http, no redirects followed: fetch can set neither Host nor Cookie
 * freely, nor bind a local address. Rejects when the server closes the connection without an
 * answer (nginx's 444).
 */
export function send(url: string, opts: SendOptions = {}): Promise<Reply> {
  const u = new URL(url);
  const timeoutMs = opts.timeoutMs ?? 10_000;
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: u.hostname,
        port: u.port,
        path: u.pathname + u.search,
        method: opts.method ?? 'GET',
        localAddress: opts.localAddress,
        headers: {
          ...opts.headers,
          ...(opts.body ? { 'Content-Length': Buffer.byteLength(opts.body) } : {}),
        },
        agent: false,
        timeout: timeoutMs,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (body += d));
        res.on('end', () => {
          const cookies: Record<string, string> = {};
          for (const line of res.headers['set-cookie'] ?? []) {
            const [pair] = line.split(';');
            const at = pair.indexOf('=');
            if (at > 0) cookies[pair.slice(0, at).trim()] = pair.slice(at + 1).trim();
          }
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body,
            cookies,
            json: () => {
              try {
                return JSON.parse(body);
              } catch {
                throw new Error(
                  `${url} did not answer JSON (status ${res.statusCode}): ${body.slice(0, 300)}`,
                );
              }
            },
          });
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${url}: no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(opts.body);
  });
}

/**
 * A GET from a chosen local address: a client on 127.0.0.3 lets a test tell the client's address
 * from the proxy's 127.0.0.1.
 */
export function getFrom(
  url: string,
  opts: Omit<SendOptions, 'method' | 'body'> = {},
): Promise<Reply> {
  return send(url, opts);
}
