// What makes a row of each kind valid, and how it meets what is already stored: one checker
// per target. A checker turns a source record into the row to write (or logs why not), does
// the cross-row checks at the end (duplicates, grid overlaps and gaps, department parents),
// compares with the stored row (new, changed, unchanged) and writes.
import type { RoleCode } from '../../contract/index.js';
import type { AuthStore } from '../../base/people/index.js';
import { checkComponentId } from '../../base/components/index.js';
import type { ToWgs84 } from '../../base/crs/index.js';
import type { SourceRecord } from '../formats/index.js';
import { checkCoverage } from '../../base/geo/index.js';
import { parseGridCode } from '../../base/grids/index.js';
import { convertPoint, convertPolygon, rawPoint } from './geometry.js';
import type { GridIndex } from './grid-index.js';
import type { IssueLog } from './report.js';
import type { ComponentWrite, DepartmentWrite, GridWrite, ImportStore, PlaceWrite, StagingStore } from './store.js';
import type { FieldMapping } from './targets.js';
import { bool, code, componentState, date, departmentKind, list, num, placeKind, text } from './values.js';

export interface CountyExtent {
  adminCode: string;
  west: number;
  south: number;
  east: number;
  north: number;
}

export interface CheckEnv {
  store: ImportStore;
  auth: AuthStore;
  mapping: FieldMapping;
  convert: ToWgs84;
  swap: boolean;
  county: CountyExtent | undefined;
  grids: GridIndex;
  /** digits (16 or 17) -> standard id. */
  standardsByDigits: Map<number, string>;
  /** `${standardId}|${code}` of component small classes. */
  componentClasses: Set<string>;
  today: string;
  now: number;
  jobId: number;
}

export type Comparison = { kind: 'insert' } | { kind: 'update'; changes: Record<string, [unknown, unknown]> } | { kind: 'unchanged' };

export interface Checker<V> {
  check(rec: SourceRecord, log: IssueLog): Promise<V | undefined>;
  finish(log: IssueLog): void | Promise<void>;
  compare(value: V): Promise<Comparison>;
  /** The order rows are written in (parents before children); file order when absent. */
  writeOrder?(values: V[]): V[];
  /** Async preparation before the write transaction (password hashing). */
  beforeWrite?(values: V[]): Promise<void>;
  /** The row written directly, inside the one write transaction (small targets; large ones in the baseline mode). */
  write(value: V, comparison: Comparison): Promise<void>;
  afterWrite?(): Promise<void>;
  /** Large targets: the row (new or changed) into the staging file, outside the county's write lock. */
  stage?(value: V, comparison: Comparison & { kind: 'insert' | 'update' }, staging: StagingStore): Promise<void>;
  /** Large targets: every staged row into the county's tables, inside the short apply transaction. */
  applyStaged?(): Promise<void>;
}

/** Metres of slack around the county's extent before a point counts as outside it. */
export const OUTSIDE_MARGIN_DEG = 0.005;

export function get(rec: SourceRecord, env: CheckEnv, field: string) {
  const column = env.mapping[field];
  return column === undefined ? undefined : rec.props[column];
}

export function diff<T extends object>(before: T, after: T, fields: (keyof T)[]): Record<string, [unknown, unknown]> {
  const out: Record<string, [unknown, unknown]> = {};
  for (const f of fields) {
    const a = before[f] as unknown;
    const b = after[f] as unknown;
    const same = typeof a === 'number' && typeof b === 'number' ? Math.abs(a - b) < 1e-9 : (a ?? null) === (b ?? null);
    if (!same) out[String(f)] = [a ?? null, b ?? null];
  }
  return out;
}

export function compared(changes: Record<string, [unknown, unknown]>): Comparison {
  return Object.keys(changes).length ? { kind: 'update', changes } : { kind: 'unchanged' };
}

