// An import from file to database: open the file, settle the coordinate system and the field
// mapping, check every row (pass 1: the report), and only when nothing is wrong write every
// row in one transaction (pass 2), updating by key and recording what changed. A dry run
// stops after pass 1. Large tables are read twice rather than held in memory.
import { AuditStore } from '../audit/index.js';
import { AuthStore } from '../../base/people/index.js';
import { CrsError, describeCrs, formatCrs, toWgs84, type CrsSpec } from '../../base/crs/index.js';
import { guessCrs, readPrj } from '../../base/crs/index.js';
import type { Db } from '../../db/database.js';
import type { SqliteDb } from '../../db/sqlite.js';
import { openSource } from '../formats/index.js';
import { SourceError, type FeatureSource, type SourceRecord } from '../formats/index.js';
import { componentChecker, departmentChecker, gridChecker, placeChecker, userChecker, type CheckEnv, type Checker, type Comparison } from './checks.js';
import { rawPoint, samplePositions } from './geometry.js';
import { GridIndex } from './grid-index.js';
import type { ImportPreview } from '../../contract/admin.js';
import { IssueLog, type ImportCounts, type ImportReport } from './report.js';
import { Staging } from './staging.js';
import { ImportStore, type ImportCountyRow } from './store.js';
import { pipelineChecker, wellChecker } from './pipelines.js';
import { guessMapping, TARGETS, type FieldMapping, type ImportTarget } from './targets.js';

export interface ImportRequest {
  target: ImportTarget;
  /** Path of the file (or folder) on this machine. */
  file: string;
  /** The name the user knows it by (an upload's original name). */
  fileName: string;
  /** Scratch folder of this import (a .zip unpacks here). */
  workDir: string;
  /** The coordinate system, when the user chose one; else the .prj, else a guess. */
  crs?: CrsSpec;
  /** Swap the two coordinate columns (true), keep them (false), or detect and refuse (undefined). */
  swapAxes?: boolean;
  /** Target field -> column; guessed from column names where absent. */
  mapping?: FieldMapping;
  /** 'merge': the mapping given overrides the guess field by field (the CLI's --map); else it replaces it. */
  mappingMode?: 'replace' | 'merge';
  dryRun?: boolean;
  /** Name of the county when a grid import creates it. */
  countyName?: string;
}

export type { ImportProgress } from '../../contract/admin.js';
import type { ImportProgress } from '../../contract/admin.js';

export interface RunOptions {
  jobId: number;
  now: number;
  /** YYYY-MM-DD in the county: the 变更日期 written on changed rows. */
  today: string;
  onProgress?: (p: ImportProgress) => void;
  hashPassword?: (password: string) => Promise<string>;
  generatePassword?: () => string;
  /** Cancels the import (checked between chunks; the apply itself runs to its end). */
  signal?: AbortSignal;
  /**
   * Called once the rows are staged, before the apply takes the county's write lock; the
   * server uses it to hold back its own writers (see Db.holdWrites) until afterApply.
   */
  beforeApply?: () => Promise<void>;
  afterApply?: () => void;
  /**
   * Write a large target the way imports did before staging: pass 2 holds the county's write
   * lock from its first row to its commit (170,000 components: ~11 s). Only the benchmark uses
   * it, as the baseline the staged write is measured against.
   */
  singleTransaction?: boolean;
}

export interface CrsResolution {
  crs?: CrsSpec;
  source: 'chosen' | 'prj' | 'guessed' | 'none';
  swap: boolean;
  /** The numbers look swapped (suggest ticking "swap"). */
  looksSwapped: boolean;
  reason?: string;
  error?: { code: string; message: string };
}

const yieldNow = () => new Promise<void>((resolve) => setImmediate(resolve));

type CountyRow = ImportCountyRow;

async function countyOf(db: Db): Promise<CountyRow | undefined> {
  return await new ImportStore(db).county();
}

