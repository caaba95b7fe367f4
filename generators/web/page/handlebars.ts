import type Handlebars from 'handlebars';

/**
 * Handlebars in the page: the package's own compiler (dist/vendor/handlebars.cjs), which
 * generators/web/page-templates.ts puts in a script before the page's. scripts/build-page.mjs
 * points both `handlebars` and `handlebars/runtime.js` here; the full build is both.
 */
const given = (globalThis as { PywebHandlebars?: typeof Handlebars }).PywebHandlebars;
if (!given) throw new Error('this page has no Handlebars: it was served without it');

export default given;
