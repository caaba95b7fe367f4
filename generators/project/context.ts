import { findAddon, requirement } from '../catalog/index.js';
import { addonDependencies } from '../addons/types.js';
import { envTables, readSettingVars } from '../catalog/env.js';
import { NGINX_IMAGE, SERVICE_IMAGES } from '../catalog/versions.js';
import { ciPlaceholders, ciServiceEnv, ciServicesFor } from '../addons/ci/services.js';
import { developLines, developRequires, developTarget } from '../serve/develop.js';
import { dockerBuildLines, imageRunsServe, productionLines } from '../serve/production.js';
import { DEFAULT_PORT, GLUE, WSGI_THREADS } from '../serve/spec.js';
import { addons, dataInPostgres } from './carried.js';
import type { ProjectShape, Stack } from './stack.js';
import { dockerBuildArgs, installMethod, type InstallMethod } from './shape.js';
import { webSocketLocation } from '../detect/websocket.js';
import { poolSize } from '../addons/postgres/index.js';
import { foundDatabaseSettings } from '../addons/postgres/found.js';

/** Runtime and dev requirements of the generated project, from the one versions table. */
export function requirements(stack: Stack): { runtime: string[]; dev: string[] } {
  const { framework, server, pair } = stack;
  const carried = addons(stack).map((id) => findAddon(id)!);
  const keys = [
    ...framework.requires,
    ...(framework.requiresFor?.[pair.interface] ?? []),
    ...server.requires,
    ...carried.flatMap((a) => addonDependencies(a, stack).runtime ?? []),
  ];
  // What the development command needs, unless the runtime already has it (uvicorn).
  const dev = [
    'pytest',
    'ruff',
    'mypy',
    ...framework.testRequires,
    ...(framework.testRequiresFor?.[pair.interface] ?? []),
    ...developRequires(stack).filter((k) => !keys.includes(k)),
    ...carried.flatMap((a) => addonDependencies(a, stack).dev ?? []),
  ];
  const uniq = (xs: string[]) => [...new Set(xs)];
  return { runtime: uniq(keys).map(requirement), dev: uniq(dev).map(requirement) };
}

/**
 * The data every template sees. Values are computed here rather than in Handlebars, and
 * flags are plain booleans so templates stay `{{#if}}` deep.
 */
