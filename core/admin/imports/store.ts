// SQL of the import: its jobs, the changes it made, and the keyed bulk writes of base data
// (insert new rows, update changed ones). Reads go through each aggregate's own store.
import type { ComponentRow } from '../../base/components/index.js';
import type { Db } from '../../db/database.js';
import { asSqlite } from '../../db/sqlite.js';
import { DepartmentStore, type DepartmentKind } from '../../base/departments/index.js';
import type { GridRow } from '../../base/grids/index.js';
import type { PlaceRow } from '../../base/places/index.js';
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

/** Component columns as staged and applied (the table's own names). */
const STAGED_COMPONENT_COLUMNS =
  'id, standard_id, class_code, name, state, owner_dept_id, maintainer_dept_id, grid_code, lon, lat, data_source, note, created_date, changed_date';

/**
 * The fields behind the components table's indexes (class, grid, position). A changed row whose
 * change leaves them alone (a new state, name, department, date: most of a re-delivery) is
 * updated without touching any index: 135,000 such updates in a table of 1.44 M took ~0.4 s,
 * against ~4 s when every column is set.
 */
const COMPONENT_KEYED_FIELDS = new Set(['standardId', 'classCode', 'gridCode', 'lon', 'lat']);
const COMPONENT_ATTRIBUTES = ['name', 'state', 'owner_dept_id', 'maintainer_dept_id', 'data_source', 'note', 'created_date', 'changed_date'];
const setFrom = (columns: string[]) => columns.map((c) => `${c} = s.${c}`).join(', ');

/**
 * The SQL of an import's staging file (its own scratch connection): the validated rows that
 * will be written, with what changed, kept out of the county's database until the apply.
 */
export class StagingStore {
  constructor(private readonly db: Db) {}

  async createTables(): Promise<void> {
    // Keyed by ID so the apply reads them in ID order without sorting under the write lock.
    await this.db
      .statement(
        'staging.createComponents',
        `CREATE TABLE components (id TEXT PRIMARY KEY, standard_id TEXT, class_code TEXT, name TEXT, state TEXT, owner_dept_id INTEGER,
           maintainer_dept_id INTEGER, grid_code TEXT, lon REAL, lat REAL, data_source TEXT, note TEXT, created_date TEXT, changed_date TEXT,
           changes TEXT, moved INTEGER NOT NULL) WITHOUT ROWID`,
      )
      .run();
    await this.db
      .statement(
        'staging.createPlaces',
        `CREATE TABLE places (seq INTEGER PRIMARY KEY, existing_id INTEGER, change_key TEXT, code TEXT, kind TEXT, name TEXT, street_name TEXT,
           house_no TEXT, lon REAL, lat REAL, grid_code TEXT, changed_date TEXT, changes TEXT)`,
      )
      .run();
  }

  /** A component to insert (no changes) or update (the fields that differ). */
  async component(c: ComponentWrite, changes: Record<string, [unknown, unknown]> | null): Promise<void> {
    const moved = changes !== null && Object.keys(changes).some((f) => COMPONENT_KEYED_FIELDS.has(f));
    await this.db
      .statement('staging.component', `INSERT INTO components (${STAGED_COMPONENT_COLUMNS}, changes, moved) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
      .run([
        c.id, c.standardId, c.classCode, c.name, c.state, c.ownerDeptId, c.maintainerDeptId, c.gridCode, c.lon, c.lat, c.dataSource, c.note,
        c.createdDate, c.changedDate, changes && JSON.stringify(changes), moved ? 1 : 0,
      ]);
  }

  /** A place to insert (existingId null) or update (its id, the key its changes go under). */
  async place(p: PlaceWrite, changedDate: string, existing: { id: number; key: string; changes: Record<string, [unknown, unknown]> } | null): Promise<void> {
    await this.db
      .statement(
        'staging.place',
        `INSERT INTO places (existing_id, change_key, code, kind, name, street_name, house_no, lon, lat, grid_code, changed_date, changes)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run([
        existing?.id ?? null, existing?.key ?? null, p.code, p.kind, p.name, p.streetName, p.houseNo, p.lon, p.lat, p.gridCode, changedDate,
        existing ? JSON.stringify(existing.changes) : null,
      ]);
  }
}

/** The county's frame and code, as an import checks positions and IDs against them. */
export interface ImportCountyRow {
  admin_code: string;
  west: number;
  south: number;
  east: number;
  north: number;
  center_lon: number;
}

export class ImportStore {
  constructor(private readonly db: Db) {}

