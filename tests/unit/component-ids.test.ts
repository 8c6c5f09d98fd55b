import { describe, expect, it } from 'vitest';
import { checkComponentId, makeComponentId, parseComponentId } from '../../core/base/components/ids.js';

describe('component IDs', () => {
  it('accept a 16-digit GB/T 30428.2 ID of this county and class', () => {
    const check = checkComponentId('9901010103000042', { adminCode: '990101', classCode: '0103' });
    expect(check).toEqual({ ok: true, parts: { adminCode: '990101', classCode: '0103', bigCode: '01', serial: 42, digits: 16 } });
  });

  it('accept a 17-digit GB/T 47678.5 ID', () => {
    const check = checkComponentId('99010101037000001', { adminCode: '990101', classCode: '01037', digits: 17 });
    expect(check.ok).toBe(true);
  });

  it('refuse another county, naming both codes', () => {
    const check = checkComponentId('3205080101000001', { adminCode: '990101' });
    expect(check).toEqual({ ok: false, message: 'component ID 3205080101000001 starts with county code 320508, but this county is 990101' });
  });

  it('refuse a class segment that is not the component class, naming both', () => {
    const check = checkComponentId('9901010101000001', { adminCode: '990101', classCode: '0102' });
    expect(check.ok).toBe(false);
    if (!check.ok) {
      expect(check.message).toContain('0101');
      expect(check.message).toContain('0102');
    }
  });

  it('refuse letters, the wrong length and a length the active standard does not use', () => {
    const letters = parseComponentId('99010A0101000001');
    expect(letters.ok || letters.message).toBe('component ID 99010A0101000001 must be digits only, but has "A" at position 6');
    const short = parseComponentId('990101010100001');
    expect(short.ok || short.message).toMatch(/has 15 digits.*16.*17/);
    const seventeen = checkComponentId('99010101037000001', { adminCode: '990101', digits: 16 });
    expect(seventeen.ok || seventeen.message).toMatch(/has 17 digits.*with 16/);
    expect(checkComponentId('9901010101000000', { adminCode: '990101' }).ok).toBe(false);
  });

  it('are made from county, class and serial', () => {
    expect(makeComponentId('990101', '0402', 17)).toBe('9901010402000017');
    expect(makeComponentId('990101', '01037', 1)).toBe('99010101037000001');
    expect(() => makeComponentId('990101', '0402', 1_000_000)).toThrow(/1 to 999999/);
    expect(() => makeComponentId('99010', '0402', 1)).toThrow(/6 digits/);
  });
});
