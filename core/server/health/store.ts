// How much data the county holds, for /api/health.
import type { Db } from '../../db/database.js';

export class HealthStore {
  constructor(private readonly db: Db) {}

  counts(): { grids: number; components: number; cases: number } {
    const n = (name: string, table: string) =>
      (this.db.statement<{ n: number }>(`health.count.${name}`, `SELECT count(*) AS n FROM ${table}`).get() ?? { n: 0 }).n;
    return { grids: n('grids', 'grids'), components: n('components', 'components'), cases: n('cases', 'cases') };
  }
}
