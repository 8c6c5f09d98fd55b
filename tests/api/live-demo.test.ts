// The demo county keeps moving while it runs: new reports arrive and open cases advance,
// through the same workflow as people use (so the trail still verifies).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { verifyTrail } from '../../core/workflow/cases/verify.js';
import { LiveDemo } from '../../core/demo/live.js';
import { silentLogger } from '../../core/runtime/log.js';
import { startTestCounty, type TestCounty } from './support.js';

let county: TestCounty;
beforeAll(async () => {
  county = await startTestCounty({ demoSize: 'small' });
});
afterAll(async () => {
  await county.stop();
});

it('files new reports and moves open cases along, and every trail still verifies', async () => {
  const ctx = county.server.county;
  await ctx.settings.set('demo', { liveReportsPerMinute: 60 }, ctx.clock.now(), null);
  const casesBefore = await ctx.cases.count();
  const eventsBefore = (await ctx.db.statement<{ n: number }>('t.events', 'SELECT count(*) AS n FROM case_events').get())!.n;
  const seen: string[] = [];
  ctx.events.subscribe((m) => seen.push(m.topic));

  const live = new LiveDemo(ctx, silentLogger, 'test-seed');
  await live.start(3_600_000);
  for (let i = 0; i < 30; i++) await live.tick(60_000);
  live.stop();

  const newCases = await ctx.cases.count() - casesBefore;
  const newEvents = (await ctx.db.statement<{ n: number }>('t.events', 'SELECT count(*) AS n FROM case_events').get())!.n - eventsBefore;
  expect(newCases).toBe(30);
  expect(newEvents).toBeGreaterThan(newCases); // some cases moved beyond their report
  expect(seen).toContain('case.created');
  expect(seen).toContain('case.updated');
  expect((await verifyTrail(ctx.cases)).problems).toEqual([]);
});
