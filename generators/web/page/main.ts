import { UsageError } from '../../cli/errors.js';
import { useTemplatesForNames } from '../../project/reserved.js';
import type { FileTree } from '../../project/tree.js';
import { zipArchive } from '../archive.js';
import { newProjectTree, webSha256 } from '../new-project.js';
import { type Choice, commandFor, parseQuery, stackFor, toQuery } from '../query.js';
import { byId, h } from './dom.js';
import { buildExplore, showTree } from './explore.js';
import { buildForm, showChoice } from './form.js';
import { buildGrid } from './grid.js';
import { buildHelp } from './help.js';
import {
  type FormState,
  paramsOf,
  stateOf,
  withAddon,
  withFramework,
  withServer,
} from './state.js';
import { packageTemplates } from './template-files.js';

/**
 * The web Initializr: the CLI's questions as a form, every file of the project rendered live
 * (the CLI's own renderer and templates, bundled), the zip made here, the URL's query the CLI's
 * flags. Nothing is fetched: the page works from a file, offline.
 */

useTemplatesForNames(packageTemplates);

const NAME_WHY = 'The folder, and the Python package made from it.';

let state: FormState;
let current: { choice: Choice; tree: FileTree } | undefined;
/** Renders finish out of order when choices change quickly: only the latest is shown. */
let generation = 0;

function showError(e: unknown): void {
  const box = byId('error');
  if (!e) {
    box.hidden = true;
    box.textContent = '';
    return;
  }
  box.hidden = false;
  const hint = e instanceof UsageError && e.hint ? ` (${e.hint})` : '';
  box.textContent = `error: ${e instanceof Error ? e.message : String(e)}${hint}`;
}

/** The form's answers through parseQuery, as the CLI would take them; shown, linked, rendered. */
async function update(next: FormState, keepUrl = false): Promise<void> {
  state = next;
  let choice: Choice;
  try {
    choice = parseQuery(paramsOf(state));
  } catch (e) {
    showError(e);
    setReady(false);
    return;
  }
  showError(undefined);
  showChoice(byId<HTMLFormElement>('choices'), choice);
  const query = toQuery(choice);
  if (!keepUrl) history.replaceState(null, '', query ? `?${query}` : location.pathname);
  byId('command').textContent = commandFor(choice);
  const stack = stackFor(choice);
  // What the CLI says of a name whose Python package is spelt otherwise (`café` is `cafe`).
  byId('name-why').textContent = stack.names.note ?? NAME_WHY;
  const mine = ++generation;
  const tree = await newProjectTree(stack, packageTemplates, webSha256);
  if (mine !== generation) return;
  current = { choice, tree };
  showTree(choice.name, tree);
  setReady(true);
}

/** Download and the command stand for a valid choice only. */
function setReady(ready: boolean): void {
  byId<HTMLButtonElement>('download').disabled = !ready;
  document.body.dataset.ready = String(ready);
}

function download(): void {
  if (!current) return;
  const { choice, tree } = current;
  // The zip holds .env with the secret made in this browser, as the CLI writes one: a secret
  // nobody else has, never sent anywhere (the page makes the zip; no server sees it).
  const zip = zipArchive(choice.name, tree);
  const url = URL.createObjectURL(new Blob([zip as BlobPart], { type: 'application/zip' }));
  const a = h('a', { href: url, download: `${choice.name}.zip` });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

async function copyCommand(): Promise<void> {
  const text = byId('command').textContent ?? '';
  const status = byId('copy-status');
  try {
    await navigator.clipboard.writeText(text);
    status.textContent = 'Copied.';
  } catch {
    // No clipboard (a page from a file, a denied permission): select it for Ctrl+C.
    const range = document.createRange();
    range.selectNodeContents(byId('command'));
    getSelection()?.removeAllRanges();
    getSelection()?.addRange(range);
    status.textContent = 'Selected: press Ctrl+C to copy.';
  }
}

function pick(framework: string, server: string): void {
  void update(withServer(withFramework(state, framework), server));
  byId('framework').focus();
}

let nameTimer: ReturnType<typeof setTimeout> | undefined;

function start(): void {
  const form = buildForm({
    name: (name) => {
      // A name is checked and rendered once typing pauses.
      clearTimeout(nameTimer);
      nameTimer = setTimeout(() => void update({ ...state, name }), 250);
    },
    framework: (id) => void update(withFramework(state, id)),
    server: (id) => void update(withServer(state, id)),
    python: (v) => void update({ ...state, python: v }),
    addon: (id, on) => void update(withAddon(state, id, on)),
  });
  byId('app').replaceChildren(
    h(
      'header',
      {},
      h('h1', {}, 'create-pyweb'),
      h(
        'p',
        {},
        'A runnable, production-ready Python web service: pick, look at every file, download. ',
        'The same project as ',
        h('code', {}, 'npm create pyweb'),
        '.',
      ),
    ),
    h('p', { id: 'error', role: 'alert', hidden: true }),
    h(
      'main',
      {},
      h(
        'section',
        { id: 'questions', 'aria-labelledby': 'questions-title' },
        h('h2', { id: 'questions-title' }, 'Choices'),
        buildHelp(pick),
        form,
        h(
          'div',
          { class: 'actions' },
          h('button', { type: 'button', id: 'download', onclick: download }, 'Download zip'),
        ),
        h('h3', { id: 'command-title' }, 'The same from a terminal'),
        h(
          'div',
          { class: 'command' },
          h('code', { id: 'command', 'aria-labelledby': 'command-title' }),
          h('button', { type: 'button', id: 'copy', onclick: () => void copyCommand() }, 'Copy'),
          h('span', { id: 'copy-status', role: 'status' }),
        ),
      ),
      buildExplore(),
    ),
    buildGrid(pick),
    h(
      'footer',
      {},
      `create-pyweb ${packageTemplates.version}. Built from the CLI's own templates; nothing leaves this page.`,
    ),
  );
  let first: FormState;
  try {
    first = stateOf(parseQuery(location.search));
  } catch (e) {
    // A link that is not valid: say why, show the defaults beside it, and leave the link as it is.
    // Download waits for a choice: the defaults are not what the link asked for.
    first = stateOf(parseQuery(''));
    void update(first, true).then(() => {
      showError(e);
      setReady(false);
    });
    return;
  }
  void update(first);
}

start();
