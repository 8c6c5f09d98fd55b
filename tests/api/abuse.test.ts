// The bad-request and abuse matrix of every intake channel: each row sends one bad thing and
// expects the right status, NOTHING stored (no case, no submission, no attachment row, no
// photo file), and the server still answering. Script and SQL in text fields are the
// exception by design: they are stored as the literal text and come back escaped.
import { readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../core/runtime/clock.js';
import { seedIntakeCounty, pointIn } from '../support/intake-county.js';
import { fakeImage, jpegBytes, reportForm } from '../support/intake-http.js';
import { ADMIN_PASSWORD, startTestCounty, type TestCounty } from './support.js';

const NOW = Date.parse('2026-11-18T10:00:00+08:00');
let county: TestCounty;
let open311Key: string;
let revokedKey: string;
let sensorKey: string;
let vehicleKey: string;
let inspector: string;
const here = pointIn(1, 1);
const TEN_MB = 'x'.repeat(10 * 1024 * 1024);
let device = 0;

beforeAll(async () => {
  county = await startTestCounty({ clock: new ManualClock(NOW) });
  await seedIntakeCounty(county.server.county.db, ADMIN_PASSWORD, NOW - 86_400_000);
  await county.server.county.sensors.reload();
  county.server.county.vehicles.reload();
  const admin = await county.login();
  const make = async (name: string, scope: string) => (await county.call<{ key: string; item: { id: number } }>('POST', '/api/admin/channel-keys', { token: admin, body: { name, scope } })).body;
  open311Key = (await make('app', 'open311')).key;
  const old = await make('old-app', 'open311');
  revokedKey = old.key;
  expect((await county.call('POST', `/api/admin/channel-keys/${old.item.id}/revoke`, { token: admin })).status).toBe(200);
  sensorKey = (await make('gauges', 'sensors')).key;
  vehicleKey = (await make('beidou', 'vehicles')).key;
  inspector = await county.login('inspector01');
});

afterAll(async () => {
  await county.stop();
});

async function stored(): Promise<{ cases: number; submissions: number; attachments: number; files: number; readings: number }> {
  const db = county.server.county.db;
  const n = async (table: string) => (await db.statement<{ n: number }>(`abuse.count.${table}`, `SELECT count(*) AS n FROM ${table}`).get())!.n;
  const dir = path.join(county.dataDir, 'attachments');
  await county.server.county.sensors.flush();
  return {
    cases: await n('cases'),
    submissions: await n('case_submissions'),
    attachments: await n('attachments'),
    files: existsSync(dir) ? readdirSync(dir, { recursive: true }).filter((f) => String(f).includes('.')).length : 0,
    readings: await n('sensor_readings'),
  };
}

const open311 = (form: Record<string, string>) =>
  fetch(`${county.url}/open311/v2/requests.json`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString() });
const good311 = () => ({ api_key: open311Key, service_code: 'E0102', lat: String(here.lat), long: String(here.lon), description: '垃圾' });
const citizen = (fields: Parameters<typeof reportForm>[0], photos: Buffer[] = []) =>
  fetch(`${county.url}/api/public/reports`, { method: 'POST', body: reportForm(fields, photos), headers: { 'x-device-id': `abuse-device-${++device}` } });
const goodCitizen = { kind: 'event', classCode: '0102', description: '垃圾', lon: here.lon, lat: here.lat };
const field = (fields: Parameters<typeof reportForm>[0], photos: Buffer[] = []) =>
  fetch(`${county.url}/api/field/reports`, { method: 'POST', body: reportForm(fields, photos), headers: { authorization: `Bearer ${inspector}` } });
const json = (route: string, body: unknown, headers: Record<string, string>) =>
  fetch(county.url + route, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });

interface Row {
  channel: string;
  bad: string;
  send: () => Promise<Response>;
  status: number;
  says?: RegExp;
}