/** A point row's WGS84 position, checked against the county; logs and returns undefined when bad. */
export function pointOf(rec: SourceRecord, env: CheckEnv, log: IssueLog): [number, number] | undefined {
  const raw = rawPoint(rec, env.mapping);
  if (!raw) {
    const why = env.mapping.x === undefined && !rec.geometry ? 'no point shape and no coordinate columns mapped' : 'the coordinates are missing or not numbers';
    log.error(rec.row, 'point.missing', `record has no position: ${why}`);
    return undefined;
  }
  const p = convertPoint(raw, env.convert, env.swap);
  const c = env.county;
  const inside = (q: [number, number]) =>
    !c || (q[0] >= c.west - OUTSIDE_MARGIN_DEG && q[0] <= c.east + OUTSIDE_MARGIN_DEG && q[1] >= c.south - OUTSIDE_MARGIN_DEG && q[1] <= c.north + OUTSIDE_MARGIN_DEG);
  if (p.ok && inside(p.value)) return p.value;
  // Wrong or outside: would the two numbers the other way round land in the county?
  const flipped = convertPoint(raw, env.convert, !env.swap);
  if (c && flipped.ok && inside(flipped.value)) {
    log.error(rec.row, 'point.swapped', `position ${raw[0]}, ${raw[1]} has its two coordinates the wrong way round`, { x: raw[0], y: raw[1] });
  } else if (!p.ok) {
    log.error(rec.row, p.code, p.message, p.params);
  } else {
    const [lon, lat] = p.value;
    log.error(rec.row, 'point.outside', `point ${lon.toFixed(6)}, ${lat.toFixed(6)} lies outside the county`, { lon: lon.toFixed(6), lat: lat.toFixed(6) });
  }
  return undefined;
}

/** The grid a point lies in; a code in the file is kept when the grid exists. */
async function gridOf(rec: SourceRecord, env: CheckEnv, log: IssueLog, lon: number, lat: number): Promise<string | null> {
  const found = env.grids.gridAt(lon, lat) ?? null;
  const given = code(get(rec, env, 'gridCode'));
  if (given !== null) {
    if (!await env.store.gridExists(given)) {
      log.warn(rec.row, 'grid.unknown', `grid ${given} is not a unit grid of this county; the grid the point lies in is used${found ? ` (${found})` : ''}`, { grid: given }, 'gridCode');
      return found;
    }
    if (found && found !== given) {
      log.warn(rec.row, 'grid.mismatch', `the record says grid ${given} but the point lies in grid ${found}; the record's grid is kept`, { given, found }, 'gridCode');
    }
    return given;
  }
  if (!found && env.grids.size > 0) log.warn(rec.row, 'point.noGrid', `point ${lon.toFixed(6)}, ${lat.toFixed(6)} lies in no unit grid`, {});
  return found;
}

export class Duplicates {
  private readonly seen = new Map<string, number>();
  check(key: string, row: number, log: IssueLog, field: string, what: string): boolean {
    const first = this.seen.get(key);
    if (first !== undefined) {
      log.error(row, 'id.duplicate', `${what} ${key} appears again (first in row ${first})`, { key, first }, field);
      return false;
    }
    this.seen.set(key, row);
    return true;
  }
}

// ---- components -------------------------------------------------------------------------
/**
 * When the new components are at least this share of the table they will be in, the apply
 * drops the table's secondary indexes and builds them again after the rows are in (sorting
 * 1.44 M keys took ~4 s; keeping three indexes up to date row by row ~15 s more). Below it,
 * the indexes are kept up to date as rows go in (a re-delivery, one street's components).
 */
export const REBUILD_INDEXES_SHARE = 0.25;

/** Counts, while rows are staged (outside the write lock), whether the apply rebuilds the table's indexes. */
function bulkLoadPlan(tableRows: () => Promise<number>): { staged(kind: 'insert' | 'update'): Promise<void>; rebuildIndexes(): boolean } {
  let rows: number | undefined;
  let inserts = 0;
  return {
    async staged(kind) {
      rows ??= await tableRows();
      if (kind === 'insert') inserts++;
    },
    rebuildIndexes: () => inserts >= REBUILD_INDEXES_SHARE * ((rows ?? 0) + inserts),
  };
}

