// Muck trucks on JT/T 808-2019: a simulated terminal (the demo's, speaking the real binary
// protocol over TCP) registers, authenticates and reports; leaving its permit's corridor opens
// one alarm and one case with the track as evidence; silence opens another; and the server
// answers or drops 60 broken frames and still serves terminals afterwards.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../core/runtime/clock.js';
import {
  ALARM,
  bcd,
  checkCode,
  decodeGeneralResponse,
  encodeFrame,
  encodeLocation,
  encodeLocationBatch,
  escape,
  MSG,
  RESULT,
  STATUS,
  type Frame,
  type Location,
} from '../../core/channels/jt808/codec.js';
import { Jt808Terminal } from '../../core/demo/sim/trucks.js';
import { seedIntakeCounty } from '../support/intake-county.js';
import { ADMIN_PASSWORD, startTestCounty, type TestCounty } from './support.js';

const NOW = Date.parse('2026-11-18T10:00:00+08:00');
const clock = new ManualClock(NOW);
const PHONE = '00000000013800000001';
const PLATE = '赣E·D0001';
let county: TestCounty;
let admin: string;
let port: number;

// 青禾大道 runs east-west along latitude 28.4: the corridor from the site at its west end to the tip at its east end.
const CORRIDOR: [number, number][] = [[118.091, 28.4], [118.1, 28.4], [118.109, 28.4]];

beforeAll(async () => {
  county = await startTestCounty({ clock, jt808Port: 0 });
  await seedIntakeCounty(county.server.county.db, ADMIN_PASSWORD, NOW - 86_400_000);
  await county.server.county.db.exec(`
    INSERT INTO muck_sites (id, code, name, kind, lon, lat, radius_m) VALUES
      (1, 'GD01', '东门安置房工地', 'origin', 118.091, 28.4, 60),
      (2, 'XN01', '城东消纳场', 'disposal', 118.109, 28.4, 80),
      (3, 'GD02', '文昌路商住楼工地', 'origin', 118.1, 28.408, 50);
  `);
  admin = await county.login();
  port = county.server.channels.jt808!.port;
  const add = await county.call('POST', '/api/trucks', { token: admin, body: { plate: PLATE, phone: '13800000001', company: '青禾渣土运输公司' } });
  expect(add.status).toBe(201);
  const permit = await county.call('POST', '/api/trucks/permits', {
    token: admin,
    body: { code: 'ZY-2026-0001', plate: PLATE, originSiteId: 1, disposalSiteId: 2, corridor: CORRIDOR, bufferM: 50, validFrom: '2026-11-01', validTo: '2026-12-31', dayStart: '06:00', dayEnd: '22:00', maxSpeedKmh: 40 },
  });
  expect(permit.status).toBe(201);
});

afterAll(async () => {
  await county.stop();
});

const loc = (lon: number, lat: number, at: number, speedKmh = 30, alarm = 0): Location => ({ alarm, status: STATUS.acc | STATUS.positioned, lon, lat, altitudeM: 40, speedKmh, headingDeg: 90, at });

async function terminal(phone = PHONE, plate = PLATE): Promise<Jt808Terminal> {
  const t = new Jt808Terminal({ host: '127.0.0.1', port, phone, plate });
  await t.connect();
  return t;
}

type Cases = { items: { id: number; description: string; source: string; classCode: string }[] };

