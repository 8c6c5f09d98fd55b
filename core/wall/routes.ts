// The command wall's reads: components as a binary pack, open cases, devices, grid outlines and
// the ticker of case events. The panels' figures come from /api/analytics. Every route needs a signed-in user.
import type { GridhallApp } from '../server/authorize.js';
import type { CountyContext } from '../server/context.js';
import { route } from '../server/route.js';
import { COMPONENT_STATES } from './components-pack.js';

export function wallRoutes(app: GridhallApp, ctx: CountyContext): void {
  route(app, 'wall.components', async () => {
    const pack = await ctx.wall.componentsPack();
    const county = await ctx.county.get();
    return {
      count: pack.raw.readUInt32LE(4),
      revision: pack.revision,
      adminCode: county?.adminCode ?? null,
      states: COMPONENT_STATES,
      classes: await ctx.wall.componentClasses(),
      url: '/api/wall/components.bin',
    };
  });

  route(app, 'wall.componentsPack', async (request, reply) => {
    const pack = await ctx.wall.componentsPack();
    void reply.header('content-type', 'application/octet-stream').header('cache-control', 'private, no-cache').header('etag', `"${Buffer.from(pack.revision).toString('base64url')}"`);
    if (/\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''))) return reply.header('content-encoding', 'gzip').send(pack.gzip);
    return reply.send(pack.raw);
  });

  route(app, 'wall.cases', async (request) => ({ items: await ctx.wall.openCases(request.query.limit) }));

  route(app, 'wall.devices', async () => ctx.wall.devices());

  route(app, 'wall.grids', async () => ({ items: await ctx.wall.grids() }));

  route(app, 'wall.ticker', async (request) => ({ items: await ctx.wall.ticker(request.query.limit ?? 20) }));
}
