// 一格六员: for each unit grid, the named leader, inspector, sanitation worker, community
// worker, patroller and volunteer responsible for it.
import type { Db } from '../../db/database.js';

export const DUTIES: readonly Duty[] = ['leader', 'inspector', 'sanitation', 'community', 'patroller', 'volunteer'];
export type { Duty, RosterEntry } from '../../contract/admin.js';
import type { Duty, RosterEntry } from '../../contract/admin.js';

const SELECT = 'grid_code AS gridCode, duty, name, phone, user_id AS userId';

export class RosterStore {
  constructor(private readonly db: Db) {}

  async ofGrid(gridCode: string): Promise<RosterEntry[]> {
    return await this.db
      .statement<RosterEntry>('roster.ofGrid', `SELECT ${SELECT} FROM grid_roster WHERE grid_code = ? ORDER BY duty`)
      .all([gridCode]);
  }

  async get(gridCode: string, duty: Duty): Promise<RosterEntry | undefined> {
    return await this.db.statement<RosterEntry>('roster.get', `SELECT ${SELECT} FROM grid_roster WHERE grid_code = ? AND duty = ?`).get([gridCode, duty]);
  }

  /** Grids with how many of the six duties are filled, for the roster overview. */
  async coverage(limit: number, offset: number): Promise<{ gridCode: string; filled: number }[]> {
    return await this.db
      .statement<{ gridCode: string; filled: number }>(
        'roster.coverage',
        `SELECT g.code AS gridCode, count(r.duty) AS filled FROM grids g LEFT JOIN grid_roster r ON r.grid_code = g.code
         GROUP BY g.code ORDER BY g.code LIMIT ? OFFSET ?`,
      )
      .all([limit, offset]);
  }

  async set(entry: RosterEntry): Promise<void> {
    await this.db
      .statement(
        'roster.set',
        `INSERT INTO grid_roster (grid_code, duty, name, phone, user_id) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (grid_code, duty) DO UPDATE SET name = excluded.name, phone = excluded.phone, user_id = excluded.user_id`,
      )
      .run([entry.gridCode, entry.duty, entry.name, entry.phone, entry.userId]);
  }

  async remove(gridCode: string, duty: Duty): Promise<boolean> {
    return (await this.db.statement('roster.remove', 'DELETE FROM grid_roster WHERE grid_code = ? AND duty = ?').run([gridCode, duty])).changes === 1;
  }
}