/** Raw positions from the first records, to guess the coordinate system. */
async function samples(source: FeatureSource, target: ImportTarget, mapping: FieldMapping): Promise<[number, number][]> {
  const out: [number, number][] = [];
  for await (const batch of source.batches({ batchSize: 200 })) {
    for (const rec of batch) {
      if (TARGETS[target].geometry === 'point') {
        const p = rawPoint(rec, mapping);
        if (p) out.push(p);
      } else if (TARGETS[target].geometry === 'line' && !rec.geometry) {
        // A pipe table without shapes: its start and end columns.
        const p = rawPoint(rec, { x: mapping.x1!, y: mapping.y1! });
        const q = rawPoint(rec, { x: mapping.x2!, y: mapping.y2! });
        for (const r of [p, q]) if (r) out.push(r);
      } else out.push(...samplePositions(rec.geometry).map((p) => [p[0], p[1]] as [number, number]));
    }
    break;
  }
  return out.slice(0, 400);
}

export async function resolveCrs(source: FeatureSource, request: ImportRequest, mapping: FieldMapping, nearLon?: number): Promise<CrsResolution> {
  const needs = TARGETS[request.target].geometry;
  if (needs === 'none') return { source: 'none', swap: false, looksSwapped: false };
  const guess = guessCrs(await samples(source, request.target, mapping), nearLon);
  const looksSwapped = guess.swapped;
  const swapFor = (error: boolean): Pick<CrsResolution, 'swap' | 'error'> => {
    if (request.swapAxes !== undefined) return { swap: request.swapAxes };
    if (looksSwapped && error) {
      return {
        swap: false,
        error: {
          code: 'crs.swapped',
          message: `the coordinates look swapped: ${guess.reason}. Check the mapping, or choose "swap the coordinate columns"`,
        },
      };
    }
    return { swap: false };
  };
  if (request.crs) return { crs: request.crs, source: 'chosen', looksSwapped, reason: guess.reason, ...swapFor(true) };
  if (source.info.prj) {
    try {
      const prj = readPrj(source.info.prj);
      return { crs: prj.crs, source: 'prj', looksSwapped, reason: `the .prj says ${prj.name}`, ...swapFor(true) };
    } catch (error) {
      if (error instanceof CrsError) return { source: 'prj', swap: false, looksSwapped, error: { code: 'crs.unknown', message: error.message } };
      throw error;
    }
  }
  if (!guess.crs) {
    return { source: 'guessed', swap: false, looksSwapped, reason: guess.reason, error: { code: 'crs.unknown', message: `unknown coordinate system: ${guess.reason}; choose one` } };
  }
  return { crs: guess.crs, source: 'guessed', looksSwapped, reason: guess.reason, ...swapFor(true) };
}

async function makeChecker(db: Db, target: ImportTarget, env: CheckEnv, request: ImportRequest, options: RunOptions, passwords: { username: string; password: string }[]): Promise<Checker<unknown>> {
  switch (target) {
    case 'components':
      return (await componentChecker(env)) as Checker<unknown>;
    case 'places':
      return placeChecker(env) as Checker<unknown>;
    case 'grids':
      return gridChecker(env, { countyName: request.countyName }) as Checker<unknown>;
    case 'departments':
      return departmentChecker(env) as Checker<unknown>;
    case 'pipelines':
      return pipelineChecker(env, db) as Checker<unknown>;
    case 'wells':
      return wellChecker(env, db) as Checker<unknown>;
    case 'users':
      return userChecker(env, {
        hash: options.hashPassword ?? (async () => {
          throw new Error('no password hasher');
        }),
        generate: options.generatePassword ?? (() => 'changeme-now'),
        passwords,
      }) as Checker<unknown>;
  }
}

