// The blacklist count at each registration (issue 20) reads only the cases of that grid and
// class within the window: years of older cases of the class, or a busy grid's other classes,
// are neither counted nor walked (the query plan seeks cases_grid_class on all four terms,
// and the index holds the state: no case row is read).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GRID_A, STANDARD, START, workflowFixture, type WorkflowFixture } from '../support/workflow-fixture.js';

const DAY = 86_400_000;
let f: WorkflowFixture;

beforeEach(async () => {
  f = await workflowFixture();
  const insert = f.db.statement(
    'test.case',
    `INSERT INTO cases (case_no, kind, standard_id, class_code, source, state, description, grid_code, reported_at, updated_at, version)
     VALUES (?, 'event', ?, ?, 'inspector', ?, '', ?, ?, ?, 1)`,
  );
  await f.db.transaction(async () => {
    let n = 0;
    // Five years of the same class in the same grid, all before the 30-day window.
    for (let i = 0; i < 3000; i++) await insert.run([`OLD${n++}`, STANDARD, '0102', 'closed', GRID_A, START - 40 * DAY - i * 600_000, START]);
    // The grid's other classes inside the window.
    for (let i = 0; i < 3000; i++) await insert.run([`OTHER${n++}`, STANDARD, i % 2 ? '0201' : '0505', 'closed', GRID_A, START - i * 60_000, START]);
    // Two of the class inside the window, and one voided (not counted).
    await insert.run([`IN${n++}`, STANDARD, '0102', 'closed', GRID_A, START - 2 * DAY, START]);
    await insert.run([`IN${n++}`, STANDARD, '0102', 'dispatched', GRID_A, START - DAY, START]);
    await insert.run([`VOID${n++}`, STANDARD, '0102', 'void', GRID_A, START - DAY, START]);
  });
  await f.db.exec('ANALYZE');
});
afterEach(() => f.close());

describe('the blacklist count at registration', () => {
  it('counts the class in the grid within the window only', async () => {
    expect(await f.cases.countInGridSince(GRID_A, 'event', '0102', START - 30 * DAY)).toBe(2);
    // A third within the window flags the grid (threshold 3).
    const flagged: unknown[] = [];
    f.events.subscribe((m) => m.topic === 'blacklist.flagged' && flagged.push(m.data));
    const row = (await f.workflow.report(f.newCase(), f.actors.inspector)).case;
    const accepted = (await f.workflow.act(row.id, 'accept', { version: row.version, comment: '受理' }, f.actors.acceptor)).case;
    await f.workflow.act(row.id, 'register', { version: accepted.version, comment: '立案' }, f.actors.shiftLeader);
    expect(flagged).toEqual([{ gridCode: GRID_A, kind: 'event', classCode: '0102', count: 3 }]);
  });

  it('seeks the grid-and-class index on every term, so older cases are not walked', async () => {
    const plan = (await f.db
      .statement<{ detail: string }>(
        'test.plan',
        "EXPLAIN QUERY PLAN SELECT count(*) AS n FROM cases WHERE grid_code = ? AND kind = ? AND class_code = ? AND reported_at >= ? AND state NOT IN ('not_accepted', 'not_registered', 'void')",
      )
      .all([GRID_A, 'event', '0102', START - 30 * DAY]))
      .map((r) => r.detail)
      .join('\n');
    expect(plan).toMatch(/USING COVERING INDEX cases_grid_class \(grid_code=\? AND class_code=\? AND kind=\? AND reported_at>\?\)/);
  });
});
