import { GLUE, LEGACY_GLUE, WORKERS_MODULE } from '../serve/spec.js';
import type { Stack } from '../project/stack.js';

/** The modules create-pyweb writes in the glue package: what a server imports or runs. */
const GLUE_FILES = new Set(
  [...Object.values(GLUE), LEGACY_GLUE, WORKERS_MODULE, 'forwarded', 'application'].map(
    (m) => `${m}.py`,
  ),
);

/**
 * Whether a file takes part in starting the server, so that a server switch cannot leave it as it
 * is: the Dockerfile, the Procfile, compose and deploy/ files, a server's config, the glue modules.
 * The app's own code (the sample catalogue that names the server in a string), its tests, the
 * README and CI only mention the server: they are the user's, and a switch (even with --force)
 * leaves them as they are once changed.
 */
export function startsServer(path: string, stacks: Stack[]): boolean {
  if (/\.md$/i.test(path) || path.startsWith('.github/') || /(^|\/)tests?\//.test(path))
    return false;
  if (!path.endsWith('.py')) return true;
  if (stacks.some((s) => s.serve.configFiles.includes(path))) return true;
  const slash = path.lastIndexOf('/');
  return (
    GLUE_FILES.has(path.slice(slash + 1)) &&
    stacks.some((s) => s.shape.glue.dir === path.slice(0, Math.max(slash, 0)))
  );
}
