// 市民通 over HTTP: problem types, the base map, locating a point, filing a report with photos
// (tracking code back), looking it up, rating it after it is closed; the quotas per device and
// per address; the flood guard, with the rest of the server still answering.
import { readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../core/runtime/clock.js';
import { DEFAULT_SETTINGS } from '../../core/workflow/settings/defaults.js';
import { pointIn, seedIntakeCounty } from '../support/intake-county.js';
import { jpegBytes, postForm, reportForm } from '../support/intake-http.js';
import { ADMIN_PASSWORD, startTestCounty, type TestCounty } from './support.js';

const NOW = Date.parse('2026-11-18T10:00:00+08:00');
let county: TestCounty;
const clock = new ManualClock(NOW);
const here = pointIn(1, 1);
let deviceSeq = 0;
const newDevice = () => `device-${String(++deviceSeq).padStart(4, '0')}-abcdef`;

async function setIntake(patch: Partial<typeof DEFAULT_SETTINGS.intake>): Promise<void> {
  const ctx = county.server.county;
  await ctx.settings.set('intake', { ...DEFAULT_SETTINGS.intake, ...patch }, clock.now(), null);
}

async function countOf(table: string): Promise<number> {
  return ((await county.server.county.db.statement<{ n: number }>(`test.count.${table}`, `SELECT count(*) AS n FROM ${table}`).get())?.n) ?? 0;
}

beforeAll(async () => {
  county = await startTestCounty({ clock });
  await seedIntakeCounty(county.server.county.db, ADMIN_PASSWORD, NOW - 86_400_000);
});

afterAll(async () => {
  await county.stop();
});

const report = (fields: Parameters<typeof reportForm>[0], photos: Buffer[] = [jpegBytes()], device = newDevice()) =>
  postForm(`${county.url}/api/public/reports`, reportForm(fields, photos), { 'x-device-id': device });

describe('what the page needs, without signing in', () => {
  it('lists the common problem types first and every class by big class', async () => {
    const res = await county.call<{ common: { kind: string; code: string; name: string }[]; groups: { name: string; items: unknown[] }[] }>('GET', '/api/public/services');
    expect(res.status).toBe(200);
    expect(res.body.common.map((c) => c.name)).toContain('暴露垃圾');
    expect(res.body.groups.length).toBeGreaterThan(5);
  });

  it('gives the county, its streets for the map, and the address at a point', async () => {
    const c = await county.call<{ name: string; bbox: { west: number } }>('GET', '/api/public/county');
    expect(c.body.name).toBe('青禾县');
    const map = await county.call<{ streets: { name: string; line: number[][] }[] }>('GET', '/api/public/basemap');
    expect(map.body.streets.map((s) => s.name)).toEqual(['青禾大道', '文昌路']);
    expect(map.body.streets[0]!.line[0]).toEqual([118.09, 28.4]);
    const at = await county.call<{ inCounty: boolean; address: string }>('GET', '/api/public/locate?lon=118.0996&lat=28.4003');
    expect(at.body).toMatchObject({ inCounty: true, address: '青禾大道20号附近' });
    const away = await county.call<{ inCounty: boolean }>('GET', '/api/public/locate?lon=116.4&lat=39.9');
    expect(away.body.inCounty).toBe(false);
  });
});

describe('filing and tracking a report', () => {
  it('files a report with two photos and answers with a tracking code and the case number', async () => {
    const res = await report({ kind: 'event', classCode: '0102', description: '路口垃圾堆了三天', lon: here.lon, lat: here.lat, phone: '13900000000' }, [jpegBytes(), jpegBytes()]);
    expect(res.status).toBe(201);
    expect(res.body.trackingCode).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(res.body).toMatchObject({ status: 'open', stateLabel: { zh: '待受理' }, className: '暴露垃圾', canRate: false });
    const row = (await county.server.county.cases.getByNo(res.body.caseNo))!;
    expect(row).toMatchObject({ source: 'citizen', reporterContact: '13900000000' });
    expect(await county.server.county.cases.attachmentsOfCase(row.id)).toHaveLength(2);
    // The phone number never comes back out.
    const looked = await county.call<Record<string, unknown>>('GET', `/api/public/reports/${res.body.trackingCode}`);
    expect(looked.status).toBe(200);
    expect(JSON.stringify(looked.body)).not.toContain('13900000000');
    // The code is forgiving: lower case, no dashes, O for 0.
    const sloppy = (res.body.trackingCode as string).replaceAll('-', '').toLowerCase().replaceAll('0', 'o');
    expect((await county.call('GET', `/api/public/reports/${sloppy}`)).status).toBe(200);
  });

  it('shows the citizen their own photos when they track the report, by the tracking code alone', async () => {
    const photos = [jpegBytes(), jpegBytes()];
    const filed = await report({ kind: 'event', classCode: '0102', description: '桥下垃圾没人清', lon: here.lon, lat: here.lat }, photos);
    const code = filed.body.trackingCode as string;
    const status = await county.call<{ photos: { url: string }[] }>('GET', `/api/public/reports/${code}`);
    expect(status.body.photos).toEqual([{ url: `/api/public/reports/${code}/photos/1` }, { url: `/api/public/reports/${code}/photos/2` }]);
    const first = await fetch(county.url + status.body.photos[0]!.url);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await first.arrayBuffer()).subarray(0, 3)).toEqual(photos[0]!.subarray(0, 3));
    // No third photo; another code's photos are not this code's; a report without photos has none.
    expect((await fetch(`${county.url}/api/public/reports/${code}/photos/3`)).status).toBe(404);
    expect((await fetch(`${county.url}/api/public/reports/ZZZZ-ZZZZ-ZZZZ/photos/1`)).status).toBe(404);
    const bare = await report({ kind: 'event', classCode: '0102', description: '又一处垃圾', lon: here.lon, lat: here.lat }, []);
    expect((await county.call<{ photos: unknown[] }>('GET', `/api/public/reports/${bare.body.trackingCode as string}`)).body.photos).toEqual([]);
  });

  it('answers 404 for an unknown tracking code', async () => {
    const res = await county.call<{ error: string }>('GET', '/api/public/reports/ZZZZ-ZZZZ-ZZZZ');
    expect(res.status).toBe(404);
  });

  it('refuses a rating while the case is open, takes one after it is closed, and only once', async () => {
    const filed = await report({ kind: 'event', classCode: '0505', description: '车辆占用盲道', lon: here.lon, lat: here.lat });
    const code = filed.body.trackingCode as string;
    expect((await county.call('POST', `/api/public/reports/${code}/rating`, { body: { rating: 5 } })).status).toBe(409);
    const row = (await county.server.county.cases.getByNo(filed.body.caseNo))!;
    const token = await county.login('acceptor1');
    expect((await county.call('POST', `/api/cases/${row.id}/reject`, { token, body: { version: row.version, comment: '已由交警处理' } })).status).toBe(200);
    const status = await county.call<{ status: string; result: string; canRate: boolean; steps: { state: string }[] }>('GET', `/api/public/reports/${code}`);
    expect(status.body).toMatchObject({ status: 'closed', result: '已由交警处理', canRate: true });
    expect(status.body.steps.map((s) => s.state)).toEqual(['reported', 'not_accepted']);
    const rated = await county.call<{ rating: { rating: number; comment: string } }>('POST', `/api/public/reports/${code}/rating`, { body: { rating: 2, comment: '<b>处理太慢</b>' } });
    expect(rated.status).toBe(201);
    expect(rated.body.rating).toMatchObject({ rating: 2, comment: '<b>处理太慢</b>' });
    expect((await county.call('POST', `/api/public/reports/${code}/rating`, { body: { rating: 5 } })).status).toBe(409);
    const admin = await county.login();
    const ratings = await county.call<{ count: number; items: { caseNo: string; rating: number }[] }>('GET', '/api/intake/ratings', { token: admin });
    expect(ratings.body.items[0]).toMatchObject({ caseNo: filed.body.caseNo, rating: 2 });
  });
});

