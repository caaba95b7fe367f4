import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import {
  ADDON_IDS,
  SERVERS,
  explainAppRefusal,
  findFramework,
  findServer,
  pairOf,
  serversFor,
  type Framework,
  type Interface,
  type Server,
} from '../catalog/index.js';
import { UsageError } from '../cli/errors.js';
import {
  detectProject,
  readProjectFiles,
  webSocketIn,
  webSocketPaths,
  NotAPythonProject,
  type AppSetting,
  parseAppOverride,
  type AppRef,
  type Detected,
  type Question,
  type ServiceNeed,
} from '../detect/index.js';
import {
  projectDependencies,
  readTable,
  requirementName,
  requirementNames,
  type TomlValue,
} from '../edit/index.js';
import { readHashes } from '../project/hashes.js';
import type { FoundDatabase } from '../detect/database.js';
import { productionModuleFor } from './django.js';
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
  type Manager,
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
  /** The interfaces the app speaks where fewer than its framework's (a `falcon.App`: WSGI), and where that shows. */
  interfaces?: { list: Interface[]; where: string };
  /**
   * What the record said before `--app` or `--health` changed it: the files written then used
   * it, so they are planned from it and every one that names it is updated.
   */
  previous?: { app?: AppRef; health?: string };
  /** Where a found project's code declares a WebSocket endpoint: nginx passes upgrades only then. */
  websocket?: string;
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

/**
 * Why the project's build backend cannot make a package of it (Poetry's `package-mode = false`, a
 * name that matches no package or module), so that the image and CI install its dependencies
 * only; undefined when it can, or when its manager builds nothing (uv decides for itself).
 */
export function notPackaged(dir: string, pyproject: string, manager: Manager): string | undefined {
  const project = readTable(pyproject, 'project');
  const poetry = readTable(pyproject, 'tool.poetry');
  const backend = str(readTable(pyproject, 'build-system')?.['build-backend']);
  const name = str(project?.name) ?? str(poetry?.name);
  const pkg = name?.toLowerCase().replace(/[-.]+/g, '_');
  const module = (init: boolean) =>
    pkg !== undefined &&
    ['', 'src'].some(
      (root) =>
        existsSync(join(dir, root, `${pkg}.py`)) ||
        existsSync(join(dir, root, pkg, ...(init ? ['__init__.py'] : []))),
    );
  if (manager === 'poetry') {
    if (poetry?.['package-mode'] === false) return 'Poetry: package-mode = false';
    if (poetry?.packages === undefined && !module(false))
      return `Poetry finds no package or module named ${pkg ?? 'after the project'}`;
  }
  if (manager === 'pip' && backend === 'hatchling.build') {
    // Hatchling's wheel target finds <name>/__init__.py, src/<name>/__init__.py or <name>.py
    // unless told which files to ship.
    const wheel = readTable(pyproject, 'tool.hatch.build.targets.wheel') ?? {};
    const told = ['packages', 'only-include', 'include', 'sources'].some((k) => k in wheel);
    if (!told && !module(true))
      return `hatchling finds no package or module named ${pkg ?? 'after the project'}`;
  }
  return undefined;
}

/**
 * The uv workspace `dir` is a member of: the nearest folder above with a uv.lock and a
 * pyproject.toml whose [tool.uv.workspace] members (globs, `*` one folder) take `dir` and whose
 * exclude does not. Paths are relative: the root from `dir`, the member from the root.
 */