export async function componentChecker(env: CheckEnv): Promise<Checker<ComponentWrite>> {
  const dups = new Duplicates();
  const departments = new Map<string, number>();
  for (const d of await env.store.departmentKeys()) {
    departments.set(d.code, d.id);
    departments.set(d.name, d.id);
  }
  const dept = (rec: SourceRecord, field: 'owner' | 'maintainer', log: IssueLog): number | null => {
    const v = text(get(rec, env, field));
    if (v === null) return null;
    const id = departments.get(v);
    if (id === undefined) log.warn(rec.row, 'department.unknown', `department "${v}" is not known; left empty`, { value: v }, field);
    return id ?? null;
  };
  const fields: (keyof ComponentWrite)[] = ['standardId', 'classCode', 'name', 'state', 'ownerDeptId', 'maintainerDeptId', 'gridCode', 'lon', 'lat', 'dataSource', 'note', 'createdDate'];
  const plan = bulkLoadPlan(async () => await env.store.componentCount());
  /** The row as written, with its 变更日期: the file's own change date when it moved on, else the day of the import. */
  const rowOf = async (v: ComponentWrite, c: Comparison): Promise<ComponentWrite> => {
    if (c.kind === 'insert') return { ...v, changedDate: v.changedDate ?? v.createdDate ?? env.today };
    const before = await env.store.component(v.id);
    return { ...v, changedDate: v.changedDate && v.changedDate !== before?.changedDate ? v.changedDate : env.today };
  };
  return {
    async check(rec, log) {
      const id = code(get(rec, env, 'id'));
      if (id === null) {
        log.error(rec.row, 'field.missing', 'the component ID is empty', { field: 'id' }, 'id');
        return undefined;
      }
      if (!env.county) return undefined;
      const givenClass = code(get(rec, env, 'classCode'));
      const checked = checkComponentId(id, { adminCode: env.county.adminCode, classCode: givenClass ?? undefined });
      if (!checked.ok) {
        const codeOf = /county code/.test(checked.message) ? 'id.county' : /class/.test(checked.message) ? 'id.class' : 'id.format';
        log.error(rec.row, codeOf, checked.message, { id }, 'id');
        return undefined;
      }
      const standardId = env.standardsByDigits.get(checked.parts.digits);
      const classCode = checked.parts.classCode;
      if (!standardId || !env.componentClasses.has(`${standardId}|${classCode}`)) {
        log.error(rec.row, 'class.unknown', `class ${classCode} of component ${id} is not in the ${standardId ?? `${checked.parts.digits}-digit`} dictionary`, { classCode, id }, 'classCode');
        return undefined;
      }
      if (!dups.check(id, rec.row, log, 'id', 'component ID')) return undefined;
      const point = pointOf(rec, env, log);
      if (!point) return undefined;
      const state = componentState(get(rec, env, 'state'));
      if (state === undefined) log.warn(rec.row, 'value.state', `state "${text(get(rec, env, 'state'))}" is not 完好/破损/丢失/占用; taken as 完好`, {}, 'state');
      const created = date(get(rec, env, 'createdDate'));
      if (created === undefined) log.warn(rec.row, 'value.date', `initial date "${text(get(rec, env, 'createdDate'))}" is not a date`, {}, 'createdDate');
      const changed = date(get(rec, env, 'changedDate'));
      if (changed === undefined) log.warn(rec.row, 'value.date', `change date "${text(get(rec, env, 'changedDate'))}" is not a date`, {}, 'changedDate');
      return {
        id, standardId, classCode,
        name: text(get(rec, env, 'name')),
        state: state ?? 'intact',
        ownerDeptId: dept(rec, 'owner', log),
        maintainerDeptId: dept(rec, 'maintainer', log),
        gridCode: await gridOf(rec, env, log, point[0], point[1]),
        lon: point[0], lat: point[1],
        dataSource: text(get(rec, env, 'dataSource')),
        note: text(get(rec, env, 'note')),
        createdDate: created ?? null,
        changedDate: changed ?? null,
      };
    },
    finish() {},
    async compare(v) {
      const before = await env.store.component(v.id);
      return before ? compared(diff(before, v, fields)) : { kind: 'insert' };
    },
    async stage(v, c, staging) {
      await plan.staged(c.kind);
      await staging.component(await rowOf(v, c), c.kind === 'update' ? c.changes : null);
    },
    async applyStaged() {
      await env.store.applyStagedComponents(env.jobId, env.now, plan.rebuildIndexes());
    },
    async write(v, c) {
      if (c.kind === 'insert') await env.store.insertComponent(await rowOf(v, c));
      else if (c.kind === 'update') {
        await env.store.updateComponent(await rowOf(v, c));
        await env.store.recordChange(env.jobId, 'component', v.id, c.changes, env.now);
      }
    },
  };
}

