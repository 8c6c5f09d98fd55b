// Buildings (建筑): footprints and heights, what the 3D model of the county extrudes.
import type { Db } from '../db/database.js';
import { TableStore } from '../db/table.js';

export interface BuildingRow {
  id: number;
  gridCode: string | null;
  name: string | null;
  heightM: number;
  floors: number | null;
  /** GeoJSON Polygon as text, WGS84 degrees. */
  footprint: string;
  centerLon: number;
  centerLat: number;
}

/** List with `{ bbox }` (by centre) and/or `{ gridCode }`. */
export class BuildingStore extends TableStore<BuildingRow, 'gridCode'> {
  constructor(db: Db) {
    super(db, {
      prefix: 'buildings',
      table: 'buildings',
      key: 'id',
      extent: { lon: 'center_lon', lat: 'center_lat' },
      filters: { gridCode: 'grid_code' },
      columns: {
        id: 'id',
        gridCode: 'grid_code',
        name: 'name',
        heightM: 'height_m',
        floors: 'floors',
        footprint: 'footprint',
        centerLon: 'center_lon',
        centerLat: 'center_lat',
      },
    });
  }
}
