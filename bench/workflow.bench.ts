// Workflow speed: sustained audited transitions per second against the bare SQLite ceiling
// (read, versioned update, event insert) measured in the same run; replay-and-verify of
// 1 M events; queue queries at 1 M cases.
import path from 'node:path';
import { AnalyticsService } from '../core/analytics/service.js';
import { CaseStore } from '../core/workflow/cases/store.js';
import { DictionaryStore } from '../core/base/dictionary/store.js';
import { verifyTrail } from '../core/workflow/cases/verify.js';
import { workflowFixture, GRID_A, GRID_B, STANDARD, type WorkflowFixture } from '../tests/support/workflow-fixture.js';
import { interleave, part, percentile, printSection, QUICK, ratio2, sample, tempDir, timeAsync, timeIt, type Figure } from './harness.js';

const FLOW: [string, 'acceptor' | 'shiftLeader' | 'dispatcher' | 'sanitation' | 'inspector'][] = [
  ['accept', 'acceptor'],
  ['register', 'shiftLeader'],
  ['dispatch', 'dispatcher'],
  ['dispose', 'sanitation'],
  ['send_check', 'acceptor'],
  ['check_pass', 'inspector'],
  ['close', 'shiftLeader'],
];

interface Transitions {
  /** Median of the rounds' rates. */
  rate: number;
  ceiling: number;
  /** Median of the pairwise ratios (product ÷ ceiling, each pair timed back to back). */
  ratio: number;
  low: number;
  high: number;
  transitions: number;
}

/** `background` cases already in the table (6 years up to now, 2 grids × 50 classes), as a county holds them. */
async function backgroundCases(f: WorkflowFixture, background: number): Promise<void> {
  const insert = f.db.statement(
    'bench.background',
    `INSERT INTO cases (case_no, kind, standard_id, class_code, source, state, description, grid_code, community_code, street_code, department_id, reported_at, updated_at, version, lon, lat)
     VALUES (?, 'event', ?, ?, 'inspector', ?, '', ?, '990101001001', '990101001', ?, ?, ?, 8, 118.1005, 28.4005)`,
  );
  const span = 6 * 365 * 86_400_000;
  const t0 = f.clock.now() - span;
  await f.db.transaction(async () => {
    for (let i = 0; i < background; i++) {
      const at = t0 + Math.floor((i / background) * span);
      const cls = `${String(1 + (i % 5)).padStart(2, '0')}${String(1 + ((i >> 3) % 10)).padStart(2, '0')}`;
      await insert.run([`G${String(i).padStart(12, '0')}`, STANDARD, cls, i % 50 === 0 ? 'dispatched' : 'closed', i % 2 ? GRID_A : GRID_B, 1 + (i % 2), at, at]);
    }
  });
  await f.db.exec('ANALYZE');
}

/**
 * Audited transitions against the bare ceiling (read, versioned update, event insert) on the
 * same database, interleaved: each round walks `perRound` fresh cases through the 7 actions,
 * then runs as many bare transactions; the ratio is the median of the rounds' ratios.
 */
