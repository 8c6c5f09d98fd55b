// The living demo county from a dispatcher's chair: the demo staff work a morning (the county's
// clock, moved by the test, a minute at a time from 07:30 county time), then dispatcher01 signs in
// to 案件工作台 and finds cases waiting in 待派遣, 待审批 and 挂账, as a new dispatcher would.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { LiveDemo } from '../../core/demo/live.js';
import { ManualClock } from '../../core/runtime/clock.js';
import { silentLogger } from '../../core/runtime/log.js';
import { openHall, type Hall } from './harness.js';
import { workbenchDriver } from './workbench-driver.js';

const password = 'e2e-Live-密码-2026';
/** Tuesday 2026-12-08 07:30 in the county (UTC+8). */
const MORNING = Date.UTC(2026, 11, 7, 23, 30);

let hall: Hall;

beforeAll(async () => {
  const clock = new ManualClock(MORNING);
  hall = await openHall({ adminPassword: password, county: { clock } });
  const ctx = hall.county.county;
  const live = new LiveDemo(ctx, silentLogger, 'e2e-live');
  // Until 10:30: three hours of reports, registrations, dispatches and departments' requests.
  for (let minute = 0; minute < 180; minute++) {
    clock.advance(60_000);
    await ctx.workflow.fireDueTimers();
    await live.tick(60_000);
  }
}, 240_000);

afterAll(async () => {
  await hall?.close();
});

it('dispatcher01 signs in and finds work in 待派遣, 待审批 and 挂账', async () => {
  const wb = workbenchDriver(hall, password);
  await wb.signIn('dispatcher01');
  for (const queue of ['待派遣', '待审批', '挂账']) expect(await wb.queueCount(queue), queue).toBeGreaterThan(0);
  await wb.queueButton('待派遣').click();
  await wb.listSettled();
  const rows = wb.list().getByRole('option');
  expect(await rows.count()).toBeGreaterThan(0);
  await hall.screenshot('live-demo-dispatcher');
  expect(hall.consoleErrors).toEqual([]);
  expect(hall.outsideRequests).toEqual([]);
});