async function checkEnv(db: Db, store: ImportStore, mapping: FieldMapping, crs: CrsResolution, options: RunOptions, target: ImportTarget): Promise<CheckEnv> {
  const county = await countyOf(db);
  const standards = await store.standards();
  const standardsByDigits = new Map<number, string>();
  for (const s of standards) if (!standardsByDigits.has(s.component_id_digits)) standardsByDigits.set(s.component_id_digits, s.id);
  const classes = await store.componentClasses();
  return {
    store,
    auth: new AuthStore(db),
    mapping,
    convert: crs.crs ? toWgs84(crs.crs) : (x, y) => [x, y],
    swap: crs.swap,
    county: county && { adminCode: county.admin_code, west: county.west, south: county.south, east: county.east, north: county.north },
    grids: target === 'components' || target === 'places' ? GridIndex.fromRows(await store.allGrids()) : new GridIndex([]),
    standardsByDigits,
    componentClasses: new Set(classes.map((c) => `${c.standard_id}|${c.code}`)),
    today: options.today,
    now: options.now,
    jobId: options.jobId,
  };
}

function mappingOf(request: ImportRequest, columns: string[]): FieldMapping {
  if (!request.mapping) return guessMapping(request.target, columns);
  return request.mappingMode === 'merge' ? { ...guessMapping(request.target, columns), ...request.mapping } : request.mapping;
}

function fileIssue(log: IssueLog, error: unknown): void {
  if (error instanceof SourceError) log.error(0, error.code, error.message, error.params);
  else if (error instanceof CrsError) log.error(0, 'crs.unknown', error.message);
  else throw error;
}

/** Checks the mapping covers what the target needs; logs file-level errors. */
function checkMapping(target: ImportTarget, mapping: FieldMapping, source: FeatureSource, log: IssueLog): void {
  const spec = TARGETS[target];
  const columns = new Set(source.info.fields);
  for (const [field, column] of Object.entries(mapping)) {
    if (!columns.has(column)) log.error(0, 'field.noColumn', `field ${field} is mapped to column "${column}", which the file does not have`, { field, column }, field);
  }
  for (const f of spec.fields) {
    if (f.required && mapping[f.key] === undefined) {
      log.error(0, 'field.unmapped', `required field ${f.key} is not mapped to a column`, { field: f.key }, f.key);
    }
  }
  if (spec.geometry === 'point' && source.info.geometryType !== 'point' && (mapping.x === undefined || mapping.y === undefined)) {
    log.error(0, 'field.unmapped', 'the file has no point shapes: map the two coordinate columns (X/经度 and Y/纬度)', { field: 'x' }, 'x');
  }
  if (spec.geometry === 'line' && source.info.geometryType !== 'line' && ['x1', 'y1', 'x2', 'y2'].some((f) => mapping[f] === undefined)) {
    log.error(0, 'field.unmapped', 'the file has no line shapes: map the start and end coordinate columns (起点X/Y, 终点X/Y)', { field: 'x1' }, 'x1');
  }
  if (spec.geometry === 'polygon' && source.info.geometryType !== 'polygon') {
    log.error(0, 'geometry.type', `unit grids need polygons, but the file holds ${source.info.geometryType === 'none' ? 'no shapes' : `${source.info.geometryType}s`}`, {});
  }
}

function emptyCounts(): ImportCounts {
  return { rows: 0, valid: 0, inserted: 0, updated: 0, unchanged: 0 };
}

function tally(counts: ImportCounts, c: Comparison): void {
  if (c.kind === 'insert') counts.inserted++;
  else if (c.kind === 'update') counts.updated++;
  else counts.unchanged++;
}

/** Thrown when the user cancels a running import; nothing is written. */
export class ImportCancelled extends Error {
  constructor() {
    super('the import was cancelled: nothing was written');
  }
}

function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new ImportCancelled();
}

/** Pass 2's look at one record: checked again and compared (and counted); undefined when it does not pass. */
async function recheck(checker: Checker<unknown>, rec: SourceRecord, log: IssueLog, counts: ImportCounts): Promise<{ value: unknown; c: Comparison } | undefined> {
  counts.rows++;
  const value = await checker.check(rec, log);
  if (value === undefined) return undefined;
  const c = await checker.compare(value);
  tally(counts, c);
  return { value, c };
}

