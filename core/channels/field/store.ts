// Inspectors' GPS tracks (城管通): one row per fix, keyed by inspector and time.
import type { Db } from '../../db/database.js';
import { TableMap } from '../../db/table.js';

export interface PositionRow {
  userId: number;
  at: number;
  lon: number;
  lat: number;
  accuracyM: number | null;
  /** The unit grid the fix lies in, if any. */
  gridCode: string | null;
  /** Inside (or within the tolerance of) one of the inspector's own grids. */
  inOwnGrid: boolean;
}

export class FieldStore {
  private readonly positions: TableMap<PositionRow>;

  constructor(private readonly db: Db) {
    this.positions = new TableMap<PositionRow>(db, 'inspectorPositions', 'inspector_positions', {
      userId: 'user_id',
      at: 'at',
      lon: 'lon',
      lat: 'lat',
      accuracyM: 'accuracy_m',
      gridCode: 'grid_code',
      inOwnGrid: { column: 'in_own_grid', bool: true },
    });
  }

  /** Stores fixes; a fix sent twice (same inspector, same time) is kept once. */
  async insert(rows: PositionRow[]): Promise<void> {
    const stmt = this.db.statement(
      'inspectorPositions.upsert',
      `INSERT INTO inspector_positions (user_id, at, lon, lat, accuracy_m, grid_code, in_own_grid) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (user_id, at) DO UPDATE SET lon = excluded.lon, lat = excluded.lat, accuracy_m = excluded.accuracy_m, grid_code = excluded.grid_code, in_own_grid = excluded.in_own_grid`,
    );
    await this.db.transaction(async () => {
      for (const r of rows) await stmt.run([r.userId, r.at, r.lon, r.lat, r.accuracyM, r.gridCode, r.inOwnGrid ? 1 : 0]);
    });
  }

  async last(userId: number): Promise<PositionRow | undefined> {
    return (await this.positions.many('last', 'WHERE user_id = ? ORDER BY at DESC LIMIT 1', [userId]))[0];
  }

  async track(userId: number, from: number, to: number): Promise<PositionRow[]> {
    return await this.positions.many('track', 'WHERE user_id = ? AND at >= ? AND at < ? ORDER BY at LIMIT 20000', [userId, from, to]);
  }
}
