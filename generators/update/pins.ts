/**
 * pyproject.toml's dependency arrays merged as TOML, per requirement, before the file is merged
 * by lines: a line merge would call a pin the user raised next to one we bumped a conflict,
 * and both sides bumping the same pin differently is not a conflict here (the user's pin wins).
 * The merged arrays are written into both sides, so the line merge sees the same change on both
 * and only merges the rest (the record's version line, the user's own tables). Pure.
 */
import { requirementName } from '../edit/requirements.js';
import {
  addArrayRequirement,
  removeArrayRequirement,
  replaceArrayString,
  stringArrays,
} from '../edit/toml.js';
import { type MergeLabels, type MergeResult, mergeText } from './merge.js';

export interface PinChange {
  table: string;
  name: string;
  from?: string;
  to?: string;
  kept?: string;
}

type Arrays = Map<string, { path: string[]; strings: string[]; start: number; end: number }>;

/** The dependency arrays by table name ('project.dependencies', 'dependency-groups.dev', ...). */
function dependencyArrays(text: string): Arrays {
  const out: Arrays = new Map();
  for (const a of stringArrays(text)) {
    const [t, k, g] = a.path;
    const name =
      a.path.length === 2 && t === 'project' && k === 'dependencies'
        ? 'project.dependencies'
        : a.path.length === 3 && t === 'project' && k === 'optional-dependencies'
          ? `project.optional-dependencies.${g}`
          : a.path.length === 2 && t === 'dependency-groups'
            ? `dependency-groups.${k}`
            : undefined;
    if (name && !out.has(name)) out.set(name, a);
  }
  return out;
}

/** Requirements by PEP 503 name (a name can have several, e.g. split by markers), in order. */
function byName(strings: string[] | undefined): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const s of strings ?? []) {
    const name = requirementName(s);
    if (!name) continue;
    out.set(name, [...(out.get(name) ?? []), s]);
  }
  return out;
}

const show = (reqs: string[] | undefined) => (reqs ? reqs.join(', ') : undefined);

/** Drops undefined fields, so that reports and tests compare as written. */
function change(c: PinChange): PinChange {
  return Object.fromEntries(Object.entries(c).filter(([, v]) => v !== undefined)) as PinChange;
}

export function mergePyproject(
  base: string,
  yours: string,
  theirs: string,
  labels: MergeLabels,
): MergeResult & { pins: PinChange[] } {
  let b: Arrays;
  let y: Arrays;
  let t: Arrays;
  try {
    b = dependencyArrays(base);
    y = dependencyArrays(yours);
    t = dependencyArrays(theirs);
  } catch {
    return { ...mergeText(base, yours, theirs, labels), pins: [] };
  }
  const pins: PinChange[] = [];
  let ours = yours;
  let next = theirs;
  const tables = [...y.keys(), ...[...t.keys()].filter((k) => !y.has(k))];
  for (const table of tables) {
    const ya = y.get(table);
    const ta = t.get(table);
    const ba = b.get(table);
    if (!ta) continue; // we dropped the array or never had it: the line merge decides
    if (!ya) {
      // A new array of ours; one the user deleted stays deleted (the line merge sees that).
      if (!ba)
        for (const [name, reqs] of byName(ta.strings)) pins.push({ table, name, to: show(reqs) });
      continue;
    }
    const bn = byName(ba?.strings);
    const yn = byName(ya.strings);
    const tn = byName(ta.strings);
    /** Our changes the user's array does not have yet: name → base's and our requirements. */
    const apply: [string, string[] | undefined, string[] | undefined][] = [];
    for (const name of new Set([...yn.keys(), ...tn.keys(), ...bn.keys()])) {
      const [bv, yv, tv] = [bn.get(name), yn.get(name), tn.get(name)];
      const [bs, ys, ts] = [show(bv), show(yv), show(tv)];
      if (ys !== bs) {
        if (ts !== bs && ts !== ys && ys !== undefined)
          pins.push(change({ table, name, from: bs, to: ts, kept: ys }));
      } else if (ts !== bs) {
        pins.push(change({ table, name, from: bs, to: ts }));
        apply.push([name, bv, tv]);
      }
    }
    const slice = (text: string, a: { start: number; end: number }) => text.slice(a.start, a.end);
    // Only when both sides changed the array's text is there anything to reconcile by TOML.
    if (ba && (slice(yours, ya) === slice(base, ba) || slice(theirs, ta) === slice(base, ba)))
      continue;
    for (const [name, bv, tv] of apply) {
      if (bv?.length === 1 && tv?.length === 1)
        ours = replaceArrayString(ours, ya.path, bv[0], tv[0]);
      else {
        if (bv) ours = removeArrayRequirement(ours, ya.path, name);
        for (const req of tv ?? []) ours = addArrayRequirement(ours, ya.path, req);
      }
    }
    // Theirs gets the same array text, so that the line merge sees one change, made on both sides.
    const mine = dependencyArrays(ours).get(table);
    const their = dependencyArrays(next).get(table);
    if (mine && their)
      next = next.slice(0, their.start) + slice(ours, mine) + next.slice(their.end);
  }
  return { ...mergeText(base, ours, next, labels), pins };
}
