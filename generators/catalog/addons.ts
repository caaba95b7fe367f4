import type { Server } from './types.js';

/**
 * The deployment add-ons, one definition each, in the spirit of sv's `defineAddon`. The create
 * flags and their --help lines, the deployment question, the repeat command, the template layers,
 * the `[tool.create-pyweb]` record, `add --list`, the README flag table and the tests all read
 * this table. What an add-on writes is its template layer, `templates/deploy/<id>/`.
 */
export interface Addon {
  id: string;
  /** The deployment question's label and `add --list`'s name for it. */
  title: string;
  /** What the flag and `add <id>` bring, for --help and the README. */
  description: string;
  /** Why the add-on does not fit a server ("applies to …"), or undefined when it does. */
  unfit?: (server: Server) => string | undefined;
  /** Add-ons whose files this one uses. */
  requires: string[];
  /** Its files run or reach the app, so the project needs a server (CI only runs the tests). */
  servesApp: boolean;
  /** On for a new project unless a flag or an answer says otherwise. */
  byDefault: (server: Server) => boolean;
  /** The default as --help and the README say it. */
  defaultLabel: string;
  /** What to run next, once the add-on's files are in place. */
  next?: (p: {
    name: string;
    compose: boolean;
    nginx: boolean;
    health: string;
    /** The project is in a git repository: a step that pushes makes sense. */
    git: boolean;
  }) => { cmd: string; what: string } | undefined;
}

export const ADDONS: readonly Addon[] = [
  {
    id: 'docker',
    servesApp: true,
    title: 'Dockerfile',
    description: 'Dockerfile and .dockerignore',
    requires: [],
    byDefault: () => true,
    defaultLabel: 'on',
    next: (p) =>
      p.compose ? undefined : { cmd: `docker build -t ${p.name} .`, what: 'the container image' },
  },
  {
    id: 'compose',
    servesApp: true,
    title: 'docker compose (app + nginx)',
    description: 'compose.yaml with the app and nginx',
    requires: ['docker'],
    byDefault: () => true,
    defaultLabel: 'on',
    next: (p) => ({
      cmd: 'docker compose up --build',
      what: `the app${p.nginx ? ' behind nginx' : ''} on http://localhost:${p.nginx ? 8080 : 8000}`,
    }),
  },
  {
    id: 'nginx',
    servesApp: true,
    title: 'nginx config',
    description: 'nginx reverse-proxy config in deploy/nginx/',
    requires: [],
    byDefault: () => true,
    defaultLabel: 'on',
  },
  {
    id: 'k8s',
    servesApp: true,
    title: 'Kubernetes manifests',
    description: 'Kubernetes manifests in deploy/k8s/',
    requires: ['docker'],
    byDefault: () => false,
    defaultLabel: 'off',
    next: () => ({
      cmd: 'kubectl apply -f deploy/k8s/',
      what: 'deploy to Kubernetes (set the image first)',
    }),
  },
  {
    id: 'apache',
    servesApp: true,
    title: 'Apache VirtualHost',
    description: 'Apache VirtualHost (mod_wsgi only)',
    unfit: (s) =>
      s.apache ? undefined : `applies to mod_wsgi only; ${s.id} does not run inside Apache`,
    requires: [],
    byDefault: (s) => s.apache,
    defaultLabel: 'on for mod_wsgi',
  },
  {
    id: 'ci',
    servesApp: false,
    title: 'GitHub Actions CI',
    description:
      'GitHub Actions workflow: ruff, mypy and pytest (add ci to an existing project: ruff and its tests), then the image build when there is a Dockerfile',
    requires: [],
    byDefault: () => true,
    defaultLabel: 'on',
    next: (p) =>
      p.git ? { cmd: 'git push', what: 'GitHub Actions runs .github/workflows/ci.yml' } : undefined,
  },
];

export const ADDON_IDS = ADDONS.map((a) => a.id);

export function findAddon(id: string): Addon | undefined {
  return ADDONS.find((a) => a.id === id);
}

/** `add server <id>`: not a layer of its own but a switch of the stack's server. */
export const SERVER_ADDON = {
  id: 'server',
  title: 'server <id>',
  description:
    'add or switch the server: its dependency, its config, and the serve command in every deploy file',
} as const;
