// GET /api/calendar: the working periods and the holidays and make-up days in a range, so
// the console can count a deadline down in working time.
import { Type } from 'typebox';
import { badRequest } from '../../runtime/errors.js';
import { authorize, type GridhallApp } from '../../server/authorize.js';
import type { CountyContext } from '../../server/context.js';
import { withErrors } from '../../server/schemas.js';
import { calendarWarnings } from './seed.js';
import { zonedParts } from '../../runtime/zone.js';

const DATE = '^[0-9]{4}-[0-9]{2}-[0-9]{2}$';

export function calendarRoutes(app: GridhallApp, ctx: CountyContext): void {
  app.get(
    '/api/calendar',
    {
      preHandler: authorize(),
      schema: {
        tags: ['workflow settings'],
        summary: 'Working periods, weekend days, and dated holidays and make-up days',
        security: [{ bearer: [] }],
        querystring: Type.Object({ from: Type.Optional(Type.String({ pattern: DATE })), to: Type.Optional(Type.String({ pattern: DATE })) }),
      },
    },
    async (request) => {
      const q = request.query as { from?: string; to?: string };
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
    },
  );

  app.get(
    '/api/calendar/warnings',
    {
      preHandler: authorize(),
      schema: { tags: ['workflow settings'], summary: 'Years whose holidays and 调休 days are missing (shown in 系统维护 and on the wall)', security: [{ bearer: [] }], response: withErrors(200) },
    },
    async () => ({ items: await calendarWarnings(ctx.calendarStore, ctx.clock.now(), (await ctx.settings.get('calendar')).utcOffsetMinutes) }),
  );
}
