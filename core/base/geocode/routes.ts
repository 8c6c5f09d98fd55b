// GET /api/geocode?q= (address -> point and grid), GET /api/geocode/reverse?lon=&lat=
import { Type } from 'typebox';
import { authorize, type GridhallApp } from '../../server/authorize.js';
import type { CountyContext } from '../../server/context.js';
import { withErrors } from '../../server/schemas.js';

export function geocodeRoutes(app: GridhallApp, ctx: CountyContext): void {
  app.get(
    '/api/geocode',
    {
      preHandler: authorize(),
      schema: {
        tags: ['geocoding'],
        summary: 'Find an address, door plate or place of the county',
        security: [{ bearer: [] }],
        querystring: Type.Object({ q: Type.String({ minLength: 1, maxLength: 200 }) }),
        response: withErrors(200),
      },
    },
    async (request) => await ctx.geocoder.forward((request.query as { q: string }).q, 'q'),
  );
  app.get(
    '/api/geocode/reverse',
    {
      preHandler: authorize(),
      schema: {
        tags: ['geocoding'],
        summary: 'The grid, community, street and nearest door plate of a point',
        security: [{ bearer: [] }],
        querystring: Type.Object({ lon: Type.Number({ minimum: -180, maximum: 180 }), lat: Type.Number({ minimum: -90, maximum: 90 }) }),
      },
    },
    async (request) => {
      const { lon, lat } = request.query as { lon: number; lat: number };
      return await ctx.geocoder.reverse(lon, lat);
    },
  );
}