export async function uvWorkspaceOf(
  dir: string,
  pyproject: string,
): Promise<ProjectShape['workspace']> {
  const name = str(readTable(pyproject, 'project')?.name);
  if (!name) return undefined;
  const here = resolve(dir);
  for (let up = dirname(here), n = 0; up !== dirname(up) && n < 6; up = dirname(up), n++) {
    const text = await readText(join(up, 'pyproject.toml'));
    if (text === undefined) continue;
    const table = readTable(text, 'tool.uv.workspace');
    if (!table) continue;
    if (!existsSync(join(up, 'uv.lock'))) return undefined;
    const member = relative(up, here).split('\\').join('/');
    const globs = (v: TomlValue | undefined) => (Array.isArray(v) ? v : []);
    const matches = (glob: string) =>
      new RegExp(
        `^${glob
          .replace(/\/+$/, '')
          .split('*')
          .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
          .join('[^/]*')}$`,
      ).test(member);
    if (!globs(table.members).some(matches) || globs(table.exclude).some(matches)) return undefined;
    return { root: relative(here, up).split('\\').join('/'), member, package: name };
  }
  return undefined;
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

/**
 * The distributions a dependency file names (requirements, [project] or Poetry's table); a
 * requirements file's `-r other.txt` includes too (prod.txt is often `-r base.txt` and a few more).
 */
async function runtimeDistsOf(path: string, seen = new Set<string>()): Promise<string[]> {
  if (seen.has(path)) return [];
  seen.add(path);
  const text = await readText(path);
  if (!text) return [];
  if (!path.endsWith('.toml')) {
    const names = requirementNames(text);
    for (const m of text.matchAll(/^[ \t]*(?:-r|--requirement)(?:[ \t]+|=)(\S+)/gm))
      for (const n of await runtimeDistsOf(join(dirname(path), m[1]!), seen))
        if (!names.includes(n)) names.push(n);
    return names;
  }
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

/** The record table of a file, or a one-line error naming the file when it is not TOML. */
function recordIn(text: string, file: string): Record<string, TomlValue> | undefined {
  try {
    return readTable(text, RECORD_TABLE);
  } catch (e) {
    throw new UsageError(
      `${file}: ${(e as Error).message}`,
      'fix it and run the same add again; nothing was written',
    );
  }
}

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
  const manifest = pyproject !== undefined ? 'pyproject.toml' : RECORD_FILE;
  const record = recordText ? recordIn(recordText, manifest) : undefined;
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

  const budget = Number(process.env.CREATE_PYWEB_SCAN_SECONDS);
  const files = await readProjectFiles(
    dir,
    Number.isFinite(budget) && process.env.CREATE_PYWEB_SCAN_SECONDS ? budget * 1000 : undefined,
  );
  // What was not read may hold what detection could not find.
  const stopped = files.stoppedAt
    ? ` (the scan ran out of time at ${files.stoppedAt}/: it and the folders after it were not read)`
    : '';
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
      throw new UsageError(`${(e as Error).message}${stopped}`);
    }
    const q = detected.questions[0];
    if (!q) break;
    if (!ask) throw new UsageError(`${q.message}${stopped}`, `pass ${q.flag} to settle it`);
    const answer = await ask(q);
    if (q.flag === '--framework') overrides.framework = answer;
    else if (q.flag === '--app') overrides.app = answer;
    else overrides.server = answer;
  }
  // A name from the folder is the one an add before recorded: a clone in another folder is the
  // same project, and the files written with that name are still as written.
  const recordedName = str(record?.name);
  const byFolder = detected.evidence.find((e) => e.where === 'the folder name');
  if (recordedName && byFolder && recordedName !== detected.name) {
    detected = { ...detected, name: recordedName };
    byFolder.what = `name ${recordedName}`;
    byFolder.where = `${manifest} [${RECORD_TABLE}]`;
  }
  const framework = findFramework(detected.framework!);
  if (!framework) throw new UsageError(`could not tell the framework`, 'pass --framework');
  const serverId = overrides.server ?? detected.server;
  const server = serverId ? findServer(serverId) : undefined;
  if (serverId && !server) throw new UsageError(`unknown server "${serverId}"`);
  const rawHealth = given.health ?? str(record?.health) ?? detected.healthPath ?? '/';
  const health = rawHealth.startsWith('/') ? rawHealth : `/${rawHealth}`;
  const previous: NonNullable<Found['previous']> = {};
  const recordedApp = str(record?.app);
  if (given.app && recordedApp && given.app.trim() !== recordedApp)
    previous.app = parseAppOverride(recordedApp);
  const recordedHealth = str(record?.health);
  if (given.health && recordedHealth && health !== recordedHealth) previous.health = recordedHealth;
  const interfaceWhere = detected.evidence.find((e) => e.what.startsWith('interface '))?.where;
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
  // A member of a uv workspace installs from the workspace's lock, whatever its own files say.
  const workspace =
    detected.manager === 'uv' || !pyproject ? undefined : await uvWorkspaceOf(dir, pyproject);
  const manager = workspace ? 'uv' : detected.manager;
  // A health route named by --health or recorded is the one used: the one found is not shown.
  const healthGiven = given.health ? '--health' : recordedHealth ? fromRecord('--health') : '';
  const lines: Facts['lines'] = detected.evidence
    .filter((e) => !(healthGiven && e.what.startsWith('health check ')))
    .map((e) =>
      workspace && e.what.startsWith('manager ')
        ? {
            what: 'manager uv',
            value: '',
            where: `${join(workspace.root, 'uv.lock')}: workspace member ${workspace.member}`,
          }
        : { what: e.what, value: '', where: fromRecord(e.where) },
    );
  if (healthGiven) lines.push({ what: `health check ${health}`, value: '', where: healthGiven });
  const websocket = webSocketIn(files);
  if (websocket)
    lines.push({ what: 'websocket', value: webSocketPaths(files).join(' '), where: websocket });
  if (files.stoppedAt)
    lines.push({
      what: 'note',
      value: `the scan ran out of time at ${files.stoppedAt}/: it and the folders after it were not read; --app (and --framework, --server) name what is there`,
      where: 'CREATE_PYWEB_SCAN_SECONDS gives it longer',
    });
  if (!detected.healthPath && !given.health && !str(record?.health)) {
    const unread = detected.healthUnread;
    lines.push(
      unread
        ? {
            what: 'health check',
            value: `${health}: a health route was found under a prefix that could not be read (${unread.prefix}); the image's HEALTHCHECK and the probes need a 200 there: --health PATH names the route's full path`,
            where: unread.where,
          }
        : {
            what: 'health check',
            value: `${health}: no health route found (/healthz, /health ...); the image's HEALTHCHECK and the probes need a 200 there: --health PATH names another`,
          },
    );
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
  const dependenciesOnly = pyproject ? notPackaged(dir, pyproject, manager) : undefined;
  if (dependenciesOnly)
    lines.push({
      what: 'install',
      value: 'the dependencies, not the project',
      where: `pyproject.toml: ${dependenciesOnly}`,
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
  // What the app reads, not what create-pyweb's own files (the glue, a server config) read.
  const ours = await readHashes(dir);
  const settings = detected.settings?.filter((s) => !ours?.has(s.where.split(':')[0]!));
  lines.push(...settingsFacts(settings ?? [], detected.services ?? []));
  const database = detected.database ?? { urlVar: 'DATABASE_URL' };
  lines.push(...databaseFacts(database));
  // Development settings (startproject's) get a production module beside them, unless the
  // project already runs production on settings of its own (its wsgi.py names them).
  const production =
    detected.django?.unsafe && (!settingsEnv || settingsEnv === detected.django.settings)
      ? productionModuleFor(detected.django.settings, importRoot)
      : undefined;
  if (production)
    lines.push({
      what: 'django settings for production',
      value: `${production.module}, beside ${detected.django!.settings} (which stays as it is): DEBUG off, SECRET_KEY, ALLOWED_HOSTS, STATIC_ROOT from the environment`,
      where: detected.django!.unsafe!.join(', '),
    });
  return {
    dir,
    framework,
    server,
    shape: {
      origin: 'detected',
      database: {
        urlVar: database.urlVar,
        migrate: database.migrate,
        migrations: database.migrations,
      },
      settings,
      app: detected.app,
      importRoot,
      manager,
      dependenciesOnly,
      workspace,
      health,
      websocketPaths: websocket ? webSocketPaths(files) : undefined,
      django: detected.django
        ? {
            settings: detected.django.settings,
            ownSettings: false,
            staticRoot: detected.django.staticRoot || Boolean(production),
            production,
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
    interfaces: detected.interfaces && {
      list: detected.interfaces,
      where: interfaceWhere ?? 'the app',
    },
    previous,
    websocket,
  };
}

/** What the app reads from its environment and the services its drivers need, one line each. */
function settingsFacts(settings: AppSetting[], services: ServiceNeed[]): Facts['lines'] {
  const lines: Facts['lines'] = [];
  if (settings.length) {
    const required = settings.filter((s) => s.required).map((s) => s.name);
    const rest = settings.filter((s) => !s.required).map((s) => s.name);
    lines.push({
      what: 'settings the app reads',
      value: [
        required.length ? `required: ${required.join(', ')}` : '',
        rest.length ? `with a default: ${rest.join(', ')}` : '',
      ]
        .filter(Boolean)
        .join('; '),
      where: 'os.environ, getenv, BaseSettings; listed in .env.example',
    });
  }
  for (const s of services)
    lines.push({ what: `needs ${s.service}`, value: `(driver ${s.dist})`, where: s.where });
  return lines;
}

/**
 * How `add postgres` wires the found app's database, with the evidence: its release step and the
 * variable it reads the URL from. Printed when the run adds postgres or the project has it.
 */
export function databaseFacts(db: FoundDatabase): Facts['lines'] {
  return [
    db.migrate
      ? {
          what: DATABASE_FACT,
          value: `migrations: ${db.migrations}, released with \`${db.migrate.join(' ')}\``,
          where: db.migrateWhere,
        }
      : {
          what: DATABASE_FACT,
          value:
            "migrations: none found (Alembic's alembic.ini, Django's manage.py, Flask-Migrate's migrations/): no migrate step; compose, Kubernetes and CI bring the database alone",
        },
    db.urlWhere
      ? {
          what: DATABASE_FACT,
          value: `URL in ${db.urlVar}, as the app reads it`,
          where: db.urlWhere,
        }
      : {
          what: DATABASE_FACT,
          value: `URL in ${db.urlVar}: the app reads no database URL from its environment (os.environ, getenv, settings); point its database at ${db.urlVar}`,
        },
  ];
}

/** The facts' label for the database lines, which only a run with postgres prints. */
export const DATABASE_FACT = 'database';

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

/** The server a found project gets when it names none: the one recommended for what its app speaks. */
export function recommendedServer(found: Found): Server {
  return serversFor(found.framework, found.interfaces?.list)[0] ?? serversFor(found.framework)[0]!;
}

/** Why `server` cannot run the found app, in one sentence; undefined when it can. */
export function unfitServer(found: Found, server: Server): string | undefined {
  const only = found.interfaces?.list ?? found.framework.interfaces;
  return explainAppRefusal(found.framework, server, only, found.interfaces?.where ?? 'the app');
}

/**
 * The stack of a found project once its server is known. `asWritten`: the stack an earlier run
 * wrote its files for, with the app and health route the record had then, on whatever server it
 * chose then (even one the app's interface does not fit: the run that fixes that plans from it).
 */
export function stackOf(
  found: Found,
  server: Server,
  deploy: DeployOptions,
  asWritten = false,
): Stack {
  const { framework } = found;
  let pair = asWritten
    ? pairOf(framework, server)
    : pairOf(framework, server, found.interfaces?.list);
  if (!pair)
    throw new UsageError(
      unfitServer(found, server) ?? `${server.id} cannot serve this ${framework.id} app`,
    );
  if (found.created) {
    // An app from an earlier create-pyweb may have no readiness route (servesReadyz).
    const shape = { ...createdShape(found.names.pkg, framework, pair), ready: found.shape.ready };
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
  // The WebSocket parts of nginx's config are for an app that has a WebSocket endpoint.
  if (!found.websocket) pair = { ...pair, websocket: false };
  let app = (asWritten && found.previous?.app) || found.shape.app;
  const health = (asWritten && found.previous?.health) || found.shape.health;
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
    health,
    app,
    glue: { pkg: glue.pkg, dir: glue.dir },
    glueIsNew: glue.isNew,
  };
  const names = { ...found.names, pkg: glue.pkg };
  return { names, framework, server, pair, deploy, serve: serveFor(server, pair, shape), shape };
}

/**
 * Whether a project create-pyweb made answers /readyz: those made by earlier versions do not, and a
 * readiness probe on a route that 404s would keep every pod out of the Service. Any Python file
 * of its package that names the route counts.
 */
export async function servesReadyz(dir: string, pkg: string): Promise<boolean> {
  const root = join(dir, pkg);
  let names: string[];
  try {
    names = (await readdir(root, { recursive: true })) as string[];
  } catch {
    return false;
  }
  for (const name of names) {
    if (!name.endsWith('.py')) continue;
    if ((await readText(join(root, name)))?.includes('/readyz')) return true;
  }
  return false;
}
