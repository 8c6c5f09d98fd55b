// GET /api/grids/:code (one unit grid) and GET /api/grids?west&south&east&north (the grids
// meeting a box), as GeoJSON for maps such as the workbench's mini map.
import { Type, type Static } from 'typebox';
import type { GridCollection, GridFeature } from '../../contract/index.js';
import { badRequest, notFound } from '../../runtime/errors.js';
import { authorize, type GridhallApp } from '../../server/authorize.js';
import type { CountyContext } from '../../server/context.js';
import { withErrors } from '../../server/schemas.js';
import type { GridRow } from './store.js';

const MAX_GRIDS = 2000;

const BoxQuery = Type.Object(
  {
    west: Type.Number({ minimum: -180, maximum: 180 }),
    south: Type.Number({ minimum: -90, maximum: 90 }),
    east: Type.Number({ minimum: -180, maximum: 180 }),
    north: Type.Number({ minimum: -90, maximum: 90 }),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_GRIDS, default: 500 })),
  },
  { additionalProperties: false },
);

export function gridFeature(row: GridRow): GridFeature {
  return {
    type: 'Feature',
    id: row.code,
    geometry: JSON.parse(row.geometry) as GridFeature['geometry'],
    properties: { code: row.code, communityCode: row.communityCode, areaM2: row.areaM2, center: [row.centerLon, row.centerLat] },
  };
}

export function gridRoutes(app: GridhallApp, ctx: CountyContext): void {
  app.get(
    '/api/grids',
    {
      preHandler: authorize(),
      schema: { tags: ['maps'], summary: 'Unit grids (单元网格) meeting a box, as a GeoJSON FeatureCollection', security: [{ bearer: [] }], querystring: BoxQuery, response: withErrors(200) },
    },
    async (request): Promise<GridCollection> => {
      const q = request.query as Static<typeof BoxQuery>;
      if (q.west > q.east) throw badRequest('west is east of east', 'west');
      if (q.south > q.north) throw badRequest('south is north of north', 'south');
      const limit = q.limit ?? 500;
      // One more than asked says whether the box held more.
      const rows = await ctx.grids.list({ bbox: q, limit: limit + 1 });
      return { type: 'FeatureCollection', features: rows.slice(0, limit).map(gridFeature), truncated: rows.length > limit };
    },
  );

  app.get(
    '/api/grids/:code',
    {
      preHandler: authorize(),
      schema: {
        tags: ['maps'],
        summary: 'One unit grid as a GeoJSON Feature',
        security: [{ bearer: [] }],
        params: Type.Object({ code: Type.String({ pattern: '^[0-9]{15}$' }) }),
        response: withErrors(200),
      },
    },
    async (request): Promise<GridFeature> => {
      const { code } = request.params as { code: string };
      const row = await ctx.grids.get(code);
      if (!row) throw notFound(`No grid ${code} (网格不存在)`);
      return gridFeature(row);
    },
  );
}
