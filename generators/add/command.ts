import { addonDependencies } from '../addons/types.js';
import { execFile } from 'node:child_process';
import { constants, existsSync } from 'node:fs';
import { access, readFile, realpath } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { bold, cyan, dim, green, red, yellow } from 'kolorist';
import {
  ADDONS,
  ADDON_IDS,
  SERVER_ADDON,
  SERVERS,
  INTERFACE_LABEL,
  findAddon,
  findServer,
  requirement,
  serversFor,
  unknownFlags,
  type Server,
} from '../catalog/index.js';
import { didYouMean, parseArgs } from '../cli/args.js';
import { CancelledError, UsageError } from '../cli/errors.js';
import { ADD_FLAGS } from '../cli/flags.js';
import { flagRows } from '../cli/help.js';
import { packageManager, toolCommand, type PackageManager } from '../cli/shell.js';
import { whenStopped } from '../cli/signals.js';
import { hanging, termWidth, wrap } from '../cli/text.js';
import { addonSteps } from '../cli/create.js';
import { dotenvFrom } from '../project/dotenv.js';
import { readHashes } from '../project/hashes.js';
import { addons, serveFor, type DeployOptions, type Stack } from '../project/stack.js';
import { applyChanges } from '../project/write.js';
import { productionStepLine, productionSteps } from '../serve/production.js';
import { VERSION } from '../version.js';
import { noteCompose, OUR_COMPOSE, userCompose, type UserCompose } from './compose.js';
import { unifiedDiff } from './diff.js';
import { renderFiles, type FileSet } from './files.js';
import { planEnvIgnored } from './gitignore.js';
import { keepLegacyWhileNamed, legacyGlue } from './legacy.js';
import { keptNote, ownImage, refuseUnfit } from './own-image.js';
import { planChanges, planEdits, planRecord, type Change, type Editor } from './plan.js';
import {
  DATABASE_FACT,
  RECORD_FILE,
  RECORD_TABLE,
  findProject,
  recommendedServer,
  servesReadyz,
  stackOf,
  unfitServer,
  type Found,
} from './project.js';
import { switchProcfile } from './procfile.js';
import { startsServer } from './switch.js';
import { checkResolves } from './resolve.js';
import {
  addPoetryDependency,
  addProjectDependency,
  addRequirement,
  hasPoetryDependenciesTable,
  projectDependencies,
  removePoetryDependency,
  removeProjectDependency,
  readTable,
  removeRequirement,
  requirementName,
  setTableValues,
  type TomlValue,
} from '../edit/index.js';

const exec = promisify(execFile);

export interface AddIo {
  log: (line: string) => void;
  interactive: boolean;
  cwd: string;
}

/** What the command line asks for: add-on ids, and the server of `server <id>`. */
export function parseRequest(positionals: string[]): { ids: string[]; server?: string } {
  const ids: string[] = [];
  let server: string | undefined;
  for (let i = 0; i < positionals.length; i++) {
    const word = positionals[i];
    if (word === SERVER_ADDON.id) {
      const id = positionals[++i];
      if (!id)
        throw new UsageError(
          '`add server` needs a server id',
          `one of ${SERVERS.map((s) => s.id).join(', ')}`,
        );
      if (!findServer(id)) {
        const guess = didYouMean(
          id,
          SERVERS.map((s) => s.id),
        );
        throw new UsageError(
          `unknown server "${id}"${guess ? `; did you mean ${guess}?` : ''}; choose one of ${SERVERS.map((s) => s.id).join(', ')}`,
        );
      }
      server = id;
      continue;
    }
    if (!findAddon(word)) {
      const guess = didYouMean(word, [...ADDON_IDS, SERVER_ADDON.id]);
      throw new UsageError(
        `unknown add-on "${word}"${guess ? `; did you mean ${guess}?` : ''}`,
        'create-pyweb add --list shows them',
      );
    }
    if (!ids.includes(word)) ids.push(word);
  }
  return { ids, server };
}

