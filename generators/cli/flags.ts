import {
  ADDONS,
  DEFAULTS,
  FRAMEWORKS,
  NEEDS,
  PYTHON_VERSIONS,
  RETIRED_PYTHONS,
  SERVERS,
} from '../catalog/index.js';

export interface FlagDef {
  name: string;
  alias?: string;
  /** boolean flags take no value; `negatable` ones also have a `--no-` form. */
  type: 'boolean' | 'string';
  negatable?: boolean;
  values?: readonly string[];
  /** Values refused with a specific reason rather than "unknown". */
  refused?: Record<string, string>;
  valueName?: string;
  description: string;
  /** The default when neither the flag nor a prompt decides, as shown in --help. */
  default?: string;
  /**
   * The same default as a value, for `--list --json`: null when it depends on other answers.
   * Unset: false for a boolean flag, null for a string one.
   */
  defaultValue?: boolean | string | null;
  /** Controls the CLI itself (help, listing, a dry run), not the project it makes. */
  cliOnly?: boolean;
}

/** An add-on's default as a value: the same for every server it fits, else null (see defaultFor). */
function addonDefault(a: (typeof ADDONS)[number]): boolean | null {
  const values = new Set(SERVERS.filter((s) => !a.unfit?.(s)).map((s) => a.byDefault(s)));
  return values.size === 1 ? [...values][0] : null;
}

/** The one table of flags: parsing, validation, --help and the README's flag table come from it. */
export const FLAGS: FlagDef[] = [
  {
    name: 'framework',
    alias: 'f',
    type: 'string',
    values: FRAMEWORKS.map((f) => f.id),
    valueName: 'id',
    description: 'web framework',
    default: `${DEFAULTS.framework}; with --server, the first that fits it`,
    defaultValue: DEFAULTS.framework,
  },
  {
    name: 'server',
    alias: 's',
    type: 'string',
    values: SERVERS.map((s) => s.id),
    valueName: 'id',
    description: 'server that runs it (only those that fit the framework)',
    default: "the framework's recommended server",
  },
  // One flag per deployment add-on, from the add-on table.
  ...ADDONS.map(
    (a): FlagDef => ({
      name: a.id,
      type: 'boolean',
      negatable: true,
      description: a.description,
      default: a.defaultLabel,
      defaultValue: addonDefault(a),
    }),
  ),
  {
    name: 'python',
    type: 'string',
    values: PYTHON_VERSIONS,
    refused: RETIRED_PYTHONS,
    valueName: 'version',
    description:
      "Python version: the container image's, the lowest requires-python admits, and .python-version",
    default: DEFAULTS.python,
    defaultValue: DEFAULTS.python,
  },
  {
    name: 'git',
    type: 'boolean',
    negatable: true,
    description: 'git init and a first commit (skipped inside a repository)',
    default: 'on',
    defaultValue: true,
  },
  {
    name: 'install',
    type: 'boolean',
    negatable: true,
    description:
      'create .venv and install the project with its dev group (uv, which also writes uv.lock, if found; else pip)',
    default: 'asked; off without a terminal',
    defaultValue: false,
  },
  {
    name: 'dry-run',
    type: 'boolean',
    description: 'print the files that would be written, with sizes; write nothing',
    cliOnly: true,
  },
  {
    name: 'yes',
    alias: 'y',
    type: 'boolean',
    description: 'accept defaults for everything not given; never prompt',
    cliOnly: true,
  },
  {
    name: 'overwrite',
    type: 'boolean',
    description: 'replace the contents of a non-empty directory (.git is kept)',
  },
  {
    name: 'list',
    type: 'boolean',
    description: 'list frameworks, servers and the pairs that work',
    cliOnly: true,
  },
  { name: 'json', type: 'boolean', description: 'with --list: the catalog as JSON', cliOnly: true },
  { name: 'help', alias: 'h', type: 'boolean', description: 'show this help', cliOnly: true },
  { name: 'version', alias: 'v', type: 'boolean', description: 'print the version', cliOnly: true },
];

