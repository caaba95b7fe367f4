import type { PromptObject } from 'prompts';
import {
  ADDONS,
  FRAMEWORKS,
  NEEDS,
  PYTHON_VERSIONS,
  contradictions,
  findFramework,
  findServer,
  frameworksFor,
  recommend,
  serversFor,
  topStacks,
  type Framework,
  type Need,
  type Recommendation,
  type Server,
} from '../catalog/index.js';
import { loadPrompts } from './color.js';
import { CancelledError, UsageError } from './errors.js';
import { DEFAULT_NAME } from '../project/naming.js';

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

/** prompts' optionsPerPage (missing from its types): how many choices show at once. */
const perPage = (n: number): object => ({ optionsPerPage: n });

/** What of prompts' text prompt the line editing below touches. */
interface TextLine {
  value: string;
  cursor: number;
  cursorOffset: number;
  initial: string;
  red: boolean;
  _: (c: string, key: { ctrl?: boolean; name?: string }) => void;
  bell: () => void;
  render: () => void;
}

const isControl = (s: string) => [...s].some((ch) => ch.charCodeAt(0) < 0x20 || ch === '\x7f');

/**
 * Line editing prompts lacks, added to a text prompt when it first renders: Ctrl-U erases from
 * the cursor back to the start as in a shell (readline's unix-line-discard), and no other control
 * character is typed into the answer (prompts inserts every key it has no action for).
 */
export function shellKeys(this: TextLine): void {
  const type = this._;
  if ((type as { shellKeys?: boolean }).shellKeys) return;
  const typed = (c: string, key: { ctrl?: boolean; name?: string }) => {
    if (key?.ctrl && key.name === 'u') {
      this.value = this.value.slice(this.cursor);
      // The cursor stays at the start of what is left; an empty answer shows the default again.
      this.cursor = this.value ? 0 : Number(Boolean(this.initial));
      this.cursorOffset = -this.value.length;
      this.red = false;
      this.render();
    } else if (isControl(c ?? '')) this.bell();
    else type.call(this, c, key);
  };
  this._ = Object.assign(typed, { shellKeys: true });
}

/** One question; Ctrl-C or Esc anywhere throws CancelledError (prompts would carry on otherwise). */
export async function question<T>(q: Omit<PromptObject, 'name'>): Promise<T> {
  const prompts = await loadPrompts();
  const r = await prompts(
    { ...(q.type === 'text' ? { onRender: shellKeys } : {}), ...q, name: 'v' },
    {
      onCancel: () => {
        throw new CancelledError();
      },
    },
  );
  if (!('v' in r)) throw new CancelledError();
  return r.v as T;
}

/** A UsageError's message (with its hint), for a prompt to show under the answer. */
export function reason(e: unknown): string {
  if (!(e instanceof UsageError)) return String(e);
  return e.hint ? `${e.message} (${e.hint})` : e.message;
}

/** A need as a person ticked it: its reason ("WebSocket end to end"), quoted. */
const needWords = (n: Need): string => `"${typeof n.reason === 'string' ? n.reason : n.question}"`;

/**
 * Needs that cannot all be met, in words: a pair that contradicts itself (sync and async), else
 * the first two needs no stack meets together, with the servers the narrower one leaves.
 * Undefined when some stack fits. `label` says a need as the user gave it (a flag, or its words).
 */
export function needsProblem(
  wanted: string[],
  stacks: (ids: string[]) => Recommendation[] = (ids) => topStacks(ids, 100),
  label: (n: Need) => string = needWords,
): string | undefined {
  const clash = contradictions(wanted)[0];
  if (clash) return `${label(clash[0])} and ${label(clash[1])} contradict each other: keep one`;
  if (stacks(wanted).length) return undefined;
  const needs = NEEDS.filter((n) => wanted.includes(n.id));
  const serversOf = (n: Need) => [...new Set(recommend([n.id]).map((r) => r.server.id))];
  for (let i = 0; i < needs.length; i++) {
    if (!stacks([needs[i].id]).length) return `no stack meets ${label(needs[i])}`;
    for (let j = i + 1; j < needs.length; j++) {
      if (stacks([needs[i].id, needs[j].id]).length) continue;
      const [wide, narrow] =
        serversOf(needs[i]).length < serversOf(needs[j]).length
          ? [needs[j], needs[i]]
          : [needs[i], needs[j]];
      const left = serversOf(narrow);
      const why = left.length <= 3 ? ` (${label(narrow)} leaves only ${left.join(', ')})` : '';
      return `no stack meets both ${label(wide)} and ${label(narrow)}${why}`;
    }
  }
  return 'no stack meets all of those needs together';
}

