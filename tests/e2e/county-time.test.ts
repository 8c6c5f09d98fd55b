// One clock in Chromium: the same case at the same instant, seen from a browser in UTC (as on
// a server, and as many browsers are) and one in Asia/Shanghai (the county's own zone), shows the
// same times: the title bar's clock and date, the deadline (截止 …), "outside working hours" (it
// is 23:06 in the county, 15:06 in UTC) and the timeline. The county's zone is Asia/Shanghai; the
// harness's own page is pinned to it, so this test opens its own two browser contexts, each with
// its clock pinned to the instant the server's clock reads.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../core/runtime/clock.js';
import { artifactsDir, openHall, type Hall } from './harness.js';

const password = 'e2e-Clock-密码-2026';
/** 23:06:05 on Monday 2026-12-07 in the county; 15:06:05 UTC. */
const NOW = Date.parse('2026-12-07T15:06:05Z');
const clock = new ManualClock(NOW);

let hall: Hall;
let caseId: number;
/** Console errors and requests off the loopback server, from the two contexts this test opens. */
const faults: string[] = [];

beforeAll(async () => {
  hall = await openHall({ adminPassword: password, county: { clock } });
  const ctx = hall.county.county;
  // An open case with a disposal deadline in working time (not a natural-time limit, whose clock
  // never pauses): dispatched, in a department's hands.
  const row = (await ctx.cases.list({ states: ['dispatched'] }, 200, 0)).rows.find((r) => !r.clockLimit && r.deadlineAt !== null)!;
  caseId = row.id;
}, 300_000);

afterAll(async () => {
  await hall?.close();
});

/** What a dispatcher's workbench shows of the case, in a browser set to `timezoneId`. */
async function seenFrom(timezoneId: string): Promise<{ time: string; date: string; due: string; note: string; timeline: string[] }> {
  const context = await hall.browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN', timezoneId });
  await context.route('**/*', (route) => {
    const { hostname, protocol } = new URL(route.request().url());
    if (protocol === 'data:' || protocol === 'blob:' || hostname === '127.0.0.1') return route.continue();
    faults.push(`${timezoneId}: outside request ${route.request().url()}`);
    return route.abort('blockedbyclient');
  });
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error' && !/status of 4\d\d/.test(message.text())) faults.push(`${timezoneId}: ${message.text()}`);
  });
  page.on('pageerror', (error) => faults.push(`${timezoneId}: uncaught ${error.message}`));
  await page.clock.setFixedTime(NOW);
  try {
    await page.goto(`${hall.url}/login?redirect=${encodeURIComponent(`/workbench?case=${caseId}`)}`);
    await page.getByLabel('用户名').fill('dispatcher01');
    await page.getByLabel('密码').fill(password);
    await page.getByLabel('密码').press('Enter');
    await page.waitForURL(/\/workbench/);
    const due = page.locator('.deadline .due');
    await due.waitFor({ timeout: 60_000 });
    await page.locator('ol.timeline time.when').first().waitFor();
    const title = page.locator('[data-testid="frame-title"]');
    await page.screenshot({ path: path.join(artifactsDir, `county-time-${timezoneId.replace('/', '-')}.png`) });
    return {
      time: await title.locator('.clock .time').innerText(),
      date: await title.locator('.clock .date').innerText(),
      due: await due.innerText(),
      note: await page.locator('.deadline .note').innerText(),
      timeline: await page.locator('ol.timeline time.when').allInnerTexts(),
    };
  } finally {
    await context.close();
  }
}

describe('the console in two browser zones', () => {
  it('shows the county clock in both, the same to the second', async () => {
    const utc = await seenFrom('UTC');
    const shanghai = await seenFrom('Asia/Shanghai');
    expect(utc.time).toBe('23:06:05');
    expect(utc.date).toContain('星期一');
    expect(utc.note).toContain('非工作时间');
    const deadline = (await hall.county.county.cases.get(caseId))!.deadlineAt!;
    const county = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(deadline);
    const part = (type: string) => county.find((p) => p.type === type)!.value;
    expect(utc.due).toContain(`${part('month')}-${part('day')} ${part('hour')}:${part('minute')}`);
    expect(utc.timeline.length).toBeGreaterThan(1);
    expect(shanghai).toEqual(utc);
    expect(faults).toEqual([]);
  });
});
