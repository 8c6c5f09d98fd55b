// Open311 GeoReport v2 conformance, endpoint by endpoint, in XML (the required format) and
// JSON (Spark convention): shapes, content types, the filters, and the spec's error codes
// and error body (404 unknown service_code / jurisdiction / request / token, 400 missing or
// malformed, 403 missing or revoked api_key).
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../core/runtime/clock.js';
import { seedIntakeCounty, pointIn } from '../support/intake-county.js';
import { ADMIN_PASSWORD, startTestCounty, type TestCounty } from './support.js';

const NOW = Date.parse('2026-11-18T10:00:00+08:00');
const xml = new XMLParser({ parseTagValue: false, isArray: (name) => ['service', 'request', 'error', 'attribute', 'endpoint', 'format', 'value'].includes(name) });

let county: TestCounty;
let apiKey: string;
const base = '/open311/v2';

async function get(path: string): Promise<{ status: number; type: string; text: string }> {
  const res = await fetch(county.url + base + path);
  return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
}

async function post(path: string, form: Record<string, string>): Promise<{ status: number; type: string; text: string }> {
  const res = await fetch(county.url + base + path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    body: new URLSearchParams(form).toString(),
  });
  return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- parsed XML is checked field by field
type Xml = any;

function parseXml(text: string): Xml {
  expect(text.startsWith('<?xml version="1.0" encoding="utf-8"?>')).toBe(true);
  return xml.parse(text) as Xml;
}

function expectXmlError(res: { status: number; type: string; text: string }, status: number, pattern: RegExp): void {
  expect(res.status).toBe(status);
  expect(res.type).toMatch(/^text\/xml; charset=utf-8/);
  const errors = parseXml(res.text).errors.error as { code: string; description: string }[];
  expect(errors[0]!.code).toBe(String(status));
  expect(errors[0]!.description).toMatch(pattern);
}

function expectJsonError(res: { status: number; type: string; text: string }, status: number, pattern: RegExp): void {
  expect(res.status).toBe(status);
  expect(res.type).toMatch(/^application\/json; charset=utf-8/);
  const errors = JSON.parse(res.text) as { code: number; description: string }[];
  expect(errors).toHaveLength(1);
  expect(errors[0]!.code).toBe(status);
  expect(errors[0]!.description).toMatch(pattern);
}

const there = pointIn(1, 2);

beforeAll(async () => {
  county = await startTestCounty({ clock: new ManualClock(NOW) });
  const seeded = county.server.county;
  await seedIntakeCounty(seeded.db, ADMIN_PASSWORD, NOW - 86_400_000);
  await seeded.dictionary.activeStandard();
  const token = await county.login();
  const made = await county.call<{ key: string }>('POST', '/api/admin/channel-keys', { token, body: { name: 'fixmystreet-test', scope: 'open311' } });
  expect(made.status).toBe(201);
  apiKey = made.body.key;
});

afterAll(async () => {
  await county.stop();
});

describe('discovery', () => {
  it('lists the endpoint, the spec and both formats in XML and JSON', async () => {
    const x = await get('/discovery.xml');
    expect(x.status).toBe(200);
    expect(x.type).toBe('text/xml; charset=utf-8');
    const d = parseXml(x.text).discovery;
    expect(d.endpoints.endpoint[0].specification).toBe('http://wiki.open311.org/GeoReport_v2');
    expect(d.endpoints.endpoint[0].url).toBe(`${county.url}${base}/`);
    expect(d.endpoints.endpoint[0].formats.format).toEqual(['text/xml', 'application/json']);
    expect(d.changeset).toMatch(/^\d{4}-\d\d-\d\dT/);

    const j = await get('/discovery.json');
    expect(j.type).toBe('application/json; charset=utf-8');
    const dj = JSON.parse(j.text);
    expect(dj.endpoints[0].formats).toEqual(['text/xml', 'application/json']);
    expect(dj.endpoints[0].type).toBe('production');
  });
});