export function addHelp(width = termWidth(), pm: PackageManager = packageManager()): string {
  return [
    wrap(
      `${bold('create-pyweb add')}: deployment files for a Python web project that exists, made by create-pyweb or not`,
      width,
    ),
    '',
    'Usage:',
    '  create-pyweb add <addon...> [options]',
    '  create-pyweb add --list',
    '',
    'Add-ons:',
    ...addonRows([], width),
    '',
    'Options:',
    ...flagRows(ADD_FLAGS, width),
    '',
    'Examples:',
    ...(
      [
        [['add', 'docker', 'nginx'], 'in a Flask or FastAPI project of your own'],
        [['add', 'k8s', '--cwd', 'services/api'], ''],
        [['add', 'server', 'granian'], 'switch the server everywhere it is named'],
        [['add', 'docker', '--dry-run'], 'what would change, with diffs'],
      ] as const
    ).map(([args, what]) => hanging(`  ${toolCommand([...args], pm)}`, what, 44, width)),
    '',
    dim(
      wrap(
        'Existing files are never replaced without --force; running the same add twice changes nothing.',
        width,
      ),
    ),
    dim(wrap('A new project named "add": create-pyweb ./add', width)),
  ].join('\n');
}

function addonRows(present: string[] = [], width = termWidth()): string[] {
  const rows = ADDONS.map((a) => {
    const needs = a.requires.length ? ` (needs ${a.requires.join(', ')})` : '';
    const has = present.includes(a.id) ? ' ✔ present' : '';
    return hanging(`  ${a.id}`, `${a.description}${needs}${has}`, 17, width);
  });
  rows.push(hanging(`  ${SERVER_ADDON.title}`, SERVER_ADDON.description, 17, width));
  return rows;
}

export async function addCommand(argv: string[], io: AddIo): Promise<number> {
  const { positionals, flags } = parseArgs(argv, ADD_FLAGS);
  if (flags.help) {
    io.log(addHelp());
    return 0;
  }
  const dir = resolve(io.cwd, (flags.cwd as string | undefined) ?? '.');
  if (flags.list) {
    let present: string[] = [];
    let serverLine = '';
    try {
      const found = await findProject(dir, {});
      present = ADDON_IDS.filter((id) => found.deploy[id] === true);
      serverLine = `server: ${found.server?.id ?? 'none yet'} (${found.framework.id})`;
    } catch {
      // Outside a project the list still says what there is.
    }
    if (serverLine) io.log(serverLine);
    io.log(bold('Add-ons:'));
    for (const row of addonRows(present)) io.log(row);
    return 0;
  }
  const { found, ids, server, withServer, before, after, changes } = await planAdd(
    dir,
    parseRequest(positionals),
    flags,
    io,
  );

  // Before anything is written: the dependencies as this run leaves them must install together.
  const deps = changes.find(
    (c) => c.path === found.depFile && (c.kind === 'update' || c.kind === 'create'),
  );
  const resolution = deps
    ? await checkResolves(dir, found.depFile, deps.after!, String(after.deploy.python))
    : undefined;
  if (resolution?.kind === 'conflict')
    throw new UsageError(
      `the dependencies in ${found.depFile} would not install together: ${resolution.why}`,
      'raise or drop the pin named (or choose another server); nothing was written',
    );

  // A rerun with --app or --health adds nothing, but moves every file that names them.
  const moved = [
    ...(found.previous?.app ? ['the app'] : []),
    ...(found.previous?.health ? ['the health route'] : []),
  ];
  const label =
    [
      ...ids,
      ...(withServer && server.id !== found.server?.id ? [`server ${server.id}`] : []),
      ...(moved.length ? [`${moved.join(' and ')}, where the files name it`] : []),
    ].join(', ') || 'nothing new';
  io.log('');
  io.log(bold(`${flags['dry-run'] ? 'Would add' : 'Adding'}: ${label}`));
  await notifyDirtyTree(dir, io);
  printPlan(changes, io, Boolean(flags['dry-run']));
  if (resolution?.kind === 'resolves')
    io.log(
      dim(
        `  ${found.depFile}: the dependencies resolve together for Python ${after.deploy.python} (uv${resolution.offline ? ', from its cache' : ''})`,
      ),
    );
  else if (resolution?.kind === 'skipped')
    io.log(
      yellow(`  ${found.depFile}: not checked that the dependencies resolve: ${resolution.why}`),
    );
  const writes = changes.filter(
    (c) => c.kind === 'create' || c.kind === 'update' || c.kind === 'remove',
  );
  if (flags['dry-run']) {
    io.log(dim('dry run: nothing was written'));
    return 0;
  }
  if (!writes.length) {
    // "Nothing to change" is a promise that the project has all of it: not so with a file skipped.
    const skipped = changes.filter((c) => c.kind === 'skip' && !c.used);
    io.log(
      skipped.length
        ? yellow(
            `nothing written, but not up to date: ${skipped.map((c) => c.path).join(', ')} ${skipped.length === 1 ? 'was' : 'were'} skipped (see above)`,
          )
        : dim('nothing to change: the project already has all of it'),
    );
    return 0;
  }
  await checkWritable(dir, writes);
  await apply(dir, writes);
  io.log(green(`✔ ${writes.length} file${writes.length === 1 ? '' : 's'} written`));
  nextSteps(found, after, before, changes, io, withServer);
  return 0;
}

