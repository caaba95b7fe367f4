import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { HASH_FILE, type Hashes, parseHashes } from './hash-record.js';

/** The record's node side: hashing with node:crypto and reading it from a project on disk. */
export {
  formatHashes,
  HASH_FILE,
  type Hashes,
  parseHashes,
  recordable,
} from './hash-record.js';

export function hashOf(bytes: string | Uint8Array): string {
  // Loaded here, not on import: --help and --version need no crypto.
  const { createHash } = createRequire(import.meta.url)(
    'node:crypto',
  ) as typeof import('node:crypto');
  return createHash('sha256').update(bytes).digest('hex');
}

/** The project's recorded hashes, or undefined when it has no hash file (made before there was one). */
export async function readHashes(dir: string): Promise<Hashes | undefined> {
  const path = join(dir, HASH_FILE);
  return existsSync(path) ? parseHashes(await readFile(path, 'utf8')) : undefined;
}
