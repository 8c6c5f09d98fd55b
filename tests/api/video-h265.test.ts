// H.265 cameras (issue 15, part 5), with real ffmpeg and real RTSP: a simulated camera that
// streams only H.265; Gridhall reads its codec from the ONVIF profile and from the stream,
// records the H.265 as it comes (no transcoding for storage), and for a browser without an
// H.265 decoder turns it into H.264 only while someone watches (live: a transcoder fed by the
// camera's one pull; playback: an H.264 copy of the segment), saying so (转码中). The frames that
// come out are the camera's frames in order (read from the simulator's frame-number strip).
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { CameraView, LiveMessage, RecordingStatus, RelaysResponse, Timeline } from '../../core/contract/index.js';
import { SimFleet, simPassword } from '../../core/demo/sim/cameras/fleet.js';
import { ManualClock } from '../../core/runtime/clock.js';
import { frameNumbers } from '../support/frame-pattern.js';
import { registerSimCameras } from '../support/sim-cameras.js';
import { until } from '../support/until.js';
import { startTestCounty, type TestCounty } from './support.js';

const run = promisify(execFile);
const T0 = Date.parse('2026-12-07T06:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();
let county: TestCounty;
let fleet: SimFleet;
let admin: string;
let cameras: Record<string, CameraView>;
const closers: (() => void)[] = [];

/** A live socket that keeps what it receives. */
function watch(id: number, query: string) {
  const ws = new WebSocket(`${county.url.replace('http', 'ws')}/api/video/live/${id}?${query}&token=${encodeURIComponent(admin)}`);
  const seen = { messages: [] as LiveMessage[], binaries: [] as Buffer[], closed: null as number | null, reason: '' };
  ws.on('message', (data, binary) => {
    if (binary) seen.binaries.push(data as Buffer);
    else seen.messages.push(JSON.parse(String(data)) as LiveMessage);
  });
  ws.on('close', (code, reason) => {
    seen.closed = code;
    seen.reason = String(reason);
  });
  closers.push(() => ws.close());
  return { ws, seen };
}

const initOf = (messages: LiveMessage[]) => messages.find((m): m is Extract<LiveMessage, { type: 'init' }> => m.type === 'init');
const relays = async () => (await county.call<RelaysResponse>('GET', '/api/video/relays', { token: admin })).body;
const codecOfFile = async (file: string) => JSON.parse((await run('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_name,width,height', '-of', 'json', file])).stdout) as { streams: { codec_name: string; width: number; height: number }[] };

beforeAll(async () => {
  county = await startTestCounty({ clock: new ManualClock(T0), videoRelayIdleMs: 400, videoMaxTranscodes: 1, recordingSegmentS: 3 });
  fleet = await SimFleet.start({
    idleGraceMs: 500,
    discovery: false,
    cameras: [
      { code: 'H1', name: '高清路口（仅H.265）', username: 'admin', password: simPassword(), ptz: false, look: 3, codec: 'h265', framePattern: true },
      { code: 'H2', name: '第二路H.265', username: 'admin', password: simPassword(), ptz: false, look: 4, codec: 'h265' },
    ],
  });
  admin = await county.login();
  cameras = await registerSimCameras(fleet.devices(), async (body) => (await county.call<CameraView>('POST', '/api/cameras', { token: admin, body })).body);
});

afterAll(async () => {
  for (const close of closers.reverse()) close();
  await county?.stop();
  await fleet?.close();
});

