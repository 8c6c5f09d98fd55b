import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TERMINAL_STATES, type CaseState } from '../../core/workflow/cases/states.js';
import { TRANSITIONS, type Transition } from '../../core/workflow/cases/transitions.js';
import { verifyTrail } from '../../core/workflow/cases/verify.js';
import type { ActionInput, Actor } from '../../core/workflow/cases/workflow.js';
import { AppError } from '../../core/runtime/errors.js';
import { workflowFixture, type WorkflowFixture, GRID_A, GRID_B, START } from '../support/workflow-fixture.js';

let f: WorkflowFixture;
beforeEach(async () => {
  f = await workflowFixture();
});
afterEach(async () => await f.close());

const H = 3_600_000;

/** Who does each action in the happy path, and with what. */
function performer(action: string): keyof WorkflowFixture['actors'] {
  const map: Record<string, keyof WorkflowFixture['actors']> = {
    send_verify: 'acceptor', accept: 'acceptor', reject: 'acceptor', send_check: 'acceptor',
    verify_confirm: 'inspector', verify_deny: 'inspector', check_pass: 'inspector', check_fail: 'inspector',
    register: 'shiftLeader', decline: 'shiftLeader', close: 'shiftLeader', void: 'shiftLeader', self_approve: 'shiftLeader', self_reject: 'shiftLeader', mark_urgent: 'acceptor',
    dispatch: 'dispatcher', return_approve: 'dispatcher', return_reject: 'dispatcher', extend_approve: 'dispatcher', extend_reject: 'dispatcher',
    hang_approve: 'dispatcher', hang_reject: 'dispatcher', hang_resume: 'dispatcher', supervise: 'dispatcher', note: 'acceptor',
    dispose: 'sanitation', return_request: 'sanitation', extend_request: 'sanitation', hang_request: 'sanitation',
  };
  return map[action]!;
}

async function inputFor(action: string, version: number): Promise<ActionInput> {
  const input: ActionInput = { version, comment: '已现场处理，附照片' };
  if (action === 'dispatch') input.departmentId = f.departments.sanitation;
  if (action === 'dispose') input.photoIds = [await f.photo()];
  if (action === 'extend_request') input.extension = { value: 1, unit: 'work_days' };
  return input;
}

const PATHS: Record<string, string[]> = {
  reported: [],
  verifying: ['send_verify'],
  accepted: ['accept'],
  registered: ['accept', 'register'],
  dispatched: ['accept', 'register', 'dispatch'],
  return_pending: ['accept', 'register', 'dispatch', 'return_request'],
  extension_pending: ['accept', 'register', 'dispatch', 'extend_request'],
  hang_pending: ['accept', 'register', 'dispatch', 'hang_request'],
  hanging: ['accept', 'register', 'dispatch', 'hang_request', 'hang_approve'],
  disposed: ['accept', 'register', 'dispatch', 'dispose'],
  checking: ['accept', 'register', 'dispatch', 'dispose', 'send_check'],
  checked: ['accept', 'register', 'dispatch', 'dispose', 'send_check', 'check_pass'],
  rework: ['accept', 'register', 'dispatch', 'dispose', 'send_check', 'check_fail'],
  closed: ['accept', 'register', 'dispatch', 'dispose', 'send_check', 'check_pass', 'close'],
  not_accepted: ['reject'],
  not_registered: ['accept', 'decline'],
  void: ['accept', 'void'],
};

/** A case brought to `state` by the actions real operators would take. */
async function caseIn(state: CaseState | 'self_review'): Promise<number> {
  const created = await f.workflow.report(f.newCase({ selfHandled: state === 'self_review' }), f.actors.inspector);
  let row = created.case;
  for (const action of PATHS[state] ?? []) {
    f.clock.advance(10 * 60_000);
    row = (await f.workflow.act(row.id, action, await inputFor(action, row.version), f.actors[performer(action)])).case;
  }
  expect(row.state).toBe(state);
  return row.id;
}

