// Cameras without ONVIF (issue 15, part 5): a drone, a mobile unit or an old encoder is
// registered by its plain RTSP URL and credentials; ffprobe says what it carries; it plays on
// the wall and records like any other camera. Bad addresses and credentials get their sentence.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { CameraView, LiveMessage, RecordingStatus, Timeline } from '../../core/contract/index.js';
import { SimFleet, simPassword } from '../../core/demo/sim/cameras/fleet.js';
import { ManualClock } from '../../core/runtime/clock.js';
import { until } from '../support/until.js';
import { startTestCounty, type TestCounty } from './support.js';

const T0 = Date.parse('2026-12-07T06:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();
let county: TestCounty;
let fleet: SimFleet;
let admin: string;
const sockets: WebSocket[] = [];

const register = (body: Record<string, unknown>) => county.call<CameraView & { field?: string; message?: string }>('POST', '/api/cameras', { token: admin, body: { kind: 'vehicle', lon: 118.1, lat: 28.4, ...body } });

beforeAll(async () => {
  county = await startTestCounty({ clock: new ManualClock(T0), recordingSegmentS: 3, videoRelayIdleMs: 400 });
  fleet = await SimFleet.start({
    idleGraceMs: 500,
    discovery: false,
    cameras: [
      { code: 'UAV1', name: '无人机', username: 'pilot', password: simPassword(), ptz: false, look: 7 },
      { code: 'OLD265', name: '老编码器', username: 'admin', password: simPassword(), ptz: false, look: 8, codec: 'h265' },
    ],
  });
  admin = await county.login();
});

afterAll(async () => {
  for (const s of sockets) s.close();
  await county?.stop();
  await fleet?.close();
});

describe('a camera without ONVIF', () => {
  it('registers by its RTSP URL: ffprobe reads it, one profile plays as main and sub-stream, the password is never shown', async () => {
    const d = fleet.device('UAV1')!;
    const url = `rtsp://127.0.0.1:${fleet.rtsp.port}/UAV1/sub`;
    const res = await register({ code: 'UAV1', name: '巡查无人机一号', address: url, username: d.username, password: d.password });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'online', onvifUrl: null, rtspUrl: url, mainProfile: 'rtsp', subProfile: 'rtsp', ptz: false, hasPassword: true });
    expect(res.body.profiles).toEqual([expect.objectContaining({ token: 'rtsp', width: 640, height: 360, encoding: 'H264', streamUri: url })]);
    expect(JSON.stringify(res.body)).not.toContain(d.password);
  });

  it('plays on the wall and records like any other camera', async () => {
    const camera = (await county.call<CameraView[]>('GET', '/api/cameras', { token: admin })).body.find((c) => c.code === 'UAV1')!;
    const ws = new WebSocket(`${county.url.replace('http', 'ws')}/api/video/live/${camera.id}?stream=main&h264=1&token=${encodeURIComponent(admin)}`);
    sockets.push(ws);
    const seen = { messages: [] as LiveMessage[], binaries: 0 };
    ws.on('message', (data, binary) => (binary ? seen.binaries++ : seen.messages.push(JSON.parse(String(data)) as LiveMessage)));
    await until(async () => seen.binaries, (n) => n > 10, 'live fragments', 30_000);
    expect(seen.messages.find((m) => m.type === 'init')).toMatchObject({ codec: expect.stringMatching(/^avc1\./), width: 640, height: 360 });

    const set = await county.call<{ status: RecordingStatus }>('PUT', `/api/cameras/${camera.id}/recording`, { token: admin, body: { mode: 'continuous', stream: 'sub', retainDays: 3 } });
    expect(set.status).toBe(200);
    const t = await until(
      async () => (await county.call<Timeline>('GET', `/api/cameras/${camera.id}/timeline?from=${iso(T0 - 60_000)}&to=${iso(T0 + 600_000)}`, { token: admin })).body,
      (x) => x.segments.length >= 2,
      'two segments',
      60_000,
    );
    expect(t.segments[0]).toMatchObject({ codec: expect.stringMatching(/^avc1\./), width: 640, height: 360 });
  });

  it('reads an H.265-only encoder as H.265, so the wall gets it through the transcoder', async () => {
    const d = fleet.device('OLD265')!;
    const res = await register({ code: 'OLD265', name: '老编码器', address: `rtsp://127.0.0.1:${fleet.rtsp.port}/OLD265/sub`, username: d.username, password: d.password });
    expect(res.body).toMatchObject({ status: 'online', profiles: [expect.objectContaining({ encoding: 'H265', width: 640, height: 360 })] });
  });

  it('says what is wrong with a bad address or credentials, and keeps the camera', async () => {
    const withCredentials = await register({ name: 'x', address: `rtsp://a:b@127.0.0.1:${fleet.rtsp.port}/UAV1/sub` });
    expect(withCredentials.status).toBe(400);
    expect(withCredentials.body).toMatchObject({ field: 'address', message: expect.stringContaining('视频流地址无效') });
    const twice = await register({ name: 'x', address: `rtsp://127.0.0.1:${fleet.rtsp.port}/UAV1/sub` });
    expect(twice.status).toBe(409);
    const wrong = await register({ name: '密码错误', address: `rtsp://127.0.0.1:${fleet.rtsp.port}/UAV1/main`, username: 'pilot', password: 'wrong' });
    expect(wrong.status).toBe(201);
    expect(wrong.body).toMatchObject({ status: 'auth_failed', statusMessage: expect.stringContaining('视频流认证失败') });
    const nothing = await register({ name: '无此流', address: `rtsp://127.0.0.1:${fleet.rtsp.port}/NOPE/sub`, username: 'pilot', password: 'x' });
    expect(nothing.body.status).not.toBe('online');
    expect(nothing.body.statusMessage).toBeTruthy();
  });
});
