import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { brotliDecompressSync, gzipSync } from 'node:zlib';
import {
  ADDONS,
  FRAMEWORKS,
  SERVERS,
  explainRefusal,
  pairOf,
  serversFor,
} from '../catalog/index.js';
import { parseArgs } from '../cli/args.js';
import { catalogJson } from '../cli/catalog-json.js';
import { projectTree } from '../cli/create.js';
import { UsageError } from '../cli/errors.js';
import { SERVE_FLAGS } from '../cli/flags.js';
import { flagRows } from '../cli/help.js';
import { hanging, termWidth } from '../cli/text.js';
import { DEFAULT_NAME } from '../project/naming.js';
import type { FileTree } from '../project/tree.js';
import { packageRoot } from '../version.js';
import { tarArchive, zipArchive } from './archive.js';
import { fillPage } from './page-templates.js';
import { type Choice, parseQuery, QUERY_FLAGS, stackFor, toQuery } from './query.js';

/**
 * `create-pyweb serve`: the web page and an API for scripts (as start.spring.io has), on Node's
 * http module alone. Every project is rendered in memory per request and sent as it is: the server
 * writes nothing to disk, and binds this machine only unless told otherwise.
 */

/** Longer URLs are refused: every choice fits in far less, and a page's query is read whole. */
export const MAX_URL = 4096;
const DEFAULT_PORT = 8080;
const DEFAULT_HOST = '127.0.0.1';

/** The page's shell: `npm run build` makes it, the package ships it (CREATE_PYWEB_PAGE: tests). */
function pageShell(): string {
  return process.env.CREATE_PYWEB_PAGE ?? join(packageRoot(), 'dist', 'create-pyweb-page.html.br');
}

/**
 * The page, filled from this package's templates and Handlebars on each request (page-templates.ts):
 * a template edited since the build shows in it, as it does in the CLI's output.
 */
function page(): Reply {
  const shell = pageShell();
  if (!existsSync(shell))
    return text(
      503,
      `the web page is not built: ${shell} is missing (npm run build makes it); curl this URL for the API`,
    );
  const html = fillPage(brotliDecompressSync(readFileSync(shell)).toString('utf8'));
  return { status: 200, type: 'text/html; charset=utf-8', body: html };
}

export function serveHelp(width = termWidth()): string {
  return [
    'create-pyweb serve: the project form as a web page, and an API to download a project',
    '',
    'Usage: create-pyweb serve [options]',
    '',
    ...flagRows(SERVE_FLAGS, width, 28),
    '',
    'Open the URL it prints in a browser, or `curl` it for the API.',
  ].join('\n');
}

