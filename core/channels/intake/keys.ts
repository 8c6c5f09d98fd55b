// Channel keys: what an Open311 client, a sensor gateway or a vehicle terminal presents.
// A key is 256 random bits, shown once when made; only its SHA-256 is stored. A slow hash
// (argon2) protects guessable passwords; a random 256-bit key cannot be guessed, so a fast
// hash loses nothing and lets every sensor request be checked in microseconds.
import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '../../runtime/clock.js';
import { AppError, badRequest, conflict, notFound } from '../../runtime/errors.js';
import type { ChannelKeyRow, IntakeStore, KeyScope } from './store.js';
import { KEY_SCOPES } from './store.js';

const PREFIX = 'gh_';

export interface ChannelKeyView {
  id: number;
  name: string;
  scope: KeyScope;
  hint: string;
  createdAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
  useCount: number;
}

export function keyView(row: ChannelKeyRow): ChannelKeyView {
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  return {
    id: row.id,
    name: row.name,
    scope: row.scope,
    hint: `${row.keyHint}…`,
    createdAt: new Date(row.createdAt).toISOString(),
    revokedAt: iso(row.revokedAt),
    lastUsedAt: iso(row.lastUsedAt),
    useCount: row.useCount,
  };
}

const hashKey = (key: string) => createHash('sha256').update(key).digest('hex');

/** Why a key was refused: the routes answer 403 either way, with this sentence. */
export class KeyRefused extends AppError {
  constructor(message: string) {
    super('forbidden', message);
  }
}

export class ChannelKeyService {
  constructor(
    private readonly store: IntakeStore,
    private readonly clock: Clock,
  ) {}

  /** Makes a key; the plain key is returned this once and never again. */
  async create(name: string, scope: KeyScope, createdBy: number | null): Promise<{ key: string; row: ChannelKeyRow }> {
    const clean = name.trim();
    if (!/^[\p{L}\p{N}][\p{L}\p{N} ._-]{0,63}$/u.test(clean)) {
      throw badRequest('A key name is 1-64 letters, digits, spaces, dots, dashes or underscores (名称不合法)', 'name');
    }
    if (!KEY_SCOPES.includes(scope)) throw badRequest(`The scope must be one of ${KEY_SCOPES.join(', ')}`, 'scope');
    if (await this.store.liveKeyByName(clean)) throw conflict(`A live key named "${clean}" exists; revoke it first (同名密钥已存在)`, 'name');
    const key = PREFIX + randomBytes(32).toString('base64url');
    const id = await this.store.insertKey({ name: clean, scope, keyHash: hashKey(key), keyHint: key.slice(0, PREFIX.length + 6), createdAt: this.clock.now(), createdBy });
    return { key, row: (await this.store.keyById(id))! };
  }

  async revokeByName(name: string): Promise<ChannelKeyRow> {
    const row = await this.store.liveKeyByName(name.trim());
    if (!row) throw notFound(`No live key named "${name}" (没有该名称的有效密钥)`);
    return await this.revoke(row.id);
  }

  async revoke(id: number): Promise<ChannelKeyRow> {
    const row = await this.store.keyById(id);
    if (!row) throw notFound(`No key ${id}`);
    if (row.revokedAt !== null) throw conflict(`The key "${row.name}" is already revoked`);
    await this.store.revokeKey(id, this.clock.now());
    return (await this.store.keyById(id))!;
  }

  async list(): Promise<ChannelKeyRow[]> {
    return await this.store.listKeys();
  }

  /** The live key of this scope, or a KeyRefused (403) naming what is wrong. */
  async verify(key: string | undefined | null, scope: KeyScope): Promise<ChannelKeyRow> {
    if (!key) throw new KeyRefused('No api_key was given (缺少 api_key)');
    if (key.length > 200) throw new KeyRefused('Invalid api_key (api_key 无效)');
    const row = await this.store.keyByHash(hashKey(key));
    if (!row) throw new KeyRefused('Invalid api_key (api_key 无效)');
    if (row.revokedAt !== null) throw new KeyRefused(`The api_key "${row.name}" was revoked (api_key 已吊销)`);
    if (row.scope !== scope) throw new KeyRefused(`The api_key "${row.name}" is for ${row.scope}, not ${scope} (api_key 用途不符)`);
    await this.store.touchKey(row.id, this.clock.now());
    return row;
  }
}

/** The key a device sent: the X-Api-Key header, or ?api_key= where a header cannot be set (WebSocket). */
export function keyOfRequest(request: { headers: Record<string, string | string[] | undefined>; url: string }): string | undefined {
  const header = request.headers['x-api-key'];
  if (typeof header === 'string' && header) return header.trim();
  const query = new URL(request.url, 'http://x').searchParams.get('api_key');
  return query || undefined;
}
