// 热力分析 API: the explorer's panels, the grid counts the time slider plays, the cases behind
// a cell, and exports of the same numbers (CSV per panel, Excel with every panel).
import { Type, type Static } from 'typebox';
import { toCsv, toXlsx } from '../index.js';
import { authorize, type GridhallApp } from '../../server/authorize.js';
import { VIEWERS } from '../../contract/roles.js';
import type { CountyContext } from '../../server/context.js';
import { withErrors } from '../../server/schemas.js';
import { HEATMAP_PANELS, heatmapTables, type HeatmapPanel } from './export.js';
import type { HeatmapQuery } from './service.js';
import { zonedDateTime } from '../../runtime/zone.js';

export const HeatmapFilterSchema = {
  period: Type.Optional(Type.String({ maxLength: 10, description: '2026-03, 2026-Q1 or 2026; or give from and to' })),
  from: Type.Optional(Type.String({ maxLength: 10, description: 'first day, YYYY-MM-DD' })),
  to: Type.Optional(Type.String({ maxLength: 10, description: 'last day (inclusive), YYYY-MM-DD' })),
  classes: Type.Optional(Type.String({ maxLength: 2000, description: 'comma-separated kind:code, big (event:01) or small (event:0102)' })),
  sources: Type.Optional(Type.String({ maxLength: 200 })),
  states: Type.Optional(Type.String({ maxLength: 400, description: "comma-separated states, or 'open' / 'ended'" })),
  departments: Type.Optional(Type.String({ maxLength: 2000, description: 'comma-separated department ids' })),
  area: Type.Optional(Type.String({ maxLength: 15, description: 'street (9), community (12) or grid (15) code' })),
  overdue: Type.Optional(Type.Boolean()),
  resolution: Type.Optional(Type.Integer({ minimum: 16, maximum: 512, default: 128 })),
};

const FilterQuery = Type.Object(HeatmapFilterSchema, { additionalProperties: false });
const CasesQuery = Type.Object(
  {
    ...HeatmapFilterSchema,
    grid: Type.Optional(Type.String({ pattern: '^[0-9]{15}$' })),
    date: Type.Optional(Type.String({ maxLength: 10 })),
    weekday: Type.Optional(Type.Integer({ minimum: 0, maximum: 6, description: '0 = Monday' })),
    hour: Type.Optional(Type.Integer({ minimum: 0, maximum: 23 })),
    classKey: Type.Optional(Type.String({ maxLength: 20 })),
    community: Type.Optional(Type.String({ pattern: '^[0-9]{12}$' })),
    cell: Type.Optional(Type.Integer({ minimum: 0 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
  },
  { additionalProperties: false },
);
const ExportQuery = Type.Object(
  {
    ...HeatmapFilterSchema,
    format: Type.Union([Type.Literal('csv'), Type.Literal('xlsx')]),
    panel: Type.Optional(Type.Union(HEATMAP_PANELS.map((p) => Type.Literal(p)))),
  },
  { additionalProperties: false },
);

export function heatmapRoutes(app: GridhallApp, ctx: CountyContext): void {
  const heatmap = ctx.heatmap;
  const security = [{ bearer: [] }];

  app.get(
    '/api/heatmap',
    { preHandler: authorize(VIEWERS), schema: { tags: ['analytics'], summary: 'Every panel of the heatmap explorer for the filters', security, querystring: FilterQuery, response: withErrors(200) } },
    async (request) => await heatmap.explore(request.query as HeatmapQuery),
  );

  app.get(
    '/api/heatmap/grids',
    { preHandler: authorize(VIEWERS), schema: { tags: ['analytics'], summary: 'Cases per unit grid (the time slider plays this day by day)', security, querystring: FilterQuery, response: withErrors(200) } },
    async (request) => await heatmap.grids(request.query as HeatmapQuery),
  );

  app.get(
    '/api/heatmap/cases',
    { preHandler: authorize(VIEWERS), schema: { tags: ['analytics'], summary: 'The cases behind a cell of the heatmap, newest first', security, querystring: CasesQuery, response: withErrors(200) } },
    async (request) => {
      const q = request.query as Static<typeof CasesQuery>;
      const { grid, date, weekday, hour, classKey, community, cell, limit, offset, ...filters } = q;
      return await heatmap.cases(filters, { grid, date, weekday, hour, classKey, community, cell }, limit ?? 50, offset ?? 0);
    },
  );

  app.get(
    '/api/heatmap/export',
    { preHandler: authorize(VIEWERS), schema: { tags: ['analytics'], summary: 'The explorer’s numbers as CSV (one panel) or Excel (every panel)', security, querystring: ExportQuery } },
    async (request, reply) => {
      const { format, panel, ...filters } = request.query as Static<typeof ExportQuery>;
      const x = await heatmap.explore(filters);
      const tables = heatmapTables(x);
      const stamp = `${x.period.from}_${x.period.to}`;
      if (format === 'csv') {
        const chosen: HeatmapPanel = panel ?? 'grids';
        return reply
          .type('text/csv; charset=utf-8')
          .header('Content-Disposition', attachment(`热力分析-${tables[chosen].name}-${stamp}.csv`))
          .send(toCsv(tables[chosen]));
      }
      const chosen = panel ? [tables[panel]] : HEATMAP_PANELS.map((p) => tables[p]);
      const lines: [string, string][] = [
        ['时间范围', `${x.period.from} 至 ${x.period.to}（${x.period.days} 天）`],
        ['案件总数', String(x.total)],
        ['筛选条件', describeFilters(filters)],
        ['导出时间', zonedDateTime(ctx.clock.now(), (await ctx.settings.get('calendar')).timeZone)],
      ];
      const book = await toXlsx(chosen, { title: '热力分析 · 案件分布', lines });
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('Content-Disposition', attachment(`热力分析-${stamp}.xlsx`))
        .send(book);
    },
  );
}

/** Content-Disposition with a UTF-8 file name (RFC 6266) and an ASCII fallback. */
export function attachment(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/"/g, '');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

function describeFilters(q: HeatmapQuery): string {
  const parts = Object.entries(q)
    .filter(([k, v]) => v !== undefined && v !== '' && !['period', 'from', 'to', 'resolution'].includes(k))
    .map(([k, v]) => `${k}=${String(v)}`);
  return parts.length ? parts.join('; ') : '全部';
}
