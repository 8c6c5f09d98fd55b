// Vehicles: BeiDou/GPS reports over HTTP and over a WebSocket, the live picture, the day's
// track, GCJ-02 converted to WGS84, and keys that decide who may report.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ManualClock } from '../../core/runtime/clock.js';
import type { EventMessage } from '../../core/contract/index.js';
import { seedIntakeCounty } from '../support/intake-county.js';
import { ADMIN_PASSWORD, startTestCounty, type TestCounty } from './support.js';

const NOW = Date.parse('2026-11-18T10:00:00+08:00');
const clock = new ManualClock(NOW);
let county: TestCounty;
let key: string;
let admin: string;
const events: EventMessage[] = [];

beforeAll(async () => {
  county = await startTestCounty({ clock });
  await seedIntakeCounty(county.server.county.db, ADMIN_PASSWORD, NOW - 86_400_000);
  county.server.county.vehicles.reload();
  county.server.county.events.subscribe((m) => events.push(m));
  admin = await county.login();
  key = (await county.call<{ key: string }>('POST', '/api/admin/channel-keys', { token: admin, body: { name: 'beidou-gw', scope: 'vehicles' } })).body.key;
});

afterAll(async () => {
  await county.stop();
});

type Live = { items: { code: string; lon: number; lat: number; speedKmh: number; online: boolean; headingDeg: number }[] };

describe('position reports', () => {
  it('takes HTTP reports, moves the vehicle, publishes each, and keeps the day\'s track', async () => {
    events.length = 0;
    const reports = Array.from({ length: 10 }, (_, k) => ({ code: 'SW01', lon: 118.092 + k * 0.0005, lat: 28.4, at: new Date(NOW - (10 - k) * 5000).toISOString(), speedKmh: 8, headingDeg: 90 }));
    const res = await county.call<{ accepted: number }>('POST', '/api/ingest/vehicles', { headers: { 'x-api-key': key }, body: { reports } });
    expect(res.body.accepted).toBe(10);
    const live = await county.call<Live>('GET', '/api/vehicles', { token: admin });
    const sw = live.body.items.find((v) => v.code === 'SW01')!;
    expect(sw).toMatchObject({ lat: 28.4, speedKmh: 8, online: true, headingDeg: 90 });
    expect(sw.lon).toBeCloseTo(118.0965, 9);
    expect(events.filter((e) => e.topic === 'vehicle.position')).toHaveLength(10);
    const track = await county.call<{ points: number[][] }>('GET', '/api/vehicles/1/track?date=2026-11-18', { token: admin });
    expect(track.body.points).toHaveLength(10);
    expect(track.body.points[0]!.slice(0, 2)).toEqual([118.092, 28.4]);
    // An older report fills the track but does not move the vehicle back.
    await county.call('POST', '/api/ingest/vehicles', { headers: { 'x-api-key': key }, body: { reports: [{ code: 'SW01', lon: 118.091, lat: 28.4, at: new Date(NOW - 3_600_000).toISOString() }] } });
    const again = await county.call<Live>('GET', '/api/vehicles', { token: admin });
    expect(again.body.items.find((v) => v.code === 'SW01')!.lon).toBeCloseTo(118.0965, 9);
  });

  it('streams reports over a WebSocket and converts GCJ-02 to WGS84', async () => {
    const ws = new WebSocket(`${county.url.replace('http', 'ws')}/api/ingest/vehicles/ws?api_key=${key}`);
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    const answer = (message: unknown) =>
      new Promise<Record<string, unknown>>((resolve) => {
        ws.once('message', (data) => resolve(JSON.parse(String(data)) as Record<string, unknown>));
        ws.send(JSON.stringify(message));
      });
    expect(await answer([{ code: 'EN01', lon: 118.1, lat: 28.4, speedKmh: 30 }])).toEqual({ accepted: 1, rejected: [] });
    expect(await answer({ code: 'SP01', lon: 118.105, lat: 28.405, crs: 'gcj02' })).toEqual({ accepted: 1, rejected: [] });
    expect(await answer('nonsense')).toMatchObject({ error: 'bad_request' });
    expect(await answer([{ code: 'ZZ99', lon: 118.1, lat: 28.4 }])).toMatchObject({ accepted: 0, rejected: [{ code: 'ZZ99' }] });
    ws.close();
    const live = await county.call<Live>('GET', '/api/vehicles', { token: admin });
    const sp = live.body.items.find((v) => v.code === 'SP01')!;
    // GCJ-02 is offset by a few hundred metres in China: the stored point is the true one.
    expect(Math.abs(sp.lon - 118.105)).toBeGreaterThan(0.002);
    expect(Math.abs(sp.lon - 118.105)).toBeLessThan(0.01);
  });

  it('refuses a wrong key over HTTP (403) and closes the WebSocket (4403)', async () => {
    expect((await county.call('POST', '/api/ingest/vehicles', { headers: { 'x-api-key': 'gh_nope' }, body: { reports: [{ code: 'SW01', lon: 118.1, lat: 28.4 }] } })).status).toBe(403);
    const ws = new WebSocket(`${county.url.replace('http', 'ws')}/api/ingest/vehicles/ws?api_key=gh_nope`);
    const code = await new Promise<number>((resolve) => ws.once('close', (c) => resolve(c)));
    expect(code).toBe(4403);
  });
});