/** What `add` decided for a project: the files it writes, edits, skips and removes. */
export interface AddPlan {
  found: Found;
  /** The add-ons this run adds (with those they need). */
  ids: string[];
  server: Server;
  withServer: boolean;
  /** The project as create-pyweb wrote it before this run; undefined where it wrote nothing. */
  before?: Stack;
  after: Stack;
  /** What the templates write for the project now, path → text (a compose file of the user's aside). */
  afterFiles: FileSet;
  /** Sorted by path; the hash file's change last, except in update mode (see planAdd). */
  changes: Change[];
}

/**
 * The planning half of `add`: reads the project, decides the stack and plans every file; the
 * command then checks and writes. `update` plans a found project with it too (`update`: a rerun
 * of every recorded add-on on the recorded server), with two differences: every file the templates
 * write is planned, not only those that this run changes (nothing counts as written before it:
 * untouched files are judged by their recorded hash alone); and the hash file is left to the
 * caller, which merges the files skipped first.
 */
export async function planAdd(
  dir: string,
  request: { ids: string[]; server?: string },
  flags: Record<string, string | boolean>,
  io: AddIo,
  update = false,
): Promise<AddPlan> {
  const interactive = io.interactive && !flags.yes;
  if (!existsSync(dir)) throw new UsageError(`${dir} does not exist`);
  const ask = interactive ? (await import('./ask.js')).askQuestion : undefined;
  const found = await findProject(
    dir,
    {
      framework: flags.framework as string | undefined,
      app: flags.app as string | undefined,
      server: flags.server as string | undefined,
      health: flags.health as string | undefined,
      python: flags.python as string | undefined,
    },
    ask,
  );
  // Kubernetes' readiness probe asks /readyz only of an app that has it. (update brings the app
  // files of this version along with the manifests: it keeps /readyz.)
  if (found.created && !(await servesReadyz(dir, found.names.pkg)))
    found.shape = { ...found.shape, ready: undefined };
  printFacts(found, io, {
    ci: request.ids.includes('ci') || found.deploy.ci === true,
    postgres: request.ids.includes('postgres') || found.deploy.postgres === true,
  });

  // What to add: named on the command line, or picked from those that fit.
  let ids = request.ids;
  // A rerun that names another app or health route updates the files that use it.
  const retarget = found.recorded && Boolean(flags.app || flags.health);
  if (!ids.length && !request.server && !retarget) {
    if (!interactive)
      throw new UsageError(
        'name the add-ons to add, e.g. create-pyweb add docker nginx',
        'create-pyweb add --list shows them',
      );
    const { pickAddons } = await import('./ask.js');
    ids = await pickAddons(found);
    if (!ids.length) throw new CancelledError();
  }
  const deploy: DeployOptions = { ...found.deploy };
  for (const id of ids) deploy[id] = true;

  await addRequired(deploy, ids, Boolean(flags.yes), interactive, io);
  // A found project with no server gets one only when an add-on serves the app (CI does not).
  const askedServer = request.server ?? (flags.server as string | undefined);
  const withServer = Boolean(
    found.server || askedServer || ADDONS.some((a) => a.servesApp && deploy[a.id] === true),
  );
  const server = withServer
    ? await chooseServer(found, askedServer, ids, Boolean(flags.yes), interactive, io)
    : recommendedServer(found);
  for (const id of ids) {
    const why = findAddon(id)!.unfit?.(server);
    if (why) throw new UsageError(`${id} ${why}`);
  }

  // The add-ons asked for count as absent before this run, so that their files are planned again
  // even when the record already names them: written where they never were, updated where nobody
  // changed them since (by the recorded hashes), and with --force written again or replaced.
  const without: DeployOptions = { ...found.deploy };
  for (const id of ids) without[id] = false;
  // What create-pyweb wrote before: nothing in a project it has not touched, and no server files
  // where the record names no server (CI only so far, or a server the project brought itself).
  const before = found.recorded
    ? stackOf(found, found.server ?? recommendedServer(found), without, true)
    : undefined;
  const after = stackOf(found, server, deploy);
  if (withServer) heldFlags(found, after, io);
  const {
    files: beforeFiles,
    legacy,
    procfile: legacyProcfile,
  } = before
    ? legacyGlue(dir, before, await renderFiles(before, found.recordedServer))
    : { files: new Map() as FileSet };
  const force = Boolean(flags.force);
  const recorded = await readHashes(dir);
  // A Dockerfile of the user's, kept: compose, nginx and Kubernetes follow what it says.
  const image = await ownImage(dir, beforeFiles, recorded, force);
  if (image) {
    refuseUnfit(image, deploy);
    after.shape = { ...after.shape, ownImage: image };
  }
  const afterFiles = await renderFiles(after, withServer);
  // A compose file of the user's gets our services; a compose.yaml beside it would hide it.
  const compose = await userCompose(dir, beforeFiles, afterFiles);
  if (compose) afterFiles.delete(OUR_COMPOSE);
  const edit = editor(found, before, after, afterFiles, withServer, compose);
  const switching = Boolean(found.server && found.server.id !== server.id);
  // A switch needs only the files that start the server: --force replaces no other file of the user's.
  const serving = (path: string) => startsServer(path, before ? [before, after] : [after]);
  const changes = await planChanges(
    dir,
    update ? goneOnly(beforeFiles, afterFiles) : beforeFiles,
    afterFiles,
    edit,
    switching && force ? serving : force,
    recorded,
  );
  changes.push(
    ...(await planEdits(
      dir,
      [
        found.manifest,
        found.depFile,
        ...(switching || legacyProcfile || (before && before.serve.line !== after.serve.line)
          ? ['Procfile']
          : []),
        ...(compose ? [compose.path] : []),
      ],
      edit,
      changes,
    )),
  );
  // A web line it cannot switch is shown, and keeps the switch from happening (below).
  if ((switching || legacyProcfile) && !changes.some((c) => c.path === 'Procfile')) {
    const procfile = join(dir, 'Procfile');
    const switched = existsSync(procfile)
      ? switchProcfile(await readFile(procfile, 'utf8'), after.serve.line)
      : undefined;
    if (switched && 'refused' in switched)
      changes.push({ path: 'Procfile', kind: 'skip', note: `left as it is: ${switched.refused}` });
  }
  if (compose) noteCompose(changes, compose, await readFile(join(dir, compose.path), 'utf8'));
  keepLegacyWhileNamed(changes, legacy);
  for (const path of [RECORD_FILE, found.depFile]) {
    if (path !== found.manifest && path !== found.depFile) continue;
    if (existsSync(join(dir, path)) || changes.some((c) => c.path === path)) continue;
    const text = edit(path, '');
    if (text) changes.push({ path, kind: 'create', after: text });
  }
  // compose reads .env: where it is missing and .env.example wants a secret, one is made here.
  const example = afterFiles.get('.env.example');
  const dotenv =
    ids.includes('compose') && example && !existsSync(join(dir, '.env'))
      ? dotenvFrom(example)
      : undefined;
  if (dotenv) {
    changes.push({ path: '.env', kind: 'create', after: dotenv, note: 'with a fresh secret key' });
    // A secret that `git add -A` would commit is worse than none.
    changes.push(...(await planEnvIgnored(dir, changes)));
  }
  changes.sort((a, b) => a.path.localeCompare(b.path));
  // The hash file is written last: a run stopped half-way may leave files written and not yet
  // recorded (the next run finds them as it would write them), never recorded and not written
  // (the next run would take those for the user's).
  const record = update ? undefined : await planRecord(dir, recorded, changes);
  if (record) changes.push(record);
  for (const c of changes) {
    if (c.kind === 'skip' && c.path === 'Dockerfile' && image) {
      c.note = keptNote(image, deploy);
      // A Dockerfile create-pyweb wrote and the user edited still misses what the templates
      // brought since: only one that was always theirs leaves nothing to catch up with.
      c.used = !recorded?.has('Dockerfile');
    }
    if (c.kind === 'skip' && CONFIG_FILES.includes(c.path)) {
      c.used = true;
      c.note =
        'yours, used as is: it must bind HOST and PORT (8000), as the Dockerfile, nginx and the probes expect; --force replaces it';
    }
  }
  // A server switch is all or nothing: a skipped file that starts the server would go on running
  // the old one. A skipped file that only names it (the app's code, its tests) is the user's.
  const stuck = switching ? changes.filter((c) => c.kind === 'skip' && serving(c.path)) : [];
  if (switching)
    for (const c of changes)
      if (c.kind === 'skip' && !serving(c.path))
        c.note = `yours: it names ${found.server!.id} but starts no server, so it stays as it is`;
  if (stuck.length) {
    const dry = Boolean(flags['dry-run']);
    if (dry) io.log(bold(`Would switch to ${server.id}, but cannot:`));
    printPlan(changes, io, dry);
    const procfile = stuck.find((c) => c.path === 'Procfile' && c.note?.startsWith('left as'));
    const differ = stuck.filter((c) => c !== procfile).map((c) => c.path);
    const why = [
      ...(differ.length
        ? [
            `${differ.join(', ')} ${differ.length === 1 ? 'differs' : 'differ'} from what create-pyweb wrote and would still run ${found.server!.id}`,
          ]
        : []),
      ...(procfile ? [`in the Procfile, ${procfile.note!.replace(/^left as it is: /, '')}`] : []),
    ];
    const way = differ.length
      ? 'merge by hand or pass --force to replace'
      : "make the Procfile's web line start the server in one command";
    throw new UsageError(
      `cannot switch to ${server.id}: ${why.join('; ')}`,
      dry
        ? `the plan above is what the switch would write; ${way}; nothing was written`
        : `${way} (--dry-run shows the plan, with diffs); nothing was written`,
    );
  }
  return { found, ids, server, withServer, before, after, afterFiles, changes };
}

