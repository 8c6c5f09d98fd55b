// GET /api/health: public; what a clerk, a wall or a monitoring probe checks first.
import type { GridhallApp } from '../authorize.js';
import type { CountyContext } from '../context.js';
import { route } from '../route.js';
import type { HealthStore } from './store.js';

/** Counting 170,000 components on every probe is wasteful; a few seconds of staleness is not. */
const COUNT_CACHE_MS = 5000;

export function healthRoutes(app: GridhallApp, ctx: CountyContext): void {
  const store = ctx.health;
  let cached: { at: number; counts: Awaited<ReturnType<HealthStore['counts']>> } | undefined;
  route(app, 'health.get', async () => {
    const now = ctx.clock.now();
    if (!cached || now - cached.at > COUNT_CACHE_MS) cached = { at: now, counts: await store.counts() };
    const counts = cached.counts;
    const c = await ctx.county.get();
    return {
      status: 'ok',
      version: ctx.version,
      timeZone: (await ctx.settings.get('calendar')).timeZone,
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