export function templateContext(stack: Stack) {
  const { names, framework, server, pair, serve, deploy, shape } = stack;
  const reqs = requirements(stack);
  // A found Django-like project's production module reads the same variables as ours.
  const production = stack.shape.django?.production?.module;
  const image = imageOf(stack);
  const settings = settingsOf(stack);
  return {
    name: names.dist,
    /** The package the serving glue goes in: the project package when create-pyweb made it. */
    package: shape.glue.pkg,
    title: names.title,
    /** The title as a Python (and JSON) string literal. */
    titleLiteral: JSON.stringify(names.title),
    /** The index page's greeting as one Python string literal (JSON's escapes are Python's). */
    helloLiteral: JSON.stringify(`Hello from ${names.title}`),
    framework: framework.id,
    frameworkLabel: framework.label,
    server: server.id,
    serverLabel: server.label,
    interface: pair.interface,
    interfaceUpper: pair.interface.toUpperCase(),
    /** "WSGI", "ASGI", or "its own server" for Sanic and Tornado. */
    interfaceLabel:
      pair.interface === 'wsgi' || pair.interface === 'asgi'
        ? pair.interface.toUpperCase()
        : 'its own server',
    shutdownNote: server.shutdownNote ?? '',
    productionNote: server.productionNote ?? '',
    accessLogFormat:
      server.accessLogFormat ??
      'the common log format, as nginx and Apache write it (`host ident user [time] "request" status bytes`)',
    /** The project carries forwarded.py: its server has no trusted-proxy setting of its own. */
    forwardedModule: server.proxyHeaders === 'project',
    /** The project carries workers.py: its server starts WEB_CONCURRENCY worker processes. */
    workersModule: server.workers === 'processes',
    /** Every WSGI server's config defaults WSGI_THREADS to this. */
    wsgiThreads: WSGI_THREADS,
    isWsgi: pair.interface === 'wsgi',
    isAsgi: pair.interface === 'asgi',
    websocket: pair.websocket,
    /** nginx's locations for WebSocket routes: ours is /ws; a found app's are the ones it declares. */
    websocketLocations: shape.websocketPaths?.length
      ? shape.websocketPaths.map(webSocketLocation)
      : ['= /ws'],
    /** gunicorn's worker class and why it is that one (templates/shared/gunicorn). */
    gunicornWorkerClass: server.gunicorn?.workerClass ?? '',
    gunicornWorkerNote: server.gunicorn?.note ?? '',
    gunicornThreads: Boolean(server.gunicorn?.threads),
    /** The glue module that wraps the app for servers that import it (GLUE.proxied). */
    proxiedModule: `${GLUE.proxied}.py`,
    ...appContext(shape),
    created: shape.origin === 'created',
    uvRequirement: requirement('uv'),
    poetryRequirement: requirement('poetry'),
    pdmRequirement: requirement('pdm'),
    /** The partial (templates/partials/install/) that installs the project: image and CI alike. */
    installPartial: `install/${installMethod(shape)}`,
    dependenciesOnly: shape.dependenciesOnly ?? '',
    /** A member of a uv workspace: the image is built from the workspace's root. */
    workspace: shape.workspace,
    dockerBuildArgs: dockerBuildArgs(shape),
    devExtra: shape.devExtra,
    devGroup: Boolean(shape.devGroup),
    hasTests: shape.hasTests,
    /** ruff and pytest come with the project's own dev dependencies. */
    lintTools: shape.lintTools,
    ...ciContext(shape, ciDatabase(stack)),
    requirementsFile: shape.requirementsFile ?? 'requirements.txt',
    /** A requirements file in a folder of its own may include its siblings (-r base.txt). */
    requirementsCopy: shape.requirementsFile?.includes('/')
      ? `${shape.requirementsFile.split('/')[0]}/ ${shape.requirementsFile.split('/')[0]}/`
      : `${shape.requirementsFile ?? 'requirements.txt'} ./`,
    health: shape.health,
    /**
     * The settings create-pyweb wrote, which read the framework's variables (catalog `settings`):
     * their names and the text generic templates write for them; false for a found project
     * without a production module of ours.
     */
    settings: settings
      ? {
          secretKey: settings.secretKey,
          allowedHosts: settings.allowedHosts,
          pytest: settings.pyproject.pytest(dataInPostgres(stack)),
          mypy: settings.pyproject.mypy(pair.websocket),
          pyprojectTables: settings.pyproject.tables,
          readme: settings.readme,
        }
      : false,
    /** The variable a found project's production settings read the pod's IP from, for the probes. */
    podIpVar: production ? (settings?.podIpVar ?? false) : false,
    port: DEFAULT_PORT,
    gracefulTimeout: serve.gracefulTimeout,
    /** The "Run in production" block: the steps the CLI prints, ending with the serve line. */
    productionLines: productionLines(stack),
    /** Steps come before the serve line (settings to load, static files to collect). */
    productionPrepared: productionLines(stack).length > 1,
    serveArgvJson: JSON.stringify(serve.argv),
    /** The Develop block's steps: the ones the CLI prints, from one place. */
    developLines: developLines(developTarget(stack)),
    runtimeRequirements: reqs.runtime,
    /** mypy overrides: what the app and its glue import with no type information. */
    untypedImports: JSON.stringify(
      [...new Set([...(framework.untypedImports ?? []), ...(server.untypedImports ?? [])])].sort(),
    ).replace(/,/g, ', '),
    hasUntypedImports: Boolean(framework.untypedImports?.length || server.untypedImports?.length),
    devRequirements: reqs.dev,
    deploy,
    python: deploy.python,
    asyncTests: framework.testRequires.includes('pytest-asyncio'),
    /** Plain WSGI apps (Bottle, Pyramid) share one WebTest suite in the common layer. */
    webtestTests: framework.testRequires.includes('webtest'),
    /** The add-ons whose patches run over the rendered files (render.ts). */
    addonIds: addons(stack),
    /** PostgreSQL (the postgres add-on), or false. */
    database: databaseContext(stack),
    addonList: addons(stack)
      .map((a) => JSON.stringify(a))
      .join(', '),
    whyServer: server.hint,
    aptBuild: server.buildDeps.join(' '),
    aptRuntime: server.runtimeDeps.join(' '),
    // The framework's own variables for created settings; for found ones, the settings module
    // the project's wsgi.py names when it differs from the one detection found.
    dockerEnv: (image
      ? [
          ...(production && framework.detect.settings
            ? [`${framework.detect.settings.variable}=${production}`]
            : []),
          ...image.env(image.path),
        ]
      : shape.django?.settingsEnv && framework.detect.settings
        ? [`${framework.detect.settings.variable}=${shape.django.settingsEnv}`]
        : []) as string[],
    /**
     * What the image does for those settings (catalog `image`): the folder it makes and gives its
     * user, the variable that points there, the commands a fresh compose stack runs first, and
     * whether it bakes in static files for nginx to pass on.
     */
    image: {
      dataDir: image?.dataDir ?? '',
      dataVar: image?.dataVar ?? '',
      firstRun: image?.firstRun(dataInPostgres(stack)) ?? [],
      staticFiles: Boolean(image?.staticFiles),
    },
    /** The framework's build commands (collectstatic), each a RUN line of the image. */
    dockerBuildSteps: dockerBuildLines(stack),
    whyFramework: framework.hint,
    ...deployContext(stack),
  };
}

