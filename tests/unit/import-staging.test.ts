// The import's staged write (issue 8): a large import checks and stages its rows without
// holding the county's write lock, so the workbench's case actions go through meanwhile; only
// one short apply transaction touches the real tables, and a failure, a cancel or a crash at
// any point leaves them exactly as they were, with no staging file left behind.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteDb } from '../../core/db/sqlite.js';
import { seedClassRows } from '../../core/base/dictionary/seed.js';
import { DictionaryStore } from '../../core/base/dictionary/store.js';
import { countyDate, executeImportJob } from '../../core/admin/imports/job.js';
import type { ImportReport } from '../../core/admin/imports/report.js';
import type { ImportProgress, RunOptions } from '../../core/admin/imports/run.js';
import { ImportService } from '../../core/admin/imports/service.js';
import { stagingDir } from '../../core/admin/imports/staging.js';
import { ImportStore } from '../../core/admin/imports/store.js';
import { silentLogger } from '../../core/runtime/log.js';
import { toErrorBody } from '../../core/server/errors.js';
import { EventHub } from '../../core/server/events.js';
import { GRID_A, GRID_B, STANDARD, START, workflowFixture, type WorkflowFixture } from '../support/workflow-fixture.js';

interface Component {
  id: string;
  name: string;
  state: string;
  lon: number;
  lat: number;
}

/** n 上水井盖 spread over the fixture's two grids (118.100–118.102°E, 28.400–28.401°N). */
function components(n: number): Component[] {
  return Array.from({ length: n }, (_, k) => ({
    id: `9901010101${String(k + 1).padStart(6, '0')}`,
    name: '上水井盖',
    state: '完好',
    lon: 118.1 + 0.00001 + ((k * 7919) % 1999) * 0.000001,
    lat: 28.4 + 0.00001 + ((k * 104729) % 997) * 0.000001,
  }));
}

let dir: string;
let county: string;
/** The workbench: the workflow engine on its own connection to the county's file. */
let wf: WorkflowFixture;
/** The import's own connection, as the worker or the command line has. */
let importDb: SqliteDb;
let runs = 0;

beforeEach(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'gridhall-staging-test-'));
  county = path.join(dir, 'gridhall.db');
  wf = await workflowFixture(county);
  await new DictionaryStore(wf.db).insertMany(seedClassRows().filter((r) => r.standardId === STANDARD));
  importDb = new SqliteDb(county, silentLogger);
});

afterEach(async () => {
  await importDb.close();
  await wf.close();
  rmSync(dir, { recursive: true, force: true });
});

function csv(name: string, rows: Component[]): string {
  const file = path.join(dir, name);
  writeFileSync(file, ['部件标识码,部件名称,部件状态,经度,纬度', ...rows.map((c) => `${c.id},${c.name},${c.state},${c.lon.toFixed(7)},${c.lat.toFixed(7)}`)].join('\n'));
  return file;
}

/** Starts a components import on the import's connection; `done` settles when it ends. */
async function start(file: string, onProgress?: (p: ImportProgress) => void, hooks: Pick<RunOptions, 'signal'> = {}): Promise<{ jobId: number; done: Promise<ImportReport> }> {
  const now = START + ++runs * 86_400_000;
  const jobId = await new ImportStore(importDb).createJob({ target: 'components', fileName: path.basename(file), dryRun: false, userId: null, now });
  const done = executeImportJob(importDb, jobId, { target: 'components', file, fileName: path.basename(file), workDir: path.join(dir, `work-${runs}`) }, now, onProgress, hooks);
  return { jobId, done };
}

/** What an operator could see of the components (read on the workbench's connection). */
async function snapshot() {
  return {
    components: await wf.db.statement('t.components', 'SELECT * FROM components ORDER BY id').all(),
    changes: (await wf.db.statement<{ n: number }>('t.changes', 'SELECT count(*) AS n FROM import_changes').get())?.n,
    indexes: await wf.db.statement<{ name: string }>('t.indexes', "SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'components' ORDER BY name").all(),
  };
}

const stagingFiles = () => (existsSync(stagingDir(county)) ? readdirSync(stagingDir(county)) : []);
const jobOf = async (jobId: number) => ({ ...await new ImportStore(wf.db).job(jobId), ...await new ImportStore(wf.db).jobReport(jobId) });
const revision = async () => await new ImportStore(wf.db).revision('components');
/** The 操作日志 row of an import (what it wrote), if it wrote. */
const auditOf = async (jobId: number) =>
  (await wf.db.statement<{ after: string }>('t.audit', "SELECT after FROM audit_log WHERE entity = 'import' AND entity_key = ?").get([String(jobId)]))?.after;

