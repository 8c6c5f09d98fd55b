// The command wall's reads: components as a binary pack, open cases, devices, grid outlines and
// the ticker of case events. The panels' figures come from /api/analytics. Every route needs a signed-in user.
import { Type } from 'typebox';
import { authorize, type GridhallApp } from '../server/authorize.js';
import type { CountyContext } from '../server/context.js';
import { withErrors } from '../server/schemas.js';
import { COMPONENT_STATES } from './components-pack.js';

const secured = { security: [{ bearer: [] }] };

export function wallRoutes(app: GridhallApp, ctx: CountyContext): void {
  app.get(
    '/api/wall/components',
    { preHandler: authorize(), schema: { tags: ['wall'], summary: 'What the component pack holds: count, classes, states, where to fetch it', ...secured, response: withErrors(200) } },
    async () => {
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
    },
  );

  app.get(
    '/api/wall/components.bin',
    { preHandler: authorize(), schema: { tags: ['wall'], summary: 'Every component as typed arrays (layout in core/wall/components-pack.ts)', ...secured } },
    async (request, reply) => {
      const pack = await ctx.wall.componentsPack();
      void reply.header('content-type', 'application/octet-stream').header('cache-control', 'private, no-cache').header('etag', `"${Buffer.from(pack.revision).toString('base64url')}"`);
      if (/\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''))) return reply.header('content-encoding', 'gzip').send(pack.gzip);
      return reply.send(pack.raw);
    },
  );

  app.get(
    '/api/wall/cases',
    {
      preHandler: authorize(),
      schema: { tags: ['wall'], summary: 'Open cases with a place, newest first', ...secured, querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50_000 })) }), response: withErrors(200) },
    },
    async (request) => ({ items: await ctx.wall.openCases((request.query as { limit?: number }).limit) }),
  );

  app.get(
    '/api/wall/devices',
    { preHandler: authorize(), schema: { tags: ['wall'], summary: 'Cameras, sensors and vehicles with their places and states', ...secured, response: withErrors(200) } },
    async () => await ctx.wall.devices(),
  );

  app.get(
    '/api/wall/grids',
    { preHandler: authorize(), schema: { tags: ['wall'], summary: 'Unit-grid outlines (outer ring) and centres', ...secured, response: withErrors(200) } },
    async () => ({ items: await ctx.wall.grids() }),
  );

  app.get(
    '/api/wall/ticker',
    {
      preHandler: authorize(),
      schema: { tags: ['wall'], summary: 'The latest case events, newest first (最新动态)', ...secured, querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })) }), response: withErrors(200) },
    },
    async (request) => ({ items: await ctx.wall.ticker((request.query as { limit?: number }).limit ?? 20) }),
  );
}
