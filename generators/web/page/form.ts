import {
  ADDONS,
  explainRefusal,
  FRAMEWORKS,
  findFramework,
  findServer,
  INTERFACE_LABEL,
  PYTHON_VERSIONS,
  pairOf,
  SERVERS,
} from '../../catalog/index.js';
import { defaultServer } from '../../project/choices.js';
import type { Choice } from '../query.js';
import { h } from './dom.js';

/**
 * The questions as a form, built once from the catalog and then only updated (checked, disabled,
 * the reasons), so that focus and the keyboard's place survive every change.
 */
export interface FormEvents {
  name(value: string): void;
  framework(id: string): void;
  server(id: string): void;
  python(version: string): void;
  addon(id: string, on: boolean): void;
}

export function buildForm(on: FormEvents): HTMLFormElement {
  const name = h('input', {
    id: 'name',
    name: 'name',
    type: 'text',
    autocomplete: 'off',
    spellcheck: 'false',
    'aria-describedby': 'name-why',
    oninput: (e) => on.name((e.target as HTMLInputElement).value),
  });
  const framework = h(
    'select',
    { id: 'framework', name: 'framework', onchange: (e) => on.framework(value(e)) },
    FRAMEWORKS.map((f) => h('option', { value: f.id }, `${f.label}: ${f.hint}`)),
  );
  const servers = SERVERS.map((s) =>
    h(
      'div',
      { class: 'option' },
      h('input', {
        type: 'radio',
        name: 'server',
        id: `server-${s.id}`,
        value: s.id,
        'aria-describedby': `server-${s.id}-why`,
        onchange: (e) => on.server(value(e)),
      }),
      h('label', { for: `server-${s.id}` }, s.label),
      h('span', { class: 'why', id: `server-${s.id}-why` }),
    ),
  );
  const python = h(
    'select',
    { id: 'python', name: 'python', onchange: (e) => on.python(value(e)) },
    PYTHON_VERSIONS.map((v) => h('option', { value: v }, `Python ${v}`)),
  );
  const addons = ADDONS.map((a) =>
    h(
      'div',
      { class: 'option' },
      h('input', {
        type: 'checkbox',
        name: a.id,
        id: `addon-${a.id}`,
        'aria-describedby': `addon-${a.id}-why`,
        onchange: (e) => on.addon(a.id, (e.target as HTMLInputElement).checked),
      }),
      h('label', { for: `addon-${a.id}` }, a.title),
      h(
        'span',
        { class: 'why', id: `addon-${a.id}-why` },
        a.description.replace(/[^.]$/, '$&.'),
        a.requires.length ? ` Needs ${a.requires.join(', ')}.` : '',
        h('span', { class: 'unfit' }),
      ),
    ),
  );
  return h(
    'form',
    { id: 'choices', onsubmit: (e) => e.preventDefault() },
    h('div', { class: 'field' }, h('label', { for: 'name' }, 'Project name'), name),
    h('p', { class: 'why', id: 'name-why', 'aria-live': 'polite' }),
    h('div', { class: 'field' }, h('label', { for: 'framework' }, 'Framework'), framework),
    h('fieldset', { id: 'servers' }, h('legend', {}, 'Server'), servers),
    h('div', { class: 'field' }, h('label', { for: 'python' }, 'Python'), python),
    h('fieldset', { id: 'addons' }, h('legend', {}, 'Add-ons'), addons),
  );
}

function value(e: Event): string {
  return (e.target as HTMLInputElement | HTMLSelectElement).value;
}

/** Shows a resolved choice: the values, which servers and add-ons fit, and why not. */
export function showChoice(form: HTMLFormElement, choice: Choice): void {
  const input = (id: string) => form.querySelector<HTMLInputElement>(`#${id}`)!;
  const nameInput = input('name');
  // Typing is not overwritten by its own resolution (a trailing space, a half-typed name).
  if (document.activeElement !== nameInput) nameInput.value = choice.name;
  form.querySelector<HTMLSelectElement>('#framework')!.value = choice.framework;
  form.querySelector<HTMLSelectElement>('#python')!.value = choice.deploy.python;
  const framework = findFramework(choice.framework)!;
  const recommended = defaultServer(framework);
  for (const s of SERVERS) {
    const radio = input(`server-${s.id}`);
    const pair = pairOf(framework, s);
    radio.disabled = !pair;
    radio.checked = s.id === choice.server;
    radio.parentElement!.classList.toggle('disabled', !pair);
    input(`server-${s.id}-why`).textContent = pair
      ? `${INTERFACE_LABEL[pair.interface]}${s === recommended ? ', recommended' : ''}: ${s.hint}`
      : `Not with ${framework.label}: ${explainRefusal(framework, s)}`;
  }
  const server = findServer(choice.server)!;
  for (const a of ADDONS) {
    const box = input(`addon-${a.id}`);
    const unfit = a.unfit?.(server);
    box.checked = choice.deploy[a.id] === true;
    box.disabled = unfit !== undefined;
    box.parentElement!.classList.toggle('disabled', unfit !== undefined);
    box.parentElement!.querySelector('.unfit')!.textContent = unfit
      ? ` Not with ${server.label}: --${a.id} ${unfit}.`
      : '';
  }
}
