import { request } from 'node:http';

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  json: () => any;
}

/**
 * A GET from a chosen local address (fetch cannot bind one): a client on 127.0.0.3 lets a test
 * tell the client's address from the proxy's 127.0.0.1. Rejects when the server closes the
 * connection without an answer (nginx's 444).
 */
export function getFrom(url: string, opts: { localAddress?: string; headers?: Record<string, string>; timeoutMs?: number } = {}): Promise<Reply> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({
      host: u.hostname, port: u.port, path: u.pathname + u.search, method: 'GET',
      localAddress: opts.localAddress, headers: opts.headers, agent: false,
      timeout: opts.timeoutMs ?? 10_000,
    }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({
        status: res.statusCode ?? 0,
        headers: res.headers,
        body,
        json: () => {
          try {
            return JSON.parse(body);
          } catch {
            throw new Error(`${url} did not answer JSON (status ${res.statusCode}): ${body.slice(0, 300)}`);
          }
        },
      }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`${url}: no answer within ${opts.timeoutMs ?? 10_000} ms`)));
    req.on('error', reject);
    req.end();
  });
}
