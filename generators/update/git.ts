// Stub: the "base" helper replaces this file (see UPDATE-SPEC.md).
export async function repoPrefix(_dir: string): Promise<string | undefined> {
  throw new Error('not implemented');
}
export async function dirtyPaths(_dir: string): Promise<string[]> {
  throw new Error('not implemented');
}
export async function stageConflicts(
  _dir: string,
  _conflicts: {
    path: string;
    base?: string;
    yours: string;
    theirs: string;
    executable?: boolean;
  }[],
): Promise<void> {
  throw new Error('not implemented');
}