describe('while a large import is under way', () => {
  it('a case action on another connection goes through during the staging, before the import ends', async () => {
    const order: string[] = [];
    let caseNo: string | undefined;
    const { jobId, done } = await start(csv('big.csv', components(30_000)), async (p) => {
      // Called between two staged chunks: before staging, the import held the write lock
      // here and this action failed with "database is locked".
      if (p.phase !== 'write' || caseNo) return;
      caseNo = (await wf.workflow.report(wf.newCase(), wf.actors.inspector)).case.caseNo;
      order.push('case filed');
    });
    const report = await done;
    order.push('import done');
    expect(order).toEqual(['case filed', 'import done']);
    expect(report.written).toBe(true);
    expect(report.counts).toMatchObject({ rows: 30_000, inserted: 30_000 });
    expect((await wf.db.statement<{ n: number }>('t.n', 'SELECT count(*) AS n FROM components').get())?.n).toBe(30_000);
    expect((await wf.db.statement<{ state: string }>('t.case', 'SELECT state FROM cases WHERE case_no = ?').get([caseNo]))?.state).toBe('reported');
    expect(await revision()).toBe(1);
    expect(JSON.parse((await auditOf(jobId))!)).toMatchObject({ target: 'components', inserted: 30_000, updated: 0 });
    expect(stagingFiles()).toEqual([]);
  });
});

describe('all or nothing', () => {
  /** A first delivery of `base` components, then a second with 100 of them changed and `added` new ones. */
  async function twoDeliveries(base: number, added: number): Promise<{ file: string; lastId: string }> {
    expect((await (await start(csv('v1.csv', components(base)))).done).written).toBe(true);
    const v2 = components(base + added).map((c, k) => (k % (base / 100) === 0 && k < base ? { ...c, state: '破损' } : c));
    return { file: csv('v2.csv', v2), lastId: v2.at(-1)!.id };
  }

  it('a failure in the middle of the staged writes leaves the components as they were, and no staging file', async () => {
    const { file } = await twoDeliveries(5000, 7000);
    const before = await snapshot();
    const { jobId, done } = await start(file, (p) => {
      if (p.phase === 'write' && p.rows > 4096) throw new Error('the disk is full (forced)');
    });
    await expect(done).rejects.toThrow('the disk is full');
    expect(await snapshot()).toEqual(before);
    expect(await revision()).toBe(1);
    expect(await jobOf(jobId)).toMatchObject({ status: 'failed', failure: 'the disk is full (forced)' });
    expect(stagingFiles()).toEqual([]);
  });

  it('a cancel while staging writes nothing and removes the staging file', async () => {
    const { file } = await twoDeliveries(5000, 7000);
    const before = await snapshot();
    const cancel = new AbortController();
    const { jobId, done } = await start(file, (p) => p.phase === 'write' && cancel.abort(), { signal: cancel.signal });
    await expect(done).rejects.toThrow('cancelled');
    expect(await snapshot()).toEqual(before);
    expect(await jobOf(jobId)).toMatchObject({ status: 'failed', cancelled: true });
    expect(stagingFiles()).toEqual([]);
  });

  it.each([
    ['a large first delivery (the indexes are dropped and built again)', 2000, 3000],
    ['a small addition to a full table (the indexes kept up to date)', 8000, 500],
  ])('a failure inside the apply rolls it all back: %s', async (_what, base, added) => {
    const { file, lastId } = await twoDeliveries(base, added);
    const before = await snapshot();
    // The last row in ID order fails: every other new and changed row is in by then.
    await wf.db.exec(`CREATE TRIGGER forced_failure BEFORE INSERT ON components WHEN NEW.id = '${lastId}'
      BEGIN SELECT RAISE(ABORT, 'forced failure in the apply'); END`);
    const { jobId, done } = await start(file);
    await expect(done).rejects.toThrow('forced failure in the apply');
    expect(await snapshot()).toEqual(before);
    expect(await revision()).toBe(1);
    expect(await auditOf(jobId)).toBeUndefined();
    expect((await jobOf(jobId)).status).toBe('failed');
    expect(stagingFiles()).toEqual([]);

    // Once the cause is gone, the same file goes in whole.
    await wf.db.exec('DROP TRIGGER forced_failure');
    const report = await (await start(file)).done;
    expect(report.counts).toMatchObject({ inserted: added, updated: 100 });
    expect((await snapshot()).components).toHaveLength(base + added);
    expect((await snapshot()).indexes).toEqual(before.indexes);
    expect((await new ImportStore(wf.db).changesOf('component', components(1)[0]!.id))[0]?.changes).toEqual({ state: ['intact', 'damaged'] });
  });

  it('an import of the same kind written meanwhile (the command line beside the console) stops this one', async () => {
    const { file } = await twoDeliveries(2000, 1000);
    const before = await snapshot();
    const other = await new ImportStore(wf.db).createJob({ target: 'components', fileName: 'other.csv', dryRun: false, userId: null, now: START });
    const { done } = await start(file, async (p) => {
      if (p.phase === 'write' && await revision() === 1) await new ImportStore(wf.db).bumpRevision('components', other, START);
    });
    await expect(done).rejects.toThrow('another import of components was written while this one was staged');
    expect(await snapshot()).toEqual(before);
    expect(stagingFiles()).toEqual([]);
  });
});

