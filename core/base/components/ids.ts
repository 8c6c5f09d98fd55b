// 部件标识码 (component ID) rules.
// GB/T 30428.2-2013: 16 digits = county(6) + big class(2) + small class(2) + serial(6).
// GB/T 47678.5-2026: 17 digits = county(6) + class(5: big 2 + small 3) + serial(6).

export const COMPONENT_SERIAL_DIGITS = 6;
export const MAX_COMPONENT_SERIAL = 999_999;

export interface ComponentIdParts {
  adminCode: string;
  classCode: string;
  bigCode: string;
  serial: number;
  digits: 16 | 17;
}

export interface ComponentIdExpectation {
  /** The county's GB/T 2260 code: every ID must start with it. */
  adminCode: string;
  /** The component's class: the ID's class segment must equal it. */
  classCode?: string;
  /** The active standard's ID length, if the caller insists on one. */
  digits?: 16 | 17;
}

export type ComponentIdCheck = { ok: true; parts: ComponentIdParts } | { ok: false; message: string };

const STANDARD_OF_DIGITS = { 16: 'GB/T 30428.2', 17: 'GB/T 47678.5' } as const;

/** Splits an ID into its segments, or says what is wrong with its shape. */
export function parseComponentId(id: string): ComponentIdCheck {
  const bad = /[^0-9]/.exec(id);
  if (bad) {
    return { ok: false, message: `component ID ${id} must be digits only, but has "${bad[0]}" at position ${bad.index + 1}` };
  }
  if (id.length !== 16 && id.length !== 17) {
    return {
      ok: false,
      message: `component ID ${id} has ${id.length} digits, but a ${STANDARD_OF_DIGITS[16]} ID has 16 and a ${STANDARD_OF_DIGITS[17]} ID has 17`,
    };
  }
  const digits = id.length as 16 | 17;
  const classLength = digits === 16 ? 4 : 5;
  const classCode = id.slice(6, 6 + classLength);
  return {
    ok: true,
    parts: { adminCode: id.slice(0, 6), classCode, bigCode: classCode.slice(0, 2), serial: Number(id.slice(6 + classLength)), digits },
  };
}

/** Checks an ID against the county and the component's class; the message names both values. */
export function checkComponentId(id: string, expect: ComponentIdExpectation): ComponentIdCheck {
  const parsed = parseComponentId(id);
  if (!parsed.ok) return parsed;
  const { parts } = parsed;
  if (expect.digits !== undefined && parts.digits !== expect.digits) {
    return {
      ok: false,
      message: `component ID ${id} has ${parts.digits} digits (${STANDARD_OF_DIGITS[parts.digits]}), but this county codes components with ${expect.digits} (${STANDARD_OF_DIGITS[expect.digits]})`,
    };
  }
  if (parts.adminCode !== expect.adminCode) {
    return { ok: false, message: `component ID ${id} starts with county code ${parts.adminCode}, but this county is ${expect.adminCode}` };
  }
  if (expect.classCode !== undefined && parts.classCode !== expect.classCode) {
    return { ok: false, message: `component ID ${id} carries class ${parts.classCode}, but the component's class is ${expect.classCode}` };
  }
  if (parts.serial === 0) return { ok: false, message: `component ID ${id} has serial 000000; serials start at 000001` };
  return parsed;
}

/** County code + class code + six-digit serial; a 4-digit class gives 16 digits, a 5-digit 17. */
export function makeComponentId(adminCode: string, classCode: string, serial: number): string {
  if (!/^[0-9]{6}$/.test(adminCode)) throw new RangeError(`county code must be 6 digits, got "${adminCode}"`);
  if (!/^[0-9]{4,5}$/.test(classCode)) throw new RangeError(`class code must be 4 or 5 digits, got "${classCode}"`);
  if (!Number.isInteger(serial) || serial < 1 || serial > MAX_COMPONENT_SERIAL) {
    throw new RangeError(`serial of class ${classCode} must be 1 to ${MAX_COMPONENT_SERIAL}, got ${serial}`);
  }
  return `${adminCode}${classCode}${String(serial).padStart(COMPONENT_SERIAL_DIGITS, '0')}`;
}
