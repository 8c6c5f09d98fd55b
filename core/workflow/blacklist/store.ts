// 黑名单: grids where one class of problem keeps coming back.
import type { Db } from '../../db/database.js';

export interface BlacklistEntry {
  id: number;
  gridCode: string;
  kind: string;
  classCode: string;
  caseCount: number;
  firstAt: number;
  lastAt: number;
  flaggedAt: number;
  clearedAt: number | null;
}

const SELECT =
  'id, grid_code AS gridCode, kind, class_code AS classCode, case_count AS caseCount, first_at AS firstAt, last_at AS lastAt, flagged_at AS flaggedAt, cleared_at AS clearedAt';

export class BlacklistStore {
  constructor(private readonly db: Db) {}

  /** Records (or refreshes) a flag; returns true when the grid was not flagged for the class before. */
  async flag(gridCode: string, kind: string, classCode: string, caseCount: number, firstAt: number, now: number): Promise<boolean> {
    const existing = await this.db
      .statement<{ cleared_at: number | null }>('blacklist.find', 'SELECT cleared_at FROM blacklist WHERE grid_code = ? AND kind = ? AND class_code = ?')
      .get([gridCode, kind, classCode]);
    await this.db
      .statement(
        'blacklist.upsert',
        `INSERT INTO blacklist (grid_code, kind, class_code, case_count, first_at, last_at, flagged_at) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (grid_code, kind, class_code) DO UPDATE SET case_count = excluded.case_count, last_at = excluded.last_at,
           flagged_at = CASE WHEN blacklist.cleared_at IS NOT NULL THEN excluded.flagged_at ELSE blacklist.flagged_at END, cleared_at = NULL`,
      )
      .run([gridCode, kind, classCode, caseCount, firstAt, now, now]);
    return existing === undefined || existing.cleared_at !== null;
  }

  async clear(id: number, now: number): Promise<boolean> {
    return (await this.db.statement('blacklist.clear', 'UPDATE blacklist SET cleared_at = ? WHERE id = ? AND cleared_at IS NULL').run([now, id])).changes === 1;
  }

  async active(): Promise<BlacklistEntry[]> {
    return await this.db
      .statement<BlacklistEntry>('blacklist.active', `SELECT ${SELECT} FROM blacklist WHERE cleared_at IS NULL ORDER BY last_at DESC`)
      .all();
  }
}
