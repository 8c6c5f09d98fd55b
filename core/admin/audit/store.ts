// 应用维护 audit trail: who changed which setting or row, when, and what it was before and
// after. Append-only (the schema refuses updates and deletes).
import type { Db } from '../../db/database.js';

import type { AuditAction, AuditEntry } from '../../contract/admin.js';

export type { AuditAction, AuditEntry };

export interface AuditActor {
  id: number;
  username: string;
}

export class AuditStore {
  constructor(private readonly db: Db) {}

  async record(actor: AuditActor | null, entity: string, key: string, action: AuditAction, before: unknown, after: unknown, at: number): Promise<void> {
    await this.db
      .statement('audit.record', 'INSERT INTO audit_log (at, user_id, username, entity, entity_key, action, before, after) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run([at, actor?.id ?? null, actor?.username ?? null, entity, key, action, before === undefined ? null : JSON.stringify(before), after === undefined ? null : JSON.stringify(after)]);
  }

  async list(query: { entity?: string; limit: number; offset: number }): Promise<{ total: number; items: AuditEntry[] }> {
    const where = query.entity ? 'WHERE entity = @entity' : '';
    const name = query.entity ? 'byEntity' : 'all';
    const total = (await this.db.statement<{ n: number }>(`audit.count.${name}`, `SELECT count(*) AS n FROM audit_log ${where}`).get(query.entity ? { entity: query.entity } : undefined))?.n ?? 0;
    const rows = await this.db
      .statement<Omit<AuditEntry, 'before' | 'after'> & { before: string | null; after: string | null }>(
        `audit.list.${name}`,
        `SELECT id, at, user_id AS userId, username, entity, entity_key AS entityKey, action, before, after FROM audit_log ${where}
         ORDER BY id DESC LIMIT @limit OFFSET @offset`,
      )
      .all({ ...(query.entity ? { entity: query.entity } : {}), limit: query.limit, offset: query.offset });
    return { total, items: rows.map((r) => ({ ...r, before: r.before && JSON.parse(r.before), after: r.after && JSON.parse(r.after) })) };
  }
}