  // --- what an import checks against ------------------------------------------------------
  async county(): Promise<ImportCountyRow | undefined> {
    return await this.db.statement<ImportCountyRow>('imports.county', 'SELECT admin_code, west, south, east, north, center_lon FROM county WHERE id = 1').get();
  }

  async standards(): Promise<{ id: string; component_id_digits: number; active: number }[]> {
    return await this.db
      .statement<{ id: string; component_id_digits: number; active: number }>('imports.standards', 'SELECT id, component_id_digits, active FROM class_standards ORDER BY active DESC, id')
      .all();
  }

  async componentClasses(): Promise<{ standard_id: string; code: string }[]> {
    return await this.db
      .statement<{ standard_id: string; code: string }>('imports.componentClasses', "SELECT standard_id, code FROM classes WHERE kind = 'component' AND level = 'small'")
      .all();
  }

  // --- jobs -------------------------------------------------------------------------------
  async createJob(job: { target: ImportTarget; fileName: string; dryRun: boolean; userId: number | null; now: number }): Promise<number> {
    return Number(
      (await this.db
        .statement('imports.createJob', `INSERT INTO import_jobs (target, file_name, dry_run, status, user_id, started_at) VALUES (?, ?, ?, 'running', ?, ?)`)
        .run([job.target, job.fileName, job.dryRun ? 1 : 0, job.userId, job.now])).lastInsertRowid,
    );
  }