async function statusOf(fn: () => Promise<unknown>): Promise<number> {
  try {
    await fn();
    return 200;
  } catch (error) {
    if (error instanceof AppError) return error.status;
    throw error;
  }
}

describe('the standard flow, from report to close', () => {
  it('walks 信息收集 → 立案 → 派遣 → 处置 → 核查 → 结案 with a full trail and a working-time deadline', async () => {
    const id = await caseIn('closed');
    const row = (await f.cases.get(id))!;
    const events = await f.cases.events(id);
    expect(events.map((e) => e.action)).toEqual(['report', 'accept', 'register', 'dispatch', 'dispose', 'send_check', 'check_pass', 'close']);
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(row.version).toBe(8);
    expect(row.departmentId).toBe(f.departments.sanitation);
    // 暴露垃圾 (0102): 1 工作日 from dispatch at 09:30 → 09:30 the next working day.
    expect(row.deadlineAt! - row.dispatchedAt!).toBe(24 * H);
    expect(row.closedAt).not.toBeNull();
    expect(await f.cases.attachmentsOfCase(id)).toHaveLength(1);
    expect((await verifyTrail(f.cases)).problems).toEqual([]);
  });
});

describe('every transition, by role and by state', () => {
  const sampleStates = (t: Transition): CaseState[] =>
    t.from === 'any_open' ? (['reported', 'dispatched', 'checking'] as CaseState[]) : [...t.from];

  for (const t of TRANSITIONS) {
    it(`${t.action} (${t.label.zh}): allowed for ${t.roles.join('/')}, refused for the rest`, async () => {
      for (const state of sampleStates(t)) {
        for (const [name, actor] of Object.entries(f.actors) as [string, Actor][]) {
          const id = await caseIn(state);
          const row = (await f.cases.get(id))!;
          const hasRole = actor.roles.some((r) => (t.roles as readonly string[]).includes(r));
          const guardOk =
            t.guard === 'own_department' ? actor.departmentId === row.departmentId : t.guard === 'task_inspector' ? name === 'inspector' : true;
          const expected = hasRole && guardOk ? 200 : 403;
          const status = await statusOf(async () => await f.workflow.act(id, t.action, await inputFor(t.action, row.version), actor));
          expect({ action: t.action, state, actor: name, status }).toEqual({ action: t.action, state, actor: name, status: expected });
        }
      }
    });
  }

  it('refuses an action in a state it does not start from with 409, changing nothing', async () => {
    const id = await caseIn('reported');
    const before = (await f.cases.get(id))!;
    expect(await statusOf(async () => await f.workflow.act(id, 'close', { version: 1 }, f.actors.shiftLeader))).toBe(409);
    expect(await statusOf(async () => await f.workflow.act(id, 'dispatch', { version: 1, departmentId: 1 }, f.actors.dispatcher))).toBe(409);
    expect(await f.cases.get(id)).toEqual(before);
    expect(await f.cases.events(id)).toHaveLength(1);
  });

  it('lets nothing act on a closed case', async () => {
    const id = await caseIn('closed');
    const row = (await f.cases.get(id))!;
    for (const t of TRANSITIONS) {
      const actor = f.actors[performer(t.action)];
      expect(await statusOf(async () => await f.workflow.act(id, t.action, await inputFor(t.action, row.version), actor))).toBe(409);
    }
    expect(TERMINAL_STATES.has((await f.cases.get(id))!.state)).toBe(true);
  });
});