describe('a terminal registers, authenticates and reports', () => {
  let t: Jt808Terminal;

  it('refuses a terminal the county does not know, and registers a known one with an auth code', async () => {
    const stranger = await terminal('00000000013999999999', '赣E·X9999');
    expect((await stranger.register()).result).toBe(4); // 数据库中无该终端
    stranger.close();
    t = await terminal();
    const answer = await t.register();
    expect(answer.result).toBe(0);
    expect(answer.authCode).toMatch(/^[0-9a-f]{16}$/);
  });

  it('refuses reports before authentication and a wrong auth code, then takes the right one', async () => {
    expect(await t.location(loc(118.095, 28.4, NOW - 60_000))).toBe(RESULT.failure);
    expect(await t.authenticate('wrong-code')).toBe(RESULT.failure);
    expect(await t.authenticate()).toBe(RESULT.success);
    expect(await t.heartbeat()).toBe(RESULT.success);
  });

  it('takes location reports and a batch along the corridor: the truck moves, its track fills, no alarm', async () => {
    for (let k = 0; k < 5; k++) expect(await t.location(loc(118.093 + k * 0.001, 28.4001, NOW - (60 - k * 10) * 1000))).toBe(RESULT.success);
    expect(await t.batch([loc(118.099, 28.4, NOW - 9000), loc(118.1, 28.4, NOW - 4000)])).toBe(RESULT.success);
    const trucks = await county.call<{ items: { plate: string; lon: number; online: boolean; registered: boolean; permitCode: string; openAlarms: string[] }[] }>('GET', '/api/trucks', { token: admin });
    expect(trucks.body.items[0]).toMatchObject({ plate: PLATE, lon: 118.1, online: true, registered: true, permitCode: 'ZY-2026-0001', openAlarms: [] });
    const track = await county.call<{ points: number[][] }>('GET', '/api/trucks/1/track?date=2026-11-18', { token: admin });
    expect(track.body.points).toHaveLength(7);
    expect(track.body.points[0]!.slice(0, 2)).toEqual([118.093, 28.4001]);
  });

  it('opens exactly one case when the truck leaves its corridor, with the track as evidence, and closes the alarm when it is back', async () => {
    const before = (await county.call<Cases>('GET', '/api/cases?limit=100', { token: admin })).body.items.length;
    // 250 m north of 青禾大道, three reports in a row, then back on the corridor.
    for (let k = 0; k < 3; k++) expect(await t.location(loc(118.101 + k * 0.0005, 28.40225, NOW - 3000 + k * 1000))).toBe(RESULT.success);
    const cases = (await county.call<Cases>('GET', '/api/cases?limit=100', { token: admin })).body.items;
    expect(cases.length).toBe(before + 1);
    const filed = cases.find((c) => c.description.includes('偏离路线'))!;
    expect(filed.description).toContain(PLATE);
    expect(filed.description).toContain('ZY-2026-0001');
    const alarm = await county.call<{ kind: string; closedAt: string | null; track: number[][]; caseId: number }>('GET', `/api/trucks/alarms/of-case/${filed.id}`, { token: admin });
    expect(alarm.body).toMatchObject({ kind: 'off_corridor', closedAt: null, caseId: filed.id });
    expect(alarm.body.track.length).toBeGreaterThanOrEqual(8);
    expect(alarm.body.track.at(-1)!.slice(0, 2)).toEqual([118.101, 28.40225]);
    // The county's alarm centre (告警中心) has it too, linked to the case and the truck.
    type CountyAlarms = { items: { kind: string; caseId: number | null; clearedAt: string | null; device: { code: string } | null }[] };
    const countyAlarms = async () => (await county.call<CountyAlarms>('GET', '/api/alarms', { token: admin })).body.items.filter((a) => a.kind === 'truck_alarm' && a.caseId === filed.id);
    expect(await countyAlarms()).toMatchObject([{ clearedAt: null, device: { code: PLATE } }]);
    clock.advance(5000);
    expect(await t.location(loc(118.103, 28.4, NOW + 1000))).toBe(RESULT.success);
    const after = await county.call<{ closedAt: string | null }>('GET', `/api/trucks/alarms/of-case/${filed.id}`, { token: admin });
    expect(after.body.closedAt).not.toBeNull();
    expect((await countyAlarms())[0]!.clearedAt).not.toBeNull();
    expect((await county.call<Cases>('GET', '/api/cases?limit=100', { token: admin })).body.items.length).toBe(before + 1);
  });

  it('raises speeding from the speed and from the terminal\'s own overspeed flag, once per episode', async () => {
    const alarms = async () => (await county.call<{ items: { kind: string; closedAt: string | null }[] }>('GET', '/api/trucks/alarms', { token: admin })).body.items;
    expect(await t.location(loc(118.104, 28.4, NOW + 2000, 55))).toBe(RESULT.success);
    expect(await t.location(loc(118.105, 28.4, NOW + 3000, 35, ALARM.overspeed))).toBe(RESULT.success);
    expect((await alarms()).filter((a) => a.kind === 'speeding')).toHaveLength(1);
    expect(await t.location(loc(118.106, 28.4, NOW + 4000, 30))).toBe(RESULT.success);
    expect((await alarms()).find((a) => a.kind === 'speeding')!.closedAt).not.toBeNull();
  });

  it('opens a silent alarm when the terminal says nothing for ten minutes inside its hours', async () => {
    clock.set(NOW + 11 * 60_000);
    expect(await county.server.county.muckTrucks.checkSilent()).toBe(1);
    expect(await county.server.county.muckTrucks.checkSilent()).toBe(0);
    const items = (await county.call<{ items: { kind: string; closedAt: string | null }[] }>('GET', '/api/trucks/alarms', { token: admin })).body.items;
    expect(items.filter((a) => a.kind === 'silent' && a.closedAt === null)).toHaveLength(1);
    // The next report ends the silence.
    expect(await t.location(loc(118.106, 28.4, NOW + 11 * 60_000, 20))).toBe(RESULT.success);
    const again = (await county.call<{ items: { kind: string; closedAt: string | null }[] }>('GET', '/api/trucks/alarms', { token: admin })).body.items;
    expect(again.filter((a) => a.kind === 'silent' && a.closedAt === null)).toHaveLength(0);
  });

  it('reassembles a message split into packets (分包)', async () => {
    const body = encodeLocationBatch([loc(118.1065, 28.4, NOW + 11 * 60_000 + 1000, 20), loc(118.107, 28.4, NOW + 11 * 60_000 + 2000, 20)]);
    const half = Math.ceil(body.length / 2);
    const answers: Frame[] = [];
    const wait = waitFor(t, 2);
    t.sendRaw(encodeFrame({ msgId: MSG.locationBatch, phone: PHONE, serial: 900, packet: { total: 2, index: 1 } }, body.subarray(0, half)));
    t.sendRaw(encodeFrame({ msgId: MSG.locationBatch, phone: PHONE, serial: 901, packet: { total: 2, index: 2 } }, body.subarray(half)));
    answers.push(...(await wait));
    expect(answers.map((f) => decodeGeneralResponse(f.body).result)).toEqual([0, 0]);
    const trucks = await county.call<{ items: { lon: number }[] }>('GET', '/api/trucks', { token: admin });
    expect(trucks.body.items[0]!.lon).toBe(118.107);
    t.close();
  });
});

