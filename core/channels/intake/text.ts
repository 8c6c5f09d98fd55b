// Tracking codes and fingerprints of the intake channels. Text cleaning lives in
// core/runtime/inert-text.ts (re-exported here for the channels).
import { createHash, randomBytes } from 'node:crypto';

export { inertOptional, inertText } from '../../runtime/inert-text.js';

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
