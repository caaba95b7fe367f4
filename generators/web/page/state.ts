import { ADDONS, findAddon, findFramework, findServer, pairOf } from '../../catalog/index.js';
import { defaultDeploy, defaultServer } from '../../project/choices.js';
import type { Choice } from '../query.js';

/**
 * What the form holds: the user's own answers, not the resolved choice. A server left to the
 * framework follows it; an add-on not touched follows the server's default (apache with
 * mod_wsgi). The query built from it goes through parseQuery, so the page resolves and refuses
 * exactly as the CLI does.
 */
export interface FormState {
  name: string;
  framework: string;
  /** Unset: the framework's recommended server. */
  server?: string;
  python?: string;
  /** Add-ons switched by the user, by id. */
  addons: Record<string, boolean>;
}

/** The form's answers as the CLI's flags in a query (`framework=flask&no-nginx`). */
export function paramsOf(state: FormState): URLSearchParams {
  const p = new URLSearchParams();
  p.set('name', state.name);
  p.set('framework', state.framework);
  if (state.server) p.set('server', state.server);
  if (state.python) p.set('python', state.python);
  for (const [id, on] of Object.entries(state.addons)) p.set(on ? id : `no-${id}`, '');
  return p;
}

/** The answers that give `choice`: only what differs from what would follow anyway. */
export function stateOf(choice: Choice): FormState {
  const framework = findFramework(choice.framework)!;
  const server = findServer(choice.server)!;
  const defaults = defaultDeploy(server);
  const addons: Record<string, boolean> = {};
  for (const a of ADDONS)
    if (choice.deploy[a.id] !== defaults[a.id]) addons[a.id] = choice.deploy[a.id] === true;
  return {
    name: choice.name,
    framework: choice.framework,
    server: defaultServer(framework) === server ? undefined : choice.server,
    python: choice.deploy.python,
    addons,
  };
}

/** A new framework: a server that does not fit it goes back to the framework's recommended one. */
export function withFramework(state: FormState, framework: string): FormState {
  const f = findFramework(framework)!;
  const s = state.server ? findServer(state.server) : undefined;
  return { ...state, framework, server: s && pairOf(f, s) ? state.server : undefined };
}

/** A new server: add-ons switched on that it cannot run are left to its defaults. */
export function withServer(state: FormState, server: string): FormState {
  const s = findServer(server)!;
  const addons = Object.fromEntries(
    Object.entries(state.addons).filter(([id, on]) => !(on && findAddon(id)?.unfit?.(s))),
  );
  return { ...state, server, addons };
}

/**
 * An add-on switched: on brings what it needs (k8s needs docker), off takes what needs it back
 * to following (compose goes off with docker), so a click never lands on a refusal.
 */
export function withAddon(state: FormState, id: string, on: boolean): FormState {
  const addons = { ...state.addons, [id]: on };
  const needs = (a: string): string[] => findAddon(a)?.requires ?? [];
  if (on) {
    const todo = [...needs(id)];
    while (todo.length) {
      const n = todo.pop()!;
      if (addons[n] === true) continue;
      addons[n] = true;
      todo.push(...needs(n));
    }
  } else {
    let dropped = [id];
    while (dropped.length) {
      const off = dropped;
      dropped = ADDONS.filter((a) => addons[a.id] && needs(a.id).some((n) => off.includes(n))).map(
        (a) => a.id,
      );
      for (const a of dropped) delete addons[a];
    }
  }
  return { ...state, addons };
}
