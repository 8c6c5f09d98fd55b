// SQL of the import: its jobs, the changes it made, and the keyed bulk writes of base data
// (insert new rows, update changed ones). Reads go through each aggregate's own store.
import type { ComponentRow } from '../components/store.js';
import type { Db } from '../db/database.js';
import { DepartmentStore, type DepartmentKind } from '../departments/store.js';
import type { GridRow } from '../grids/store.js';
import type { PlaceRow } from '../places/store.js';
import type { ImportReport } from './report.js';
import type { ImportTarget } from './targets.js';

export interface ImportJobRow {
  id: number;
  target: ImportTarget;
  fileName: string;
  format: string | null;
  crs: string | null;
  dryRun: boolean;
  status: 'running' | 'done' | 'failed' | 'rejected';
  userId: number | null;
  startedAt: number;
  finishedAt: number | null;
  inserted: number;
  updated: number;
  unchanged: number;
  errors: number;
  warnings: number;
}

const JOB_SELECT = `id, target, file_name AS fileName, format, crs, dry_run AS dryRun, status, user_id AS userId,
  started_at AS startedAt, finished_at AS finishedAt, inserted, updated, unchanged, errors, warnings`;

/** Rows as the import writes them: the aggregates' own row shapes. */
export type ComponentWrite = ComponentRow;
export type GridWrite = Omit<GridRow, 'changedAt'>;
/** A place with its address code (地址编码), the key a re-import updates by. */
export type PlaceWrite = Omit<PlaceRow, 'id'> & { code: string | null };

export interface DepartmentWrite {
  code: string;
  name: string;
  kind: string;
  parentId: number | null;
  level: number;
  phone: string | null;
  active: boolean;
}

const COMPONENT_COLUMNS = `id, standard_id AS standardId, class_code AS classCode, name, state, owner_dept_id AS ownerDeptId,
  maintainer_dept_id AS maintainerDeptId, grid_code AS gridCode, lon, lat, data_source AS dataSource, note,
  created_date AS createdDate, changed_date AS changedDate`;

export class ImportStore {
  constructor(private readonly db: Db) {}

  // --- jobs -------------------------------------------------------------------------------
  createJob(job: { target: ImportTarget; fileName: string; dryRun: boolean; userId: number | null; now: number }): number {
    return Number(
      this.db
        .statement('imports.createJob', `INSERT INTO import_jobs (target, file_name, dry_run, status, user_id, started_at) VALUES (?, ?, ?, 'running', ?, ?)`)
        .run([job.target, job.fileName, job.dryRun ? 1 : 0, job.userId, job.now]).lastInsertRowid,
    );
  }

  finishJob(id: number, status: ImportJobRow['status'], report: ImportReport | null, now: number): void {
    const c = report?.counts;
    this.db
      .statement(
        'imports.finishJob',
        `UPDATE import_jobs SET status = ?, finished_at = ?, format = ?, crs = ?, inserted = ?, updated = ?, unchanged = ?,
           errors = ?, warnings = ?, report = ? WHERE id = ?`,
      )
      .run([
        status, now, report?.format ?? null, report?.crs ?? null, report?.written ? (c?.inserted ?? 0) : 0, report?.written ? (c?.updated ?? 0) : 0,
        report?.written ? (c?.unchanged ?? 0) : 0, report?.errors ?? 0, report?.warnings ?? 0,
        report ? JSON.stringify({ ...report, passwords: undefined }) : null, id,
      ]);
  }

  /** A job that broke off (a crash, the disk full): nothing was written; the reason is kept. */
  failJob(id: number, failure: string, now: number): void {
    this.db
      .statement('imports.failJob', `UPDATE import_jobs SET status = 'failed', finished_at = ?, report = ? WHERE id = ?`)
      .run([now, JSON.stringify({ failure }), id]);
  }

  job(id: number): ImportJobRow | undefined {
    const r = this.db.statement<Omit<ImportJobRow, 'dryRun'> & { dryRun: number }>('imports.job', `SELECT ${JOB_SELECT} FROM import_jobs WHERE id = ?`).get([id]);
    return r && { ...r, dryRun: Boolean(r.dryRun) };
  }

  jobReport(id: number): { report?: ImportReport; failure?: string } {
    const r = this.db.statement<{ report: string | null }>('imports.jobReport', 'SELECT report FROM import_jobs WHERE id = ?').get([id]);
    if (!r?.report) return {};
    const parsed = JSON.parse(r.report) as ImportReport & { failure?: string };
    return parsed.failure !== undefined ? { failure: parsed.failure } : { report: parsed };
  }