describe('GET services', () => {
  it('lists every small class as a service grouped by its big class, in XML and JSON alike', async () => {
    const x = parseXml((await get('/services.xml')).text).services.service as Record<string, string>[];
    const j = JSON.parse((await get('/services.json')).text) as Record<string, unknown>[];
    expect(x.length).toBeGreaterThan(100);
    expect(j).toHaveLength(x.length);
    const waterlogging = j.find((s) => s.service_code === 'E0406')!;
    expect(waterlogging).toMatchObject({ service_name: '道路积水', metadata: true, type: 'realtime' });
    expect(waterlogging.group).toMatch(/^事件·/);
    const cover = x.find((s) => s.service_code === 'C0101')!;
    expect(cover).toMatchObject({ service_name: '上水井盖', metadata: 'true', type: 'realtime' });
    expect(cover.group).toMatch(/^部件·/);
    for (const s of j) expect(Object.keys(s).sort()).toEqual(['description', 'group', 'keywords', 'metadata', 'service_code', 'service_name', 'type']);
  });

  it('answers 404 for another jurisdiction and accepts its own', async () => {
    expectXmlError(await get('/services.xml?jurisdiction_id=sfgov.org'), 404, /jurisdiction_id/);
    expectJsonError(await get('/services.json?jurisdiction_id=sfgov.org'), 404, /jurisdiction_id/);
    expect((await get('/services.json?jurisdiction_id=990101')).status).toBe(200);
  });
});

describe('GET service definition', () => {
  it('gives the attributes of a component service in XML and JSON', async () => {
    const j = JSON.parse((await get('/services/C0101.json')).text);
    expect(j.service_code).toBe('C0101');
    expect(j.attributes.map((a: { code: string }) => a.code)).toEqual(['landmark', 'component_id']);
    expect(j.attributes[1]).toMatchObject({ variable: true, datatype: 'string', required: false, order: 2 });
    const x = parseXml((await get('/services/C0101.xml')).text).service_definition;
    expect(x.service_code).toBe('C0101');
    expect(x.attributes.attribute.map((a: { code: string }) => a.code)).toEqual(['landmark', 'component_id']);
    expect(x.attributes.attribute[0].required).toBe('false');
  });

  it('answers 404 for an unknown service_code, a big class, or a malformed code', async () => {
    expectXmlError(await get('/services/E9999.xml'), 404, /service_code "E9999" was not found/);
    expectJsonError(await get('/services/E01.json'), 404, /not found/);
    expectJsonError(await get('/services/X0101.json'), 404, /not found/);
    expectXmlError(await get('/services/E0406.yaml'), 400, /format/);
  });
});

