import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { findFramework } from '../../generators/catalog/index.js';
import { SERVICE_IMAGES } from '../../generators/catalog/versions.js';
import { templateContext } from '../../generators/project/context.js';
import { layersFor } from '../../generators/project/layers.js';
import { buildStack, type Stack } from '../../generators/project/stack.js';
import type { ComposeService, Deployment, PodSpec } from '../helpers/manifests.js';
import { listFiles, renderTo } from '../helpers/render-to.js';

/**
 * The postgres add-on's deployment layers, read as compose and Kubernetes read them: a created
 * project's db and migrate services, its migration Job and probes, and a found project with no
 * migration tool (no release step, said so).
 */

/** A compose file's services, as the tests read them. */
interface Compose {
  services: Record<
    string,
    ComposeService & {
      image?: string;
      env_file?: unknown;
      restart?: string;
      volumes?: string[];
      ports?: string[];
      healthcheck?: { test?: string[]; disable?: boolean };
    }
  >;
  volumes?: Record<string, unknown>;
}

interface Job {
  kind: string;
  apiVersion: string;
  metadata: { name: string; labels: Record<string, string> };
  spec: {
    backoffLimit?: number;
    ttlSecondsAfterFinished?: number;
    template: {
      metadata: { labels: Record<string, string> };
      spec: PodSpec & { restartPolicy: string };
    };
  };
}

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'pyweb-pg-deploy-'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

async function render(stack: Stack, dir: string) {
  await renderTo(layersFor(stack), dir, templateContext(stack));
  const text = (rel: string) => readFile(join(dir, rel), 'utf8');
  const docs = async (rel: string) =>
    parseAllDocuments(await text(rel)).map((d) => d.toJS()) as unknown[];
  return { dir, text, docs, compose: parse(await text('compose.yaml')) as Compose };
}

const ON = { k8s: true, postgres: true };

