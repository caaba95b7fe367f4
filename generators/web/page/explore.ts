import { byteLength, type FileTree, listing } from '../../project/tree.js';
import { h } from './dom.js';

/**
 * Explore: the project's files as a tree, and the selected one as it renders now. Rebuilt on each
 * render; the selection, and the keyboard's focus on a file, are kept by path.
 */
export function buildExplore(): HTMLElement {
  return h(
    'section',
    { id: 'explore', 'aria-labelledby': 'explore-title' },
    h('h2', { id: 'explore-title' }, 'Explore'),
    h(
      'div',
      { class: 'explore' },
      h('nav', { id: 'files', 'aria-label': 'Files' }),
      h(
        'div',
        { class: 'viewer' },
        h('p', { id: 'preview-path', 'aria-live': 'polite' }),
        h('pre', { id: 'preview', tabindex: '0', 'aria-labelledby': 'preview-path' }),
      ),
    ),
  );
}

let selected = 'README.md';

export function showTree(root: string, tree: FileTree): void {
  const nav = document.getElementById('files')!;
  const focused = (document.activeElement as HTMLElement | null)?.dataset?.path;
  if (!tree.has(selected)) selected = tree.has('README.md') ? 'README.md' : [...tree.keys()][0];
  const items: HTMLElement[] = [h('li', { class: 'dir' }, `${root}/`)];
  let dirs: string[] = [];
  for (const { path, bytes } of listing(tree).sort(folderFirst)) {
    const parts = path.split('/');
    const parents = parts.slice(0, -1);
    // The folders this file opens that the one before had not.
    let same = 0;
    while (same < dirs.length && dirs[same] === parents[same]) same++;
    for (let d = same; d < parents.length; d++)
      items.push(h('li', { class: 'dir', style: `--depth:${d + 1}` }, `${parents[d]}/`));
    dirs = parents;
    items.push(
      h(
        'li',
        { style: `--depth:${parents.length + 1}` },
        h(
          'button',
          {
            type: 'button',
            'data-path': path,
            'aria-current': path === selected ? 'true' : undefined,
            title: `${path}, ${bytes} bytes`,
            onclick: () => select(path, tree),
          },
          parts.at(-1)!,
        ),
      ),
    );
  }
  nav.replaceChildren(h('ul', {}, items));
  if (focused) nav.querySelector<HTMLElement>(`[data-path="${CSS.escape(focused)}"]`)?.focus();
  showFile(tree);
}

function select(path: string, tree: FileTree): void {
  selected = path;
  for (const b of document.querySelectorAll<HTMLElement>('#files button'))
    if (b.dataset.path === path) b.setAttribute('aria-current', 'true');
    else b.removeAttribute('aria-current');
  showFile(tree);
}

function showFile(tree: FileTree): void {
  const file = tree.get(selected);
  const pre = document.getElementById('preview')!;
  const label = document.getElementById('preview-path')!;
  if (!file) {
    pre.textContent = '';
    label.textContent = '';
    return;
  }
  label.textContent = `${selected} · ${byteLength(file.content)} bytes${file.executable ? ' · executable' : ''}`;
  pre.textContent =
    typeof file.content === 'string' ? file.content : `(${file.content.length} bytes of binary)`;
}

/** A folder's subfolders before its own files, as editors list them; then by name. */
function folderFirst(a: { path: string }, b: { path: string }): number {
  const da = a.path.split('/');
  const db = b.path.split('/');
  for (let i = 0; i < Math.min(da.length, db.length); i++) {
    if (da[i] === db[i]) continue;
    const fa = i === da.length - 1;
    const fb = i === db.length - 1;
    if (fa !== fb) return fa ? 1 : -1;
    return da[i].toLowerCase() < db[i].toLowerCase() ? -1 : 1;
  }
  return da.length - db.length;
}
