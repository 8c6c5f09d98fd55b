// Camera events → alarms and cases (issue 15, part 4), over the real ONVIF event protocol: the
// simulated cameras' pull points (CreatePullPointSubscription, PullMessages, Renew,
// Unsubscribe) read by our client and by the independent `onvif` package; rules (系统维护) turn
// a camera's motion into one alarm however often it repeats, and its illegal-parking analytics
// into one case (source video, 视频智能发现) with the still and a clip from before to after the
// event; a camera whose event service fails says so and breaks nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cam } from 'onvif/promises/index.js';
import type { AlarmItem, CaseDetailResponse, CameraEventRule, CameraEventsOverview, CameraView, Timeline, VideoClip } from '../../core/contract/index.js';
import { CAMERA_EVENT_TOPICS } from '../../core/contract/index.js';
import { SimFleet, simPassword } from '../../core/demo/sim/cameras/fleet.js';
import { ManualClock } from '../../core/runtime/clock.js';
import { PullPointClient } from '../../core/video/events/pullpoint.js';
import { registerSimCameras } from '../support/sim-cameras.js';
import { until } from '../support/until.js';
import { startTestCounty, type TestCounty } from './support.js';

const T0 = Date.parse('2026-12-07T06:00:00.000Z'); // 14:00 in the county
const iso = (ms: number) => new Date(ms).toISOString();
const clock = new ManualClock(T0);
let county: TestCounty;
let fleet: SimFleet;
let admin: string;
let cameras: Record<string, CameraView>;

const overview = async () => (await county.call<CameraEventsOverview>('GET', '/api/video/events', { token: admin })).body;
const subscribed = (o: CameraEventsOverview, id: number) => o.subscriptions.find((s) => s.cameraId === id);

beforeAll(async () => {
  county = await startTestCounty({ clock, recordingSegmentS: 3, videoRelayIdleMs: 400 });
  fleet = await SimFleet.start({
    idleGraceMs: 500,
    discovery: false,
    cameras: [
      { code: 'EV1', name: '南门广场', username: 'admin', password: simPassword(), ptz: false, look: 5 },
      { code: 'EV2', name: '事件服务故障', username: 'admin', password: simPassword(), ptz: false, look: 6 },
    ],
  });
  admin = await county.login();
  cameras = await registerSimCameras(fleet.devices(), async (body) => (await county.call<CameraView>('POST', '/api/cameras', { token: admin, body })).body);
});

afterAll(async () => {
  await county?.stop();
  await fleet?.close();
});

describe('the simulated cameras\' ONVIF event service', () => {
  it('serves pull points to our client: subscribe, a raised event pulled with its topic and data, renew, unsubscribe', async () => {
    const d = fleet.device('EV1')!;
    const client = new PullPointClient({ deviceUrl: d.address, username: d.username, password: d.password });
    await client.subscribe(30);
    expect(fleet.eventSubscriptions('EV1')).toBe(1);
    expect(client.terminationAt).toBeGreaterThan(Date.now() + 20_000);
    expect(await client.pull(0)).toEqual([]);
    const pulling = client.pull(5);
    fleet.raiseEvent('EV1', 'line_crossing');
    const [n] = await pulling;
    expect(n).toMatchObject({ topic: CAMERA_EVENT_TOPICS.line_crossing, operation: 'Changed', source: { Rule: 'LineCrossingRule' }, data: { ObjectId: '1' } });
    await client.renew(120);
    expect(client.terminationAt).toBeGreaterThan(Date.now() + 100_000);
    await client.unsubscribe();
    expect(fleet.eventSubscriptions('EV1')).toBe(0);
    // Wrong credentials are refused in words.
    const wrong = new PullPointClient({ deviceUrl: d.address, username: d.username, password: 'nope' });
    await expect(wrong.subscribe(30)).rejects.toThrow(/事件服务认证失败/);
  });

  it('serves the independent `onvif` package too', async () => {
    const d = fleet.device('EV1')!;
    const url = new URL(d.address);
    const cam = new Cam({ hostname: url.hostname, port: Number(url.port), path: url.pathname, username: d.username, password: d.password, autoconnect: false }) as unknown as Record<string, (options?: object) => Promise<unknown>>;
    await cam.connect!();
    await cam.createPullPointSubscription!();
    fleet.raiseEvent('EV1', 'tamper');
    const messages = JSON.stringify(await cam.pullMessages!({ timeout: 5000, messageLimit: 10 }));
    expect(messages).toContain('VideoSource/GlobalSceneChange/ImagingService');
    await cam.unsubscribe!().catch(() => undefined);
  });
});

