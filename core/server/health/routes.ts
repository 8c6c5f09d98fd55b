// GET /api/health: public; what a clerk, a wall or a monitoring probe checks first.
import { Type } from 'typebox';
import type { GridhallApp } from '../authorize.js';
import type { CountyContext } from '../context.js';
import { HealthStore } from './store.js';

const Bbox = Type.Object({ west: Type.Number(), south: Type.Number(), east: Type.Number(), north: Type.Number() });

const HealthSchema = Type.Object({
  status: Type.Literal('ok'),
  version: Type.String(),
  county: Type.Union([
    Type.Object({
      name: Type.String(),
      nameEn: Type.Union([Type.String(), Type.Null()]),
      adminCode: Type.String(),
      center: Type.Object({ lon: Type.Number(), lat: Type.Number() }),
      bbox: Bbox,
      synthetic: Type.Boolean(),
    }),
    Type.Null(),
  ]),
  counts: Type.Object({ grids: Type.Integer(), components: Type.Integer(), cases: Type.Integer() }),
});

/** Counting 170,000 components on every probe is wasteful; a few seconds of staleness is not. */
const COUNT_CACHE_MS = 5000;

export function healthRoutes(app: GridhallApp, ctx: CountyContext): void {
  const store = new HealthStore(ctx.db);
  let cached: { at: number; counts: Awaited<ReturnType<HealthStore['counts']>> } | undefined;
  app.get('/api/health', { schema: { tags: ['health'], summary: 'Server status and the county it serves', response: { 200: HealthSchema } } }, async () => {
    const now = ctx.clock.now();
    if (!cached || now - cached.at > COUNT_CACHE_MS) cached = { at: now, counts: await store.counts() };
    const counts = cached.counts;
    const c = await ctx.county.get();
    return {
      status: 'ok' as const,
      version: ctx.version,
      county: c
        ? {
            name: c.name,
            nameEn: c.nameEn,
            adminCode: c.adminCode,
            center: { lon: c.centerLon, lat: c.centerLat },
            bbox: { west: c.west, south: c.south, east: c.east, north: c.north },
            synthetic: c.synthetic,
          }
        : null,
      counts,
    };
  });
}
