import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, join, relative, sep } from 'node:path';
import {
  ADDON_IDS,
  SERVERS,
  findFramework,
  findServer,
  pairOf,
  type Framework,
  type Server,
} from '../catalog/index.js';
import { UsageError } from '../cli/errors.js';
import {
  detectProject,
  readProjectFiles,
  NotAPythonProject,
  type Detected,
  type Question,
} from '../detect/index.js';
import {
  projectDependencies,
  readTable,
  requirementName,
  requirementNames,
  type TomlValue,
} from '../edit/index.js';
import { heldReleases } from './held.js';
import { ruffUse } from './lint.js';
import { choosePython, gitRoot, type PythonChoice } from './python.js';
import {
  createdShape,
  resolvePair,
  serveFor,
  type DeployOptions,
  type ProjectShape,
  type Stack,
} from '../project/stack.js';

/** The table `add` reads and writes, in pyproject.toml or, without one, in .create-pyweb.toml. */
export const RECORD_TABLE = 'tool.create-pyweb';
export const RECORD_FILE = '.create-pyweb.toml';

export interface Facts {
  /** One line each, printed before anything is written. */
  lines: { what: string; value: string; where?: string }[];
}

/** A project as `add` finds it: its stack now, minus the server when it has none yet. */
export interface Found {
  dir: string;
  framework: Framework;
  server?: Server;
  shape: Omit<ProjectShape, 'app' | 'glue'> & { app?: ProjectShape['app'] };
  names: Stack['names'];
  deploy: DeployOptions;
  /** Where the record lives (and the file dependencies go to). */
  manifest: 'pyproject.toml' | typeof RECORD_FILE;
  /** pyproject.toml, or the requirements file the image installs. */
  depFile: string;
  /** A record was there: the stack it describes is what create-pyweb wrote before. */
  recorded: boolean;
  /** The record says create-pyweb made the project. */
  created: boolean;
  /** The record names a server: its config and glue were written by create-pyweb. */
  recordedServer: boolean;
  facts: Facts;
  /** Detection for a found project (Django's wsgi and asgi modules). */
  detected?: Detected;
  /** The glue package an earlier `add` wrote, from the record. */
  gluePkg?: string;
}

export interface Overrides {
  framework?: string;
  app?: string;
  server?: string;
  health?: string;
  python?: string;
}

/** The requirements file a project without [project] installs from: the production one of a split set. */
function requirementsFileOf(dir: string): string {
  const candidates = [
    'requirements.txt',
    'requirements/production.txt',
    'requirements/prod.txt',
    'requirements/base.txt',
    'requirements/requirements.txt',
  ];
  return candidates.find((c) => existsSync(join(dir, c))) ?? 'requirements.txt';
}

function moduleExists(dir: string, importRoot: string, module: string): boolean {
  const base = join(dir, importRoot, ...module.split('.'));
  return existsSync(`${base}.py`) || existsSync(join(base, '__init__.py'));
}

interface DevDeps {
  /** A `dev` dependency group (PEP 735), or a `dev` extra. */
  kind: 'group' | 'extra';
  /** 'lint' when it brings ruff and pytest, 'tests' when only pytest. */
  tools: 'lint' | 'tests';
}

/** The project's dev tools with pytest among them: its `dev` group first, as uv and pip >= 25.1 install it, else its `dev` extra. */
function devDepsOf(pyproject: string): DevDeps | undefined {
  const tools = (list: TomlValue | undefined): DevDeps['tools'] | undefined => {
    // A group that also holds {include-group = "..."} tables comes as its raw TOML text: its
    // quoted strings are the requirements (and the names of included groups, which match no tool).
    const items = Array.isArray(list)
      ? list
      : typeof list === 'string' && list.startsWith('[')
        ? [...list.matchAll(/"([^"]*)"|'([^']*)'/g)].map((m) => m[1] ?? m[2])
        : undefined;
    if (!items) return undefined;
    const names = items.map((r) => r.toLowerCase());
    if (!names.some((n) => n.startsWith('pytest'))) return undefined;
    return names.some((n) => n.startsWith('ruff')) ? 'lint' : 'tests';
  };
  const group = tools(readTable(pyproject, 'dependency-groups')?.dev);
  if (group) return { kind: 'group', tools: group };
  const extra = tools(readTable(pyproject, 'project.optional-dependencies')?.dev);
  return extra ? { kind: 'extra', tools: extra } : undefined;
}