describe('rules turn events into alarms and cases', () => {
  it('refuses a bad rule with the field to fix, and lets only administrators write rules', async () => {
    const noClass = await county.call<{ field: string; message: string }>('POST', '/api/video/event-rules', { token: admin, body: { name: '违停', topic: CAMERA_EVENT_TOPICS.illegal_parking, cameraIds: [], action: 'case' } });
    expect(noClass.status).toBe(400);
    expect(noClass.body).toMatchObject({ field: 'classCode', message: expect.stringContaining('请选择案件类型和小类') });
    const noCamera = await county.call<{ field: string }>('POST', '/api/video/event-rules', { token: admin, body: { name: 'x', topic: 'RuleEngine/Motion', cameraIds: [9999], action: 'alarm' } });
    expect(noCamera.body.field).toBe('cameraIds');
    const badTopic = await county.call<{ field: string }>('POST', '/api/video/event-rules', { token: admin, body: { name: 'x', topic: '<script>', cameraIds: [], action: 'alarm' } });
    expect(badTopic.body.field).toBe('topic');
    const auditor = await county.login('auditor');
    const refused = await county.call('POST', '/api/video/event-rules', { token: auditor, body: { name: 'x', topic: 'RuleEngine', cameraIds: [], action: 'alarm' } });
    expect(refused.status).toBe(403);
  });

  it('subscribes the cameras a rule watches; a burst of motion makes one alarm on the wall, with the repeats counted', async () => {
    const rule = await county.call<CameraEventRule>('POST', '/api/video/event-rules', {
      token: admin,
      body: { name: '夜间移动侦测', topic: 'tns1:RuleEngine/CellMotionDetector/Motion', cameraIds: [cameras.EV1!.id, cameras.EV2!.id], action: 'alarm', dedupS: 300 },
    });
    expect(rule.status).toBe(201);
    expect(rule.body).toMatchObject({ topic: CAMERA_EVENT_TOPICS.motion, fromTime: '00:00', toTime: '24:00', enabled: true });
    await until(overview, (o) => subscribed(o, cameras.EV1!.id)?.state === 'subscribed', 'EV1 subscribed', 20_000);
    await until(async () => fleet.eventSubscriptions('EV1'), (n) => n === 1, 'one pull point on the camera', 10_000);
    for (let i = 0; i < 4; i++) fleet.raiseEvent('EV1', 'motion');
    const o = await until(overview, (x) => x.hits.some((h) => h.repeats === 4), 'four motions in one hit', 20_000);
    const hit = o.hits.find((h) => h.ruleId === rule.body.id)!;
    expect(hit).toMatchObject({ cameraId: cameras.EV1!.id, topic: CAMERA_EVENT_TOPICS.motion, at: iso(T0), repeats: 4, alarmId: expect.any(Number), caseId: null });
    const alarms = (await county.call<{ items: AlarmItem[] }>('GET', '/api/alarms', { token: admin })).body.items.filter((a) => a.kind === 'camera_event');
    expect(alarms).toHaveLength(1);
    expect(alarms[0]).toMatchObject({ id: hit.alarmId, title: expect.stringContaining('移动侦测：南门广场') });
    // Each event is on the camera's timeline, from the camera (onvif).
    const t = (await county.call<Timeline>('GET', `/api/cameras/${cameras.EV1!.id}/timeline?from=${iso(T0 - 60_000)}&to=${iso(T0 + 60_000)}`, { token: admin })).body;
    expect(t.events.filter((e) => e.source === 'onvif' && e.topic === CAMERA_EVENT_TOPICS.motion)).toHaveLength(4);
  });

  it('says when a camera\'s event service fails, keeps trying, and the other camera goes on', async () => {
    fleet.setEventsBroken('EV2', true);
    const o = await until(overview, (x) => subscribed(x, cameras.EV2!.id)?.state === 'failed', 'EV2 failed', 30_000);
    expect(subscribed(o, cameras.EV2!.id)!.message).toContain('事件服务报错');
    expect(subscribed(o, cameras.EV1!.id)!.state).toBe('subscribed');
    fleet.setEventsBroken('EV2', false);
    await until(overview, (x) => subscribed(x, cameras.EV2!.id)?.state === 'subscribed', 'EV2 subscribed again', 30_000);
  });

  it('opens one case for a burst of illegal parking, with the still and a clip from before to after the event', async () => {
    // The camera is recorded; the event comes 8 s into the recording.
    await county.call('PUT', `/api/cameras/${cameras.EV1!.id}/recording`, { token: admin, body: { mode: 'continuous', stream: 'sub', retainDays: 7 } });
    const timeline = async () => (await county.call<Timeline>('GET', `/api/cameras/${cameras.EV1!.id}/timeline?from=${iso(T0 - 60_000)}&to=${iso(T0 + 600_000)}`, { token: admin })).body;
    await until(timeline, (t) => t.ranges.some((r) => Date.parse(r.end) >= T0 + 8_000), '8 s recorded', 60_000);
    const rule = await county.call<CameraEventRule>('POST', '/api/video/event-rules', {
      token: admin,
      body: { name: '机动车违停抓拍', topic: CAMERA_EVENT_TOPICS.illegal_parking, cameraIds: [cameras.EV1!.id], action: 'case', caseKind: 'event', classCode: '0505', preS: 3, postS: 3, dedupS: 600 },
    });
    expect(rule.status).toBe(201);
    clock.set(T0 + 8_000);
    for (let i = 0; i < 5; i++) fleet.raiseEvent('EV1', 'illegal_parking');
    const o = await until(overview, (x) => x.hits.some((h) => h.ruleId === rule.body.id && h.repeats === 5 && h.clipId !== null), 'the case with its clip', 60_000);
    const hit = o.hits.find((h) => h.ruleId === rule.body.id)!;
    expect(hit.note).toBeNull();
    // One case, from video, at the camera's place, with the still.
    const detail = (await county.call<CaseDetailResponse>('GET', `/api/cases/${hit.caseId}`, { token: admin })).body;
    expect(detail.case).toMatchObject({ source: 'video', classCode: '0505', description: expect.stringContaining('视频智能发现') });
    expect(detail.attachments).toEqual([expect.objectContaining({ kind: 'snapshot', mime: 'image/jpeg' })]);
    // The clip is named on the case's trail (a note with its span and hash).
    expect(detail.events.some((e) => e.action === 'note' && (e.comment ?? '').includes(`片段 #${hit.clipId}`))).toBe(true);
    const list = await county.call<{ items: { id: number }[] }>('GET', '/api/cases?source=video', { token: admin });
    expect(list.body.items.map((i) => i.id)).toEqual([hit.caseId]);
    // The clip: from the keyframe at or before 3 s before the event to 3 s after it, on the case.
    const clips = (await county.call<VideoClip[]>('GET', `/api/cases/${hit.caseId}/clips`, { token: admin })).body;
    expect(clips).toHaveLength(1);
    expect(Date.parse(clips[0]!.startedAt)).toBeLessThanOrEqual(T0 + 5_000);
    expect(Date.parse(clips[0]!.startedAt)).toBeGreaterThan(T0 + 5_000 - 1_100);
    expect(Math.abs(Date.parse(clips[0]!.endedAt) - (T0 + 11_000))).toBeLessThan(200);
  });
});