/** `http://host:port` as a browser takes it: an IPv6 address in brackets. */
function origin(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/** What `curl /` prints: the endpoints, the query keys (from the flag table) and examples. */
export function usageText(base: string): string {
  const row = (label: string, what: string) => hanging(`  ${label}`, what, 24, 100);
  const keys = [
    row('name=<name>', `the project's folder and name (default: ${DEFAULT_NAME})`),
    ...QUERY_FLAGS.map((f) => {
      const key = f.type === 'boolean' ? `${f.name}, no-${f.name}` : `${f.name}=<${f.valueName}>`;
      const values = f.values ? `: ${f.values.join(', ')}` : '';
      // The flags' words for a query: `with --server` is `with server` here.
      const def = f.default ? ` (default: ${f.default.replaceAll('--', '')})` : '';
      return row(key, `${f.description}${values}${def}`);
    }),
  ];
  return `${[
    'create-pyweb: a runnable, production-ready Python web service',
    '',
    'Endpoints (GET or HEAD):',
    '  /                 this text; the form, to a browser',
    '  /metadata         the catalog as JSON: choices, defaults, the pairs that fit and why others do not',
    '  /starter.zip?...  the project as a zip',
    '  /starter.tgz?...  the project as a gzipped tar',
    '  /files/PATH?...   one file of the project, as text',
    '',
    "Query keys (the CLI's options; a switch is on bare or =true, off as no-KEY or =false):",
    ...keys,
    '',
    'Examples:',
    `  curl -o app.zip '${base}/starter.zip?name=app&framework=flask&server=gunicorn&k8s'`,
    `  curl '${base}/starter.tgz?name=api&framework=fastapi&postgres' | tar -xz`,
    `  curl '${base}/files/Dockerfile?framework=django&server=uwsgi'`,
    `  curl -s '${base}/metadata'`,
  ].join('\n')}\n`;
}

/** The catalog JSON, with what a client of the API needs beside it: the keys and each framework's fit. */
export function metadata(base: string) {
  return {
    ...catalogJson(),
    api: {
      endpoints: ['/', '/metadata', '/starter.zip', '/starter.tgz', '/files/{path}'],
      example: `${base}/starter.zip?name=app&framework=flask&server=gunicorn&k8s`,
      query: [
        { key: 'name', type: 'string', default: DEFAULT_NAME },
        ...QUERY_FLAGS.map((f) => ({
          key: f.name,
          type: f.type,
          ...(f.values ? { values: [...f.values] } : {}),
          default: f.defaultValue ?? (f.type === 'boolean' ? false : null),
          ...(f.default ? { defaultLabel: f.default } : {}),
          ...(f.type === 'boolean' ? { off: `no-${f.name}` } : {}),
        })),
      ],
      fit: Object.fromEntries(
        FRAMEWORKS.map((f) => [
          f.id,
          {
            servers: serversFor(f).map((s) => s.id),
            refused: Object.fromEntries(
              SERVERS.filter((s) => !pairOf(f, s)).map((s) => [s.id, explainRefusal(f, s)]),
            ),
          },
        ]),
      ),
      addons: Object.fromEntries(
        ADDONS.map((a) => [
          a.id,
          Object.fromEntries(
            SERVERS.flatMap((s) => {
              const why = a.unfit?.(s);
              return why ? [[s.id, why]] : [];
            }),
          ),
        ]),
      ),
    },
  };
}

interface Reply {
  status: number;
  type: string;
  body: string | Uint8Array;
  headers?: Record<string, string>;
}

const text = (status: number, body: string, headers?: Record<string, string>): Reply => ({
  status,
  type: 'text/plain; charset=utf-8',
  body: body.endsWith('\n') ? body : `${body}\n`,
  headers,
});

/** A refusal as the CLI prints it: the message, then the hint. */
function refusal(e: UsageError): Reply {
  return text(400, `error: ${e.message}${e.hint ? `\n${e.hint}` : ''}`);
}

/** `Content-Disposition` for a download: an ASCII name, and the UTF-8 one for those that read it. */
function attachment(file: string): string {
  const ascii = file.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file)}`;
}

/** The project for the query, in memory, with its canonical query for the headers. */
async function project(search: URLSearchParams): Promise<{ choice: Choice; tree: FileTree }> {
  const choice = parseQuery(search);
  // The CLI's tree: its .env too, with a secret made fresh for this download, as the CLI makes
  // one for each project (the secret is the downloader's; nothing keeps it here).
  return { choice, tree: await projectTree(stackFor(choice)) };
}

/** The canonical query of the project sent: a script can record it, a link repeat it. */
function described(choice: Choice): Record<string, string> {
  return { 'X-Pyweb-Query': toQuery(choice) };
}

async function route(req: IncomingMessage, base: string): Promise<Reply> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const path = url.pathname;
  if (path === '/' || path === '/index.html') {
    const accept = req.headers.accept ?? '';
    return accept.includes('text/html') ? page() : text(200, usageText(base));
  }
  if (path === '/metadata') {
    return {
      status: 200,
      type: 'application/json',
      body: `${JSON.stringify(metadata(base), null, 2)}\n`,
    };
  }
  if (path === '/starter.zip' || path === '/starter.tgz') {
    const { choice, tree } = await project(url.searchParams);
    const zip = path.endsWith('.zip');
    const body = zip ? zipArchive(choice.name, tree) : gzipSync(tarArchive(choice.name, tree));
    return {
      status: 200,
      type: zip ? 'application/zip' : 'application/gzip',
      body,
      headers: {
        'Content-Disposition': attachment(`${choice.name}${zip ? '.zip' : '.tgz'}`),
        ...described(choice),
      },
    };
  }
  if (path.startsWith('/files/')) {
    let file: string;
    try {
      file = decodeURIComponent(path.slice('/files/'.length));
    } catch {
      return text(400, `error: ${path} is not a well-formed path`);
    }
    const { choice, tree } = await project(url.searchParams);
    const found = tree.get(file);
    if (!found) return text(404, `error: the project has no file ${file}`);
    const binary = typeof found.content !== 'string';
    return {
      status: 200,
      type: binary ? 'application/octet-stream' : 'text/plain; charset=utf-8',
      body: found.content,
      headers: {
        ...described(choice),
        ...(found.executable ? { 'X-Pyweb-Executable': 'true' } : {}),
      },
    };
  }
  return text(404, `error: no ${path} here; curl ${base}/ for the endpoints`);
}

/** One request: its checks (method, size, body), its route, and errors as one-line replies. */
async function answer(req: IncomingMessage, base: string): Promise<Reply> {
  if (req.method !== 'GET' && req.method !== 'HEAD')
    return text(405, `error: ${req.method} is not allowed; use GET or HEAD`, {
      Allow: 'GET, HEAD',
    });
  if ((req.url ?? '').length > MAX_URL)
    return text(414, `error: the URL is longer than ${MAX_URL} bytes`);
  const length = Number(req.headers['content-length'] ?? 0);
  if (length > 0 || req.headers['transfer-encoding'])
    return text(413, 'error: a request body is not accepted; the choices go in the query');
  try {
    return await route(req, base);
  } catch (e) {
    if (e instanceof UsageError) return refusal(e);
    process.stderr.write(`unexpected error on ${req.url}: ${(e as Error)?.stack ?? e}\n`);
    return text(500, 'error: unexpected error; it is logged where the server runs');
  }
}

/** Text worth compressing: the page (about 470 KB, 135 KB gzipped), the catalog, the files. */
const COMPRESSIBLE = /^(text\/|application\/json)/;

/** Whether the client takes gzip (`Accept-Encoding: gzip`, not `gzip;q=0`). */
function takesGzip(req: IncomingMessage): boolean {
  const accept = String(req.headers['accept-encoding'] ?? '');
  return /(^|,)\s*(gzip|\*)\s*(,|;(?!\s*q=0(\.0*)?\s*(,|$))|$)/i.test(accept);
}

function send(req: IncomingMessage, res: ServerResponse, reply: Reply): void {
  let body = typeof reply.body === 'string' ? Buffer.from(reply.body) : reply.body;
  const compress = COMPRESSIBLE.test(reply.type);
  const gzip = compress && body.length > 1024 && takesGzip(req);
  if (gzip) body = gzipSync(body);
  res.writeHead(reply.status, {
    'Content-Type': reply.type,
    'Content-Length': String(body.length),
    ...(gzip ? { 'Content-Encoding': 'gzip' } : {}),
    ...(compress ? { Vary: 'Accept-Encoding' } : {}),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    // A body sent with a refusal is left unread on the connection: close it instead.
    ...(reply.status === 413 ? { Connection: 'close' } : {}),
    ...reply.headers,
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}

function checkPort(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_PORT;
  if (!/^\d+$/.test(raw) || Number(raw) > 65535)
    throw new UsageError(`--port ${raw} is not a port: give a number from 0 to 65535`);
  return Number(raw);
}

/** Why listening failed, in one line. */
function listenError(e: NodeJS.ErrnoException, host: string, port: number): Error {
  const why: Record<string, string> = {
    EADDRINUSE: `port ${port} is in use on ${host}`,
    EACCES: `port ${port} needs privileges on this system`,
    EADDRNOTAVAIL: `${host} is not an address of this machine`,
    ENOTFOUND: `the host ${host} is not found`,
    EAI_AGAIN: `the host ${host} cannot be resolved now`,
  };
  const reason = e.code ? why[e.code] : undefined;
  return reason
    ? new UsageError(
        `cannot listen: ${reason}`,
        // Only the port's own failures are mended by another port.
        e.code === 'EADDRINUSE' || e.code === 'EACCES'
          ? 'choose another with --port (0 picks a free one)'
          : undefined,
      )
    : e;
}

/** The origin the client used (its Host header), so the examples it is shown work from there. */
function baseFor(req: IncomingMessage, listening: string): string {
  const host = req.headers.host;
  return host && /^[\w.-]+(:\d+)?$|^\[[\da-f:.]+\](:\d+)?$/i.test(host)
    ? `http://${host}`
    : listening;
}

/** Runs until a signal stops it (signals.ts exits with 130 or 143); resolves only on a failure to start. */
export async function serveCommand(argv: string[], log: (line: string) => void): Promise<number> {
  const { flags, positionals } = parseArgs(argv, SERVE_FLAGS);
  if (flags.help) {
    log(serveHelp());
    return 0;
  }
  if (positionals.length)
    throw new UsageError(
      `serve takes no argument (got ${positionals.join(' ')})`,
      'see serve --help',
    );
  const port = checkPort(flags.port as string | undefined);
  const host = (flags.host as string | undefined) ?? DEFAULT_HOST;
  let base = origin(host, port);
  const server = createServer((req, res) => {
    // A failure to answer ends that connection, never the server.
    answer(req, baseFor(req, base))
      .then((reply) => send(req, res, reply))
      .catch((e) => res.destroy(e as Error));
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e) => reject(listenError(e as NodeJS.ErrnoException, host, port)));
    server.listen(port, host, () => resolve());
  });
  const address = server.address();
  if (address && typeof address === 'object') base = origin(host, address.port);
  log(`create-pyweb serves ${base}/ (Ctrl-C stops it)`);
  // Until a signal: signals.ts says so and exits.
  return new Promise<number>(() => {});
}
