import { randomBytes } from 'node:crypto';
import { chmod, chown, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { send, type SendOptions } from '../helpers/http-from.js';
import { freePort } from '../helpers/net.js';
import { venvEnv } from '../helpers/python.js';
import { must, run } from '../helpers/run.js';
import { startAndWait } from '../helpers/server.js';
import type { Steps } from './prove.js';

/** The image's user (Dockerfile `USER 10001`), which owns nothing but the database's folder. */
const UID = 10001;
const asImageUser = (argv: string[]) => [
  'setpriv',
  `--reuid=${UID}`,
  `--regid=${UID}`,
  '--clear-groups',
  ...argv,
];

export interface DjangoRun {
  dir: string;
  venv: string;
  steps: Steps;
  /** The production command: the Dockerfile's CMD with its ENV and the project's .env. */
  cmd: { argv: string[]; env: Record<string, string> };
}

/**
 * What the container does, outside it: `manage.py migrate` and `createsuperuser` as uid 10001
 * with the database in a folder only that user may write (the image's /app/data), then an admin
 * login through the production server, run as that user too, with the generated settings and
 * .env: the login form's CSRF token and cookie, from the origin .env trusts.
 */
export async function proveDjangoAdmin(r: DjangoRun): Promise<void> {
  const data = await mkdtemp(join(tmpdir(), 'pyweb-django-data-'));
  const staticRoot = await mkdtemp(join(tmpdir(), 'pyweb-django-static-'));
  try {
    await chown(data, UID, UID);
    await chmod(data, 0o700);
    await chmod(staticRoot, 0o755);
    const python = join(r.venv, 'bin', 'python');
    const env = venvEnv(r.venv, {
      ...r.cmd.env,
      DJANGO_DB_PATH: join(data, 'db.sqlite3'),
      DJANGO_STATIC_ROOT: staticRoot,
      HOME: data,
    });
    const manage = async (args: string[], extra: Record<string, string> = {}) => {
      const [cmd, ...argv] = asImageUser([python, 'manage.py', ...args]);
      return must(
        await run(cmd, argv, { cwd: r.dir, env: { ...env, ...extra }, timeoutMs: 120_000 }),
        `manage.py ${args[0]} as uid ${UID}`,
      );
    };
    const password = randomBytes(18).toString('base64url');

    await r.steps.step(`Django migrate as uid ${UID}`, async () => {
      // The image collects static files at build time, as root; the admin's pages need them.
      must(
        await run(python, ['manage.py', 'collectstatic', '--noinput'], {
          cwd: r.dir,
          env,
          timeoutMs: 120_000,
        }),
        'collectstatic',
      );
      await manage(['migrate', '--noinput']);
      await manage(['createsuperuser', '--noinput'], {
        DJANGO_SUPERUSER_USERNAME: 'admin',
        DJANGO_SUPERUSER_EMAIL: 'admin@example.com',
        DJANGO_SUPERUSER_PASSWORD: password,
      });
      expect(
        (await stat(join(data, 'db.sqlite3'))).uid,
        'the database belongs to the image user',
      ).toBe(UID);
    });

    await r.steps.step(`Django admin login as uid ${UID}`, async () => {
      const port = await freePort();
      const base = `http://127.0.0.1:${port}`;
      const server = await startAndWait(
        asImageUser(r.cmd.argv),
        r.dir,
        { ...env, HOST: '127.0.0.1', PORT: String(port), WEB_CONCURRENCY: '1' },
        `${base}/healthz`,
      );
      try {
        await adminLogin(base, r.cmd.env, password);
      } catch (e) {
        (e as Error).message += `\n--- server as uid ${UID} ---\n${server.output().slice(-3000)}`;
        throw e;
      } finally {
        await server.stop(10_000);
      }
    });
  } finally {
    await rm(data, { recursive: true, force: true });
    await rm(staticRoot, { recursive: true, force: true });
  }
}

/** The admin's login form as a browser fills it, from the first origin DJANGO_CSRF_TRUSTED_ORIGINS names. */
async function adminLogin(
  base: string,
  env: Record<string, string>,
  password: string,
): Promise<void> {
  const origin = (env.DJANGO_CSRF_TRUSTED_ORIGINS ?? '').split(',')[0].trim();
  expect(origin, '.env names the origin compose serves the site on').toMatch(
    /^http:\/\/localhost:\d+$/,
  );
  const form = await http(`${base}/admin/login/?next=/admin/`);
  expect(form.status, form.body.slice(0, 500)).toBe(200);
  const csrfCookie = form.cookies.csrftoken;
  const token = /name="csrfmiddlewaretoken" value="([^"]+)"/.exec(form.body)?.[1];
  expect(
    csrfCookie && token,
    'the login form sets a CSRF cookie and carries its token',
  ).toBeTruthy();
  const post = (from: string, pw: string) =>
    http(`${base}/admin/login/?next=/admin/`, {
      method: 'POST',
      headers: {
        Cookie: `csrftoken=${csrfCookie}`,
        Origin: from,
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({
        csrfmiddlewaretoken: token!,
        username: 'admin',
        password: pw,
        next: '/admin/',
      }).toString(),
    });

  const foreign = await post('http://evil.example', password);
  expect(foreign.status, 'a login posted from another origin is refused').toBe(403);
  const wrong = await post(origin, `${password}-wrong`);
  expect(wrong.status, 'a wrong password gets the form again').toBe(200);
  expect(wrong.cookies.sessionid).toBeUndefined();

  const login = await post(origin, password);
  expect(login.status, login.body.slice(0, 500)).toBe(302);
  expect(login.headers.location).toBe('/admin/');
  const session = login.cookies.sessionid;
  expect(session, 'a session cookie').toBeTruthy();
  const admin = await http(`${base}/admin/`, {
    headers: { Cookie: `sessionid=${session}; csrftoken=${csrfCookie}` },
  });
  expect(admin.status, admin.body.slice(0, 500)).toBe(200);
  expect(admin.body).toContain('Site administration');
}

/** The admin's requests, with the time a first Django request under load can take. */
const http = (url: string, opts: SendOptions = {}) => send(url, { timeoutMs: 15_000, ...opts });
