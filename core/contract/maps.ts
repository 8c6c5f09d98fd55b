// Map data over the API as GeoJSON (RFC 7946), WGS84 lon/lat degrees: grids and streets.
import { Type, type Static, type TSchema } from 'typebox';

export const Position = Type.Tuple([Type.Number(), Type.Number()]);
export type Position = Static<typeof Position>;

export const PolygonGeometry = Type.Object({
  type: Type.Literal('Polygon'),
  coordinates: Type.Array(Type.Array(Position)),
});
export type PolygonGeometry = Static<typeof PolygonGeometry>;

export const LineStringGeometry = Type.Object({
  type: Type.Literal('LineString'),
  coordinates: Type.Array(Position),
});
export type LineStringGeometry = Static<typeof LineStringGeometry>;

/** A GeoJSON feature of the given geometry and properties. */
export const Feature = <G extends TSchema, P extends TSchema>(geometry: G, properties: P) =>
  Type.Object({
    type: Type.Literal('Feature'),
    id: Type.Union([Type.String(), Type.Number()]),
    geometry,
    properties,
  });

/** A GeoJSON feature collection, with `truncated` when the area held more than one answer gives. */
export const TruncatedCollection = <F extends TSchema>(feature: F) =>
  Type.Object({
    type: Type.Literal('FeatureCollection'),
    features: Type.Array(feature),
    truncated: Type.Boolean(),
  });

/** 单元网格: GET /api/grids/:code, and each feature of GET /api/grids?west&south&east&north. */
export const GridFeature = Feature(
  PolygonGeometry,
  Type.Object({
    code: Type.String(),
    communityCode: Type.String(),
    areaM2: Type.Number(),
    center: Position,
  }),
);
export type GridFeature = Static<typeof GridFeature>;

export const GridCollection = TruncatedCollection(GridFeature);
export type GridCollection = Static<typeof GridCollection>;

export const StreetKind = Type.Enum(['main', 'secondary', 'lane']);
export type StreetKind = Static<typeof StreetKind>;

/** Street centrelines: GET /api/basemap/streets?bbox=west,south,east,north. */
export const StreetFeature = Feature(
  LineStringGeometry,
  Type.Object({
    name: Type.String(),
    kind: StreetKind,
    widthM: Type.Number(),
  }),
);
export type StreetFeature = Static<typeof StreetFeature>;

export const StreetCollection = TruncatedCollection(StreetFeature);
export type StreetCollection = Static<typeof StreetCollection>;
