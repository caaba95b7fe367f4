/**
 * How every template compiles, ahead of time (scripts/build.mjs) and at render (render.ts). No
 * HTML escaping: the output is Python, TOML, YAML, Dockerfiles and nginx configuration, where
 * `&quot;` would be a bug, so a value goes in as it is and no template needs `{{{ }}}`.
 */
export const COMPILE_OPTIONS = { noEscape: true } as const;
