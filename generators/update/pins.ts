// Stub: the "merge" helper replaces this file (see UPDATE-SPEC.md).
import type { MergeLabels, MergeResult } from './merge.js';
export interface PinChange {
  table: string;
  name: string;
  from?: string;
  to?: string;
  kept?: string;
}
export function mergePyproject(
  _base: string,
  _yours: string,
  _theirs: string,
  _labels: MergeLabels,
): MergeResult & { pins: PinChange[] } {
  throw new Error('not implemented');
}