/**
 * The needs questions and a pick among the ranked stacks: returns framework and server ids. A
 * combination nothing fits is explained, and asked again with the same ticks. `server`, when
 * the command line named one, limits the stacks to it, as add-ons turned on by flags do.
 */
/**
 * A multiselect's answer said by its values (`async, websocket`), not its titles: the answered
 * line repeats every ticked question, and a terminal breaks it anywhere (a lone `?` on a line).
 */
function shortAnswers(this: { done?: boolean; value?: { title: string; value: unknown }[] }): void {
  if (this.done) for (const c of this.value ?? []) c.title = String(c.value);
}

export async function helpMeChoose(
  server?: Server,
  askedOn: string[] = [],
): Promise<{ framework: string; server: string }> {
  // The best stack of each framework among those the command line leaves possible.
  const fitting = (ids: string[]) => {
    const seen = new Set<string>();
    return recommend(ids)
      .filter(
        (r) =>
          (!server || r.server.id === server.id) &&
          serversFitting(r.framework, askedOn).includes(r.server),
      )
      .filter((r) => !seen.has(r.framework.id) && seen.add(r.framework.id));
  };
  let wanted: string[] = [];
  let problem: string | undefined;
  for (;;) {
    wanted = await question<string[]>({
      type: 'multiselect',
      message: problem
        ? `${problem}: untick one. What does the service need?`
        : 'What does the service need?',
      hint: 'space toggles, enter goes on',
      instructions: false,
      onRender: shortAnswers,
      choices: NEEDS.map((n) => ({
        title: n.question,
        value: n.id,
        selected: wanted.includes(n.id),
      })),
    });
    problem = needsProblem(wanted, fitting);
    if (!problem) break;
  }
  for (const n of NEEDS.filter((x) => wanted.includes(x.id) && x.note))
    process.stdout.write(`${n.note}\n`);
  const ranked = fitting(wanted).slice(0, 6);
  const pick = await question<number>({
    type: 'select',
    message: 'Stacks that fit, best first',
    choices: ranked.map((r, i) => ({
      title: `${r.framework.label} on ${r.server.label}`,
      value: i,
      description: r.reasons.join('; '),
    })),
  });
  return { framework: ranked[pick].framework.id, server: ranked[pick].server.id };
}

/** The add-ons ticked, with each one's missing requirement said in words, or undefined when all fit. */
export function deployProblem(picked: string[]): string | undefined {
  for (const a of ADDONS) {
    if (!picked.includes(a.id)) continue;
    const missing = a.requires.filter((r) => !picked.includes(r));
    if (missing.length) {
      const needed = missing.map((id) => ADDONS.find((x) => x.id === id)?.title ?? id).join(', ');
      return `the image for ${a.title} is built by the ${needed}: tick ${needed} too, or untick ${a.title}`;
    }
  }
  return undefined;
}

/** How the questions check an answer where it is given, and what follows the name. */
export interface AskHooks {
  /** true, or why the typed name cannot be the project (a bad name, a file in the way). */
  validateName: (name: string) => true | string;
  /** After the name: "again" asks for another name (the user chose not to overwrite). */
  afterName: (name: string) => Promise<'ok' | 'again'>;
  /** Add-ons the flags turned on: servers they do not fit are not offered. */
  askedOn: string[];
}

/** Servers that fit the framework and every add-on the flags turned on. */
export function serversFitting(fw: Framework, askedOn: string[]): Server[] {
  return serversFor(fw).filter((s) =>
    askedOn.every((id) => !ADDONS.find((a) => a.id === id)?.unfit?.(s)),
  );
}

