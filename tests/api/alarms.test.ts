// 告警中心 over HTTP: a gauge's readings posted to the real sensor ingest raise one alarm,
// linked to its sensor and its case, pushed over /api/events only to the roles the county's
// rules name, listed for them after the fact (nothing lost while no console was open), marked
// seen and handled with who and when; the rules are a 系统维护 setting.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { AlarmItem, AlarmListResponse, EventMessage } from '../../core/contract/index.js';
import { ManualClock } from '../../core/runtime/clock.js';
import { seedIntakeCounty } from '../support/intake-county.js';
import { ADMIN_PASSWORD, startTestCounty, type TestCounty } from './support.js';

const NOW = Date.parse('2026-11-18T10:00:00+08:00');
const clock = new ManualClock(NOW);
let county: TestCounty;
let key: string;
let admin: string;
let leader: string;
let inspector: string;

beforeAll(async () => {
  county = await startTestCounty({ clock });
  await seedIntakeCounty(county.server.county.db, ADMIN_PASSWORD, NOW - 86_400_000);
  await county.server.county.sensors.reload();
  clock.set(NOW + 20 * 60_000);
  admin = await county.login();
  leader = await county.login('leader1');
  inspector = await county.login('inspector01');
  key = (await county.call<{ key: string }>('POST', '/api/admin/channel-keys', { token: admin, body: { name: 'gauges', scope: 'sensors' } })).body.key;
});

afterAll(async () => {
  await county.stop();
});

const at = (s: number) => new Date(NOW + s * 1000).toISOString();
const send = (readings: { code: string; value: number; at: string }[]) =>
  county.call<{ alarms: number }>('POST', '/api/ingest/sensors', { headers: { 'x-api-key': key }, body: { readings } });
const list = async (token: string, query = '') => (await county.call<AlarmListResponse>('GET', `/api/alarms${query}`, { token })).body;

/** A socket on /api/events that collects the alarm messages it is sent. */
async function listen(token: string): Promise<{ alarms: EventMessage<AlarmItem>[]; close: () => void }> {
  const ws = new WebSocket(`${county.url.replace('http', 'ws')}/api/events?token=${token}`);
  const alarms: EventMessage<AlarmItem>[] = [];
  await new Promise<void>((resolve) => {
    ws.on('message', (raw) => {
      const m = JSON.parse(String(raw)) as EventMessage<AlarmItem>;
      if (m.topic === 'hello') resolve();
      if (m.topic.startsWith('alarm.')) alarms.push(m);
    });
  });
  return { alarms, close: () => ws.close() };
}

describe('a sensor alarm over the HTTP ingest', () => {
  it('reaches the shift leader\'s open console and not the inspector\'s, and is listed with its sensor and case', async () => {
    const leaderSocket = await listen(leader);
    const inspectorSocket = await listen(inspector);
    const res = await send([{ code: 'WL001', value: 0.32, at: at(0) }, { code: 'WL001', value: 0.34, at: at(1) }]);
    expect(res.body.alarms).toBe(1);
    await expect.poll(() => leaderSocket.alarms.length).toBe(1);
    const pushed = leaderSocket.alarms[0]!;
    expect(pushed.topic).toBe('alarm.raised');
    expect(pushed.data).toMatchObject({ kind: 'sensor_alarm', severity: 'critical', state: 'new', device: { kind: 'sensor', code: 'WL001' } });
    expect(pushed.data.title).toContain('青禾大道下穿通道积水监测');
    expect(pushed.data.caseNo).toMatch(/^\d{13}$/);

    // The same stream carried a sensor event to both; only the alarm was held back from the inspector.
    await county.call('GET', '/api/health');
    expect(inspectorSocket.alarms).toEqual([]);
    leaderSocket.close();
    inspectorSocket.close();

    const mine = await list(leader);
    expect(mine.items.map((a) => a.id)).toEqual([pushed.data.id]);
    expect(mine.counts).toEqual({ new: 1, seen: 0, handled: 0 });
    expect((await list(inspector)).items).toEqual([]);
    expect((await county.call('GET', `/api/alarms/${pushed.data.id}`, { token: inspector })).status).toBe(404);
  });

  it('is kept while no console is open, and a console opened later lists it', async () => {
    await send([{ code: 'MC001', value: 35, at: at(10) }]);
    const items = (await list(leader, '?state=new')).items;
    expect(items.map((a) => a.device?.code)).toEqual(['MC001', 'WL001']);
    expect(items[0]!.title).toContain('井盖告警');
  });

  it('is marked cleared when the gauge returns to normal, and stays until handled', async () => {
    await send([{ code: 'WL001', value: 0.02, at: at(20) }, { code: 'WL001', value: 0.01, at: at(21) }]);
    const wl = (await list(leader)).items.find((a) => a.device?.code === 'WL001')!;
    expect(wl).toMatchObject({ state: 'new', clearedAt: at(21) });
  });

  it('is marked seen and handled, with who and when', async () => {
    const id = (await list(leader)).items.find((a) => a.device?.code === 'WL001')!.id;
    const seen = await county.call<AlarmItem>('POST', `/api/alarms/${id}/seen`, { token: leader });
    expect(seen.body).toMatchObject({ state: 'seen', seenBy: { name: 'leader1' } });
    clock.advance(120_000);
    const handled = await county.call<AlarmItem>('POST', `/api/alarms/${id}/handle`, { token: leader, body: { note: '排水所已到场' } });
    expect(handled.body).toMatchObject({ state: 'handled', handledBy: { name: 'leader1' }, handledAt: new Date(clock.now()).toISOString(), handledNote: '排水所已到场' });
    expect((await list(leader)).counts).toEqual({ new: 1, seen: 0, handled: 1 });
    expect((await list(leader, '?state=new,seen')).items.map((a) => a.device?.code)).toEqual(['MC001']);
    expect((await county.call('POST', `/api/alarms/${id}/handle`, { token: leader, body: { note: 'x'.repeat(501) } })).status).toBe(400);
    expect((await county.call('GET', '/api/alarms?state=lost', { token: leader })).status).toBe(400);
  });
});

describe('the rules (系统维护)', () => {
  it('are a setting the administrator edits: the inspector may be given sensor alarms', async () => {
    const settings = (await county.call<{ alarms: { routes: Record<string, string[]>; otherKinds: string[] } }>('GET', '/api/admin/settings', { token: admin })).body.alarms;
    expect(settings.routes.sensor_alarm).toContain('shift_leader');
    const routes = { ...settings.routes, sensor_alarm: [...settings.routes.sensor_alarm!, 'inspector'] };
    expect((await county.call('PUT', '/api/admin/settings/alarms', { token: admin, body: { ...settings, routes } })).status).toBe(200);
    expect((await list(inspector)).items.map((a) => a.device?.code)).toEqual(['MC001', 'WL001']);
    expect((await county.call('PUT', '/api/admin/settings/alarms', { token: admin, body: { ...settings, routes: { 'Bad kind': ['leader'] } } })).status).toBe(400);
    expect((await county.call('PUT', '/api/admin/settings/alarms', { token: leader, body: settings })).status).toBe(403);
  });
});
