import { bold, cyan, dim, green, red, yellow } from 'kolorist';
import { unifiedDiff } from '../add/diff.js';
import { UPDATE_FLAGS } from '../cli/flags.js';
import { flagRows } from '../cli/help.js';
import { packageManager, toolCommand } from '../cli/shell.js';
import { hanging, termWidth, wrap } from '../cli/text.js';
import type { FilePlan, Label } from './plan.js';

export interface UpdateIo {
  log: (line: string) => void;
  cwd: string;
}

export function updateHelp(width = termWidth()): string {
  const pm = packageManager();
  return [
    wrap(
      `${bold('create-pyweb update')}: bring a project create-pyweb made or added to up to this version's templates, keeping your changes`,
      width,
    ),
    '',
    'Usage:',
    '  create-pyweb update [options]',
    '',
    'Options:',
    ...flagRows(UPDATE_FLAGS, width),
    '',
    'Examples:',
    ...(
      [
        [['update', '--dry-run'], 'what would change, file by file, with diffs'],
        [['update'], 'on a branch, with everything committed'],
        [['update', '--check'], 'in a scheduled CI job: exit 1 when behind'],
      ] as const
    ).map(([args, what]) => hanging(`  ${toolCommand([...args], pm)}`, what, 44, width)),
    '',
    dim(
      wrap(
        'Each file is merged three ways: what the recorded version wrote (the base), yours, and ' +
          "this version's. Overlapping changes are conflicts: git's unmerged entries with standard " +
          'markers (git status, git mergetool), and the command exits 1 while any remain.',
        width,
      ),
    ),
  ].join('\n');
}

export function printCheck(
  io: UpdateIo,
  json: boolean,
  from: string,
  to: string,
  order: number,
): void {
  if (json) {
    io.log(JSON.stringify({ from, to, current: order >= 0 }));
    return;
  }
  if (order < 0)
    io.log(
      `Behind: made by create-pyweb ${from}; this is ${to}. ${toolCommand(['update', '--dry-run'], packageManager()).replace('create-pyweb', 'create-pyweb@latest')} shows what an update would change.`,
    );
  else if (order > 0) io.log(`Ahead: made by create-pyweb ${from}, newer than this ${to}.`);
  else io.log(`Current: made by create-pyweb ${from}, and this is ${to}.`);
}

const PAINT: Record<Label, (s: string) => string> = {
  unchanged: dim,
  updated: green,
  added: green,
  removed: yellow,
  kept: cyan,
  merged: green,
  renamed: green,
  conflict: red,
  'deleted by user': dim,
};

interface Outcome {
  from: string;
  to: string;
  base?: { source?: string; detail: string };
  lock?: string;
  dryRun: boolean;
  written: boolean;
  git?: boolean;
}

export function printPlan(io: UpdateIo, json: boolean, files: FilePlan[], o: Outcome): void {
  const conflicts = files.filter((f) => f.label === 'conflict').map((f) => f.path);
  if (json) {
    io.log(
      JSON.stringify(
        {
          from: o.from,
          to: o.to,
          current: false,
          base: o.base ? { source: o.base.source ?? null, detail: o.base.detail } : null,
          files: files.map((f) => ({
            path: f.path,
            label: f.label,
            ...(f.from ? { from: f.from } : {}),
            ...(f.conflicts ? { conflicts: f.conflicts } : {}),
            ...(f.note ? { note: f.note } : {}),
            ...(f.pins ? { pins: f.pins } : {}),
            ...(o.dryRun && diffOf(f) ? { diff: diffOf(f)!.join('\n') } : {}),
          })),
          conflicts,
          lock: o.lock ?? null,
          written: o.written,
        },
        null,
        2,
      ),
    );
    return;
  }
  io.log(
    `${bold(`create-pyweb ${o.from} → ${o.to}`)}${o.dryRun ? dim(' (dry run: nothing is written)') : ''}`,
  );
  if (o.base) io.log(dim(`base: ${o.base.detail}`));
  // Unchanged files are counted, not listed: --json lists every file.
  const shown = files.filter((f) => f.label !== 'unchanged');
  const width = Math.max(0, ...shown.map((f) => f.label.length));
  for (const f of shown) {
    const what = f.from ? `${f.from} → ${f.path}` : f.path;
    const note = f.note ? dim(`  ${f.note}`) : '';
    io.log(`  ${PAINT[f.label](f.label.padEnd(width))}  ${what}${note}`);
    for (const pin of f.pins ?? []) io.log(dim(`      ${pinLine(pin)}`));
    if (o.dryRun) for (const line of diffOf(f) ?? []) io.log(dim(`      ${line}`));
  }
  const counts = new Map<Label, number>();
  for (const f of files) counts.set(f.label, (counts.get(f.label) ?? 0) + 1);
  io.log([...counts].map(([label, n]) => `${n} ${label}`).join(', ') || 'no files');
  if (o.dryRun) return;
  io.log('');
  if (conflicts.length) {
    io.log(
      red(
        `${conflicts.length} conflict${conflicts.length > 1 ? 's' : ''}: ${conflicts.join(', ')}`,
      ),
    );
    io.log(
      o.git
        ? "  resolve them (git mergetool, your editor; git checkout --ours FILE keeps yours, --theirs takes create-pyweb's), then git add each"
        : '  resolve the <<<<<<< ======= >>>>>>> markers in each, then run your tests',
    );
  }
  if (o.lock) io.log(`Dependencies changed: run ${bold(o.lock)}, then your tests.`);
  io.log(
    o.git
      ? `Review with git diff, and commit: the record now says create-pyweb ${o.to}.`
      : `The record now says create-pyweb ${o.to}.`,
  );
}

function pinLine(p: { table: string; name: string; from?: string; to?: string; kept?: string }) {
  if (p.kept) return `${p.table}: kept yours, ${p.kept}${p.to ? ` (this version: ${p.to})` : ''}`;
  if (p.from && p.to) return `${p.table}: ${p.from} → ${p.to}`;
  if (p.to) return `${p.table}: + ${p.to}`;
  return `${p.table}: - ${p.from ?? p.name}`;
}

function diffOf(f: FilePlan): string[] | undefined {
  if (f.label === 'removed' && f.before !== undefined)
    return unifiedDiff(f.path, f.before, '').slice(0, 60);
  if (f.after === undefined || f.after === f.before) return undefined;
  return unifiedDiff(f.path, f.before ?? '', f.after);
}
