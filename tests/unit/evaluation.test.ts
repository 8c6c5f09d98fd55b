// 综合评价 on cases driven through the real workflow, with the answers worked out here:
// a month shaped like the 天门 county month of DOMAIN.md §4.2, and a small set for the positions.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { monthsIn, parsePeriod } from '../../core/analytics/period.js';
import { AnalyticsService } from '../../core/analytics/service.js';
import { DictionaryStore } from '../../core/base/dictionary/store.js';
import { bandScore, gradeOf, OBJECT_DEFS, score } from '../../core/analytics/evaluation/indicators.js';
import { EvaluationService } from '../../core/analytics/evaluation/service.js';
import { DEFAULT_SETTINGS } from '../../core/workflow/settings/defaults.js';
import type { ActionInput, Actor } from '../../core/workflow/cases/workflow.js';
import { GRID_A, GRID_B, workflowFixture, type WorkflowFixture } from '../support/workflow-fixture.js';

let f: WorkflowFixture;
let analytics: AnalyticsService;
let evaluation: EvaluationService;

beforeEach(async () => {
  f = await workflowFixture();
  await f.settings.set('workflow', { ...await f.settings.get('workflow'), photoRequiredOnDispose: false }, f.clock.now(), null);
  analytics = new AnalyticsService(f.db, f.cases, f.calendars, f.limits, new DictionaryStore(f.db), f.clock);
  analytics.attach(f.workflow);
  evaluation = new EvaluationService(analytics, f.settings);
});
afterEach(async () => await f.close());

const MIN = 60_000;
const DEC_1 = Date.parse('2026-12-01T09:00:00+08:00');

async function act(id: number, action: string, actor: Actor, extra: Partial<ActionInput> = {}): Promise<void> {
  const row = (await f.cases.get(id))!;
  f.clock.advance(1000);
  await f.workflow.act(id, action, { version: row.version, comment: '处理意见', ...extra }, actor);
}

async function registeredAndDispatched(classCode: string, source = 'inspector', reporter = f.actors.inspector): Promise<number> {
  const id = (await f.workflow.report(f.newCase({ classCode, source }), reporter)).case.id;
  await act(id, 'accept', f.actors.acceptor);
  await act(id, 'register', f.actors.shiftLeader);
  await act(id, 'dispatch', f.actors.dispatcher, { departmentId: f.departments.sanitation });
  return id;
}

async function checkAndClose(id: number): Promise<void> {
  await act(id, 'send_check', f.actors.acceptor);
  await act(id, 'check_pass', f.actors.inspector);
  await act(id, 'close', f.actors.shiftLeader);
}


/** n results of fn, one after another (each is its own transaction). */
async function times<T>(n: number, fn: () => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let k = 0; k < n; k++) out.push(await fn());
  return out;
}