/**
 * The "before" of an update's plan: only what this run stops writing (a legacy glue module), so
 * that every file the templates write is planned, judged by its recorded hash. A recorded file
 * that is merely not rendered now is no evidence that it is no longer wanted: the glue package's
 * __init__.py is rendered only while the package is new.
 */
function goneOnly(before: FileSet, after: FileSet): FileSet {
  return new Map([...before].filter(([path]) => !after.has(path)));
}

/**
 * Flags the server release the project holds to lacks: said, with what it loses and how to have
 * them; a run whose command cannot work without one (a factory on uvicorn < 0.13) is refused.
 */
function heldFlags(found: Found, after: Stack, io: AddIo): void {
  const omitted = unknownFlags(after.server, found.shape.held);
  if (!omitted.length) return;
  const dist = after.server.flagsSince!.dist;
  const held = found.shape.held![dist];
  const full = serveFor(after.server, after.pair, { ...after.shape, held: undefined }).line;
  const words = full.split(' ');
  const lock = ['uv.lock', 'poetry.lock', 'pdm.lock'].find((l) => existsSync(join(found.dir, l)));
  const raise = (since: string) =>
    `${dist}>=${since} in ${found.depFile}${lock ? ` then ${lock.replace('.lock', '')} lock` : ''}`;
  for (const f of omitted) {
    if (!words.includes(f.flag)) continue;
    const has = `${dist} ${held.below ? `below ${held.version}` : held.version} (${held.where})`;
    if (f.essential)
      throw new UsageError(
        `${has} has no ${f.flag}, which came in ${f.since}: ${f.what}`,
        `raise it (${raise(f.since)}), or pass --app for an app object`,
      );
    io.log(
      yellow(
        `  ${has} has no ${f.flag} (it came in ${f.since}): the command goes without it, so ${f.what}; for it: ${raise(f.since)}`,
      ),
    );
  }
}

