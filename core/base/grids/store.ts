// 单元网格: the unit grids, each a closed polygon of about 10,000 m² with a 15-digit code.
import type { Db } from '../../db/database.js';
import { TableStore } from '../../db/table.js';
import { pointInPolygon, type Ring } from '../geo/index.js';

export interface GridRow {
  code: string;
  communityCode: string;
  areaM2: number;
  /** GeoJSON Polygon as text, WGS84 degrees. */
  geometry: string;
  centerLon: number;
  centerLat: number;
  west: number;
  south: number;
  east: number;
  north: number;
  changedAt: number | null;
}

/** List with `{ bbox }` (grids whose extent meets it) and/or `{ communityCode }`. */
export class GridStore extends TableStore<GridRow, 'communityCode'> {
  constructor(db: Db) {
    super(db, {
      prefix: 'grids',
      table: 'grids',
      key: 'code',
      extent: 'box',
      filters: { communityCode: 'community_code' },
      columns: {
        code: 'code',
        communityCode: 'community_code',
        areaM2: 'area_m2',
        geometry: 'geometry',
        centerLon: 'center_lon',
        centerLat: 'center_lat',
        west: 'west',
        south: 'south',
        east: 'east',
        north: 'north',
        changedAt: 'changed_at',
      },
    });
  }

  /** The grid whose polygon holds the point (地理编码: point -> grid), if any. */
  async gridAt(lon: number, lat: number): Promise<GridRow | undefined> {
    const candidates = await this.table.many('candidatesAt', 'WHERE west <= @lon AND east >= @lon AND south <= @lat AND north >= @lat', {
      lon,
      lat,
    });
    return candidates.find((g) => pointInPolygon(lon, lat, (JSON.parse(g.geometry) as { coordinates: Ring[] }).coordinates));
  }
}