/** The next `n` frames the platform sends to this terminal. */
function waitFor(t: Jt808Terminal, n: number): Promise<Frame[]> {
  const start = t.received.length;
  return new Promise((resolve, reject) => {
    const deadline = setTimeout(() => reject(new Error(`only ${t.received.length - start} of ${n} answers`)), 5000);
    const poll = setInterval(() => {
      if (t.received.length - start >= n) {
        clearInterval(poll);
        clearTimeout(deadline);
        resolve(t.received.slice(start, start + n));
      }
    }, 5);
  });
}

// ---- broken frames ------------------------------------------------------------------------

/** A frame with its raw (unescaped) content changed by `edit` before the check code and escaping. */
function tampered(msgId: number, body: Buffer, edit: (raw: Buffer) => Buffer, opts: { fixCheck?: boolean } = {}): Buffer {
  const good = encodeFrame({ msgId, phone: PHONE, serial: 7 }, body);
  const raw = Buffer.from(unescapeForTest(good.subarray(1, good.length - 1)));
  let changed = edit(raw);
  if (opts.fixCheck) {
    changed = Buffer.from(changed);
    changed[changed.length - 1] = checkCode(changed, 0, changed.length - 1);
  }
  return Buffer.concat([Buffer.of(0x7e), escape(changed), Buffer.of(0x7e)]);
}

function unescapeForTest(b: Buffer): Buffer {
  const out: number[] = [];
  for (let k = 0; k < b.length; k++) out.push(b[k] === 0x7d ? (b[++k] === 0x01 ? 0x7d : 0x7e) : b[k]!);
  return Buffer.from(out);
}

type Expect = 'error' | 'unsupported' | 'failure' | 'drop';
const LOCATION = encodeLocation(loc(118.1, 28.4, NOW + 11 * 60_000, 20));