function printFacts(found: Found, io: AddIo, show: { ci: boolean; postgres: boolean }): void {
  io.log(
    bold(
      found.created
        ? `Project ${found.names.title} (create-pyweb):`
        : `Project ${found.names.title}, as found:`,
    ),
  );
  // How CI lints matters only to CI; how the app reaches its database, only to postgres.
  const shown = found.facts.lines.filter(
    (l) => (show.ci || l.what !== 'lint') && (show.postgres || l.what !== DATABASE_FACT),
  );
  for (const f of shown)
    io.log(`  ${f.what}${f.value ? ` ${f.value}` : ''}${f.where ? dim(`  (${f.where})`) : ''}`);
}

/** The server after this run: asked for, or the project's, or (with --yes, or asked) the recommended one. */
async function chooseServer(
  found: Found,
  asked: string | undefined,
  ids: string[],
  yes: boolean,
  interactive: boolean,
  io: AddIo,
): Promise<Server> {
  const { framework } = found;
  if (asked) {
    const s = findServer(asked)!;
    const why = unfitServer(found, s);
    if (why) throw new UsageError(why);
    return s;
  }
  if (found.server) return found.server;
  const fits = serversFor(framework, found.interfaces?.list).map((s) => s.id);
  const needs = ids.filter((id) => findAddon(id)!.servesApp);
  if (yes || !interactive) {
    if (!yes)
      throw new UsageError(
        `the project names no server, which ${needs.join(' and ')} must run`,
        `pass --server (for ${framework.id}: ${fits.join(', ')}) or --yes for ${fits[0]}`,
      );
    const recommended = recommendedServer(found);
    io.log(
      `  server ${recommended.id}${dim(`  (none found: the one recommended for ${found.interfaces ? `this ${found.interfaces.list.map((i) => INTERFACE_LABEL[i]).join(' or ')} ` : ''}${framework.id}${found.interfaces ? ' app' : ''}; --server picks another)`)}`,
    );
    return recommended;
  }
  const { pickServer } = await import('./ask.js');
  return findServer(await pickServer(framework, found.interfaces?.list))!;
}