/**
 * What templates know of the project's PostgreSQL: the ORM and migration tool by name, the
 * variable the URL is read from, the release step (empty when a found project has none we know
 * of), and the pool each worker process keeps.
 */
function databaseContext(stack: Stack) {
  if (!addons(stack).includes('postgres')) return false as const;
  const db = stack.framework.database;
  const created = stack.shape.origin === 'created';
  const found = stack.shape.database;
  const migrate = migrateArgv(stack);
  const wsgi = stack.pair.interface === 'wsgi';
  return {
    orm: created ? db.orm : '',
    migrations: created ? db.migrations : (found?.migrations ?? ''),
    urlVar: urlVar(stack),
    /** The release step as a shell line, and as a YAML/JSON flow list (compose, Kubernetes). */
    migrate: migrate.join(' '),
    migrateArgv: migrate.length ? `[${migrate.map((a) => JSON.stringify(a)).join(', ')}]` : '',
    makeMigration: created ? db.makeMigration(stack.shape.glue.pkg) : '',
    /** Sessions on the event loop (an async driver) rather than in the server's threads. */
    async: !wsgi,
    poolSize: poolSize({ wsgi, wsgiThreads: WSGI_THREADS }),
  };
}

/** The variable the app reads the URL from: ours in a created project, the one found in another. */
function urlVar(stack: Stack): string {
  return (
    (stack.shape.origin === 'created' ? undefined : stack.shape.database?.urlVar) ?? 'DATABASE_URL'
  );
}

/** The release step as argv: the framework's for a created project, the one found for another. */
function migrateArgv(stack: Stack): string[] {
  return stack.shape.origin === 'created'
    ? stack.framework.database.migrate(stack.shape.glue.pkg)
    : (stack.shape.database?.migrate ?? []);
}

/** PostgreSQL as CI sees it: the variable the URL goes in, and the release step before the tests. */
export interface CiDatabase {
  urlVar: string;
  migrate: string[];
}

function ciDatabase(stack: Stack): CiDatabase | undefined {
  if (!addons(stack).includes('postgres')) return undefined;
  return { urlVar: urlVar(stack), migrate: migrateArgv(stack) };
}

/**
 * How the serving glue (proxied.py, launch.py, the Apache wsgi.py) imports and names the app: relatively when
 * the glue sits in the app's own package, else by its full path; a factory is called once.
 */
