import { existsSync } from 'node:fs';
import { copyFile, readdir, readFile, rm, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { expect } from 'vitest';
import { findFramework, findServer, type Pair } from '../../generators/catalog/index.js';
import { actionlint } from '../helpers/actionlint.js';
import { startApache } from '../helpers/apache.js';
import { composeConfig, yamlDocuments } from '../helpers/deploy-tools.js';
import { finalBuildSteps, healthcheckCommand, workdir } from '../helpers/dockerfile-steps.js';
import { getFrom } from '../helpers/http-from.js';
import type {
  ComposeModel,
  Deployment,
  HorizontalPodAutoscaler,
  Ingress,
  K8sObject,
  Service,
} from '../helpers/manifests.js';
import { freePort, wsEcho } from '../helpers/net.js';
import { rewriteForLoopback, startNginx } from '../helpers/nginx.js';
import { tool } from '../helpers/paths.js';
import { venvEnv } from '../helpers/python.js';
import { must, run } from '../helpers/run.js';
import { startAndWait, type Running } from '../helpers/server.js';
import type { Steps } from './prove.js';

/** What provePair knows once the app runs with the Dockerfile's CMD. */
export interface DeployRun {
  pair: Pair;
  dir: string;
  venv: string;
  steps: Steps;
  /** The production command: the Dockerfile's CMD with its ENV and .env.example's values. */
  cmd: { argv: string[]; env: Record<string, string> };
  /** The app started by provePair, on 127.0.0.1:port. */
  port: number;
  running: Running;
}

/**
 * The deployment layers, proven against the pair's own app: the Dockerfile (hadolint), compose
 * and Kubernetes files (their own validators, then what they must say), the CI workflow (actionlint), the image HEALTHCHECK,
 * nginx in front of the app started as compose starts it, and the Apache VirtualHost.
 */
export async function proveDeploy(r: DeployRun): Promise<void> {
  const times: string[] = [];
  const timed = (name: string, fn: () => Promise<unknown>) =>
    r.steps.step(name, async () => {
      const t0 = Date.now();
      try {
        await fn();
      } finally {
        times.push(`${name} ${((Date.now() - t0) / 1000).toFixed(2)}s`);
      }
    });
  try {
    await timed('deploy files', () =>
      Promise.all([hadolint(r.dir), kubernetes(r), compose(r), actionlint(r.dir)]),
    );
    await timed('image HEALTHCHECK', () => healthcheck(r));
    if (existsSync(join(r.dir, 'deploy', 'nginx')))
      await timed('nginx in front', () => nginxInFront(r));
    if (existsSync(join(r.dir, 'deploy', 'apache')))
      await timed('Apache VirtualHost', () => apacheSite(r));
  } catch (e) {
    r.running.kill();
    (e as Error).message += `\n--- server output ---\n${r.running.output().slice(-3000)}`;
    throw e;
  } finally {
    if (process.env.PYWEB_TIMINGS)
      process.stderr.write(
        `deploy timings ${r.pair.framework}:${r.pair.server}: ${times.join(', ')}\n`,
      );
  }
}

async function hadolint(dir: string): Promise<void> {
  const bin = tool('hadolint');
  if (!bin) throw new Error('hadolint is missing from .cache/tools: the global setup did not run');
  must(
    // hadolint's default threshold (info), as a user runs it: any finding fails.
    await run(bin, ['--no-color', 'Dockerfile'], {
      cwd: dir,
      timeoutMs: 30_000,
    }),
    'hadolint Dockerfile',
  );
}

const graceful = (pair: Pair) => findServer(pair.server)!.gracefulTimeout;

async function kubernetes(r: DeployRun): Promise<void> {
  const k8s = join(r.dir, 'deploy', 'k8s');
  const files = (await readdir(k8s)).filter((f) => /\.ya?ml$/.test(f)).map((f) => join(k8s, f));
  const validate = tool('kubernetes-validate');
  if (!validate)
    throw new Error(
      'kubernetes-validate is missing from .cache/tools: the global setup did not run',
    );
  must(
    await run(validate, ['--strict', '--quiet', ...files], { timeoutMs: 60_000 }),
    'kubernetes-validate',
  );

  const docs = (await yamlDocuments(files)) as K8sObject[];
  const of = <T extends K8sObject>(kind: string): T => {
    const found = docs.filter((d) => d.kind === kind);
    expect(found, `deploy/k8s has one ${kind}`).toHaveLength(1);
    return found[0] as T;
  };
  const deployment = of<Deployment>('Deployment');
  const pod = deployment.spec.template.spec;
  expect(pod.containers, 'one container').toHaveLength(1);
  const c = pod.containers[0];
  expect({ command: c.command, args: c.args }, 'the container runs the image CMD').toEqual({
    command: undefined,
    args: undefined,
  });
  expect(c.ports).toContainEqual({ name: 'http', containerPort: Number(r.cmd.env.PORT) });
  // Readiness asks /readyz (the database too, with the postgres add-on); liveness never does.
  for (const probe of ['startupProbe', 'readinessProbe', 'livenessProbe'] as const) {
    const path = probe === 'readinessProbe' ? '/readyz' : '/healthz';
    expect(c[probe]?.httpGet, probe).toMatchObject({ path, port: 'http' });
  }
  expect(c.resources?.requests).toHaveProperty('cpu');
  expect(c.resources?.requests).toHaveProperty('memory');
  expect(c.resources?.limits).toHaveProperty('memory');
  // With no CPU limit a pod has no quota to count workers from: the count is set. A server of
  // one process has none to set.
  const workers = c.env?.find((e) => e.name === 'WEB_CONCURRENCY')?.value;
  if (findServer(r.pair.server)?.workers === 'processes')
    expect(workers, 'WEB_CONCURRENCY set in the pod').toMatch(/^\d+$/);
  else expect(workers, 'no WEB_CONCURRENCY for a server of one process').toBeUndefined();
  const preStop = c.lifecycle?.preStop?.exec?.command ?? [];
  expect(preStop[0], 'a preStop sleep').toBe('sleep');
  expect(
    pod.terminationGracePeriodSeconds,
    "grace >= preStop + the server's graceful timeout",
  ).toBeGreaterThanOrEqual(Number(preStop[1]) + graceful(r.pair));
  expect(pod.securityContext).toMatchObject({
    runAsNonRoot: true,
    runAsUser: 10001,
    seccompProfile: { type: 'RuntimeDefault' },
  });
  expect(c.securityContext).toMatchObject({
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    capabilities: { drop: ['ALL'] },
  });
  const tmp = c.volumeMounts?.find((m) => m.mountPath === '/tmp');
  expect(
    pod.volumes?.find((v) => v.name === tmp?.name)?.emptyDir,
    'an emptyDir on /tmp',
  ).toBeDefined();

  const configMap = of('ConfigMap');
  expect(c.envFrom).toContainEqual({ configMapRef: { name: configMap.metadata.name } });
  expect(configMap.data?.FORWARDED_ALLOW_IPS).toBeTruthy();
  const service = of<Service>('Service');
  expect(service.spec.type).toBe('ClusterIP');
  expect(deployment.spec.template.metadata.labels).toMatchObject(service.spec.selector);
  expect(service.spec.ports[0].targetPort).toBe('http');
  const ingress = of<Ingress>('Ingress');
  expect(ingress.apiVersion).toBe('networking.k8s.io/v1');
  expect(ingress.spec.rules[0].http.paths[0].backend.service).toEqual({
    name: service.metadata.name,
    port: { name: service.spec.ports[0].name },
  });
  const hpa = of<HorizontalPodAutoscaler>('HorizontalPodAutoscaler');
  expect(hpa.apiVersion).toBe('autoscaling/v2');
  expect(hpa.spec.scaleTargetRef).toMatchObject({
    kind: 'Deployment',
    name: deployment.metadata.name,
  });
  expect(hpa.spec.metrics[0].resource.name).toBe('cpu');
}

/** compose.yaml as `docker compose` resolves it, with .env.example's values as a copied .env gives. */
async function composeModel(r: DeployRun): Promise<ComposeModel> {
  return composeConfig(r.dir, r.cmd.env);
}

async function compose(r: DeployRun): Promise<void> {
  const model = await composeModel(r);
  const { app, nginx } = model.services;
  expect(app.build, 'the app is built from the Dockerfile').toBeDefined();
  expect(app.command ?? app.entrypoint ?? null, 'compose runs the image CMD').toBeNull();
  expect(
    seconds(app.stop_grace_period),
    "stop_grace_period >= the server's graceful timeout",
  ).toBeGreaterThanOrEqual(graceful(r.pair));
  // No test of its own means the image's HEALTHCHECK, which 'image HEALTHCHECK' runs for real.
  if (app.healthcheck?.test) expect(app.healthcheck.test.join(' ')).toMatch(/python/);
  if (!nginx) return;
  expect(app.ports, 'behind nginx the app publishes no port').toBeUndefined();
  expect(nginx.depends_on?.app?.condition).toBe('service_healthy');
  expect(nginx.ports?.[0]).toMatchObject({ target: 80, published: '8080' });
  expect(nginx.volumes?.map((v) => v.source)).toContain(
    join(r.dir, 'deploy', 'nginx', 'default.conf'),
  );
  expect(nginx.healthcheck?.test, 'nginx has a healthcheck').toBeDefined();
}

function seconds(duration: string | undefined): number {
  const m = /^(?:(\d+)m)?(?:(\d+(?:\.\d+)?)s)?$/.exec(duration ?? '');
  return m ? Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0) : 0;
}