describe('what a transition requires', () => {
  it('a comment for 不予受理, a photo for 处置反馈, a department for 派遣 — each named, nothing changed', async () => {
    const reported = await caseIn('reported');
    const e1 = await (async () => { try { await f.workflow.act(reported, 'reject', { version: 1 }, f.actors.acceptor); } catch (e) { return e as AppError; } })();
    expect(e1).toMatchObject({ status: 400, field: 'comment' });

    const dispatched = await caseIn('dispatched');
    const v = (await f.cases.get(dispatched))!.version;
    const e2 = await (async () => { try { await f.workflow.act(dispatched, 'dispose', { version: v, comment: '已清理' }, f.actors.sanitation); } catch (e) { return e as AppError; } })();
    expect(e2).toMatchObject({ status: 400, field: 'photoIds' });
    expect((await f.cases.get(dispatched))!.version).toBe(v);

    const registered = await caseIn('registered');
    const e3 = await (async () => { try { await f.workflow.act(registered, 'dispatch', { version: 3 }, f.actors.dispatcher); } catch (e) { return e as AppError; } })();
    expect(e3).toMatchObject({ status: 400, field: 'departmentId' });
    const e4 = await (async () => { try { await f.workflow.act(registered, 'dispatch', { version: 3, departmentId: 999 }, f.actors.dispatcher); } catch (e) { return e as AppError; } })();
    expect(e4).toMatchObject({ status: 400, field: 'departmentId' });
  });

  it('a photo is optional on disposal when the county turns the rule off', async () => {
    await f.settings.set('workflow', { ...await f.settings.get('workflow'), photoRequiredOnDispose: false }, START, null);
    const id = await caseIn('dispatched');
    const row = (await f.workflow.act(id, 'dispose', { version: (await f.cases.get(id))!.version, comment: '已清理' }, f.actors.sanitation)).case;
    expect(row.state).toBe('disposed');
  });

  it('only the department the case went to may dispose of it', async () => {
    const id = await caseIn('dispatched');
    const v = (await f.cases.get(id))!.version;
    expect(await statusOf(async () => await f.workflow.act(id, 'dispose', { version: v, comment: 'x', photoIds: [await f.photo()] }, f.actors.roads))).toBe(403);
  });
});

describe('concurrency', () => {
  it('two operators acting on the same version: the second gets 409 and nothing of theirs lands', async () => {
    const id = await caseIn('registered');
    const v = (await f.cases.get(id))!.version;
    await f.workflow.act(id, 'dispatch', { version: v, departmentId: f.departments.sanitation }, f.actors.dispatcher);
    expect(await statusOf(async () => await f.workflow.act(id, 'dispatch', { version: v, departmentId: f.departments.roads }, f.actors.dispatcher))).toBe(409);
    expect((await f.cases.get(id))!.departmentId).toBe(f.departments.sanitation);
    expect((await f.cases.events(id)).filter((e) => e.action === 'dispatch')).toHaveLength(1);
  });
});

