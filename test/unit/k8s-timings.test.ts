import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { SERVERS, validPairs } from '../../generators/catalog/index.js';
import { templateContext } from '../../generators/project/context.js';
import { layersFor } from '../../generators/project/layers.js';
import { buildStack } from '../../generators/project/stack.js';
import type { Deployment } from '../helpers/manifests.js';
import { renderTo } from '../helpers/render-to.js';

/**
 * The Deployment's timings against each server's drain time (the catalog's gracefulTimeout): a
 * rolling restart loses no request only if the pod keeps serving while endpoints drop it
 * (preStop), the server then gets its whole graceful timeout before SIGKILL, readiness and
 * liveness ask different things, and a rollout never takes a pod away before its successor is
 * ready. The container stage restarts replicas with these very numbers (test/containers).
 */

/** Seconds endpoints, kube-proxy and an ingress controller commonly take to drop a pod. */
const ENDPOINTS_PROPAGATION_S = 3;
/** What SIGKILL should leave the server beyond its own timeout (the process exiting). */
const MARGIN_S = 1;

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'pyweb-k8s-timings-'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

// One framework per server: the timings come from the server, the framework only from its app.
const perServer = SERVERS.map((s) => validPairs().find((p) => p.server === s.id)!);

describe.each(perServer.map((p) => [p.server, p] as const))('%s on Kubernetes', (server, pair) => {
  let deployment: Deployment;
  beforeAll(async () => {
    const dir = join(root, `${pair.framework}-${server}`);
    const stack = buildStack(dir, pair.framework, server, { k8s: true });
    await renderTo(layersFor(stack), dir, templateContext(stack));
    deployment = parse(await readFile(join(dir, 'deploy/k8s/deployment.yaml'), 'utf8'));
  });
  const graceful = () => SERVERS.find((s) => s.id === server)!.gracefulTimeout;
  const container = () => deployment.spec.template.spec.containers[0];

  test('SIGKILL comes after preStop and the whole graceful timeout', () => {
    const pod = deployment.spec.template.spec;
    const preStop = container().lifecycle?.preStop?.exec?.command ?? [];
    expect(preStop[0]).toBe('sleep');
    const preStopS = Number(preStop[1]);
    expect(preStopS).toBeGreaterThan(ENDPOINTS_PROPAGATION_S);
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(
      preStopS + graceful() + MARGIN_S,
    );
  });

  test('readiness on /readyz, liveness and startup on /healthz, with sane thresholds', () => {
    const { readinessProbe: ready, livenessProbe: live, startupProbe: start } = container();
    expect(ready?.httpGet?.path).toBe('/readyz');
    expect(live?.httpGet?.path).toBe('/healthz');
    expect(start?.httpGet?.path).toBe('/healthz');
    // Out of the Service within 15 s of failing, but not for one slow answer (every pod is as
    // busy as the next: a short timeout would empty the Service at once); a busy pod gets a
    // minute before a restart.
    expect(ready!.periodSeconds! * ready!.failureThreshold!).toBeLessThanOrEqual(15);
    expect(ready!.failureThreshold).toBeGreaterThanOrEqual(3);
    expect(ready!.timeoutSeconds).toBeGreaterThanOrEqual(5);
    expect(live!.periodSeconds! * live!.failureThreshold!).toBeGreaterThanOrEqual(60);
    expect(live!.timeoutSeconds).toBeGreaterThanOrEqual(5);
    expect(start!.periodSeconds! * start!.failureThreshold!).toBeGreaterThanOrEqual(60);
  });

  test('a rollout surges one pod and takes none away before its successor is ready', () => {
    expect(deployment.spec.strategy).toEqual({
      type: 'RollingUpdate',
      rollingUpdate: { maxUnavailable: 0, maxSurge: 1 },
    });
  });
});

/**
 * What a rolling restart behind nginx needs from the upstream block: a GET that a stopping
 * replica refuses goes to the next one (bounded), POSTs are not repeated (nginx's default, kept),
 * HTTP upstreams reuse connections. `nginx -t` runs on these files in the matrix.
 */
describe.each([
  ['flask', 'gunicorn', 'proxy'],
  ['bottle', 'uwsgi', 'uwsgi'],
])('nginx in front of %s on %s', (framework, server, module) => {
  test(`${module}_next_upstream: the next replica, for idempotent requests, bounded`, async () => {
    const dir = join(root, `nginx-${framework}-${server}`);
    const stack = buildStack(dir, framework, server, { nginx: true });
    await renderTo(layersFor(stack), dir, templateContext(stack));
    const text = await readFile(join(dir, 'deploy/nginx/default.conf'), 'utf8');
    // uwsgi_next_upstream has no http_502: nginx -t refuses it.
    const statuses = module === 'proxy' ? 'http_502 http_503' : 'http_503';
    expect(text).toContain(`${module}_next_upstream error timeout ${statuses};`);
    expect(text).toMatch(new RegExp(`${module}_next_upstream_tries \\d+;`));
    expect(text).toMatch(new RegExp(`${module}_next_upstream_timeout \\d+s;`));
    expect(text, 'POSTs are not sent twice').not.toContain('non_idempotent');
    if (module === 'proxy') expect(text).toMatch(/keepalive \d+;/);
  });
});