/** The image's HEALTHCHECK passes against the app and fails against a closed port. */
async function healthcheck(r: DeployRun): Promise<void> {
  const argv = healthcheckCommand(await readFile(join(r.dir, 'Dockerfile'), 'utf8'));
  const probe = async (port: number) =>
    run(argv[0], argv.slice(1), {
      cwd: r.dir,
      env: venvEnv(r.venv, { ...r.cmd.env, PORT: String(port) }),
      timeoutMs: 15_000,
    });
  must(await probe(r.port), 'the Dockerfile HEALTHCHECK against the running app');
  expect(
    (await probe(await freePort())).code,
    'the HEALTHCHECK fails when nothing answers',
  ).not.toBe(0);
  // Kubernetes probes send the pod's IP as Host.
  const pod = await getFrom(`http://127.0.0.1:${r.port}/healthz`, {
    headers: { Host: `10.1.2.3:${r.port}` },
  });
  expect(pod.status, `/healthz with the pod IP as Host: ${pod.body.slice(0, 200)}`).toBe(200);
}

/**
 * nginx in front of the app started as compose starts it: the image's CMD with compose's
 * environment (its FORWARDED_ALLOW_IPS, uWSGI's socket). The client sits on 127.0.0.3 and nginx
 * connects from 127.0.0.1, so the address the app reports tells which one it believed.
 */
