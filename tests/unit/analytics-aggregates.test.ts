// The incremental aggregates (kept by the workflow observer inside each transaction) equal a
// full rebuild from the event trail after thousands of random valid actions, timers included.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Aggregates } from '../../core/analytics/aggregates.js';
import { foldTrail } from '../../core/analytics/facts.js';
import { AnalyticsStore } from '../../core/analytics/store.js';
import { TERMINAL_STATES } from '../../core/workflow/cases/states.js';
import type { ActionInput, Actor } from '../../core/workflow/cases/workflow.js';
import { GRID_A, GRID_B, workflowFixture, type WorkflowFixture } from '../support/workflow-fixture.js';

let f: WorkflowFixture;
let store: AnalyticsStore;
let aggregates: Aggregates;

beforeEach(async () => {
  f = await workflowFixture();
  store = new AnalyticsStore(f.db);
  aggregates = new Aggregates(f.db, store, f.cases, f.calendars, f.limits);
  f.workflow.observe(async (change) => await aggregates.onChange(change));
});
afterEach(async () => await f.close());

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CLASSES = ['0102', '0201', '0504', '0505', '0101'];
const SOURCES = ['inspector', 'hotline', 'citizen', 'video', 'media'];

async function units(): Promise<Map<string, number>> {
  const all = new Map<string, number>();
  for await (const [key, value] of store.allUnits()) all.set(key, value);
  return all;
}

async function runRandomActions(count: number, seed: number): Promise<{ actions: number; reports: number }> {
  const rnd = random(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const actors = Object.values(f.actors);
  const open: number[] = [];
  let actions = 0;
  let reports = 0;
  while (actions < count) {
    f.clock.advance(Math.floor(rnd() * 3 * 3_600_000));
    if (rnd() < 0.1) await f.workflow.fireDueTimers();
    if (open.length < 5 || rnd() < 0.15) {
      const selfHandled = rnd() < 0.05;
      const created = await f.workflow.report(
        f.newCase({ classCode: pick(CLASSES), source: selfHandled ? 'self' : pick(SOURCES), gridCode: pick([GRID_A, GRID_B]), urgent: rnd() < 0.1, selfHandled }),
        pick([f.actors.inspector, f.actors.inspector2, f.actors.acceptor]),
      );
      open.push(created.case.id);
      reports++;
      continue;
    }
    const id = pick(open);
    const row = (await f.cases.get(id))!;
    if (TERMINAL_STATES.has(row.state)) {
      open.splice(open.indexOf(id), 1);
      continue;
    }
    const choices: { action: string; actor: Actor }[] = [];
    for (const actor of actors) for (const t of await f.workflow.allowedActions(row, actor)) choices.push({ action: t.action, actor });
    if (choices.length === 0) continue;
    // Favour the flow forward so that many cases close, but take every side path too.
    const forward = choices.filter((c) => !['note', 'supervise', 'void', 'mark_urgent'].includes(c.action));
    const { action, actor } = pick(forward.length && rnd() < 0.92 ? forward : choices);
    const input: ActionInput = { version: row.version, comment: '随机操作' };
    if (action === 'dispatch') input.departmentId = pick([f.departments.sanitation, f.departments.roads]);
    if (action === 'dispose') input.photoIds = [await f.photo()];
    if (action === 'extend_request') input.extension = { value: 1, unit: 'work_days' };
    await f.workflow.act(id, action, input, actor);
    actions++;
  }
  return { actions, reports };
}

describe('analytics aggregates', () => {
  it('equal a rebuild from the trail after thousands of random valid actions', async () => {
    const { actions, reports } = await runRandomActions(4000, 20261118);
    // Some cases must have gone all the way and some overdue, or the comparison proves little.
    const states = await f.db.statement<{ state: string; n: number }>('t.states', 'SELECT state, count(*) AS n FROM cases GROUP BY state').all();
    const byState = Object.fromEntries(states.map((s) => [s.state, s.n]));
    expect(byState.closed).toBeGreaterThan(50);
    const overdue = (await f.db.statement<{ n: number }>('t.overdueEvents', "SELECT count(*) AS n FROM case_events WHERE action = 'overdue'").get())!.n;
    expect(overdue).toBeGreaterThan(5);
    expect(actions + reports).toBeGreaterThan(4000);

    expect(await aggregates.isStale()).toBe(false);
    expect((await aggregates.check()).differences).toEqual([]);
    const incremental = await units();
    expect(incremental.size).toBeGreaterThan(500);
    await aggregates.rebuild();
    expect(await units()).toEqual(incremental);
  });

  it('fold each trail to the overdue flag, department and state the workflow stored', async () => {
    await runRandomActions(1500, 7);
    const stepDeadline = await aggregates.stepDeadlines();
    for await (const row of f.cases.allCases()) {
      const facts = foldTrail(row, await f.cases.events(row.id), stepDeadline);
      expect({ id: row.id, state: facts.state, overdue: facts.overdue, department: facts.departmentId, reworks: facts.reworks }).toEqual({
        id: row.id,
        state: row.state,
        overdue: row.overdue === 1,
        department: row.departmentId,
        reworks: row.reworkCount,
      });
    }
  });

  it('notice events written around the workflow, and a rebuild takes them in', async () => {
    await runRandomActions(200, 3);
    expect(await aggregates.isStale()).toBe(false);
    const row = (await f.cases.get(1))!;
    // A bulk import appends to the trail without the observer.
    await f.cases.appendEvent({ caseId: row.id, seq: row.version + 1, at: f.clock.now(), actorId: null, actorRole: 'acceptor', action: 'note', fromState: row.state, toState: row.state, comment: 'x', data: null });
    expect(await aggregates.isStale()).toBe(true);
    await aggregates.rebuild();
    expect(await aggregates.isStale()).toBe(false);
    expect((await aggregates.check()).differences).toEqual([]);
  });
});
