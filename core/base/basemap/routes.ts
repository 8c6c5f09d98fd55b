// The county base map: GET /api/basemap/streets?bbox=west,south,east,north (street centrelines
// near a place, as GeoJSON, for small maps drawn in the browser such as the workbench's mini map),
// and the XYZ imagery tiles core draws for the command wall (Cesium UrlTemplateImageryProvider).
import type { StreetFeature } from '../../contract/index.js';
import { badRequest, notFound } from '../../runtime/errors.js';
import { parseBBox } from '../geo/index.js';
import type { GridhallApp } from '../../server/authorize.js';
import type { CountyContext } from '../../server/context.js';
import { route } from '../../server/route.js';

export function basemapRoutes(app: GridhallApp, ctx: CountyContext): void {
  route(app, 'basemap.streets', async (request) => {
    const { bbox: text, limit = 500 } = request.query;
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
    return { type: 'FeatureCollection' as const, features, truncated: rows.length > limit };
  });

  route(app, 'basemap.get', async () => ({ basemap: await ctx.basemap.info() }));

  route(app, 'basemap.tile', async (request, reply) => {
    const { revision, z, x, y } = request.params;
    const png = await ctx.basemap.tile({ z, x, y });
    if (!png) throw notFound(`The county base map has no tile ${z}/${x}/${y}`);
    // A tile of the current revision never changes; an older address gets today's drawing, briefly cached.
    const current = await ctx.basemap.revision() === revision;
    return reply.header('content-type', 'image/png').header('cache-control', current ? 'private, max-age=31536000, immutable' : 'private, no-cache').send(png);
  });
}