export async function nginxInFront(r: DeployRun): Promise<void> {
  const model = await composeModel(r);
  const conf = await readFile(join(r.dir, 'deploy', 'nginx', 'default.conf'), 'utf8');
  const upstream = /^\s*server\s+app:(\d+);/m.exec(conf);
  if (!upstream) throw new Error('deploy/nginx/default.conf has no `server app:<port>;` upstream');
  const dockerfile = await readFile(join(r.dir, 'Dockerfile'), 'utf8');
  const fromImage = workdir(dockerfile).replace(/\/$/, '');
  const env: Record<string, string> = {};
  // The image's WORKDIR is the project folder here.
  for (const [k, v] of Object.entries({
    ...r.cmd.env,
    ...(model.services.app.environment ?? {}),
  })) {
    env[k] =
      typeof v === 'string' && v.startsWith(`${fromImage}/`)
        ? join(r.dir, v.slice(fromImage.length))
        : String(v ?? '');
  }
  const httpPort = await freePort();
  // One worker is enough to prove the proxying, and starts faster.
  Object.assign(env, { HOST: '127.0.0.1', PORT: String(httpPort), WEB_CONCURRENCY: '1' });
  let upstreamPort = httpPort;
  if (Number(upstream[1]) !== Number(r.cmd.env.PORT)) {
    // nginx talks to a second socket that compose's environment opens (uWSGI's own protocol).
    const key = Object.keys(env).find((k) =>
      new RegExp(`^(0\\.0\\.0\\.0)?:${upstream[1]}$`).test(env[k]),
    );
    if (!key)
      throw new Error(
        `nginx's upstream is app:${upstream[1]}, but compose's environment opens no such socket`,
      );
    upstreamPort = await freePort();
    env[key] = `127.0.0.1:${upstreamPort}`;
  }
  const staticFiles = Boolean(findFramework(r.pair.framework)!.image?.staticFiles);
  if (staticFiles) {
    for (const step of finalBuildSteps(dockerfile)) {
      must(
        await run('sh', ['-c', step], {
          cwd: r.dir,
          env: venvEnv(r.venv, env),
          timeoutMs: 120_000,
        }),
        `the Dockerfile's RUN ${step}`,
      );
    }
  }
  const app = await startAndWait(
    r.cmd.argv,
    r.dir,
    venvEnv(r.venv, env),
    `http://127.0.0.1:${httpPort}/healthz`,
  );
  let nginx: Awaited<ReturnType<typeof startNginx>> | undefined;
  try {
    nginx = await startNginx((listen) =>
      rewriteForLoopback(
        conf,
        { from: `app:${upstream[1]}`, to: `127.0.0.1:${upstreamPort}` },
        listen,
      ),
    );
    const base = `http://127.0.0.1:${nginx.port}`;
    await expectHelloAndItems(base, r.pair.framework);
    // A client's own X-Forwarded-* must not get through nginx, or it could claim any address.
    const who = await getFrom(`${base}/api/whoami`, {
      localAddress: '127.0.0.3',
      headers: { 'X-Forwarded-For': '198.51.100.9', 'X-Forwarded-Proto': 'https' },
    });
    expect(who.status, who.body).toBe(200);
    expect(
      who.json(),
      'the app sees the client nginx saw, over the scheme nginx saw',
    ).toMatchObject({ client: '127.0.0.3', scheme: 'http' });
    // Debian's uwsgi_params passes Host without the port ($host); the image's passes it as sent.
    const hosts = [`127.0.0.1:${nginx.port}`, ...(upstreamPort !== httpPort ? ['127.0.0.1'] : [])];
    expect(hosts, 'the app sees the Host the client sent').toContain(
      (who.json() as { host: string }).host,
    );
    const unknown = await getFrom(`${base}/`, { headers: { Host: 'unknown.example' } }).then(
      (res) => `status ${res.status}`,
      () => 'no answer',
    );
    expect(unknown, 'an unknown Host gets no answer (444)').toBe('no answer');
    if (r.pair.websocket) {
      expect(await wsEcho('127.0.0.1', nginx.port, '/ws', 'hello through nginx')).toBe(
        'hello through nginx',
      );
    }
    if (staticFiles) await staticThroughNginx(r.dir, base);
  } catch (e) {
    (e as Error).message +=
      `\n--- nginx ---\n${nginx?.proc.output().slice(-2000) ?? ''}\n--- app as compose runs it ---\n${app.output().slice(-3000)}`;
    throw e;
  } finally {
    await nginx?.stop();
    await app.stop(5000);
  }
}

