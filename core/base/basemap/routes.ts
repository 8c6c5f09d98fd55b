// The county base map: GET /api/basemap/streets?bbox=west,south,east,north (street centrelines
// near a place, as GeoJSON, for small maps drawn in the browser such as the workbench's mini map),
// and the XYZ imagery tiles core draws for the command wall (Cesium UrlTemplateImageryProvider).
import { Type } from 'typebox';
import type { StreetCollection, StreetFeature } from '../../contract/index.js';
import { badRequest, notFound } from '../../runtime/errors.js';
import { parseBBox } from '../geo/index.js';
import { authorize, type GridhallApp } from '../../server/authorize.js';
import type { CountyContext } from '../../server/context.js';
import { withErrors } from '../../server/schemas.js';

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
      const rows = await ctx.streets.list({ bbox, limit: limit + 1 });
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
  app.get(
    '/api/basemap',
    { preHandler: authorize(), schema: { tags: ['wall'], summary: 'Where the county base map has tiles, its zoom levels and tile address', security: [{ bearer: [] }], response: withErrors(200) } },
    async () => ({ basemap: await ctx.basemap.info() }),
  );

  app.get(
    '/api/basemap/:revision/:z/:x/:y.png',
    {
      preHandler: authorize(),
      schema: {
        tags: ['wall'],
        summary: 'One 256 px web-mercator tile of the county base map (PNG)',
        security: [{ bearer: [] }],
        params: Type.Object({
          revision: Type.String({ pattern: '^[0-9a-f]{1,40}$' }),
          z: Type.Integer({ minimum: 0, maximum: 24 }),
          x: Type.Integer({ minimum: 0 }),
          y: Type.Integer({ minimum: 0 }),
        }),
      },
    },
    async (request, reply) => {
      const { revision, z, x, y } = request.params as { revision: string; z: number; x: number; y: number };
      const png = await ctx.basemap.tile({ z, x, y });
      if (!png) throw notFound(`The county base map has no tile ${z}/${x}/${y}`);
      // A tile of the current revision never changes; an older address gets today's drawing, briefly cached.
      const current = await ctx.basemap.revision() === revision;
      return reply.header('content-type', 'image/png').header('cache-control', current ? 'private, max-age=31536000, immutable' : 'private, no-cache').send(png);
    },
  );
}
