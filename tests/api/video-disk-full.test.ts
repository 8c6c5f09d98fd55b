// A recordings disk that fills up (issue 15, part 1): below the free-space floor the sweep stops
// the lowest-priority recorder cleanly (state disk_full, an alarm to the hall), the others go on
// recording; with room again the stopped one starts again. The disk is a pretend one (the
// service's free-space probe), the recorders and the segments real.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlarmItem, CameraView, RecordingOverview, RecordingStatus, Timeline } from '../../core/contract/index.js';
import { SimFleet, simPassword } from '../../core/demo/sim/cameras/fleet.js';
import { ManualClock } from '../../core/runtime/clock.js';
import { registerSimCameras } from '../support/sim-cameras.js';
import { until } from '../support/until.js';
import { startTestCounty, type TestCounty } from './support.js';

const T0 = Date.parse('2026-12-07T06:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();
const MB = 1024 * 1024;
let county: TestCounty;
let fleet: SimFleet;
let admin: string;
let cameras: Record<string, CameraView>;
let free = 10_000 * MB;

const status = async (id: number) => (await county.call<{ status: RecordingStatus }>('GET', `/api/cameras/${id}/recording`, { token: admin })).body.status;
const segments = async (id: number) => (await county.call<Timeline>('GET', `/api/cameras/${id}/timeline?from=${iso(T0 - 60_000)}&to=${iso(T0 + 3_600_000)}`, { token: admin })).body.segments;

beforeAll(async () => {
  county = await startTestCounty({ clock: new ManualClock(T0), recordingSegmentS: 2, videoRelayIdleMs: 400 });
  county.server.county.recordings.useFreeBytes(() => free);
  fleet = await SimFleet.start({
    idleGraceMs: 500,
    discovery: false,
    cameras: [
      { code: 'LOW', name: '次要路口', username: 'admin', password: simPassword(), ptz: false, look: 1 },
      { code: 'HIGH', name: '重点路口', username: 'admin', password: simPassword(), ptz: false, look: 2 },
    ],
  });
  admin = await county.login();
  cameras = await registerSimCameras(fleet.devices(), async (body) => (await county.call<CameraView>('POST', '/api/cameras', { token: admin, body })).body);
  await county.call('PUT', `/api/cameras/${cameras.LOW!.id}/recording`, { token: admin, body: { mode: 'continuous', stream: 'sub', priority: 2 } });
  await county.call('PUT', `/api/cameras/${cameras.HIGH!.id}/recording`, { token: admin, body: { mode: 'continuous', stream: 'sub', priority: 8 } });
});

afterAll(async () => {
  await county?.stop();
  await fleet?.close();
});

describe('a full recordings disk', () => {
  it('stops the lowest-priority camera cleanly, tells the hall, and the others go on recording', async () => {
    await until(async () => (await segments(cameras.LOW!.id)).length, (n) => n >= 2, 'LOW recording', 60_000);
    await until(async () => (await segments(cameras.HIGH!.id)).length, (n) => n >= 2, 'HIGH recording', 60_000);
    free = 100 * MB; // under the 512 MB floor
    const swept = await county.call<{ stopped: number[] }>('POST', '/api/video/recording/sweep', { token: admin });
    expect(swept.body.stopped).toEqual([cameras.LOW!.id]);
    expect(await status(cameras.LOW!.id)).toMatchObject({ state: 'disk_full', message: expect.stringContaining('录像磁盘将满') });
    expect((await status(cameras.HIGH!.id)).state).toBe('recording');
    const alarms = (await county.call<{ items: AlarmItem[] }>('GET', '/api/alarms', { token: admin })).body.items.filter((a) => a.kind === 'recording_disk_full');
    expect(alarms).toEqual([expect.objectContaining({ title: expect.stringContaining('录像磁盘将满：次要路口') })]);
    // LOW's last segment was closed with its index (nothing half-written stays open); HIGH goes on.
    const low = await segments(cameras.LOW!.id);
    const lowCount = low.length;
    const high = (await segments(cameras.HIGH!.id)).length;
    await until(async () => (await segments(cameras.HIGH!.id)).length, (n) => n > high + 1, 'HIGH still recording', 60_000);
    const lowAfter = await segments(cameras.LOW!.id);
    expect(lowAfter.length).toBe(lowCount);
    expect(lowAfter[lowAfter.length - 1]).toEqual(low[low.length - 1]);
    const overview = (await county.call<RecordingOverview>('GET', '/api/video/recording', { token: admin })).body;
    expect(overview.freeBytes).toBe(100 * MB);
  });

  it('starts the stopped camera again once there is room', async () => {
    free = 2_000 * MB;
    const swept = await county.call<{ resumed: number[] }>('POST', '/api/video/recording/sweep', { token: admin });
    expect(swept.body.resumed).toEqual([cameras.LOW!.id]);
    const before = (await segments(cameras.LOW!.id)).length;
    await until(async () => (await segments(cameras.LOW!.id)).length, (n) => n > before, 'LOW recording again', 60_000);
    expect((await status(cameras.LOW!.id)).state).toBe('recording');
  });
});
