// GET /api/calendar: the working periods and the holidays and make-up days in a range, so
// the console can count a deadline down in working time.
import { badRequest } from '../../runtime/errors.js';
import type { GridhallApp } from '../../server/authorize.js';
import type { CountyContext } from '../../server/context.js';
import { route } from '../../server/route.js';
import { calendarWarnings } from './seed.js';
import { zonedParts } from '../../runtime/zone.js';

export function calendarRoutes(app: GridhallApp, ctx: CountyContext): void {
  route(app, 'calendar.get', async (request) => {
      const q = request.query;
      const year = zonedParts(ctx.clock.now(), (await ctx.settings.get('calendar')).timeZone).year;
      const from = q.from ?? `${year}-01-01`;
      const to = q.to ?? `${year + 1}-12-31`;
      if (from > to) throw badRequest('from is after to', 'from');
      const settings = await ctx.settings.get('calendar');
      return {
        utcOffsetMinutes: settings.utcOffsetMinutes,
        weekendDays: settings.weekendDays,
        periods: await ctx.calendarStore.periods(),
        days: await ctx.calendarStore.daysBetween(from, to),
      };
  });

  route(app, 'calendar.warnings', async () => ({ items: await calendarWarnings(ctx.calendarStore, ctx.clock.now(), (await ctx.settings.get('calendar')).utcOffsetMinutes) }));
}
