// 单元网格 code rules (GB/T 30428.1; Beijing DB11): 15 digits =
// county(6) + street/town(3) + community/village(3) + grid sequence(3).
// Street/town segments follow the statistical division code: 001-099 街道, 100-199 镇, 200-399 乡.

export type StreetLevelKind = 'subdistrict' | 'town' | 'township';

export interface GridCodeParts {
  adminCode: string;
  streetCode: string;
  communityCode: string;
  sequence: number;
}

export type GridCodeCheck = { ok: true; parts: GridCodeParts } | { ok: false; message: string };

const digitsOnly = (text: string) => /^[0-9]+$/.test(text);

/** Splits a grid code into its segments, or says what is wrong with its shape. */
export function parseGridCode(code: string): GridCodeCheck {
  if (!digitsOnly(code)) {
    const bad = /[^0-9]/.exec(code);
    return { ok: false, message: `grid code ${code} must be digits only, but has "${bad?.[0] ?? ''}" at position ${(bad?.index ?? 0) + 1}` };
  }
  if (code.length !== 15) return { ok: false, message: `grid code ${code} has ${code.length} digits, but a grid code has 15` };
  const sequence = Number(code.slice(12));
  if (sequence === 0) return { ok: false, message: `grid code ${code} has sequence 000; grids are numbered from 001` };
  return { ok: true, parts: { adminCode: code.slice(0, 6), streetCode: code.slice(0, 9), communityCode: code.slice(0, 12), sequence } };
}

/** Checks a grid code against the 12-digit code of the community it lies in. */
export function checkGridCode(code: string, communityCode: string): GridCodeCheck {
  const parsed = parseGridCode(code);
  if (!parsed.ok) return parsed;
  if (parsed.parts.communityCode !== communityCode) {
    return { ok: false, message: `grid code ${code} starts with community code ${parsed.parts.communityCode}, but the grid lies in community ${communityCode}` };
  }
  return parsed;
}

/** The kind of a street-level segment (the 3 digits after the county code). */
export function streetLevelKind(segment: number): StreetLevelKind | undefined {
  if (segment >= 1 && segment <= 99) return 'subdistrict';
  if (segment >= 100 && segment <= 199) return 'town';
  if (segment >= 200 && segment <= 399) return 'township';
  return undefined;
}

function segment(value: number, what: string, max: number): string {
  if (!Number.isInteger(value) || value < 1 || value > max) throw new RangeError(`${what} must be 1 to ${max}, got ${value}`);
  return String(value).padStart(3, '0');
}

/** 9-digit street/town code: county(6) + segment(3). */
export function makeStreetCode(adminCode: string, streetSegment: number): string {
  if (!/^[0-9]{6}$/.test(adminCode)) throw new RangeError(`county code must be 6 digits, got "${adminCode}"`);
  return adminCode + segment(streetSegment, 'street/town segment', 399);
}

/** 12-digit community/village code: street(9) + segment(3). */
export function makeCommunityCode(streetCode: string, communitySegment: number): string {
  if (!/^[0-9]{9}$/.test(streetCode)) throw new RangeError(`street code must be 9 digits, got "${streetCode}"`);
  return streetCode + segment(communitySegment, 'community segment', 999);
}

/** 15-digit grid code: community(12) + sequence(3). */
export function makeGridCode(communityCode: string, sequence: number): string {
  if (!/^[0-9]{12}$/.test(communityCode)) throw new RangeError(`community code must be 12 digits, got "${communityCode}"`);
  return communityCode + segment(sequence, 'grid sequence', 999);
}
