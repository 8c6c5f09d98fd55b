// How much data the county holds, for /api/health.
import type { Db } from '../../db/database.js';

export class HealthStore {
  constructor(private readonly db: Db) {}

  async counts(): Promise<{ grids: number; components: number; cases: number }> {
    const n = async (name: string, table: string) =>
      (await this.db.statement<{ n: number }>(`health.count.${name}`, `SELECT count(*) AS n FROM ${table}`).get() ?? { n: 0 }).n;
    return { grids: await n('grids', 'grids'), components: await n('components', 'components'), cases: await n('cases', 'cases') };
  }
}