describe('the county month of DOMAIN.md §4.2 (天门)', () => {
  it('gives 立案 996, 应结案 972, 结案 911, 按期结案 737: 结案率 93.72 %, 按期结案率 75.82 %', async () => {
    f.clock.set(DEC_1);
    // 0102 暴露垃圾: 1 working day to dispose. 0101 违法搭建: 15 working days (not yet due in December).
    const onTime = await times(737, async () => await registeredAndDispatched('0102'));
    const waitingCheck = await times(30, async () => await registeredAndDispatched('0102'));
    const late = await times(174, async () => await registeredAndDispatched('0102'));
    const overdueOpen = await times(31, async () => await registeredAndDispatched('0102'));
    const notDue = await times(24, async () => await registeredAndDispatched('0101'));
    for (const id of [...onTime, ...waitingCheck]) await act(id, 'dispose', f.actors.sanitation);
    for (const id of onTime) await checkAndClose(id);
    // Two days on, the 0102 limits have expired: the timers mark them 超期 (the automatic evaluation).
    f.clock.set(Date.parse('2026-12-03T10:00:00+08:00'));
    await f.workflow.fireDueTimers();
    for (const id of late) {
      await act(id, 'dispose', f.actors.sanitation);
      await checkAndClose(id);
    }
    for (const id of notDue) expect((await f.cases.get(id))!.overdue).toBe(0);
    for (const id of overdueOpen) expect((await f.cases.get(id))!.overdue).toBe(1);

    const month = parsePeriod({ period: '2026-12' });
    const street = (await evaluation.evaluate('street', month)).rows.find((r) => r.subject === '990101001')!;
    expect(street.counts).toMatchObject({ registered: 996, due: 972, closed: 911, closedOnTime: 737, closedLate: 174, overdueOpen: 31 });
    expect(street.rates.closeRate).toBe(93.72); // 911 / 972
    expect(street.rates.onTimeCloseRate).toBe(75.82); // 737 / 972
    expect(street.rates.lateCloseRate).toBe(17.9); // 174 / 972

    // The grid's composite: 监督举报 0 → 100 × 10 %; 996 cases in one grid in a month → 立案数分值 0 × 20 %;
    // 93.72 × 30 % + 75.82 × 40 % → 10 + 0 + 28.116 + 30.328 = 68.44 → grade C (60–75).
    const grid = (await evaluation.evaluate('grid', month)).rows.find((r) => r.subject === GRID_A)!;
    expect(grid.terms).toEqual({ supervision: 100, caseCount: 0, closeRate: 93.72, onTimeCloseRate: 75.82 });
    expect(grid.score).toBe(68.44);
    expect(grid.grade).toBe('C');
    // The empty grid B has nothing due and no cases: full marks, but on no cases it is not ranked
    // (under the county's minCases, 10); grid A, on 996, is ranked first.
    expect((await evaluation.evaluate('grid', month)).rows.find((r) => r.subject === GRID_B)).toMatchObject({ score: 100, grade: 'A', sample: 0, rank: null });
    expect((await evaluation.evaluate('grid', month)).rows.find((r) => r.subject === GRID_A)).toMatchObject({ sample: 996, rank: 1 });

    // The department: 应处置 = 941 disposed + 31 overdue undisposed = 972; 767 disposed on time.
    const sanitation = (await evaluation.evaluate('department', month)).rows.find((r) => r.subject === '1')!;
    expect(sanitation.counts).toMatchObject({ assigned: 996, toDispose: 972, disposed: 941, disposedOnTime: 767, overdue: 205, closed: 911 });
    expect(sanitation.rates.onTimeDisposeRate).toBe(78.91); // 767 / 972
    // 立案数分值: 996 in the calendar month of December (one month) is in the 501–1000 band → 40.
    // 40 × 10 % + 93.72 × 30 % + 78.91 × 30 % + (100 − 0) × 30 % = 4 + 28.116 + 23.673 + 30 = 85.79 → B.
    expect(sanitation.score).toBe(85.79);
    expect(sanitation.grade).toBe('B');
    // The department with no cases is listed but not graded.
    expect((await evaluation.evaluate('department', month)).rows.find((r) => r.subject === '2')).toMatchObject({ score: null, grade: null, rank: null });

    // Drilling from 按期结案数 lists exactly the 737 cases, and from 超期未结 the 31.
    expect([...(await evaluation.drill('street', '990101001', 'closedOnTime', month)).keys()].sort((a, b) => a - b)).toEqual(onTime);
    expect([...(await evaluation.drill('grid', GRID_A, 'overdueOpen', month)).keys()].sort((a, b) => a - b)).toEqual(overdueOpen);
    expect((await evaluation.drill('department', '1', 'toDispose', month)).size).toBe(972);
  });
});

describe('a minimum number of cases before an object is ranked', () => {
  it('ranks only departments with the county\'s minCases cases; the rest show their score and sample after them', async () => {
    f.clock.set(DEC_1);
    // Sanitation gets 12 cases, roads 4: both dispose of all in time and score alike.
    for (let i = 0; i < 12; i++) await act(await registeredAndDispatched('0102'), 'dispose', f.actors.sanitation);
    for (let i = 0; i < 4; i++) {
      const id = (await f.workflow.report(f.newCase({ classCode: '0102' }), f.actors.inspector)).case.id;
      await act(id, 'accept', f.actors.acceptor);
      await act(id, 'register', f.actors.shiftLeader);
      await act(id, 'dispatch', f.actors.dispatcher, { departmentId: f.departments.roads });
      await act(id, 'dispose', f.actors.roads);
    }
    const month = parsePeriod({ period: '2026-12' });
    const rows = async () => (await evaluation.evaluate('department', month)).rows.filter((r) => r.score !== null);
    expect((await rows()).map((r) => ({ subject: r.subject, sample: r.sample, rank: r.rank }))).toEqual([
      { subject: String(f.departments.sanitation), sample: 12, rank: 1 },
      { subject: String(f.departments.roads), sample: 4, rank: null },
    ]);
    expect((await rows())[1]!.score).toBe((await rows())[0]!.score);

    // A county setting: at 4 cases both are ranked, tied.
    await f.settings.set('evaluation', { ...await f.settings.get('evaluation'), minCases: 4 }, f.clock.now(), null);
    expect((await rows()).map((r) => r.rank)).toEqual([1, 1]);
    expect(DEFAULT_SETTINGS.evaluation.minCases).toBe(10);
  });
});