describe('POST requests', () => {
  it('files a case from lat/long in XML, with the id, a notice and the account id', async () => {
    const res = await post('/requests.xml', {
      api_key: apiKey, service_code: 'E0102', lat: String(there.lat), long: String(there.lon), description: '路边暴露垃圾一堆', account_id: 'acct-7', device_id: 'dev-1',
    });
    expect(res.status).toBe(201);
    expect(res.type).toBe('text/xml; charset=utf-8');
    const r = parseXml(res.text).service_requests.request[0];
    expect(r.service_request_id).toMatch(/^20261118\d{5}$/);
    expect(r.service_notice).toContain(r.service_request_id);
    expect(r.account_id).toBe('acct-7');
    expect(r.token).toBeUndefined();
    const row = (await county.server.county.cases.getByNo(r.service_request_id))!;
    expect(row).toMatchObject({ source: 'open311', kind: 'event', classCode: '0102', state: 'reported', description: '路边暴露垃圾一堆' });
  });

  it('files from an address_string (geocoded) and from an address_id (a door plate), in JSON', async () => {
    const byText = await post('/requests.json', { api_key: apiKey, service_code: 'E0406', address_string: '青禾县青禾大道8号', description: '积水' });
    expect(byText.status).toBe(201);
    const [first] = JSON.parse(byText.text);
    const row = (await county.server.county.cases.getByNo(first.service_request_id))!;
    expect(row.address).toBe('青禾县青禾大道8号');
    expect(row.gridCode).not.toBeNull();

    const plate = (await county.server.county.places.search('青禾大道10号', 1))[0]!;
    const byId = await post('/requests.json', { api_key: apiKey, service_code: 'E0406', address_id: String(plate.id), description: '积水' });
    expect(byId.status).toBe(201);
    const row2 = (await county.server.county.cases.getByNo(JSON.parse(byId.text)[0].service_request_id))!;
    expect(row2.address).toBe('青禾大道10号');
    expect(row2.lon).toBeCloseTo(plate.lon, 6);
  });

  it('takes attribute[code]=value: a landmark and the component ID plate', async () => {
    const res = await post('/requests.json', {
      api_key: apiKey, service_code: 'C0103', address_string: '青禾大道12号', 'attribute[landmark]': '公交站旁', description: '井盖松动',
    });
    expect(res.status).toBe(201);
    const row = (await county.server.county.cases.getByNo(JSON.parse(res.text)[0].service_request_id))!;
    expect(row.address).toBe('青禾大道12号（公交站旁）');
    const bad = await post('/requests.json', { api_key: apiKey, service_code: 'C0103', address_string: '青禾大道12号', 'attribute[component_id]': 'abc' });
    expectJsonError(bad, 400, /component_id/);
  });

  it('refuses without a key (403), with a wrong key (403) and with a key of another scope (403)', async () => {
    const form = { service_code: 'E0102', lat: String(there.lat), long: String(there.lon) };
    expectXmlError(await post('/requests.xml', form), 403, /api_key/);
    expectJsonError(await post('/requests.json', { ...form, api_key: 'gh_not-a-key' }), 403, /api_key/);
    const token = await county.login();
    const sensorKey = (await county.call<{ key: string }>('POST', '/api/admin/channel-keys', { token, body: { name: 'gauge-gw', scope: 'sensors' } })).body.key;
    expectJsonError(await post('/requests.json', { ...form, api_key: sensorKey }), 403, /sensors/);
  });

  it('answers 400 for a missing service_code or location, 404 for an unknown service_code or jurisdiction', async () => {
    expectXmlError(await post('/requests.xml', { api_key: apiKey, lat: String(there.lat), long: String(there.lon) }), 400, /service_code/);
    expectJsonError(await post('/requests.json', { api_key: apiKey, service_code: 'E0102' }), 400, /location/);
    expectJsonError(await post('/requests.json', { api_key: apiKey, service_code: 'E0102', lat: String(there.lat) }), 400, /together/);
    expectJsonError(await post('/requests.json', { api_key: apiKey, service_code: 'E7777', lat: String(there.lat), long: String(there.lon) }), 404, /E7777/);
    expectJsonError(await post('/requests.json', { api_key: apiKey, jurisdiction_id: 'sfgov.org', service_code: 'E0102', lat: String(there.lat), long: String(there.lon) }), 404, /jurisdiction/);
  });
});

