// 热力分析: turns the API's filters into scan masks over the in-memory columns (unknown values
// are a 400, not an empty map), runs the scans, and names what it found for the screen.
import { changePercent, dateOfDay, parsePeriod, previousPeriod, recordsCover, yearBeforePeriod, type Period } from '../index.js';
import type { AnalyticsMeta, AnalyticsService, CaseListItem } from '../index.js';
import { CASE_STATES, TERMINAL_STATES } from '../../workflow/cases/index.js';
import { badRequest } from '../../runtime/errors.js';
import { SOURCES } from '../../channels/intake/index.js';
import { caseIdsOf, countAll, countByGrid, explore, scan, type CellFilter, type Raster, type ScanFilter } from './scan.js';
import type { HeatmapQuery } from '../../contract/index.js';

/** One point of a trend line: a day or a month, with the days of it counted (partial: fewer than all of it, or today). */
interface TrendBucket {
  label: string;
  n: number | null;
  days: number;
  partial: boolean;
}

/** Days in the month of a YYYY-MM label. */
function daysInMonth(label: string): number {
  const [y, m] = label.split('-').map(Number);
  return new Date(Date.UTC(y!, m!, 0)).getUTCDate();
}

export type { HeatmapQuery };

export interface CellQuery {
  grid?: string;
  date?: string;
  weekday?: number;
  hour?: number;
  classKey?: string;
  community?: string;
  cell?: number;
}

interface Resolved {
  period: Period;
  filter: ScanFilter;
  raster: Raster;
}

const list = (raw: string | undefined) => (raw ?? '').split(',').map((s) => s.trim()).filter(Boolean);

export class HeatmapService {
  constructor(private readonly analytics: AnalyticsService) {}

  private mask(size: number, test: (code: number) => boolean): Uint8Array {
    const m = new Uint8Array(size);
    for (let i = 0; i < size; i++) m[i] = test(i) ? 1 : 0;
    return m;
  }

  async resolve(q: HeatmapQuery): Promise<Resolved> {
    const period = parsePeriod(q);
    const meta = await this.analytics.dimensions();
    const cols = (await this.analytics.columns());
    const dims = cols.dims;
    const filter: ScanFilter = { fromDay: period.fromDay, toDay: period.toDay, classMask: null, sourceMask: null, stateMask: null, deptMask: null, gridMask: null };

    const classes = list(q.classes);
    if (classes.length) {
      for (const key of classes) {
        if (!meta.classByKey.has(key)) throw badRequest(`Unknown class "${key}": use kind:code as in the dictionary, e.g. event:0102 (未知的案件类别)`, 'classes');
      }
      const big = classes.filter((k) => meta.classByKey.get(k)!.level === 'big');
      const small = new Set(classes.filter((k) => meta.classByKey.get(k)!.level === 'small'));
      filter.classMask = this.mask(dims.classes.size, (i) => {
        const key = dims.classes.values[i]!;
        return small.has(key) || big.some((b) => key.startsWith(b));
      });
    }
    const sources = list(q.sources);
    if (sources.length) {
      for (const s of sources) if (!(SOURCES as readonly string[]).includes(s)) throw badRequest(`Unknown source "${s}" (未知的案件来源)`, 'sources');
      filter.sourceMask = this.mask(dims.sources.size, (i) => sources.includes(dims.sources.values[i]!));
    }
    const states = list(q.states);
    if (states.length) {
      const wanted = new Set<string>();
      for (const s of states) {
        // 'open' and 'ended' name the two halves of the machine.
        if (s === 'open') CASE_STATES.filter((x) => !TERMINAL_STATES.has(x)).forEach((x) => wanted.add(x));
        else if (s === 'ended') TERMINAL_STATES.forEach((x) => wanted.add(x));
        else if ((CASE_STATES as readonly string[]).includes(s)) wanted.add(s);
        else throw badRequest(`Unknown state "${s}" (未知的案卷状态)`, 'states');
      }
      filter.stateMask = this.mask(dims.states.size, (i) => wanted.has(dims.states.values[i]!));
    }
    const departments = list(q.departments);
    if (departments.length) {
      for (const d of departments) {
        if (!/^\d+$/.test(d) || !meta.departmentNames.has(Number(d))) throw badRequest(`Unknown department "${d}" (处置部门不存在)`, 'departments');
      }
      filter.deptMask = this.mask(dims.departments.size, (i) => departments.includes(dims.departments.values[i]!));
    }
    if (q.area) {
      const area = q.area.trim();
      const known = area.length === 15 ? meta.gridByCode.has(area) : meta.areaNames.has(area) && (area.length === 9 || area.length === 12);
      if (!/^\d+$/.test(area) || !known) throw badRequest(`Unknown street, community or grid "${area}" (区域不存在)`, 'area');
      filter.gridMask = this.mask(dims.grids.size, (i) => i > 0 && dims.grids.values[i]!.startsWith(area));
    }
    if (q.overdue) filter.overdueOnly = true;
    return { period, filter, raster: this.raster(meta, q.resolution ?? 128) };
  }

