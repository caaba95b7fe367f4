import type { PromptObject } from 'prompts';
import { ADDONS, serversFor, type Framework } from '../catalog/index.js';
import { CancelledError } from '../cli/errors.js';
import type { Question } from '../detect/index.js';
import type { Found } from './project.js';

async function question<T>(q: Omit<PromptObject, 'name'>): Promise<T> {
  const { default: prompts } = await import('prompts');
  const r = await prompts({ ...q, name: 'v' }, { onCancel: () => { throw new CancelledError(); } });
  if (!('v' in r)) throw new CancelledError();
  return r.v as T;
}

/** A detection question, asked: a choice where detection found several, else typed. */
export async function askQuestion(q: Question): Promise<string> {
  if (q.choices?.length) {
    return question<string>({ type: 'select', message: q.message, choices: q.choices.map((c) => ({ title: c, value: c })) });
  }
  return (await question<string>({ type: 'text', message: `${q.message} (${q.flag})`, validate: (v: string) => (v.trim() ? true : 'an answer, please') })).trim();
}

/** The add-ons that fit the project and it does not have yet. */
export async function pickAddons(found: Found): Promise<string[]> {
  const choices = ADDONS.filter((a) => found.deploy[a.id] !== true && !(found.server && a.unfit?.(found.server)));
  if (!choices.length) return [];
  return question<string[]>({
    type: 'multiselect', message: 'Add which? (space toggles, enter adds)', instructions: false,
    choices: choices.map((a) => ({ title: a.title, value: a.id, description: a.description })),
  });
}

export async function pickServer(framework: Framework): Promise<string> {
  return question<string>({
    type: 'select', message: `The project names no server. Which should run ${framework.label}?`,
    choices: serversFor(framework).map((s, i) => ({ title: i === 0 ? `${s.label} (recommended)` : s.label, value: s.id, description: s.hint })),
  });
}

export async function confirm(message: string): Promise<boolean> {
  return question<boolean>({ type: 'confirm', message, initial: true });
}
