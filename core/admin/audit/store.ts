// 应用维护 audit trail and 等保 security log: who changed which setting or row, when, and what
// it was before and after; who signed in, out or failed to, exported or backed up what, from
// which address. Append-only (the schema refuses updates and deletes but the retention
// purge's) and hash-chained with SM3: each row's `chain` covers its predecessor's.
import { CHAIN_START, chainHash, firstBreak, type ChainBreak } from '../../db/chain.js';
import type { Db } from '../../db/database.js';
import { AUDIT_CHAIN_COLUMNS } from '../../db/migrations/0700_security.js';

import type { AuditAction, AuditEntry } from '../../contract/admin.js';

export type { AuditAction, AuditEntry };

export interface AuditActor {
  id: number;
  username: string;
}

type RawAudit = { id: number; at: number; user_id: number | null; username: string | null; entity: string; entity_key: string; action: string; before: string | null; after: string | null; address: string | null };
const fieldsOf = (r: RawAudit) => [r.id, r.at, r.user_id, r.username, r.entity, r.entity_key, r.action, r.before, r.after, r.address];

/** Security events shown to the auditor (审计员) as 安全日志 beside the change log. */
export const SECURITY_ACTIONS: readonly AuditAction[] = ['sign_in', 'sign_in_failed', 'sign_out', 'session_expired', 'password_change', 'export', 'backup', 'purge'];

export class AuditStore {
  constructor(private readonly db: Db) {}

  /** Appends one row, chained to the last, in the caller's transaction (or its own). */
  async record(actor: AuditActor | null, entity: string, key: string, action: AuditAction, before: unknown, after: unknown, at: number, address: string | null = null): Promise<void> {
    await this.db.transaction(async () => {
      const last = await this.db.statement<{ id: number; chain: string }>('audit.last', 'SELECT id, chain FROM audit_log ORDER BY id DESC LIMIT 1').get();
      const anchor = last ? undefined : await this.anchor();
      const row: RawAudit = {
        id: (last?.id ?? Math.max(0, (anchor?.beforeId ?? 1) - 1)) + 1, at, user_id: actor?.id ?? null, username: actor?.username ?? null, entity, entity_key: key, action,
        before: before === undefined ? null : JSON.stringify(before), after: after === undefined ? null : JSON.stringify(after), address,
      };
      const chain = chainHash(last?.chain ?? anchor?.hash ?? CHAIN_START, fieldsOf(row));
      await this.db.statement('audit.record', `INSERT INTO audit_log (${AUDIT_CHAIN_COLUMNS}, chain) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run([...fieldsOf(row), chain]);
    });
  }

  private async anchor(): Promise<{ beforeId: number; hash: string }> {
    return (
      await this.db.statement<{ beforeId: number; hash: string }>('audit.anchor', "SELECT before_id AS beforeId, hash FROM trail_anchors WHERE trail = 'audit_log'").get() ?? { beforeId: 0, hash: CHAIN_START }
    );
  }

  async list(query: { entity?: string; actions?: readonly AuditAction[]; limit: number; offset: number }): Promise<{ total: number; items: AuditEntry[] }> {
    const conditions: string[] = [];
    const params: Record<string, unknown> = {};
    if (query.entity) {
      conditions.push('entity = @entity');
      params.entity = query.entity;
    }
    if (query.actions) {
      conditions.push('action IN (SELECT value FROM json_each(@actions))');
      params.actions = JSON.stringify(query.actions);
    }
    const where = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
    const name = `${query.entity ? 'e' : ''}${query.actions ? 'a' : ''}` || 'all';
    const total = (await this.db.statement<{ n: number }>(`audit.count.${name}`, `SELECT count(*) AS n FROM audit_log ${where}`).get(params))?.n ?? 0;
    const rows = await this.db
      .statement<Omit<AuditEntry, 'before' | 'after'> & { before: string | null; after: string | null }>(
        `audit.list.${name}`,
        `SELECT id, at, user_id AS userId, username, entity, entity_key AS entityKey, action, before, after, address FROM audit_log ${where}
         ORDER BY id DESC LIMIT @limit OFFSET @offset`,
      )
      .all({ ...params, limit: query.limit, offset: query.offset });
    return { total, items: rows.map((r) => ({ ...r, before: r.before && JSON.parse(r.before), after: r.after && JSON.parse(r.after) })) };
  }

  /** Recomputes the chain from its anchor; the first row whose hash does not match, if any. */
  async verify(): Promise<{ checked: number; broken?: ChainBreak }> {
    const anchor = await this.anchor();
    const rows = this.db.statement<RawAudit & { chain: string }>('audit.chain', `SELECT ${AUDIT_CHAIN_COLUMNS}, chain FROM audit_log ORDER BY id`).iterate();
    return await firstBreak(rows, fieldsOf, (r) => r.chain, anchor.hash);
  }

  /**
   * Removes rows older than `before` (the retention purge), moving the chain's anchor to the
   * last removed row's hash first; records the purge itself. Returns how many were removed.
   */
  async purgeBefore(before: number, now: number): Promise<number> {
    return await this.db.transaction(async () => {
      const last = await this.db
        .statement<{ id: number; chain: string }>('audit.purgeLast', 'SELECT id, chain FROM audit_log WHERE at < ? ORDER BY id DESC LIMIT 1')
        .get([before]);
      if (!last) return 0;
      await this.db.statement('audit.moveAnchor', "UPDATE trail_anchors SET before_id = ?, hash = ? WHERE trail = 'audit_log'").run([last.id + 1, last.chain]);
      const removed = (await this.db.statement('audit.purge', 'DELETE FROM audit_log WHERE id <= ?').run([last.id])).changes;
      await this.record(null, 'audit_log', 'retention', 'purge', undefined, { removed, before: new Date(before).toISOString() }, now);
      return removed;
    });
  }
}
