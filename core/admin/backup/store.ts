// What a backup's manifest says of the county it holds: its schema, its name and code, and the
// number of rows in the tables a restore is checked by.
import type { Db } from '../../db/database.js';

const COUNTED = ['grids', 'components', 'places', 'departments', 'users', 'cases', 'case_events', 'attachments', 'audit_log'];

export interface BackupFacts {
  schema: number;
  county: { adminCode: string; name: string } | null;
  counts: Record<string, number>;
}

export class BackupStore {
  constructor(private readonly db: Db) {}

  async describe(): Promise<BackupFacts> {
    const schema = (await this.db.statement<{ id: number | null }>('backup.schema', 'SELECT max(id) AS id FROM schema_migrations').get())?.id ?? 0;
    const county = await this.db.statement<{ adminCode: string; name: string }>('backup.county', 'SELECT admin_code AS adminCode, name FROM county WHERE id = 1').get() ?? null;
    const counts: Record<string, number> = {};
    for (const t of COUNTED) counts[t] = (await this.db.statement<{ n: number }>(`backup.count.${t}`, `SELECT count(*) AS n FROM ${t}`).get())?.n ?? 0;
    return { schema, county, counts };
  }
}
