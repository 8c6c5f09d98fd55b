// The base map the county is drawn from: street centrelines, water, green space, plazas.
import type { Db } from '../../db/database.js';
import { TableStore } from '../../db/table.js';

export type StreetKind = 'main' | 'secondary' | 'lane';
export const LAND_FEATURE_KINDS = ['water', 'green', 'plaza', 'residential', 'commercial', 'industrial', 'public', 'construction'] as const;
/** Water, green space and plazas; land use (用地) since migration 0740: housing, commerce, industry, public services (schools, hospitals, government), building sites. */
export type LandFeatureKind = (typeof LAND_FEATURE_KINDS)[number];

interface Extent {
  west: number;
  south: number;
  east: number;
  north: number;
}

export interface StreetRow extends Extent {
  id: number;
  name: string;
  kind: StreetKind;
  /** Red-line width (道路红线宽度): carriageway and sidewalks. */
  widthM: number;
  /** GeoJSON LineString of the centreline, WGS84 degrees. */
  geometry: string;
}

export interface LandFeatureRow extends Extent {
  id: number;
  kind: LandFeatureKind;
  name: string | null;
  /** GeoJSON Polygon, WGS84 degrees. */
  geometry: string;
}

const extentColumns = { west: 'west', south: 'south', east: 'east', north: 'north' } as const;

/** List with `{ bbox }` (rows whose extent meets it) and/or `{ kind }`. */
export class StreetStore extends TableStore<StreetRow, 'kind'> {
  constructor(db: Db) {
    super(db, {
      prefix: 'streets',
      table: 'streets',
      key: 'id',
      extent: 'box',
      filters: { kind: 'kind' },
      columns: { id: 'id', name: 'name', kind: 'kind', widthM: 'width_m', geometry: 'geometry', ...extentColumns },
    });
  }
}

/** List with `{ bbox }` (rows whose extent meets it) and/or `{ kind }`. */
export class LandFeatureStore extends TableStore<LandFeatureRow, 'kind'> {
  constructor(db: Db) {
    super(db, {
      prefix: 'landFeatures',
      table: 'land_features',
      key: 'id',
      extent: 'box',
      filters: { kind: 'kind' },
      columns: { id: 'id', kind: 'kind', name: 'name', geometry: 'geometry', ...extentColumns },
    });
  }
}

/**
 * What the drawn base map depends on, as one string: counts, highest ids and geometry sizes of
 * streets, land features, grids and building footprints. Any edit changes it, so cached
 * tiles of an older base map are never served.
 */
export async function basemapRevisionInputs(db: Db): Promise<string> {
  const row = await db
    .statement<{ v: string }>(
      'basemap.revisionInputs',
      `SELECT
         (SELECT count(*) || ':' || ifnull(max(id), 0) || ':' || ifnull(sum(length(geometry)), 0) || ':' || ifnull(sum(width_m), 0) FROM streets) || '|' ||
         (SELECT count(*) || ':' || ifnull(max(id), 0) || ':' || ifnull(sum(length(geometry)), 0) FROM land_features) || '|' ||
         (SELECT count(*) || ':' || ifnull(sum(length(geometry)), 0) || ':' || ifnull(max(changed_at), 0) FROM grids) || '|' ||
         (SELECT count(*) || ':' || ifnull(max(id), 0) || ':' || ifnull(sum(length(footprint)), 0) FROM buildings) AS v`,
    )
    .get();
  return row?.v ?? '';
}