/** Add-ons that an asked-for one needs: added with --yes or a yes, else a clear stop. */
async function addRequired(
  deploy: DeployOptions,
  ids: string[],
  yes: boolean,
  interactive: boolean,
  io: AddIo,
): Promise<void> {
  for (const id of [...ids]) {
    for (const need of findAddon(id)!.requires) {
      if (deploy[need] === true) continue;
      if (!yes) {
        if (!interactive)
          throw new UsageError(
            `${id} needs ${need}: add both (create-pyweb add ${need} ${id}) or pass --yes`,
          );
        const { confirm } = await import('./ask.js');
        if (!(await confirm(`${id} needs ${need}. Add ${need} too?`)))
          throw new UsageError(`${id} needs ${need}; nothing was written`);
      }
      io.log(dim(`  ${id} needs ${need}: adding it`));
      deploy[need] = true;
      ids.push(need);
    }
  }
}

/** The record `add` keeps, as TOML values. */
function recordOf(found: Found, stack: Stack, withServer: boolean): Record<string, TomlValue> {
  const base: Record<string, TomlValue> = { version: VERSION };
  if (!found.created) {
    const { app } = stack.shape;
    Object.assign(base, {
      project: 'detected',
      name: found.names.title,
      package: stack.shape.glue.pkg,
      app: `${app.module}:${app.attr}${app.factory ? '()' : ''}`,
      health: stack.shape.health,
    });
  }
  return {
    ...base,
    framework: stack.framework.id,
    ...(withServer
      ? {
          server: stack.server.id,
          interface: stack.pair.interface,
          websocket: stack.pair.websocket,
        }
      : {}),
    python: String(stack.deploy.python),
    addons: addons(stack),
  };
}

/** Server configs a project may bring itself: kept, but they must bind where everything else looks. */
const CONFIG_FILES = ['gunicorn.conf.py', 'hypercorn_conf.py', 'uwsgi.ini'];

const README_BLOCK = /<!-- create-pyweb:deploy[^>]*-->[\s\S]*?<!-- \/create-pyweb:deploy -->/;

/**
 * How `add` edits a file the user has changed or owns: the record and dependencies in
 * pyproject.toml (as TOML), requirements.txt line by line, the marked deploy part of README.md,
 * the services of a compose file of theirs (as YAML).
 */
