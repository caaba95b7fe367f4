// @ts-expect-error: a module scripts/build-page.mjs makes while bundling the page.
import data from 'virtual:templates';
import { type EmbeddedTemplates, embeddedSource } from './embedded.js';

/**
 * The page's counterpart of generators/project/template-files.ts: the same export, over the
 * templates scripts/build-page.mjs embeds instead of a disk.
 */
export const packageTemplates = embeddedSource(data as EmbeddedTemplates);
