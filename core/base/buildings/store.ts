// Buildings (建筑): footprints and heights, what the 3D model of the county extrudes.
import type { Db } from '../../db/database.js';
import { TableStore } from '../../db/table.js';

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
  constructor(private readonly db: Db) {
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

  /** The state of the table as one string: any insert, delete or edit of a footprint or height changes it. */
  async revisionInputs(): Promise<string> {
    const row = await this.db
      .statement<{ v: string }>(
        'buildings.revisionInputs',
        "SELECT count(*) || ':' || ifnull(max(id), 0) || ':' || ifnull(total(height_m), 0) || ':' || ifnull(sum(length(footprint)), 0) AS v FROM buildings",
      )
      .get();
    return row?.v ?? '';
  }

  /** Removes every building (an import that replaces the county's model); call inside a transaction. */
  async deleteAll(): Promise<number> {
    return (await this.db.statement('buildings.deleteAll', 'DELETE FROM buildings').run()).changes;
  }

  async nextId(): Promise<number> {
    const row = await this.db.statement<{ id: number | null }>('buildings.maxId', 'SELECT max(id) AS id FROM buildings').get();
    return (row?.id ?? 0) + 1;
  }
}
