// 城管通 over HTTP: an inspector's GPS track, the centre's view of who is outside their grid
// during the shift (and the event the wall gets), reports from the field with photos (a retry
// does not file twice), self-handled reports, and 核实 tasks received and answered.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../core/runtime/clock.js';
import type { EventMessage } from '../../core/contract/index.js';
import { COUNTY, gridCode, pointIn, seedIntakeCounty } from '../support/intake-county.js';
import { jpegBytes, postForm, reportForm } from '../support/intake-http.js';
import { ADMIN_PASSWORD, startTestCounty, type TestCounty } from './support.js';

// A Wednesday, 10:00 in the county: inside the default 07:30-18:30 shift.
const NOW = Date.parse('2026-11-18T10:00:00+08:00');
const clock = new ManualClock(NOW);
let county: TestCounty;
let inspector: string;
let acceptor: string;
let admin: string;
const events: EventMessage[] = [];

interface Status {
  userId: number;
  username: string;
  onShift: boolean;
  online: boolean;
  outOfGrid: boolean;
  last: { gridCode: string; inOwnGrid: boolean } | null;
}

beforeAll(async () => {
  county = await startTestCounty({ clock });
  await seedIntakeCounty(county.server.county.db, ADMIN_PASSWORD, NOW - 86_400_000);
  county.server.county.events.subscribe((m) => events.push(m));
  inspector = await county.login('inspector01');
  acceptor = await county.login('acceptor1');
  admin = await county.login();
});

afterAll(async () => {
  await county.stop();
});

const track = (points: { lon: number; lat: number; at?: number; accuracyM?: number }[], token = inspector) =>
  county.call<Status>('POST', '/api/field/track', { token, body: { points: points.map((p) => ({ at: new Date(p.at ?? clock.now()).toISOString(), lon: p.lon, lat: p.lat, ...(p.accuracyM ? { accuracyM: p.accuracyM } : {}) })) } });

const centreView = async () => (await county.call<{ items: Status[]; outOfGrid: number }>('GET', '/api/field/inspectors', { token: admin })).body;

describe('GPS tracks and the responsibility grid', () => {
  it('shows an inspector inside their own grid as on duty, not flagged', async () => {
    const res = await track([{ ...pointIn(0, 0), accuracyM: 8 }]);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ onShift: true, online: true, outOfGrid: false, last: { gridCode: gridCode(0, 0), inOwnGrid: true } });
  });

  it('flags an inspector who walks out of their grids during the shift, and tells the wall', async () => {
    clock.advance(60_000);
    events.length = 0;
    const res = await track([{ ...pointIn(3, 3) }]);
    expect(res.body).toMatchObject({ outOfGrid: true, last: { gridCode: gridCode(3, 3), inOwnGrid: false } });
    const view = await centreView();
    const me = view.items.find((i) => i.username === 'inspector01')!;
    expect(me.outOfGrid).toBe(true);
    expect(view.outOfGrid).toBe(1);
    expect(view.items.find((i) => i.username === 'inspector02')).toMatchObject({ online: false, outOfGrid: false, last: null });
    expect(events.map((e) => e.topic)).toEqual(['inspector.position', 'inspector.left_grid']);
    // Back inside: the flag clears and the wall hears so.
    clock.advance(60_000);
    events.length = 0;
    expect((await track([pointIn(1, 1)])).body.outOfGrid).toBe(false);
    expect(events.map((e) => e.topic)).toEqual(['inspector.position', 'inspector.back_in_grid']);
  });

  it('gives ten metres of GPS error at the grid boundary', async () => {
    clock.advance(60_000);
    // inspector01 holds columns 0-1; the edge with column 2 is at x = west + 0.010.
    const edge = COUNTY.west + 0.01;
    const metresPerDegLon = 111_320 * Math.cos((28.4 * Math.PI) / 180);
    const res = await track([{ lon: edge + 10 / metresPerDegLon, lat: pointIn(1, 1).lat }]);
    expect(res.body.last).toMatchObject({ gridCode: gridCode(2, 1), inOwnGrid: true });
    expect(res.body.outOfGrid).toBe(false);
    clock.advance(60_000);
    expect((await track([{ lon: edge + 60 / metresPerDegLon, lat: pointIn(1, 1).lat }])).body.outOfGrid).toBe(true);
  });

  it('does not flag anyone outside the shift', async () => {
    clock.set(Date.parse('2026-11-18T21:00:00+08:00'));
    const res = await track([pointIn(3, 3)]);
    expect(res.body).toMatchObject({ onShift: false, outOfGrid: false, last: { inOwnGrid: false } });
    clock.set(NOW + 10 * 60_000);
  });

  it('gives the centre the day\'s track and refuses fixes from the future', async () => {
    const me = (await centreView()).items.find((i) => i.username === 'inspector01')!;
    const day = await county.call<{ points: number[][] }>('GET', `/api/field/inspectors/${me.userId}/track?date=2026-11-18`, { token: admin });
    expect(day.body.points.length).toBeGreaterThanOrEqual(6);
    const future = await track([{ ...pointIn(0, 0), at: clock.now() + 3_600_000 }]);
    expect(future.status).toBe(400);
    expect((await county.call('GET', '/api/field/inspectors', { token: inspector })).status).toBe(403);
  });
});