function editor(
  found: Found,
  before: Stack | undefined,
  after: Stack,
  afterFiles: FileSet,
  withServer: boolean,
  compose?: UserCompose,
): Editor {
  // The server's requirements, and those of the add-ons this run adds (a database driver).
  const had = before ? addons(before) : [];
  const added = [
    ...(withServer ? after.server.requires : []),
    // The production settings module serves the static files with WhiteNoise.
    ...(withServer && after.shape.django?.production ? ['whitenoise'] : []),
    ...addons(after)
      .filter((id) => !had.includes(id))
      .flatMap((id) => addonDependencies(findAddon(id)!, after).runtime ?? []),
  ].map(requirement);
  const dropped =
    found.server && before && before.server.id !== after.server.id
      ? before.server.requires
          .filter((k) => !after.server.requires.includes(k))
          .map((k) => requirementName(requirement(k)))
      : [];
  const record = recordOf(found, after, withServer);
  const deps = (text: string, file: string): string => {
    let out = text;
    if (file !== 'pyproject.toml') {
      // A project that declared nothing gets its framework too.
      const framework = text === '' ? after.framework.requires.map(requirement) : [];
      for (const name of dropped) out = removeRequirement(out, name);
      for (const req of [...framework, ...added]) out = addRequirement(out, req);
      return out;
    }
    const declared = readTable(out, 'project')?.dependencies;
    if (declared !== undefined && projectDependencies(out) === undefined)
      throw new UsageError(
        `${file}: [project] dependencies is ${JSON.stringify(declared)}, not an array of requirements`,
        `write it as an array (dependencies = [${typeof declared === 'string' && !declared.startsWith('[') ? JSON.stringify(declared) : '"..."'}]) and run the same add again; nothing was written`,
      );
    // Poetry 2 reads [project].dependencies when it is there; Poetry 1 only its own table.
    const poetry =
      found.shape.manager === 'poetry' &&
      hasPoetryDependenciesTable(out) &&
      projectDependencies(out) === undefined;
    for (const name of dropped)
      out = poetry ? removePoetryDependency(out, name) : removeProjectDependency(out, name);
    for (const req of added) {
      if (poetry) out = addPoetryDependency(out, req);
      else if (projectDependencies(out) === undefined) {
        // A [project] table without a dependencies array gets one.
        out = setTableValues(out, 'project', { dependencies: [req] });
      } else out = addProjectDependency(out, req);
    }
    return out;
  };
  const edit: Editor = (path, disk) => {
    if (path === compose?.path) return compose.merge(disk)?.text;
    if (path === 'pyproject.toml' || path === RECORD_FILE) {
      let out = disk;
      if (path === 'pyproject.toml' && found.depFile === 'pyproject.toml') out = deps(out, path);
      return setTableValues(out, RECORD_TABLE, record);
    }
    if (path === found.depFile && path !== 'pyproject.toml') return deps(disk, path);
    if (path === 'Procfile') {
      const switched = switchProcfile(disk, after.serve.line);
      return 'text' in switched ? switched.text : undefined;
    }
    if (path === 'README.md') {
      const block = afterFiles.get('README.md')?.match(README_BLOCK)?.[0];
      if (!block || !README_BLOCK.test(disk)) return undefined;
      return disk.replace(README_BLOCK, () => block);
    }
    return undefined;
  };
  // A file it cannot edit (TOML that does not parse, a table written as a value) is one line that names it.
  return (path, disk) => {
    try {
      return edit(path, disk);
    } catch (e) {
      if (e instanceof UsageError) throw e;
      throw new UsageError(
        `${path}: ${(e as Error).message}`,
        'fix it and run the same add again; nothing was written',
      );
    }
  };
}

async function notifyDirtyTree(dir: string, io: AddIo): Promise<void> {
  try {
    const { stdout } = await exec('git', ['status', '--porcelain'], { cwd: dir });
    const n = stdout.split('\n').filter(Boolean).length;
    if (n)
      io.log(
        yellow(
          `  note: the git tree has ${n} uncommitted change${n === 1 ? '' : 's'}; commit first to review this add with git diff`,
        ),
      );
  } catch {
    // Not a git repository, or no git: nothing to point out.
  }
}

const MARK: Record<Change['kind'], (s: string) => string> = {
  create: (s) => green(`create  ${s}`),
  update: (s) => cyan(`change  ${s}`),
  same: (s) => dim(`same    ${s}`),
  skip: (s) => yellow(`skip    ${s}`),
  remove: (s) => red(`remove  ${s}`),
  keep: (s) => yellow(`keep    ${s}`),
  deleted: (s) => yellow(`deleted ${s}`),
};

function printPlan(changes: Change[], io: AddIo, diffs: boolean): void {
  for (const c of changes) {
    io.log(`  ${MARK[c.kind](c.path)}${c.note ? dim(`  ${c.note}`) : ''}`);
    if (diffs && c.kind === 'update')
      for (const line of unifiedDiff(c.path, c.before!, c.after!)) io.log(dim(`      ${line}`));
  }
}

/** A folder add cannot write to is named before anything is written, not met half-way. */
async function checkWritable(dir: string, writes: Change[]): Promise<void> {
  for (const c of writes) {
    const abs = join(dir, c.path);
    // An edit goes where a link points; a new file into the first folder up that exists.
    let at = dirname(c.kind === 'update' ? await realpath(abs) : abs);
    while (!existsSync(at)) at = dirname(at);
    try {
      await access(at, constants.W_OK);
    } catch {
      throw new UsageError(
        `cannot write ${c.path}: ${at} is not writable`,
        'make it writable (or run where you can write) and run the same add again; nothing was written',
      );
    }
  }
}

/** Writes the changes through the writer, saying on a stop which files are already in place. */
async function apply(dir: string, writes: Change[]): Promise<void> {
  const done: string[] = [];
  // A stop half-way says which files are already in place (each one whole).
  whenStopped(() =>
    done.length
      ? `${done.length} of ${writes.length} files were written (${done.join(', ')}); run the same add again to finish`
      : 'nothing was written',
  );
  await applyChanges(dir, writes, (path) => done.push(path));
  whenStopped(() => 'every file of this add is in place');
}