// ---- places -----------------------------------------------------------------------------
export function placeChecker(env: CheckEnv): Checker<PlaceWrite> {
  const dups = new Duplicates();
  const fields: (keyof PlaceWrite)[] = ['kind', 'name', 'streetName', 'houseNo', 'lon', 'lat', 'gridCode'];
  const existing = async (v: PlaceWrite) => (v.code ? await env.store.placeByCode(v.code) : await env.store.placeByName(v));
  const plan = bulkLoadPlan(async () => await env.store.placeCount());
  return {
    async check(rec, log) {
      const name = text(get(rec, env, 'name'));
      if (name === null) {
        log.error(rec.row, 'field.missing', 'the place name is empty', { field: 'name' }, 'name');
        return undefined;
      }
      const placeCode = code(get(rec, env, 'code'));
      const houseNo = text(get(rec, env, 'houseNo'));
      const kindValue = get(rec, env, 'kind');
      let kind = placeKind(kindValue);
      if (kind === undefined) {
        if (text(kindValue) !== null) log.warn(rec.row, 'value.kind', `place kind "${text(kindValue)}" is not 门牌/兴趣点/小区/街巷; guessed from the row`, {}, 'kind');
        kind = houseNo ? 'doorplate' : 'poi';
      }
      const streetName = text(get(rec, env, 'streetName'));
      const key = placeCode ?? `${kind}|${name}|${streetName ?? ''}|${houseNo ?? ''}`;
      if (!dups.check(key, rec.row, log, placeCode ? 'code' : 'name', placeCode ? 'address code' : 'place')) return undefined;
      const point = pointOf(rec, env, log);
      if (!point) return undefined;
      return { code: placeCode, kind, name, streetName, houseNo, lon: point[0], lat: point[1], gridCode: await gridOf(rec, env, log, point[0], point[1]) };
    },
    finish() {},
    async compare(v) {
      const before = await existing(v);
      return before ? compared(diff(before, v, fields)) : { kind: 'insert' };
    },
    async stage(v, c, staging) {
      await plan.staged(c.kind);
      if (c.kind === 'insert') await staging.place(v, env.today, null);
      else {
        const before = (await existing(v))!;
        await staging.place(v, env.today, { id: before.id, key: v.code ?? String(before.id), changes: c.changes });
      }
    },
    async applyStaged() {
      await env.store.applyStagedPlaces(env.jobId, env.now, plan.rebuildIndexes());
    },
    async write(v, c) {
      if (c.kind === 'insert') await env.store.insertPlace(v, env.today);
      else if (c.kind === 'update') {
        const before = (await existing(v))!;
        await env.store.updatePlace(before.id, v, env.today);
        await env.store.recordChange(env.jobId, 'place', v.code ?? String(before.id), c.changes, env.now);
      }
    },
  };
}

// ---- grids ------------------------------------------------------------------------------
export interface GridValue extends GridWrite {
  row: number;
  rings: [number, number][][];
  streetName: string | null;
  communityName: string | null;
}