describe('quotas and the flood guard', () => {
  it('lets one phone file five reports an hour, then answers 429 and stores nothing more', async () => {
    const device = newDevice();
    for (let k = 0; k < 5; k++) {
      expect((await report({ kind: 'event', classCode: '0102', description: `第${k + 1}处垃圾`, lon: here.lon, lat: here.lat }, [], device)).status).toBe(201);
    }
    const cases = await countOf('cases');
    const refused = await report({ kind: 'event', classCode: '0102', description: '第6处', lon: here.lon, lat: here.lat }, [jpegBytes()], device);
    expect(refused.status).toBe(429);
    expect(refused.body.message).toMatch(/本设备/);
    expect(await countOf('cases')).toBe(cases);
    // Another phone on the same network still gets through.
    expect((await report({ kind: 'event', classCode: '0102', description: '别的手机', lon: here.lon, lat: here.lat }, [], newDevice())).status).toBe(201);
    // An hour later the first phone may report again.
    clock.advance(3_600_001);
    expect((await report({ kind: 'event', classCode: '0102', description: '一小时后', lon: here.lon, lat: here.lat }, [], device)).status).toBe(201);
  });

  it('limits one address however many device ids it invents', async () => {
    await setIntake({ reportsPerAddressPerHour: 3 });
    clock.advance(3_600_001);
    try {
      for (let k = 0; k < 3; k++) expect((await report({ kind: 'event', classCode: '0102', description: `轮换设备${k}`, lon: here.lon, lat: here.lat }, [])).status).toBe(201);
      const refused = await report({ kind: 'event', classCode: '0102', description: '第4个设备', lon: here.lon, lat: here.lat }, []);
      expect(refused.status).toBe(429);
      expect(refused.body.message).toMatch(/当前网络/);
    } finally {
      await setIntake({});
      clock.advance(3_600_001);
    }
  });

  it('answers 429 to a flood from one client while the rest of the server keeps answering', async () => {
    await setIntake({ publicRequestsPerMinute: 30 });
    try {
      const statuses = await Promise.all(Array.from({ length: 60 }, () => fetch(`${county.url}/api/public/county`).then((r) => r.status)));
      // The minute's window also holds this file's earlier requests: at most 30 get through.
      expect(statuses.filter((s) => s === 200).length).toBeLessThanOrEqual(30);
      expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(30);
      expect(statuses.every((s) => s === 200 || s === 429)).toBe(true);
      const health = await county.call<{ status: string }>('GET', '/api/health');
      expect(health.body.status).toBe('ok');
      const limited = await fetch(`${county.url}/api/public/county`);
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(((await limited.json()) as { error: string }).error).toBe('too_many_requests');
    } finally {
      await setIntake({});
    }
  });

  it('keeps the photos of filed reports only (no stray files)', async () => {
    const dir = path.join(county.dataDir, 'attachments');
    const files = existsSync(dir) ? readdirSync(dir, { recursive: true }).filter((f) => String(f).includes('.')) : [];
    expect(files.length).toBe(await countOf('attachments'));
  });
});