function brokenFrames(): { name: string; bytes: Buffer; expect: Expect }[] {
  const list: { name: string; bytes: Buffer; expect: Expect }[] = [];
  // 1. Bad check codes on every kind of message (12).
  for (const [msgId, body] of [[MSG.location, LOCATION], [MSG.heartbeat, Buffer.alloc(0)], [MSG.register, Buffer.alloc(80, 0x41)], [MSG.authenticate, Buffer.alloc(36, 0x31)], [MSG.locationBatch, encodeLocationBatch([loc(118.1, 28.4, NOW)])], [0x0900, Buffer.from('hi')]] as const) {
    for (const flip of [0x01, 0x80]) list.push({ name: `bad check 0x${msgId.toString(16)} ^${flip}`, bytes: tampered(msgId, body, (r) => { const c = Buffer.from(r); c[c.length - 1]! ^= flip; return c; }), expect: 'error' });
  }
  // 2. Bad escapes (8): 0x7d followed by anything but 0x01/0x02, or last.
  for (const after of [0x00, 0x03, 0x7d, 0x10, 0xff, 0x7c]) {
    const good = encodeFrame({ msgId: MSG.heartbeat, phone: PHONE, serial: 8 });
    list.push({ name: `escape 7d ${after.toString(16)}`, bytes: Buffer.concat([good.subarray(0, 5), Buffer.of(0x7d, after), good.subarray(5)]), expect: 'drop' });
  }
  list.push({ name: 'escape at the end', bytes: Buffer.concat([encodeFrame({ msgId: MSG.heartbeat, phone: PHONE, serial: 9 }).subarray(0, -1), Buffer.of(0x7d, 0x7e)]), expect: 'drop' });
  list.push({ name: 'escape only', bytes: Buffer.of(0x7e, 0x7d, 0x7e), expect: 'drop' });
  // 3. Truncated frames (12): cut after n bytes, closed with a flag; the check code then fails or the header is short.
  const whole = encodeFrame({ msgId: MSG.location, phone: PHONE, serial: 10 }, LOCATION);
  for (const n of [1, 2, 3, 5, 8, 12, 15, 17, 18, 20, 30, 45]) {
    const cut = Buffer.concat([whole.subarray(0, n + 1), Buffer.of(0x7e)]);
    // Long enough for a header: answered as a message error when the header reads; otherwise dropped.
    list.push({ name: `truncated after ${n}`, bytes: cut, expect: n >= 17 ? 'error' : 'drop' });
  }
  // 4. Unknown or unsupported message ids (10), well formed.
  for (const id of [0x0003, 0x0104, 0x0900, 0x0f00, 0x1234, 0x7fff, 0x8001, 0x8100, 0xffff, 0x0201]) {
    list.push({ name: `unknown id 0x${id.toString(16)}`, bytes: encodeFrame({ msgId: id, phone: PHONE, serial: 11 }, Buffer.from([1, 2, 3])), expect: 'unsupported' });
  }
  // 5. Bodies that do not fit their message (10): correct check code, wrong content.
  list.push({ name: 'location too short', bytes: encodeFrame({ msgId: MSG.location, phone: PHONE, serial: 12 }, LOCATION.subarray(0, 20)), expect: 'error' });
  list.push({ name: 'location empty', bytes: encodeFrame({ msgId: MSG.location, phone: PHONE, serial: 13 }), expect: 'error' });
  const badTime = Buffer.from(LOCATION);
  badTime.fill(0x99, 22, 28);
  list.push({ name: 'location time not a date', bytes: encodeFrame({ msgId: MSG.location, phone: PHONE, serial: 14 }, badTime), expect: 'error' });
  const hexTime = Buffer.from(LOCATION);
  hexTime[24] = 0xab;
  list.push({ name: 'location time not BCD', bytes: encodeFrame({ msgId: MSG.location, phone: PHONE, serial: 15 }, hexTime), expect: 'error' });
  const farLat = Buffer.from(LOCATION);
  farLat.writeUInt32BE(95_000_000, 8);
  list.push({ name: 'latitude beyond 90', bytes: encodeFrame({ msgId: MSG.location, phone: PHONE, serial: 16 }, farLat), expect: 'error' });
  const batch = encodeLocationBatch([loc(118.1, 28.4, NOW)]);
  const moreCount = Buffer.from(batch);
  moreCount.writeUInt16BE(3, 0);
  list.push({ name: 'batch count larger than its items', bytes: encodeFrame({ msgId: MSG.locationBatch, phone: PHONE, serial: 17 }, moreCount), expect: 'error' });
  list.push({ name: 'batch with trailing bytes', bytes: encodeFrame({ msgId: MSG.locationBatch, phone: PHONE, serial: 18 }, Buffer.concat([batch, Buffer.of(1, 2)])), expect: 'error' });
  const badType = Buffer.from(batch);
  badType[2] = 7;
  list.push({ name: 'batch type 7', bytes: encodeFrame({ msgId: MSG.locationBatch, phone: PHONE, serial: 19 }, badType), expect: 'error' });
  list.push({ name: 'registration too short', bytes: encodeFrame({ msgId: MSG.register, phone: PHONE, serial: 20 }, Buffer.alloc(10)), expect: 'error' });
  list.push({ name: 'authentication longer than its body', bytes: encodeFrame({ msgId: MSG.authenticate, phone: PHONE, serial: 21 }, Buffer.of(200, 0x31, 0x32)), expect: 'error' });
  // 6. Headers that lie (6): body length, phone digits, packets, encryption.
  list.push({ name: 'length field too large', bytes: tampered(MSG.location, LOCATION, (r) => { const c = Buffer.from(r); c.writeUInt16BE((c.readUInt16BE(2) & ~0x3ff) | 40, 2); return c; }, { fixCheck: true }), expect: 'error' });
  list.push({ name: 'length field too small', bytes: tampered(MSG.location, LOCATION, (r) => { const c = Buffer.from(r); c.writeUInt16BE((c.readUInt16BE(2) & ~0x3ff) | 4, 2); return c; }, { fixCheck: true }), expect: 'error' });
  list.push({ name: 'phone not BCD', bytes: tampered(MSG.heartbeat, Buffer.alloc(0), (r) => { const c = Buffer.from(r); c[6] = 0xab; return c; }, { fixCheck: true }), expect: 'drop' });
  list.push({ name: 'packet index 0', bytes: encodeFrame({ msgId: MSG.location, phone: PHONE, serial: 22, packet: { total: 2, index: 0 } }, LOCATION), expect: 'error' });
  list.push({ name: 'packet index beyond total', bytes: encodeFrame({ msgId: MSG.location, phone: PHONE, serial: 23, packet: { total: 2, index: 3 } }, LOCATION), expect: 'error' });
  list.push({ name: 'RSA encrypted', bytes: tampered(MSG.heartbeat, Buffer.alloc(0), (r) => { const c = Buffer.from(r); c.writeUInt16BE(c.readUInt16BE(2) | 0x0400, 2); return c; }, { fixCheck: true }), expect: 'unsupported' });
  // 7. Noise (5): an oversized run, empty frames, bytes without flags, a lone flag, a header of another phone unauthenticated.
  list.push({ name: 'oversized run without a closing flag', bytes: Buffer.concat([Buffer.of(0x7e), Buffer.alloc(5000, 0x41)]), expect: 'drop' });
  list.push({ name: 'empty frames', bytes: Buffer.of(0x7e, 0x7e, 0x7e, 0x7e), expect: 'drop' });
  list.push({ name: 'bytes without flags', bytes: Buffer.from('GET / HTTP/1.1\r\n\r\n'), expect: 'drop' });
  list.push({ name: 'a lone flag', bytes: Buffer.of(0x7e), expect: 'drop' });
  list.push({ name: 'location from another phone', bytes: encodeFrame({ msgId: MSG.location, phone: '00000000013700000007', serial: 24 }, LOCATION), expect: 'failure' });
  list.push({ name: 'phone of 6 bytes (2013 header) for a 2019 terminal', bytes: Buffer.concat([Buffer.of(0x7e), escape((() => { const raw = Buffer.concat([Buffer.of(0x00, 0x02, 0x00, 0x00), bcd('013800000001', 6), Buffer.of(0, 25), Buffer.alloc(1)]); raw[raw.length - 1] = checkCode(raw, 0, raw.length - 1); return raw; })()), Buffer.of(0x7e)]), expect: 'failure' });
  return list;
}