  async finishJob(id: number, status: ImportJobRow['status'], report: ImportReport | null, now: number): Promise<void> {
    const c = report?.counts;
    await this.db
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
  async failJob(id: number, failure: string, now: number, cancelled = false): Promise<void> {
    await this.db
      .statement('imports.failJob', `UPDATE import_jobs SET status = 'failed', finished_at = ?, report = ? WHERE id = ?`)
      .run([now, JSON.stringify(cancelled ? { failure, cancelled } : { failure }), id]);
  }

  async job(id: number): Promise<ImportJobRow | undefined> {
    const r = await this.db.statement<Omit<ImportJobRow, 'dryRun'> & { dryRun: number }>('imports.job', `SELECT ${JOB_SELECT} FROM import_jobs WHERE id = ?`).get([id]);
    return r && { ...r, dryRun: Boolean(r.dryRun) };
  }

  async jobReport(id: number): Promise<{ report?: ImportReport; failure?: string; cancelled?: boolean }> {
    const r = await this.db.statement<{ report: string | null }>('imports.jobReport', 'SELECT report FROM import_jobs WHERE id = ?').get([id]);
    if (!r?.report) return {};
    const parsed = JSON.parse(r.report) as ImportReport & { failure?: string; cancelled?: boolean };
    if (parsed.failure === undefined) return { report: parsed };
    return parsed.cancelled ? { failure: parsed.failure, cancelled: true } : { failure: parsed.failure };
  }

  async jobs(limit = 50): Promise<ImportJobRow[]> {
    return (await this.db
      .statement<Omit<ImportJobRow, 'dryRun'> & { dryRun: number }>('imports.jobs', `SELECT ${JOB_SELECT} FROM import_jobs ORDER BY id DESC LIMIT ?`)
      .all([limit]))
      .map((r) => ({ ...r, dryRun: Boolean(r.dryRun) }));
  }

  /** Ids of jobs still marked running. */
  async runningJobIds(): Promise<number[]> {
    return (await this.db.statement<{ id: number }>('imports.runningJobIds', "SELECT id FROM import_jobs WHERE status = 'running'").all()).map((r) => r.id);
  }

  /** Jobs left running by a server that stopped: they wrote nothing (their apply never committed). */
  async failAbandoned(now: number): Promise<number> {
    return (await this.db.statement('imports.failAbandoned', `UPDATE import_jobs SET status = 'failed', finished_at = ? WHERE status = 'running'`).run([now])).changes;
  }

  async recordChange(jobId: number, entity: string, key: string, changes: Record<string, [unknown, unknown]>, at: number): Promise<void> {
    await this.db
      .statement('imports.recordChange', 'INSERT INTO import_changes (job_id, entity, entity_key, changes, at) VALUES (?, ?, ?, ?, ?)')
      .run([jobId, entity, key, JSON.stringify(changes), at]);
  }

  async changesOf(entity: string, key: string): Promise<{ jobId: number; changes: Record<string, [unknown, unknown]>; at: number }[]> {
    return (await this.db
      .statement<{ jobId: number; changes: string; at: number }>(
        'imports.changesOf',
        'SELECT job_id AS jobId, changes, at FROM import_changes WHERE entity = ? AND entity_key = ? ORDER BY id',
      )
      .all([entity, key]))
      .map((r) => ({ ...r, changes: JSON.parse(r.changes) as Record<string, [unknown, unknown]> }));
  }

  // --- revisions --------------------------------------------------------------------------
  /** The revision of a kind of base data (0 before its first import). */
  async revision(entity: ImportTarget): Promise<number> {
    return (await this.db.statement<{ revision: number }>('imports.revision', 'SELECT revision FROM data_revisions WHERE entity = ?').get([entity]))?.revision ?? 0;
  }

  async bumpRevision(entity: ImportTarget, jobId: number, now: number): Promise<void> {
    await this.db
      .statement(
        'imports.bumpRevision',
        `INSERT INTO data_revisions (entity, revision, changed_at, job_id) VALUES (?, 1, ?, ?)
         ON CONFLICT (entity) DO UPDATE SET revision = revision + 1, changed_at = excluded.changed_at, job_id = excluded.job_id`,
      )
      .run([entity, now, jobId]);
  }

  // --- the final apply of a staged import (the staging file attached as `staging`) -----------
  /**
   * New and changed components from staging, with what changed. Changed rows first, by ID:
   * those whose class, grid and position stay set only their other columns (no index is
   * touched), moved ones every column. Then the new rows in ID order (the primary key and the
   * class index grow at their ends); with `rebuildIndexes` (a load that is a large share of the
   * table) the secondary indexes are dropped first and built again once the rows are in.
   * Returns the rows written.
   */
  async applyStagedComponents(jobId: number, now: number, rebuildIndexes: boolean): Promise<number> {
    const updated =
      (await this.db
        .statement(
          'imports.applyComponentAttributes',
          `UPDATE components SET ${setFrom(COMPONENT_ATTRIBUTES)}
           FROM staging.components AS s WHERE s.changes IS NOT NULL AND s.moved = 0 AND components.id = s.id`,
        )
        .run()).changes +
      (await this.db
        .statement(
          'imports.applyComponentMoves',
          `UPDATE components SET ${setFrom(STAGED_COMPONENT_COLUMNS.split(', ').slice(1))}
           FROM staging.components AS s WHERE s.changes IS NOT NULL AND s.moved = 1 AND components.id = s.id`,
        )
        .run()).changes;
    const insert = async () =>
      (await this.db
        .statement(
          'imports.applyComponentInserts',
          `INSERT INTO components (${STAGED_COMPONENT_COLUMNS})
           SELECT ${STAGED_COMPONENT_COLUMNS} FROM staging.components WHERE changes IS NULL ORDER BY id`,
        )
        .run()).changes;
    const inserted = rebuildIndexes ? await asSqlite(this.db, 'imports').withIndexesRebuilt('components', insert) : await insert();
    await this.applyStagedChanges('component', 'components', 'id', 'id', jobId, now);
    return updated + inserted;
  }

  /** What changed in each updated row, from a staging table into import_changes. */
  private async applyStagedChanges(entity: 'component' | 'place', table: string, keyColumn: string, order: string, jobId: number, now: number): Promise<void> {
    await this.db
      .statement(
        `imports.applyChanges.${entity}`,
        `INSERT INTO import_changes (job_id, entity, entity_key, changes, at)
         SELECT ?, '${entity}', ${keyColumn}, changes, ? FROM staging.${table} WHERE changes IS NOT NULL ORDER BY ${order}`,
      )
      .run([jobId, now]);
  }

  /** Changed places (by their id) then new ones (in file order), with what changed; `rebuildIndexes` as for components. */
  async applyStagedPlaces(jobId: number, now: number, rebuildIndexes: boolean): Promise<number> {
    const updated = (await this.db
      .statement(
        'imports.applyPlaceUpdates',
        `UPDATE places SET code = s.code, kind = s.kind, name = s.name, street_name = s.street_name, house_no = s.house_no,
           lon = s.lon, lat = s.lat, grid_code = s.grid_code, changed_date = s.changed_date
         FROM staging.places AS s WHERE s.existing_id IS NOT NULL AND places.id = s.existing_id`,
      )
      .run()).changes;
    const insert = async () =>
      (await this.db
        .statement(
          'imports.applyPlaceInserts',
          `INSERT INTO places (code, kind, name, street_name, house_no, lon, lat, grid_code, changed_date)
           SELECT code, kind, name, street_name, house_no, lon, lat, grid_code, changed_date FROM staging.places
           WHERE existing_id IS NULL ORDER BY seq`,
        )
        .run()).changes;
    const inserted = rebuildIndexes ? await asSqlite(this.db, 'imports').withIndexesRebuilt('places', insert) : await insert();
    await this.applyStagedChanges('place', 'places', 'change_key', 'seq', jobId, now);
    return updated + inserted;
  }

  // --- components -------------------------------------------------------------------------
  async componentCount(): Promise<number> {
    return (await this.db.statement<{ n: number }>('imports.componentCount', 'SELECT count(*) AS n FROM components').get())?.n ?? 0;
  }

  async component(id: string): Promise<ComponentWrite | undefined> {
    return await this.db.statement<ComponentWrite>('imports.component', `SELECT ${COMPONENT_COLUMNS} FROM components WHERE id = ?`).get([id]);
  }

  /** Direct writes of single components and places: the single-transaction mode (RunOptions.singleTransaction). */
  async insertComponent(c: ComponentWrite): Promise<void> {
    await this.db
      .statement('imports.insertComponent', `INSERT INTO components (${STAGED_COMPONENT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
      .run([c.id, c.standardId, c.classCode, c.name, c.state, c.ownerDeptId, c.maintainerDeptId, c.gridCode, c.lon, c.lat, c.dataSource, c.note, c.createdDate, c.changedDate]);
  }

  async updateComponent(c: ComponentWrite): Promise<void> {
    await this.db
      .statement(
        'imports.updateComponent',
        `UPDATE components SET standard_id = ?, class_code = ?, name = ?, state = ?, owner_dept_id = ?, maintainer_dept_id = ?, grid_code = ?,
           lon = ?, lat = ?, data_source = ?, note = ?, created_date = ?, changed_date = ? WHERE id = ?`,
      )
      .run([c.standardId, c.classCode, c.name, c.state, c.ownerDeptId, c.maintainerDeptId, c.gridCode, c.lon, c.lat, c.dataSource, c.note, c.createdDate, c.changedDate, c.id]);
  }

  async insertPlace(p: PlaceWrite, changedDate: string): Promise<void> {
    await this.db
      .statement(
        'imports.insertPlace',
        'INSERT INTO places (code, kind, name, street_name, house_no, lon, lat, grid_code, changed_date) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run([p.code, p.kind, p.name, p.streetName, p.houseNo, p.lon, p.lat, p.gridCode, changedDate]);
  }

  async updatePlace(id: number, p: PlaceWrite, changedDate: string): Promise<void> {
    await this.db
      .statement(
        'imports.updatePlace',
        'UPDATE places SET code = ?, kind = ?, name = ?, street_name = ?, house_no = ?, lon = ?, lat = ?, grid_code = ?, changed_date = ? WHERE id = ?',
      )
      .run([p.code, p.kind, p.name, p.streetName, p.houseNo, p.lon, p.lat, p.gridCode, changedDate, id]);
  }

  // --- grids and areas --------------------------------------------------------------------
  async grid(code: string): Promise<GridWrite | undefined> {
    return await this.db
      .statement<GridWrite>(
        'imports.grid',
        `SELECT code, community_code AS communityCode, area_m2 AS areaM2, geometry, center_lon AS centerLon, center_lat AS centerLat,
           west, south, east, north FROM grids WHERE code = ?`,
      )
      .get([code]);
  }

  async upsertGrid(g: GridWrite, now: number): Promise<void> {
    await this.db
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
  async allGrids(): Promise<{ code: string; geometry: string; west: number; south: number; east: number; north: number }[]> {
    return await this.db
      .statement<{ code: string; geometry: string; west: number; south: number; east: number; north: number }>(
        'imports.allGrids',
        'SELECT code, geometry, west, south, east, north FROM grids ORDER BY code',
      )
      .all();
  }

  async area(code: string): Promise<{ code: string; name: string } | undefined> {
    return await this.db.statement<{ code: string; name: string }>('imports.area', 'SELECT code, name FROM areas WHERE code = ?').get([code]);
  }

  async insertArea(code: string, level: 'county' | 'street' | 'community', parentCode: string | null, name: string): Promise<void> {
    await this.db.statement('imports.insertArea', 'INSERT INTO areas (code, level, parent_code, name) VALUES (?, ?, ?, ?)').run([code, level, parentCode, name]);
  }

  async renameArea(code: string, name: string): Promise<void> {
    await this.db.statement('imports.renameArea', 'UPDATE areas SET name = ? WHERE code = ?').run([name, code]);
  }

  async createCounty(adminCode: string, name: string, box: { west: number; south: number; east: number; north: number }, now: number): Promise<void> {
    await this.db
      .statement(
        'imports.createCounty',
        `INSERT INTO county (id, admin_code, name, center_lon, center_lat, west, south, east, north, synthetic, created_at)
         VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?)`,
      )
      .run([adminCode, name, (box.west + box.east) / 2, (box.south + box.north) / 2, box.west, box.south, box.east, box.north, now]);
  }

  /** Widens the county's extent to hold every grid. */
  async fitCountyToGrids(): Promise<void> {
    await this.db
      .statement(
        'imports.fitCounty',
        `UPDATE county SET
           west = min(west, (SELECT min(west) FROM grids)), south = min(south, (SELECT min(south) FROM grids)),
           east = max(east, (SELECT max(east) FROM grids)), north = max(north, (SELECT max(north) FROM grids))
         WHERE id = 1 AND EXISTS (SELECT 1 FROM grids)`,
      )
      .run();
    await this.db
      .statement('imports.centerCounty', 'UPDATE county SET center_lon = (west + east) / 2, center_lat = (south + north) / 2 WHERE id = 1')
      .run();
  }

  // --- places -----------------------------------------------------------------------------
  async placeByCode(code: string): Promise<(PlaceWrite & { id: number }) | undefined> {
    return await this.db
      .statement<PlaceWrite & { id: number }>(
        'imports.placeByCode',
        `SELECT id, code, kind, name, street_name AS streetName, house_no AS houseNo, lon, lat, grid_code AS gridCode FROM places WHERE code = ?`,
      )
      .get([code]);
  }

  async placeByName(p: PlaceWrite): Promise<(PlaceWrite & { id: number }) | undefined> {
    return await this.db
      .statement<PlaceWrite & { id: number }>(
        'imports.placeByName',
        `SELECT id, code, kind, name, street_name AS streetName, house_no AS houseNo, lon, lat, grid_code AS gridCode FROM places
         WHERE code IS NULL AND kind = ? AND name = ? AND street_name IS ? AND house_no IS ? LIMIT 1`,
      )
      .get([p.kind, p.name, p.streetName, p.houseNo]);
  }



  async placeCount(): Promise<number> {
    return (await this.db.statement<{ n: number }>('imports.placeCount', 'SELECT count(*) AS n FROM places').get())?.n ?? 0;
  }

  // --- departments ------------------------------------------------------------------------
  async departmentByCode(code: string): Promise<(DepartmentWrite & { id: number }) | undefined> {
    const r = await this.db
      .statement<Omit<DepartmentWrite, 'active'> & { id: number; active: number }>(
        'imports.departmentByCode',
        'SELECT id, code, name, kind, parent_id AS parentId, level, phone, active FROM departments WHERE code = ?',
      )
      .get([code]);
    return r && { ...r, active: Boolean(r.active) };
  }

  async departmentKeys(): Promise<{ id: number; code: string; name: string }[]> {
    return await this.db.statement<{ id: number; code: string; name: string }>('imports.departmentKeys', 'SELECT id, code, name FROM departments').all();
  }

  async insertDepartment(d: DepartmentWrite, changedDate: string): Promise<number> {
    return await new DepartmentStore(this.db).create({ ...d, level: d.level as 1 | 2, kind: d.kind as DepartmentKind }, changedDate);
  }

  async updateDepartment(id: number, d: DepartmentWrite, changedDate: string): Promise<void> {
    await new DepartmentStore(this.db).update(id, { ...d, level: d.level as 1 | 2, kind: d.kind as DepartmentKind }, changedDate);
  }

  async gridExists(code: string): Promise<boolean> {
    return await this.db.statement('imports.gridExists', 'SELECT 1 FROM grids WHERE code = ?').get([code]) !== undefined;
  }
}
