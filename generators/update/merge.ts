// Stub: the "merge" helper replaces this file (see UPDATE-SPEC.md).
export interface MergeLabels {
  yours: string;
  base: string;
  theirs: string;
}
export interface MergeResult {
  text: string;
  conflicts: number;
}
export function mergeText(
  _base: string | undefined,
  _yours: string,
  _theirs: string,
  _labels: MergeLabels,
): MergeResult {
  throw new Error('not implemented');
}
