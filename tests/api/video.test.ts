// The video API against simulated cameras: register over ONVIF, the nearest cameras, live
// fMP4 over WebSocket (and what a viewer sees when the source dies and comes back), PTZ,
// snapshots kept as case evidence, layouts and tours, discovery, and every fault an
// operator can meet: wrong credentials, nothing listening, no answer, garbage, a dead
// stream URI, the relay limit. None of them hangs a request or stops the server.
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CameraView, DiscoveredCamera, LiveMessage, NearestCamera, RelaysResponse, WallLayout, WallTour } from '../../core/contract/index.js';
import { hashPassword } from '../../core/base/people/passwords.js';
import { SimFleet, simPassword } from '../../core/demo/sim/cameras/fleet.js';
import { startTestCounty, type TestCounty } from './support.js';
import { registerSimCameras } from '../support/sim-cameras.js';
import { until } from '../support/until.js';

let county: TestCounty;
let fleet: SimFleet;
let admin: string;
let dispatcher: string;
const closers: (() => Promise<void> | void)[] = [];
const camera: Record<string, CameraView> = {};


/** A loopback server that does something other than ONVIF; returns its address. */
async function fakeServer(kind: 'silent' | 'garbage' | 'wrong-soap'): Promise<string> {
  if (kind === 'silent') {
    const sockets = new Set<net.Socket>();
    const server = net.createServer((s) => sockets.add(s)); // accepts, never answers
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    closers.push(() => {
      for (const s of sockets) s.destroy();
      server.close();
    });
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/onvif/device_service`;
  }
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (kind === 'garbage') res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>router login</body></html>');
      else
        res
          .writeHead(200, { 'content-type': 'application/soap+xml' })
          .end('<?xml version="1.0"?><s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body><x:Nothing xmlns:x="urn:x"/></s:Body></s:Envelope>');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  closers.push(() => void server.close());
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/onvif/device_service`;
}

/** A live socket that records what it receives. */
function watch(id: number, stream: 'sub' | 'main', token = admin) {
  const ws = new WebSocket(`${county.url.replace('http', 'ws')}/api/video/live/${id}?stream=${stream}&token=${encodeURIComponent(token)}`);
  const seen = { messages: [] as LiveMessage[], binaries: [] as Buffer[], closed: null as number | null };
  ws.on('message', (data, binary) => {
    if (binary) seen.binaries.push(data as Buffer);
    else seen.messages.push(JSON.parse(String(data)) as LiveMessage);
  });
  ws.on('close', (code) => (seen.closed = code));
  closers.push(() => ws.close());
  return { ws, seen };
}

const boxType = (b: Buffer) => b.toString('latin1', 4, 8);

beforeAll(async () => {
  county = await startTestCounty({ videoMaxRelays: 3, videoRelayIdleMs: 400 });
  fleet = await SimFleet.start({
    idleGraceMs: 500,
    cameras: [
      { code: 'A1', name: '人民路与解放路交叉口', username: 'admin', password: simPassword(), ptz: true, look: 1 },
      { code: 'B2', name: '东门菜市场', username: 'admin', password: simPassword(), ptz: false, look: 2 },
      { code: 'C3', name: '实验小学南门', username: 'admin', password: simPassword(), ptz: false, look: 3 },
      { code: 'D4', name: '滨江公园广场', username: 'admin', password: simPassword(), ptz: false, look: 4 },
      { code: 'E5', name: '断流测试', username: 'admin', password: simPassword(), ptz: false, look: 5, brokenStream: true },
      { code: 'F6', name: '密码测试', username: 'admin', password: simPassword(), ptz: false, look: 6 },
    ],
  });
  admin = await county.login();
  const ctx = county.server.county;
  await ctx.authStore.createUser({ username: 'dispatcher9', displayName: '派遣员九', passwordHash: await hashPassword('dispatcher-pass'), roles: ['dispatcher'] }, Date.now());
  dispatcher = await county.login('dispatcher9', 'dispatcher-pass');
  const register = async (body: Record<string, unknown>) => {
    const res = await county.call<CameraView>('POST', '/api/cameras', { token: admin, body });
    expect(res.status).toBe(201);
    return res.body;
  };
  Object.assign(camera, await registerSimCameras(fleet.devices().filter((x) => x.code !== 'F6'), register));
});

afterAll(async () => {
  for (const close of closers.reverse()) await close();
  await county?.stop();
  await fleet?.close();
});

describe('registering cameras over ONVIF', () => {
  it('reads each camera: online, its profiles and stream URIs, PTZ where there is one; never shows the password', async () => {
    const a = camera.A1!;
    expect(a).toMatchObject({ status: 'online', ptz: true, manufacturer: 'Gridhall Simulated', mainProfile: 'main', subProfile: 'sub', hasPassword: true });
    expect(a.profiles.map((p) => `${p.token} ${p.width}x${p.height}`)).toEqual(['main 1280x720', 'sub 640x360']);
    expect(camera.B2).toMatchObject({ status: 'online', ptz: false });
    const list = await county.call<CameraView[]>('GET', '/api/cameras', { token: dispatcher });
    expect(list.body.map((c) => c.code)).toEqual(['A1', 'B2', 'C3', 'D4', 'E5']);
    expect(JSON.stringify(list.body)).not.toContain(fleet.device('A1')!.password);
  });

  it('refuses the same address twice, and a bad address, with a field to fix', async () => {
    const twice = await county.call<{ field: string }>('POST', '/api/cameras', { token: admin, body: { name: 'x', kind: 'city', lon: 118, lat: 28, address: fleet.device('A1')!.address } });
    expect(twice.status).toBe(409);
    expect(twice.body.field).toBe('address');
    const bad = await county.call<{ field: string }>('POST', '/api/cameras', { token: admin, body: { name: 'x', kind: 'city', lon: 118, lat: 28, address: 'ftp://10.0.0.1/stream' } });
    expect([bad.status, bad.body.field]).toEqual([400, 'address']);
    // rtsp:// is a camera without ONVIF (video-rtsp.test.ts), but not with the credentials in it.
    const inUrl = await county.call<{ field: string }>('POST', '/api/cameras', { token: admin, body: { name: 'x', kind: 'city', lon: 118, lat: 28, address: 'rtsp://u:p@10.0.0.1/stream' } });
    expect([inUrl.status, inUrl.body.field]).toEqual([400, 'address']);
    const notAdmin = await county.call('POST', '/api/cameras', { token: dispatcher, body: { name: 'x', kind: 'city', lon: 118, lat: 28, address: '127.0.0.1:9' } });
    expect(notAdmin.status).toBe(403);
  });

  it('lists the nearest cameras to a point, nearest first, with distances', async () => {
    const res = await county.call<NearestCamera[]>('GET', '/api/cameras/nearest?lon=118.1041&lat=28.4&limit=3', { token: dispatcher });
    expect(res.body.map((c) => c.code)).toEqual(['C3', 'D4', 'B2']);
    expect(res.body[0]!.distanceM).toBeLessThan(20);
    expect(res.body[1]!.distanceM).toBeGreaterThan(150);
    expect((await county.call('GET', '/api/cameras/nearest?lon=500&lat=28', { token: dispatcher })).status).toBe(400);
  });

  it('finds the simulated cameras by WS-Discovery on loopback and marks the registered ones', async () => {
    const res = await county.call<DiscoveredCamera[]>('POST', '/api/video/discover', { token: admin, body: { interface: '127.0.0.1', waitMs: 1500 } });
    expect(res.status).toBe(200);
    const mine = res.body.filter((d) => fleet.devices().some((f) => f.address === d.address));
    expect(mine).toHaveLength(6);
    expect(mine.find((d) => d.address === fleet.device('B2')!.address)?.registeredId).toBe(camera.B2!.id);
    const elsewhere = await county.call<{ field: string }>('POST', '/api/video/discover', { token: admin, body: { interface: '10.255.255.1' } });
    expect([elsewhere.status, elsewhere.body.field]).toEqual([400, 'interface']);
  });
});

describe('faults: a clear state on the camera, no hang, no crash', () => {
  const add = (name: string, address: string, password = 'x') =>
    county.call<CameraView>('POST', '/api/cameras', { token: admin, body: { name, kind: 'police', lon: 118.2, lat: 28.5, address, username: 'admin', password } });

  it('wrong credentials', async () => {
    const res = await add('错误密码', fleet.device('F6')!.address, 'wrong');
    expect(res.body).toMatchObject({ status: 'auth_failed', statusMessage: expect.stringContaining('用户名或密码错误') });
  });

  it('nothing listening at the address', async () => {
    const res = await add('无设备', '127.0.0.1:9');
    expect(res.body).toMatchObject({ status: 'offline', statusMessage: expect.stringContaining('连接被拒绝') });
  });

  it('a host that accepts and never answers', async () => {
    const res = await add('无响应', await fakeServer('silent'));
    expect(res.body).toMatchObject({ status: 'offline', statusMessage: expect.stringMatching(/did not answer|无响应|超时/) });
  });

  it('garbage answers, and SOAP that is not ONVIF', async () => {
    expect((await add('网页', await fakeServer('garbage'))).body).toMatchObject({ status: 'bad_response' });
    expect((await add('假SOAP', await fakeServer('wrong-soap'))).body).toMatchObject({ status: 'bad_response', statusMessage: expect.stringContaining('ONVIF') });
  });

  it('a stream URI that fails: the viewer hears why, the camera says so', async () => {
    const { seen } = watch(camera.E5!.id, 'sub');
    await until(() => seen.messages, (m) => m.some((x) => x.type === 'state' && x.state === 'reconnecting'), 'a reconnecting state');
    const state = seen.messages.find((x) => x.type === 'state' && x.state === 'reconnecting');
    expect(state).toMatchObject({ message: expect.stringContaining('视频流地址无效') });
    const e5 = await until(() => county.call<CameraView>('GET', `/api/cameras/${camera.E5!.id}`, { token: admin }), (r) => r.body.status === 'stream_failed', 'stream_failed');
    expect(e5.body.statusMessage).toContain('视频流地址无效');
  });

  it('the server is still up and answering', async () => {
    expect((await county.call('GET', '/api/health')).status).toBe(200);
    const probe = await county.call<CameraView>('POST', `/api/cameras/${camera.A1!.id}/probe`, { token: dispatcher });
    expect(probe.body.status).toBe('online');
  });
});

describe('live streams', () => {
  it('sends the init segment and one frame per fragment; a late viewer starts at a keyframe at once', async () => {
    const first = watch(camera.A1!.id, 'sub');
    await until(() => first.seen.binaries.length, (n) => n > 20, 'fragments');
    const init = first.seen.messages.find((m) => m.type === 'init');
    expect(init).toMatchObject({ codec: expect.stringMatching(/^avc1\.[0-9A-F]{6}$/), width: 640, height: 360 });
    expect(boxType(first.seen.binaries[0]!)).toBe('ftyp');
    expect(first.seen.binaries.slice(1).every((b) => boxType(b) === 'moof')).toBe(true);
    const late = watch(camera.A1!.id, 'sub');
    await until(() => late.seen.binaries.length, (n) => n > 1, 'the late viewer');
    expect(boxType(late.seen.binaries[0]!)).toBe('ftyp');
    const relays = await county.call<RelaysResponse>('GET', '/api/video/relays', { token: dispatcher });
    expect(relays.body.relays.find((r) => r.cameraId === camera.A1!.id && r.stream === 'sub')).toMatchObject({ state: 'playing', viewers: 2, width: 640 });
    first.ws.close();
    late.ws.close();
  });

  it('the main stream is the large profile', async () => {
    const { seen, ws } = watch(camera.B2!.id, 'main');
    await until(() => seen.messages, (m) => m.some((x) => x.type === 'init'), 'init');
    expect(seen.messages.find((m) => m.type === 'init')).toMatchObject({ width: 1280, height: 720 });
    ws.close();
  });

  it('when the source dies the viewer is told "reconnecting", and it plays again when the source returns', async () => {
    const { seen, ws } = watch(camera.C3!.id, 'sub');
    await until(() => seen.binaries.length, (n) => n > 5, 'frames');
    fleet.setStreamDown('C3', true);
    await until(() => seen.messages, (m) => m.some((x) => x.type === 'state' && x.state === 'reconnecting'), 'reconnecting');
    const framesWhenDown = seen.binaries.length;
    fleet.setStreamDown('C3', false);
    await until(() => seen.messages.filter((x) => x.type === 'init').length, (n) => n >= 2, 'a new init segment');
    await until(() => seen.binaries.length, (n) => n > framesWhenDown + 5, 'frames again');
    expect(seen.messages.filter((x) => x.type === 'state').map((x) => (x as { state: string }).state)).toEqual(expect.arrayContaining(['reconnecting', 'playing']));
    ws.close();
  });

  it('stops a relay nobody watches after the grace period', async () => {
    await until(
      () => county.call<RelaysResponse>('GET', '/api/video/relays', { token: admin }),
      (r) => !r.body.relays.some((x) => x.cameraId === camera.C3!.id),
      'the idle relay to stop',
    );
  });

  it('refuses a stream over the relay limit with a clear message, and a socket without a session', async () => {
    const open = [camera.A1!, camera.B2!, camera.C3!].map((c) => watch(c.id, 'sub'));
    for (const o of open) await until(() => o.seen.messages.length, (n) => n > 0, 'a relay');
    const over = watch(camera.D4!.id, 'sub');
    await until(() => over.seen.closed, (code) => code !== null, 'the refusal');
    expect(over.seen.closed).toBe(4429);
    expect(over.seen.messages[0]).toMatchObject({ type: 'error', code: 'relay_limit', message: expect.stringContaining('上限 3 路') });
    for (const o of open) o.ws.close();
    const stranger = watch(camera.A1!.id, 'sub', 'not-a-token');
    await until(() => stranger.seen.closed, (code) => code !== null, 'the refusal');
    expect(stranger.seen.closed).toBe(4401);
    const nobody = watch(99_999, 'sub');
    await until(() => nobody.seen.closed, (code) => code !== null, 'the refusal');
    expect(nobody.seen.closed).toBe(4404);
  });
});

describe('PTZ', () => {
  it('moves the simulated head, stops it, and keeps named presets (Chinese names too)', async () => {
    const head = fleet.camera('A1')!.head;
    const before = head.current.pan;
    expect((await county.call('POST', `/api/cameras/${camera.A1!.id}/ptz/move`, { token: dispatcher, body: { pan: 1, tilt: 0, zoom: 0 } })).status).toBe(204);
    await until(() => head.current.pan, (pan) => pan > before + 0.1, 'the pan');
    expect((await county.call('POST', `/api/cameras/${camera.A1!.id}/ptz/stop`, { token: dispatcher })).status).toBe(204);
    expect(head.moving).toBe(false);
    const saved = await county.call<{ token: string; name: string }[]>('POST', `/api/cameras/${camera.A1!.id}/ptz/presets`, { token: dispatcher, body: { name: '路口全景' } });
    expect(saved.body.map((p) => p.name)).toEqual(['路口全景']);
    const token = saved.body[0]!.token;
    head.absoluteMove({ pan: -0.9 });
    await until(() => head.moving, (m) => !m, 'the move away');
    expect((await county.call('POST', `/api/cameras/${camera.A1!.id}/ptz/presets/${token}/goto`, { token: dispatcher })).status).toBe(204);
    await until(() => head.current.pan, (pan) => pan > before + 0.1, 'the preset');
    const gone = await county.call<unknown[]>('DELETE', `/api/cameras/${camera.A1!.id}/ptz/presets/${token}`, { token: dispatcher });
    expect(gone.body).toEqual([]);
  });

  it('says so for a camera without PTZ, and for a user who may not steer', async () => {
    const res = await county.call<{ message: string }>('POST', `/api/cameras/${camera.B2!.id}/ptz/move`, { token: dispatcher, body: { pan: 1, tilt: 0, zoom: 0 } });
    expect(res.status).toBe(400);
    expect(res.body.message).toContain('不支持云台');
    const ctx = county.server.county;
    await ctx.authStore.createUser({ username: 'analyst9', displayName: '分析员', passwordHash: await hashPassword('analyst-pass'), roles: ['analyst'] }, Date.now());
    const analyst = await county.login('analyst9', 'analyst-pass');
    expect((await county.call('POST', `/api/cameras/${camera.A1!.id}/ptz/move`, { token: analyst, body: { pan: 1, tilt: 0, zoom: 0 } })).status).toBe(403);
  });
});

describe('snapshots as evidence', () => {
  it('a snapshot lands on an existing case as an attachment, and opens a new case from video at the camera', async () => {
    const dictionary = await county.call<{ classes: { kind: string; level: string; code: string }[] }>('GET', '/api/dictionary', { token: dispatcher });
    const eventClass = dictionary.body.classes.find((c) => c.kind === 'event' && c.level === 'small')!.code;
    const filed = await county.call<{ case: { id: number; version: number } }>('POST', '/api/cases', {
      token: dispatcher,
      body: { kind: 'event', classCode: eventClass, description: '路口占道经营', source: 'video', lon: 118.1, lat: 28.4 },
    });
    expect(filed.status).toBe(201);

    const kept = await county.call<{ id: number; kind: string; mime: string; url: string }>('POST', `/api/cameras/${camera.A1!.id}/snapshots`, { token: dispatcher });
    expect(kept.status).toBe(201);
    expect(kept.body).toMatchObject({ kind: 'snapshot', mime: 'image/jpeg' });
    const attached = await county.call('POST', '/api/video/evidence/attach', {
      token: dispatcher,
      body: { attachmentId: kept.body.id, caseId: filed.body.case.id, version: filed.body.case.version, comment: '视频抓拍取证' },
    });
    expect(attached.status).toBe(200);
    const detail = await county.call<{ attachments: { id: number; kind: string }[]; events: { action: string }[] }>('GET', `/api/cases/${filed.body.case.id}`, { token: dispatcher });
    expect(detail.body.attachments).toEqual([expect.objectContaining({ id: kept.body.id, kind: 'snapshot' })]);
    const photo = await fetch(county.url + kept.body.url, { headers: { authorization: `Bearer ${dispatcher}` } });
    expect([...Buffer.from(await photo.arrayBuffer()).subarray(0, 2)]).toEqual([0xff, 0xd8]);

    const second = await county.call<{ id: number }>('POST', `/api/cameras/${camera.B2!.id}/snapshots`, { token: dispatcher });
    const opened = await county.call<{ case: { id: number; source: string; lon: number; lat: number } }>('POST', `/api/cameras/${camera.B2!.id}/evidence/case`, {
      token: dispatcher,
      body: { attachmentId: second.body.id, kind: 'event', classCode: eventClass, description: '菜市场门口垃圾堆积' },
    });
    expect(opened.status).toBe(201);
    expect(opened.body.case).toMatchObject({ source: 'video', lon: camera.B2!.lon, lat: camera.B2!.lat });
    const openedDetail = await county.call<{ attachments: { id: number }[] }>('GET', `/api/cases/${opened.body.case.id}`, { token: dispatcher });
    expect(openedDetail.body.attachments.map((a) => a.id)).toEqual([second.body.id]);
  });

  it('refuses evidence that is not a kept snapshot', async () => {
    const res = await county.call<{ field: string }>('POST', '/api/video/evidence/attach', { token: dispatcher, body: { attachmentId: 99_999, caseId: 1, version: 1 } });
    expect([res.status, res.body.field]).toEqual([400, 'attachmentId']);
  });
});

describe('layouts and tours', () => {
  it('saves a named layout, replaces it by name, and deletes it', async () => {
    const saved = await county.call<WallLayout>('POST', '/api/video/layouts', { token: dispatcher, body: { name: '路口四画面', grid: 4, tiles: [camera.A1!.id, null, camera.C3!.id] } });
    expect(saved.body).toMatchObject({ name: '路口四画面', grid: 4, tiles: [camera.A1!.id, null, camera.C3!.id, null] });
    const replaced = await county.call<WallLayout>('POST', '/api/video/layouts', { token: dispatcher, body: { name: '路口四画面', grid: 9, tiles: [camera.B2!.id] } });
    expect(replaced.body.id).toBe(saved.body.id);
    expect(replaced.body.tiles).toHaveLength(9);
    const list = await county.call<WallLayout[]>('GET', '/api/video/layouts', { token: dispatcher });
    expect(list.body.map((l) => l.name)).toEqual(['路口四画面']);
    expect((await county.call('DELETE', `/api/video/layouts/${saved.body.id}`, { token: dispatcher })).status).toBe(204);
    expect((await county.call('DELETE', `/api/video/layouts/${saved.body.id}`, { token: dispatcher })).status).toBe(404);
  });

  it('refuses a grid that is not square and a camera that does not exist', async () => {
    expect((await county.call('POST', '/api/video/layouts', { token: dispatcher, body: { name: 'x', grid: 6, tiles: [] } })).status).toBe(400);
    const unknown = await county.call<{ field: string }>('POST', '/api/video/layouts', { token: dispatcher, body: { name: 'x', grid: 4, tiles: [99_999] } });
    expect([unknown.status, unknown.body.field]).toEqual([400, 'tiles']);
  });

  it('saves a tour of cameras with its interval', async () => {
    const ids = [camera.A1!.id, camera.B2!.id, camera.C3!.id, camera.D4!.id, camera.E5!.id];
    const saved = await county.call<WallTour>('POST', '/api/video/tours', { token: dispatcher, body: { name: '城区轮巡', grid: 4, intervalS: 10, cameraIds: ids } });
    expect(saved.body).toMatchObject({ name: '城区轮巡', grid: 4, intervalS: 10, cameraIds: ids });
    expect((await county.call('POST', '/api/video/tours', { token: dispatcher, body: { name: 'y', grid: 4, intervalS: 1, cameraIds: ids } })).status).toBe(400);
  });
});