/** Services whose add-on is planned but not built yet. */
const COMING_ADDONS: string[] = [];

const SERVICE_LABELS = {
  postgres: 'PostgreSQL',
  mysql: 'MySQL',
  redis: 'Redis',
  mongodb: 'MongoDB',
} as const;

/** A driver among the dependencies means a service to run: the add-on that provides it, or who must. */
function serviceSteps(found: Found, carried: string[]): { cmd: string; what: string }[] {
  const settings = found.shape.settings ?? [];
  // A service whose add-on the project has now is provided: nothing left to do for it.
  const needed = (found.detected?.services ?? []).filter((s) => !carried.includes(s.service));
  return needed.map((s) => {
    const label = SERVICE_LABELS[s.service];
    const hint = new RegExp(
      s.service === 'redis' ? 'REDIS|CACHE|BROKER' : `DATABASE|_DB|DB_|${s.service.toUpperCase()}`,
    );
    const vars = settings.filter((v) => hint.test(v.name)).map((v) => v.name);
    const point = vars.length ? `set ${vars.join(', ')} to it` : 'point the app at it';
    const what = `${s.dist} (${s.where.split(':')[0]}) needs a ${label} server`;
    if (findAddon(s.service))
      return { cmd: `create-pyweb add ${s.service}`, what: `${what}: this add-on provides it` };
    if (COMING_ADDONS.includes(s.service))
      return {
        cmd: `${s.service} add-on: coming`,
        what: `${what}, which it will provide; until then run one yourself and ${point}`,
      };
    return {
      cmd: `a ${label} server`,
      what: `${what}; no add-on provides one: run it yourself and ${point}`,
    };
  });
}

/**
 * Whether a change to the dependency file changes the dependencies, which a lock must follow. In
 * pyproject.toml `add` edits the dependencies and the record, so an edit that is the record's
 * alone (the same text once the record is set on what was there) leaves the lock as it is.
 */
export function changesDependencies(c: Change): boolean {
  if (c.kind !== 'update') return false;
  if (c.path !== 'pyproject.toml') return true;
  const record = readTable(c.after!, RECORD_TABLE);
  return !record || setTableValues(c.before!, RECORD_TABLE, record) !== c.after;
}

function nextSteps(
  found: Found,
  after: Stack,
  before: Stack | undefined,
  changes: Change[],
  io: AddIo,
  withServer: boolean,
): void {
  const steps: { cmd: string; what: string }[] = [];
  const depsChanged = changes.some((c) => c.path === found.depFile && changesDependencies(c));
  // A workspace member's lock is the workspace's: `uv lock` finds it from the member.
  if (depsChanged && existsSync(join(found.dir, found.shape.workspace?.root ?? '', 'uv.lock')))
    steps.push({
      cmd: 'uv lock',
      what: 'the Dockerfile installs with --locked: lock the new dependencies',
    });
  if (depsChanged && existsSync(join(found.dir, 'pdm.lock')))
    steps.push({
      cmd: 'pdm lock',
      what: 'the Dockerfile installs with --check: lock the new dependencies',
    });
  if (depsChanged && existsSync(join(found.dir, 'poetry.lock')))
    steps.push({ cmd: 'poetry lock', what: 'lock the new dependencies' });
  // The same steps as a new project's README: Django's collectstatic and migrate come first.
  if (withServer && (!found.server || before?.server.id !== after.server.id))
    for (const s of productionSteps(after))
      steps.push({ cmd: productionStepLine(s), what: s.what });
  steps.push(...addonSteps(after));
  steps.push(...serviceSteps(found, addons(after)));
  const production = after.shape.django?.production;
  if (production && changes.some((c) => c.path === production.path && c.kind === 'create'))
    steps.push({
      cmd: `undo: rm ${production.path}`,
      what: `and drop DJANGO_SETTINGS_MODULE=${production.module} from the Dockerfile: production settings beside ${after.shape.django!.settings}, which is unchanged`,
    });
  const skipped = changes.filter((x) => x.kind === 'skip').map((x) => x.path);
  if (skipped.length)
    steps.push({
      cmd: 'the same add with --force',
      what: `replaces ${skipped.join(', ')} (or merge by hand)`,
    });
  if (!steps.length) return;
  io.log('');
  io.log(bold('Next steps:'));
  for (const s of steps) {
    io.log(
      s.cmd.length < 40
        ? `  ${cyan(s.cmd.padEnd(40))} ${dim(s.what)}`
        : `  ${cyan(s.cmd)}\n  ${' '.repeat(40)} ${dim(s.what)}`,
    );
  }
}