/** `create-pyweb recommend` flags: one per need in the catalog's rules. */
export const RECOMMEND_FLAGS: FlagDef[] = [
  ...NEEDS.map((n): FlagDef => ({ name: n.id, type: 'boolean', description: n.question })),
  { name: 'yes', alias: 'y', type: 'boolean', description: 'do not ask; use only the flags given' },
  { name: 'help', alias: 'h', type: 'boolean', description: 'show this help' },
];

/** --cwd: the commands that work on a project that exists. */
const CWD_FLAG: FlagDef = {
  name: 'cwd',
  type: 'string',
  valueName: 'dir',
  description: 'the project folder',
  default: 'the current folder',
};

/** `create-pyweb add` flags. */
export const ADD_FLAGS: FlagDef[] = [
  CWD_FLAG,
  {
    name: 'dry-run',
    type: 'boolean',
    description:
      'list what would be created, changed and skipped, with a diff of each change; write nothing',
  },
  {
    name: 'force',
    type: 'boolean',
    description: 'replace files that exist and differ (they are skipped otherwise)',
  },
  {
    name: 'yes',
    alias: 'y',
    type: 'boolean',
    description:
      'never ask: add what an add-on needs, and the recommended server when the project has none',
  },
  {
    name: 'framework',
    alias: 'f',
    type: 'string',
    values: FRAMEWORKS.map((f) => f.id),
    valueName: 'id',
    description: 'the framework, when detection cannot tell',
  },
  {
    name: 'app',
    type: 'string',
    valueName: 'module:attr',
    description:
      'the app object, when detection cannot tell (`pkg.web:create_app()` for a factory)',
  },
  {
    name: 'server',
    alias: 's',
    type: 'string',
    values: SERVERS.map((s) => s.id),
    valueName: 'id',
    description: 'the server, when the project names none or several',
  },
  {
    name: 'health',
    type: 'string',
    valueName: 'path',
    description: 'the route health checks and probes request',
    default: 'the one found, else /',
  },
  {
    name: 'python',
    type: 'string',
    values: PYTHON_VERSIONS,
    refused: RETIRED_PYTHONS,
    valueName: 'version',
    description: 'Python version of the container image',
    default: "the project's: .python-version, its Dockerfile, CI, lock, requires-python; else 3.13",
  },
  { name: 'list', type: 'boolean', description: 'list the add-ons, and which the project has' },
  { name: 'help', alias: 'h', type: 'boolean', description: 'show this help' },
];

/** `create-pyweb update`'s flags. */
export const UPDATE_FLAGS: FlagDef[] = [
  CWD_FLAG,
  {
    name: 'dry-run',
    type: 'boolean',
    description:
      "each file's label (updated, kept, merged, conflict...) with a diff; write nothing",
  },
  {
    name: 'json',
    type: 'boolean',
    description:
      'the report as JSON, for bots and scripts (it updates the files; with --dry-run it only plans)',
  },
  {
    name: 'check',
    type: 'boolean',
    description:
      'exit 1 when the project was made by an older create-pyweb than this one, 0 when it is current; write nothing',
  },
  {
    name: 'allow-dirty',
    type: 'boolean',
    description: 'update a git tree with uncommitted changes (a merge into them cannot be undone)',
  },
  {
    name: 'from',
    type: 'string',
    valueName: 'spec',
    description:
      "the package that renders the base: an npm spec, a tarball or a folder of the project's recorded version",
    default: 'create-pyweb@<recorded version>',
  },
  {
    name: 'offline',
    type: 'boolean',
    description: "take the base from the project's git history only; fetch no package",
  },
  { name: 'help', alias: 'h', type: 'boolean', description: 'show this help' },
];

/** `create-pyweb serve`'s flags. */
export const SERVE_FLAGS: FlagDef[] = [
  {
    name: 'port',
    alias: 'p',
    type: 'string',
    valueName: 'n',
    description: 'the TCP port; 0 picks a free one',
    default: '8080',
  },
  {
    name: 'host',
    type: 'string',
    valueName: 'address',
    description: 'the address to listen on: 0.0.0.0 or :: opens the server to the network',
    default: '127.0.0.1, this machine only',
  },
  { name: 'help', alias: 'h', type: 'boolean', description: 'show this help' },
];
