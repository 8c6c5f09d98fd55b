// Issue 19: at least 50 malformed inputs per channel (login, cases, actions, citizen, Open311,
// field, sensors, imports), generated from each channel's good request by breaking one thing at
// a time. Every one gets a 4xx, never a 5xx, and nothing is stored (no case, submission,
// attachment, reading, session or upload).
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../core/runtime/clock.js';
import { seedIntakeCounty, pointIn } from '../support/intake-county.js';
import { jpegBytes } from '../support/intake-http.js';
import { makePng } from '../support/png.js';
import { ADMIN_PASSWORD, startTestCounty, type TestCounty } from './support.js';

const NOW = Date.parse('2026-11-18T10:00:00+08:00');
let county: TestCounty;
const tokens: Record<string, string> = {};
let open311Key = '';
let sensorKey = '';
let caseId = 0;
let caseVersion = 0;
const here = pointIn(1, 1);

beforeAll(async () => {
  county = await startTestCounty({ clock: new ManualClock(NOW) });
  await seedIntakeCounty(county.server.county.db, ADMIN_PASSWORD, NOW - 86_400_000);
  await county.server.county.sensors.reload();
  for (const user of ['admin', 'acceptor1', 'inspector01']) tokens[user] = await county.login(user);
  const make = async (name: string, scope: string) => (await county.call<{ key: string }>('POST', '/api/admin/channel-keys', { token: tokens.admin, body: { name, scope } })).body.key;
  open311Key = await make('app', 'open311');
  sensorKey = await make('gauges', 'sensors');
  const filed = await county.call<{ case: { id: number; version: number } }>('POST', '/api/cases', { token: tokens.acceptor1, body: { kind: 'event', classCode: '0102', source: 'hotline', description: '基线', ...here } });
  caseId = filed.body.case.id;
  caseVersion = filed.body.case.version;
});

afterAll(async () => {
  await county.stop();
});

async function stored(): Promise<Record<string, number>> {
  const db = county.server.county.db;
  await county.server.county.sensors.flush();
  const n = async (table: string) => (await db.statement<{ n: number }>(`malformed.count.${table}`, `SELECT count(*) AS n FROM ${table}`).get())!.n;
  const uploads = path.join(county.dataDir, 'imports');
  return {
    cases: await n('cases'), events: await n('case_events'), submissions: await n('case_submissions'), attachments: await n('attachments'),
    readings: await n('sensor_readings'), sessions: await n('sessions'), jobs: await n('import_jobs'),
    uploads: existsSync(uploads) ? readdirSync(uploads, { recursive: true }).length : 0,
  };
}

// What breaks a JSON field: every wrong type, the empty and the absurd.
const BAD_JSON_VALUES: [string, unknown][] = [
  ['a number', 12345], ['true', true], ['null', null], ['an array', ['x']], ['an object', { $gt: '' }],
  ['100,000 characters', 'x'.repeat(100_000)], ['a float', 1.5], ['a negative', -1], ['a huge number', 1e308],
  ['empty', ''], ['blank', '   '], ['a NUL', '\u0000'], ['bidi marks only', '\u202e\u200f'], ['a deep object', JSON.parse(`${'{"a":'.repeat(100)}1${'}'.repeat(100)}`)],
];
// What breaks a JSON body as a whole.
const BAD_JSON_BODIES: [string, string, string][] = [
  ['not JSON', 'hello', 'application/json'], ['cut-off JSON', '{"a": ', 'application/json'], ['a JSON array', '[]', 'application/json'],
  ['a JSON string', '"x"', 'application/json'], ['a JSON number', '42', 'application/json'], ['an empty body', '', 'application/json'],
  ['JSON declared as text', '{}', 'text/plain'], ['a prototype key', '{"__proto__": {"admin": true}}', 'application/json'],
  ['deeply nested JSON', `${'['.repeat(5000)}${']'.repeat(5000)}`, 'application/json'], ['an XML body', '<a/>', 'application/xml'],
  ['a form to a JSON route', 'a=b', 'application/x-www-form-urlencoded'], ['multipart to a JSON route', '--b\r\n\r\n', 'multipart/form-data; boundary=b'],
  ['JSON with a trailing comma', '{"a": 1,}', 'application/json'], ['JSON with a comment', '{/* x */}', 'application/json'], ["single-quoted JSON", "{'a': 1}", 'application/json'],
  ['a NaN literal', '{"a": NaN}', 'application/json'], ['null', 'null', 'application/json'], ['true', 'true', 'application/json'],
  ['a 2 MB body', `{"a":"${'x'.repeat(2 * 1024 * 1024)}"}`, 'application/json'], ['an unknown content type', '{}', 'application/x-gridhall'],
];