/** Asks, through a terminal, only what flags did not settle; each answer is checked where it is given. */
export async function ask(given: Answers, hooks: AskHooks): Promise<Answers> {
  const out: Answers = { ...given, deploy: { ...given.deploy } };
  while (!out.dir) {
    const name = (
      await question<string>({
        type: 'text',
        message: 'Project name',
        initial: DEFAULT_NAME,
        validate: (v: string) => hooks.validateName(v.trim()),
      })
    ).trim();
    if ((await hooks.afterName(name)) === 'ok') out.dir = name;
  }
  const givenServer = out.server ? findServer(out.server) : undefined;
  if (!out.framework) {
    // With a server given, only the frameworks it can serve (with the add-ons asked for).
    const offered = (givenServer ? frameworksFor(givenServer) : FRAMEWORKS).filter((f) =>
      givenServer
        ? serversFitting(f, hooks.askedOn).includes(givenServer)
        : serversFitting(f, hooks.askedOn).length,
    );
    const choice = await question<string>({
      type: 'select',
      message: givenServer ? `Framework (those ${givenServer.label} serves)` : 'Framework',
      // Every choice on one page: "Help me choose…" must be seen.
      ...perPage(offered.length + 1),
      choices: [
        ...offered.map((f) => ({
          title: f.label,
          value: f.id,
          description: `${f.style}: ${f.hint}`,
        })),
        {
          title: 'Help me choose…',
          value: HELP_ME,
          description: 'answer a few questions about the service',
        },
      ],
    });
    if (choice === HELP_ME) Object.assign(out, await helpMeChoose(givenServer, hooks.askedOn));
    else out.framework = choice;
  }
  const fw = findFramework(out.framework!);
  if (!out.server && fw) {
    const offered = serversFitting(fw, hooks.askedOn);
    out.server = await question<string>({
      type: 'select',
      message: 'Server',
      ...perPage(offered.length),
      choices: offered.map((s, i) => ({
        title: i === 0 ? `${s.label} (recommended)` : s.label,
        value: s.id,
        description: s.hint,
      })),
    });
  }
  const d = out.deploy;
  const server = findServer(out.server ?? '');
  if (server && ADDONS.every((a) => d[a.id] === undefined)) {
    const fitting = ADDONS.filter((a) => !a.unfit?.(server));
    let picked = fitting.filter((a) => a.byDefault(server)).map((a) => a.id);
    let problem: string | undefined;
    for (;;) {
      picked = await question<string[]>({
        type: 'multiselect',
        message: problem ? `${problem}. Deployment files` : 'Deployment files',
        hint: 'space toggles, enter accepts',
        instructions: false,
        choices: fitting.map((a) => ({
          title: a.title,
          value: a.id,
          selected: picked.includes(a.id),
        })),
      });
      problem = deployProblem(picked);
      if (!problem) break;
    }
    for (const a of fitting) d[a.id] = picked.includes(a.id);
  }
  if (!out.python) {
    out.python = await question<string>({
      type: 'select',
      message: 'Python version for the container image',
      choices: [...PYTHON_VERSIONS].reverse().map((v) => ({ title: v, value: v })),
      initial: 1,
    });
  }
  if (out.git === undefined)
    out.git = await question<boolean>({
      type: 'confirm',
      message: 'Initialise a git repository?',
      initial: true,
    });
  if (out.install === undefined)
    out.install = await question<boolean>({
      type: 'confirm',
      message: 'Create .venv and install now?',
      initial: true,
    });
  return out;
}

/** A folder that is not empty: what to do, after its contents were listed. */
export async function confirmOverwrite(
  dir: string,
  offerRename: boolean,
): Promise<'overwrite' | 'cancel' | 'rename'> {
  return question<'overwrite' | 'cancel' | 'rename'>({
    type: 'select',
    message: `${dir} is not empty`,
    choices: [
      { title: 'Cancel', value: 'cancel' },
      ...(offerRename ? [{ title: 'Choose another name', value: 'rename' }] : []),
      {
        title: 'Remove what is listed above and write the project (.git is kept)',
        value: 'overwrite',
      },
    ],
  });
}

/** --overwrite given in a terminal: the removal is confirmed, "no" by default. */
export async function confirmRemoval(count: number, dir: string): Promise<boolean> {
  return question<boolean>({
    type: 'confirm',
    message: `Remove ${count === 1 ? 'this entry' : `these ${count} entries`} from ${dir}?`,
    initial: false,
  });
}