export function gridChecker(env: CheckEnv, options: { countyName?: string }): Checker<GridValue> & { values: GridValue[] } {
  const dups = new Duplicates();
  const values: GridValue[] = [];
  let adminCode = env.county?.adminCode;
  const fields: (keyof GridWrite)[] = ['communityCode', 'areaM2', 'geometry'];
  return {
    values,
    async check(rec, log) {
      const gridCode = code(get(rec, env, 'code'));
      if (gridCode === null) {
        log.error(rec.row, 'field.missing', 'the grid code is empty', { field: 'code' }, 'code');
        return undefined;
      }
      const parsed = parseGridCode(gridCode);
      if (!parsed.ok) {
        log.error(rec.row, 'id.format', parsed.message, { id: gridCode }, 'code');
        return undefined;
      }
      adminCode ??= parsed.parts.adminCode;
      if (parsed.parts.adminCode !== adminCode) {
        log.error(rec.row, 'id.county', `grid code ${gridCode} starts with county code ${parsed.parts.adminCode}, but this county is ${adminCode}`, { id: gridCode }, 'code');
        return undefined;
      }
      if (!dups.check(gridCode, rec.row, log, 'code', 'grid code')) return undefined;
      const poly = convertPolygon(rec.geometry, env.convert, env.swap);
      if (!poly.ok) {
        log.error(rec.row, poly.code, poly.message, poly.params);
        return undefined;
      }
      const p = poly.value;
      if (p.areaM2 < 100 || p.areaM2 > 1_000_000) {
        log.warn(rec.row, 'grid.area', `grid ${gridCode} covers ${Math.round(p.areaM2)} m²; unit grids are about 10,000 m²`, { grid: gridCode, area: Math.round(p.areaM2) });
      }
      const value: GridValue = {
        row: rec.row, code: gridCode, communityCode: parsed.parts.communityCode, areaM2: p.areaM2,
        geometry: JSON.stringify({ type: 'Polygon', coordinates: p.rings }),
        centerLon: p.center[0], centerLat: p.center[1], ...p.box,
        rings: p.rings as [number, number][][],
        streetName: text(get(rec, env, 'streetName')),
        communityName: text(get(rec, env, 'communityName')),
      };
      values.push(value);
      return value;
    },
    async finish(log) {
      // The grids of the file plus the stored grids it does not replace must tile the county.
      const inFile = new Set(values.map((v) => v.code));
      const kept = (await env.store.allGrids()).filter((g) => !inFile.has(g.code));
      const rowOf = new Map(values.map((v) => [v.code, v.row]));
      const report = checkCoverage([
        ...values.map((v) => ({ id: v.code, rings: v.rings })),
        ...kept.map((g) => ({ id: g.code, rings: (JSON.parse(g.geometry) as { coordinates: [number, number][][] }).coordinates })),
      ]);
      for (const o of report.overlaps) {
        log.error(rowOf.get(o.a) ?? rowOf.get(o.b) ?? 0, 'grid.overlap', `grids ${o.a} and ${o.b} overlap near ${o.lon.toFixed(6)}, ${o.lat.toFixed(6)}`, {
          a: o.a, b: o.b, lon: o.lon.toFixed(6), lat: o.lat.toFixed(6),
        });
      }
      for (const g of report.gaps) {
        log.warn(0, 'grid.gap', `a gap of about ${g.areaM2} m² between grids near ${g.lon.toFixed(6)}, ${g.lat.toFixed(6)} (checked at ${report.cellM} m)`, {
          area: g.areaM2, lon: g.lon.toFixed(6), lat: g.lat.toFixed(6), cell: report.cellM,
        });
      }
      if (!env.county && adminCode && values.length > 0) {
        log.warn(0, 'county.created', `no county yet: county ${adminCode}${options.countyName ? ` (${options.countyName})` : ''} is made from the grid codes`, { adminCode });
      }
    },
    async compare(v) {
      const before = await env.store.grid(v.code);
      return before ? compared(diff(before, v, fields)) : { kind: 'insert' };
    },
    async write(v, c) {
      if (!env.county && adminCode && !await env.store.area(adminCode)) {
        const box = values.reduce(
          (b, g) => ({ west: Math.min(b.west, g.west), south: Math.min(b.south, g.south), east: Math.max(b.east, g.east), north: Math.max(b.north, g.north) }),
          { west: Infinity, south: Infinity, east: -Infinity, north: -Infinity },
        );
        const name = options.countyName ?? `县级行政区 ${adminCode}`;
        await env.store.createCounty(adminCode, name, box, env.now);
        await env.store.insertArea(adminCode, 'county', null, name);
      }
      const street = v.code.slice(0, 9);
      if (!await env.store.area(street)) await env.store.insertArea(street, 'street', street.slice(0, 6), v.streetName ?? `街道 ${street.slice(6)}`);
      else if (v.streetName && (await env.store.area(street))?.name !== v.streetName) await env.store.renameArea(street, v.streetName);
      if (!await env.store.area(v.communityCode)) await env.store.insertArea(v.communityCode, 'community', street, v.communityName ?? `社区 ${v.communityCode.slice(9)}`);
      else if (v.communityName && (await env.store.area(v.communityCode))?.name !== v.communityName) await env.store.renameArea(v.communityCode, v.communityName);
      if (c.kind === 'unchanged') return;
      await env.store.upsertGrid(v, env.now);
      if (c.kind === 'update') await env.store.recordChange(env.jobId, 'grid', v.code, c.changes, env.now);
    },
    async afterWrite() {
      await env.store.fitCountyToGrids();
    },
  };
}

// ---- departments ------------------------------------------------------------------------
export interface DepartmentValue extends Omit<DepartmentWrite, 'parentId'> {
  row: number;
  parentCode: string | null;
}