interface Case {
  what: string;
  send: () => Promise<Response>;
}

function jsonCases(route: string, good: Record<string, unknown>, headers: () => Record<string, string>, required: string[]): Case[] {
  const post = (body: string, type = 'application/json') => fetch(county.url + route, { method: 'POST', headers: { 'content-type': type, ...headers() }, body });
  const out: Case[] = [];
  for (const field of Object.keys(good)) {
    for (const [what, value] of BAD_JSON_VALUES) {
      if (typeof good[field] === 'number' && typeof value === 'number' && what !== 'a huge number' && what !== 'a negative') continue; // a number where a number belongs may be fine
      out.push({ what: `${field} is ${what}`, send: () => post(JSON.stringify({ ...good, [field]: value })) });
    }
  }
  for (const field of required) {
    const { [field]: _gone, ...rest } = good;
    out.push({ what: `${field} missing`, send: () => post(JSON.stringify(rest)) });
  }
  out.push({ what: 'an unknown field', send: () => post(JSON.stringify({ ...good, role: 'admin' })) });
  for (const [what, body, type] of BAD_JSON_BODIES) out.push({ what, send: () => post(body, type) });
  return out;
}

function form(fields: Record<string, string>, photos: [Buffer, string, string][] = []): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.append(k, v);
  for (const [bytes, name, type] of photos) f.append('photo', new Blob([new Uint8Array(bytes)], { type }), name);
  return f;
}

const png = makePng(32, 24);
const BAD_PHOTOS: [string, Buffer, string, string][] = [
  ['a truncated PNG', png.subarray(0, png.length - 20), 'a.png', 'image/png'],
  ['a PNG header only', png.subarray(0, 33), 'a.png', 'image/png'],
  ['a truncated JPEG', jpegBytes().subarray(0, 120), 'a.jpg', 'image/jpeg'],
  ['HTML named .jpg', Buffer.from('<html><script>alert(1)</script></html>'), 'a.jpg', 'image/jpeg'],
  ['an empty file', Buffer.alloc(0), 'a.jpg', 'image/jpeg'],
  ['a PDF', Buffer.from('%PDF-1.7\n1 0 obj\n'), 'a.jpg', 'image/jpeg'],
  ['an SVG with script', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), 'a.svg', 'image/svg+xml'],
  ['a PNG with a broken CRC', Buffer.concat([png.subarray(0, 29), Buffer.from([0, 0, 0, 0]), png.subarray(33)]), 'a.png', 'image/png'],
  ['a WebP cut short', Buffer.from('RIFF\xff\xff\x00\x00WEBPVP8 ', 'latin1'), 'a.webp', 'image/webp'],
];
const BAD_MULTIPART: [string, string, string][] = [
  ['no boundary', 'multipart/form-data', 'x'],
  ['a wrong boundary', 'multipart/form-data; boundary=abc', '--zzz\r\n\r\n'],
  ['a truncated body', 'multipart/form-data; boundary=abc', '--abc\r\nContent-Disposition: form-data; name="description"\r\n\r\nx'],
  ['a broken part header', 'multipart/form-data; boundary=abc', '--abc\r\nnot a header\r\n\r\nv\r\n--abc--\r\n'],
  ['JSON instead of a form', 'application/json', '{"description":"x"}'],
  ['a urlencoded form', 'application/x-www-form-urlencoded', 'description=x'],
];

