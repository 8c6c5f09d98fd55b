// 录像回放 in Chromium: a simulated camera is recorded; its timeline shows the recorded range;
// played back at 1× and at 4× the camera's own frame counter (burned in as blocks, read from
// the pixels of the playing video) advances 1× and 4× as fast as the wall clock.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CameraView, Timeline } from '../../core/contract/index.js';
import { SimFleet, simPassword } from '../../core/demo/sim/cameras/fleet.js';
import { FRAME_PATTERN } from '../../core/demo/sim/cameras/picture.js';
import { until } from '../support/until.js';
import { openHall, type Hall } from './harness.js';

const adminPassword = 'e2e-Admin-密码-2026';
const FPS = 15;
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
  return (await res.json()) as T;
}

/** Page-side: the frame number the playing video shows, read from the simulator's block strip. */
const READ_FRAME = `(() => {
  const video = document.querySelector('[data-testid="playback"] .replay-tile video');
  const canvas = document.createElement('canvas');
  canvas.width = 640; canvas.height = 360;
  const g = canvas.getContext('2d', { willReadFrequently: true });
  g.drawImage(video, 0, 0, 640, 360);
  let n = 0;
  for (let k = 0; k < ${FRAME_PATTERN.bits}; k++) {
    const px = g.getImageData(640 - ${FRAME_PATTERN.right}, ${FRAME_PATTERN.top} + ${FRAME_PATTERN.pitch} * k + ${FRAME_PATTERN.size / 2}, 1, 1).data;
    if (px[0] + px[1] + px[2] > 384) n += 2 ** k;
  }
  return [n, performance.now()];
})()`;

const countyText = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');

async function speedAt(rate: number, start: number): Promise<number> {
  const { page } = hall;
  await page.getByTestId(`playback-rate-${rate}`).click();
  await page.getByLabel('跳转', { exact: true }).fill(countyText(start));
  await page.getByRole('button', { name: '跳转', exact: true }).click();
  if ((await page.getByTestId('playback-play').innerText()) === '播放') await page.getByTestId('playback-play').click();
  await page.locator('[data-testid="playback"] .replay-tile[data-state="playing"]').waitFor({ timeout: 30_000 });
  await page.waitForTimeout(1000);
  const [n0, t0] = await page.evaluate<[number, number]>(READ_FRAME);
  await page.waitForTimeout(3000);
  const [n1, t1] = await page.evaluate<[number, number]>(READ_FRAME);
  await page.getByTestId('playback-play').click(); // pause
  return (n1 - n0) / (((t1 - t0) / 1000) * FPS);
}

beforeAll(async () => {
  fleet = await SimFleet.start({ idleGraceMs: 500, discovery: false, cameras: [{ code: 'P1', name: '回放测试路口', username: 'admin', password: simPassword(), ptz: false, look: 5, framePattern: true }] });
  hall = await openHall({ adminPassword, county: { recordingSegmentS: 4, videoRelayIdleMs: 1000 } });
  const res = await fetch(hall.url + '/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: adminPassword }) });
  token = ((await res.json()) as { token: string }).token;
  const d = fleet.devices()[0]!;
  camera = await api<CameraView>('POST', '/api/cameras', { code: d.code, name: d.name, kind: 'city', lon: 118.1, lat: 28.4, address: d.address, username: d.username, password: d.password });
  await api('PUT', `/api/cameras/${camera.id}/recording`, { mode: 'continuous', stream: 'sub' });
});

afterAll(async () => {
  await hall?.close();
  await fleet?.close();
});

describe('录像回放', () => {
  it('shows the recorded range and plays it back at 1× and 4× (the camera\'s frame counter, read from the pixels)', async () => {
    const window = `from=${new Date(Date.now() - 3_600_000).toISOString()}&to=${new Date(Date.now() + 3_600_000).toISOString()}`;
    const t = await until(() => api<Timeline>('GET', `/api/cameras/${camera.id}/timeline?${window}`), (x) => x.ranges.some((r) => Date.parse(r.end) - Date.parse(r.start) > 30_000), '30 s recorded', 120_000);
    const start = Date.parse(t.ranges[0]!.start);
    const { page } = hall;
    await page.goto(hall.url + '/video?mode=playback');
    await page.getByLabel(/用户名|Username/).fill('admin');
    await page.getByLabel(/密码|Password/).fill(adminPassword);
    await page.getByLabel(/密码|Password/).press('Enter');
    await page.waitForURL(/\/video/);
    await page.getByRole('tab', { name: '录像回放' }).click().catch(() => undefined);
    await page.getByTestId('timeline-range').first().waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: '十分钟' }).click();

    const one = await speedAt(1, start + 2000);
    const four = await speedAt(4, start + 2000);
    await hall.screenshot('video-playback');
    expect(one).toBeGreaterThan(0.7);
    expect(one).toBeLessThan(1.3);
    expect(four).toBeGreaterThan(4 * 0.7);
    expect(four).toBeLessThan(4 * 1.3);
  });
});