  jobs(limit = 50): ImportJobRow[] {
    return this.db
      .statement<Omit<ImportJobRow, 'dryRun'> & { dryRun: number }>('imports.jobs', `SELECT ${JOB_SELECT} FROM import_jobs ORDER BY id DESC LIMIT ?`)
      .all([limit])
      .map((r) => ({ ...r, dryRun: Boolean(r.dryRun) }));
  }

  /** Jobs left running by a server that stopped: they wrote nothing (one transaction). */
  failAbandoned(now: number): number {
    return this.db.statement('imports.failAbandoned', `UPDATE import_jobs SET status = 'failed', finished_at = ? WHERE status = 'running'`).run([now]).changes;
  }

  recordChange(jobId: number, entity: string, key: string, changes: Record<string, [unknown, unknown]>, at: number): void {
    this.db
      .statement('imports.recordChange', 'INSERT INTO import_changes (job_id, entity, entity_key, changes, at) VALUES (?, ?, ?, ?, ?)')
      .run([jobId, entity, key, JSON.stringify(changes), at]);
  }

  changesOf(entity: string, key: string): { jobId: number; changes: Record<string, [unknown, unknown]>; at: number }[] {
    return this.db
      .statement<{ jobId: number; changes: string; at: number }>(
        'imports.changesOf',
        'SELECT job_id AS jobId, changes, at FROM import_changes WHERE entity = ? AND entity_key = ? ORDER BY id',
      )
      .all([entity, key])
      .map((r) => ({ ...r, changes: JSON.parse(r.changes) as Record<string, [unknown, unknown]> }));
  }

  // --- components -------------------------------------------------------------------------
  component(id: string): ComponentWrite | undefined {
    return this.db.statement<ComponentWrite>('imports.component', `SELECT ${COMPONENT_COLUMNS} FROM components WHERE id = ?`).get([id]);
  }

