import type { EnvVar } from '../catalog/env.js';
import type { Framework, Interface, Server } from '../catalog/types.js';

/** What an add-on may ask of the stack it is rendered for. */
export interface AddonStack {
  framework: Framework;
  server: Server;
  pair: { interface: Interface };
  /** Whether create-pyweb made the project or found it. */
  shape: { origin: 'created' | 'detected' };
}

/** Python requirements, as keys of the versions table (generators/catalog/versions.ts). */
export interface AddonDependencies {
  runtime?: string[];
  dev?: string[];
}

/**
 * An add-on, in the spirit of sv's `defineAddon`: everything it brings in one typed object, in
 * its own folder (`generators/addons/<id>/`), registered by one line in `generators/addons/index.ts`.
 * The create flags and their --help lines, the deployment question, the repeat command, the
 * template layers, the `[tool.create-pyweb]` record, `add --list` and the README tables read it.
 */
export interface Addon {
  id: string;
  /** The deployment question's label and `add --list`'s name for it. */
  title: string;
  /** What the flag and `add <id>` bring, for --help and the README. */
  description: string;
  /** Why the add-on does not fit a server ("applies to …"), or undefined when it does. */
  unfit?: (server: Server) => string | undefined;
  /** Add-ons whose files this one uses (and so runs after). */
  requires: string[];
  /** Its files run or reach the app, so the project needs a server (CI only runs the tests). */
  servesApp: boolean;
  /**
   * Its files reach the app in the container at the port the image listens on: with a Dockerfile
   * of the user's that says none, it cannot be written.
   */
  reachesImagePort?: boolean;
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
    /** What `docker build` takes after the tag: `.`, or the Dockerfile and the workspace root. */
    build: string;
    /** The CI workflow's path from the repository's root (`.github/workflows/backend-ci.yml`). */
    workflow: string;
    /** The postgres add-on is on: the app needs its Secret (and a migration Job) first. */
    postgres: boolean;
  }) => { cmd: string; what: string } | undefined;
  /**
   * Python requirements it adds, as keys of the versions table (generators/catalog/versions.ts):
   * the same for every stack, or the stack's (a database add-on brings the framework's ORM).
   */
  dependencies?: AddonDependencies | ((stack: AddonStack) => AddonDependencies);
  /**
   * Folders of its own `layers/` that join a project create-pyweb makes after its templates/,
   * later winning on the same path: code that differs by framework (`frameworks/<id>`), or that a
   * family of frameworks shares. A project it did not make gets its templates/ only: `add` brings
   * infrastructure, not a rewrite of the user's code.
   */
  layers?: {
    /** Every folder some stack takes (the reserved names read them all). */
    all(): string[];
    for(stack: AddonStack): string[];
  };
  /**
   * Settings the app reads because of it: they reach .env.example, compose, the Kubernetes
   * ConfigMap (a `secret` one the Deployment, from a Secret) and the README's settings table
   * through the environment table (catalog/env.ts).
   */
  settings?: EnvVar[];
  /**
   * Edits to files other layers or add-ons own (a compose service, a README section), run on the
   * rendered tree after every layer, in registration order.
   */
  patches?: Patch[];
  /**
   * Its folder (templates/ for whole files, sections/ for README parts), when it is not
   * generators/addons/<id>/: an add-on defined outside this package.
   */
  home?: string;
}

/** What a patch may use besides the file's text. */
export interface PatchContext {
  /** The template context the layers were rendered with. */
  data: Record<string, unknown>;
  /** Renders a Handlebars text with that context (precompiled at build when it ships). */
  render(text: string): Promise<string>;
  /** A text file of the add-on's own folder, by its path there (`sections/README.deploy.md`). */
  read(rel: string): string;
}

/**
 * An edit to one rendered file. Idempotent (applying it twice is applying it once) and aware of
 * the format: YAML through generators/edit/yaml.ts, TOML through generators/edit/toml.ts, the
 * README through its slots (generators/addons/patch.ts). A file the tree does not hold is left
 * alone: a found project's README is not ours.
 */
export interface Patch {
  file: string;
  apply(text: string, ctx: PatchContext): string | Promise<string>;
}

/** An add-on's definition, typed; the identity otherwise. */
export function defineAddon(addon: Addon): Addon {
  return addon;
}

/** An add-on's requirements for a stack. */
export function addonDependencies(addon: Addon, stack: AddonStack): AddonDependencies {
  return typeof addon.dependencies === 'function'
    ? addon.dependencies(stack)
    : (addon.dependencies ?? {});
}
