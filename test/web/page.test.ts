import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
// The templates on disk, for the names parseQuery checks (reserved.ts).
import '../../generators/project/template-files.js';
import { parseQuery } from '../../generators/web/query.js';
import { actionlint } from '../helpers/actionlint.js';
import { ROOT } from '../helpers/paths.js';
import { run, runCli } from '../helpers/run.js';

/**
 * The web Initializr (dist/page/index.html, `npm run page`) in a real browser: Debian's chromium,
 * driven by puppeteer-core (no browser download). The page is served as GitHub Pages would: one
 * static file over HTTP, nothing else reachable, so a fetch of anything (a CDN, a tracker) fails.
 * Its zip is compared with what the CLI writes for the same flags, taken from the command the
 * page shows.
 */

const CHROMIUM = process.env.PYWEB_CHROMIUM ?? '/usr/bin/chromium';
const PAGE = join(ROOT, 'dist', 'page', 'index.html');

let browser: Browser;
let server: Server;
let origin: string;
let work: string;
/** Every request the pages made, to anywhere: each may make one, for itself. */
const requests: string[] = [];

/**
 * Why the tests cannot run, if so. No silent skip: a failed beforeAll would leave every test
 * "skipped" in the summary, so each test fails with this instead.
 */
let missing: string | undefined;
beforeEach(() => {
  if (missing) throw new Error(missing);
});

beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    missing = `${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does)`;
  else if (!existsSync(PAGE)) missing = `${PAGE} is missing: npm run build`;
  if (missing) return;
  const html = readFileSync(PAGE);
  server = createServer((req, res) => {
    if (new URL(req.url ?? '/', 'http://x').pathname !== '/') {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  work = mkdtempSync(join(tmpdir(), 'pyweb-page-'));
  browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    // Containers run as root, where chromium refuses its sandbox.
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
  });
}, 30_000);

afterAll(async () => {
  await browser?.close();
  if (server) await new Promise((r) => server.close(r));
  if (work) rmSync(work, { recursive: true, force: true });
});

async function open(query = '', downloads?: string): Promise<Page> {
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('request', (r) => requests.push(r.url()));
  if (downloads) {
    const cdp = await page.createCDPSession();
    await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: downloads });
  }
  await page.goto(`${origin}/${query}`);
  await page.waitForSelector('body[data-ready]');
  expect(errors).toEqual([]);
  return page;
}

/** Waits for the render of the latest change: the URL and the tree follow the form. */
async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() => document.body.dataset.ready === 'true');
  await new Promise((r) => setTimeout(r, 150));
  await page.waitForFunction(() => document.body.dataset.ready === 'true');
}

async function formValues(page: Page) {
  return page.evaluate(() => ({
    name: (document.getElementById('name') as HTMLInputElement).value,
    framework: (document.getElementById('framework') as HTMLSelectElement).value,
    python: (document.getElementById('python') as HTMLSelectElement).value,
    server: document.querySelector<HTMLInputElement>('input[name=server]:checked')?.value,
    addons: [...document.querySelectorAll<HTMLInputElement>('#addons input:checked')].map(
      (i) => i.name,
    ),
  }));
}