function appContext(shape: ProjectShape) {
  const { module, attr, factory } = shape.app;
  const dot = module.lastIndexOf('.');
  const parent = dot < 0 ? '' : module.slice(0, dot);
  const leaf = module.slice(dot + 1);
  const local = parent === shape.glue.pkg;
  // A found project's module may be named like something in the glue (waitress's `main`), and
  // a module `app` like the glue's own `app`: it comes in under a name of the glue's own.
  const alias = shape.origin === 'created' && leaf !== 'app' ? '' : ' as app_module';
  const ref = alias ? 'app_module' : local ? leaf : module;
  return {
    appModule: module,
    appAttr: attr,
    appFactory: factory,
    appImport: local ? `from . import ${leaf}${alias}` : `import ${module}${alias}`,
    /** An absolute import is a section of its own before relative ones (isort's order). */
    appImportLocal: local,
    /** The app as the glue's docstrings name it. */
    appDoc: alias
      ? `${module}:${attr}${factory ? '()' : ''}`
      : `${ref}.${attr}${factory ? '()' : ''}`,
    /** The app object as an expression, after appImport. */
    appExpr: `${ref}.${attr}${factory ? '()' : ''}`,
  };
}

/**
 * The framework's own settings, for a project whose settings create-pyweb wrote or whose
 * production settings module it added beside the user's (it reads the same variables).
 */
function settingsOf(stack: Stack) {
  const own = stack.shape.django;
  return own?.ownSettings || own?.production ? stack.framework.settings : undefined;
}

/** The image's data folder and file, for a project whose settings create-pyweb wrote. */
function imageOf(stack: Stack) {
  const { image } = stack.framework;
  const django = stack.shape.django;
  if (!image || !(django?.ownSettings || django?.production)) return undefined;
  // PostgreSQL holds the data: no SQLite file, so no folder for it, nor a variable naming it.
  if (dataInPostgres(stack)) return { ...image, dataDir: '', dataVar: '', path: undefined };
  return { ...image, path: `/app/${image.dataDir}/${image.dataFile}` };
}

/** The user create-pyweb's Dockerfile runs as (USER 10001, the Dockerfile template). */
const IMAGE_UID = 10001;

/** The manifest's comment where runAsNonRoot cannot be set: it would keep the pod from starting. */
function userNote(user: string | undefined): string[] {
  return user === undefined || /^(root|0)(:|$)/.test(user)
    ? [
        'Your Dockerfile runs the app as root (it sets no USER): runAsNonRoot would keep the pod',
        'from starting. Give the image a numeric USER, then set runAsNonRoot: true and runAsUser.',
      ]
    : [
        `Your Dockerfile's USER ${user} is a name, which the kubelet cannot check is not root:`,
        'runAsNonRoot would keep the pod from starting. Use a numeric USER, or set runAsUser to',
        'its uid and runAsNonRoot: true.',
      ];
}

/** Seconds a pod keeps serving after SIGTERM while endpoints and the ingress drop it. */
const PRE_STOP_SECONDS = 5;

