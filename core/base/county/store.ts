// The county (本县): the single row that names the county this server manages.
import type { Db } from '../../db/database.js';
import { TableMap } from '../../db/table.js';

export interface CountyRow {
  /** GB/T 2260 six-digit administrative division code. */
  adminCode: string;
  name: string;
  nameEn: string | null;
  centerLon: number;
  centerLat: number;
  west: number;
  south: number;
  east: number;
  north: number;
  /** True for the generated demo county: every screen that shows it must say so. */
  synthetic: boolean;
  createdAt: number;
}

export class CountyStore {
  private readonly table: TableMap<CountyRow>;

  constructor(db: Db) {
    this.table = new TableMap<CountyRow>(db, 'county', 'county', {
      adminCode: 'admin_code',
      name: 'name',
      nameEn: 'name_en',
      centerLon: 'center_lon',
      centerLat: 'center_lat',
      west: 'west',
      south: 'south',
      east: 'east',
      north: 'north',
      synthetic: { column: 'synthetic', bool: true },
      createdAt: 'created_at',
    });
  }

  /** Writes the county row; there is only ever one (the schema refuses a second). */
  async insert(row: CountyRow): Promise<void> {
    await this.table.insertMany([row]);
  }

  async get(): Promise<CountyRow | undefined> {
    return await this.table.one('get', 'id = 1');
  }

  async count(): Promise<number> {
    return await this.table.count();
  }
}
