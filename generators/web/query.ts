import { ADDONS, DEFAULTS, findServer } from '../catalog/index.js';
import { checkValue, didYouMean } from '../cli/args.js';
import { UsageError } from '../cli/errors.js';
import { FLAGS, type FlagDef } from '../cli/flags.js';
import { oneShotOptions } from '../cli/one-shot.js';
import { createCommand, shQuote } from '../cli/shell.js';
import {
  checkGiven,
  type DeployOptions,
  defaultServer,
  deployFor,
  frameworkForServer,
  resolvePair,
  type Stack,
  stackOf,
} from '../project/choices.js';
import { DEFAULT_NAME, toNames } from '../project/naming.js';

/**
 * A project's choices as a URL query: the create flags' long names (`?framework=flask&k8s`), so a
 * link reproduces a project. Shared by the web page (bundled for a browser: nothing here may
 * import node:) and `create-pyweb serve`. Choices resolve exactly as `create-pyweb NAME ... --yes`
 * resolves its flags, with the CLI's own refusals. A page must register its templates with
 * useTemplatesForNames (project/reserved.ts) before it parses a name.
 */

/** Fully resolved choices: what a project is made of, defaults applied. */
export interface Choice {
  name: string;
  framework: string;
  server: string;
  deploy: DeployOptions;
}

/** The create flags that are choices of the project: not --git, --yes or --help. */
export const QUERY_FLAGS: FlagDef[] = FLAGS.filter(
  (f) => ['framework', 'server', 'python'].includes(f.name) || ADDONS.some((a) => a.id === f.name),
);

/** Every key a query may have: the flags above and `name`. */
export const QUERY_KEYS: string[] = ['name', ...QUERY_FLAGS.map((f) => f.name)];

const ON = ['', 'true', '1', 'on'];
const OFF = ['false', '0', 'off'];

function unknownKey(key: string): UsageError {
  const names = [
    ...QUERY_KEYS,
    ...QUERY_FLAGS.filter((f) => f.negatable).map((f) => `no-${f.name}`),
  ];
  const guess = didYouMean(key, names);
  return new UsageError(
    `unknown query key "${key}"${guess ? `; did you mean ${guess}?` : ''}`,
    `the keys are ${QUERY_KEYS.join(', ')}`,
  );
}

/** A boolean key's value: bare or true/1/on is on, false/0/off is off; `no-k` takes no value. */
function switchValue(key: string, value: string, negated: boolean): boolean {
  const v = value.toLowerCase();
  if (negated) {
    if (v !== '')
      throw new UsageError(`${key} takes no value (use ${key} or ${key.slice(3)}=false)`);
    return false;
  }
  if (ON.includes(v)) return true;
  if (OFF.includes(v)) return false;
  throw new UsageError(
    `${key}="${value}" is not on or off`,
    `use ${key}, ${key}=true or ${key}=false`,
  );
}

/** A name, not a path: the query names the project's folder, which a download puts anywhere. */
function checkName(raw: string): string {
  if (!raw.trim())
    throw new UsageError('the project name is empty', `give a name, e.g. name=${DEFAULT_NAME}`);
  if (/[\\/]/.test(raw) || raw === '.' || raw === '..')
    throw new UsageError(`"${raw}" is a path: the name must be a plain name, no slashes`);
  toNames(raw);
  return raw;
}

/** Choices from a query (`?framework=flask&server=gunicorn&k8s`), resolved as the CLI would. */
export function parseQuery(q: string | URLSearchParams): Choice {
  const params = typeof q === 'string' ? new URLSearchParams(q.replace(/^\?/, '')) : q;
  const byName = new Map(QUERY_FLAGS.map((f) => [f.name, f]));
  const given: Record<string, string | boolean> = {};
  const set = (key: string, value: string | boolean) => {
    const spelled = (v: string | boolean) =>
      typeof v === 'boolean' ? `${v ? '' : 'no-'}${key}` : `${key}=${v}`;
    if (key in given && given[key] !== value)
      throw new UsageError(`conflicting keys: ${spelled(given[key])} and ${spelled(value)}`);
    given[key] = value;
  };
  for (const [key, value] of params) {
    if (key === 'name') {
      set(key, value);
      continue;
    }
    const negated = key.startsWith('no-') && byName.get(key.slice(3))?.negatable === true;
    const def = byName.get(negated ? key.slice(3) : key);
    if (!def) throw unknownKey(key);
    if (def.type === 'boolean') set(def.name, switchValue(key, value, negated));
    else if (value === '')
      throw new UsageError(
        `${key} needs a value${def.values ? `: one of ${def.values.join(', ')}` : ''}`,
      );
    else set(key, checkValue(def, value));
  }
  const deploy: Partial<DeployOptions> = {};
  for (const a of ADDONS) if (typeof given[a.id] === 'boolean') deploy[a.id] = given[a.id];
  const server = given.server as string | undefined;
  // The CLI's order: the pair and the add-ons, then the name, then the stack.
  checkGiven({ framework: given.framework as string | undefined, server, deploy });
  const name = checkName((given.name as string | undefined) ?? DEFAULT_NAME);
  const framework =
    (given.framework as string | undefined) ??
    (server ? frameworkForServer(server)?.id : undefined) ??
    DEFAULTS.framework;
  if (given.python) deploy.python = given.python as string;
  const pair = resolvePair(framework, server);
  return {
    name,
    framework: pair.framework.id,
    server: pair.server.id,
    deploy: deployFor(pair.server, deploy),
  };
}

/** The shortest query parseQuery reads back as `choice`: only what differs from the defaults. */
export function toQuery(choice: Choice): string {
  const parts: string[] = [];
  const add = (key: string, value?: string) =>
    parts.push(value === undefined ? key : `${key}=${encodeURIComponent(value)}`);
  if (choice.name !== DEFAULT_NAME) add('name', choice.name);
  const framework = resolvePair(choice.framework, undefined).framework;
  const needsServer = defaultServer(framework).id !== choice.server;
  // Without a framework, a server picks the first it serves: say the framework when that is not it.
  const implied = needsServer ? frameworkForServer(choice.server)?.id : DEFAULTS.framework;
  if (implied !== choice.framework) add('framework', choice.framework);
  if (needsServer) add('server', choice.server);
  if (choice.deploy.python !== DEFAULTS.python) add('python', choice.deploy.python);
  // One add-on at a time, each against what the ones before imply (k8s follows docker off).
  const server = findServer(choice.server)!;
  const asked: Partial<DeployOptions> = {};
  for (let i = 0; i <= ADDONS.length; i++) {
    const resolved = deployFor(server, asked);
    const differs = ADDONS.find((a) => resolved[a.id] !== choice.deploy[a.id]);
    if (!differs) break;
    asked[differs.id] = choice.deploy[differs.id];
  }
  for (const a of ADDONS) if (a.id in asked) add(asked[a.id] === true ? a.id : `no-${a.id}`);
  return parts.join('&');
}

/** The Stack a choice makes; the folder is the name, as nothing is written here. */
export function stackFor(choice: Choice): Stack {
  const names = { dir: choice.name, title: choice.name, ...toNames(choice.name) };
  return stackOf(names, choice.framework, choice.server, choice.deploy);
}

/** The command that makes the same project without questions, as the CLI prints after a run. */
export function commandFor(choice: Choice): string {
  const stack = stackFor(choice);
  return createCommand(
    [shQuote(choice.name, { path: true })],
    oneShotOptions(stack, { git: true }),
    'npm',
  );
}
