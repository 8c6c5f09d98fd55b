// What /api/health reports about the county: its identity and how much data it holds.
import type { Db } from '../db/database.js';

export interface CountyIdentity {
  name: string;
  nameEn: string | null;
  adminCode: string;
  centerLon: number;
  centerLat: number;
  west: number;
  south: number;
  east: number;
  north: number;
  synthetic: boolean;
}

export class HealthStore {
  constructor(private readonly db: Db) {}

  county(): CountyIdentity | undefined {
    const r = this.db
      .statement<{
        name: string; name_en: string | null; admin_code: string; center_lon: number; center_lat: number;
        west: number; south: number; east: number; north: number; synthetic: number;
      }>('health.county', 'SELECT name, name_en, admin_code, center_lon, center_lat, west, south, east, north, synthetic FROM county WHERE id = 1')
      .get();
    if (!r) return undefined;
    return {
      name: r.name, nameEn: r.name_en, adminCode: r.admin_code, centerLon: r.center_lon, centerLat: r.center_lat,
      west: r.west, south: r.south, east: r.east, north: r.north, synthetic: r.synthetic === 1,
    };
  }

  counts(): { grids: number; components: number; cases: number } {
    const n = (name: string, table: string) =>
      (this.db.statement<{ n: number }>(`health.count.${name}`, `SELECT count(*) AS n FROM ${table}`).get() ?? { n: 0 }).n;
    return { grids: n('grids', 'grids'), components: n('components', 'components'), cases: n('cases', 'cases') };
  }
}
