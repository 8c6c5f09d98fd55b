// 物联网 over HTTP and MQTT: a burst of readings above the threshold makes exactly one
// incident, one alarm and one case (source iot); readings back below the clear level return
// the sensor to normal; a gauge hovering between the levels does not flap; a real MQTT client
// publishing through the broker does the same; the key decides who may send.
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../core/runtime/clock.js';
import type { EventMessage } from '../../core/contract/index.js';
import { startMqttBroker, type RunningBroker } from '../../core/channels/iot/mqtt.js';
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
  await county.server.county.sensors.reload();
  // The server's clock stands after every reading the tests send (readings from the future are refused).
  clock.set(NOW + 20 * 60_000);
  county.server.county.events.subscribe((m) => events.push(m));
  admin = await county.login();
  key = (await county.call<{ key: string }>('POST', '/api/admin/channel-keys', { token: admin, body: { name: 'gauges', scope: 'sensors' } })).body.key;
});

afterAll(async () => {
  await county.stop();
});

const send = (readings: { code: string; value: number; at?: string }[], apiKey = key) =>
  county.call<{ accepted: number; rejected: { index: number; error: string }[]; alarms: number }>('POST', '/api/ingest/sensors', { headers: { 'x-api-key': apiKey }, body: { readings } });

const iotCases = async () => (await county.call<{ total: number; items: { id: number; classCode: string; source: string; urgent: boolean; description: string }[] }>('GET', '/api/cases?source=iot', { token: admin })).body;
const sensor = async (code: string) => (await county.call<{ items: { code: string; status: string; value: number; incident: { caseId: number } | null }[] }>('GET', '/api/sensors', { token: admin })).body.items.find((s) => s.code === code)!;
const at = (s: number) => new Date(NOW + s * 1000).toISOString();

