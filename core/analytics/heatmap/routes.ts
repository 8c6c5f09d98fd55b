// 热力分析 API: the explorer's panels, the grid counts the time slider plays, the cases behind
// a cell, and exports of the same numbers (CSV per panel, Excel with every panel).
import { toCsv, toXlsx } from '../index.js';
import type { GridhallApp } from '../../server/authorize.js';
import type { CountyContext } from '../../server/context.js';
import { route } from '../../server/route.js';
import { HEATMAP_PANELS, heatmapTables, type HeatmapPanel } from './export.js';
import type { HeatmapQuery } from './service.js';
import { zonedDateTime } from '../../runtime/zone.js';

export function heatmapRoutes(app: GridhallApp, ctx: CountyContext): void {
  const heatmap = ctx.heatmap;

  route(app, 'heatmap.explore', async (request) => heatmap.explore(request.query));

  route(app, 'heatmap.grids', async (request) => heatmap.grids(request.query));

  route(app, 'heatmap.cases', async (request) => {
      const q = request.query;
      const { grid, date, weekday, hour, classKey, community, cell, limit, offset, ...filters } = q;
      return heatmap.cases(filters, { grid, date, weekday, hour, classKey, community, cell }, limit ?? 50, offset ?? 0);
  });

  route(app, 'heatmap.export', async (request, reply) => {
      const { format, panel, ...filters } = request.query;
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
  });
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