async function transitions(dir: string, background: number, withAnalytics: boolean, rounds: number, perRound: number): Promise<Transitions> {
  const f = await workflowFixture(path.join(dir, `flow-${background}-${withAnalytics}.db`));
  f.db.pragma('synchronous = NORMAL'); // as labelled below; FULL (the county default) is in security.bench.ts
  await backgroundCases(f, background);
  if (withAnalytics) {
    // As the server runs it: the aggregates kept inside every action's transaction, and the
    // heatmap columns (loaded, as after the first heatmap query) updated after each commit.
    const analytics = new AnalyticsService(f.db, f.cases, f.calendars, f.limits, new DictionaryStore(f.db), f.clock);
    analytics.attach(f.workflow);
    void analytics.columns;
  }
  await f.settings.set('workflow', { ...await f.settings.get('workflow'), photoRequiredOnDispose: false }, f.clock.now(), null);
  const ids: number[] = [];
  for (let i = 0; i < rounds * perRound; i++) ids.push((await f.workflow.report(f.newCase(), f.actors.inspector)).case.id);

  const read = f.db.statement<{ id: number; version: number; state: string }>('bench.read', 'SELECT id, version, state FROM cases WHERE id = ?');
  const update = f.db.statement('bench.update', 'UPDATE cases SET state = ?, version = ?, updated_at = ? WHERE id = ? AND version = ?');
  const insert = f.db.statement(
    'bench.insert',
    'INSERT INTO case_events (case_id, seq, at, actor_id, actor_role, action, from_state, to_state, comment, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const roundIds = (r: number) => ids.slice(r * perRound, (r + 1) * perRound);
  const product = async (r: number) => {
    let n = 0;
    const { ms } = await timeAsync(async () => {
      for (const id of roundIds(r)) {
        let version = 1;
        for (const [action, who] of FLOW) {
          f.clock.advance(60_000);
          const input = action === 'dispatch' ? { version, departmentId: 1, comment: '派遣' } : { version, comment: '处理意见' };
          version = (await f.workflow.act(id, action, input, f.actors[who])).case.version;
          n++;
        }
      }
    });
    return (n / ms) * 1000;
  };
  const bare = async (r: number) => {
    let n = 0;
    const { ms } = await timeAsync(async () => {
      for (const id of roundIds(r)) {
        for (let k = 0; k < FLOW.length; k++) {
          await f.db.transaction(async () => {
            const row = (await read.get([id]))!;
            await update.run(['closed', row.version + 1, Date.now(), id, row.version]);
            await insert.run([id, row.version + 1, Date.now(), 1, 'bench', 'note', row.state, 'closed', 'x', null]);
          });
          n++;
        }
      }
    });
    return (n / ms) * 1000;
  };
  // One unmeasured round each first (statement caches, JIT).
  const warm = Math.max(1, Math.floor(rounds / 5));
  for (let r = 0; r < warm; r++) {
    product(r);
    bare(r);
  }
  const out = await interleave(rounds - warm, (r) => product(r + warm), (r) => bare(r + warm));
  await f.close();
  return { rate: out.productRate, ceiling: out.baselineRate, ratio: out.ratio, low: Math.min(...out.ratios), high: Math.max(...out.ratios), transitions: (rounds - warm) * perRound * FLOW.length };
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
    // Two sizes of case table behind the flow, so growth with the data shows.
    const backgrounds = QUICK ? [10_000, 100_000] : [30_000, 1_000_000];
    const rounds = QUICK ? 8 : 12;
    const perRound = QUICK ? 150 : 400;
    for (const background of backgrounds) {
      const figures: Figure[] = [];
      await part(`transitions at ${background.toLocaleString('en')} cases`, async () => {
        for (const withAnalytics of [false, true]) {
          const t = await transitions(tmp.dir, background, withAnalytics, rounds, perRound);
          const label = withAnalytics ? 'with analytics (aggregates + heatmap columns), as the server runs' : 'without analytics';
          figures.push(
            { name: `Gridhall audited transitions, ${label}`, value: t.rate, unit: '/s', note: `median of ${rounds - Math.max(1, Math.floor(rounds / 5))} rounds, ${t.transitions.toLocaleString('en')} transitions` },
            { name: `  its bare ceiling (read+update+insert), interleaved`, value: t.ceiling, unit: '/s', note: 'same database, A B A B …' },
            { name: `  ratio (median of pairwise ratios)`, value: t.ratio, unit: '×', digits: 2, note: `pairs ranged ${ratio2(t.low)}–${ratio2(t.high)}; goal ≥ 0.70 with analytics` },
          );
        }
      });
      printSection(`Workflow transitions at ${background.toLocaleString('en')} cases (${perRound} cases × ${FLOW.length} actions a round, WAL, synchronous=NORMAL)`, figures);
    }

    const trailCases = QUICK ? 20_000 : 125_000;
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

    for (const million of QUICK ? [30_000, 300_000] : [100_000, 1_000_000]) {
      const m = await workflowFixture(path.join(tmp.dir, `queues-${million}.db`));
      const insert = m.db.statement(
        'bench.million',
        `INSERT INTO cases (case_no, kind, standard_id, class_code, source, state, description, grid_code, department_id, reported_at, updated_at, version, assignee_id)
         VALUES (?, 'event', ?, '0102', 'inspector', ?, '', ?, ?, ?, ?, 1, ?)`,
      );
      const openStates = ['reported', 'accepted', 'registered', 'dispatched', 'disposed', 'checking', 'checked', 'rework'];
      const load = timeIt(() =>
        m.db.transaction(async () => {
          for (let i = 0; i < million; i++) {
            const closed = i < million * 0.98;
            const state = closed ? 'closed' : openStates[i % openStates.length]!;
            const at = Date.parse('2020-01-01T00:00:00Z') + i * 180_000;
            await insert.run([`M${String(i).padStart(12, '0')}`, STANDARD, state, GRID_A, 1 + (i % 3), at, at, state === 'checking' ? m.actors.inspector.id! : null]);
          }
        }),
      );
      await m.db.exec('ANALYZE');
      const figures: Figure[] = [{ name: `load ${million.toLocaleString('en')} cases`, value: load.ms / 1000, unit: 's' }];
      const queues: [string, () => unknown][] = [
        ['待受理 first page', () => m.cases.list({ states: ['reported'] }, 50, 0)],
        ['待派遣 first page', () => m.cases.list({ states: ['registered'] }, 50, 0)],
        ['department 待处置', () => m.cases.list({ states: ['dispatched', 'rework'], departmentId: 2 }, 50, 0)],
        ['inspector 核查任务', () => m.cases.list({ states: ['checking'], assigneeId: m.actors.inspector.id! }, 50, 0)],
        ['open overdue cases', () => m.cases.list({ states: ['dispatched', 'rework'], overdue: true }, 50, 0)],
        ['find by case number', () => m.cases.list({ text: `M${String(Math.floor(million * 0.777)).padStart(12, '0')}` }, 50, 0)],
      ];
      for (const [name, fn] of queues) {
        const s = sample(fn, 30, 3);
        figures.push({ name: `${name} p50`, value: percentile(s, 50), unit: 'ms' }, { name: `${name} p95`, value: percentile(s, 95), unit: 'ms', note: 'goal < 20 ms at 1 M' });
      }
      printSection(`Queue queries at ${million.toLocaleString('en')} cases`, figures);
      await m.close();
    }
  } finally {
    tmp.cleanup();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