export function departmentChecker(env: CheckEnv): Checker<DepartmentValue> {
  const dups = new Duplicates();
  const values: DepartmentValue[] = [];
  const compareFields: (keyof DepartmentWrite)[] = ['name', 'kind', 'parentId', 'level', 'phone', 'active'];
  const parentId = async (v: DepartmentValue) => (v.parentCode ? ((await env.store.departmentByCode(v.parentCode))?.id ?? null) : null);
  return {
    async check(rec, log) {
      const deptCode = code(get(rec, env, 'code'));
      const name = text(get(rec, env, 'name'));
      if (deptCode === null || name === null) {
        log.error(rec.row, 'field.missing', `the department ${deptCode === null ? 'code' : 'name'} is empty`, { field: deptCode === null ? 'code' : 'name' }, deptCode === null ? 'code' : 'name');
        return undefined;
      }
      if (!dups.check(deptCode, rec.row, log, 'code', 'department code')) return undefined;
      const kind = departmentKind(get(rec, env, 'kind'));
      if (kind === undefined) {
        log.error(rec.row, 'value.kind', `department kind "${text(get(rec, env, 'kind'))}" is not 中心/部门/街道/企业`, {}, 'kind');
        return undefined;
      }
      const levelValue = num(get(rec, env, 'level'));
      const parentCode = code(get(rec, env, 'parentCode'));
      const level = levelValue === 2 || (levelValue === null && parentCode !== null) ? 2 : 1;
      const value: DepartmentValue = {
        row: rec.row, code: deptCode, name, kind, parentCode, level, phone: text(get(rec, env, 'phone')), active: bool(get(rec, env, 'active')) ?? true,
      };
      values.push(value);
      return value;
    },
    async finish(log) {
      const inFile = new Set(values.map((v) => v.code));
      for (const v of values) {
        if (v.parentCode && !inFile.has(v.parentCode) && !await env.store.departmentByCode(v.parentCode)) {
          log.error(v.row, 'department.parent', `parent department ${v.parentCode} of ${v.code} is neither in the file nor in the county`, { parent: v.parentCode }, 'parentCode');
        }
        if (v.parentCode === v.code) log.error(v.row, 'department.parent', `department ${v.code} names itself as its parent`, { parent: v.parentCode }, 'parentCode');
      }
    },
    writeOrder(rows) {
      // Parents before children, so each child finds its parent's id when written.
      const byCode = new Map(rows.map((v) => [v.code, v]));
      const depth = (v: DepartmentValue, seen = new Set<string>()): number => {
        if (!v.parentCode || !byCode.has(v.parentCode) || seen.has(v.code)) return 0;
        seen.add(v.code);
        return 1 + depth(byCode.get(v.parentCode)!, seen);
      };
      return [...rows].sort((a, b) => depth(a) - depth(b));
    },
    async compare(v) {
      const before = await env.store.departmentByCode(v.code);
      if (!before) return { kind: 'insert' };
      const after: DepartmentWrite = { code: v.code, name: v.name, kind: v.kind, parentId: await parentId(v), level: v.level, phone: v.phone, active: v.active };
      return compared(diff<DepartmentWrite>(before, after, compareFields));
    },
    async write(v, c) {
      const row: DepartmentWrite = { code: v.code, name: v.name, kind: v.kind, parentId: await parentId(v), level: v.level, phone: v.phone, active: v.active };
      if (c.kind === 'insert') await env.store.insertDepartment(row, env.today);
      else if (c.kind === 'update') {
        await env.store.updateDepartment((await env.store.departmentByCode(v.code))!.id, row, env.today);
        await env.store.recordChange(env.jobId, 'department', v.code, c.changes, env.now);
      }
    },
  };
}

// ---- users ------------------------------------------------------------------------------
const ROLE_NAMES: Record<string, RoleCode> = {
  inspector: 'inspector', '监督员': 'inspector', acceptor: 'acceptor', '受理员': 'acceptor',
  shift_leader: 'shift_leader', '值班长': 'shift_leader', dispatcher: 'dispatcher', '派遣员': 'dispatcher',
  department: 'department', '专业部门': 'department', '处置人员': 'department', leader: 'leader', '领导': 'leader',
  analyst: 'analyst', '分析员': 'analyst', admin: 'admin', '管理员': 'admin', '系统管理员': 'admin',
};

export interface UserValue {
  row: number;
  username: string;
  displayName: string;
  roles: RoleCode[];
  departmentCode: string | null;
  phone: string | null;
  password: string | null;
  gridCodes: string[];
  active: boolean;
  passwordHash?: string;
}

