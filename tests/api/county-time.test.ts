// One clock, server side: the county's zone is a setting (default Asia/Shanghai) the console
// reads from /api/health, and exports write times on the county's wall clock, whatever the
// server machine's zone; a date in a filter is a county day.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../core/runtime/clock.js';
import { seedIntakeCounty } from '../support/intake-county.js';
import { ADMIN_PASSWORD, startTestCounty, type TestCounty } from './support.js';

/** 23:06:05 on 2026-12-07 in the county; 15:06 UTC. */
const NOW = Date.parse('2026-12-07T15:06:05Z');
const clock = new ManualClock(NOW);
let county: TestCounty;
let admin: string;
let acceptor: string;

beforeAll(async () => {
  county = await startTestCounty({ clock });
  await seedIntakeCounty(county.server.county.db, ADMIN_PASSWORD, NOW - 86_400_000);
  admin = await county.login();
  acceptor = await county.login('acceptor1');
  const filed = await county.call('POST', '/api/cases', { token: acceptor, body: { kind: 'event', classCode: '0102', source: 'hotline', description: '夜间路口暴露垃圾', lon: 118.0925, lat: 28.4012 } });
  expect(filed.status).toBe(201);
});

afterAll(async () => {
  await county.stop();
});

const csv = async (query: string) => {
  const res = await fetch(`${county.url}/api/exports/cases.csv${query}`, { headers: { authorization: `Bearer ${admin}` } });
  expect(res.status).toBe(200);
  return { text: (await res.text()).replace(/^\uFEFF/, ''), disposition: res.headers.get('content-disposition') ?? '' };
};
const reportedColumn = (text: string) => {
  const [head, ...rows] = text.trim().split(/\r?\n/);
  const k = head!.split(',').indexOf('上报时间');
  return rows.map((r) => r.split(',')[k]);
};

describe('the county zone', () => {
  it('is Asia/Shanghai unless the county says otherwise, and the console learns it from /api/health', async () => {
    expect((await county.call<{ timeZone: string }>('GET', '/api/health')).body.timeZone).toBe('Asia/Shanghai');
    expect((await county.call<{ utcOffsetMinutes: number }>('GET', '/api/calendar', { token: acceptor })).body.utcOffsetMinutes).toBe(480);
  });

  it('writes export times and the file name on the county clock; a date filter is a county day', async () => {
    const all = await csv('');
    expect(reportedColumn(all.text)).toEqual(['2026-12-07 23:06:05']);
    expect(all.disposition).toContain('cases-2026-12-07.csv');
    // Reported at 23:06 on the 7th in the county (the 7th in UTC too, but 15:06): both bounds are county days.
    expect(reportedColumn((await csv('?from=2026-12-07&to=2026-12-07')).text)).toHaveLength(1);
    expect(reportedColumn((await csv('?from=2026-12-08')).text)).toHaveLength(0);
  });

  it('is a setting 系统维护 edits: another zone moves every time with it; an unknown zone is refused', async () => {
    const set = (timeZone: string) => county.call('PUT', '/api/admin/settings/calendar', { token: admin, body: { timeZone, weekendDays: [0, 6] } });
    const bad = await set('Asia/Nowhere');
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ field: 'timeZone' });
    expect((await set('Europe/London')).status).toBe(200);
    expect((await county.call<{ timeZone: string }>('GET', '/api/health')).body.timeZone).toBe('Europe/London');
    expect((await county.call<{ utcOffsetMinutes: number }>('GET', '/api/calendar', { token: acceptor })).body.utcOffsetMinutes).toBe(0);
    expect(reportedColumn((await csv('')).text)).toEqual(['2026-12-07 15:06:05']);
    const settings = (await county.call<{ calendar: { timeZone: string; utcOffsetMinutes: number } }>('GET', '/api/admin/settings', { token: admin })).body.calendar;
    expect(settings).toMatchObject({ timeZone: 'Europe/London', utcOffsetMinutes: 0 });
    expect((await set('Asia/Shanghai')).status).toBe(200);
  });
});
