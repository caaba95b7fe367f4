import {
  ADDONS,
  DEFAULTS,
  FRAMEWORKS,
  PYTHON_VERSIONS,
  RETIRED_PYTHONS,
  SERVERS,
  NEEDS,
  explainRefusal,
  pairOf,
  serversFor,
  validPairs,
} from '../catalog/index.js';
import { NAME_MAX_LENGTH, refusedPackageNames } from '../project/names.js';
import { buildStack } from '../project/stack.js';
import { developSteps, developTarget, stepLine } from '../serve/develop.js';
import { VERSION } from '../version.js';
import { FLAGS } from './flags.js';

/**
 * `--list --json`: the catalog as data, complete enough for a script or a web form to offer every
 * choice the CLI offers, with its defaults and its refusals. Its shape is documented in the
 * README ("The catalog as JSON"); SCHEMA_VERSION goes up on any change that can break a reader
 * (a field removed, renamed or retyped). New fields do not bump it. (Flag defaults became typed
 * values before version 1 was first released: still 1.)
 */
export const SCHEMA_VERSION = 1;

/**
 * A project name the CLI takes as typed, as a JavaScript regular expression: 1 to NAME_MAX_LENGTH
 * printable ASCII characters, no slash (a name, not a path), and a letter before any digit (a
 * package name cannot start with one). Other letters (`café`) are spelt in ASCII or refused,
 * which only the CLI decides.
 */
const NAME_PATTERN = `^(?=[ -~]{1,${NAME_MAX_LENGTH}}$)(?=[^A-Za-z0-9]*[A-Za-z])[^/\\\\]*$`;

/** Where a command names the project's import package (`my-app` → `my_app`). */
export const PACKAGE_PLACEHOLDER = '{package}';

/** A package name no command has of its own, replaced by the placeholder once the command is made. */
const SENTINEL = 'pywebplaceholderpkg';
const templated = (s: string) => s.replaceAll(SENTINEL, PACKAGE_PLACEHOLDER);

/** The commands of a project made with this pair: production, development, and the steps before. */
function commands(framework: string, server: string) {
  const stack = buildStack(SENTINEL, framework, server);
  const target = developTarget(stack);
  return {
    serve: templated(stack.serve.line),
    dev: templated(target.dev),
    develop: developSteps(target).map((s) => ({
      ...('cmd' in s ? { cmd: templated(stepLine(s)) } : { env: s.env, value: s.value }),
      what: s.what,
    })),
  };
}

export function catalogJson() {
  return {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: 'create-pyweb', version: VERSION },
    placeholders: {
      [PACKAGE_PLACEHOLDER]:
        "the project's import package: its name in lower case, with - and . as _ (my-app → my_app)",
    },
    defaults: { framework: DEFAULTS.framework, python: DEFAULTS.python },
    frameworks: FRAMEWORKS.map((f) => {
      const servers = serversFor(f).map((s) => s.id);
      const { dev, develop } = commands(f.id, servers[0]);
      return {
        id: f.id,
        title: f.label,
        hint: f.hint,
        style: f.style,
        interfaces: f.interfaces,
        websocket: f.websocket,
        defaultServer: servers[0],
        servers,
        dev,
        develop,
      };
    }),
    servers: SERVERS.map((s) => ({
      id: s.id,
      title: s.label,
      hint: s.hint,
      serves: s.serves,
      websocket: s.websocket,
      http2: s.http2,
      http3: s.http3,
      lifespan: s.lifespan,
      windows: s.windows,
      gracefulTimeout: s.gracefulTimeout,
    })),
    pairs: validPairs().map((p) => ({ ...p, ...commands(p.framework, p.server) })),
    refused: FRAMEWORKS.flatMap((f) =>
      SERVERS.filter((s) => !pairOf(f, s)).map((s) => ({
        framework: f.id,
        server: s.id,
        reason: explainRefusal(f, s),
      })),
    ),
    python: {
      versions: [...PYTHON_VERSIONS],
      default: DEFAULTS.python,
      refused: Object.entries(RETIRED_PYTHONS).map(([version, reason]) => ({ version, reason })),
    },
    addons: ADDONS.map((a) => ({
      id: a.id,
      title: a.title,
      flag: `--${a.id}`,
      description: a.description,
      needs: a.requires,
      default: a.defaultLabel,
      defaultFor: SERVERS.filter((s) => !a.unfit?.(s) && a.byDefault(s)).map((s) => s.id),
      fits: SERVERS.filter((s) => !a.unfit?.(s)).map((s) => s.id),
    })),
    flags: FLAGS.map((f) => ({
      name: f.name,
      ...(f.alias ? { alias: f.alias } : {}),
      type: f.type,
      negatable: Boolean(f.negatable),
      ...(f.values ? { values: [...f.values] } : {}),
      ...(f.valueName ? { valueName: f.valueName } : {}),
      description: f.description,
      default: f.defaultValue !== undefined ? f.defaultValue : f.type === 'boolean' ? false : null,
      ...(f.default ? { defaultLabel: f.default } : {}),
      cliOnly: Boolean(f.cliOnly),
    })),
    name: {
      argument: 'directory',
      description:
        'the project folder; its last part names the project. The distribution name is it in lower case with every run of other characters as -, the package name the same with _',
      maxLength: NAME_MAX_LENGTH,
      pattern: NAME_PATTERN,
      refusedPackages: refusedPackageNames(),
    },
    needs: NEEDS.map((n) => ({
      id: n.id,
      question: n.question,
      flag: `--${n.id}`,
      excludes: n.excludes ?? [],
      ...(n.note ? { note: n.note } : {}),
    })),
  };
}
