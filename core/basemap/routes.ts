// GET /api/basemap/streets?bbox=west,south,east,north: street centrelines near a place, as
// GeoJSON, for small maps drawn in the browser (the workbench's mini map).
import { Type } from 'typebox';
import type { StreetCollection, StreetFeature } from '../contract/index.js';
import { badRequest } from '../errors.js';
import { parseBBox } from '../geo/bbox.js';
import { authorize, type GridhallApp } from '../server/app.js';
import type { CountyContext } from '../server/context.js';
import { withErrors } from '../server/schemas.js';

const MAX_STREETS = 2000;

export function basemapRoutes(app: GridhallApp, ctx: CountyContext): void {
  app.get(
    '/api/basemap/streets',
    {
      preHandler: authorize(),
      schema: {
        tags: ['maps'],
        summary: 'Street centrelines meeting a box, as a GeoJSON FeatureCollection',
        security: [{ bearer: [] }],
        querystring: Type.Object(
          {
            bbox: Type.String({ maxLength: 120, description: 'west,south,east,north in degrees' }),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_STREETS, default: 500 })),
          },
          { additionalProperties: false },
        ),
        response: withErrors(200),
      },
    },
    async (request): Promise<StreetCollection> => {
      const { bbox: text, limit = 500 } = request.query as { bbox: string; limit?: number };
      const bbox = parseBBox(text);
      if ('error' in bbox) throw badRequest(bbox.error, 'bbox');
      const rows = ctx.streets.list({ bbox, limit: limit + 1 });
      const features = rows.slice(0, limit).map(
        (s): StreetFeature => ({
          type: 'Feature',
          id: s.id,
          geometry: JSON.parse(s.geometry) as StreetFeature['geometry'],
          properties: { name: s.name, kind: s.kind, widthM: s.widthM },
        }),
      );
      return { type: 'FeatureCollection', features, truncated: rows.length > limit };
    },
  );
}
