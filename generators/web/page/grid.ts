import {
  explainRefusal,
  FRAMEWORKS,
  INTERFACE_LABEL,
  pairOf,
  SERVERS,
} from '../../catalog/index.js';
import type { Interface } from '../../catalog/types.js';
import { h } from './dom.js';

/** A cell's word: the interface, or "own" for a framework's own server. */
const SHORT: Record<Interface, string> = {
  wsgi: 'WSGI',
  asgi: 'ASGI',
  sanic: 'own',
  tornado: 'own',
};

/** What fits with what (`create-pyweb --list`): a pair is a button that takes it into the form. */
export function buildGrid(use: (framework: string, server: string) => void): HTMLElement {
  return h(
    'section',
    { id: 'support', 'aria-labelledby': 'support-title' },
    h('h2', { id: 'support-title' }, 'What runs on what'),
    h(
      'div',
      { class: 'scroll' },
      h(
        'table',
        {},
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', { scope: 'col' }, 'framework \\ server'),
            SERVERS.map((s) => h('th', { scope: 'col' }, s.id)),
          ),
        ),
        h(
          'tbody',
          {},
          FRAMEWORKS.map((f) =>
            h(
              'tr',
              {},
              h('th', { scope: 'row' }, f.id),
              SERVERS.map((s) => {
                const pair = pairOf(f, s);
                return pair
                  ? h(
                      'td',
                      {},
                      h(
                        'button',
                        {
                          type: 'button',
                          class: 'pair',
                          title: `${f.label} on ${s.label}`,
                          'aria-label': `Use ${f.label} on ${s.label} (${INTERFACE_LABEL[pair.interface]})`,
                          onclick: () => use(f.id, s.id),
                        },
                        SHORT[pair.interface],
                      ),
                    )
                  : h('td', { class: 'no', title: explainRefusal(f, s) }, '·');
              }),
            ),
          ),
        ),
      ),
    ),
  );
}
