// The explorer's panels as tables, for CSV and Excel: the same numbers the screen shows.
import type { Table } from '../index.js';
import type { Exploration } from './service.js';
import { HEATMAP_PANELS, type HeatmapPanel } from '../../contract/index.js';

export { HEATMAP_PANELS, type HeatmapPanel };

const WEEKDAYS = ['周一', '周二', '周三', '周四', '周五', '周六', '周日'];

export function heatmapTables(x: Exploration): Record<HeatmapPanel, Table> {
  return {
    grids: { name: '网格案件数', headers: ['网格编码', '案件数'], rows: x.grids.map((g) => [g.code, g.n]) },
    hourWeekday: {
      name: '时段分布',
      headers: ['星期', ...Array.from({ length: 24 }, (_, h) => `${h}时`)],
      rows: x.hourWeekday.map((hours, d) => [WEEKDAYS[d]!, ...hours]),
    },
    calendar: { name: '日历', headers: ['日期', '案件数'], rows: x.calendar.map((c) => [c.date, c.n]) },
    classes: { name: '类别', headers: ['类别', '类别名称', '案件数'], rows: x.classes.map((c) => [c.key, c.name, c.n]) },
    classCommunity: {
      name: '类别×社区',
      headers: ['社区', ...x.classCommunity.classes.map((c) => c.name)],
      rows: x.classCommunity.communities.map((community, col) => [
        community.name,
        ...x.classCommunity.classes.map((_, row) => x.classCommunity.values.find((v) => v[0] === col && v[1] === row)?.[2] ?? 0),
      ]),
    },
    topGrids: { name: '高发网格', headers: ['排名', '网格编码', '社区', '案件数'], rows: x.topGrids.map((g, i) => [i + 1, g.code, g.community, g.n]) },
    topPlaces: {
      name: '高发地点',
      headers: ['排名', '地点', '经度', '纬度', '案件数'],
      rows: x.topPlaces.map((p, i) => [i + 1, p.address ?? '', Number(p.lon.toFixed(6)), Number(p.lat.toFixed(6)), p.n]),
    },
    trend: {
      name: '趋势',
      headers: ['时间', '案件数', '去年同期时间', '去年同期案件数'],
      rows: x.trend.current.map((c, i) => [c.label, c.n, x.trend.lastYear[i]?.label ?? null, x.trend.lastYear[i]?.n ?? null]),
    },
  };
}
