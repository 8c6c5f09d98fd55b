// 热力分析 scans: one pass over the day-cut rows of the in-memory columns for every panel of the
// explorer (grid fill, heat surface, hour × weekday, calendar, class × community, top grids
// and places, trend), plus the lighter grid-only count the time slider and the wall use.
import type { CaseColumns } from '../index.js';

/** A resolved filter: masks are indexed by the columns' dimension codes (null: everything). */
export interface ScanFilter {
  fromDay: number;
  toDay: number;
  classMask: Uint8Array | null;
  sourceMask: Uint8Array | null;
  stateMask: Uint8Array | null;
  deptMask: Uint8Array | null;
  gridMask: Uint8Array | null;
  overdueOnly?: boolean;
}

/** Narrows the scan to one cell a user clicked. */
export interface CellFilter {
  grid?: number;
  day?: number;
  /** 0 = Monday … 6 = Sunday. */
  weekday?: number;
  hour?: number;
  cls?: number;
  /** Community code index in `communityOfGrid`. */
  community?: number;
  rasterCell?: number;
}

export interface Raster {
  west: number;
  south: number;
  east: number;
  north: number;
  width: number;
  height: number;
}

/** 1970-01-01 was a Thursday: Monday-first weekday of a day number. */
export const weekdayOf = (day: number): number => (((day + 3) % 7) + 7) % 7;

function passes(c: CaseColumns, f: ScanFilter, i: number, checkDay: boolean): boolean {
  const a = c.arrays;
  if (checkDay && (a.day[i]! < f.fromDay || a.day[i]! >= f.toDay)) return false;
  if (f.classMask && !f.classMask[a.cls[i]!]) return false;
  if (f.sourceMask && !f.sourceMask[a.source[i]!]) return false;
  if (f.stateMask && !f.stateMask[a.state[i]!]) return false;
  if (f.deptMask && !f.deptMask[a.dept[i]!]) return false;
  if (f.gridMask && !f.gridMask[a.grid[i]!]) return false;
  if (f.overdueOnly && !a.overdue[i]) return false;
  return true;
}

/** Visits every row passing the filter. */
export function scan(c: CaseColumns, f: ScanFilter, visit: (row: number) => void): void {
  for (const w of c.windows(f.fromDay, f.toDay)) {
    for (let i = w.from; i < w.to; i++) if (passes(c, f, i, w.checkDay)) visit(i);
  }
}

/** Cases per grid code (index = the columns' grid dimension code). The fast path. */
export function countByGrid(c: CaseColumns, f: ScanFilter): Uint32Array {
  const counts = new Uint32Array(c.dims.grids.size);
  const grid = c.arrays.grid;
  const plain = !f.classMask && !f.sourceMask && !f.stateMask && !f.deptMask && !f.gridMask && !f.overdueOnly;
  for (const w of c.windows(f.fromDay, f.toDay)) {
    if (plain && !w.checkDay) {
      for (let i = w.from; i < w.to; i++) counts[grid[i]!]!++;
    } else {
      for (let i = w.from; i < w.to; i++) if (passes(c, f, i, w.checkDay)) counts[grid[i]!]!++;
    }
  }
  return counts;
}

/** Total cases passing the filter. */
export function countAll(c: CaseColumns, f: ScanFilter): number {
  let n = 0;
  scan(c, f, () => n++);
  return n;
}

/** Raster cell of a row, or -1 outside the raster or without a point. */
export function rasterCellOf(c: CaseColumns, r: Raster, row: number): number {
  const lon = c.arrays.lon[row]!;
  const lat = c.arrays.lat[row]!;
  if (!(lon >= r.west && lon < r.east && lat >= r.south && lat < r.north)) return -1;
  const x = Math.floor(((lon - r.west) / (r.east - r.west)) * r.width);
  const y = Math.floor(((r.north - lat) / (r.north - r.south)) * r.height);
  return y * r.width + x;
}

export interface Exploration {
  total: number;
  byGrid: Uint32Array;
  /** [weekday (Monday first)][hour]. */
  hourWeekday: number[][];
  /** Cases per day of the window. */
  byDay: Uint32Array;
  byClass: Uint32Array;
  /** classCode × communityIndex counts, flattened (cls * communities + community). */
  classCommunity: Uint32Array;
  raster: Uint32Array;
}

/** Every panel's counts in one pass. `communityOfGrid` maps a grid code to a community index. */
export function explore(c: CaseColumns, f: ScanFilter, raster: Raster, communityOfGrid: Uint32Array, communities: number): Exploration {
  const a = c.arrays;
  const days = f.toDay - f.fromDay;
  const out: Exploration = {
    total: 0,
    byGrid: new Uint32Array(c.dims.grids.size),
    hourWeekday: Array.from({ length: 7 }, () => new Array<number>(24).fill(0)),
    byDay: new Uint32Array(Math.max(days, 0)),
    byClass: new Uint32Array(c.dims.classes.size),
    classCommunity: new Uint32Array(c.dims.classes.size * communities),
    raster: new Uint32Array(raster.width * raster.height),
  };
  scan(c, f, (i) => {
    out.total++;
    const g = a.grid[i]!;
    const day = a.day[i]!;
    out.byGrid[g]!++;
    out.hourWeekday[weekdayOf(day)]![a.hour[i]!]!++;
    out.byDay[day - f.fromDay]!++;
    out.byClass[a.cls[i]!]!++;
    out.classCommunity[a.cls[i]! * communities + (communityOfGrid[g] ?? 0)]!++;
    const cell = rasterCellOf(c, raster, i);
    if (cell >= 0) out.raster[cell]!++;
  });
  return out;
}

/** Case ids behind a cell, newest first (all of them: the caller pages). */
export function caseIdsOf(c: CaseColumns, f: ScanFilter, cell: CellFilter, raster: Raster, communityOfGrid: Uint32Array): number[] {
  const a = c.arrays;
  const rows: number[] = [];
  scan(c, f, (i) => {
    if (cell.grid !== undefined && a.grid[i] !== cell.grid) return;
    if (cell.day !== undefined && a.day[i] !== cell.day) return;
    if (cell.weekday !== undefined && weekdayOf(a.day[i]!) !== cell.weekday) return;
    if (cell.hour !== undefined && a.hour[i] !== cell.hour) return;
    if (cell.cls !== undefined && a.cls[i] !== cell.cls) return;
    if (cell.community !== undefined && (communityOfGrid[a.grid[i]!] ?? 0) !== cell.community) return;
    if (cell.rasterCell !== undefined && rasterCellOf(c, raster, i) !== cell.rasterCell) return;
    rows.push(i);
  });
  rows.sort((x, y) => a.day[y]! - a.day[x]! || a.id[y]! - a.id[x]!);
  return rows.map((i) => a.id[i]!);
}