  insertComponent(c: ComponentWrite): void {
    this.db
      .statement(
        'imports.insertComponent',
        `INSERT INTO components (id, standard_id, class_code, name, state, owner_dept_id, maintainer_dept_id, grid_code, lon, lat,
           data_source, note, created_date, changed_date) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run([c.id, c.standardId, c.classCode, c.name, c.state, c.ownerDeptId, c.maintainerDeptId, c.gridCode, c.lon, c.lat, c.dataSource, c.note, c.createdDate, c.changedDate]);
  }

  updateComponent(c: ComponentWrite): void {
    this.db
      .statement(
        'imports.updateComponent',
        `UPDATE components SET standard_id = ?, class_code = ?, name = ?, state = ?, owner_dept_id = ?, maintainer_dept_id = ?, grid_code = ?,
           lon = ?, lat = ?, data_source = ?, note = ?, created_date = ?, changed_date = ? WHERE id = ?`,
      )
      .run([c.standardId, c.classCode, c.name, c.state, c.ownerDeptId, c.maintainerDeptId, c.gridCode, c.lon, c.lat, c.dataSource, c.note, c.createdDate, c.changedDate, c.id]);
  }

  // --- grids and areas --------------------------------------------------------------------
  grid(code: string): GridWrite | undefined {
    return this.db
      .statement<GridWrite>(
        'imports.grid',
        `SELECT code, community_code AS communityCode, area_m2 AS areaM2, geometry, center_lon AS centerLon, center_lat AS centerLat,
           west, south, east, north FROM grids WHERE code = ?`,
      )
      .get([code]);
  }

  upsertGrid(g: GridWrite, now: number): void {
    this.db
      .statement(
        'imports.upsertGrid',
        `INSERT INTO grids (code, community_code, area_m2, geometry, center_lon, center_lat, west, south, east, north, changed_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (code) DO UPDATE SET community_code = excluded.community_code, area_m2 = excluded.area_m2, geometry = excluded.geometry,
           center_lon = excluded.center_lon, center_lat = excluded.center_lat, west = excluded.west, south = excluded.south,
           east = excluded.east, north = excluded.north, changed_at = excluded.changed_at`,
      )
      .run([g.code, g.communityCode, g.areaM2, g.geometry, g.centerLon, g.centerLat, g.west, g.south, g.east, g.north, now]);
  }

  /** Every grid polygon (for point-in-grid and the coverage check). */
  allGrids(): { code: string; geometry: string; west: number; south: number; east: number; north: number }[] {
    return this.db
      .statement<{ code: string; geometry: string; west: number; south: number; east: number; north: number }>(
        'imports.allGrids',
        'SELECT code, geometry, west, south, east, north FROM grids ORDER BY code',
      )
      .all();
  }

  area(code: string): { code: string; name: string } | undefined {
    return this.db.statement<{ code: string; name: string }>('imports.area', 'SELECT code, name FROM areas WHERE code = ?').get([code]);
  }

  insertArea(code: string, level: 'county' | 'street' | 'community', parentCode: string | null, name: string): void {
    this.db.statement('imports.insertArea', 'INSERT INTO areas (code, level, parent_code, name) VALUES (?, ?, ?, ?)').run([code, level, parentCode, name]);
  }

  renameArea(code: string, name: string): void {
    this.db.statement('imports.renameArea', 'UPDATE areas SET name = ? WHERE code = ?').run([name, code]);
  }

  createCounty(adminCode: string, name: string, box: { west: number; south: number; east: number; north: number }, now: number): void {
    this.db
      .statement(
        'imports.createCounty',
        `INSERT INTO county (id, admin_code, name, center_lon, center_lat, west, south, east, north, synthetic, created_at)
         VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?)`,
      )
      .run([adminCode, name, (box.west + box.east) / 2, (box.south + box.north) / 2, box.west, box.south, box.east, box.north, now]);
  }

  /** Widens the county's extent to hold every grid. */
  fitCountyToGrids(): void {
    this.db
      .statement(
        'imports.fitCounty',
        `UPDATE county SET
           west = min(west, (SELECT min(west) FROM grids)), south = min(south, (SELECT min(south) FROM grids)),
           east = max(east, (SELECT max(east) FROM grids)), north = max(north, (SELECT max(north) FROM grids))
         WHERE id = 1 AND EXISTS (SELECT 1 FROM grids)`,
      )
      .run();
    this.db
      .statement('imports.centerCounty', 'UPDATE county SET center_lon = (west + east) / 2, center_lat = (south + north) / 2 WHERE id = 1')
      .run();
  }

  // --- places -----------------------------------------------------------------------------
  placeByCode(code: string): (PlaceWrite & { id: number }) | undefined {
    return this.db
      .statement<PlaceWrite & { id: number }>(
        'imports.placeByCode',
        `SELECT id, code, kind, name, street_name AS streetName, house_no AS houseNo, lon, lat, grid_code AS gridCode FROM places WHERE code = ?`,
      )
      .get([code]);
  }

  placeByName(p: PlaceWrite): (PlaceWrite & { id: number }) | undefined {
    return this.db
      .statement<PlaceWrite & { id: number }>(
        'imports.placeByName',
        `SELECT id, code, kind, name, street_name AS streetName, house_no AS houseNo, lon, lat, grid_code AS gridCode FROM places
         WHERE code IS NULL AND kind = ? AND name = ? AND street_name IS ? AND house_no IS ? LIMIT 1`,
      )
      .get([p.kind, p.name, p.streetName, p.houseNo]);
  }

  insertPlace(p: PlaceWrite, changedDate: string): void {
    this.db
      .statement(
        'imports.insertPlace',
        'INSERT INTO places (code, kind, name, street_name, house_no, lon, lat, grid_code, changed_date) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run([p.code, p.kind, p.name, p.streetName, p.houseNo, p.lon, p.lat, p.gridCode, changedDate]);
  }

  updatePlace(id: number, p: PlaceWrite, changedDate: string): void {
    this.db
      .statement(
        'imports.updatePlace',
        'UPDATE places SET code = ?, kind = ?, name = ?, street_name = ?, house_no = ?, lon = ?, lat = ?, grid_code = ?, changed_date = ? WHERE id = ?',
      )
      .run([p.code, p.kind, p.name, p.streetName, p.houseNo, p.lon, p.lat, p.gridCode, changedDate, id]);
  }

  // --- departments ------------------------------------------------------------------------
  departmentByCode(code: string): (DepartmentWrite & { id: number }) | undefined {
    const r = this.db
      .statement<Omit<DepartmentWrite, 'active'> & { id: number; active: number }>(
        'imports.departmentByCode',
        'SELECT id, code, name, kind, parent_id AS parentId, level, phone, active FROM departments WHERE code = ?',
      )
      .get([code]);
    return r && { ...r, active: Boolean(r.active) };
  }

  departmentKeys(): { id: number; code: string; name: string }[] {
    return this.db.statement<{ id: number; code: string; name: string }>('imports.departmentKeys', 'SELECT id, code, name FROM departments').all();
  }

  insertDepartment(d: DepartmentWrite, changedDate: string): number {
    return new DepartmentStore(this.db).create({ ...d, level: d.level as 1 | 2, kind: d.kind as DepartmentKind }, changedDate);
  }

  updateDepartment(id: number, d: DepartmentWrite, changedDate: string): void {
    new DepartmentStore(this.db).update(id, { ...d, level: d.level as 1 | 2, kind: d.kind as DepartmentKind }, changedDate);
  }

  gridExists(code: string): boolean {
    return this.db.statement('imports.gridExists', 'SELECT 1 FROM grids WHERE code = ?').get([code]) !== undefined;
  }
}