/** Values for the compose, nginx, Kubernetes and Apache layers. */
function deployContext(stack: Stack) {
  const { names, server, serve } = stack;
  const own = stack.shape.ownImage;
  // nginx reaches the app over HTTP on its port, unless the server has a protocol and socket of
  // its own, which a Dockerfile of the user's opens only where it runs the serve command.
  const upstream = imageRunsServe(stack) ? server.upstream : undefined;
  /** Where the app listens in the container: the user's Dockerfile says, or ours (PORT). */
  const containerPort = own?.port ?? DEFAULT_PORT;
  // Kubernetes' runAsNonRoot needs a numeric user other than root; ours is 10001.
  const uid = own ? own.uid : IMAGE_UID;
  // A Kubernetes name is a DNS label: at most 63 characters, with room left for suffixes.
  const k8sName = names.dist.slice(0, 50).replace(/-+$/, '');
  // Behind nginx (compose) or an ingress, the app's peers are on loopback (a mesh sidecar) or
  // a private network. Servers read X-Forwarded-For from the right and stop at the first
  // address outside these: that is the client, whatever it claimed further left.
  const trusted = ['127.0.0.0/8', '10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'];
  const carried = new Set(addons(stack));
  const carriedSettings = foundDatabaseSettings(
    addons(stack).flatMap((id) => findAddon(id)?.settings ?? []),
    stack.shape,
  );
  // A variable the app reads that an add-on sets (its database URL) is written once, the add-on's way.
  const readSettings = readSettingVars(stack.shape.settings ?? []).filter(
    (v) => !carriedSettings.some((c) => c.name === v.name),
  );
  return {
    nginxImage: NGINX_IMAGE,
    /** compose's db service (the postgres add-on): the image CI's service container runs too. */
    postgresImage: SERVICE_IMAGES.postgres,
    /**
     * The readiness probe's path: `/readyz` where create-pyweb wrote the app (it asks the database
     * with the postgres add-on); the health route where the app has no readiness route.
     */
    readyPath: stack.shape.ready ?? stack.shape.health,
    nginxUpstream: `app:${upstream?.port ?? containerPort}`,
    nginxPass: upstream
      ? `${upstream.protocol}_pass ${names.pkg}`
      : `proxy_pass http://${names.pkg}`,
    /** nginx speaks uWSGI's protocol (uwsgi_param, no HTTP keep-alive) rather than HTTP. */
    nginxUwsgi: upstream?.protocol === 'uwsgi',
    /** The variable that opens the server's socket for nginx, set by compose, and its port. */
    upstreamSocketEnv: upstream?.socketEnv ?? '',
    upstreamPort: upstream?.port ?? containerPort,
    containerPort,
    /** The image tests itself (a HEALTHCHECK): compose need not say how. */
    imageHealthcheck: own ? own.healthcheck : true,
    /**
     * The image's numeric user and group, for runAsUser and runAsGroup (0: not set). A USER with
     * no group gets its own number, as `useradd` gives it and as create-pyweb's image is run.
     */
    imageUid: uid || 0,
    imageGid: uid ? (own?.gid ?? uid) : 0,
    /** Why a kept image's pod is not checked for a non-root user, said in the manifest. */
    imageUserNote: own && !uid ? userNote(own.user) : [],
    /** What the server writes under /tmp besides temporary files (said in the Kubernetes manifest). */
    tmpUse: server.tmpUse ?? '',
    /** The server runs inside Apache httpd (the Apache add-on's vhost applies). */
    inApache: server.apache,
    /** The Apache variable (Define) that lists the proxies the vhost trusts: loopback unless set. */
    apacheProxiesVar: `${names.pkg}_trusted_proxies`,
    apacheProxies: `\${${names.pkg}_trusted_proxies}`,
    stopGracePeriod: `${serve.gracefulTimeout + 5}s`,
    /** compose's stop_grace_period in seconds, for `docker restart -t`. */
    stopGraceSeconds: serve.gracefulTimeout + 5,
    preStopSeconds: PRE_STOP_SECONDS,
    terminationGracePeriod: PRE_STOP_SECONDS + serve.gracefulTimeout + 5,
    k8sName,
    k8sHost: `${k8sName}.example.com`,
    // An Apache variable (Define) for the project folder, named after the package so that
    // several sites can share one server.
    apacheRootVar: `${names.pkg}_root`,
    apacheRoot: `\${${names.pkg}_root}`,
    /** The environment table, as the README, .env.example, compose and the ConfigMap write it. */
    env: envTables(
      {
        wsgi: stack.pair.interface === 'wsgi',
        workers: server.workers === 'processes',
        docker: carried.has('docker'),
        compose: carried.has('compose'),
        nginx: carried.has('nginx'),
        port: containerPort,
        wsgiThreads: WSGI_THREADS,
        trustedProxies: trusted.join(','),
        k8sHost: `${k8sName}.example.com`,
        upstreamSocket: upstream && {
          env: upstream.socketEnv,
          port: upstream.port,
          protocol: upstream.protocol,
        },
        imageDbPath: imageOf(stack)?.path,
        postgres: dataInPostgres(stack),
      },
      [...(settingsOf(stack)?.env ?? []), ...carriedSettings, ...readSettings],
    ),
    /** Settings the app cannot start without, beyond the stack's own. */
    requiredSettings: readSettingVars(stack.shape.settings ?? []).some((v) =>
      stack.shape.settings?.some((s) => s.name === v.name && s.required),
    ),
  };
}

