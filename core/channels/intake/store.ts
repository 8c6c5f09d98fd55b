// The SQL of the intake channels: channel keys, who filed each case through which channel
// (with its tracking code), and citizens' ratings of the handling (满意度回访).
import { randomBytes } from 'node:crypto';
import type { Db } from '../../db/database.js';
import { TableMap } from '../../db/table.js';

export type KeyScope = 'open311' | 'sensors' | 'vehicles';
export const KEY_SCOPES: readonly KeyScope[] = ['open311', 'sensors', 'vehicles'];

export interface ChannelKeyRow {
  id: number;
  name: string;
  scope: KeyScope;
  keyHash: string;
  /** The first characters of the key, to recognise it in a list; never enough to use it. */
  keyHint: string;
  createdAt: number;
  createdBy: number | null;
  revokedAt: number | null;
  lastUsedAt: number | null;
  useCount: number;
}

export interface SubmissionRow {
  caseId: number;
  channel: string;
  /** The tracking code (查询码); Open311 clients resolve it at /tokens/{token}. */
  token: string;
  keyId: number | null;
  userId: number | null;
  clientRef: string | null;
  deviceHash: string | null;
  addressHash: string | null;
  accountId: string | null;
  email: string | null;
  phone: string | null;
  firstName: string | null;
  lastName: string | null;
  mediaUrl: string | null;
  /** JSON object of Open311 attribute codes and values. */
  attributes: string | null;
  createdAt: number;
}

export interface RatingRow {
  caseId: number;
  rating: number;
  comment: string | null;
  channel: string;
  createdAt: number;
}

export class IntakeStore {
  private readonly keys: TableMap<ChannelKeyRow>;
  private readonly submissions: TableMap<SubmissionRow>;
  private readonly ratings: TableMap<RatingRow>;

  constructor(private readonly db: Db) {
    this.keys = new TableMap<ChannelKeyRow>(db, 'channelKeys', 'channel_keys', {
      id: 'id',
      name: 'name',
      scope: 'scope',
      keyHash: 'key_hash',
      keyHint: 'key_hint',
      createdAt: 'created_at',
      createdBy: 'created_by',
      revokedAt: 'revoked_at',
      lastUsedAt: 'last_used_at',
      useCount: 'use_count',
    });
    this.submissions = new TableMap<SubmissionRow>(db, 'submissions', 'case_submissions', {
      caseId: 'case_id',
      channel: 'channel',
      token: 'token',
      keyId: 'key_id',
      userId: 'user_id',
      clientRef: 'client_ref',
      deviceHash: 'device_hash',
      addressHash: 'address_hash',
      accountId: 'account_id',
      email: 'email',
      phone: 'phone',
      firstName: 'first_name',
      lastName: 'last_name',
      mediaUrl: 'media_url',
      attributes: 'attributes',
      createdAt: 'created_at',
    });
    this.ratings = new TableMap<RatingRow>(db, 'ratings', 'case_ratings', {
      caseId: 'case_id',
      rating: 'rating',
      comment: 'comment',
      channel: 'channel',
      createdAt: 'created_at',
    });
  }

  /** 个人信息保护法: the citizen's contact fields on submissions of cases closed before `before` are removed. */
  async anonymiseSubmissions(before: number): Promise<number> {
    return (await this.db
      .statement(
        'intake.anonymiseSubmissions',
        `UPDATE case_submissions SET phone = NULL, email = NULL, first_name = NULL, last_name = NULL, account_id = NULL
         WHERE (phone IS NOT NULL OR email IS NOT NULL OR first_name IS NOT NULL OR last_name IS NOT NULL OR account_id IS NOT NULL)
           AND case_id IN (SELECT id FROM cases WHERE closed_at IS NOT NULL AND closed_at < ?)`,
      )
      .run([before])).changes;
  }

  // Channel keys

  async insertKey(row: Omit<ChannelKeyRow, 'id' | 'revokedAt' | 'lastUsedAt' | 'useCount'>): Promise<number> {
    return Number(
      (await this.db
        .statement('channelKeys.create', 'INSERT INTO channel_keys (name, scope, key_hash, key_hint, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)')
        .run([row.name, row.scope, row.keyHash, row.keyHint, row.createdAt, row.createdBy])).lastInsertRowid,
    );
  }