/** A downloaded file, once complete (chromium writes to `<name>.crdownload` first). */
async function downloaded(dir: string, name: string): Promise<string> {
  const path = join(dir, name);
  for (let i = 0; i < 100; i++) {
    if (existsSync(path) && !readdirSync(dir).some((f) => f.endsWith('.crdownload'))) return path;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no ${name} downloaded into ${dir}: ${readdirSync(dir).join(', ')}`);
}

interface Entry {
  mode: number;
  content: Buffer;
}

/** A zip's files, read by Python's zipfile (not by the code that wrote it), with their unix modes. */
async function readZip(path: string): Promise<Map<string, Entry>> {
  const script = [
    'import base64, json, sys, zipfile',
    'z = zipfile.ZipFile(sys.argv[1])',
    'bad = z.testzip()',
    'assert bad is None, f"bad CRC: {bad}"',
    'print(json.dumps({i.filename: [i.external_attr >> 16, base64.b64encode(z.read(i)).decode()]',
    '  for i in z.infolist() if not i.is_dir()}))',
  ].join('\n');
  const r = await run('python3', ['-c', script, path]);
  expect(r.stderr).toBe('');
  const out = new Map<string, Entry>();
  for (const [name, [mode, b64]] of Object.entries(
    JSON.parse(r.stdout) as Record<string, [number, string]>,
  ))
    out.set(name, { mode, content: Buffer.from(b64, 'base64') });
  return out;
}

/** A folder's files, as the zip names them (`root/...`), with their modes. .git is git's. */
function readDir(dir: string, root: string, prefix = ''): Map<string, Entry> {
  const out = new Map<string, Entry>();
  for (const e of readdirSync(join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) {
      if (rel !== '.git') for (const [k, v] of readDir(dir, root, rel)) out.set(k, v);
    } else {
      const abs = join(dir, rel);
      out.set(`${root}/${rel}`, { mode: statSync(abs).mode & 0o777, content: readFileSync(abs) });
    }
  }
  return out;
}

/** The flags of the command the page shows (`npm create pyweb@latest NAME -- --framework ...`). */
function flagsOf(command: string): { name: string; flags: string[] } {
  const m = /^npm create pyweb@latest (\S+) -- (.+)$/.exec(command.trim());
  if (!m) throw new Error(`not the command expected: ${command}`);
  return { name: m[1], flags: m[2].split(/\s+/) };
}

/**
 * The CLI's project for the page's command, and the page's zip, file by file. Everything is
 * byte-identical but .env, whose secret is fresh in each (the CLI's from node, the page's from
 * the browser's Web Crypto): there only the secret's line may differ, and it must have the
 * CLI's shape. The hash record does not list .env, so it is compared whole, like any file.
 * uv.lock, which the CLI adds when uv can resolve the dependencies (the package index's answer
 * of the day, not a template: the record leaves it out too), is no file the page could make.
 */
async function expectSameAsCli(zipPath: string, command: string): Promise<Map<string, Entry>> {
  const { name, flags } = flagsOf(command);
  const cwd = mkdtempSync(join(work, 'cli-'));
  const r = await runCli([name, ...flags, '--no-git', '--no-install'], { cwd });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  const cli = readDir(join(cwd, name), name);
  cli.delete(`${name}/uv.lock`);
  const zip = await readZip(zipPath);
  expect([...zip.keys()].sort()).toEqual([...cli.keys()].sort());
  for (const [path, want] of cli) {
    const got = zip.get(path)!;
    expect(got.mode & 0o111, `${path}'s execute bits`).toBe(want.mode & 0o111);
    if (path.endsWith('/.env')) {
      const [a, b] = [got, want].map((e) => e.content.toString('utf8').split('\n'));
      expect(a.length).toBe(b.length);
      for (let i = 0; i < a.length; i++) {
        if (a[i] === b[i]) continue;
        const secret = /^[A-Z_]+=[A-Za-z0-9_-]{67}$/;
        expect(a[i]).toMatch(secret);
        expect(b[i]).toMatch(secret);
        expect(a[i].split('=')[0]).toBe(b[i].split('=')[0]);
        expect(a[i]).not.toBe(b[i]);
      }
    } else expect(got.content.equals(want.content), `${path} as the CLI writes it`).toBe(true);
  }
  return cli;
}

