// Text from outside is stored inert: exactly what the person typed, minus the characters
// that can only do harm on a screen (control characters, bidirectional overrides that make
// text read differently from how it is stored). It is never interpreted as markup anywhere:
// Vue escapes it, the XML writer escapes it, JSON is JSON. SQL only ever sees it as a bound
// parameter.
import { createHash, randomBytes } from 'node:crypto';
import { badRequest } from '../../runtime/errors.js';

// C0 controls but tab and newline, DEL, C1 controls, bidi embeddings/overrides/isolates, BOM.
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\ufeff]/g;

/** Cleans one text field; throws 400 naming the field when it is longer than `max` characters. */
export function inertText(raw: string, field: string, max: number): string {
  const text = raw.replace(/\r\n?/g, '\n').replace(UNSAFE, '').normalize('NFC').trim();
  if ([...text].length > max) throw badRequest(`${field} is longer than ${max} characters (内容过长)`, field);
  return text;
}

/** inertText for optional fields: empty becomes null. */
export function inertOptional(raw: string | undefined | null, field: string, max: number): string | null {
  if (raw === undefined || raw === null) return null;
  const text = inertText(raw, field, max);
  return text === '' ? null : text;
}

// Crockford's base32: no I, L, O or U, so a code read aloud over the phone is not misheard.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A new tracking code (查询码): 12 characters, 60 random bits, shown as XXXX-XXXX-XXXX. */
export function newTrackingCode(): string {
  const bytes = randomBytes(12);
  let code = '';
  for (const b of bytes) code += ALPHABET[b & 31];
  return code;
}

/** What a person typed as a tracking code, in canonical form (or undefined if it cannot be one). */
export function normalizeTrackingCode(input: string): string | undefined {
  const s = input
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  return /^[0-9A-HJKMNP-TV-Z]{12}$/.test(s) ? s : undefined;
}

export function formatTrackingCode(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8)}`;
}

/** A one-way fingerprint of a device id or client address: enough to count, not to recover. */
export function fingerprint(value: string, salt: string): string {
  return createHash('sha256').update(salt).update('\u0000').update(value).digest('base64url').slice(0, 22);
}
