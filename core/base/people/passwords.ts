// Passwords are kept only as argon2id hashes (OWASP's first choice), via @node-rs/argon2:
// prebuilt N-API binaries for Linux x64/arm64 and Windows, so nothing to compile.
import { hash, verify } from '@node-rs/argon2';
import { randomBytes } from 'node:crypto';

const ARGON2ID = 2;

export function hashPassword(password: string): Promise<string> {
  return hash(password, { algorithm: ARGON2ID, memoryCost: 19456, timeCost: 2, parallelism: 1 });
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** A password for the first admin when none is given: 16 characters, no look-alikes. */
export function generatePassword(length = 16): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789';
  const bytes = randomBytes(length);
  let out = '';
  for (const b of bytes) out += alphabet[b % alphabet.length];
  return out;
}

export const MIN_PASSWORD_LENGTH = 8;
