import { describe, expect, test } from 'vitest';
import { capOf } from '../../generators/add/held.js';
import { heldHas, unknownFlags } from '../../generators/catalog/index.js';
import { uvicorn } from '../../generators/catalog/servers/uvicorn.js';

describe('the server release a project holds to (issue 17, item 5)', () => {
  test('pins and Poetry constraints cap the newest release', () => {
    expect(capOf('==0.18.3')).toEqual({ version: '0.18.3', below: false });
    expect(capOf('>=0.15,<0.20')).toEqual({ version: '0.20', below: true });
    expect(capOf('<=0.22.0')).toEqual({ version: '0.22.0', below: false });
    expect(capOf('~=0.18.0')).toEqual({ version: '0.19', below: true });
    expect(capOf('==0.21.*')).toEqual({ version: '0.22', below: true });
    expect(capOf('^0.18')).toEqual({ version: '0.19', below: true });
    expect(capOf('^1.2')).toEqual({ version: '2', below: true });
    expect(capOf('0.18.3')).toEqual({ version: '0.18.3', below: false });
    // A floor or a compatible-release on two parts caps nothing we can tell.
    expect(capOf('>=0.18')).toBeUndefined();
    expect(capOf('~=0.18')).toBeUndefined();
  });

  test('a flag is kept only where every release the project can have knows it', () => {
    expect(heldHas({ version: '0.22.0', below: false, where: '' }, '0.22.0')).toBe(true);
    expect(heldHas({ version: '0.22', below: true, where: '' }, '0.22.0')).toBe(false);
    expect(heldHas({ version: '0.9.1', below: false, where: '' }, '0.13.0')).toBe(false);
    const flags = (v: string) =>
      unknownFlags(uvicorn, { uvicorn: { version: v, below: false, where: '' } }).map(
        (f) => f.flag,
      );
    expect(flags('0.18.3')).toEqual(['--timeout-graceful-shutdown']);
    expect(flags('0.12.0')).toEqual(['--timeout-graceful-shutdown', '--factory']);
    expect(flags('0.54.0')).toEqual([]);
    expect(unknownFlags(uvicorn, {})).toEqual([]);
  });
});
