// Passwords are kept only as argon2id hashes (OWASP's first choice), via @node-rs/argon2:
// prebuilt N-API binaries for Linux x64/arm64 and Windows, so nothing to compile. Hashing runs
// on libuv's thread pool, so many hashes (a demo county's staff) run side by side.
import { hash, verify } from '@node-rs/argon2';
import { randomBytes } from 'node:crypto';

const ARGON2ID = 2;
/** OWASP's argon2id minimum: 19 MiB, two passes, one lane. The same for every account. */
export const ARGON2_OPTIONS = { algorithm: ARGON2ID, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** What sign-in needs of a password hasher; tests inject one that counts its work. */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(passwordHash: string, password: string): Promise<boolean>;
}

export const argon2Hasher: PasswordHasher = { hash: hashPassword, verify: verifyPassword };

/** A password for the first admin when none is given: 16 characters, no look-alikes. */
export function generatePassword(length = 16): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789';
  for (;;) {
    let out = '';
    // 54 symbols: rejecting bytes ≥ 216 keeps every symbol equally likely.
    for (const b of randomBytes(length * 2)) if (b < 216 && out.length < length) out += alphabet[b % alphabet.length];
    // The password rules want three classes: lower, upper and digits all present.
    if (out.length === length && /[a-z]/.test(out) && /[A-Z]/.test(out) && /[0-9]/.test(out)) return out;
  }
}

export const MIN_PASSWORD_LENGTH = 8;