describe.each(['django', 'fastapi', 'flask'])('%s with --postgres: the deployment', (id) => {
  let p: Awaited<ReturnType<typeof render>>;
  let stack: Stack;
  beforeAll(async () => {
    stack = buildStack(join(root, `pg-${id}`), id, undefined, ON);
    p = await render(stack, join(root, `pg-${id}`));
  });
  const argv = () => findFramework(id)!.database.migrate(stack.shape.glue.pkg);

  test('compose: a db service with a named volume, a pg_isready check, and its port on loopback only', () => {
    const { db } = p.compose.services;
    expect(db.image).toBe(SERVICE_IMAGES.postgres);
    expect(db.environment).toEqual({
      POSTGRES_USER: 'app',
      POSTGRES_DB: 'app',
      POSTGRES_PASSWORD: '${POSTGRES_PASSWORD:-app}',
    });
    expect(db.volumes).toEqual(['pgdata:/var/lib/postgresql/data']);
    expect(p.compose.volumes).toHaveProperty('pgdata');
    expect(db.healthcheck?.test?.slice(0, 2)).toEqual(['CMD', 'pg_isready']);
    expect(db.healthcheck?.test?.join(' ')).toContain('-U app -d app');
    expect(db.ports).toEqual(['127.0.0.1:5432:5432']);
  });

  test("compose: a one-shot migrate service from the app's image and environment, before the app", async () => {
    const { app, migrate } = p.compose.services;
    expect(migrate.command).toEqual(argv());
    expect(migrate.build).toEqual(app.build);
    expect(migrate.env_file).toEqual(app.env_file);
    expect(migrate.environment).toEqual(app.environment);
    expect(migrate.depends_on).toEqual({ db: { condition: 'service_healthy' } });
    expect(migrate.restart).toBe('no');
    expect(migrate.healthcheck).toEqual({ disable: true });
    expect(app.depends_on).toEqual({
      db: { condition: 'service_healthy' },
      migrate: { condition: 'service_completed_successfully' },
    });
    // The app runs the image's CMD, which never migrates.
    expect(app.command).toBeUndefined();
    const cmd = (await p.text('Dockerfile')).split('\n').find((l) => l.startsWith('CMD'));
    expect(cmd).toBeDefined();
    expect(cmd).not.toContain(JSON.stringify(argv()[0]));
  });

  test("compose's app reaches db by name; .env.example and the README reach its published port", async () => {
    const url = 'postgresql://app:app@localhost:5432/app';
    expect(p.compose.services.app.environment?.DATABASE_URL).toBe(
      'postgresql://app:${POSTGRES_PASSWORD:-app}@db:5432/app',
    );
    const example = await p.text('.env.example');
    expect(example).toContain(`\nDATABASE_URL=${url}\n`);
    // compose's app does not take .env's URL (localhost): the comment above it says so.
    expect(example).toContain(
      'Inside compose the app reaches db by name: compose.yaml sets its own.',
    );
    const readme = await p.text('README.md');
    expect(readme).toContain(`export DATABASE_URL=${url} `);
    expect(readme).toContain('docker compose up -d db');
    expect(readme).toContain('docker compose exec -T db pg_restore -U app -d app --clean');
    // SQLite's volume and first-run steps are not for a project on PostgreSQL.
    expect(p.compose.volumes).not.toHaveProperty('data');
    expect(readme).not.toContain('docker compose run --rm');
  });

  test("Kubernetes: a migration Job apart from deploy/k8s/, with the Deployment's image, security and secrets", async () => {
    const [deployment] = (await p.docs('deploy/k8s/deployment.yaml')) as Deployment[];
    const [job] = (await p.docs('deploy/k8s/jobs/migrate.yaml')) as Job[];
    expect(job).toMatchObject({ apiVersion: 'batch/v1', kind: 'Job' });
    expect(job.spec.backoffLimit).toBeGreaterThan(0);
    expect(job.spec.ttlSecondsAfterFinished).toBeGreaterThan(0);
    const pod = job.spec.template.spec;
    const app = deployment.spec.template.spec;
    expect(pod.restartPolicy).toBe('Never');
    expect(pod.securityContext).toEqual(app.securityContext);
    const [c] = pod.containers;
    const [web] = app.containers;
    expect(c.args).toEqual(argv());
    expect(c.command).toBeUndefined();
    expect({ image: c.image, envFrom: c.envFrom, securityContext: c.securityContext }).toEqual({
      image: web.image,
      envFrom: web.envFrom,
      securityContext: web.securityContext,
    });
    const secrets = (cs: typeof c) => cs.env?.filter((e) => e.valueFrom?.secretKeyRef);
    expect(secrets(c)).toEqual(secrets(web));
    expect(secrets(c)?.map((e) => e.name)).toContain('DATABASE_URL');
    // The Service and the PDB select the app's pods by this label: never the Job's.
    const selector = deployment.spec.template.metadata.labels ?? {};
    for (const [k, v] of Object.entries(selector))
      expect(job.spec.template.metadata.labels[k]).not.toBe(v);
    expect(await listFiles(join(p.dir, 'deploy/k8s'))).toContain('jobs/migrate.yaml');
  });

  test('Kubernetes: readiness asks /readyz, liveness and startup stay on /healthz; the Secret and the pool', async () => {
    const [deployment] = (await p.docs('deploy/k8s/deployment.yaml')) as Deployment[];
    const [web] = deployment.spec.template.spec.containers;
    expect(web.readinessProbe?.httpGet?.path).toBe('/readyz');
    expect(web.livenessProbe?.httpGet?.path).toBe('/healthz');
    expect(web.startupProbe?.httpGet?.path).toBe('/healthz');
    expect(await p.text('deploy/k8s/deployment.yaml')).toContain(
      `# kubectl create secret generic ${stack.names.dist}-secrets --from-literal=DATABASE_URL=...`,
    );
    const [configMap] = (await p.docs('deploy/k8s/configmap.yaml')) as {
      data: Record<string, string>;
    }[];
    expect(configMap.data.DATABASE_POOL_SIZE).toMatch(/^\d+$/);
    expect(configMap.data).not.toHaveProperty('DATABASE_URL');
    const readme = await p.text('README.md');
    const order = [
      `kubectl delete job ${stack.names.dist}-migrate --ignore-not-found`,
      'kubectl apply -f deploy/k8s/jobs/migrate.yaml',
      `kubectl wait --for=condition=complete job/${stack.names.dist}-migrate`,
      'kubectl apply -f deploy/k8s/\n',
    ].map((s) => readme.indexOf(s));
    expect(order.every((at) => at >= 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(readme).toContain('CloudNativePG');
  });
});

describe('a found project with no migration tool, given postgres', () => {
  let p: Awaited<ReturnType<typeof render>>;
  beforeAll(async () => {
    const base = buildStack(join(root, 'found'), 'flask', 'gunicorn', ON);
    const stack: Stack = {
      ...base,
      shape: {
        ...base.shape,
        origin: 'detected',
        health: '/health',
        ready: undefined,
        database: { urlVar: 'DATABASE_URL' },
      },
    };
    p = await render(stack, join(root, 'found'));
  });

  test('compose gets db but no migrate service, and the app waits only for db', () => {
    expect(Object.keys(p.compose.services)).toContain('db');
    expect(Object.keys(p.compose.services)).not.toContain('migrate');
    expect(p.compose.services.app.depends_on).toEqual({ db: { condition: 'service_healthy' } });
  });

  test('no migration Job; readiness stays on its own health route (it has no /readyz)', async () => {
    expect(await listFiles(p.dir)).not.toContain('deploy/k8s/jobs/migrate.yaml');
    const [deployment] = (await p.docs('deploy/k8s/deployment.yaml')) as Deployment[];
    expect(deployment.spec.template.spec.containers[0].readinessProbe?.httpGet?.path).toBe(
      '/health',
    );
  });

  test('the README says there is no release step', async () => {
    expect(await p.text('README.md')).toContain(
      'No migration tool was found in this project, so compose has no `migrate` service and Kubernetes no migration Job',
    );
  });
});