describe('deadlines', () => {
  it('urgent cases count clock hours; others working time', async () => {
    const urgent = (await f.workflow.report(f.newCase({ urgent: true }), f.actors.inspector)).case;
    let row = (await f.workflow.act(urgent.id, 'accept', { version: 1 }, f.actors.acceptor)).case;
    row = (await f.workflow.act(row.id, 'register', { version: row.version }, f.actors.shiftLeader)).case;
    f.clock.set(Date.parse('2026-11-20T17:30:00+08:00')); // Friday evening
    row = (await f.workflow.act(row.id, 'dispatch', { version: row.version, departmentId: 1 }, f.actors.dispatcher)).case;
    expect(row.clockLimit).toBe(1);
    expect(row.deadlineAt! - row.dispatchedAt!).toBe(2 * H);
  });

  it('an approved extension moves the deadline by the time granted', async () => {
    const id = await caseIn('extension_pending');
    const before = (await f.cases.get(id))!;
    const after = (await f.workflow.act(id, 'extend_approve', { version: before.version }, f.actors.dispatcher)).case;
    expect(after.state).toBe('dispatched');
    expect(f.calendar.workingMsBetween(before.deadlineAt!, after.deadlineAt!)).toBe(8 * H);
    expect(after.extensionCount).toBe(1);
  });

  it('the approver may grant less than asked: the deadline moves by the grant, the trail keeps both', async () => {
    const id = await caseIn('extension_pending'); // asked: 1 工作日
    const before = (await f.cases.get(id))!;
    const granted = { value: 3, unit: 'work_hours' } as const;
    const after = (await f.workflow.act(id, 'extend_approve', { version: before.version, extension: granted, comment: '先批准 3 个工作时，视进度再议' }, f.actors.shiftLeader)).case;
    expect(after.state).toBe('dispatched');
    expect(f.calendar.workingMsBetween(before.deadlineAt!, after.deadlineAt!)).toBe(3 * H);
    const event = (await f.cases.events(id)).at(-1)!;
    expect(JSON.parse(event.data!)).toMatchObject({ requested: { value: 1, unit: 'work_days' }, extension: granted, deadlineAt: after.deadlineAt });
    expect((await verifyTrail(f.cases)).problems).toEqual([]);
  });

  it('refuses an extension on an action that takes none, and a grant of nothing', async () => {
    const id = await caseIn('extension_pending');
    const row = (await f.cases.get(id))!;
    const refused = async (action: string, input: ActionInput) => {
      try {
        await f.workflow.act(id, action, input, f.actors.dispatcher);
      } catch (error) {
        return error instanceof AppError ? { status: error.status, field: error.field } : error;
      }
      return 'accepted';
    };
    expect(await refused('extend_reject', { version: row.version, comment: '不同意', extension: { value: 1, unit: 'work_days' } })).toEqual({ status: 400, field: 'extension' });
    expect(await refused('extend_approve', { version: row.version, extension: { value: 0, unit: 'work_days' } })).toEqual({ status: 400, field: 'extension' });
    expect((await f.cases.get(id))!.version).toBe(row.version);
  });

  it('挂账 stops the clock: the deadline moves by the working time the case hung', async () => {
    const id = await caseIn('hang_pending');
    let row = (await f.cases.get(id))!;
    row = (await f.workflow.act(id, 'hang_approve', { version: row.version }, f.actors.dispatcher)).case;
    const deadline = row.deadlineAt!;
    const hungAt = f.clock.now();
    f.clock.advance(3 * 24 * H); // Wednesday → Saturday
    row = (await f.workflow.act(id, 'hang_resume', { version: row.version }, f.actors.dispatcher)).case;
    expect(row.state).toBe('dispatched');
    expect(f.calendar.workingMsBetween(deadline, row.deadlineAt!)).toBe(f.calendar.workingMsBetween(hungAt, f.clock.now()));
    expect(row.hangMs).toBe(3 * 24 * H);
  });

  it('a case disposed after its deadline is marked overdue', async () => {
    const id = await caseIn('dispatched');
    const row = (await f.cases.get(id))!;
    f.clock.set(row.deadlineAt! + 60_000);
    const done = (await f.workflow.act(id, 'dispose', { version: row.version, comment: '迟了', photoIds: [await f.photo()] }, f.actors.sanitation)).case;
    expect(done.overdue).toBe(1);
  });
});

describe('timers survive a restart and fire once', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'gridhall-timers-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('fires what came due while the server was down, exactly once', async () => {
    const file = path.join(dir, 'county.db');
    await f.close();
    f = await workflowFixture(file);
    const id = await caseIn('dispatched');
    const deadline = (await f.cases.get(id))!.deadlineAt!;
    await f.close();

    // The server was down past the deadline; it starts again.
    f = await workflowFixture.reopen(file, deadline + 5 * H);
    const overdueEvents: unknown[] = [];
    f.events.subscribe((m) => m.topic === 'case.overdue' && overdueEvents.push(m.data));
    expect(await f.workflow.fireDueTimers()).toBeGreaterThanOrEqual(1);
    expect(await f.workflow.fireDueTimers()).toBe(0);
    await f.close();
    f = await workflowFixture.reopen(file, deadline + 6 * H);
    expect(await f.workflow.fireDueTimers()).toBe(0);
    const row = (await f.cases.get(id))!;
    expect(row.overdue).toBe(1);
    expect((await f.cases.events(id)).filter((e) => e.action === 'overdue')).toHaveLength(1);
    expect(overdueEvents).toHaveLength(1);
    expect((await verifyTrail(f.cases)).problems).toEqual([]);
  });
});