  /** The heat surface's cells over the county's box, square in metres, `resolution` along the longer side. */
  private raster(meta: AnalyticsMeta, resolution: number): Raster {
    let box = meta.bbox;
    if (!box && meta.grids.length) {
      const lons = meta.grids.map((g) => g.lon);
      const lats = meta.grids.map((g) => g.lat);
      box = { west: Math.min(...lons), east: Math.max(...lons), south: Math.min(...lats), north: Math.max(...lats) };
    }
    box ??= { west: 0, east: 1, south: 0, north: 1 };
    const kx = Math.cos((((box.south + box.north) / 2) * Math.PI) / 180);
    const w = (box.east - box.west) * kx;
    const h = box.north - box.south;
    const width = w >= h ? resolution : Math.max(1, Math.round((resolution * w) / h));
    const height = h > w ? resolution : Math.max(1, Math.round((resolution * h) / w));
    return { ...box, width, height };
  }

  /** Community index of each grid code of the columns (0: none), and the communities. */
  private async communityIndex(meta: AnalyticsMeta): Promise<{ ofGrid: Uint32Array; communities: { code: string; name: string }[] }> {
    const dims = (await this.analytics.columns()).dims;
    const communities = [{ code: '', name: '—' }, ...meta.communities.map((c) => ({ code: c.code, name: c.name }))];
    const index = new Map(communities.map((c, i) => [c.code, i]));
    const ofGrid = new Uint32Array(dims.grids.size);
    for (let i = 1; i < dims.grids.size; i++) ofGrid[i] = index.get(dims.grids.values[i]!.slice(0, 12)) ?? 0;
    return { ofGrid, communities };
  }

  /** Cases per grid only: the time slider and the wall's grid fills. */
  async grids(q: HeatmapQuery) {
    const { period, filter } = await this.resolve(q);
    const counts = countByGrid((await this.analytics.columns()), filter);
    return { period: periodView(period), ...(await this.gridList(counts)) };
  }

  private async gridList(counts: Uint32Array) {
    const values = (await this.analytics.columns()).dims.grids.values;
    const grids: { code: string; n: number }[] = [];
    let total = 0;
    let max = 0;
    for (let i = 0; i < counts.length; i++) {
      const n = counts[i]!;
      total += n;
      if (i === 0 || n === 0) continue;
      grids.push({ code: values[i]!, n });
      if (n > max) max = n;
    }
    return { grids, total, max };
  }