const matrix: Row[] = [
  { channel: 'Open311', bad: 'missing service_code', send: () => open311({ ...good311(), service_code: '' }), status: 400, says: /service_code/ },
  { channel: 'Open311', bad: 'lat out of range', send: () => open311({ ...good311(), lat: '95' }), status: 400, says: /lat/ },
  { channel: 'Open311', bad: 'lat/long swapped', send: () => open311({ ...good311(), lat: String(here.lon), long: String(here.lat) }), status: 400, says: /swapped/ },
  { channel: 'Open311', bad: 'a point outside the county', send: () => open311({ ...good311(), lat: '39.9', long: '116.4' }), status: 400, says: /outside the county/ },
  { channel: 'Open311', bad: 'unknown service', send: () => open311({ ...good311(), service_code: 'E9999' }), status: 404, says: /E9999/ },
  { channel: 'Open311', bad: 'a 10 MB description', send: () => open311({ ...good311(), description: TEN_MB }), status: 413 },
  { channel: 'Open311', bad: 'a 4,001-character description', send: () => open311({ ...good311(), description: '长'.repeat(4001) }), status: 400, says: /4000/ },
  { channel: 'Open311', bad: 'a revoked key', send: () => open311({ ...good311(), api_key: revokedKey }), status: 403, says: /revoked/ },
  { channel: 'Open311', bad: 'no key', send: () => open311({ ...good311(), api_key: '' }), status: 403, says: /api_key/ },
  { channel: 'Open311', bad: 'a javascript: media_url', send: () => open311({ ...good311(), media_url: 'javascript:alert(1)' }), status: 400, says: /media_url/ },
  { channel: '市民通', bad: 'missing problem type', send: () => citizen({ ...goodCitizen, classCode: undefined }), status: 400, says: /classCode/ },
  { channel: '市民通', bad: 'lon out of range', send: () => citizen({ ...goodCitizen, lon: 200 }), status: 400, says: /lon/ },
  { channel: '市民通', bad: 'lat/long swapped', send: () => citizen({ ...goodCitizen, lon: here.lat, lat: here.lon }), status: 400, says: /swapped/ },
  { channel: '市民通', bad: 'unknown problem type', send: () => citizen({ ...goodCitizen, classCode: '9999' }), status: 400, says: /9999/ },
  { channel: '市民通', bad: 'a 10 MB description', send: () => citizen({ ...goodCitizen, description: TEN_MB }), status: 400, says: /too long/ },
  { channel: '市民通', bad: 'a fake image (HTML named .jpg)', send: () => citizen(goodCitizen, [jpegBytes(), fakeImage()]), status: 415 },
  { channel: '市民通', bad: 'a photo over 5 MB', send: () => citizen(goodCitizen, [jpegBytes(6 * 1024 * 1024)]), status: 413 },
  { channel: '市民通', bad: 'four photos', send: () => citizen(goodCitizen, [jpegBytes(), jpegBytes(), jpegBytes(), jpegBytes()]), status: 413 },
  { channel: '市民通', bad: 'no place at all', send: () => citizen({ ...goodCitizen, lon: undefined, lat: undefined }), status: 400, says: /选点/ },
  { channel: '市民通', bad: 'JSON instead of a form', send: () => json('/api/public/reports', goodCitizen, {}), status: 400 },
  { channel: '城管通', bad: 'a fake image', send: () => field(goodCitizen, [fakeImage()]), status: 415 },
  { channel: '城管通', bad: 'lat out of range', send: () => field({ ...goodCitizen, lat: -91 }), status: 400, says: /lat/ },
  { channel: '城管通', bad: 'no token', send: () => fetch(`${county.url}/api/field/reports`, { method: 'POST', body: reportForm(goodCitizen) }), status: 401 },
  { channel: '物联网', bad: 'a revoked key', send: () => json('/api/ingest/sensors', { readings: [{ code: 'WL001', value: 1 }] }, { 'x-api-key': revokedKey }), status: 403 },
  { channel: '物联网', bad: 'a value that is not a number', send: () => json('/api/ingest/sensors', { readings: [{ code: 'WL001', value: 'high' }] }, { 'x-api-key': sensorKey }), status: 400 },
  { channel: '物联网', bad: 'a 10 MB body', send: () => json('/api/ingest/sensors', `{"readings":[{"code":"${TEN_MB}","value":1}]}`, { 'x-api-key': sensorKey }), status: 413 },
  { channel: '物联网', bad: 'SQL as a sensor code', send: () => json('/api/ingest/sensors', { readings: [{ code: "x'; DROP TABLE sensors; --", value: 1 }] }, { 'x-api-key': sensorKey }), status: 200 },
  { channel: '车辆', bad: 'lon out of range', send: () => json('/api/ingest/vehicles', { reports: [{ code: 'SW01', lon: 500, lat: 28.4 }] }, { 'x-api-key': vehicleKey }), status: 400 },
  { channel: '车辆', bad: 'a sensor key', send: () => json('/api/ingest/vehicles', { reports: [{ code: 'SW01', lon: 118.1, lat: 28.4 }] }, { 'x-api-key': sensorKey }), status: 403 },
];

describe('bad requests: the right error, nothing stored, the server still answering', () => {
  for (const row of matrix) {
    it(`${row.channel}: ${row.bad} → ${row.status}`, async () => {
      const before = await stored();
      const res = await row.send();
      expect(res.status).toBe(row.status);
      const text = await res.text();
      if (row.says) expect(text).toMatch(row.says);
      expect(await stored()).toEqual(before);
      expect((await fetch(`${county.url}/api/health`)).status).toBe(200);
    });
  }
});

describe('script and SQL in text fields are stored inert', () => {
  const nasty = `<script>alert(1)</script><img src=x onerror=alert(2)> '; DROP TABLE cases; -- \u202Eevil\u0000`;

  it('Open311 keeps the literal text (minus control and bidi characters) and escapes it in XML', async () => {
    const res = await open311({ ...good311(), description: nasty });
    expect(res.status).toBe(201);
    const id = ((await res.json()) as { service_request_id: string }[])[0]!.service_request_id;
    const row = (await county.server.county.cases.getByNo(id))!;
    expect(row.description).toBe(`<script>alert(1)</script><img src=x onerror=alert(2)> '; DROP TABLE cases; -- evil`);
    const xml = await (await fetch(`${county.url}/open311/v2/requests/${id}.xml`)).text();
    expect(xml).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;');
    expect(xml).not.toContain('<script>');
    expect((await county.server.county.cases.list({}, 1, 0)).total).toBeGreaterThan(0); // the table is still there
  });

  it('the citizen channel keeps it literal too, in the case and in the status answer', async () => {
    const res = await citizen({ ...goodCitizen, description: nasty, address: "Robert'); DROP TABLE places;--" });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { description: string; address: string };
    expect(body.description).toContain('<script>alert(1)</script>');
    expect(body.address).toBe("Robert'); DROP TABLE places;--");
    expect(await county.server.county.places.count()).toBeGreaterThan(0);
  });
});
