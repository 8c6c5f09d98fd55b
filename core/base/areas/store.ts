// 行政区划: the county, its streets/towns (街道/镇) and their communities/villages (社区/村).
import type { Db } from '../../db/database.js';
import { TableStore } from '../../db/table.js';

export type AreaLevel = 'county' | 'street' | 'community';

export interface AreaRow {
  /** 6 digits (county), 9 (street/town) or 12 (community/village). */
  code: string;
  level: AreaLevel;
  parentCode: string | null;
  name: string;
  /** GeoJSON Polygon or MultiPolygon as text, or null where no boundary is known. */
  geometry: string | null;
}

/** Insert parents before their children. List with `{ level }` or `{ parentCode }`. */
export class AreaStore extends TableStore<AreaRow, 'level' | 'parentCode'> {
  constructor(db: Db) {
    super(db, {
      prefix: 'areas',
      table: 'areas',
      key: 'code',
      columns: { code: 'code', level: 'level', parentCode: 'parent_code', name: 'name', geometry: 'geometry' },
      filters: { level: 'level', parentCode: 'parent_code' },
    });
  }
}