describe('a re-delivery', () => {
  it('moves what moved (position and grid), changes attributes in place, and records both with the change date', async () => {
    const v1 = components(300);
    expect((await (await start(csv('v1.csv', v1))).done).written).toBe(true);
    const moved = v1.findIndex((c) => c.lon > 118.1012);
    const v2 = v1.map((c, k) => (k === moved ? { ...c, lon: 118.1005 } : k === moved + 1 ? { ...c, state: '丢失', name: '上水井盖（旧）' } : c));
    const report = await (await start(csv('v2.csv', v2))).done;
    expect(report.counts).toMatchObject({ inserted: 0, updated: 2, unchanged: 298 });
    const row = async (id: string) =>
      await wf.db.statement<{ lon: number; grid: string; state: string; name: string; changed: string }>(
        't.row', 'SELECT lon, grid_code AS grid, state, name, changed_date AS changed FROM components WHERE id = ?').get([id]);
    const day = await countyDate(wf.db, START + runs * 86_400_000);
    expect(await row(v2[moved]!.id)).toMatchObject({ lon: 118.1005, grid: GRID_A, state: 'intact', changed: day });
    expect(await row(v2[moved + 1]!.id)).toMatchObject({ state: 'lost', name: '上水井盖（旧）', changed: day });
    expect((await row(v2[moved + 2]!.id))?.changed).not.toBe(day);
    const changes = new ImportStore(wf.db);
    expect((await changes.changesOf('component', v2[moved]!.id))[0]?.changes).toMatchObject({ lon: [Number(v1[moved]!.lon.toFixed(7)), 118.1005], gridCode: [GRID_B, GRID_A] });
    expect((await changes.changesOf('component', v2[moved + 1]!.id))[0]?.changes).toEqual({ name: ['上水井盖', '上水井盖（旧）'], state: ['intact', 'lost'] });
  });
});

describe('a crash', () => {
  it('leaves a staging file and the real tables untouched; the next start removes it and marks the job failed', async () => {
    expect((await (await start(csv('v1.csv', components(1000)))).done).written).toBe(true);
    const before = await snapshot();
    const child = spawn(process.execPath, ['--import', 'tsx', path.resolve('tests/support/import-child.ts'), county, csv('v2.csv', components(20_000)), path.join(dir, 'child')], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    let jobId = 0;
    for await (const line of createInterface({ input: child.stdout })) {
      const m = /^staging (\d+)$/.exec(line);
      if (m) {
        jobId = Number(m[1]);
        break;
      }
    }
    child.kill('SIGKILL');
    await exited;
    expect(jobId).toBeGreaterThan(0);
    expect(stagingFiles()).toContain(`job-${jobId}.db`);
    expect(await snapshot()).toEqual(before);
    expect((await jobOf(jobId)).status).toBe('running');

    // The server starts again on the same data folder.
    mkdirSync(path.join(dir, 'imports'), { recursive: true });
    await new ImportService(wf.db, dir, wf.clock, new EventHub(() => wf.clock.now()), silentLogger).recover();
    expect(stagingFiles()).toEqual([]);
    expect((await jobOf(jobId)).status).toBe('failed');
    expect(await snapshot()).toEqual(before);
  });
});

describe('a writer that still finds the lock taken after the busy timeout', () => {
  it('is answered 503 "try again", not an internal error', () => {
    const busy = Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
    const { status, body } = toErrorBody(busy);
    expect(status).toBe(503);
    expect(body.message).toMatch(/busy.*nothing was saved: try again/);
  });
});
