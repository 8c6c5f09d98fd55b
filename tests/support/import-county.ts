// A county made the way a real one arrives: a temp data folder, the schema and dictionary,
// then unit grids imported from a GBK Shapefile in CGCS2000 3° Gauss-Krüger zone 39 — no
// demo county involved. Grids are a 4 × 3 lattice of ~98 m × 100 m cells at 118.1°E 28.4°N.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SqliteDb } from '../../core/db/sqlite.js';
import { applyMigrations } from '../../core/db/migrate.js';
import { seedDictionary } from '../../core/base/dictionary/seed.js';
import { executeImportJob } from '../../core/admin/imports/job.js';
import type { ImportReport } from '../../core/admin/imports/report.js';
import type { ImportRequest } from '../../core/admin/imports/run.js';
import { ImportStore } from '../../core/admin/imports/store.js';
import { silentLogger } from '../../core/runtime/log.js';
import { gaussKrugerForward } from './geodesy.js';
import { CGCS2000_GK3_39_PRJ, ShapefileWriter } from './shapefile-writer.js';

export const ADMIN_CODE = '990101';
export const COMMUNITY = '990101001001';
export const LON0 = 118.1;
export const LAT0 = 28.4;
export const CELL_LON = 0.001;
export const CELL_LAT = 0.0009;
export const COLS = 4;
export const ROWS = 3;
export const gk39 = (lon: number, lat: number) => gaussKrugerForward(lon, lat, 117, 39_500_000);

export function gridCodeAt(col: number, row: number): string {
  return `${COMMUNITY}${String(row * COLS + col + 1).padStart(3, '0')}`;
}

export interface ImportCounty {
  dir: string;
  db: SqliteDb;
  /** Runs an import as the CLI would (a job row, then the run). */
  run(request: Omit<ImportRequest, 'workDir' | 'fileName'> & { fileName?: string }): Promise<ImportReport>;
  close(): Promise<void>;
}

export function writeGridShapefile(dir: string, options: { skip?: (col: number, row: number) => boolean; shift?: { col: number; row: number; dLon: number } } = {}): string {
  mkdirSync(dir, { recursive: true });
  const w = new ShapefileWriter({
    base: path.join(dir, '单元网格'),
    shapeType: 'polygon',
    encoding: 'gbk',
    cpg: false,
    languageDriver: 0x4d,
    prj: CGCS2000_GK3_39_PRJ,
    fields: [
      { name: 'BGID', type: 'C', length: 15 },
      { name: 'JDMC', type: 'C', length: 30 },
      { name: 'SQMC', type: 'C', length: 30 },
    ],
  });
  for (let row = 0; row < ROWS; row++) {
    for (let col = 0; col < COLS; col++) {
      if (options.skip?.(col, row)) continue;
      const dx = options.shift && options.shift.col === col && options.shift.row === row ? options.shift.dLon : 0;
      const w0 = LON0 + col * CELL_LON + dx;
      const s0 = LAT0 + row * CELL_LAT;
      // Shapefile outer rings run clockwise.
      const ring: [number, number][] = [
        [w0, s0], [w0, s0 + CELL_LAT], [w0 + CELL_LON, s0 + CELL_LAT], [w0 + CELL_LON, s0], [w0, s0],
      ].map(([lon, lat]) => gk39(lon!, lat!));
      w.add({ kind: 'polygon', rings: [ring], props: { BGID: gridCodeAt(col, row), JDMC: '城关街道', SQMC: '东门社区' } });
    }
  }
  return w.close();
}

export async function makeImportCounty(options: { withGrids?: boolean } = {}): Promise<ImportCounty> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gridhall-import-test-'));
  const db = new SqliteDb(path.join(dir, 'gridhall.db'), silentLogger);
  await applyMigrations(db);
  await seedDictionary(db);
  let n = 0;
  const county: ImportCounty = {
    dir,
    db,
    async run(request) {
      const now = Date.parse('2026-11-20T10:00:00+08:00') + n * 86_400_000;
      const workDir = path.join(dir, `work-${++n}`);
      const fileName = request.fileName ?? path.basename(request.file);
      const jobId = await new ImportStore(db).createJob({ target: request.target, fileName, dryRun: request.dryRun ?? false, userId: null, now });
      return await executeImportJob(db, jobId, { ...request, fileName, workDir }, now);
    },
    async close() {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  if (options.withGrids !== false) {
    const report = await county.run({ target: 'grids', file: writeGridShapefile(path.join(dir, 'grids')), countyName: '测试县' });
    if (!report.written) throw new Error(`grid import failed: ${JSON.stringify(report.groups)}`);
  }
  return county;
}
