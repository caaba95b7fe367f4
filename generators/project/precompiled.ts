import type Handlebars from 'handlebars';

export type TemplateSpecification = Parameters<typeof Handlebars.template>[0];

/**
 * Templates compiled ahead of time, by their text: a cache, never the source of truth, so a
 * template edited since the build still renders from its new text. Run from source (tests) it is
 * empty and every template compiles when it is rendered; scripts/build.mjs fills it in the bundle,
 * where it sits in the chunk that renders: --help never parses it.
 */
export const PRECOMPILED: ReadonlyMap<string, TemplateSpecification> = new Map();
