/** Format-aware, idempotent edits of files in a user's Python project: text in, text out. */
export * from './toml.js';
export * from './requirements.js';
