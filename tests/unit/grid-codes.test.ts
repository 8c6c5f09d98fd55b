import { describe, expect, it } from 'vitest';
import { checkGridCode, makeCommunityCode, makeGridCode, makeStreetCode, parseGridCode, streetLevelKind } from '../../core/base/grids/codes.js';

describe('grid codes', () => {
  it('accept a 15-digit code that starts with its community', () => {
    const check = checkGridCode('990101001002003', '990101001002');
    expect(check).toEqual({
      ok: true,
      parts: { adminCode: '990101', streetCode: '990101001', communityCode: '990101001002', sequence: 3 },
    });
  });

  it('refuse a code from another community, naming both', () => {
    const check = checkGridCode('990101001002003', '990101001003');
    expect(check).toEqual({
      ok: false,
      message: 'grid code 990101001002003 starts with community code 990101001002, but the grid lies in community 990101001003',
    });
  });

  it('refuse letters, a wrong length and sequence 000', () => {
    expect(parseGridCode('99010100100200X').ok).toBe(false);
    const short = parseGridCode('99010100100200');
    expect(short.ok || short.message).toBe('grid code 99010100100200 has 14 digits, but a grid code has 15');
    expect(parseGridCode('990101001002000').ok).toBe(false);
  });

  it('are made segment by segment', () => {
    const street = makeStreetCode('990101', 101);
    const community = makeCommunityCode(street, 7);
    expect(makeGridCode(community, 12)).toBe('990101101007012');
    expect(() => makeGridCode(community, 1000)).toThrow(/1 to 999/);
    expect(streetLevelKind(1)).toBe('subdistrict');
    expect(streetLevelKind(101)).toBe('town');
    expect(streetLevelKind(250)).toBe('township');
    expect(streetLevelKind(400)).toBeUndefined();
  });
});
