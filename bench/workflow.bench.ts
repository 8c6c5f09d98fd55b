// Workflow speed: sustained audited transitions per second against the bare SQLite ceiling
// (read, versioned update, event insert) measured in the same run; replay-and-verify of
// 1 M events; queue queries at 1 M cases.
import path from 'node:path';
import { AnalyticsService } from '../core/analytics/service.js';
import { CaseStore } from '../core/workflow/cases/store.js';
import { DictionaryStore } from '../core/base/dictionary/store.js';
import { verifyTrail } from '../core/workflow/cases/verify.js';
import { workflowFixture, GRID_A, STANDARD } from '../tests/support/workflow-fixture.js';
import { percentile, printSection, sample, tempDir, timeAsync, timeIt, type Figure } from './harness.js';

const FLOW: [string, 'acceptor' | 'shiftLeader' | 'dispatcher' | 'sanitation' | 'inspector'][] = [
  ['accept', 'acceptor'],
  ['register', 'shiftLeader'],
  ['dispatch', 'dispatcher'],
  ['dispose', 'sanitation'],
  ['send_check', 'acceptor'],
  ['check_pass', 'inspector'],
  ['close', 'shiftLeader'],
];

async function transitionsPerSecond(dir: string, cases: number, withAnalytics: boolean): Promise<{ rate: number; ceiling: number; transitions: number }> {
  const f = await workflowFixture(path.join(dir, `flow-${withAnalytics}.db`));
  f.db.pragma('synchronous = NORMAL'); // as labelled below; FULL (the county default) is in security.bench.ts
  if (withAnalytics) {
    // As the server runs it: the analytics aggregates are kept inside every action's transaction.
    const analytics = new AnalyticsService(f.db, f.cases, f.calendars, f.limits, new DictionaryStore(f.db), f.clock);
    analytics.attach(f.workflow);
  }
  await f.settings.set('workflow', { ...await f.settings.get('workflow'), photoRequiredOnDispose: false }, f.clock.now(), null);
  const ids: number[] = [];
  for (let i = 0; i < cases; i++) ids.push((await f.workflow.report(f.newCase(), f.actors.inspector)).case.id);
  let transitions = 0;
  const { ms } = await timeAsync(async () => {
    for (const id of ids) {
      let version = 1;
      for (const [action, who] of FLOW) {
        f.clock.advance(60_000);
        const input = action === 'dispatch' ? { version, departmentId: 1, comment: '派遣' } : { version, comment: '处理意见' };
        version = (await f.workflow.act(id, action, input, f.actors[who])).case.version;
        transitions++;
      }
    }
  });
  const rate = (transitions / ms) * 1000;

  // The bare ceiling on the same database: read the case, versioned update, insert an event.
  const read = f.db.statement<{ id: number; version: number; state: string }>('bench.read', 'SELECT id, version, state FROM cases WHERE id = ?');
  const update = f.db.statement('bench.update', 'UPDATE cases SET state = ?, version = ?, updated_at = ? WHERE id = ? AND version = ?');
  const insert = f.db.statement(
    'bench.insert',
    'INSERT INTO case_events (case_id, seq, at, actor_id, actor_role, action, from_state, to_state, comment, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  let bare = 0;
  const { ms: bareMs } = timeIt(() => {
    for (const id of ids) {
      for (let k = 0; k < FLOW.length; k++) {
        f.db.transactionNow(() => {
          const row = read.getNow([id])!;
          update.runNow(['closed', row.version + 1, Date.now(), id, row.version]);
          insert.runNow([id, row.version + 1, Date.now(), 1, 'bench', 'note', row.state, 'closed', 'x', null]);
        });
        bare++;
      }
    }
  });
  await f.close();
  return { rate, ceiling: (bare / bareMs) * 1000, transitions };
}

/** Writes `caseCount` valid closed trails (8 events each) straight into the tables. */
async function bulkTrails(dir: string, caseCount: number) {
  const f = await workflowFixture(path.join(dir, 'bulk.db'));
  const insertCase = f.db.statement(
    'bench.bulkCase',
    `INSERT INTO cases (case_no, kind, standard_id, class_code, source, state, description, grid_code, department_id, reported_at, updated_at, version, lon, lat)
     VALUES (?, 'event', ?, ?, 'inspector', ?, '', ?, ?, ?, ?, ?, 118.1, 28.4)`,
  );
  const insertEvent = f.db.statement(
    'bench.bulkEvent',
    'INSERT INTO case_events (case_id, seq, at, actor_id, actor_role, action, from_state, to_state, comment, data) VALUES (?, ?, ?, NULL, ?, ?, ?, ?, NULL, ?)',
  );
  const trail: [string, string | null, string][] = [
    ['report', null, 'reported'], ['accept', 'reported', 'accepted'], ['register', 'accepted', 'registered'], ['dispatch', 'registered', 'dispatched'],
    ['dispose', 'dispatched', 'disposed'], ['send_check', 'disposed', 'checking'], ['check_pass', 'checking', 'checked'], ['close', 'checked', 'closed'],
  ];
  const states = ['reported', 'accepted', 'registered', 'dispatched', 'disposed', 'checking', 'checked', 'closed'];
  const classes = ['0102', '0505', '0201', '0504', '0104', '0501'];
  const t0 = Date.parse('2020-01-01T00:00:00Z');
  const { ms } = timeIt(() =>
    f.db.transactionNow(() => {
      for (let i = 0; i < caseCount; i++) {
        // Older cases are closed; the last tenth spread over the open states.
        const open = i > caseCount * 0.9;
        const stop = open ? 1 + (i % 7) : 8;
        const dept = stop >= 4 ? 1 + (i % 2) : null;
        const at = t0 + i * 60_000;
        const id = Number(
          insertCase.runNow([`X${String(i).padStart(12, '0')}`, STANDARD, classes[i % classes.length], states[stop - 1], GRID_A, dept, at, at + stop * 60_000, stop]).lastInsertRowid,
        );
        for (let s = 0; s < stop; s++) {
          const [action, from, to] = trail[s]!;
          insertEvent.runNow([id, s + 1, at + s * 60_000, 'bench', action, from, to, action === 'dispatch' ? JSON.stringify({ departmentId: dept }) : null]);
        }
      }
    }),
  );
  return { f, loadMs: ms };
}

export default async function run(): Promise<void> {
  const tmp = tempDir('workflow');
  try {
    const cases = 3000;
    const flow = await transitionsPerSecond(tmp.dir, cases, false);
    const full = await transitionsPerSecond(tmp.dir, cases, true);
    printSection(`Workflow transitions (${cases.toLocaleString('en')} cases × ${FLOW.length} actions, WAL, synchronous=NORMAL)`, [
      { name: 'Gridhall audited transitions', value: flow.rate, unit: '/s', note: `${flow.transitions.toLocaleString('en')} transitions; goal ≥ 5,000/s` },
      { name: '  … with analytics aggregates', value: full.rate, unit: '/s', note: 'as the server runs' },
      { name: 'bare ceiling (read+update+insert)', value: flow.ceiling, unit: '/s', note: 'same database, same run' },
      { name: 'ratio Gridhall / ceiling', value: flow.rate / flow.ceiling, unit: '×' },
      { name: 'ratio with analytics / ceiling', value: full.rate / full.ceiling, unit: '×' },
    ]);

    const trailCases = 125_000;
    const { f, loadMs } = await bulkTrails(tmp.dir, trailCases);
    const store = new CaseStore(f.db);
    const events = (f.db.statement<{ n: number }>('bench.countEvents', 'SELECT count(*) AS n FROM case_events').getNow() ?? { n: 0 }).n;
    const verify = await timeAsync(() => verifyTrail(store));
    printSection(`Replay and verify (${events.toLocaleString('en')} events of ${trailCases.toLocaleString('en')} cases)`, [
      { name: 'bulk load', value: loadMs / 1000, unit: 's' },
      { name: 'replay + verify every trail', value: verify.ms / 1000, unit: 's', note: `${verify.result.problems.length} problems` },
      { name: 'events replayed per second', value: (events / verify.ms) * 1000, unit: '/s' },
    ]);
    await f.close();

    const million = 1_000_000;
    const m = await workflowFixture(path.join(tmp.dir, 'million.db'));
    const insert = m.db.statement(
      'bench.million',
      `INSERT INTO cases (case_no, kind, standard_id, class_code, source, state, description, grid_code, department_id, reported_at, updated_at, version, assignee_id)
       VALUES (?, 'event', ?, '0102', 'inspector', ?, '', ?, ?, ?, ?, 1, ?)`,
    );
    const openStates = ['reported', 'accepted', 'registered', 'dispatched', 'disposed', 'checking', 'checked', 'rework'];
    const load = timeIt(() =>
      m.db.transactionNow(() => {
        for (let i = 0; i < million; i++) {
          const closed = i < million * 0.98;
          const state = closed ? 'closed' : openStates[i % openStates.length]!;
          const at = Date.parse('2020-01-01T00:00:00Z') + i * 180_000;
          insert.runNow([`M${String(i).padStart(12, '0')}`, STANDARD, state, GRID_A, 1 + (i % 3), at, at, state === 'checking' ? m.actors.inspector.id! : null]);
        }
      }),
    );
    await m.db.exec('ANALYZE');
    const figures: Figure[] = [{ name: 'load 1 M cases', value: load.ms / 1000, unit: 's' }];
    const queues: [string, () => unknown][] = [
      ['待受理 first page', async () => await m.cases.list({ states: ['reported'] }, 50, 0)],
      ['待派遣 first page', async () => await m.cases.list({ states: ['registered'] }, 50, 0)],
      ['department 待处置', async () => await m.cases.list({ states: ['dispatched', 'rework'], departmentId: 2 }, 50, 0)],
      ['inspector 核查任务', async () => await m.cases.list({ states: ['checking'], assigneeId: m.actors.inspector.id! }, 50, 0)],
      ['open overdue cases', async () => await m.cases.list({ states: ['dispatched', 'rework'], overdue: true }, 50, 0)],
      ['find by case number', async () => await m.cases.list({ text: 'M000000777777' }, 50, 0)],
    ];
    for (const [name, fn] of queues) {
      const s = sample(fn, 30, 3);
      figures.push({ name: `${name} p50`, value: percentile(s, 50), unit: 'ms' }, { name: `${name} p95`, value: percentile(s, 95), unit: 'ms', note: 'goal < 50 ms' });
    }
    printSection(`Queue queries at ${million.toLocaleString('en')} cases`, figures);
    await m.close();
  } finally {
    tmp.cleanup();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