/** A file collectstatic wrote, fetched through nginx under /static/. */
async function staticThroughNginx(dir: string, base: string): Promise<void> {
  const root = join(dir, 'staticfiles');
  const file = (await readdir(root, { recursive: true }))
    .map(String)
    .find((f) => f.endsWith('.css'));
  if (!file) throw new Error(`collectstatic wrote no .css file under ${relative(dir, root)}/`);
  const res = await getFrom(`${base}/static/${file}`);
  expect(res.status, `/static/${file}`).toBe(200);
  expect(res.body).toBe(await readFile(join(root, file), 'utf8'));
}

/**
 * The VirtualHost in a plain Apache process on loopback, with the project as the site's folder
 * (its Define rewritten) and .env copied from .env.example, as the vhost's instructions say.
 */
async function apacheSite(r: DeployRun): Promise<void> {
  const vhost = await readFile(join(r.dir, 'deploy', 'apache', 'vhost.conf'), 'utf8');
  const define = /^Define\s+(\w+)\s+\S+\s*$/m.exec(vhost);
  if (!define) throw new Error('deploy/apache/vhost.conf has no `Define <name> <project folder>`');
  if (!/^<VirtualHost \*:80>$/m.test(vhost))
    throw new Error('deploy/apache/vhost.conf has no <VirtualHost *:80>');
  const site = (port: number) =>
    vhost
      .replace(define[0], `Define ${define[1]} ${r.dir}`)
      .replace('<VirtualHost *:80>', `<VirtualHost 127.0.0.1:${port}>`);
  // Apache runs the site as www-data, which must read the project: the CLI gives it the usual
  // mode (umask), not the 0700 of its private staging folder.
  expect(
    (await stat(r.dir)).mode & 0o005,
    'the project folder is not readable by other users',
  ).toBe(0o005);
  const dotenv = join(r.dir, '.env');
  const copied = !existsSync(dotenv);
  if (copied) await copyFile(join(r.dir, '.env.example'), dotenv);
  try {
    const apache = await startApache(r.venv, site, (port) => `http://127.0.0.1:${port}/healthz`);
    try {
      const base = `http://127.0.0.1:${apache.port}`;
      await expectHelloAndItems(base, r.pair.framework);
      // The test client is on loopback, one of the proxies the site trusts.
      const who = await getFrom(`${base}/api/whoami`, {
        headers: { 'X-Forwarded-For': '203.0.113.7', 'X-Forwarded-Proto': 'https' },
      });
      expect(who.status, who.body).toBe(200);
      expect(
        who.json(),
        'the app sees the client and scheme its trusted proxy reports',
      ).toMatchObject({ client: '203.0.113.7', scheme: 'https' });
    } catch (e) {
      (e as Error).message += `\n--- apache ---\n${await apache.logs()}`;
      throw e;
    } finally {
      await apache.stop();
    }
  } finally {
    if (copied) await rm(dotenv, { force: true });
  }
}

/** `/` and `/api/items` answer through a proxy in front of the app. */
async function expectHelloAndItems(base: string, framework: string): Promise<void> {
  const index = await getFrom(`${base}/`);
  expect(index.status, index.body).toBe(200);
  expect(index.json()).toMatchObject({ framework });
  const items = await getFrom(`${base}/api/items`);
  expect(items.status, items.body).toBe(200);
  expect(items.json()).toHaveLength(3);
}
