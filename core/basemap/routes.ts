// The county base map as XYZ imagery tiles for the wall (Cesium UrlTemplateImageryProvider).
import { Type } from 'typebox';
import { notFound } from '../errors.js';
import { authorize, type GridhallApp } from '../server/app.js';
import type { CountyContext } from '../server/context.js';
import { withErrors } from '../server/schemas.js';

export function basemapRoutes(app: GridhallApp, ctx: CountyContext): void {
  app.get(
    '/api/basemap',
    { preHandler: authorize(), schema: { tags: ['wall'], summary: 'Where the county base map has tiles, its zoom levels and tile address', security: [{ bearer: [] }], response: withErrors(200) } },
    async () => ({ basemap: ctx.basemap.info() }),
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
      const current = ctx.basemap.revision() === revision;
      return reply.header('content-type', 'image/png').header('cache-control', current ? 'private, max-age=31536000, immutable' : 'private, no-cache').send(png);
    },
  );
}