describe('自动批转 and 黑名单', () => {
  it('a matching rule dispatches at registration, by the system', async () => {
    await f.dispatchRules.insert({ kind: 'event', classCode: '0102', areaCode: null, gridCode: null, departmentId: f.departments.sanitation, active: true, note: null });
    f.dispatch.invalidate();
    const id = await caseIn('accepted');
    const row = (await f.workflow.act(id, 'register', { version: 2 }, f.actors.shiftLeader)).case;
    expect(row.state).toBe('dispatched');
    expect(row.departmentId).toBe(f.departments.sanitation);
    const last = (await f.cases.events(id)).at(-1)!;
    expect(last).toMatchObject({ action: 'dispatch', actorRole: 'system', actorId: null });
    expect(JSON.parse(last.data!)).toMatchObject({ auto: true });
  });

  it('a grid rule beats a class rule; unmatched cases wait for the dispatcher', async () => {
    await f.dispatchRules.insert({ kind: 'event', classCode: '0102', areaCode: null, gridCode: null, departmentId: 1, active: true, note: null });
    await f.dispatchRules.insert({ kind: 'event', classCode: '0102', areaCode: null, gridCode: GRID_B, departmentId: 2, active: true, note: null });
    f.dispatch.invalidate();
    expect((await f.dispatch.match({ kind: 'event', classCode: '0102', gridCode: GRID_B }))?.departmentId).toBe(2);
    expect((await f.dispatch.match({ kind: 'event', classCode: '0102', gridCode: GRID_A }))?.departmentId).toBe(1);
    expect(await f.dispatch.match({ kind: 'event', classCode: '0505', gridCode: GRID_A })).toBeUndefined();
  });

  it('the same class three times in one grid within 30 days flags the grid', async () => {
    const flagged: unknown[] = [];
    f.events.subscribe((m) => m.topic === 'blacklist.flagged' && flagged.push(m.data));
    const ids = [await caseIn('registered'), await caseIn('registered')];
    expect([(await f.cases.get(ids[0]!))!.blacklisted, (await f.cases.get(ids[1]!))!.blacklisted]).toEqual([0, 0]);
    const third = await caseIn('registered');
    expect((await f.cases.get(third))!.blacklisted).toBe(1);
    expect(flagged).toEqual([{ gridCode: GRID_A, kind: 'event', classCode: '0102', count: 3 }]);
  });
});

describe('gridhall verify', () => {
  it('passes after thousands of random valid actions, and catches a case bent behind the trail', async () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const ids: number[] = [];
    let actions = 0;
    for (let i = 0; i < 200; i++) ids.push((await f.workflow.report(f.newCase({ urgent: rand() < 0.1, selfHandled: rand() < 0.05 }), f.actors.inspector)).case.id);
    for (let round = 0; round < 40 && actions < 3000; round++) {
      for (const id of ids) {
        const row = (await f.cases.get(id))!;
        const options: { t: Transition; actor: Actor }[] = [];
        for (const actor of Object.values(f.actors)) for (const t of await f.workflow.allowedActions(row, actor)) options.push({ t, actor });
        if (options.length === 0) continue;
        const { t, actor } = options[Math.floor(rand() * options.length)]!;
        f.clock.advance(Math.floor(rand() * 2 * H));
        await f.workflow.act(id, t.action, await inputFor(t.action, row.version), actor);
        actions++;
        if (rand() < 0.05) await f.workflow.fireDueTimers();
      }
    }
    expect(actions).toBeGreaterThan(2000);
    const report = await verifyTrail(f.cases);
    expect(report.problems).toEqual([]);
    expect(report.cases).toBe(200);

    await f.db.exec(`UPDATE cases SET state = 'closed' WHERE id = ${ids[0]} AND state <> 'closed'`);
    await f.db.exec(`UPDATE cases SET rework_count = rework_count + 1 WHERE id = ${ids[1]}`);
    const bent = await verifyTrail(f.cases);
    expect(bent.problems.map((p) => p.caseId).sort()).toEqual([ids[0], ids[1]].sort());
  });
});