export function userChecker(env: CheckEnv, hooks: { hash(password: string): Promise<string>; generate(): string; passwords: { username: string; password: string }[] }): Checker<UserValue> {
  const dups = new Duplicates();
  const deptId = async (c: string | null) => (c ? ((await env.store.departmentByCode(c))?.id ?? null) : null);
  return {
    async check(rec, log) {
      const username = text(get(rec, env, 'username'));
      const displayName = text(get(rec, env, 'displayName'));
      if (username === null || displayName === null) {
        const field = username === null ? 'username' : 'displayName';
        log.error(rec.row, 'field.missing', `the ${field === 'username' ? 'user name' : 'display name'} is empty`, { field }, field);
        return undefined;
      }
      if (!/^[A-Za-z0-9_.@-]{2,64}$/.test(username)) {
        log.error(rec.row, 'value.username', `user name "${username}" may hold only letters, digits and _ . @ -`, {}, 'username');
        return undefined;
      }
      if (!dups.check(username.toLowerCase(), rec.row, log, 'username', 'user name')) return undefined;
      const roles: RoleCode[] = [];
      for (const r of list(get(rec, env, 'roles'))) {
        const role = ROLE_NAMES[r.toLowerCase()];
        if (!role) {
          log.error(rec.row, 'value.role', `role "${r}" is not a Gridhall role`, { role: r }, 'roles');
          return undefined;
        }
        if (!roles.includes(role)) roles.push(role);
      }
      if (roles.length === 0) {
        log.error(rec.row, 'field.missing', 'the user has no role', { field: 'roles' }, 'roles');
        return undefined;
      }
      const departmentCode = code(get(rec, env, 'department'));
      if (departmentCode && await deptId(departmentCode) === null) {
        log.error(rec.row, 'department.unknown', `department ${departmentCode} is not known: import departments first`, { value: departmentCode }, 'department');
        return undefined;
      }
      const gridCodes = list(get(rec, env, 'grids'));
      for (const g of gridCodes) {
        if (!await env.store.gridExists(g)) {
          log.error(rec.row, 'grid.unknown', `grid ${g} is not a unit grid of this county`, { grid: g }, 'grids');
          return undefined;
        }
      }
      const password = text(get(rec, env, 'password'));
      if (password !== null && password.length < 8) {
        log.error(rec.row, 'value.password', 'an initial password needs at least 8 characters', {}, 'password');
        return undefined;
      }
      return { row: rec.row, username, displayName, roles, departmentCode, phone: text(get(rec, env, 'phone')), password, gridCodes, active: bool(get(rec, env, 'active')) ?? true };
    },
    finish() {},
    async compare(v) {
      const before = await env.auth.userByName(v.username);
      if (!before) return { kind: 'insert' };
      const now = { displayName: v.displayName, departmentId: await deptId(v.departmentCode), phone: v.phone, active: v.active, roles: v.roles.slice().sort().join(','), grids: v.gridCodes.slice().sort().join(',') };
      const was = {
        displayName: before.displayName, departmentId: before.departmentId, phone: before.phone, active: before.active,
        roles: (await env.auth.rolesOf(before.id)).slice().sort().join(','), grids: (await env.auth.gridsOf(before.id)).slice().sort().join(','),
      };
      return compared(diff(was, now, ['displayName', 'departmentId', 'phone', 'active', 'roles', 'grids']));
    },
    async beforeWrite(values) {
      for (const v of values) {
        if (await env.auth.userByName(v.username)) continue; // existing users keep their passwords
        let password = v.password;
        if (password === null) {
          password = hooks.generate();
          hooks.passwords.push({ username: v.username, password });
        }
        v.passwordHash = await hooks.hash(password);
      }
    },
    async write(v, c) {
      const departmentId = await deptId(v.departmentCode);
      if (c.kind === 'insert') {
        const id = await env.auth.createUser({ username: v.username, displayName: v.displayName, passwordHash: v.passwordHash!, departmentId, phone: v.phone, roles: v.roles, gridCodes: v.gridCodes, mustChangePassword: true }, env.now);
        if (!v.active) await env.auth.updateUser(id, { displayName: v.displayName, departmentId, phone: v.phone, active: false });
      } else if (c.kind === 'update') {
        const id = (await env.auth.userByName(v.username))!.id;
        await env.auth.updateUser(id, { displayName: v.displayName, departmentId, phone: v.phone, active: v.active });
        await env.auth.setRoles(id, v.roles);
        await env.auth.setGrids(id, v.gridCodes);
        await env.store.recordChange(env.jobId, 'user', v.username, c.changes, env.now);
      }
    },
  };
}
