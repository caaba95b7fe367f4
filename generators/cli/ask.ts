import type { PromptObject } from 'prompts';
import { ADDONS, FRAMEWORKS, NEEDS, PYTHON_VERSIONS, findFramework, findServer, serversFor, topStacks } from '../catalog/index.js';
import { toNames } from '../project/names.js';
import { CancelledError, UsageError } from './errors.js';

export interface Answers {
  dir?: string;
  framework?: string;
  server?: string;
  deploy: Partial<Record<string, boolean>>;
  python?: string;
  git?: boolean;
  install?: boolean;
}

const HELP_ME = '__help__';

/** One question; Ctrl-C or Esc anywhere throws CancelledError (prompts would carry on otherwise). */
export async function question<T>(q: Omit<PromptObject, 'name'>): Promise<T> {
  const { default: prompts } = await import('prompts');
  const r = await prompts({ ...q, name: 'v' }, { onCancel: () => { throw new CancelledError(); } });
  if (!('v' in r)) throw new CancelledError();
  return r.v as T;
}

export function validName(v: string): true | string {
  try {
    toNames(v);
    if (/[\\/]/.test(v)) return 'a name, not a path: no slashes';
    return true;
  } catch (e) {
    return e instanceof UsageError ? e.message : String(e);
  }
}

/** The needs questions and a pick among the ranked stacks: returns framework and server ids. */
export async function helpMeChoose(): Promise<{ framework: string; server: string }> {
  const wanted = await question<string[]>({
    type: 'multiselect', message: 'What does the service need? (space to select, enter to go on)',
    choices: NEEDS.map((n) => ({ title: n.question, value: n.id })), instructions: false,
  });
  const ranked = topStacks(wanted, 6);
  if (!ranked.length) throw new UsageError('no stack meets all of those needs together');
  const pick = await question<number>({
    type: 'select', message: 'Stacks that fit, best first',
    choices: ranked.map((r, i) => ({ title: `${r.framework.label} on ${r.server.label}`, value: i, description: r.reasons.join('; ') })),
  });
  return { framework: ranked[pick].framework.id, server: ranked[pick].server.id };
}

/** Asks, through a terminal, only what flags did not settle. */
export async function ask(given: Answers): Promise<Answers> {
  const out: Answers = { ...given, deploy: { ...given.deploy } };
  if (!out.dir) {
    out.dir = (await question<string>({ type: 'text', message: 'Project name', initial: 'my-service', validate: validName })).trim();
  }
  if (!out.framework) {
    const choice = await question<string>({
      type: 'select', message: 'Framework',
      choices: [
        ...FRAMEWORKS.map((f) => ({ title: f.label, value: f.id, description: `${f.style}: ${f.hint}` })),
        { title: 'Help me choose…', value: HELP_ME, description: 'answer a few questions about the service' },
      ],
    });
    if (choice === HELP_ME) Object.assign(out, await helpMeChoose());
    else out.framework = choice;
  }
  const fw = findFramework(out.framework!);
  if (!out.server && fw) {
    out.server = await question<string>({
      type: 'select', message: 'Server',
      choices: serversFor(fw).map((s, i) => ({ title: i === 0 ? `${s.label} (recommended)` : s.label, value: s.id, description: s.hint })),
    });
  }
  const d = out.deploy;
  const server = findServer(out.server ?? '');
  if (server && ADDONS.every((a) => d[a.id] === undefined)) {
    const fitting = ADDONS.filter((a) => !a.unfit?.(server));
    const picked = await question<string[]>({
      type: 'multiselect', message: 'Deployment files', instructions: false,
      choices: fitting.map((a) => ({ title: a.title, value: a.id, selected: a.byDefault(server) })),
    });
    for (const a of fitting) d[a.id] = picked.includes(a.id);
  }
  if (!out.python) {
    out.python = await question<string>({
      type: 'select', message: 'Python version for the container image',
      choices: [...PYTHON_VERSIONS].reverse().map((v) => ({ title: v, value: v })), initial: 1,
    });
  }
  if (out.git === undefined) out.git = await question<boolean>({ type: 'confirm', message: 'Initialise a git repository?', initial: true });
  if (out.install === undefined) out.install = await question<boolean>({ type: 'confirm', message: 'Create .venv and install now?', initial: true });
  return out;
}

export async function confirmOverwrite(dir: string): Promise<boolean> {
  return (await question<string>({
    type: 'select', message: `${dir} is not empty`,
    choices: [
      { title: 'Cancel', value: 'cancel' },
      { title: 'Overwrite its contents (.git is kept)', value: 'overwrite' },
    ],
  })) === 'overwrite';
}