  async keyByHash(hash: string): Promise<ChannelKeyRow | undefined> {
    return await this.keys.one('byHash', 'key_hash = ?', [hash]);
  }

  async keyById(id: number): Promise<ChannelKeyRow | undefined> {
    return await this.keys.one('byId', 'id = ?', [id]);
  }

  async liveKeyByName(name: string): Promise<ChannelKeyRow | undefined> {
    return await this.keys.one('liveByName', 'lower(name) = lower(?) AND revoked_at IS NULL', [name]);
  }

  async listKeys(): Promise<ChannelKeyRow[]> {
    return await this.keys.many('list', 'ORDER BY revoked_at IS NOT NULL, lower(name), id DESC');
  }

  async revokeKey(id: number, at: number): Promise<boolean> {
    return (await this.db.statement('channelKeys.revoke', 'UPDATE channel_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run([at, id])).changes === 1;
  }

  async touchKey(id: number, at: number): Promise<void> {
    await this.db.statement('channelKeys.touch', 'UPDATE channel_keys SET last_used_at = ?, use_count = use_count + 1 WHERE id = ?').run([at, id]);
  }

  // Submissions

  async insertSubmission(row: SubmissionRow): Promise<void> {
    await this.submissions.insertMany([row]);
  }

  async submissionByToken(token: string): Promise<SubmissionRow | undefined> {
    return await this.submissions.one('byToken', 'token = ?', [token]);
  }

  async submissionOfCase(caseId: number): Promise<SubmissionRow | undefined> {
    return await this.submissions.one('byCase', 'case_id = ?', [caseId]);
  }

  async submissionByClientRef(channel: string, userId: number | null, keyId: number | null, clientRef: string): Promise<SubmissionRow | undefined> {
    return await this.submissions.one(
      'byClientRef',
      'channel = ? AND coalesce(user_id, 0) = ? AND coalesce(key_id, 0) = ? AND client_ref = ?',
      [channel, userId ?? 0, keyId ?? 0, clientRef],
    );
  }

  /** Submissions from one device since a time (the per-device quota). */
  async countByDevice(deviceHash: string, since: number): Promise<number> {
    return (
      (await this.db
        .statement<{ n: number }>('submissions.countByDevice', 'SELECT count(*) AS n FROM case_submissions WHERE device_hash = ? AND created_at >= ?')
        .get([deviceHash, since]))?.n ?? 0
    );
  }

  /** Submissions from one client address since a time (the per-address quota). */
  async countByAddress(addressHash: string, since: number): Promise<number> {
    return (
      (await this.db
        .statement<{ n: number }>('submissions.countByAddress', 'SELECT count(*) AS n FROM case_submissions WHERE address_hash = ? AND created_at >= ?')
        .get([addressHash, since]))?.n ?? 0
    );
  }

  /** The county's secret salt for fingerprints of devices and addresses, made on first use. */
  async salt(): Promise<string> {
    const read = async () =>
      (await this.db.statement<{ value: string }>('intake.salt', "SELECT value FROM settings WHERE key = 'intake.salt'").get())?.value;
    const existing = await read();
    if (existing) return JSON.parse(existing) as string;
    await this.db
      .statement('intake.saltCreate', "INSERT OR IGNORE INTO settings (key, value, updated_at) VALUES ('intake.salt', ?, ?)")
      .run([JSON.stringify(randomBytes(24).toString('base64url')), Date.now()]);
    return JSON.parse((await read())!) as string;
  }

  // Ratings

  async insertRating(row: RatingRow): Promise<void> {
    await this.ratings.insertMany([row]);
  }

  async recentRatings(limit: number): Promise<RatingRow[]> {
    return await this.ratings.many('recent', 'ORDER BY created_at DESC LIMIT ?', [limit]);
  }

  async ratingOf(caseId: number): Promise<RatingRow | undefined> {
    return await this.ratings.one('byCase', 'case_id = ?', [caseId]);
  }
}