function formCases(route: string, good: Record<string, string>, headers: () => Record<string, string>, required: string[], badValues: Record<string, string[]>): Case[] {
  const post = (body: FormData) => fetch(county.url + route, { method: 'POST', headers: headers(), body });
  const out: Case[] = [];
  for (const field of required) {
    const { [field]: _gone, ...rest } = good;
    out.push({ what: `${field} missing`, send: () => post(form(rest)) });
  }
  for (const [field, values] of Object.entries(badValues)) {
    for (const value of values) out.push({ what: `${field} = ${JSON.stringify(value.slice(0, 20))}${value.length > 20 ? '…' : ''}`, send: () => post(form({ ...good, [field]: value })) });
  }
  for (const [what, bytes, name, type] of BAD_PHOTOS) out.push({ what: `a photo that is ${what}`, send: () => post(form(good, [[jpegBytes(), 'ok.jpg', 'image/jpeg'], [bytes, name, type]])) });
  out.push({ what: 'too many photos', send: () => post(form(good, Array.from({ length: 12 }, () => [jpegBytes(), 'p.jpg', 'image/jpeg'] as [Buffer, string, string]))) });
  for (const [what, type, body] of BAD_MULTIPART) out.push({ what, send: () => fetch(county.url + route, { method: 'POST', headers: { ...headers(), 'content-type': type }, body }) });
  return out;
}

const COORDINATE_BAD = ['abc', 'NaN', 'Infinity', '1e999', '', ' ', '95', '-181', '0x1F', '118.1.2', '１１８'];
const TEXT_BAD = ['', '   ', '\u0000', '\u202e\u0000', 'x'.repeat(30_000)];
const KIND_BAD = ['', 'both', 'EVENT', 'component\u0000', '<script>'];
const CLASS_BAD = ['', '01', '010203', 'abcd', '9999', '0102\u0000', '-102', ' 0102'];

