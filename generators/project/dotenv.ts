import { FRAMEWORKS } from '../catalog/index.js';
import type { FileTree } from './tree.js';

/**
 * The project's .env: the file compose and deploy/apache/wsgi.py read, git-ignored and kept out
 * of the image. .env.example leaves each secret empty, since a value there would be a key every
 * copy shares; .env is that file with fresh secrets, written once and never replaced (`add`
 * writes it only where it is missing).
 */

/** Variables .env.example leaves empty for each checkout to fill with its own random value. */
const SECRETS = FRAMEWORKS.flatMap((f) => (f.settings ? [f.settings.secretKey] : []));

/** 50 random bytes, URL-safe: no character that a shell, compose or Django would treat specially. */
export function freshSecret(): string {
  // Web Crypto, which Node 20 and browsers both have: the page makes .env as the CLI does.
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(50));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

/** .env's text from .env.example's, or undefined when the example has no empty secret to fill. */
export function dotenvFrom(example: string): string | undefined {
  let filled = false;
  const lines = example.split('\n').map((line) => {
    const name = /^([A-Za-z_][A-Za-z0-9_]*)=\s*$/.exec(line)?.[1];
    if (!name || !SECRETS.includes(name)) return line;
    filled = true;
    return `${name}=${freshSecret()}`;
  });
  if (!filled) return undefined;
  // The example's own first line tells to copy it here: said of .env, it says what .env is.
  const body = /^#.*\bcopy\b/i.test(lines[0]) ? lines.slice(1) : lines;
  return [
    "# This checkout's settings, from .env.example with a fresh secret key. Never commit it.",
    ...body,
  ].join('\n');
}

/**
 * Adds .env to a new project's tree, from its .env.example, when the example has a secret to
 * fill. Returns whether it did.
 */
export function addDotenv(tree: FileTree): boolean {
  const example = tree.get('.env.example')?.content;
  if (tree.has('.env') || typeof example !== 'string') return false;
  const text = dotenvFrom(example);
  if (text === undefined) return false;
  tree.set('.env', { content: text });
  return true;
}