describe('an H.265-only camera', () => {
  it('streams real H.265 over RTSP, and its ONVIF profiles say H265: Gridhall registers it online', async () => {
    const d = fleet.device('H1')!;
    const { stdout } = await run('ffprobe', ['-v', 'error', '-rtsp_transport', 'tcp', '-show_entries', 'stream=codec_name,width,height', '-of', 'json', `rtsp://${d.username}:${d.password}@127.0.0.1:${fleet.rtsp.port}/H1/sub`], { timeout: 30_000 });
    expect(JSON.parse(stdout)).toMatchObject({ streams: [{ codec_name: 'hevc', width: 640, height: 360 }] });
    const h1 = cameras.H1!;
    expect(h1).toMatchObject({ status: 'online', mainProfile: 'main', subProfile: 'sub' });
    expect(h1.profiles.map((p) => [p.token, p.encoding])).toEqual([
      ['main', 'H265'],
      ['sub', 'H265'],
    ]);
  });

  it('plays through the H.264 transcoder for a browser without H.265: the camera\'s frames in order, at most 640×360, marked as transcoded', async () => {
    const { seen } = watch(cameras.H1!.id, 'stream=sub&h264=1');
    await until(async () => seen.binaries.length, (n) => n > 40, 'transcoded fragments', 60_000);
    const init = initOf(seen.messages)!;
    expect(init.codec).toMatch(/^avc1\./);
    expect(init.transcodedFrom).toMatch(/^hev1\./);
    expect([init.width, init.height]).toEqual([640, 360]);
    // What the viewer got is a playable H.264 stream holding the camera's frames one after another.
    const file = path.join(county.dataDir, 'live-transcoded.mp4');
    writeFileSync(file, Buffer.concat(seen.binaries));
    expect((await codecOfFile(file)).streams[0]).toMatchObject({ codec_name: 'h264', width: 640, height: 360 });
    const frames = await frameNumbers(file);
    expect(frames.length).toBeGreaterThan(30);
    for (let i = 1; i < frames.length; i++) expect(frames[i]).toBe(frames[i - 1]! + 1);

    // The relay table says so; the camera is pulled once (the transcoder reads the copy relay).
    const table = await relays();
    expect(table.transcodeLimit).toBe(1);
    expect(table.relays.filter((r) => r.cameraId === cameras.H1!.id)).toEqual([
      expect.objectContaining({ stream: 'sub', transcodedFrom: null, codec: expect.stringMatching(/^hev1\./) }),
      expect.objectContaining({ stream: 'sub', transcodedFrom: expect.stringMatching(/^hev1\./), codec: expect.stringMatching(/^avc1\./), viewers: 1 }),
    ]);
    expect(fleet.rtsp.readerCount('/H1/sub')).toBe(1);
    // What the stream carries is kept on the camera's profile.
    const h1 = (await county.call<CameraView>('GET', `/api/cameras/${cameras.H1!.id}`, { token: admin })).body;
    expect(h1.profiles.find((p) => p.token === 'sub')?.codec).toMatch(/^hev1\./);
  });

  it('sends H.265 as it comes to a viewer that can decode it (no transcoder)', async () => {
    const { seen } = watch(cameras.H1!.id, 'stream=sub');
    await until(async () => seen.binaries.length, (n) => n > 3, 'fragments', 30_000);
    const init = initOf(seen.messages)!;
    expect(init.codec).toMatch(/^hev1\./);
    expect(init.transcodedFrom).toBeUndefined();
  });

  it('refuses a second transcoder past the limit, saying so, and the first goes on', async () => {
    const { seen } = watch(cameras.H2!.id, 'stream=sub&h264=1');
    await until(async () => seen.closed, (c) => c !== null, 'the refusal', 15_000);
    expect(seen.closed).toBe(4429);
    expect(seen.messages).toContainEqual(expect.objectContaining({ type: 'error', code: 'relay_limit', message: expect.stringContaining('同时转码的视频已达上限 1 路') }));
    expect((await relays()).relays.find((r) => r.transcodedFrom)?.state).toBe('playing');
  });

  it('records the H.265 as it comes while the transcoder serves the wall, on the same single pull', async () => {
    const set = await county.call<{ status: RecordingStatus }>('PUT', `/api/cameras/${cameras.H1!.id}/recording`, { token: admin, body: { mode: 'continuous', stream: 'sub', retainDays: 7 } });
    expect(set.status).toBe(200);
    const timeline = () => county.call<Timeline>('GET', `/api/cameras/${cameras.H1!.id}/timeline?from=${iso(T0 - 60_000)}&to=${iso(T0 + 3_600_000)}`, { token: admin }).then((r) => r.body);
    const t = await until(timeline, (x) => x.segments.length >= 3, 'three segments', 90_000);
    expect(t.segments[0]).toMatchObject({ codec: expect.stringMatching(/^hev1\./), width: 640, height: 360 });
    expect(fleet.rtsp.readerCount('/H1/sub')).toBe(1);
    const table = await relays();
    expect(table.relays.find((r) => r.cameraId === cameras.H1!.id && !r.transcodedFrom)).toMatchObject({ recording: true });

    // The segment on disk is H.265 (nothing transcoded for storage) …
    const segment = t.segments[1]!;
    const raw = Buffer.from(await (await fetch(`${county.url}/api/video/segments/${segment.id}`, { headers: { authorization: `Bearer ${admin}` } })).arrayBuffer());
    const rawFile = path.join(county.dataDir, 'segment-h265.mp4');
    writeFileSync(rawFile, raw);
    expect((await codecOfFile(rawFile)).streams[0]!.codec_name).toBe('hevc');
    // … and the player's H.264 copy holds the very same frames.
    const res = await fetch(`${county.url}/api/video/segments/${segment.id}?h264=1`, { headers: { authorization: `Bearer ${admin}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-transcoded-from')).toMatch(/^hev1\./);
    const copyFile = path.join(county.dataDir, 'segment-h264.mp4');
    writeFileSync(copyFile, Buffer.from(await res.arrayBuffer()));
    expect((await codecOfFile(copyFile)).streams[0]!.codec_name).toBe('h264');
    const original = await frameNumbers(rawFile);
    expect(original.length).toBeGreaterThan(20);
    expect(await frameNumbers(copyFile)).toEqual(original);
  });

  it('stops the transcoder when nobody watches; the recording goes on', async () => {
    for (const close of closers.splice(0)) close();
    const table = await until(relays, (r) => !r.relays.some((x) => x.transcodedFrom), 'the transcoder gone', 15_000);
    expect(table.relays.filter((r) => r.cameraId === cameras.H1!.id)).toEqual([expect.objectContaining({ stream: 'sub', recording: true, viewers: 0 })]);
    expect(fleet.rtsp.readerCount('/H1/sub')).toBe(1);
  });
});
