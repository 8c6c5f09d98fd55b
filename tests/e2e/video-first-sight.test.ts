// The video wall at first sight (issue 16 item 4): a window that never had a wall opens on a
// tour of the busiest places, already playing, without a click; a reload keeps what the wall
// showed; the relay table lists every relay with readable columns; a camera that will not
// play says "connecting" through its first retries, then says why in Chinese only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BusyCamera, CameraView } from '../../core/contract/index.js';
import { hashPassword } from '../../core/base/people/passwords.js';
import { SimFleet, simPassword } from '../../core/demo/sim/cameras/fleet.js';
import { openHall, type Hall } from './harness.js';

/** The player's FIRST_GRACE_MS (renderer/components/video/mse-player.ts). */
const FIRST_GRACE_MS = 12_000;
const adminPassword = 'e2e-Admin-密码-2026';
let hall: Hall;
let fleet: SimFleet;
let token = '';
const cameras: CameraView[] = [];

async function api<T>(method: string, route: string, body?: unknown): Promise<T> {
  const res = await fetch(hall.url + route, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${route}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

async function login(username: string, password: string): Promise<string> {
  const res = await fetch(hall.url + '/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  return ((await res.json()) as { token: string }).token;
}

const tileState = (tile: number) => hall.page.locator(`[data-tile="${tile}"] [data-testid="tile-state"]`);
const tileCamera = (tile: number) => hall.page.locator(`[data-tile="${tile}"] .layer.current`).getAttribute('data-camera');

beforeAll(async () => {
  fleet = await SimFleet.start({
    cameras: ['人民路口', '东门菜市场', '实验小学南门', '滨江公园广场', '火车站北广场'].map((name, i) => ({ code: `F${i + 1}`, name, username: 'admin', password: simPassword(), ptz: false, look: i + 1 })),
  });
  hall = await openHall({ adminPassword, county: { videoMaxRelays: 8, videoRelayIdleMs: 60_000 } });
  token = await login('admin', adminPassword);
  for (const [i, d] of fleet.devices().entries()) {
    cameras.push(await api<CameraView>('POST', '/api/cameras', { code: d.code, name: d.name, kind: 'city', lon: 118.1 + i * 0.001, lat: 28.4, address: d.address, username: d.username, password: d.password }));
  }
  await hall.county.county.authStore.createUser({ username: 'dispatcher8', displayName: '派遣员八', passwordHash: await hashPassword('dispatcher-pass-8'), roles: ['dispatcher'] }, Date.now());
});

afterAll(async () => {
  await hall?.close();
  await fleet?.close();
});

describe('the video wall at first sight', () => {
  it('opens on a tour of the busiest places, four tiles playing without a click', async () => {
    const { page } = hall;
    await page.goto(hall.url + '/video');
    await page.getByLabel(/用户名|Username/).fill('dispatcher8');
    await page.getByLabel(/密码|Password/).fill('dispatcher-pass-8');
    await page.getByLabel(/密码|Password/).press('Enter');
    await page.waitForURL(/\/video/);
    await page.getByTestId('tour-state').filter({ hasText: '繁忙点位轮巡' }).waitFor({ timeout: 30_000 });
    for (let i = 0; i < 4; i++) await tileState(i).filter({ hasText: '直播' }).waitFor({ timeout: 90_000 });
    const busiest = await api<BusyCamera[]>('GET', '/api/video/busiest?limit=16');
    expect(await Promise.all([0, 1, 2, 3].map(tileCamera))).toEqual(busiest.slice(0, 4).map((c) => String(c.id)));
    await hall.screenshot('video-first-sight');
  });

  it('lists every relay with its stream and size in their own columns', async () => {
    const rows = hall.page.locator('[data-testid="relay-table"] tbody tr');
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBeGreaterThanOrEqual(4);
    const first = rows.first().locator('td');
    expect(await first.nth(1).innerText()).toBe('子码流');
    expect(await first.nth(2).innerText()).toBe('640×360');
    // The table scrolls inside its box rather than cutting rows off.
    const overflow = await hall.page.evaluate<string>(`getComputedStyle(document.querySelector('.relays .scroll')).overflowY`);
    expect(overflow).toBe('auto');
  });

  it('keeps the tour across a reload, and a wall set by hand after that', async () => {
    const { page } = hall;
    await page.reload();
    await page.getByTestId('tour-state').filter({ hasText: '繁忙点位轮巡' }).waitFor({ timeout: 30_000 });
    await page.getByTestId('camera-list').locator(`li[data-camera-id="${cameras[4]!.id}"]`).dragTo(page.locator('[data-tile="0"]'));
    expect(await tileCamera(0)).toBe(String(cameras[4]!.id));
    await tileState(0).filter({ hasText: '直播' }).waitFor({ timeout: 90_000 }).catch(async (error: unknown) => {
      await hall.screenshot('video-first-sight-hand');
      throw error;
    });
    await page.reload();
    await tileState(0).filter({ hasText: '直播' }).waitFor({ timeout: 90_000 });
    expect(await tileCamera(0)).toBe(String(cameras[4]!.id));
    expect(await page.getByTestId('tour-state').count()).toBe(0);
  });

  it('a camera that will not play says "connecting" through its first retries, then why, in Chinese only', async () => {
    const { page } = hall;
    fleet.setStreamDown('F2', true);
    await page.locator('[data-tile="1"]').getByRole('button', { name: '移出画面' }).click();
    const startedAt = Date.now();
    await page.getByTestId('camera-list').locator(`li[data-camera-id="${cameras[1]!.id}"]`).dragTo(page.locator('[data-tile="1"]'));
    // Within the grace the tile says it is connecting, not that it failed.
    await page.waitForTimeout(4000);
    if (Date.now() - startedAt < FIRST_GRACE_MS - 1000) expect(await tileState(1).innerText()).toBe('连接中');
    await tileState(1).filter({ hasText: '重连中' }).waitFor({ timeout: 60_000 });
    const said = await page.locator('[data-tile="1"] .veil-message').innerText();
    expect(said).toMatch(/[\u4e00-\u9fff]/);
    expect(said).not.toMatch(/[A-Za-z]{3,}/);
    await hall.screenshot('video-first-sight-failing');
    fleet.setStreamDown('F2', false);
  });
});
