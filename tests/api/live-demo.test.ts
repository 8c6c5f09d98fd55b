// The demo county lives: on the county's clock (moved by the test, one minute at a time through
// a working day in county time, UTC+8), new reports arrive and the demo staff work cases through
// the whole flow with the real workflow service. A viewer sees every stage happen; whoever signs
// in (acceptor01, shift01, dispatcher01, inspector01, a department) finds work in their queues;
// every trail still verifies.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyTrail } from '../../core/workflow/cases/verify.js';
import { LiveDemo } from '../../core/demo/live.js';
import { ManualClock } from '../../core/runtime/clock.js';
import { silentLogger } from '../../core/runtime/log.js';
import { ADMIN_PASSWORD, startTestCounty, type TestCounty } from './support.js';

/** Tuesday 2026-12-08 06:00 in the county (UTC+8), a working day; the machine's zone plays no part. */
const DAWN = Date.UTC(2026, 11, 7, 22, 0);

let county: TestCounty;
const clock = new ManualClock(DAWN);
let eventsBefore = 0;
let live: LiveDemo;
const figures: { hour: number; reported: number; registered: number; dispatched: number; closed: number }[] = [];

interface Summary {
  today: { reported: number; registered: number; dispatched: number; closed: number };
}

beforeAll(async () => {
  county = await startTestCounty({ demoSize: 'small', clock });
  const ctx = county.server.county;
  eventsBefore = (await ctx.db.statement<{ n: number }>('t.live.maxEvent', 'SELECT ifnull(max(id), 0) AS n FROM case_events').get())!.n;
  live = new LiveDemo(ctx, silentLogger, 'live-demo-test');
  // 06:00 to 21:00 county time, a minute at a time, as the server's timers would run it.
  for (let minute = 0; minute < 15 * 60; minute++) {
    clock.advance(60_000);
    await ctx.workflow.fireDueTimers();
    await live.tick(60_000);
    if (minute % 60 === 59) {
      // A fresh sign-in each hour: a session ends after hours without use, on this clock too.
      const token = await county.login();
      const { status, body } = await county.call<Summary>('GET', '/api/analytics/summary', { token });
      expect(status).toBe(200);
      figures.push({ hour: 7 + Math.floor(minute / 60), ...body.today });
    }
  }
}, 120_000);

afterAll(async () => {
  await county?.stop();
});

describe('the live demo through a working day', () => {
  it('moves cases through every stage, with some late, returned, extended, suspended and reworked', async () => {
    const ctx = county.server.county;
    const actions = new Set(
      (await ctx.db
        .statement<{ action: string }>('t.live.actions', 'SELECT DISTINCT action FROM case_events WHERE id > ?')
        .all([eventsBefore]))
        .map((r) => r.action),
    );
    for (const action of [
      'report', 'send_verify', 'verify_confirm', 'accept', 'register', 'dispatch', 'dispose', 'send_check', 'check_pass', 'close',
      'extend_request', 'extend_approve', 'return_request', 'return_approve', 'hang_request', 'hang_approve', 'check_fail', 'overdue',
    ]) {
      expect(actions, action).toContain(action);
    }
    // Departments attach a disposal photo, as the county's setting asks of people.
    const unphotographed = (await ctx.db
      .statement<{ n: number }>(
        't.live.disposeNoPhoto',
        "SELECT count(*) AS n FROM case_events e WHERE e.id > ? AND e.action = 'dispose' AND NOT EXISTS (SELECT 1 FROM attachments a WHERE a.event_id = e.id)",
      )
      .get([eventsBefore]))!.n;
    expect(unphotographed).toBe(0);
    expect((await verifyTrail(ctx.cases)).problems).toEqual([]);
  });

  it("moves the wall's figures during the day, hour by hour", () => {
    const first = figures[0]!;
    const last = figures.at(-1)!;
    for (const key of ['reported', 'registered', 'dispatched', 'closed'] as const) expect(last[key], key).toBeGreaterThan(first[key]);
    // In working hours every hour brings new reports and new dispatches.
    for (const [k, f] of figures.entries()) {
      if (k === 0 || f.hour <= 8 || f.hour > 18 || f.hour === 13 || f.hour === 14) continue;
      expect(f.reported, `reports by ${f.hour}:00`).toBeGreaterThan(figures[k - 1]!.reported);
    }
  });

  it("leaves work in every demo role's queues when each person signs in", async () => {
    const queuesOf = async (username: string) => {
      const token = await county.login(username, ADMIN_PASSWORD);
      const { status, body } = await county.call<{ id: string; count: number }[]>('GET', '/api/cases/queues', { token });
      expect(status).toBe(200);
      return Object.fromEntries(body.map((q) => [q.id, q.count]));
    };
    const acceptor = await queuesOf('acceptor01');
    expect(acceptor.to_accept).toBeGreaterThan(0);
    expect(acceptor.to_send_check).toBeGreaterThan(0);
    const shift = await queuesOf('shift01');
    expect(shift.to_register).toBeGreaterThan(0);
    expect(shift.to_close).toBeGreaterThan(0);
    const dispatcher = await queuesOf('dispatcher01');
    expect(dispatcher.to_dispatch).toBeGreaterThan(0); // 待派遣
    expect(dispatcher.approvals).toBeGreaterThan(0); // 待审批
    expect(dispatcher.hanging).toBeGreaterThan(0); // 挂账
    const inspector = await queuesOf('inspector01');
    expect(inspector.to_verify! + inspector.to_check!).toBeGreaterThan(0);
    // Every department the demo dispatched to today has cases to dispose or requests pending.
    const ctx = county.server.county;
    const departments = await ctx.db
      .statement<{ code: string }>(
        't.live.todayDepartments',
        "SELECT DISTINCT d.code FROM case_events e JOIN departments d ON d.id = json_extract(e.data, '$.departmentId') WHERE e.id > ? AND e.action = 'dispatch'",
      )
      .all([eventsBefore]);
    expect(departments.length).toBeGreaterThan(2);
    for (const { code } of departments) {
      const q = await queuesOf(`dept-${code.toLowerCase()}`);
      expect(q.to_dispose! + q.dept_pending!, code).toBeGreaterThan(0);
    }
  });
});