describe('broken frames', () => {
  it('answers or drops each of 60+ broken frames, and the server keeps serving terminals', async () => {
    const cases = brokenFrames();
    expect(cases.length).toBeGreaterThanOrEqual(60);
    const t = await terminal();
    expect((await t.register()).result).toBe(0);
    expect(await t.authenticate()).toBe(RESULT.success);
    const outcomes: { name: string; got: Expect }[] = [];
    for (const c of cases) {
      const start = t.received.length;
      t.sendRaw(c.bytes);
      // A heartbeat after it: its answer comes after whatever the broken frame earned.
      expect(await t.heartbeat()).toBe(RESULT.success);
      const between = t.received.slice(start, -1);
      let got: Expect = 'drop';
      if (between.length > 0) {
        const r = decodeGeneralResponse(between[0]!.body).result;
        got = r === RESULT.messageError ? 'error' : r === RESULT.notSupported ? 'unsupported' : r === RESULT.failure ? 'failure' : 'drop';
      }
      outcomes.push({ name: c.name, got });
    }
    expect(outcomes).toEqual(cases.map((c) => ({ name: c.name, got: c.expect })));
    t.close();
    // The server is up: a new connection registers again and reports.
    const fresh = await terminal();
    expect((await fresh.register()).result).toBe(0);
    expect(await fresh.authenticate()).toBe(RESULT.success);
    expect(await fresh.location(loc(118.1, 28.4, NOW + 11 * 60_000 + 5000, 20))).toBe(RESULT.success);
    fresh.close();
    expect((await county.call('GET', '/api/health')).status).toBe(200);
  });
});
