// An H.265-only camera in Chromium (which has no H.265 decoder here): on the wall its tile plays
// through the server's H.264 transcoder and says 转码中; a camera event opens a case with the
// still and a clip, and the workbench's case view lists the clip, plays it (through its H.264
// copy) and downloads the evidence as cut.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CameraEventsOverview, CameraView, Timeline } from '../../core/contract/index.js';
import { CAMERA_EVENT_TOPICS } from '../../core/contract/index.js';
import { hashPassword } from '../../core/base/people/passwords.js';
import { SimFleet, simPassword } from '../../core/demo/sim/cameras/fleet.js';
import { until } from '../support/until.js';
import { openHall, type Hall } from './harness.js';

const adminPassword = 'e2e-Admin-密码-2026';
let hall: Hall;
let fleet: SimFleet;
let token = '';
let camera: CameraView;

async function api<T>(method: string, route: string, body?: unknown): Promise<T> {
  const res = await fetch(hall.url + route, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${route}: ${res.status} ${await res.text()}`);
  return (res.status === 204 ? undefined : await res.json()) as T;
}

beforeAll(async () => {
  fleet = await SimFleet.start({ idleGraceMs: 500, discovery: false, cameras: [{ code: 'HV1', name: 'H.265路口', username: 'admin', password: simPassword(), ptz: false, look: 3, codec: 'h265' }] });
  hall = await openHall({ adminPassword, county: { recordingSegmentS: 3, videoRelayIdleMs: 1000 } });
  await hall.county.county.authStore.createUser({ username: 'dispatcher7', displayName: '派遣员七', passwordHash: await hashPassword('dispatcher-pass-7'), roles: ['dispatcher'] }, Date.now());
  const res = await fetch(hall.url + '/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: adminPassword }) });
  token = ((await res.json()) as { token: string }).token;
  const d = fleet.devices()[0]!;
  camera = await api<CameraView>('POST', '/api/cameras', { code: d.code, name: d.name, kind: 'city', lon: 118.1, lat: 28.4, address: d.address, username: d.username, password: d.password });
  await api('PUT', `/api/cameras/${camera.id}/recording`, { mode: 'continuous', stream: 'sub' });
  await api('POST', '/api/video/event-rules', { name: '违停抓拍', topic: CAMERA_EVENT_TOPICS.illegal_parking, cameraIds: [camera.id], action: 'case', caseKind: 'event', classCode: '0505', preS: 2, postS: 2 });
});

afterAll(async () => {
  await hall?.close();
  await fleet?.close();
});

describe('an H.265-only camera in Chromium', () => {
  it('plays on the wall through the transcoder, marked 转码中', async () => {
    const { page } = hall;
    await page.goto(hall.url + '/video');
    await page.getByLabel(/用户名|Username/).fill('dispatcher7');
    await page.getByLabel(/密码|Password/).fill('dispatcher-pass-7');
    await page.getByLabel(/密码|Password/).press('Enter');
    await page.waitForURL(/\/video/);
    await page.getByTestId('camera-list').locator(`li[data-camera-id="${camera.id}"]`).dblclick();
    const tile = page.locator('[data-tile="0"]');
    await tile.getByTestId('tile-transcoded').waitFor({ timeout: 60_000 });
    expect(await tile.getByTestId('tile-transcoded').innerText()).toContain('转码中');
    await expect.poll(() => tile.locator('video').evaluate((v) => (v as unknown as { readyState: number }).readyState), { timeout: 30_000 }).toBeGreaterThanOrEqual(2);
    await page.waitForTimeout(1500);
    await hall.screenshot('video-h265-transcoding');
  });

  it('shows, plays and downloads the clip a camera event put on a case', async () => {
    const window = `from=${new Date(Date.now() - 3_600_000).toISOString()}&to=${new Date(Date.now() + 3_600_000).toISOString()}`;
    await until(() => api<Timeline>('GET', `/api/cameras/${camera.id}/timeline?${window}`), (t) => t.ranges.some((r) => Date.parse(r.end) - Date.parse(r.start) > 5_000), '5 s recorded', 120_000);
    await until(() => api<CameraEventsOverview>('GET', '/api/video/events'), (o) => o.subscriptions.some((s) => s.cameraId === camera.id && s.state === 'subscribed'), 'subscribed', 60_000);
    fleet.raiseEvent('HV1', 'illegal_parking');
    const o = await until(() => api<CameraEventsOverview>('GET', '/api/video/events'), (x) => x.hits.some((h) => h.clipId !== null), 'the case with its clip', 90_000);
    const caseId = o.hits.find((h) => h.clipId !== null)!.caseId!;

    const { page } = hall;
    await page.goto(`${hall.url}/workbench?case=${caseId}`);
    const clips = page.getByTestId('case-clips');
    await clips.waitFor({ timeout: 60_000 });
    expect(await clips.innerText()).toContain('H.265路口');
    await clips.getByTestId('clip-play').first().click();
    const video = clips.getByTestId('clip-video');
    await video.waitFor({ timeout: 60_000 });
    await expect.poll(() => video.evaluate((v) => (v as unknown as { readyState: number }).readyState), { timeout: 60_000 }).toBeGreaterThanOrEqual(2);
    await page.waitForTimeout(1000);
    await clips.scrollIntoViewIfNeeded();
    await hall.screenshot('workbench-case-clip');
    const download = page.waitForEvent('download');
    await clips.getByTestId('clip-download').first().click();
    expect((await download).suggestedFilename()).toMatch(/^clip-\d+-[0-9a-f]{12}\.mp4$/);
  });
});