describe('a burst above the threshold', () => {
  it('makes one incident, one alarm and one case, however many readings', async () => {
    events.length = 0;
    const burst = Array.from({ length: 200 }, (_, k) => ({ code: 'WL001', value: 0.2 + (k % 10) / 100, at: at(k) }));
    const res = await send(burst);
    expect(res.body).toMatchObject({ accepted: 200, rejected: [], alarms: 1 });
    // More readings above the threshold, in later requests: still one.
    expect((await send(Array.from({ length: 50 }, (_, k) => ({ code: 'WL001', value: 0.35, at: at(200 + k) })))).body.alarms).toBe(0);
    const cases = await iotCases();
    expect(cases.total).toBe(1);
    expect(cases.items[0]).toMatchObject({ classCode: '0406', source: 'iot', urgent: false }); // 0.21 m at the alarm: below the urgent 0.3 m
    expect(cases.items[0]!.description).toContain('WL001');
    expect(events.filter((e) => e.topic === 'sensor.alarm')).toHaveLength(1);
    expect(events.filter((e) => e.topic === 'case.created')).toHaveLength(1);
    const s = await sensor('WL001');
    expect(s).toMatchObject({ status: 'alarm', value: 0.35, incident: { caseId: cases.items[0]!.id } });
    const incidents = await county.call<{ items: { sensorId: number; readings: number; peakValue: number; endedAt: string | null }[] }>('GET', '/api/sensors/incidents?open=true', { token: admin });
    expect(incidents.body.items).toHaveLength(1);
    expect(incidents.body.items[0]).toMatchObject({ sensorId: 1, readings: 249, peakValue: 0.35, endedAt: null });
  });

  it('returns to normal after readings stay below the clear level, and keeps every reading', async () => {
    events.length = 0;
    await send([{ code: 'WL001', value: 0.05, at: at(300) }]);
    expect((await sensor('WL001')).status).toBe('alarm'); // one reading is not enough (confirmReadings = 2)
    await send([{ code: 'WL001', value: 0.04, at: at(301) }]);
    expect((await sensor('WL001')).status).toBe('normal');
    expect(events.filter((e) => e.topic.startsWith('sensor.')).map((e) => e.topic)).toEqual(['sensor.normal']);
    const readings = await county.call<{ readings: [number, number][] }>('GET', `/api/sensors/1/readings?from=${at(-1)}&to=${at(400)}`, { token: admin });
    expect(readings.body.readings).toHaveLength(252);
    expect(readings.body.readings[0]).toEqual([NOW, 0.2]);
  });

  it('does not flap while a gauge hovers between the clear level and the threshold', async () => {
    const hover = Array.from({ length: 40 }, (_, k) => ({ code: 'WL002', value: k % 2 ? 0.16 : 0.1, at: at(400 + k) }));
    expect((await send(hover)).body.alarms).toBe(0);
    const up = await send([{ code: 'WL002', value: 0.2, at: at(500) }, { code: 'WL002', value: 0.21, at: at(501) }]);
    expect(up.body.alarms).toBe(1);
    const flutter = Array.from({ length: 40 }, (_, k) => ({ code: 'WL002', value: k % 2 ? 0.16 : 0.1, at: at(502 + k) }));
    expect((await send(flutter)).body.alarms).toBe(0);
    expect((await sensor('WL002')).status).toBe('alarm');
    expect((await iotCases()).total).toBe(2);
  });

  it('joins a new incident to the sensor\'s case while that case is still open', async () => {
    await send([{ code: 'WL001', value: 0.3, at: at(600) }, { code: 'WL001', value: 0.3, at: at(601) }]);
    expect((await sensor('WL001')).status).toBe('alarm');
    expect((await iotCases()).total).toBe(2);
  });

  it('refuses unknown sensors per reading and bad keys as a whole', async () => {
    const res = await send([{ code: 'NOPE', value: 1 }, { code: 'MC001', value: 1 }]);
    expect(res.body.accepted).toBe(1);
    expect(res.body.rejected).toEqual([{ index: 0, code: 'NOPE', error: expect.stringContaining('unknown') }]);
    expect((await send([{ code: 'MC001', value: 1 }], 'gh_wrong')).status).toBe(403);
    const open311 = (await county.call<{ key: string }>('POST', '/api/admin/channel-keys', { token: admin, body: { name: 'app', scope: 'open311' } })).body.key;
    expect((await send([{ code: 'MC001', value: 1 }], open311)).status).toBe(403);
    expect((await send([{ code: 'MC001', value: 1, at: new Date(NOW + 3_600_000).toISOString() }])).body.rejected).toHaveLength(1);
  });
});

describe('MQTT through the broker', () => {
  let broker: RunningBroker;
  beforeAll(async () => {
    const ctx = county.server.county;
    broker = await startMqttBroker({ host: '127.0.0.1', port: 0, keys: ctx.channelKeys, sensors: ctx.sensors, log: ctx.log });
  });
  afterAll(async () => {
    await broker.close();
  });

  it('takes readings from a real MQTT client and raises one alarm for the manhole cover', async () => {
    const client = await mqtt.connectAsync(broker.url, { username: 'gateway-1', password: key, reconnectPeriod: 0 });
    try {
      for (let k = 0; k < 20; k++) {
        await client.publishAsync('gridhall/sensors/MC001', JSON.stringify({ value: 25 + k, at: at(700 + k) }), { qos: 1 });
      }
      await client.publishAsync('gridhall/sensors/MC001', '35', { qos: 1 });
    } finally {
      await client.endAsync();
    }
    const s = await sensor('MC001');
    expect(s).toMatchObject({ status: 'alarm', value: 35 });
    const cases = await iotCases();
    expect(cases.items.filter((c) => c.description.includes('MC001'))).toHaveLength(1);
  });

  it('refuses a client with a wrong key', async () => {
    await expect(mqtt.connectAsync(broker.url, { username: 'x', password: 'gh_wrong', reconnectPeriod: 0, connectTimeout: 3000 })).rejects.toThrow();
  });
});
