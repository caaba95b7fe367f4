import { describe, expect, it } from 'vitest';
import { hashOf } from '../../generators/project/hashes.js';
import { renames } from '../../generators/update/migrations.js';
import { pathsNeedingBase, planUpdate, type PlanInput } from '../../generators/update/plan.js';
import { compareVersions } from '../../generators/update/version.js';

const labels = { yours: 'yours', base: 'create-pyweb 0.1.0', theirs: 'create-pyweb 0.2.0' };
const lines = (...l: string[]) => `${l.join('\n')}\n`;

/** A project: the base as recorded, what is on disk, and what this version writes. */
function input(
  base: Record<string, string>,
  disk: Record<string, string>,
  next: Record<string, string>,
  extra: Partial<PlanInput> = {},
): PlanInput {
  return {
    recorded: new Map(Object.entries(base).map(([p, t]) => [p, hashOf(t)])),
    base: new Map(Object.entries(base)),
    disk: new Map(Object.entries(disk)),
    next: new Map(Object.entries(next)),
    renames: [],
    labels,
    ...extra,
  };
}

const label = (plan: ReturnType<typeof planUpdate>, path: string) =>
  plan.files.find((f) => f.path === path)?.label;

describe('planUpdate', () => {
  const base = {
    'same.txt': lines('a'),
    'ours.txt': lines('a', 'b'),
    'yours.txt': lines('a', 'b'),
    'both.txt': lines('1', '2', '3', '4', '5', '6'),
    'clash.txt': lines('x'),
    'gone.txt': lines('g'),
    'dropped.txt': lines('d'),
  };
  const disk = {
    'same.txt': lines('a'),
    'ours.txt': lines('a', 'b'),
    'yours.txt': lines('a', 'B'),
    'both.txt': lines('ONE', '2', '3', '4', '5', '6'),
    'clash.txt': lines('mine'),
    'dropped.txt': lines('d'),
    'mine.txt': lines('not ours'),
  };
  const next = {
    'same.txt': lines('a'),
    'ours.txt': lines('a', 'b', 'c'),
    'yours.txt': lines('a', 'b'),
    'both.txt': lines('1', '2', '3', '4', '5', 'SIX'),
    'clash.txt': lines('theirs'),
    'gone.txt': lines('g2'),
    'new.txt': lines('n'),
  };
  const plan = planUpdate(input(base, disk, next));

  it('labels each kind of file', () => {
    expect(Object.fromEntries(plan.files.map((f) => [f.path, f.label]))).toEqual({
      'both.txt': 'merged',
      'clash.txt': 'conflict',
      'dropped.txt': 'removed',
      'gone.txt': 'deleted by user',
      'new.txt': 'added',
      'ours.txt': 'updated',
      'same.txt': 'unchanged',
      'yours.txt': 'kept',
    });
    expect(plan.missingBase).toEqual([]);
  });

  it('merges both sides and marks a conflict with the three versions', () => {
    expect(plan.files.find((f) => f.path === 'both.txt')?.after).toBe(
      lines('ONE', '2', '3', '4', '5', 'SIX'),
    );
    const clash = plan.files.find((f) => f.path === 'clash.txt')!;
    expect(clash.after).toContain('<<<<<<< yours\nmine\n');
    expect(clash.after).toContain('>>>>>>> create-pyweb 0.2.0\n');
    expect([clash.base, clash.before, clash.theirs]).toEqual([
      lines('x'),
      lines('mine'),
      lines('theirs'),
    ]);
  });

  it("records this version's hashes, the deleted file too, and never the user's own file", () => {
    expect([...plan.hashes.keys()].sort()).toEqual([
      'both.txt',
      'clash.txt',
      'gone.txt',
      'new.txt',
      'ours.txt',
      'same.txt',
      'yours.txt',
    ]);
    expect(plan.hashes.get('both.txt')).toBe(hashOf(next['both.txt']));
  });

  it('a file the user changed needs a base, and stops the plan without one', () => {
    const withoutBase = input(base, disk, next);
    withoutBase.base = new Map();
    expect(pathsNeedingBase(withoutBase.recorded, withoutBase.disk, withoutBase.next)).toEqual([
      'both.txt',
      'clash.txt',
      'yours.txt',
    ]);
    expect(planUpdate(withoutBase).missingBase).toEqual(['both.txt', 'clash.txt', 'yours.txt']);
  });

  it('a base whose hash is not the recorded one is not taken', () => {
    const wrong = input(base, disk, next);
    wrong.base.set('yours.txt', lines('something else'));
    expect(planUpdate(wrong).missingBase).toEqual(['yours.txt']);
  });

  it('follows a rename in the migration table, with the user change merged', () => {
    const table = renames('app', {
      renamed: [{ from: '{{glue}}/serve.py', to: ['{{glue}}/proxied.py'], why: 'by role' }],
    });
    const p = planUpdate(
      input(
        { 'app/serve.py': lines('import os', 'def app(): pass', '# end') },
        { 'app/serve.py': lines('import os', 'import sys', 'def app(): pass', '# end') },
        { 'app/proxied.py': lines('import os', 'def app(): pass', '# the end') },
        { renames: table },
      ),
    );
    expect(p.files).toHaveLength(1);
    expect(p.files[0]).toMatchObject({
      path: 'app/proxied.py',
      from: 'app/serve.py',
      label: 'renamed',
      after: lines('import os', 'import sys', 'def app(): pass', '# the end'),
    });
  });

  it('an opaque file (a link, text not UTF-8) is kept and never written, whatever changed', () => {
    const p = planUpdate(
      input(
        { 'README.md': lines('a') },
        { 'README.md': lines('a') },
        { 'README.md': lines('b') },
        { opaque: new Map([['README.md', 'a symbolic link']]) },
      ),
    );
    expect(p.files[0]).toMatchObject({
      label: 'kept',
      note: expect.stringMatching(/^a symbolic link: not merged; /),
    });
    expect(p.files[0].after).toBeUndefined();
  });

  it('a file where this version writes a new one is a conflict with no base', () => {
    const p = planUpdate(input({}, { 'k8s.yaml': lines('mine') }, { 'k8s.yaml': lines('ours') }));
    expect(label(p, 'k8s.yaml')).toBe('conflict');
    expect(p.files[0].base).toBeUndefined();
  });

  it('a second update of the result is a no-op', () => {
    const after = new Map<string, string>();
    for (const [p, t] of Object.entries(disk)) after.set(p, t);
    for (const f of plan.files) {
      if (f.label === 'removed') after.delete(f.path);
      else if (f.after !== undefined) after.set(f.path, f.after);
    }
    after.set('clash.txt', lines('resolved'));
    const again = planUpdate({
      recorded: plan.hashes,
      base: new Map(Object.entries(next)),
      disk: after,
      next: new Map(Object.entries(next)),
      renames: [],
      labels,
    });
    expect(again.files.filter((f) => f.after !== undefined && f.after !== f.before)).toEqual([]);
  });
});

describe('compareVersions', () => {
  it('orders as semver', () => {
    expect(compareVersions('0.1.0', '0.2.0')).toBe(-1);
    expect(compareVersions('0.10.0', '0.9.1')).toBe(1);
    expect(compareVersions('1.0.0', '1.0.0')).toBe(0);
    expect(compareVersions('1.0.0-rc.1', '1.0.0')).toBe(-1);
    expect(compareVersions('1.0.0-rc.2', '1.0.0-rc.10')).toBe(-1);
  });
});