/** Pass 1 found no error, so an error in pass 2 means the file changed under the import. */
function throwIfFileChanged(log: IssueLog): void {
  if (log.errors > 0) throw new Error(`the file changed while it was imported: ${log.sortedListed()[0]?.message ?? ''}`);
}

/** Inside the write transaction: the job's end, the revision of what it wrote, an audit row. */
async function recordWrite(db: Db, store: ImportStore, target: ImportTarget, options: RunOptions, done: ImportReport): Promise<void> {
  await store.bumpRevision(target, options.jobId, options.now);
  const job = await store.job(options.jobId);
  const user = job?.userId != null ? await new AuthStore(db).userById(job.userId) : undefined;
  await new AuditStore(db).record(user ? { id: user.id, username: user.username } : null, 'import', String(options.jobId), 'create', undefined, {
    target, fileName: done.fileName, format: done.format, ...done.counts,
  }, options.now);
  await store.finishJob(options.jobId, 'done', done, options.now);
}

/**
 * Pass 2 of a large target (components, places). Rows are checked again from the file and the
 * new and changed ones go, in short chunks, into a staging file of their own: the county's
 * write lock is not taken at all while the file is read. Then one short transaction applies
 * the staged rows to the real tables, bumps the revision and finishes the job. Nothing reaches
 * the real tables unless that transaction commits: a failure or cancel before or inside it
 * leaves them as they were, and the staging file is deleted either way.
 */
async function writeStaged(
  db: SqliteDb,
  store: ImportStore,
  options: RunOptions,
  target: ImportTarget,
  counts: ImportCounts,
  finish: () => ImportReport,
  checker: Checker<unknown>,
  batches: AsyncIterable<SourceRecord[]>,
): Promise<void> {
  const revision = await store.revision(target);
  const staging = await Staging.open(db, options.jobId);
  try {
    const log = new IssueLog();
    const staged = emptyCounts();
    const total = Math.max(counts.rows, 1);
    for await (const batch of batches) {
      throwIfCancelled(options.signal);
      await staging.chunk(async () => {
        for (const rec of batch) {
          const row = await recheck(checker, rec, log, staged);
          if (row && row.c.kind !== 'unchanged') await checker.stage!(row.value, row.c, staging.store);
        }
      });
      throwIfFileChanged(log);
      options.onProgress?.({ phase: 'write', fraction: 0.5 + (staged.rows / total) * 0.5, rows: staged.rows });
      await yieldNow();
    }
    throwIfCancelled(options.signal);
    Object.assign(counts, { inserted: staged.inserted, updated: staged.updated, unchanged: staged.unchanged });
    options.onProgress?.({ phase: 'apply', fraction: 1, rows: staged.rows });
    await options.beforeApply?.();
    try {
      await staging.attachedTo(db, async () =>
        await db.transaction(async () => {
          if (await store.revision(target) !== revision) {
            throw new Error(`another import of ${target} was written while this one was staged: nothing was written; import the file again`);
          }
          await checker.applyStaged!();
          await recordWrite(db, store, target, options, finish());
        }),
      );
    } finally {
      options.afterApply?.();
    }
  } finally {
    await staging.dispose();
  }
}

