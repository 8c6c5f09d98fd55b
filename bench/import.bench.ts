// Importing a county's survey: 170,000 components (a county) and 1.44 M (Fuzhou) from a GBK
// Shapefile in CGCS2000 3° Gauss-Krüger zone 39, over a lattice of unit grids. For each size:
// validation alone (a dry run), the full import (check, stage, apply), and peak memory; how
// long the import holds SQLite's write lock and how long a concurrent case-action-sized write
// on another connection (bench/lock-probe.ts, in another thread) waits — beside the same
// import written the way it was before staging (pass 2 in one write transaction) into a
// second county in the same run; a re-delivery with 10 % of the rows changed; and the
// baselines: reading the file with no checks, and the raw insert rate of the same rows.
// GRIDHALL_BENCH_IMPORT_SIZES=170000 limits the sizes (e.g. for a quick look);
// GRIDHALL_BENCH_IMPORT_REPS sets how many runs of each write mode the lock figures are the median of
// (3 for a county, 1 for a city).
import { rmSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { ComponentStore, type ComponentRow } from '../core/base/components/store.js';
import { BUSY_TIMEOUT_MS, SqliteDb } from '../core/db/sqlite.js';
import { applyMigrations } from '../core/db/migrate.js';
import { seedDictionary } from '../core/base/dictionary/seed.js';
import { openSource } from '../core/admin/formats/open.js';
import { executeImportJob } from '../core/admin/imports/job.js';
import type { ImportReport } from '../core/admin/imports/report.js';
import { ImportStore } from '../core/admin/imports/store.js';
import { silentLogger } from '../core/runtime/log.js';
import { gaussKrugerForward } from '../tests/support/geodesy.js';
import { CGCS2000_GK3_39_PRJ, ShapefileWriter } from '../tests/support/shapefile-writer.js';
import { fmt, loadAverage, printSection, QUICK, tempDir, type Figure } from './harness.js';
import type { ProbeResult } from './lock-probe.js';

const ADMIN = '990101';
const LON0 = 118.1;
const LAT0 = 28.4;
const CELL_LON = 0.001;
const CELL_LAT = 0.0009;
const gk = (lon: number, lat: number) => gaussKrugerForward(lon, lat, 117, 39_500_000);
const CLASSES = ['0101', '0102', '0103', '0104', '0105', '0118', '0117', '0305', '0209', '0213', '0402', '0403'];
const NAMES = ['上水井盖', '污水井盖', '雨水井盖', '雨水箅子', '电力井盖', '路灯', '立杆', '垃圾箱', '交通标志牌', '路名牌', '行道树', '护树设施'];

/** A square lattice of grids big enough for n components at ~85 per grid (a county's density). */
function writeGrids(dir: string, n: number): { cols: number; rows: number; file: string } {
  const cells = Math.ceil(n / 85);
  const cols = Math.ceil(Math.sqrt(cells));
  const rows = Math.ceil(cells / cols);
  const w = new ShapefileWriter({ base: path.join(dir, 'grids'), shapeType: 'polygon', encoding: 'gbk', prj: CGCS2000_GK3_39_PRJ, languageDriver: 0x4d, fields: [{ name: 'BGID', type: 'C', length: 15 }] });
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const k = r * cols + c;
      const street = 1 + Math.floor(k / (999 * 50));
      const community = 1 + (Math.floor(k / 999) % 50);
      const code = `${ADMIN}${String(street).padStart(3, '0')}${String(community).padStart(3, '0')}${String((k % 999) + 1).padStart(3, '0')}`;
      const w0 = LON0 + c * CELL_LON;
      const s0 = LAT0 + r * CELL_LAT;
      const ring = [[w0, s0], [w0, s0 + CELL_LAT], [w0 + CELL_LON, s0 + CELL_LAT], [w0 + CELL_LON, s0], [w0, s0]].map(([x, y]) => gk(x!, y!));
      w.add({ kind: 'polygon', rings: [ring], props: { BGID: code } });
    }
  }
  return { cols, rows, file: w.close() };
}

