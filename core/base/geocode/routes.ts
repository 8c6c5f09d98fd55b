// GET /api/geocode?q= (address -> point and grid), GET /api/geocode/reverse?lon=&lat=
import type { GridhallApp } from '../../server/authorize.js';
import type { CountyContext } from '../../server/context.js';
import { route } from '../../server/route.js';

export function geocodeRoutes(app: GridhallApp, ctx: CountyContext): void {
  route(app, 'geocode.forward', async (request) => ctx.geocoder.forward(request.query.q, 'q'));
  route(app, 'geocode.reverse', async (request) => ctx.geocoder.reverse(request.query.lon, request.query.lat));
}
