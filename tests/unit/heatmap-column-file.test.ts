// The heatmap columns kept in a file beside the database (issue 20): a start reads them from
// the file when it is current, catches up the cases changed since it was written, and reads the
// case table instead when the file is missing, damaged or ahead of the database. Whichever way
// they were loaded, the heatmap shows the same counts.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { columnFilePath } from '../../core/analytics/index.js';
import { AnalyticsService } from '../../core/analytics/service.js';
import { DictionaryStore } from '../../core/base/dictionary/store.js';
import { HeatmapService } from '../../core/analytics/heatmap/service.js';
import { GRID_B, workflowFixture, type WorkflowFixture } from '../support/workflow-fixture.js';

let dir: string;
let f: WorkflowFixture;
let file: string;

const service = () => {
  const analytics = new AnalyticsService(f.db, f.cases, f.calendars, f.limits, new DictionaryStore(f.db), f.clock, file);
  analytics.attach(f.workflow);
  return analytics;
};
const counts = async (analytics: AnalyticsService) => (await new HeatmapService(analytics).grids({ from: '2026-11-01', to: '2026-12-31' })).grids;
const report = async (n: number, grid?: string) => {
  for (let i = 0; i < n; i++) await f.workflow.report(f.newCase(grid ? { gridCode: grid } : {}), f.actors.inspector);
};

beforeEach(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'gridhall-columns-'));
  f = await workflowFixture(path.join(dir, 'gridhall.db'));
  file = columnFilePath(dir);
});
afterEach(async () => {
  await f.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the heatmap column file', () => {
  it('is written when the columns are first read from the table, and read on the next start', async () => {
    await report(5);
    await report(2, GRID_B);
    const first = service();
    expect(await counts(first)).toEqual([
      { code: '990101001001001', n: 5 },
      { code: '990101001001002', n: 2 },
    ]);
    expect(first.columnSource?.from).toBe('table');
    expect(existsSync(file)).toBe(true);

    const again = service();
    expect(await counts(again)).toEqual(await counts(first));
    expect(again.columnSource).toMatchObject({ from: 'file', caughtUp: 0 });
  });

  it('catches up the cases changed after the file was written (a stop that did not save)', async () => {
    await report(3);
    const running = service();
    await running.columns(); // file written at 3 cases
    await report(4, GRID_B);
    const row = (await f.workflow.report(f.newCase(), f.actors.inspector)).case;
    await f.workflow.act(row.id, 'accept', { version: row.version, comment: '受理' }, f.actors.acceptor);
    // No saveColumns(): as after a crash. The next start reads the file and the 5 newer cases.
    const next = service();
    expect(await counts(next)).toEqual([
      { code: '990101001001001', n: 4 },
      { code: '990101001001002', n: 4 },
    ]);
    expect(next.columnSource).toMatchObject({ from: 'file', caughtUp: 5 });
    // The accepted case shows in its new state.
    expect((await new HeatmapService(next).grids({ from: '2026-11-01', to: '2026-12-31', states: 'accepted' })).grids).toEqual([{ code: '990101001001001', n: 1 }]);
  });

  it('saved at stop, is current: the next start catches nothing up', async () => {
    await report(2);
    const running = service();
    await running.columns();
    await report(3);
    await running.saveColumns();
    const next = service();
    expect(next.columnSource).toBeUndefined();
    expect(await counts(next)).toEqual([{ code: '990101001001001', n: 5 }]);
    expect(next.columnSource).toMatchObject({ from: 'file', caughtUp: 0 });
  });

  it('keeps taking new cases after being read from the file, past the room the file left', async () => {
    await report(2);
    await service().columns();
    const read = service();
    expect(await counts(read)).toEqual([{ code: '990101001001001', n: 2 }]);
    // More cases than the file's spare rows (4,096): the arrays grow out of the file's buffer.
    await f.db.transaction(() => report(4200));
    expect(await counts(read)).toEqual([{ code: '990101001001001', n: 4202 }]);
  });

  it('is ignored when damaged or ahead of the database: the columns come from the table', async () => {
    await report(3);
    await service().columns();
    writeFileSync(file, 'not a column file');
    const damaged = service();
    expect(await counts(damaged)).toEqual([{ code: '990101001001001', n: 3 }]);
    expect(damaged.columnSource?.from).toBe('table');

    // A file written further on than this database (a backup restored under it).
    await report(2);
    await service().columns();
    await f.close();
    const older = path.join(dir, 'older.db');
    f = await workflowFixture(older);
    await report(1);
    const restored = service();
    expect(await counts(restored)).toEqual([{ code: '990101001001001', n: 1 }]);
    expect(restored.columnSource?.from).toBe('table');
  });
});