/** The components file; `changedEvery` k marks every k-th component 破损 (a re-delivery). */
function writeComponents(dir: string, n: number, cols: number, rows: number, changedEvery = 0): string {
  const w = new ShapefileWriter({
    base: path.join(dir, `components-${n}${changedEvery ? `-changed` : ''}`), shapeType: 'point', encoding: 'gbk', prj: CGCS2000_GK3_39_PRJ, languageDriver: 0x4d,
    fields: [
      { name: 'OBJID', type: 'C', length: 16 }, { name: 'OBJNAME', type: 'C', length: 30 }, { name: 'OBJSTATE', type: 'C', length: 8 },
      { name: 'ORDATE', type: 'D', length: 8 }, { name: 'DATASOURCE', type: 'C', length: 10 }, { name: 'NOTE', type: 'C', length: 60 },
    ],
  });
  const serial = new Map<string, number>();
  for (let k = 0; k < n; k++) {
    const cls = k % CLASSES.length;
    const code = CLASSES[cls]!;
    const s = (serial.get(code) ?? 0) + 1;
    serial.set(code, s);
    const lon = LON0 + ((k * 7919) % (cols * 1000)) / 1000 * CELL_LON + 0.0000037;
    const lat = LAT0 + ((k * 104729) % (rows * 1000)) / 1000 * CELL_LAT + 0.0000041;
    const [x, y] = gk(lon, lat);
    w.add({ kind: 'point', x, y, props: { OBJID: `${ADMIN}${code}${String(s).padStart(6, '0')}`, OBJNAME: NAMES[cls]!, OBJSTATE: k % 17 && !(changedEvery && k % changedEvery === 0) ? '完好' : '破损', ORDATE: '20240315', DATASOURCE: '实测', NOTE: '2024年普查' } });
  }
  return w.close();
}

/** Peak resident memory while fn runs, sampled every 50 ms. */
async function withPeak<T>(fn: () => Promise<T>): Promise<{ result: T; ms: number; peakMb: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  const start = performance.now();
  try {
    const result = await fn();
    return { result, ms: performance.now() - start, peakMb: Math.max(peak, process.memoryUsage().rss) / 1048576 };
  } finally {
    clearInterval(timer);
  }
}

async function county(dir: string, name: string): Promise<SqliteDb> {
  const db = new SqliteDb(path.join(dir, `${name}.db`), silentLogger);
  await applyMigrations(db);
  await seedDictionary(db);
  return db;
}

async function importInto(db: SqliteDb, dir: string, target: 'grids' | 'components', file: string, dryRun: boolean, hooks: Parameters<typeof executeImportJob>[5] = {}): Promise<ImportReport> {
  const now = Date.now();
  const jobId = await new ImportStore(db).createJob({ target, fileName: path.basename(file), dryRun, userId: null, now });
  const report = await executeImportJob(db, jobId, { target, file, fileName: path.basename(file), workDir: path.join(dir, 'work'), dryRun, countyName: '基准县' }, now, undefined, hooks);
  if (report.errors > 0) throw new Error(`${target} import refused: ${JSON.stringify(report.groups.slice(0, 3))}`);
  return report;
}

interface Watched {
  report: ImportReport;
  ms: number;
  peakMb: number;
  /** How long the import held the county's write lock in its one write transaction. */
  holdMs: number;
  probe: ProbeResult;
}

