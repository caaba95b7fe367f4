import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ADDONS } from '../catalog/index.js';
import { UsageError } from '../cli/errors.js';
import { describeImage, readDockerfile, type ImageFacts } from '../detect/dockerfile.js';
import { hashOf, type Hashes } from '../project/hashes.js';
import type { DeployOptions } from '../project/stack.js';
import type { FileSet } from './files.js';

/**
 * The project's own Dockerfile, read, when `add` keeps it: one create-pyweb did not write, or
 * wrote and the user changed since (judged as plan.ts judges, by the recorded hash, else by what
 * create-pyweb wrote before). Undefined when there is none, or when `add` replaces it (--force).
 * Ours, changed, reads back as ours where the change leaves its port, USER and HEALTHCHECK alone.
 */
export async function ownImage(
  dir: string,
  before: FileSet,
  recorded: Hashes | undefined,
  force: boolean,
): Promise<ImageFacts | undefined> {
  const abs = join(dir, 'Dockerfile');
  if (force || !existsSync(abs)) return undefined;
  const bytes = await readFile(abs);
  const known = recorded?.get('Dockerfile');
  const ours =
    known !== undefined
      ? hashOf(bytes) === known
      : bytes.toString('utf8') === before.get('Dockerfile');
  return ours ? undefined : readDockerfile(bytes.toString('utf8'));
}

/** The add-ons that reach the image's port stop, with nothing written, when the Dockerfile names none. */
export function refuseUnfit(image: ImageFacts, deploy: DeployOptions): void {
  const reach = ADDONS.filter((a) => a.reachesImagePort && deploy[a.id] === true).map((a) => a.id);
  if (image.port === undefined && reach.length)
    throw new UsageError(
      `${reach.join(', ')} cannot follow your Dockerfile: it does not say which port the app listens on (no EXPOSE, ENV PORT or port in its CMD)`,
      "add EXPOSE <port> to it, or pass --force to replace it with create-pyweb's; nothing was written",
    );
}

/** The plan's note on the kept Dockerfile: what was read from it, and who follows it. */
export function keptNote(image: ImageFacts, deploy: DeployOptions): string {
  const reach = ADDONS.filter((a) => a.reachesImagePort && deploy[a.id] === true).map((a) => a.id);
  const read = reach.length ? ` and read by ${reach.join(', ')}` : '';
  return `yours, kept${read} (${describeImage(image)}); --force replaces it`;
}
