// Analytics API for the command wall and the analysis views: the day's summary, the grid
// fills, and the dimension tables. The wall's panels and grid fills read these, so the wall
// and the analysts see one set of numbers.
import type { EvaluationService } from './evaluation/index.js';
import { badRequest } from '../runtime/errors.js';
import { countByGrid, scan } from './heatmap/index.js';
import type { GridhallApp } from '../server/authorize.js';
import type { CountyContext } from '../server/context.js';
import { route } from '../server/route.js';
import { FLOW_MEASURES } from './contributions.js';
import { dateOfDay, dayOfDate, parsePeriod } from './period.js';
import { AnalyticsService } from './service.js';

function openMask(size: number, values: readonly string[], open: (state: string) => boolean): Uint8Array {
  const m = new Uint8Array(size);
  for (let i = 0; i < size; i++) m[i] = open(values[i]!) ? 1 : 0;
  return m;
}

export function analyticsRoutes(app: GridhallApp, ctx: CountyContext): void {
  const terminal = new Set(AnalyticsService.states().filter((s) => s.terminal).map((s) => s.code));
  const isOpen = (state: string) => state !== '' && !terminal.has(state as never);

  route(app, 'analytics.summary', async (request) => {
      const { date } = request.query;
      const day = date === undefined ? ctx.analytics.today() : dayOfDate(date, 'date');
      const store = ctx.analytics.store;
      const flows = await store.flowsByDay(day - 6, day + 1);
      const byDay = new Map(flows.map((f) => [f.day, f]));
      const zero = Object.fromEntries(FLOW_MEASURES.map((m) => [m, 0])) as Record<(typeof FLOW_MEASURES)[number], number>;
      const todayRow = byDay.get(day);
      const today = { ...zero, ...(todayRow ? Object.fromEntries(FLOW_MEASURES.map((m) => [m, todayRow[m]])) : {}) };
      // Open cases now, by state (whatever the date asked).
      const cols = (await ctx.analytics.columns());
      const byState: Record<string, number> = {};
      let overdueOpen = 0;
      const stateMask = openMask(cols.dims.states.size, cols.dims.states.values, isOpen);
      scan(cols, { fromDay: 0, toDay: 65536, classMask: null, sourceMask: null, stateMask, deptMask: null, gridMask: null }, (i) => {
        const state = cols.dims.states.values[cols.arrays.state[i]!]!;
        byState[state] = (byState[state] ?? 0) + 1;
        if (cols.arrays.overdue[i]) overdueOpen++;
      });
      const d = new Date(day * 86_400_000);
      const monthStart = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) / 86_400_000;
      const month = parsePeriod({ from: dateOfDay(monthStart), to: dateOfDay(day) });
      const evaluation: EvaluationService = ctx.evaluation;
      const county = (await evaluation.evaluate('street', month)).total;
      const departments = (await evaluation.evaluate('department', month)).rows.filter((r) => r.score !== null);
      const meta = await ctx.analytics.dimensions();
      return {
        date: dateOfDay(day),
        today,
        open: { total: Object.values(byState).reduce((s, n) => s + n, 0), overdue: overdueOpen, byState },
        month: {
          from: dateOfDay(monthStart),
          to: dateOfDay(day),
          registered: county.counts.registered ?? 0,
          due: county.counts.due ?? 0,
          closed: county.counts.closed ?? 0,
          closedOnTime: county.counts.closedOnTime ?? 0,
          closeRate: county.rates.closeRate ?? null,
          onTimeCloseRate: county.rates.onTimeCloseRate ?? null,
        },
        trend7: Array.from({ length: 7 }, (_, i) => {
          const row = byDay.get(day - 6 + i);
          return { date: dateOfDay(day - 6 + i), reported: row?.reported ?? 0, registered: row?.registered ?? 0, closed: row?.closed ?? 0, overdue: row?.overdue ?? 0 };
        }),
        classes: await Promise.all((await store.reportsByClass(day - 6, day + 1, 8)).map(async (c) => ({ key: `${c.kind}:${c.classCode}`, name: await ctx.analytics.className(c.kind, c.classCode), nameEn: await ctx.analytics.classNameEn(c.kind, c.classCode), n: c.n }))),
        topGrids: (await store.reportsByGrid(day - 6, day + 1, 10)).map((g) => ({ code: g.gridCode, community: meta.areaNames.get(g.gridCode.slice(0, 12)) ?? null, n: g.n })),
        departments: departments.slice(0, 20).map((r) => ({
          id: Number(r.subject),
          name: r.name,
          score: r.score,
          grade: r.grade,
          colour: r.colour,
          rank: r.rank,
          sample: r.sample,
          toDispose: r.counts.toDispose ?? 0,
          overdue: r.counts.overdue ?? 0,
        })),
      };
  });

  route(app, 'analytics.gridFill', async (request) => {
      const q = request.query;
      const cols = await ctx.analytics.columns();
      let grids: { code: string; n: number }[];
      let window: { from: string; to: string } | null = null;
      if (q.measure === 'open' || q.measure === 'overdue') {
        if (q.from !== undefined || q.to !== undefined) throw badRequest(`"${q.measure}" counts cases as they are now: give no dates`, 'from');
        const counts = countByGrid(cols, {
          fromDay: 0, toDay: 65536, classMask: null, sourceMask: null, stateMask: openMask(cols.dims.states.size, cols.dims.states.values, isOpen), deptMask: null, gridMask: null,
          overdueOnly: q.measure === 'overdue',
        });
        grids = [...counts].map((n, i) => ({ code: cols.dims.grids.values[i]!, n })).filter((g, i) => i > 0 && g.n > 0);
      } else {
        const today = dateOfDay(ctx.analytics.today());
        const period = parsePeriod({ from: q.from ?? today, to: q.to ?? q.from ?? today });
        window = { from: dateOfDay(period.fromDay), to: dateOfDay(period.toDay - 1) };
        grids = (await ctx.analytics.store.flowByGrid(q.measure, period.fromDay, period.toDay)).map((g) => ({ code: g.gridCode, n: g.n }));
      }
      return { measure: q.measure, window, grids, max: grids.reduce((m, g) => Math.max(m, g.n), 0), total: grids.reduce((s, g) => s + g.n, 0) };
  });

  route(app, 'analytics.dimensions', async () => {
      const meta = await ctx.analytics.dimensions();
      return {
        classes: meta.classes,
        sources: AnalyticsService.sources(),
        states: AnalyticsService.states(),
        departments: meta.departments,
        streets: meta.streets,
        communities: meta.communities,
        grids: meta.grids.map((g) => ({ code: g.code, communityCode: g.communityCode, lon: g.lon, lat: g.lat })),
        bbox: meta.bbox ?? null,
        today: dateOfDay(ctx.analytics.today()),
      };
  });
}