let device = 0;
const channels: Record<string, () => Case[]> = {
  login: () => jsonCases('/api/auth/login', { username: 'acceptor1', password: 'not-the-password' }, () => ({}), ['username', 'password']),
  cases: () =>
    jsonCases('/api/cases', { kind: 'event', classCode: '0102', source: 'hotline', description: '垃圾', lon: here.lon, lat: here.lat }, () => ({ authorization: `Bearer ${tokens.acceptor1}` }), ['kind', 'classCode', 'description']),
  actions: () => [
    ...jsonCases(`/api/cases/${caseId}/reject`, { version: caseVersion, comment: '不予受理' }, () => ({ authorization: `Bearer ${tokens.acceptor1}` }), ['version', 'comment']),
    ...(
      [
        ['a stale version', `/api/cases/${caseId}/reject`, { version: caseVersion + 5, comment: '不予受理' }],
        ['no such case', '/api/cases/999999/reject', { version: 1, comment: '不予受理' }],
        ['a case id that is not a number', '/api/cases/abc/reject', { version: 1, comment: '不予受理' }],
        ['case id 0', '/api/cases/0/reject', { version: 1, comment: '不予受理' }],
        ['a negative case id', '/api/cases/-1/reject', { version: 1, comment: '不予受理' }],
        ['a huge case id', '/api/cases/99999999999999999999/reject', { version: 1, comment: '不予受理' }],
        ['an action the role may not take', `/api/cases/${caseId}/register`, { version: caseVersion }],
        ['an unknown action', `/api/cases/${caseId}/explode`, { version: caseVersion }],
      ] as const
    ).map(([what, route, body]): Case => ({
      what,
      send: () => fetch(county.url + route, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.acceptor1}` }, body: JSON.stringify(body) }),
    })),
  ],
  sensors: () => [
    ...jsonCases('/api/ingest/sensors', { readings: [{ code: 'WL001', value: 1 }] }, () => ({ 'x-api-key': sensorKey }), ['readings']),
    ...BAD_JSON_VALUES.map(([what, value]): Case => ({
      what: `a reading's value is ${what}`,
      send: () => fetch(`${county.url}/api/ingest/sensors`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': sensorKey }, body: JSON.stringify({ readings: [{ code: 'WL001', value: typeof value === 'number' && Math.abs(value) < 1e300 ? 'high' : value }] }) }),
    })),
    ...BAD_JSON_VALUES.map(([what, value]): Case => ({
      what: `a reading's code is ${what}`,
      send: () => fetch(`${county.url}/api/ingest/sensors`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': sensorKey }, body: JSON.stringify({ readings: [{ code: value, value: 1 }] }) }),
    })),
  ],
  imports: () => [
    ...jsonCases('/api/imports', { uploadId: '0123456789abcdef', target: 'grids' }, () => ({ authorization: `Bearer ${tokens.admin}` }), ['uploadId', 'target']),
    ...BAD_MULTIPART.map(([what, type, body]): Case => ({ what: `upload: ${what}`, send: () => fetch(`${county.url}/api/imports/uploads`, { method: 'POST', headers: { authorization: `Bearer ${tokens.admin}`, 'content-type': type }, body }) })),
    { what: 'upload: no file at all', send: () => fetch(`${county.url}/api/imports/uploads`, { method: 'POST', headers: { authorization: `Bearer ${tokens.admin}` }, body: form({ note: 'x' }) }) },
  ],
  citizen: () =>
    formCases('/api/public/reports', { kind: 'event', classCode: '0102', description: '垃圾', lon: String(here.lon), lat: String(here.lat) }, () => ({ 'x-device-id': `malformed-${++device}` }), ['kind', 'classCode', 'description'], {
      lon: COORDINATE_BAD, lat: COORDINATE_BAD, description: TEXT_BAD, kind: KIND_BAD, classCode: CLASS_BAD, phone: ['x'.repeat(200)], name: ['x'.repeat(200)],
    }),
  field: () =>
    formCases('/api/field/reports', { kind: 'event', classCode: '0102', description: '垃圾', lon: String(here.lon), lat: String(here.lat) }, () => ({ authorization: `Bearer ${tokens.inspector01}` }), ['kind', 'classCode', 'description'], {
      lon: COORDINATE_BAD, lat: COORDINATE_BAD, description: TEXT_BAD, kind: KIND_BAD, classCode: CLASS_BAD, componentId: ['x', '1'.repeat(40)], accuracyM: ['-5', 'abc'],
    }),
  open311: () => {
    const good: Record<string, string> = { api_key: open311Key, service_code: 'E0102', lat: String(here.lat), long: String(here.lon), description: '垃圾' };
    const post = (fields: Record<string, string>) =>
      fetch(`${county.url}/open311/v2/requests.json`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
    const out: Case[] = [];
    for (const field of ['api_key', 'service_code', 'description']) {
      const { [field]: _gone, ...rest } = good;
      out.push({ what: `${field} missing`, send: () => post(rest) });
    }
    const bad: Record<string, string[]> = {
      api_key: ['', 'wrong', 'x'.repeat(300)], service_code: ['', 'E9999', 'X0102', '0102', 'E0102\u0000'], lat: COORDINATE_BAD, long: COORDINATE_BAD,
      description: TEXT_BAD, email: ['x'.repeat(300)], address_string: ['x'.repeat(300)], media_url: ['x'.repeat(2000)], first_name: ['x'.repeat(100)],
      last_name: ['x'.repeat(100)], phone: ['x'.repeat(100)], device_id: ['x'.repeat(300)], account_id: ['x'.repeat(100)],
    };
    for (const [field, values] of Object.entries(bad)) for (const v of values) out.push({ what: `${field} = ${JSON.stringify(v.slice(0, 20))}`, send: () => post({ ...good, [field]: v }) });
    for (const [what, type, body] of BAD_MULTIPART) out.push({ what, send: () => fetch(`${county.url}/open311/v2/requests.json?api_key=${open311Key}`, { method: 'POST', headers: { 'content-type': type }, body }) });
    return out;
  },
};

describe('malformed input, 50 and more per channel: 4xx, never 5xx, nothing stored', () => {
  for (const [channel, make] of Object.entries(channels)) {
    it(channel, async () => {
      const cases = make();
      expect(cases.length, `${channel} has ${cases.length} malformed inputs`).toBeGreaterThanOrEqual(50);
      const before = await stored();
      const wrong: string[] = [];
      for (const c of cases) {
        const res = await c.send();
        await res.arrayBuffer();
        if (res.status < 400 || res.status >= 500) wrong.push(`${c.what}: ${res.status}`);
      }
      expect(wrong, `${channel}: not a 4xx`).toEqual([]);
      const after = await stored();
      // a failed sign-in writes an audit row, never a session
      expect(after).toEqual(before);
    });
  }
});
