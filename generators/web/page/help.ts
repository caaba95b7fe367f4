import { contradictions, NEEDS, topStacks } from '../../catalog/index.js';
import { h } from './dom.js';

/**
 * "Help me choose": the questions of `create-pyweb recommend` (catalog/recommend.ts) as
 * checkboxes, and its best stacks with why, each a button that takes the pair into the form.
 */
export function buildHelp(use: (framework: string, server: string) => void): HTMLElement {
  const list = h('ol', { id: 'picks' });
  const note = h('p', { id: 'help-note', role: 'status' });
  const update = () => {
    const wanted = NEEDS.filter((_, i) => boxes[i].checked).map((n) => n.id);
    const clash = contradictions(wanted);
    note.textContent = clash.length
      ? clash
          .map(([a, b]) => `"${a.question}" and "${b.question}" contradict each other.`)
          .join(' ')
      : [...new Set(NEEDS.filter((n) => wanted.includes(n.id) && n.note).map((n) => n.note))].join(
          ' ',
        );
    const picks = clash.length ? [] : topStacks(wanted, 4);
    list.replaceChildren(
      ...picks.map((r) =>
        h(
          'li',
          {},
          h('strong', {}, `${r.framework.label} on ${r.server.label}`),
          `: ${r.reasons.join('; ')} `,
          h(
            'button',
            {
              type: 'button',
              'aria-label': `Use ${r.framework.label} on ${r.server.label}`,
              onclick: () => use(r.framework.id, r.server.id),
            },
            'Use',
          ),
        ),
      ),
    );
    if (!clash.length && !picks.length) note.textContent = 'No generated stack meets all of these.';
  };
  const boxes = NEEDS.map((n) =>
    h('input', { type: 'checkbox', id: `need-${n.id}`, onchange: update }),
  );
  const questions = NEEDS.map((n, i) =>
    h('div', { class: 'option' }, boxes[i], h('label', { for: `need-${n.id}` }, n.question)),
  );
  const details = h(
    'details',
    { id: 'help' },
    h('summary', {}, 'Help me choose'),
    h('fieldset', {}, h('legend', {}, 'What will the service do?'), questions),
    note,
    list,
  );
  update();
  return details;
}