export type TemplateContext = ReturnType<typeof templateContext>;

/** How CI runs a command of the project's tools: in the environment its manager made. */
const CI_RUNNER: Record<InstallMethod, string[]> = {
  uv: ['uv', 'run'],
  'uv-workspace': ['uv', 'run'],
  poetry: ['poetry', 'run'],
  'poetry-no-root': ['poetry', 'run'],
  pdm: ['pdm', 'run'],
  // setup-python's interpreter: what pip installed is on PATH.
  pip: [],
  'pip-dependencies': [],
  requirements: [],
};

/** An argument as the shell reads it back: quoted where it has more than plain characters. */
const shellWord = (a: string) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`);

/**
 * What the CI workflow checks, and where it lives in the repository. With PostgreSQL (the
 * postgres add-on), the job starts its service container, sets the variable the app reads the
 * URL from, and runs the release step before the tests.
 */
export function ciContext(shape: ProjectShape, database?: CiDatabase) {
  const ruff = shape.lintTools || shape.ruff !== undefined;
  const spec = shape.ruff ?? 'ruff';
  // A range needs quotes in the shell; `ruff==0.4.1` does not.
  const req = /[<>!~, ]/.test(spec) ? `"${spec}"` : spec;
  const exact = /^ruff==([\w.]+)$/.exec(spec)?.[1];
  const migrate = database?.migrate.length
    ? [...CI_RUNNER[installMethod(shape)], ...database.migrate].map(shellWord).join(' ')
    : '';
  const checks =
    shape.origin === 'created'
      ? ['ruff', 'mypy', ...(migrate ? ['migrations'] : []), 'pytest']
      : [
          ...(ruff ? ['ruff'] : []),
          ...(migrate ? ['migrations'] : []),
          ...(shape.hasTests ? ['pytest'] : []),
        ];
  const sub = shape.repoSubdir ?? '';
  const dists = shape.runtimeDists ?? [];
  const services = ciServicesFor(dists, database ? ['postgres'] : []);
  const serviceEnv = ciServiceEnv(
    services,
    dists,
    shape.settings ?? [],
    database ? { postgres: database.urlVar } : {},
  );
  const placeholders = ciPlaceholders(shape.settings ?? [], new Set(serviceEnv.map((v) => v.name)));
  return {
    /** Containers the test job starts (a database its driver talks to), and how it reaches them. */
    ciServices: services.map((s) => ({ ...s, image: SERVICE_IMAGES[s.id] })),
    ciServiceEnv: serviceEnv,
    /** Stand-ins for the settings the app cannot load without, so that its tests can import it. */
    ciPlaceholders: placeholders,
    ciEnv: serviceEnv.length > 0 || placeholders.length > 0,
    /** The release step (migrations) as the job runs it, before the tests; '' without one. */
    ciMigrate: migrate,
    ruff,
    ruffUvx:
      spec === 'ruff'
        ? 'uvx ruff check .'
        : exact
          ? `uvx ruff@${exact} check .`
          : `uvx --from ${req} ruff check .`,
    /** What pip installs beside the project where its dev tools do not bring them. */
    toolInstall: shape.lintTools
      ? ''
      : [...(ruff ? [req] : []), ...(shape.hasTests ? ['pytest'] : [])].join(' '),
    ciChecks: checks.length
      ? checks.length > 1
        ? `${checks.slice(0, -1).join(', ')} and ${checks.at(-1)}`
        : checks[0]
      : 'install',
    /** The same, for the workflow's first comment. */
    ciCheckList: checks.length ? checks.join(', ') : 'install',
    repoSubdir: sub,
    workflowFile: ciWorkflowPath(sub),
  };
}

/** The workflow's path from the repository's root: one per project folder, beside the root's own. */
export function ciWorkflowPath(repoSubdir: string): string {
  return repoSubdir
    ? `.github/workflows/${repoSubdir.replace(/[^A-Za-z0-9_.-]+/g, '-')}-ci.yml`
    : '.github/workflows/ci.yml';
}
