import { addDotenv } from '../project/dotenv.js';
import { recordTree, type Sha256 } from '../project/hash-record.js';
import { renderStack, type TemplateSource } from '../project/render.js';
import type { Stack } from '../project/stack.js';
import type { FileTree } from '../project/tree.js';

/**
 * A new project's files, as `create` writes them and the page downloads them: the rendered
 * templates, .env with a fresh secret where .env.example asks for one, and the hash record of the
 * others, added last. No node: import in its graph, so the page bundles it as it is; the CLI
 * passes node:crypto's sha256 (synchronous, and no Web Crypto start-up on its path).
 */
export async function newProjectTree(
  stack: Stack,
  source: TemplateSource,
  sha256: Sha256,
): Promise<FileTree> {
  const tree = await renderStack(stack, source);
  addDotenv(tree);
  await recordTree(tree, sha256);
  return tree;
}

/** sha256 hex by Web Crypto: the page's hasher (a browser has no node:crypto). */
export async function webSha256(bytes: string | Uint8Array): Promise<string> {
  const data = typeof bytes === 'string' ? new TextEncoder().encode(bytes) : new Uint8Array(bytes);
  const digest = new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', data));
  return [...digest].map((b) => b.toString(16).padStart(2, '0')).join('');
}