  /** Every panel of the explorer for the filters. */
  async explore(q: HeatmapQuery) {
    const { period, filter, raster } = await this.resolve(q);
    const cols = (await this.analytics.columns());
    const meta = await this.analytics.dimensions();
    const { ofGrid, communities } = await this.communityIndex(meta);
    const x = explore(cols, filter, raster, ofGrid, communities.length);
    const classKeys = cols.dims.classes.values;
    const className = (key: string) => meta.classByKey.get(key)?.name ?? key;
    const classes = [...x.byClass]
      .map((n, i) => ({ key: classKeys[i]!, n }))
      .filter((c) => c.n > 0)
      .sort((a, b) => b.n - a.n)
      .map((c) => ({ ...c, name: className(c.key) }));
    const gridList = await this.gridList(x.byGrid);
    const communityName = (code: string) => meta.areaNames.get(code) ?? code;

    // Class × community: the ten biggest classes against every community that has any of them,
    // busiest community first (a chart that shows a window of them opens on the busiest).
    const topClasses = classes.slice(0, 10);
    const classIdx = topClasses.map((c) => cols.dims.classes.find(c.key)!);
    const communityTotal = (k: number) => classIdx.reduce((sum, ci) => sum + x.classCommunity[ci * communities.length + k]!, 0);
    const usedCommunities = communities
      .map((_, k) => ({ k, n: communityTotal(k) }))
      .filter((c) => c.n > 0)
      .sort((a, b) => b.n - a.n || a.k - b.k)
      .map((c) => c.k);
    const matrix: [number, number, number][] = [];
    usedCommunities.forEach((k, col) =>
      classIdx.forEach((ci, row) => {
        const n = x.classCommunity[ci * communities.length + k]!;
        if (n > 0) matrix.push([col, row, n]);
      }),
    );

    // Top places: the busiest cells of the heat surface, named by their commonest address.
    const topCells = [...x.raster].map((n, cell) => ({ cell, n })).filter((c) => c.n > 0).sort((a, b) => b.n - a.n).slice(0, 10);
    const want = new Map(topCells.map((c) => [c.cell, [] as number[]]));
    if (want.size) {
      const a = cols.arrays;
      scan(cols, filter, (i) => {
        const lon = a.lon[i]!;
        const lat = a.lat[i]!;
        if (!(lon >= raster.west && lon < raster.east && lat >= raster.south && lat < raster.north)) return;
        const cell = Math.floor(((raster.north - lat) / (raster.north - raster.south)) * raster.height) * raster.width + Math.floor(((lon - raster.west) / (raster.east - raster.west)) * raster.width);
        const ids = want.get(cell);
        if (ids && ids.length < 25) ids.push(a.id[i]!);
      });
    }
    const addresses = new Map((await this.analytics.store.addresses([...want.values()].flat())).map((r) => [r.id, r.address]));
    const cellW = (raster.east - raster.west) / raster.width;
    const cellH = (raster.north - raster.south) / raster.height;
    const topPlaces = topCells.map((c) => {
      const tally = new Map<string, number>();
      for (const id of want.get(c.cell) ?? []) {
        const address = addresses.get(id);
        if (address) tally.set(address, (tally.get(address) ?? 0) + 1);
      }
      const best = [...tally].sort((p, q2) => q2[1] - p[1])[0]?.[0] ?? null;
      const col = c.cell % raster.width;
      const row = Math.floor(c.cell / raster.width);
      return { cell: c.cell, n: c.n, address: best, lon: raster.west + (col + 0.5) * cellW, lat: raster.north - (row + 0.5) * cellH };
    });

    return {
      period: periodView(period),
      total: x.total,
      grids: gridList.grids,
      maxGrid: gridList.max,
      raster: { ...raster, values: [...x.raster] },
      hourWeekday: x.hourWeekday,
      calendar: [...x.byDay].map((n, i) => ({ date: dateOfDay(period.fromDay + i), n })),
      classes: classes.slice(0, 30),
      classCommunity: {
        classes: topClasses.map((c) => ({ key: c.key, name: c.name })),
        communities: usedCommunities.map((k) => ({ code: communities[k]!.code, name: k === 0 ? '—' : communityName(communities[k]!.code) })),
        values: matrix,
      },
      topGrids: gridList.grids
        .slice()
        .sort((a, b) => b.n - a.n)
        .slice(0, 10)
        .map((g) => ({ ...g, community: communityName(g.code.slice(0, 12)) })),
      topPlaces,
      trend: await this.trend(period, filter, x.byDay),
    };
  }