/** DJANGO_SETTINGS_MODULE as the wsgi module sets it: what production runs (manage.py's may be local). */
async function djangoSettingsInWsgi(
  dir: string,
  importRoot: string,
  wsgi: string | undefined,
): Promise<string | undefined> {
  if (!wsgi) return undefined;
  const text = await readText(join(dir, importRoot, ...wsgi.split('.')) + '.py');
  return text?.match(/setdefault\(\s*["']DJANGO_SETTINGS_MODULE["']\s*,\s*["']([\w.]+)["']/)?.[1];
}

/** The distributions a dependency file names (requirements, [project] or Poetry's table). */
async function runtimeDistsOf(path: string): Promise<string[]> {
  const text = await readText(path);
  if (!text) return [];
  if (!path.endsWith('.toml')) return requirementNames(text);
  const poetry = Object.keys(readTable(text, 'tool.poetry.dependencies') ?? {}).filter(
    (n) => n !== 'python',
  );
  return [...(projectDependencies(text) ?? []), ...poetry]
    .map((r) => requirementName(r))
    .filter(Boolean);
}

async function readText(path: string): Promise<string | undefined> {
  return existsSync(path) ? readFile(path, 'utf8') : undefined;
}

const str = (v: TomlValue | undefined) => (typeof v === 'string' ? v : undefined);

/** PEP 503 name to a dist name and a package name, as create-pyweb names things. */
function namesFrom(dir: string, name: string, pkg: string, title: string): Stack['names'] {
  const dist =
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'app';
  return { dir, dist, pkg, title };
}

/**
 * Reads what the project is: its `[tool.create-pyweb]` record when create-pyweb made it or added
 * to it before, else what its files say. `ask` settles an ambiguity in a terminal; without one,
 * an ambiguity is an error that names the flag which settles it.
 */
export async function findProject(
  dir: string,
  given: Overrides,
  ask?: (q: Question) => Promise<string>,
): Promise<Found> {
  if (!existsSync(dir)) throw new UsageError(`${dir} does not exist`);
  const pyproject = await readText(join(dir, 'pyproject.toml'));
  const recordText = pyproject ?? (await readText(join(dir, RECORD_FILE)));
  const record = recordText ? readTable(recordText, RECORD_TABLE) : undefined;
  const manifest = pyproject !== undefined ? 'pyproject.toml' : RECORD_FILE;
  const recordedPython = str(record?.python);
  const python: PythonChoice = given.python
    ? { version: given.python, evidence: '--python' }
    : recordedPython
      ? { version: recordedPython, evidence: `${manifest} [${RECORD_TABLE}]` }
      : await choosePython(dir, pyproject);
  const recordedAddons = Array.isArray(record?.addons) ? record.addons : [];
  const deploy: DeployOptions = { python: python.version };
  for (const id of ADDON_IDS) deploy[id] = recordedAddons.includes(id);

  if (record && str(record.project) !== 'detected' && str(record.framework) && str(record.server)) {
    return createdProject(dir, record, pyproject ?? '', given, deploy);
  }

  const files = await readProjectFiles(dir);
  let detected: Detected;
  const overrides = {
    framework: given.framework ?? str(record?.framework),
    app: given.app ?? str(record?.app),
    server: given.server ?? str(record?.server),
  };
  for (;;) {
    try {
      detected = detectProject(files, overrides);
    } catch (e) {
      if (e instanceof NotAPythonProject) {
        throw new UsageError(
          `${dir} is not a Python project: no pyproject.toml, requirements.txt or .py file`,
          'run it in the project folder, or pass --cwd DIR',
        );
      }
      throw new UsageError((e as Error).message);
    }
    const q = detected.questions[0];
    if (!q) break;
    if (!ask) throw new UsageError(q.message, `pass ${q.flag} to settle it`);
    const answer = await ask(q);
    if (q.flag === '--framework') overrides.framework = answer;
    else if (q.flag === '--app') overrides.app = answer;
    else overrides.server = answer;
  }
  const framework = findFramework(detected.framework!);
  if (!framework) throw new UsageError(`could not tell the framework`, 'pass --framework');
  const serverId = overrides.server ?? detected.server;
  const server = serverId ? findServer(serverId) : undefined;
  if (serverId && !server) throw new UsageError(`unknown server "${serverId}"`);
  const rawHealth = given.health ?? str(record?.health) ?? detected.healthPath ?? '/';
  const health = rawHealth.startsWith('/') ? rawHealth : `/${rawHealth}`;
  const importRoot = detected.srcDir;
  const requirementsFile =
    detected.manager === 'requirements' ? requirementsFileOf(dir) : undefined;
  const depFile = requirementsFile ?? 'pyproject.toml';
  if (overrides.app && detected.app && !moduleExists(dir, importRoot, detected.app.module)) {
    throw new UsageError(
      `--app ${overrides.app}: there is no module ${detected.app.module} in ${dir}${importRoot ? `/${importRoot}` : ''}`,
    );
  }
  const devDeps = pyproject ? devDepsOf(pyproject) : undefined;
  const runtimeDists = await runtimeDistsOf(join(dir, depFile));
  // The server releases the project holds to: flags they lack are left out of the commands.
  const held = await heldReleases(
    dir,
    depFile,
    SERVERS.flatMap((s) => (s.flagsSince ? [s.flagsSince.dist] : [])),
  );
  const hasTests =
    existsSync(join(dir, 'tests')) ||
    files.present.some((p) => /(^|\/)test_[^/]*\.py$/.test(p)) ||
    Object.keys(files.text).some((p) => /(^|\/)(tests\/|test_[^/]*\.py$)/.test(p));
  // Values the record settled show where they were recorded, not as flags.
  const fromRecord = (flag: string) => {
    const key = flag.slice(2) as keyof Overrides;
    return flag.startsWith('--') && !given[key] && record?.[key] !== undefined
      ? `${manifest} [${RECORD_TABLE}]`
      : flag;
  };
  const lines: Facts['lines'] = detected.evidence.map((e) => ({
    what: e.what,
    value: '',
    where: fromRecord(e.where),
  }));
  if (!detected.healthPath && !given.health && !str(record?.health)) {
    lines.push({
      what: 'health check',
      value: `${health}: no health route found (/healthz, /health ...); the image's HEALTHCHECK and the probes need a 200 there: --health PATH names another`,
    });
  }
  const root = gitRoot(dir) ?? dir;
  const repoSubdir = relative(root, dir).split(sep).join('/') || undefined;
  const ruff = devDeps?.tools === 'lint' ? undefined : await ruffUse(dir, root);
  lines.push({
    what: 'lint',
    value:
      devDeps?.tools === 'lint'
        ? 'ruff, from its dev dependencies'
        : ruff
          ? ruff.spec
          : 'no ruff found: CI does not lint',
    where: devDeps?.tools === 'lint' ? undefined : ruff?.where,
  });
  // The image and CI run this Python: said with what chose it, since the project may say otherwise elsewhere.
  lines.push({ what: 'python', value: python.version, where: python.evidence });
  if (requirementsFile && requirementsFile !== 'requirements.txt')
    lines.push({ what: 'requirements', value: requirementsFile, where: 'what the image installs' });
  if (requirementsFile && !existsSync(join(dir, requirementsFile)))
    lines.push({
      what: 'requirements',
      value: 'none declared: requirements.txt is made with the framework and server',
    });
  if (existsSync(join(dir, 'pdm.lock')))
    lines.push({
      what: 'note',
      value: "pdm.lock is not used: the image installs pyproject.toml's dependencies with pip",
    });
  const settingsEnv = detected.django
    ? await djangoSettingsInWsgi(dir, importRoot, detected.django.wsgi)
    : undefined;
  if (settingsEnv && settingsEnv !== detected.django?.settings) {
    lines.push({
      what: 'django settings in the image',
      value: settingsEnv,
      where: `${detected.django!.wsgi}: DJANGO_SETTINGS_MODULE`,
    });
  }
  return {
    dir,
    framework,
    server,
    shape: {
      origin: 'detected',
      app: detected.app,
      importRoot,
      manager: detected.manager,
      health,
      django: detected.django
        ? {
            settings: detected.django.settings,
            ownSettings: false,
            staticRoot: detected.django.staticRoot,
            settingsEnv:
              settingsEnv && settingsEnv !== detected.django.settings ? settingsEnv : undefined,
          }
        : undefined,
      hasTests,
      devExtra: devDeps?.kind === 'extra',
      devGroup: devDeps?.kind === 'group',
      lintTools: devDeps?.tools === 'lint',
      ruff: ruff?.spec,
      repoSubdir,
      held,
      runtimeDists,
      requirementsFile,
    },
    names: namesFrom(dir, detected.name, '', detected.name),
    deploy,
    manifest,
    depFile,
    recorded: Boolean(record),
    created: false,
    recordedServer: Boolean(str(record?.server)),
    facts: { lines },
    detected,
    gluePkg: str(record?.package),
  };
}

async function createdProject(
  dir: string,
  record: Record<string, TomlValue>,
  pyproject: string,
  given: Overrides,
  deploy: DeployOptions,
): Promise<Found> {
  for (const flag of ['framework', 'app'] as const) {
    if (given[flag])
      throw new UsageError(
        `--${flag} is for projects create-pyweb did not make; this one records its stack in pyproject.toml`,
      );
  }
  const name = str(readTable(pyproject, 'project')?.name) ?? basename(dir);
  const pkg = str(record.package) ?? name.toLowerCase().replace(/[^a-z0-9]+/g, '_');
  const readme = await readText(join(dir, 'README.md'));
  const title = readme?.match(/^# (.+)$/m)?.[1] ?? basename(dir);
  const { framework, server, pair } = resolvePair(str(record.framework), str(record.server));
  const shape = createdShape(pkg, framework, pair);
  return {
    dir,
    framework,
    server,
    shape,
    names: namesFrom(dir, name, pkg, title),
    deploy,
    manifest: 'pyproject.toml',
    depFile: 'pyproject.toml',
    recorded: true,
    created: true,
    recordedServer: true,
    facts: {
      lines: [
        {
          what: 'made by create-pyweb',
          value: `${framework.id} on ${server.id}`,
          where: 'pyproject.toml [tool.create-pyweb]',
        },
      ],
    },
  };
}

/**
 * Where the serving glue goes in a found project: the package that holds the app, or a new
 * `serving` package beside a single-module app.
 */
function glueFor(
  dir: string,
  importRoot: string,
  module: string,
  recorded?: string,
): { pkg: string; dir: string; isNew: boolean } {
  const base = importRoot ? `${importRoot}/` : '';
  const isPackage = (pkg: string) => existsSync(join(dir, importRoot, pkg, '__init__.py'));
  // The package a run before chose (and wrote): the glue stays where it is.
  if (recorded && isPackage(recorded))
    return { pkg: recorded, dir: `${base}${recorded}`, isNew: false };
  const top = module.split('.')[0];
  if (isPackage(top)) return { pkg: top, dir: `${base}${top}`, isNew: false };
  const pkg = existsSync(join(dir, importRoot, 'serving')) ? 'pyweb_serving' : 'serving';
  return { pkg, dir: `${base}${pkg}`, isNew: true };
}

/** The stack of a found project once its server is known. */
export function stackOf(found: Found, server: Server, deploy: DeployOptions): Stack {
  const { framework } = found;
  const pair = pairOf(framework, server);
  if (!pair) throw new UsageError(`${server.id} cannot serve this ${framework.id} app`);
  if (found.created) {
    const shape = createdShape(found.names.pkg, framework, pair);
    return {
      names: found.names,
      framework,
      server,
      pair,
      deploy,
      serve: serveFor(server, pair, shape),
      shape,
    };
  }
  let app = found.shape.app;
  const dj = found.detected?.django;
  // Django has one module per interface: the server decides which it loads.
  if (dj && pair.interface === 'asgi') {
    if (!dj.asgi)
      throw new UsageError(
        `${server.id} serves ASGI, and this Django project has no asgi.py`,
        'pick a WSGI server, or add asgi.py',
      );
    app = { module: dj.asgi, attr: 'application', factory: false };
  } else if (dj?.wsgi) {
    app = { module: dj.wsgi, attr: 'application', factory: false };
  }
  if (!app)
    throw new UsageError(
      'could not find the app object',
      'pass --app module:attribute (or module:create_app() for a factory)',
    );
  if (app.factory && !server.callsFactory) {
    throw new UsageError(
      `${server.id} cannot call an application factory (${app.module}:${app.attr}())`,
      'add a module-level `app = create_app()` and pass --app module:app',
    );
  }
  const glue = glueFor(found.dir, found.shape.importRoot, app.module, found.gluePkg);
  const shape: ProjectShape = {
    ...found.shape,
    app,
    glue: { pkg: glue.pkg, dir: glue.dir },
    glueIsNew: glue.isNew,
  };
  const names = { ...found.names, pkg: glue.pkg };
  return { names, framework, server, pair, deploy, serve: serveFor(server, pair, shape), shape };
}
