// Map data over the API as GeoJSON (RFC 7946), WGS84 lon/lat degrees: grids and streets.

export type Position = [number, number];

export interface PolygonGeometry {
  type: 'Polygon';
  coordinates: Position[][];
}

export interface LineStringGeometry {
  type: 'LineString';
  coordinates: Position[];
}

export interface Feature<G, P> {
  type: 'Feature';
  id: string | number;
  geometry: G;
  properties: P;
}

export interface FeatureCollection<G, P> {
  type: 'FeatureCollection';
  features: Feature<G, P>[];
}

/** 单元网格: GET /api/grids/:code, and each feature of GET /api/grids?west&south&east&north. */
export type GridFeature = Feature<PolygonGeometry, { code: string; communityCode: string; areaM2: number; center: Position }>;
export type GridCollection = FeatureCollection<PolygonGeometry, GridFeature['properties']> & { truncated: boolean };

export type StreetKind = 'main' | 'secondary' | 'lane';

/** Street centrelines: GET /api/basemap/streets?bbox=west,south,east,north. */
export type StreetFeature = Feature<LineStringGeometry, { name: string; kind: StreetKind; widthM: number }>;
export type StreetCollection = FeatureCollection<LineStringGeometry, StreetFeature['properties']> & { truncated: boolean };
