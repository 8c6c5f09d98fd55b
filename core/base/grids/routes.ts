// GET /api/grids/:code (one unit grid) and GET /api/grids?west&south&east&north (the grids
// meeting a box), as GeoJSON for maps such as the workbench's mini map.
import type { GridFeature } from '../../contract/index.js';
import { badRequest, notFound } from '../../runtime/errors.js';
import type { GridhallApp } from '../../server/authorize.js';
import type { CountyContext } from '../../server/context.js';
import { route } from '../../server/route.js';
import type { GridRow } from './store.js';

export function gridFeature(row: GridRow): GridFeature {
  return {
    type: 'Feature',
    id: row.code,
    geometry: JSON.parse(row.geometry) as GridFeature['geometry'],
    properties: { code: row.code, communityCode: row.communityCode, areaM2: row.areaM2, center: [row.centerLon, row.centerLat] },
  };
}

export function gridRoutes(app: GridhallApp, ctx: CountyContext): void {
  route(app, 'grids.list', async (request) => {
    const q = request.query;
    if (q.west > q.east) throw badRequest('west is east of east', 'west');
    if (q.south > q.north) throw badRequest('south is north of north', 'south');
    const limit = q.limit ?? 500;
    // One more than asked says whether the box held more.
    const rows = await ctx.grids.list({ bbox: q, limit: limit + 1 });
    return { type: 'FeatureCollection' as const, features: rows.slice(0, limit).map(gridFeature), truncated: rows.length > limit };
  });

  route(app, 'grids.get', async (request) => {
    const { code } = request.params;
    const row = await ctx.grids.get(code);
    if (!row) throw notFound(`No grid ${code} (网格不存在)`);
    return gridFeature(row);
  });
}