/** Runs an import on a connection it owns (a worker's or the command line's). */
export async function runImport(db: SqliteDb, request: ImportRequest, options: RunOptions): Promise<ImportReport> {
  const store = new ImportStore(db);
  const log = new IssueLog();
  const notes: string[] = [];
  const passwords: { username: string; password: string }[] = [];
  const counts = emptyCounts();
  const report = (extra: Partial<ImportReport> = {}): ImportReport => ({
    target: request.target, fileName: request.fileName, format: 'unknown', rowKind: 'record', dryRun: request.dryRun ?? false, written: false,
    counts, errors: log.errors, warnings: log.warnings, groups: log.allGroups(), issues: log.sortedListed(), notes, ...extra,
  });
  let source: FeatureSource | undefined;
  try {
    try {
      source = await openSource(request.file, { workDir: request.workDir });
    } catch (error) {
      fileIssue(log, error);
      return report();
    }
    const info = source.info;
    const mapping = mappingOf(request, info.fields);
    const county = await countyOf(db);
    const crs = await resolveCrs(source, request, mapping, county?.center_lon).catch((error: unknown) => {
      fileIssue(log, error);
      return undefined;
    });
    const base: Partial<ImportReport> = {
      format: info.format,
      rowKind: info.rowKind,
      encoding: info.encoding && `${info.encoding.name === 'gbk' ? 'GBK' : 'UTF-8'} (${info.encoding.source})`,
      crs: crs?.crs ? `${describeCrs(crs.crs)}${crs.swap ? ', columns swapped' : ''}` : undefined,
      crsSource: crs?.source,
    };
    if (crs?.error) log.error(0, crs.error.code, crs.error.message);
    if (crs?.source === 'guessed' && crs.crs) notes.push(`coordinate system guessed: ${crs.reason}`);
    if (crs?.crs?.kind === 'wgs84' && crs.source === 'guessed') notes.push('degrees were taken as WGS84; choose GCJ-02 if the points came from AMap or Tencent maps, BD-09 if from Baidu');
    checkMapping(request.target, mapping, source, log);
    if (TARGETS[request.target].geometry !== 'none' && request.target !== 'grids' && !county) {
      log.error(0, 'county.missing', 'the county has no unit grids yet: import the grids first (they make the county)');
    }
    if (log.errors > 0 || !crs) return report(base);

    const env = await checkEnv(db, store, mapping, crs, options, request.target);
    const checker = await makeChecker(db, request.target, env, request, options, passwords);
    const spec = TARGETS[request.target];
    const wanted = [...new Set(Object.values(mapping))];
    const kept: unknown[] = [];
    const share = request.dryRun ? 1 : 0.5;
    for await (const batch of source.batches({ fields: wanted, onProgress: (f) => options.onProgress?.({ phase: 'check', fraction: f * share, rows: counts.rows }) })) {
      throwIfCancelled(options.signal);
      for (const rec of batch) {
        counts.rows++;
        const value = await checker.check(rec, log);
        if (value === undefined) continue;
        counts.valid++;
        if (!spec.streaming) kept.push(value);
        tally(counts, await checker.compare(value));
      }
      await yieldNow();
    }
    await checker.finish(log);
    for (const note of source.notes) log.warn(note.row, note.code, note.message, note.params);
    if (counts.rows === 0) log.error(0, 'file.empty', 'the file holds no rows');
    if (request.dryRun || log.errors > 0) return report(base);

    // Nothing new and nothing changed: there is nothing to write (a repeated delivery).
    if (spec.streaming && counts.inserted === 0 && counts.updated === 0) {
      const done = report({ ...base, written: true });
      await store.finishJob(options.jobId, 'done', done, options.now);
      options.onProgress?.({ phase: 'write', fraction: 1, rows: counts.rows });
      return done;
    }

    const finish = (): ImportReport => report({ ...base, written: true });
    if (spec.streaming && !options.singleTransaction) {
      // The file is read again (1.44 M rows are not held in memory), with a fresh checker.
      const again = await makeChecker(db, request.target, env, request, options, passwords);
      await writeStaged(db, store, options, request.target, counts, finish, again, source.batches({ fields: wanted }));
    } else {
      // Pass 2 in one write transaction: small targets (grids, departments, users: thousands
      // of rows at most, kept from pass 1), or a large one in the single-transaction mode.
      const written = emptyCounts();
      await checker.beforeWrite?.(kept);
      await options.beforeApply?.();
      try {
        await db.exclusiveTransaction(async () => {
          if (spec.streaming) {
            const again = await makeChecker(db, request.target, env, request, options, passwords);
            const scratch = new IssueLog();
            for await (const batch of source!.batches({ fields: wanted })) {
              for (const rec of batch) {
                const row = await recheck(again, rec, scratch, written);
                if (row) await again.write(row.value, row.c);
              }
              options.onProgress?.({ phase: 'write', fraction: 0.5 + (written.rows / Math.max(counts.rows, 1)) / 2, rows: written.rows });
              await yieldNow();
            }
            throwIfFileChanged(scratch);
          } else {
            const ordered = checker.writeOrder ? checker.writeOrder(kept) : kept;
            for (const [k, value] of ordered.entries()) {
              const c = await checker.compare(value);
              tally(written, c);
              await checker.write(value, c);
              if (k % 2000 === 0) options.onProgress?.({ phase: 'write', fraction: 0.5 + (k / Math.max(kept.length, 1)) / 2, rows: k });
            }
          }
          await checker.afterWrite?.();
          Object.assign(counts, { inserted: written.inserted, updated: written.updated, unchanged: written.unchanged });
          await recordWrite(db, store, request.target, options, finish());
        });
      } finally {
        options.afterApply?.();
      }
    }
    options.onProgress?.({ phase: 'apply', fraction: 1, rows: counts.rows });
    return report({ ...base, written: true, passwords: passwords.length ? passwords : undefined });
  } finally {
    source?.close();
  }
}