describe('reports from the field', () => {
  const form = (extra: Record<string, string | number>) => reportForm({ kind: 'event', classCode: '0102', description: '人行道暴露垃圾', ...pointIn(0, 1), ...extra } as never, [jpegBytes()]);

  it('files an inspector report with a photo and GPS; a retry with the same clientRef files nothing new', async () => {
    const f = form({ clientRef: 'phone-7-0001', accuracyM: 6 });
    const first = await postForm(`${county.url}/api/field/reports`, f, { authorization: `Bearer ${inspector}` });
    expect(first.status).toBe(201);
    expect(first.body.case).toMatchObject({ source: 'inspector', state: 'reported', gridCode: gridCode(0, 1) });
    const again = await postForm(`${county.url}/api/field/reports`, form({ clientRef: 'phone-7-0001' }), { authorization: `Bearer ${inspector}` });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ replay: true, case: { caseNo: first.body.case.caseNo } });
    const cases = await county.call<{ total: number }>('GET', '/api/cases?source=inspector', { token: admin });
    expect(cases.body.total).toBe(1);
  });

  it('files a self-handled report for review, and wants the photo of the result', async () => {
    const ok = await postForm(`${county.url}/api/field/reports`, form({ selfHandled: 'true' }), { authorization: `Bearer ${inspector}` });
    expect(ok.status).toBe(201);
    expect(ok.body.case).toMatchObject({ source: 'self', state: 'self_review' });
    const none = reportForm({ kind: 'event', classCode: '0102', description: '已清理', ...pointIn(0, 1) }, []);
    none.append('selfHandled', 'true');
    const refused = await postForm(`${county.url}/api/field/reports`, none, { authorization: `Bearer ${inspector}` });
    expect(refused.status).toBe(400);
    expect(refused.body.field).toBe('photo');
  });

  it('is for inspectors only', async () => {
    const res = await postForm(`${county.url}/api/field/reports`, form({}), { authorization: `Bearer ${acceptor}` });
    expect(res.status).toBe(403);
  });
});

describe('核实 tasks', () => {
  it('reaches the grid\'s inspector with the distance, who answers it with the case action', async () => {
    const filed = await county.server.county.submissions.submit(
      { source: 'citizen', kind: 'event', classCode: '0505', description: '车辆占道', ...pointIn(1, 0) },
      [],
      { channel: 'citizen' },
      { id: null, roles: ['system'], departmentId: null },
    );
    const row = filed.change.case;
    expect((await county.call('POST', `/api/cases/${row.id}/send-verify`, { token: acceptor, body: { version: row.version } })).status).toBe(200);
    clock.set(Date.parse('2026-11-18T21:10:00+08:00')); // after the evening fix of the shift test
    await track([pointIn(1, 1)]);
    const tasks = await county.call<{ verify: { id: number; distanceM: number; version: number }[]; check: unknown[] }>('GET', '/api/field/tasks', { token: inspector });
    const task = tasks.body.verify.find((t) => t.id === row.id)!;
    expect(task.distanceM).toBeGreaterThan(400);
    expect(task.distanceM).toBeLessThan(700);
    const answered = await county.call<{ case: { state: string } }>('POST', `/api/cases/${row.id}/verify-confirm`, { token: inspector, body: { version: task.version } });
    expect(answered.status).toBe(200);
    expect(answered.body.case.state).toBe('accepted');
  });
});