/** An import with the lock probe writing beside it on its own connection, in another thread. */
async function importWatched(db: SqliteDb, dir: string, file: string, singleTransaction: boolean): Promise<Watched> {
  // A worker cannot take --import tsx on Node 20: it registers tsx itself, then loads the probe.
  const boot = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(new URL('./lock-probe.ts', import.meta.url).href)}); })`;
  const probe = new Worker(boot, { eval: true, workerData: { dbFile: db.file, everyMs: 5 } });
  await new Promise((resolve) => probe.once('message', resolve));
  let holdStart = 0;
  let holdMs = 0;
  try {
    const run = await withPeak(() =>
      importInto(db, dir, 'components', file, false, {
        singleTransaction,
        beforeApply: async () => {
          holdStart = performance.now();
        },
        afterApply: () => {
          holdMs = performance.now() - holdStart;
        },
      }),
    );
    probe.postMessage('stop');
    const result = (await new Promise((resolve) => probe.once('message', resolve))) as ProbeResult;
    return { report: run.result, ms: run.ms, peakMb: run.peakMb, holdMs, probe: result };
  } finally {
    await probe.terminate();
  }
}

const probeNote = (p: ProbeResult) => `first run: ${p.actions} writes, ${p.slow} waited > 100 ms, ${p.failures} gave up (busy timeout ${BUSY_TIMEOUT_MS / 1000} s)`;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

export default async function run(): Promise<void> {
  const sizes = (process.env.GRIDHALL_BENCH_IMPORT_SIZES ?? (QUICK ? '10000,25000' : '170000,1440000')).split(',').map(Number);
  for (const n of sizes) {
    const reps = Number(process.env.GRIDHALL_BENCH_IMPORT_REPS ?? (QUICK ? 1 : n <= 200_000 ? 3 : 1));
    const tmp = tempDir(`import-${n}`);
    process.stdout.write(`\n[import ${n.toLocaleString('en')}] before: ${loadAverage()}\n`);
    try {
      const genStart = performance.now();
      const grids = writeGrids(tmp.dir, n);
      const file = writeComponents(tmp.dir, n, grids.cols, grids.rows);
      const genMs = performance.now() - genStart;

      // Baseline 1: read the file (shapes and every attribute), no checks, no writes.
      const read = await withPeak(async () => {
        const source = await openSource(file, { workDir: path.join(tmp.dir, 'read') });
        let rows = 0;
        for await (const batch of source.batches()) rows += batch.length;
        source.close();
        return rows;
      });

      const db = await county(tmp.dir, 'county');
      const gridReport = await importInto(db, tmp.dir, 'grids', grids.file, false);
      const dry = await withPeak(() => importInto(db, tmp.dir, 'components', file, true));
      const staged = [await importWatched(db, tmp.dir, file, false)];
      const again = await withPeak(() => importInto(db, tmp.dir, 'components', file, false));
      const changedFile = writeComponents(tmp.dir, n, grids.cols, grids.rows, 10);
      const changed = await importWatched(db, tmp.dir, changedFile, false);
      await db.close();

      // Baseline: the same import into fresh counties, pass 2 in one write transaction (before
      // staging), alternating with more staged runs: the machine's load moves during a run, so
      // the lock figures are medians of `reps` runs of each.
      const single: Watched[] = [];
      for (let r = 0; r < reps; r++) {
        for (const mode of r === 0 ? ['single'] : ['single', 'staged']) {
          const other = await county(tmp.dir, `${mode}-${r}`);
          await importInto(other, tmp.dir, 'grids', grids.file, false);
          (mode === 'single' ? single : staged).push(await importWatched(other, tmp.dir, file, mode === 'single'));
          await other.close();
          for (const suffix of ['', '-wal', '-shm']) rmSync(`${other.file}${suffix}`, { force: true });
        }
      }
      const full = staged[0]!;
      const hold = (runs: Watched[]) => median(runs.map((w) => w.holdMs));
      const wait = (runs: Watched[]) => median(runs.map((w) => w.probe.maxWaitMs));
      const spread = (runs: Watched[], pick: (w: Watched) => number) =>
        `${runs.length} runs: ${runs.map(pick).map((v) => fmt(v, 0)).join(', ')} ms`;
      const gaveUp = (runs: Watched[]) => runs.reduce((sum, w) => sum + w.probe.failures, 0);

      // Baseline 2: the same rows inserted raw (one prepared statement, one transaction).
      const raw = await county(tmp.dir, 'raw');
      await raw.exec(`INSERT INTO county (id, admin_code, name, center_lon, center_lat, west, south, east, north, synthetic, created_at) VALUES (1, '${ADMIN}', 'x', 118, 28, 117, 27, 119, 29, 0, 0)`);
      const rows: ComponentRow[] = [];
      for (let k = 0; k < n; k++) {
        const code = CLASSES[k % CLASSES.length]!;
        rows.push({ id: `${ADMIN}${code}${String(Math.floor(k / CLASSES.length) + 1).padStart(6, '0')}`, standardId: 'GB/T 30428.2-2013', classCode: code, name: NAMES[k % NAMES.length]!, state: 'intact', ownerDeptId: null, maintainerDeptId: null, gridCode: null, lon: LON0 + (k % 1000) * 1e-5, lat: LAT0 + Math.floor(k / 1000) * 1e-5, dataSource: '实测', note: null, createdDate: '2024-03-15', changedDate: '2024-03-15' });
      }
      const store = new ComponentStore(raw);
      const rawStart = performance.now();
      await raw.transaction(async () => await store.insertMany(rows));
      const rawMs = performance.now() - rawStart;
      await raw.close();

      const rate = (ms: number) => (n / ms) * 1000;
      const goal = n <= 200_000 ? 30_000 : 240_000;
      const figures: Figure[] = [
        { name: 'fixture written (grids + components)', value: genMs / 1000, unit: 's', note: `${gridReport.counts.inserted} grids` },
        { name: 'baseline: read the Shapefile, no checks', value: read.ms / 1000, unit: 's', note: `${fmt(rate(read.ms), 0)} rows/s, peak RSS ${fmt(read.peakMb, 0)} MB` },
        { name: 'validation alone (dry run)', value: dry.ms / 1000, unit: 's', note: `${fmt(rate(dry.ms), 0)} rows/s, peak RSS ${fmt(dry.peakMb, 0)} MB` },
        { name: 'full import (check, stage, apply)', value: full.ms / 1000, unit: 's', note: `${fmt(rate(full.ms), 0)} rows/s, peak RSS ${fmt(full.peakMb, 0)} MB; goal < ${goal / 1000} s: ${full.ms < goal ? 'met' : 'MISSED'}` },
        { name: 'baseline: full import, pass 2 in one transaction', value: single[0]!.ms / 1000, unit: 's', note: `peak RSS ${fmt(single[0]!.peakMb, 0)} MB` },
        { name: 'write lock held: the final apply (staged)', value: hold(staged), unit: 'ms', note: `median; ${spread(staged, (w) => w.holdMs)}; ${full.report.counts.inserted} rows applied` },
        { name: 'baseline: write lock held, one transaction', value: hold(single), unit: 'ms', note: `median; ${spread(single, (w) => w.holdMs)}; the way imports wrote before staging` },
        { name: 'lock held: one transaction ÷ staged apply', value: hold(single) / hold(staged), unit: '×' },
        { name: 'concurrent write, longest wait (staged)', value: wait(staged), unit: 'ms', note: `median; ${spread(staged, (w) => w.probe.maxWaitMs)}; ${gaveUp(staged)} gave up; ${probeNote(full.probe)}` },
        { name: 'baseline: concurrent write, longest wait (one tx)', value: wait(single), unit: 'ms', note: `median; ${spread(single, (w) => w.probe.maxWaitMs)}; ${gaveUp(single)} gave up after the ${BUSY_TIMEOUT_MS / 1000} s busy timeout` },
        { name: 're-import of the same file (all unchanged)', value: again.ms / 1000, unit: 's', note: `${again.result.counts.unchanged} unchanged, nothing to apply` },
        { name: 're-delivery, 10 % changed: whole import', value: changed.ms / 1000, unit: 's', note: `${changed.report.counts.updated} updated` },
        { name: 're-delivery, 10 % changed: write lock held', value: changed.holdMs, unit: 'ms', note: `longest concurrent wait ${fmt(changed.probe.maxWaitMs, 0)} ms; ${changed.probe.actions} writes, ${changed.probe.failures} gave up` },
        { name: 'baseline: raw insert of the same rows', value: rawMs / 1000, unit: 's', note: `${fmt(rate(rawMs), 0)} rows/s` },
        { name: 'full import ÷ raw insert', value: full.ms / rawMs, unit: '×', digits: 2, note: 'goal ≤ 2.00 (170 k)' },
        { name: 'full import ÷ (read + raw insert)', value: full.ms / (read.ms + rawMs), unit: '×', digits: 2 },
      ];
      printSection(`${n.toLocaleString('en')} components from a GBK Shapefile in CGCS2000 3° GK zone 39`, figures);
    } finally {
      tmp.cleanup();
      process.stdout.write(`[import ${n.toLocaleString('en')}] after: ${loadAverage()}\n`);
    }
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