export type PreviewResult = ImportPreview;

/** What the file holds and how it would be read, before anything is checked or written. */
export async function previewImport(db: Db, request: ImportRequest, limits = { rows: 20, features: 2000 }): Promise<PreviewResult> {
  const source = await openSource(request.file, { workDir: request.workDir });
  try {
    const info = source.info;
    const mapping = mappingOf(request, info.fields);
    const county = await countyOf(db);
    const crs = await resolveCrs(source, request, mapping, county?.center_lon);
    const convert = crs.crs ? toWgs84(crs.crs) : undefined;
    const rows: PreviewResult['rows'] = [];
    const points: [number, number][] = [];
    const polygons: [number, number][][] = [];
    const swap = crs.swap || (request.swapAxes === undefined && crs.looksSwapped);
    for await (const batch of source.batches({ batchSize: 500 })) {
      for (const rec of batch) {
        if (rows.length < limits.rows) rows.push({ row: rec.row, props: rec.props });
        if (!convert || points.length + polygons.length >= limits.features) continue;
        const g = rec.geometry;
        if (g?.type === 'Polygon' || g?.type === 'MultiPolygon') {
          const ring = g.type === 'Polygon' ? g.coordinates[0] : g.coordinates[0]?.[0];
          if (ring) polygons.push(ring.map(([x, y]) => (swap ? convert(y, x) : convert(x, y))));
        } else {
          const p = rawPoint(rec, mapping);
          if (p) points.push(swap ? convert(p[1], p[0]) : convert(p[0], p[1]));
        }
      }
      if (rows.length >= limits.rows && (points.length + polygons.length >= limits.features || !convert)) break;
    }
    return {
      format: info.format,
      rowKind: info.rowKind,
      fields: info.fields,
      count: info.count,
      encoding: info.encoding && `${info.encoding.name === 'gbk' ? 'GBK' : 'UTF-8'} (${info.encoding.source})`,
      geometryType: info.geometryType,
      mapping,
      targetFields: TARGETS[request.target].fields.map((f) => ({ key: f.key, required: f.required ?? false })),
      crs: {
        text: crs.crs && formatCrs(crs.crs), description: crs.crs && describeCrs(crs.crs), source: crs.source, swap: crs.swap,
        looksSwapped: crs.looksSwapped, reason: crs.reason, error: crs.error?.message,
      },
      rows,
      points,
      polygons,
      county: county && { west: county.west, south: county.south, east: county.east, north: county.north },
    };
  } finally {
    source.close();
  }
}