  /**
   * Daily or monthly series for the period and a year before, with 环比 and 同比. Where the county's
   * records begin after a comparison period starts, that comparison is null (not covered), and a
   * day or month of either series that starts before the records begin has no value (a gap, not 0).
   * A day or month of the period that has not begun yet (after the county's today) has no value
   * either. One that is only partly counted is marked partial with the days it holds: today, the
   * current month (a week-old month is not a drop), or a month the period cuts at either end.
   */
  private async trend(period: Period, filter: ScanFilter, byDay: Uint32Array) {
    const cols = (await this.analytics.columns());
    const firstDay = cols.firstDay();
    const prev = previousPeriod(period);
    const yearAgo = yearBeforePeriod(period);
    const previousCovered = recordsCover(firstDay, prev);
    const lastYearCovered = recordsCover(firstDay, yearAgo);
    const previous = countAll(cols, { ...filter, fromDay: prev.fromDay, toDay: prev.toDay });
    const lastYearByDay = new Uint32Array(Math.max(yearAgo.toDay - yearAgo.fromDay, 0));
    const a = cols.arrays;
    scan(cols, { ...filter, fromDay: yearAgo.fromDay, toDay: yearAgo.toDay }, (i) => lastYearByDay[a.day[i]! - yearAgo.fromDay]!++);
    const total = byDay.reduce((s, n) => s + n, 0);
    const lastYearTotal = lastYearByDay.reduce((s, n) => s + n, 0);
    const days = period.toDay - period.fromDay;
    const unit: 'day' | 'month' = days <= 62 ? 'day' : 'month';
    const today = this.analytics.today();
    /** `upTo`: the first day not counted yet (the day after today for the period; none for the year before). */
    const bucket = (series: Uint32Array, fromDay: number, upTo: number): TrendBucket[] => {
      const out = new Map<string, { first: number; last: number; n: number }>();
      series.forEach((n, i) => {
        const day = fromDay + i;
        const date = dateOfDay(day);
        const key = unit === 'day' ? date : date.slice(0, 7);
        const b = out.get(key);
        if (b) {
          b.n += n;
          b.last = day;
        } else out.set(key, { first: day, last: day, n });
      });
      return [...out].map(([label, b]) => {
        const counted = Math.max(0, Math.min(b.last + 1, upTo) - b.first);
        const whole = unit === 'day' ? 1 : daysInMonth(label);
        const n = counted === 0 || !recordsCover(firstDay, { fromDay: b.first }) ? null : b.n;
        // Today is not over: a day bucket that is today is partial, though it counts one day.
        const partial = n !== null && (counted < whole || b.first + counted - 1 >= today);
        return { label, n, days: counted, partial };
      });
    };
    return {
      unit,
      current: bucket(byDay, period.fromDay, today + 1),
      lastYear: bucket(lastYearByDay, yearAgo.fromDay, Number.POSITIVE_INFINITY),
      /** The period runs past the county's today: its total (and 环比 / 同比) count the days so far. */
      periodPartial: period.toDay > today + 1,
      total,
      previous,
      lastYearTotal,
      mom: previousCovered ? changePercent(total, previous) : null,
      yoy: lastYearCovered ? changePercent(total, lastYearTotal) : null,
      previousCovered,
      lastYearCovered,
      dataFrom: firstDay === null ? null : dateOfDay(firstDay),
      previousLabel: prev.label,
      lastYearLabel: yearAgo.label,
    };
  }

  /** The cases behind a clicked cell (newest first), a page at a time. */
  async cases(q: HeatmapQuery, cellQuery: CellQuery, limit: number, offset: number): Promise<{ total: number; cases: CaseListItem[] }> {
    const { period, filter, raster } = await this.resolve(q);
    const cols = (await this.analytics.columns());
    const meta = await this.analytics.dimensions();
    const { ofGrid, communities } = await this.communityIndex(meta);
    const cell: CellFilter = {};
    const none = { total: 0, cases: [] };
    if (cellQuery.grid !== undefined) {
      if (!meta.gridByCode.has(cellQuery.grid)) throw badRequest(`Unknown grid "${cellQuery.grid}" (网格不存在)`, 'grid');
      const code = cols.dims.grids.find(cellQuery.grid);
      if (code === undefined) return none;
      cell.grid = code;
    }
    if (cellQuery.date !== undefined) {
      const day = parsePeriod({ from: cellQuery.date, to: cellQuery.date }).fromDay;
      if (day < period.fromDay || day >= period.toDay) throw badRequest(`${cellQuery.date} is outside the chosen period (日期不在所选时间范围内)`, 'date');
      cell.day = day;
    }
    if (cellQuery.weekday !== undefined) cell.weekday = cellQuery.weekday;
    if (cellQuery.hour !== undefined) cell.hour = cellQuery.hour;
    if (cellQuery.classKey !== undefined) {
      if (!meta.classByKey.has(cellQuery.classKey)) throw badRequest(`Unknown class "${cellQuery.classKey}" (未知的案件类别)`, 'classKey');
      const code = cols.dims.classes.find(cellQuery.classKey);
      if (code === undefined) return none;
      cell.cls = code;
    }
    if (cellQuery.community !== undefined) {
      const k = communities.findIndex((c) => c.code === cellQuery.community);
      if (k <= 0) throw badRequest(`Unknown community "${cellQuery.community}" (社区不存在)`, 'community');
      cell.community = k;
    }
    if (cellQuery.cell !== undefined) {
      if (cellQuery.cell >= raster.width * raster.height) throw badRequest(`Cell ${cellQuery.cell} is outside the ${raster.width}×${raster.height} surface`, 'cell');
      cell.rasterCell = cellQuery.cell;
    }
    const ids = caseIdsOf(cols, filter, cell, raster, ofGrid);
    return { total: ids.length, cases: await this.analytics.caseList(ids.slice(offset, offset + limit)) };
  }
}

export function periodView(p: Period) {
  return { label: p.label, from: dateOfDay(p.fromDay), to: dateOfDay(p.toDay - 1), days: p.toDay - p.fromDay };
}

export type Exploration = Awaited<ReturnType<HeatmapService['explore']>>;
