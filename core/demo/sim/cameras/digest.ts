// Digest access authentication (RFC 7616, MD5, qop=auth), the server side: what a camera asks
// of a client on its snapshot URL (HTTP) and its stream URL (RTSP). One realm, many nonces.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const NONCE_LIFETIME_MS = 10 * 60 * 1000;
const MAX_NONCES = 4096;

const md5 = (text: string) => createHash('md5').update(text, 'utf8').digest('hex');

/** The fields of an `Authorization: Digest ...` header (quoted values unquoted). */
export function parseDigestHeader(header: string): Record<string, string> | undefined {
  const match = /^\s*Digest\s+(.*)$/is.exec(header);
  if (!match) return undefined;
  const fields: Record<string, string> = {};
  const re = /([a-z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))/gi;
  for (let m = re.exec(match[1]!); m; m = re.exec(match[1]!)) {
    fields[m[1]!.toLowerCase()] = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : (m[3] ?? '');
  }
  return fields;
}

export class DigestRealm {
  private readonly nonces = new Map<string, number>();

  constructor(
    readonly realm: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** The value of a WWW-Authenticate header that starts a new exchange. */
  challenge(): string {
    const nonce = randomBytes(16).toString('hex');
    if (this.nonces.size >= MAX_NONCES) this.nonces.delete(this.nonces.keys().next().value!);
    this.nonces.set(nonce, this.now() + NONCE_LIFETIME_MS);
    // The realm first: some clients (node-onvif) look for the text `Digest realm`.
    return `Digest realm="${this.realm}", qop="auth", nonce="${nonce}", algorithm=MD5`;
  }

  /**
   * The user name when the header proves its owner knows the password for this method;
   * passwordOf gives a user's password (undefined: no such user).
   */
  verify(header: string | undefined, method: string, passwordOf: (username: string) => string | undefined): string | undefined {
    if (!header) return undefined;
    const f = parseDigestHeader(header);
    if (!f || !f.username || !f.nonce || !f.uri || !f.response) return undefined;
    if (f.realm !== this.realm) return undefined;
    const expires = this.nonces.get(f.nonce);
    if (expires === undefined || expires < this.now()) return undefined;
    const password = passwordOf(f.username);
    if (password === undefined) return undefined;
    const ha1 = md5(`${f.username}:${this.realm}:${password}`);
    const ha2 = md5(`${method}:${f.uri}`);
    const expected = f.qop ? md5(`${ha1}:${f.nonce}:${f.nc ?? ''}:${f.cnonce ?? ''}:${f.qop}:${ha2}`) : md5(`${ha1}:${f.nonce}:${ha2}`);
    const given = Buffer.from(f.response.toLowerCase());
    return given.length === expected.length && timingSafeEqual(given, Buffer.from(expected)) ? f.username : undefined;
  }
}