describe('GET requests and one request', () => {
  it('shows a filed case with open/closed, status_notes, times with the county offset and no reporter data', async () => {
    const filed = JSON.parse((await post('/requests.json', { api_key: apiKey, service_code: 'E0505', lat: String(there.lat), long: String(there.lon), description: '车辆乱停', phone: '13800000000', first_name: '张' })).text)[0];
    const one = JSON.parse((await get(`/requests/${filed.service_request_id}.json`)).text)[0];
    expect(one).toMatchObject({
      service_request_id: filed.service_request_id,
      status: 'open',
      service_code: 'E0505',
      service_name: '机动车乱停放',
      description: '车辆乱停',
      requested_datetime: '2026-11-18T10:00:00+08:00',
      agency_responsible: null,
      lat: there.lat,
      long: there.lon,
    });
    expect(one.status_notes).toMatch(/^待受理/);
    expect(JSON.stringify(one)).not.toContain('13800000000');
    for (const field of ['service_request_id', 'status', 'status_notes', 'service_name', 'service_code', 'description', 'agency_responsible', 'service_notice', 'requested_datetime', 'updated_datetime', 'expected_datetime', 'address', 'address_id', 'zipcode', 'lat', 'long', 'media_url']) {
      expect(one).toHaveProperty(field);
    }
    const x = parseXml((await get(`/requests/${filed.service_request_id}.xml`)).text).service_requests.request[0];
    expect(x.service_request_id).toBe(filed.service_request_id);
    expect(x.status).toBe('open');
  });

  it('maps a rejected case to closed with the reason in status_notes', async () => {
    const filed = JSON.parse((await post('/requests.json', { api_key: apiKey, service_code: 'E0102', lat: String(there.lat), long: String(there.lon), description: '重复' })).text)[0];
    const row = (await county.server.county.cases.getByNo(filed.service_request_id))!;
    const token = await county.login('acceptor1');
    const rejected = await county.call('POST', `/api/cases/${row.id}/reject`, { token, body: { version: row.version, comment: '与已有案卷重复' } });
    expect(rejected.status).toBe(200);
    const one = JSON.parse((await get(`/requests/${filed.service_request_id}.json`)).text)[0];
    expect(one.status).toBe('closed');
    expect(one.status_notes).toBe('不予受理（Not accepted）：与已有案卷重复');
    const closed = JSON.parse((await get('/requests.json?status=closed')).text) as { service_request_id: string }[];
    expect(closed.map((r) => r.service_request_id)).toContain(filed.service_request_id);
    const open = JSON.parse((await get('/requests.json?status=open')).text) as { service_request_id: string }[];
    expect(open.map((r) => r.service_request_id)).not.toContain(filed.service_request_id);
  });

  it('filters by service_code list, by date range and by id list (which overrides the rest)', async () => {
    const all = JSON.parse((await get('/requests.json')).text) as { service_request_id: string; service_code: string }[];
    expect(all.length).toBeGreaterThanOrEqual(5);
    const some = JSON.parse((await get('/requests.json?service_code=E0406,E0505')).text) as { service_code: string }[];
    expect(some.length).toBeGreaterThan(0);
    expect(new Set(some.map((r) => r.service_code))).toEqual(new Set(['E0406', 'E0505']));
    const earlier = JSON.parse((await get('/requests.json?start_date=2026-10-01T00:00:00Z&end_date=2026-11-01T00:00:00Z')).text);
    expect(earlier).toEqual([]);
    const ids = [all[0]!.service_request_id, all[1]!.service_request_id];
    const byIds = JSON.parse((await get(`/requests.json?service_request_id=${ids.join(',')}&service_code=E9999&status=closed`)).text) as { service_request_id: string }[];
    expect(byIds.map((r) => r.service_request_id).sort()).toEqual([...ids].sort());
    const x = parseXml((await get('/requests.xml?service_code=E0406')).text).service_requests.request as { service_code: string }[];
    expect(x.every((r) => r.service_code === 'E0406')).toBe(true);
  });

  it('answers 400 for a range over 90 days, a bad date or status; an empty list as an empty element', async () => {
    expectJsonError(await get('/requests.json?start_date=2026-01-01T00:00:00Z&end_date=2026-11-01T00:00:00Z'), 400, /90 days/);
    expectXmlError(await get('/requests.xml?start_date=yesterday'), 400, /start_date/);
    expectJsonError(await get('/requests.json?status=pending'), 400, /status/);
    const empty = await get('/requests.xml?start_date=2020-01-01T00:00:00Z&end_date=2020-01-02T00:00:00Z');
    expect(empty.status).toBe(200);
    expect(empty.text).toMatch(/<service_requests><\/service_requests>/);
  });

  it('answers 404 for an unknown request id, in both formats', async () => {
    expectXmlError(await get('/requests/2099010100001.xml'), 404, /was not found/);
    expectJsonError(await get('/requests/nope.json'), 404, /was not found/);
  });
});

describe('tokens', () => {
  it('resolves a citizen tracking code to its service_request_id; 404 for an unknown one', async () => {
    const submitted = await county.server.county.submissions.submit(
      { source: 'citizen', kind: 'event', classCode: '0102', description: '垃圾', lon: there.lon, lat: there.lat },
      [],
      { channel: 'citizen' },
      { id: null, roles: ['system'], departmentId: null },
    );
    const token = submitted.submission.token;
    const j = JSON.parse((await get(`/tokens/${token}.json`)).text);
    expect(j).toEqual([{ service_request_id: submitted.change.case.caseNo, token }]);
    const x = parseXml((await get(`/tokens/${token.toLowerCase()}.xml`)).text).service_requests.request[0];
    expect(x.service_request_id).toBe(submitted.change.case.caseNo);
    expectXmlError(await get('/tokens/0000-0000-0000.xml'), 404, /token/);
  });
});

describe('unknown resources', () => {
  it('answers 404 in the Open311 error body', async () => {
    expectXmlError(await get('/nothing.xml'), 404, /No such Open311 resource/);
  });
});