describe('the web page', () => {
  it('picks a stack, shows why a pair cannot be, previews the Dockerfile, downloads the CLI project, and a link reproduces the form', async () => {
    const downloads = mkdtempSync(join(work, 'dl-'));
    const page = await open('', downloads);
    await page.select('#framework', 'django');
    await settled(page);
    // A server Django cannot run on is disabled, with the CLI's own refusal beside it.
    const refused = await runCli(['x', '-f', 'django', '-s', 'sanic', '--yes'], { cwd: work });
    const reason = /^error: (.+)$/m.exec(refused.stderr)![1];
    const sanic = await page.$eval('#server-sanic', (e) => ({
      disabled: (e as HTMLInputElement).disabled,
      why: document.getElementById('server-sanic-why')!.textContent,
    }));
    expect(sanic.disabled).toBe(true);
    expect(sanic.why).toContain(reason);

    await page.click('#server-uwsgi');
    await settled(page);
    await page.click('#addon-k8s');
    await settled(page);
    await page.$eval('#name', (e) => ((e as HTMLInputElement).value = ''));
    await page.type('#name', 'shop-api');
    await page.waitForFunction(() => location.search.includes('name=shop-api'));
    await settled(page);
    // The link is the CLI's flags, read back as they were chosen.
    const linked = parseQuery(new URL(page.url()).search);
    expect(linked).toMatchObject({ name: 'shop-api', framework: 'django', server: 'uwsgi' });
    expect(linked.deploy.k8s).toBe(true);

    await page.click('#files button[data-path="Dockerfile"]');
    const dockerfile = await page.$eval('#preview', (e) => e.textContent ?? '');
    const command = await page.$eval('#command', (e) => e.textContent ?? '');
    await page.screenshot({ path: join(ROOT, 'docs', 'initializr.png') });

    await page.click('#download');
    const zip = await downloaded(downloads, 'shop-api.zip');
    const cli = await expectSameAsCli(zip, command);
    // The preview is the CLI's Dockerfile, and its CMD runs uWSGI.
    const cliDockerfile = cli.get('shop-api/Dockerfile')!.content.toString('utf8');
    expect(dockerfile).toBe(cliDockerfile);
    const cmd = cliDockerfile.split('\n').find((l) => l.startsWith('CMD '));
    expect(cmd).toMatch(/uwsgi/);
    expect(dockerfile.split('\n')).toContain(cmd);

    // The link, opened anew, gives the same form.
    const again = await open(new URL(page.url()).search);
    expect(await formValues(again)).toEqual(await formValues(page));
    expect(await again.$eval('#command', (e) => e.textContent)).toBe(command);
    await again.close();
    await page.close();
  });

  it('says why a link cannot be a project, as the CLI does, and keeps the link', async () => {
    const refused = await runCli(['x', '-f', 'flask', '-s', 'daphne', '--yes'], { cwd: work });
    const reason = /^error: (.+)$/m.exec(refused.stderr)![1];
    const page = await open('?framework=flask&server=daphne');
    const error = await page.$eval('#error', (e) => ({
      hidden: (e as HTMLElement).hidden,
      text: e.textContent,
    }));
    expect(error.hidden).toBe(false);
    expect(error.text).toContain(reason);
    expect(new URL(page.url()).search).toBe('?framework=flask&server=daphne');
    // The form beside it has the defaults, not what the link asked for: no download of those
    // until a choice is made, which clears the error.
    const disabled = () => page.$eval('#download', (e) => (e as HTMLButtonElement).disabled);
    expect(await disabled()).toBe(true);
    await page.select('#framework', 'django');
    await settled(page);
    expect(await disabled()).toBe(false);
    expect(await page.$eval('#error', (e) => (e as HTMLElement).hidden)).toBe(true);
    const unknown = await open('?framwork=flask');
    expect(await unknown.$eval('#error', (e) => e.textContent)).toMatch(
      /unknown .*framwork.*framework/,
    );
    await Promise.all([page.close(), unknown.close()]);
  });

  it('works from the keyboard alone: name, framework, server, an add-on, download', async () => {
    const downloads = mkdtempSync(join(work, 'dl-'));
    const page = await open('', downloads);
    const focused = () => page.evaluate(() => document.activeElement?.id ?? '');
    /** Tabs until the element with this id has the focus (each Tab is a real key press). */
    const tabTo = async (id: string) => {
      for (let i = 0; i < 80 && (await focused()) !== id; i++) await page.keyboard.press('Tab');
      expect(await focused()).toBe(id);
    };
    await tabTo('name');
    await page.keyboard.down('Control');
    await page.keyboard.press('a');
    await page.keyboard.up('Control');
    await page.keyboard.type('kbd-app');
    await tabTo('framework');
    // A focused select takes the first letters of an option.
    await page.keyboard.type('Flask');
    await settled(page);
    expect(await page.$eval('#framework', (e) => (e as HTMLSelectElement).value)).toBe('flask');
    // Into the server group: the checked radio takes the focus; arrows move the choice.
    await page.keyboard.press('Tab');
    expect(await focused()).toMatch(/^server-/);
    const before = await page.evaluate(() => document.activeElement!.id);
    await page.keyboard.press('ArrowDown');
    await settled(page);
    const after = await page.evaluate(() => document.activeElement!.id);
    expect(after).not.toBe(before);
    expect(await page.$eval(`#${after}`, (e) => (e as HTMLInputElement).checked)).toBe(true);
    await tabTo('addon-k8s');
    await page.keyboard.press('Space');
    await settled(page);
    expect(await page.$eval('#addon-k8s', (e) => (e as HTMLInputElement).checked)).toBe(true);
    await tabTo('download');
    await page.keyboard.press('Enter');
    const zip = await downloaded(downloads, 'kbd-app.zip');
    const command = await page.$eval('#command', (e) => e.textContent ?? '');
    expect(command).toContain(`--server ${after.slice('server-'.length)}`);
    expect(command).toContain('--k8s');
    await expectSameAsCli(zip, command);
    await page.close();
  });

  it('loads nothing but itself', () => {
    expect(requests.length).toBeGreaterThan(0);
    expect(
      requests.filter((u) => !u.startsWith(`${origin}/`) || new URL(u).pathname !== '/'),
    ).toEqual([]);
  });

  it('is published by .github/workflows/pages.yml, which actionlint passes, from where the build writes it', async () => {
    await actionlint(ROOT);
    const workflow = readFileSync(join(ROOT, '.github', 'workflows', 'pages.yml'), 'utf8');
    expect(workflow).toMatch(/upload-pages-artifact@v\d+\n\s+with:\n\s+path: dist\/page\n/);
  });
});