describe('position indicators (岗位)', () => {
  it('score inspectors, acceptors, shift leaders and dispatchers from their own actions', async () => {
    f.clock.set(DEC_1);
    // The inspector reports 4 cases; 3 are registered (有效上报率 75 %). The hotline reports one in
    // the inspector's grid that gets registered: 漏报 1 of 4 立案 in their grids (漏报率 25 %).
    const valid = [await registeredAndDispatched('0102'), await registeredAndDispatched('0102'), await registeredAndDispatched('0102')];
    const declined = (await f.workflow.report(f.newCase(), f.actors.inspector)).case.id;
    await act(declined, 'accept', f.actors.acceptor);
    await act(declined, 'decline', f.actors.shiftLeader);
    const hotline = (await f.workflow.report(f.newCase({ source: 'hotline' }), f.actors.acceptor)).case.id;
    // 核实: sent within the 1-hour 受理 limit, answered within the 2-hour 核实 limit.
    await act(hotline, 'send_verify', f.actors.acceptor);
    await act(hotline, 'verify_confirm', f.actors.inspector);
    await act(hotline, 'register', f.actors.shiftLeader);
    // The dispatcher waits three working hours: late against the 1-hour 派遣 limit.
    f.clock.advance(3 * 60 * MIN);
    await act(hotline, 'dispatch', f.actors.dispatcher, { departmentId: f.departments.roads });
    // 回退 from roads, re-dispatched to sanitation: one of the dispatcher's two dispatches of it was inaccurate.
    await act(hotline, 'return_request', f.actors.roads);
    await act(hotline, 'return_approve', f.actors.dispatcher);
    await act(hotline, 'dispatch', f.actors.dispatcher, { departmentId: f.departments.sanitation });
    for (const id of valid) await act(id, 'dispose', f.actors.sanitation);
    // 核查 of the first case on time. The second is sent at noon (the lunch break), so its 4 working
    // hours run 14:00–18:00; answered at 19:00 it is late.
    await act(valid[0]!, 'send_check', f.actors.acceptor);
    await act(valid[0]!, 'check_pass', f.actors.inspector);
    await act(valid[1]!, 'send_check', f.actors.acceptor);
    f.clock.advance(7 * 60 * MIN);
    await act(valid[1]!, 'check_pass', f.actors.inspector);

    const month = parsePeriod({ period: '2026-12' });
    const inspector = (await evaluation.evaluate('inspector', month)).rows.find((r) => r.subject === String(f.actors.inspector.id))!;
    expect(inspector.counts).toMatchObject({ reported: 4, validReported: 3, missed: 1, gridRegistered: 4, verifyTasks: 1, verifyOnTime: 1, checkTasks: 2, checkOnTime: 1 });
    expect(inspector.rates).toEqual({ validReportRate: 75, missRate: 25, onTimeVerifyRate: 100, onTimeCheckRate: 50 });
    // 75 × 40 % + (100 − 25) × 20 % + 100 × 20 % + 50 × 20 % = 30 + 15 + 20 + 10 = 75 → B.
    expect(inspector.score).toBe(75);
    expect(inspector.grade).toBe('B');

    const dispatcher = (await evaluation.evaluate('dispatcher', month)).rows.find((r) => r.subject === String(f.actors.dispatcher.id))!;
    // Dispatches: 3 on time (the inspector's cases), the hotline case late then returned, then again on time.
    expect(dispatcher.counts).toMatchObject({ dispatched: 5, dispatchedOnTime: 4, accurate: 4 });
    expect(dispatcher.rates).toEqual({ onTimeDispatchRate: 80, accurateDispatchRate: 80 });
    // 派遣数分值: 5 a month is under 101 → 0. 0 × 20 % + 80 × 40 % + 80 × 40 % = 64 → C.
    expect(dispatcher.score).toBe(64);
    expect(dispatcher.grade).toBe('C');
    // The drill lists the hotline case once, though it adds two dispatches.
    const drilled = await evaluation.drill('dispatcher', String(f.actors.dispatcher.id), 'dispatched', month);
    expect(drilled.size).toBe(4);
    expect(drilled.get(hotline)).toBe(2);

    const leader = (await evaluation.evaluate('shift_leader', month)).rows.find((r) => r.subject === String(f.actors.shiftLeader.id))!;
    expect(leader.counts).toMatchObject({ registered: 4, accurate: 4 });
    const acceptor = (await evaluation.evaluate('acceptor', month)).rows.find((r) => r.subject === String(f.actors.acceptor.id))!;
    expect(acceptor.counts).toMatchObject({ accepted: 5, verifySent: 1, verifySentOnTime: 1, checkSent: 2, checkSentOnTime: 2 });
    // The roads department returned one case.
    expect((await evaluation.evaluate('department', month)).rows.find((r) => r.subject === '2')!.counts).toMatchObject({ returned: 1, assigned: 0 });
  });
});

