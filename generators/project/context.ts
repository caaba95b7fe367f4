import { createRequire } from 'node:module';
import { requirement } from '../catalog/index.js';
import { DEFAULT_PORT } from '../serve/spec.js';
import type { Stack } from './stack.js';

const pkgJson = createRequire(import.meta.url)('../../../package.json') as { version: string };
export const TOOL_VERSION: string = pkgJson.version;

/** Runtime and dev requirements of the generated project, from the one versions table. */
export function requirements(stack: Stack): { runtime: string[]; dev: string[] } {
  const { framework, server, pair } = stack;
  const keys = [...framework.requires, ...(framework.requiresFor?.[pair.interface] ?? []), ...server.requires];
  const dev = ['pytest', 'ruff', ...framework.testRequires];
  const uniq = (xs: string[]) => [...new Set(xs)];
  return { runtime: uniq(keys).map(requirement), dev: uniq(dev).map(requirement) };
}

/** Deployment add-ons this project carries, as recorded in pyproject.toml. */
export function addons(stack: Stack): string[] {
  const d = stack.deploy;
  return (['docker', 'compose', 'nginx', 'k8s'] as const).filter((k) => d[k]).map(String)
    .concat(d.apache && stack.server.apache ? ['apache'] : []);
}

/**
 * The data every template sees. Values are computed here rather than in Handlebars, and
 * flags are plain booleans so templates stay `{{#if}}` deep.
 */
export function templateContext(stack: Stack) {
  const { names, framework, server, pair, serve, deploy } = stack;
  const entry = framework.entry[pair.interface]!;
  const [entryModule, entryCallable] = entry.split(':');
  const reqs = requirements(stack);
  return {
    name: names.dist,
    package: names.pkg,
    title: names.title,
    /** The title as a Python (and JSON) string literal. */
    titleLiteral: JSON.stringify(names.title),
    toolVersion: TOOL_VERSION,
    framework: framework.id,
    frameworkLabel: framework.label,
    server: server.id,
    serverLabel: server.label,
    interface: pair.interface,
    interfaceUpper: pair.interface.toUpperCase(),
    isWsgi: pair.interface === 'wsgi',
    isAsgi: pair.interface === 'asgi',
    websocket: pair.websocket,
    http2: pair.http2,
    staticFiles: framework.staticFiles,
    fw: { [framework.id]: true },
    srv: { [server.id.replace(/-/g, '_')]: true },
    entryModule,
    entryCallable,
    target: `${names.pkg}.${entry}`,
    port: DEFAULT_PORT,
    gracefulTimeout: serve.gracefulTimeout,
    serveLine: serve.line,
    serveArgvJson: JSON.stringify(serve.argv),
    devLine: serve.dev,
    runtimeRequirements: reqs.runtime,
    devRequirements: reqs.dev,
    deploy,
    python: deploy.python,
    asyncTests: framework.testRequires.includes('pytest-asyncio'),
    addonList: addons(stack).map((a) => JSON.stringify(a)).join(', '),
    whyServer: server.hint,
    aptBuild: server.buildDeps.join(' '),
    aptRuntime: server.runtimeDeps.join(' '),
    dockerEnv: [] as string[],
    dockerBuildStep: '',
    whyFramework: framework.hint,
  };
}

export type TemplateContext = ReturnType<typeof templateContext>;
