// 地下管线: pipe segments (a LineString each) and wells (检查井), with the owner (权属单位)
// that answers for them. All the slice's SQL.
import type { Db } from '../../db/database.js';
import { TableStore } from '../../db/table.js';

export const PIPE_KINDS = ['water', 'drainage', 'gas', 'power', 'telecom', 'heat'] as const;
export type PipeKind = (typeof PIPE_KINDS)[number];

export interface PipelineRow {
  id: number;
  code: string;
  kind: PipeKind;
  diameterMm: number | null;
  depthM: number | null;
  material: string | null;
  owner: string | null;
  year: number | null;
  /** GeoJSON LineString, WGS84. */
  geometry: string;
  lengthM: number;
  west: number;
  south: number;
  east: number;
  north: number;
  changedDate: string | null;
}

export interface WellRow {
  id: number;
  code: string;
  kind: PipeKind;
  lon: number;
  lat: number;
  depthM: number | null;
  owner: string | null;
  /** The manhole-cover component (井盖) over the well. */
  componentId: string | null;
  changedDate: string | null;
}

export type PipelineWrite = Omit<PipelineRow, 'id'>;
export type WellWrite = Omit<WellRow, 'id'>;

const PIPE_COLUMNS = {
  id: 'id', code: 'code', kind: 'kind', diameterMm: 'diameter_mm', depthM: 'depth_m', material: 'material', owner: 'owner', year: 'year',
  geometry: 'geometry', lengthM: 'length_m', west: 'west', south: 'south', east: 'east', north: 'north', changedDate: 'changed_date',
} as const;
const WELL_COLUMNS = { id: 'id', code: 'code', kind: 'kind', lon: 'lon', lat: 'lat', depthM: 'depth_m', owner: 'owner', componentId: 'component_id', changedDate: 'changed_date' } as const;

export class PipelineStore extends TableStore<PipelineRow, 'kind'> {
  constructor(private readonly db: Db) {
    super(db, { prefix: 'pipelines', table: 'pipelines', key: 'id', extent: 'box', filters: { kind: 'kind' }, columns: PIPE_COLUMNS });
  }

  async byCode(code: string): Promise<PipelineRow | undefined> {
    return await this.table.one('byCode', 'code = ?', [code]);
  }

  /** Pipes whose box comes within `pad` degrees of a point. */
  async nearBox(lon: number, lat: number, padLon: number, padLat: number): Promise<PipelineRow[]> {
    return await this.table.many('nearBox', 'WHERE east >= ? AND west <= ? AND north >= ? AND south <= ? LIMIT 5000', [lon - padLon, lon + padLon, lat - padLat, lat + padLat]);
  }

  async upsert(row: PipelineWrite): Promise<void> {
    await this.db
      .statement(
        'pipelines.upsert',
        `INSERT INTO pipelines (code, kind, diameter_mm, depth_m, material, owner, year, geometry, length_m, west, south, east, north, changed_date)
         VALUES (@code, @kind, @diameterMm, @depthM, @material, @owner, @year, @geometry, @lengthM, @west, @south, @east, @north, @changedDate)
         ON CONFLICT(code) DO UPDATE SET kind = excluded.kind, diameter_mm = excluded.diameter_mm, depth_m = excluded.depth_m, material = excluded.material,
           owner = excluded.owner, year = excluded.year, geometry = excluded.geometry, length_m = excluded.length_m, west = excluded.west, south = excluded.south,
           east = excluded.east, north = excluded.north, changed_date = excluded.changed_date`,
      )
      .run(row);
  }

  /** Every pipe as arrays for the wall: [id, kind, diameterMm, depthM, coordinates]. */
  async allForWall(): Promise<{ id: number; kind: PipeKind; diameterMm: number | null; depthM: number | null; geometry: string }[]> {
    return await this.db
      .statement<{ id: number; kind: PipeKind; diameterMm: number | null; depthM: number | null; geometry: string }>(
        'pipelines.forWall',
        'SELECT id, kind, diameter_mm AS diameterMm, depth_m AS depthM, geometry FROM pipelines ORDER BY id LIMIT 200000',
      )
      .all();
  }
}

export class WellStore extends TableStore<WellRow, 'kind'> {
  constructor(private readonly db: Db) {
    super(db, { prefix: 'pipeWells', table: 'pipe_wells', key: 'id', extent: { lon: 'lon', lat: 'lat' }, filters: { kind: 'kind' }, columns: WELL_COLUMNS });
  }

  async byCode(code: string): Promise<WellRow | undefined> {
    return await this.table.one('byCode', 'code = ?', [code]);
  }

  async ofComponent(componentId: string): Promise<WellRow | undefined> {
    return await this.table.one('ofComponent', 'component_id = ?', [componentId]);
  }

  async all(): Promise<WellRow[]> {
    return await this.table.many('all', 'ORDER BY id LIMIT 200000');
  }

  async upsert(row: WellWrite): Promise<void> {
    await this.db
      .statement(
        'pipeWells.upsert',
        `INSERT INTO pipe_wells (code, kind, lon, lat, depth_m, owner, component_id, changed_date) VALUES (@code, @kind, @lon, @lat, @depthM, @owner, @componentId, @changedDate)
         ON CONFLICT(code) DO UPDATE SET kind = excluded.kind, lon = excluded.lon, lat = excluded.lat, depth_m = excluded.depth_m, owner = excluded.owner,
           component_id = excluded.component_id, changed_date = excluded.changed_date`,
      )
      .run(row);
  }
}