describe('the monthly band: a calendar month is one month', () => {
  it('counts December, February, a quarter and a year as 1, 1, 3 and 12 months; a range by the share of each month', () => {
    expect(monthsIn(parsePeriod({ period: '2026-12' }))).toBe(1);
    expect(monthsIn(parsePeriod({ period: '2026-02' }))).toBe(1);
    expect(monthsIn(parsePeriod({ period: '2026-Q1' }))).toBe(3);
    expect(monthsIn(parsePeriod({ period: '2026' }))).toBe(12);
    expect(monthsIn(parsePeriod({ from: '2026-02-15', to: '2026-03-16' }))).toBeCloseTo(14 / 28 + 16 / 31, 12);
  });

  it('puts 7 立案 per grid in December in the 7–9 band (40 points), not 6.87 (60 points)', async () => {
    f.clock.set(DEC_1);
    for (let i = 0; i < 7; i++) await registeredAndDispatched('0102');
    for (let i = 0; i < 7; i++) {
      const id = (await f.workflow.report(f.newCase({ gridCode: GRID_B, lon: 118.1015 }), f.actors.inspector)).case.id;
      await act(id, 'accept', f.actors.acceptor);
      await act(id, 'register', f.actors.shiftLeader);
    }
    const month = parsePeriod({ period: '2026-12' });
    const grids = (await evaluation.evaluate('grid', month)).rows;
    expect(grids.find((r) => r.subject === GRID_A)!.terms.caseCount).toBe(40);
    expect(grids.find((r) => r.subject === GRID_B)!.terms.caseCount).toBe(40);
    // The community has two grids: 14 立案 is 7 per grid, the same band.
    expect((await evaluation.evaluate('community', month)).rows.find((r) => r.subject === '990101001001')!.terms.caseCount).toBe(40);
  });

  it("puts a department's 501 立案 in December in the 501–1000 band (40 points), not 491.9 (60 points)", () => {
    const december = monthsIn(parsePeriod({ period: '2026-12' }));
    const counts = { assigned: 501, toDispose: 0, disposed: 0, due: 0, closed: 0, returned: 0 };
    expect(score(OBJECT_DEFS.department, counts, DEFAULT_SETTINGS.evaluation, december).terms.caseCount).toBe(40);
    expect(score(OBJECT_DEFS.department, { ...counts, assigned: 500 }, DEFAULT_SETTINGS.evaluation, december).terms.caseCount).toBe(60);
  });
});

describe('the formulas', () => {
  it('step bands, grades and the zero-denominator rule', () => {
    const bands = DEFAULT_SETTINGS.evaluation.bands.regionCases;
    expect([0, 0.4, 1, 2.9, 3, 4.99, 5, 7, 8.9, 9, 40].map((n) => bandScore(bands, n))).toEqual([100, 100, 90, 90, 75, 75, 60, 40, 40, 0, 0]);
    const grades = DEFAULT_SETTINGS.evaluation.grades;
    expect([100, 90, 89.99, 75, 60, 59.99, 40, 39.99, 0].map((s) => gradeOf(s, grades).grade)).toEqual(['A', 'A', 'B', 'B', 'C', 'D', 'D', 'E', 'E']);
    // A shift leader who registered nothing and closed nothing is not graded at all.
    expect(score(OBJECT_DEFS.shift_leader, { registered: 0, closed: 0 }, DEFAULT_SETTINGS.evaluation, 1).score).toBeNull();
    // 受理数分值: 1,500 a month → 90; over a quarter (3 months) 4,500 is the same rate.
    const acceptor = (accepted: number, months: number) => score(OBJECT_DEFS.acceptor, { accepted, verifySent: 0, checkSent: 0 }, DEFAULT_SETTINGS.evaluation, months).terms.acceptCount;
    expect(acceptor(1500, 1)).toBe(90);
    expect(acceptor(4500, 3)).toBe(90);
  });
});
