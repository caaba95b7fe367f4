import { serversFor, ADDONS, type Framework, type Interface } from '../catalog/index.js';
import { question } from '../cli/ask.js';
import type { Question } from '../detect/index.js';
import type { Found } from './project.js';

/** A detection question, asked: a choice where detection found several, else typed. */
export async function askQuestion(q: Question): Promise<string> {
  if (q.choices?.length) {
    return question<string>({
      type: 'select',
      message: q.message,
      choices: q.choices.map((c) => ({ title: c, value: c })),
    });
  }
  return (
    await question<string>({
      type: 'text',
      message: `${q.message} (${q.flag})`,
      validate: (v: string) => (v.trim() ? true : 'an answer, please'),
    })
  ).trim();
}

/** The add-ons that fit the project and it does not have yet. */
export async function pickAddons(found: Found): Promise<string[]> {
  // Without a server yet, an add-on fits when a server that fits the framework fits it.
  const servers = found.server
    ? [found.server]
    : serversFor(found.framework, found.interfaces?.list);
  const choices = ADDONS.filter(
    (a) => found.deploy[a.id] !== true && servers.some((s) => !a.unfit?.(s)),
  );
  if (!choices.length) return [];
  return question<string[]>({
    type: 'multiselect',
    message: 'Add which? (space toggles, enter adds)',
    instructions: false,
    choices: choices.map((a) => ({ title: a.title, value: a.id, description: a.description })),
  });
}

/** A server for a project that names none: those that fit what its app speaks (`only`), the recommended one first. */
export async function pickServer(framework: Framework, only?: Interface[]): Promise<string> {
  return question<string>({
    type: 'select',
    message: `The project names no server. Which should run ${framework.label}?`,
    choices: serversFor(framework, only).map((s, i) => ({
      title: i === 0 ? `${s.label} (recommended)` : s.label,
      value: s.id,
      description: s.hint,
    })),
  });
}

export async function confirm(message: string): Promise<boolean> {
  return question<boolean>({ type: 'confirm', message, initial: true });
}
