import { type EmbeddedTemplates, embeddedSource } from './embedded.js';

/**
 * The page's counterpart of generators/project/template-files.ts: the same export, over the
 * templates the page carries in its `#pyweb-templates` element (filled in by
 * generators/web/page-templates.ts, where the page is built or served) instead of a disk.
 */
const carried = document.getElementById('pyweb-templates')?.textContent;
if (!carried) throw new Error('this page has no templates: it was served without them');

export const packageTemplates = embeddedSource(JSON.parse(carried) as EmbeddedTemplates);
