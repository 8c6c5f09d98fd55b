// Recording (issue 15) against a real simulated camera, on the relay's one pull: a camera is
// recorded into segment files, its timeline shows the range (wall times from the injected
// clock plus the media's own clock), a clip is cut at keyframes with its true span and a
// SHA-256 that matches its bytes, the frames in it are the ones of that span (read from the
// simulator's frame-number strip), its export lands in the audit trail, bad inputs get clear
// messages, and past the disk quota the oldest segments go while recording goes on.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CameraView, ClipManifest, RecordingOverview, RecordingPlan, RecordingStatus, RelaysResponse, Timeline, VideoClip } from '../../core/contract/index.js';
import { hashPassword } from '../../core/base/people/passwords.js';
import { SimFleet, simPassword } from '../../core/demo/sim/cameras/fleet.js';
import { ManualClock } from '../../core/runtime/clock.js';
import { frameNumbers } from '../support/frame-pattern.js';
import { registerSimCameras } from '../support/sim-cameras.js';
import { until } from '../support/until.js';
import { startTestCounty, type TestCounty } from './support.js';

/** 14:00 in the county (UTC+8): recordings are placed on this clock. */
const T0 = Date.parse('2026-12-07T06:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();
const FPS = 15;
let county: TestCounty;
let fleet: SimFleet;
let admin: string;
let dispatcher: string;
let camera: CameraView;
let clip: VideoClip;

const timeline = async () => (await county.call<Timeline>('GET', `/api/cameras/${camera.id}/timeline?from=${iso(T0 - 3_600_000)}&to=${iso(T0 + 3_600_000)}`, { token: dispatcher })).body;
const recordedMs = (t: Timeline) => t.ranges.reduce((sum, r) => sum + Date.parse(r.end) - Date.parse(r.start), 0);

beforeAll(async () => {
  county = await startTestCounty({ clock: new ManualClock(T0), videoMaxRelays: 4, videoRelayIdleMs: 400, recordingSegmentS: 4, recordingQuotaMb: 1 });
  fleet = await SimFleet.start({ idleGraceMs: 500, discovery: false, cameras: [{ code: 'R1', name: '录像测试路口', username: 'admin', password: simPassword(), ptz: false, look: 3, framePattern: true }] });
  admin = await county.login();
  await county.server.county.authStore.createUser({ username: 'dispatcher5', displayName: '派遣员五', passwordHash: await hashPassword('dispatcher-pass'), roles: ['dispatcher'] }, Date.now());
  dispatcher = await county.login('dispatcher5', 'dispatcher-pass');
  const cameras = await registerSimCameras(fleet.devices(), async (body) => (await county.call<CameraView>('POST', '/api/cameras', { token: admin, body })).body);
  camera = cameras.R1!;
});

afterAll(async () => {
  await county?.stop();
  await fleet?.close();
});

describe('recording a camera', () => {
  it('records continuously into segment files on the relay\'s one pull; the timeline shows one range from the clock\'s time', async () => {
    const set = await county.call<{ plan: RecordingPlan; status: RecordingStatus }>('PUT', `/api/cameras/${camera.id}/recording`, { token: admin, body: { mode: 'continuous', stream: 'sub', retainDays: 7 } });
    expect(set.status).toBe(200);
    expect(set.body.plan).toMatchObject({ mode: 'continuous', stream: 'sub', retainDays: 7 });
    expect(set.body.status.state).toBe('recording');

    const t = await until(timeline, (x) => recordedMs(x) >= 20_000, '20 s of recording', 90_000);
    expect(t.ranges).toHaveLength(1);
    expect(t.ranges[0]!.start).toBe(iso(T0));
    // Segments abut: each starts where the one before ended (the media clock, not arrival times).
    for (let i = 1; i < t.segments.length; i++) expect(Math.abs(Date.parse(t.segments[i]!.start) - Date.parse(t.segments[i - 1]!.end))).toBeLessThan(150);
    expect(t.segments[0]).toMatchObject({ width: 640, height: 360, codec: expect.stringMatching(/^avc1\./) });

    // One pull: the recorder rides the relay nobody watches; the camera list says it records.
    const relays = (await county.call<RelaysResponse>('GET', '/api/video/relays', { token: dispatcher })).body.relays;
    expect(relays).toEqual([expect.objectContaining({ cameraId: camera.id, stream: 'sub', viewers: 0, recording: true })]);
    const list = (await county.call<CameraView[]>('GET', '/api/cameras', { token: dispatcher })).body;
    expect(list.find((c) => c.id === camera.id)?.recording).toMatchObject({ mode: 'continuous', state: 'recording' });

    // A closed segment is a playable file holding every frame of its span, in order.
    const first = t.segments[0]!;
    const file = path.join(county.dataDir, 'recordings', String(camera.id));
    expect(existsSync(file)).toBe(true);
    const res = await fetch(`${county.url}/api/video/segments/${first.id}`, { headers: { authorization: `Bearer ${dispatcher}` } });
    expect(res.headers.get('content-type')).toBe('video/mp4');
    const bytes = Buffer.from(await res.arrayBuffer());
    const copy = path.join(county.dataDir, 'segment-copy.mp4');
    writeFileSync(copy, bytes);
    const frames = await frameNumbers(copy);
    expect(frames.length).toBeGreaterThan(0);
    for (let i = 1; i < frames.length; i++) expect(frames[i]).toBe(frames[i - 1]! + 1);
    const spanS = (Date.parse(first.end) - Date.parse(first.start)) / 1000;
    expect(Math.abs(frames.length - spanS * FPS)).toBeLessThanOrEqual(2);
  });

  it('cuts a clip at keyframes without transcoding: the true span, a hash that matches its bytes, the frames of that span', async () => {
    const from = T0 + 5_500;
    const to = T0 + 12_200;
    const res = await county.call<VideoClip>('POST', `/api/cameras/${camera.id}/clips`, { token: dispatcher, body: { from: iso(from), to: iso(to), reason: '路口事故取证' } });
    expect(res.status).toBe(201);
    clip = res.body;
    // It starts at the keyframe at or before the in point (one a second) and ends at the out point.
    expect(Date.parse(clip.startedAt)).toBeLessThanOrEqual(from);
    expect(Date.parse(clip.startedAt)).toBeGreaterThan(from - 1100);
    expect(Math.abs(Date.parse(clip.endedAt) - to)).toBeLessThan(150);

    const file = Buffer.from(await (await fetch(county.url + clip.url, { headers: { authorization: `Bearer ${dispatcher}` } })).arrayBuffer());
    expect(file.length).toBe(clip.bytes);
    expect(createHash('sha256').update(file).digest('hex')).toBe(clip.sha256);
    const copy = path.join(county.dataDir, 'clip-copy.mp4');
    writeFileSync(copy, file);
    const frames = await frameNumbers(copy);
    for (let i = 1; i < frames.length; i++) expect(frames[i]).toBe(frames[i - 1]! + 1);
    const spanS = (Date.parse(clip.endedAt) - Date.parse(clip.startedAt)) / 1000;
    expect(Math.abs(frames.length - spanS * FPS)).toBeLessThanOrEqual(2);
  });

  it('exports the clip with a manifest (camera, place, span, hash, who and why) and writes the export to the audit trail', async () => {
    const res = await county.call<{ manifest: ClipManifest; url: string }>('POST', `/api/video/clips/${clip.id}/export`, { token: dispatcher, body: { reason: '公安调取视频资料（案件编号 2026-118）' } });
    expect(res.status).toBe(201);
    expect(res.body.manifest).toMatchObject({ clipId: clip.id, camera: { id: camera.id, code: 'R1', name: '录像测试路口' }, sha256: clip.sha256, startedAt: clip.startedAt, endedAt: clip.endedAt, exportedBy: { username: 'dispatcher5' }, reason: '公安调取视频资料（案件编号 2026-118）' });
    const zip = Buffer.from(await (await fetch(county.url + res.body.url, { headers: { authorization: `Bearer ${dispatcher}` } })).arrayBuffer());
    expect(zip.subarray(0, 2).toString('latin1')).toBe('PK');
    expect(zip.includes(Buffer.from(clip.sha256))).toBe(true);
    const audit = await county.call<{ items: { entity: string; entityKey: string; action: string; username: string; after: ClipManifest }[] }>('GET', '/api/admin/audit?entity=video_clip', { token: await county.login('auditor') }); // 三员分立: the auditor reads the audit log
    expect(audit.body.items[0]).toMatchObject({ entity: 'video_clip', entityKey: String(clip.id), action: 'export', username: 'dispatcher5', after: { sha256: clip.sha256, reason: '公安调取视频资料（案件编号 2026-118）' } });
  });

  it('says clearly what is wrong with bad input, and breaks nothing', async () => {
    const long = await county.call<{ error: string; message: string; field: string }>('POST', `/api/cameras/${camera.id}/clips`, { token: dispatcher, body: { from: iso(T0), to: iso(T0 + 31 * 60_000) } });
    expect(long.status).toBe(400);
    expect(long.body).toMatchObject({ field: 'to', message: expect.stringContaining('片段最长 30 分钟') });
    const outside = await county.call<{ message: string }>('POST', `/api/cameras/${camera.id}/clips`, { token: dispatcher, body: { from: iso(T0 - 7_200_000), to: iso(T0 - 7_100_000) } });
    expect(outside.status).toBe(404);
    expect(outside.body.message).toContain('该时间段没有录像');
    const backwards = await county.call<{ field: string }>('GET', `/api/cameras/${camera.id}/timeline?from=${iso(T0)}&to=${iso(T0 - 1000)}`, { token: dispatcher });
    expect(backwards.status).toBe(400);
    const garbage = await county.call<{ field: string; message: string }>('GET', `/api/cameras/${camera.id}/timeline?from=yesterday&to=${iso(T0)}`, { token: dispatcher });
    expect(garbage.status).toBe(400);
    expect(garbage.body).toMatchObject({ field: 'from', message: expect.stringContaining('时间格式无效') });
    const schedule = await county.call<{ field: string }>('PUT', `/api/cameras/${camera.id}/recording`, { token: admin, body: { mode: 'schedule', schedule: [{ day: 1, from: '18:00', to: '08:00' }] } });
    expect(schedule.status).toBe(400);
    expect(schedule.body.field).toBe('schedule');
    const notAllowed = await county.call('PUT', `/api/cameras/${camera.id}/recording`, { token: dispatcher, body: { mode: 'off' } });
    expect(notAllowed.status).toBe(403);
    // Still recording, still answering.
    const after = (await county.call<{ status: RecordingStatus }>('GET', `/api/cameras/${camera.id}/recording`, { token: dispatcher })).body;
    expect(after.status.state).toBe('recording');
  });

  it('past the disk quota the oldest segments go first, and recording goes on', async () => {
    const quota = 1024 * 1024;
    await until(async () => (await county.call<RecordingOverview>('GET', '/api/video/recording', { token: dispatcher })).body, (o) => o.usedBytes > quota, 'more than the 1 MB quota recorded', 120_000);
    const before = await timeline();
    const swept = await county.call<{ overQuota: number }>('POST', '/api/video/recording/sweep', { token: admin });
    expect(swept.body.overQuota).toBeGreaterThan(0);
    const overview = (await county.call<RecordingOverview>('GET', '/api/video/recording', { token: dispatcher })).body;
    expect(overview.usedBytes).toBeLessThanOrEqual(quota);
    const after = await timeline();
    // The oldest went: the recording now starts later; the files went with their rows.
    expect(Date.parse(after.ranges[0]!.start)).toBeGreaterThan(Date.parse(before.ranges[0]!.start));
    expect(after.segments[0]!.id).toBeGreaterThan(before.segments[0]!.id);
    const day = path.join(county.dataDir, 'recordings', String(camera.id), iso(T0).slice(0, 10));
    const files = new Set(readdirSync(day));
    const kept = new Set(after.segments.map((s) => s.id));
    for (const s of before.segments) expect(files.has(`${Date.parse(s.start)}-sub.mp4`)).toBe(kept.has(s.id));
    // Recording goes on: a newer segment appears.
    const newest = after.segments[after.segments.length - 1]!.id;
    await until(timeline, (x) => x.segments.some((s) => s.id > newest), 'a new segment after the sweep', 60_000);
  });
});
