// Tours (轮巡) in Chromium with simulated ONVIF cameras: the next group plays under the shown
// one before the switch, so at the switch every tile uncovers a picture (the video already
// has frames) instead of a black tile that starts connecting. With warming off (?warm=0) the
// same switch shows black tiles, which is what this test would see if warming broke. When
// warming would pass the relay limit the tour skips it and says so, and still switches.
import type { Page } from 'playwright-core';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CameraView, WallTour } from '../../core/contract/index.js';
import { SimFleet, simPassword } from '../../core/demo/sim/cameras/fleet.js';
import { registerSimCameras } from '../support/sim-cameras.js';
import { until } from '../support/until.js';
import { openHall, type Hall } from './harness.js';

const adminPassword = 'e2e-Tour-密码-2026';
/** 4 tiles + 4 warming fit; with two more streams watched elsewhere, warming would not. */
const MAX_RELAYS = 9;
let hall: Hall;
let fleet: SimFleet;
let admin = '';
let cameras: Record<string, CameraView> = {};
const tours: Record<string, WallTour> = {};
const sockets: WebSocket[] = [];

/** What a tile showed at the moment its camera changed (recorded in the page, in the same task as the switch). */
interface SwitchSeen {
  tile: number;
  camera: number;
  /** HTMLMediaElement.readyState: 2 and up means a frame to show. */
  readyState: number;
  frames: number;
  /** Spread of grey levels over the picture's middle band: 0 for a black tile. */
  spread: number;
}

/**
 * Page-side recorder, as text (the tests are type-checked without the DOM library): watches the
 * wall's tiles and, whenever a tile's shown camera changes, looks at that tile's video at once.
 */
const RECORDER = `
  window.__switches = [];
  const wall = document.querySelector('[data-testid="video-wall"]');
  const shown = new Map();
  const spreadOf = (video) => {
    const canvas = document.createElement('canvas');
    canvas.width = 64;
    canvas.height = 36;
    const g = canvas.getContext('2d');
    g.fillStyle = '#000';
    g.fillRect(0, 0, 64, 36);
    if (video.readyState >= 2) g.drawImage(video, 0, 0, 64, 36);
    const data = g.getImageData(0, 8, 64, 20).data;
    const grey = [];
    for (let i = 0; i < data.length; i += 4) grey.push((data[i] + data[i + 1] + data[i + 2]) / 3);
    const mean = grey.reduce((s, v) => s + v, 0) / grey.length;
    return Math.sqrt(grey.reduce((s, v) => s + (v - mean) ** 2, 0) / grey.length);
  };
  const look = () => {
    for (const tile of wall.querySelectorAll('[data-tile]')) {
      const layer = tile.querySelector('.layer[data-role="current"]');
      const camera = layer ? Number(layer.dataset.camera) : null;
      const index = Number(tile.dataset.tile);
      if (shown.has(index) && camera !== null && shown.get(index) !== camera) {
        const video = layer.querySelector('video');
        window.__switches.push({ tile: index, camera, readyState: video.readyState, frames: video.getVideoPlaybackQuality().totalVideoFrames, spread: spreadOf(video) });
      }
      shown.set(index, camera);
    }
  };
  look();
  new MutationObserver(look).observe(wall, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-role', 'data-camera'] });
`;

const switches = (page: Page) => page.evaluate<SwitchSeen[]>('window.__switches');
const tileState = (page: Page, tile: number) => page.locator(`[data-tile="${tile}"] [data-testid="tile-state"]`);

async function api<T>(method: string, route: string, body?: unknown): Promise<T> {
  const res = await fetch(hall.url + route, {
    method,
    headers: { authorization: `Bearer ${admin}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${route}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/**
 * Opens the video wall (query: e.g. ?warm=0). The wall opens already touring: the tour this window
 * ran last, or the first time a tour of the busiest places. The operator stops that, starts `tour`,
 * and the test waits for its first group to play, then starts recording.
 */
async function startTour(page: Page, tour: WallTour, query = '', opening = /轮巡中：/): Promise<void> {
  await page.goto(`${hall.url}/video${query}`);
  await page.getByTestId('video-wall').waitFor();
  await page.getByTestId('tour-state').filter({ hasText: opening }).waitFor({ timeout: 60_000 });
  await page.getByRole('button', { name: '停止轮巡' }).click();
  await page.getByRole('combobox', { name: '轮巡' }).selectOption({ label: `${tour.name}（${tour.cameraIds.length}）` });
  await page.getByRole('button', { name: '开始轮巡' }).click();
  await page.getByTestId('tour-state').filter({ hasText: tour.name }).waitFor();
  await tourPlays(page, tour);
  await page.evaluate(RECORDER);
}

/** Every tile of the tour's first group plays, and shows the group's camera. */
async function tourPlays(page: Page, tour: WallTour): Promise<void> {
  for (let i = 0; i < tour.grid; i++) await tileState(page, i).filter({ hasText: '直播' }).waitFor({ timeout: 60_000 });
  const shown = await Promise.all(Array.from({ length: tour.grid }, (_, i) => page.locator(`[data-tile="${i}"] .layer[data-role="current"]`).getAttribute('data-camera')));
  expect(shown).toEqual(tour.cameraIds.slice(0, tour.grid).map(String));
}

beforeAll(async () => {
  fleet = await SimFleet.start({
    cameras: Array.from({ length: 10 }, (_, i) => ({ code: `T${i + 1}`, name: `轮巡测试 ${i + 1} 号`, username: 'admin', password: simPassword(), ptz: false, look: i + 1 })),
  });
  hall = await openHall({ adminPassword, county: { videoMaxRelays: MAX_RELAYS, videoRelayIdleMs: 120_000 } });
  const login = await fetch(hall.url + '/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: adminPassword }) });
  admin = ((await login.json()) as { token: string }).token;
  cameras = await registerSimCameras(fleet.devices(), (body) => api<CameraView>('POST', '/api/cameras', body));
  const eight = Array.from({ length: 8 }, (_, i) => cameras[`T${i + 1}`]!.id);
  // Long enough that the next group has its warming (5 s, more on a busy server) even on a busy machine.
  tours.slow = await api<WallTour>('POST', '/api/video/tours', { name: '路口轮巡', grid: 4, intervalS: 20, cameraIds: eight });
  tours.fast = await api<WallTour>('POST', '/api/video/tours', { name: '快速轮巡', grid: 4, intervalS: 8, cameraIds: eight });

  const { page } = hall;
  await page.goto(hall.url + '/video');
  await page.getByLabel(/用户名|Username/).fill('admin');
  await page.getByLabel(/密码|Password/).fill(adminPassword);
  await page.getByLabel(/密码|Password/).press('Enter');
  // The login page's own address carries ?redirect=/video: wait for the wall itself.
  await page.waitForURL((url) => url.pathname === '/video');
});

afterAll(async () => {
  for (const ws of sockets) ws.close();
  await hall?.close();
  await fleet?.close();
});

describe('video wall tours', () => {
  it('warms the next group, so at each switch every tile already shows a picture', async () => {
    const { page } = hall;
    // A window that never had a wall opens on the busiest places' tour; the operator picks another.
    await startTour(page, tours.slow!, '', /繁忙点位轮巡/);
    // Before the switch the tour says it is warming the next group (then that it is ready).
    await page.getByTestId('tour-state').filter({ hasText: /下一组(预热中|已就绪)/ }).waitFor({ timeout: 60_000 });
    expect(await page.locator('[data-testid="video-wall"] .layer[data-role="warm"]').count()).toBe(4);
    await hall.screenshot('video-tour-warming');

    // Two switches: group 1 → 2 (cold relays) and 2 → 1.
    const seen = await until(() => switches(page), (s) => s.length >= 8, 'two switches of four tiles', 120_000);
    await hall.screenshot('video-tour-switched');
    expect(seen.map((s) => s.camera)).toEqual([...tours.slow!.cameraIds.slice(4, 8), ...tours.slow!.cameraIds.slice(0, 4)]);
    const black = seen.filter((s) => s.readyState < 2 || s.frames === 0 || s.spread < 10);
    expect(black).toEqual([]);
    expect(hall.consoleErrors).toEqual([]);
  });

  it('reopens on the tour it ran last, already playing, without a click', async () => {
    const { page } = hall;
    await page.reload();
    await page.getByTestId('tour-state').filter({ hasText: `轮巡中：${tours.slow!.name}` }).waitFor({ timeout: 60_000 });
    await tourPlays(page, tours.slow!);
    expect(await page.getByRole('button', { name: '停止轮巡' }).count()).toBe(1);
    await hall.screenshot('video-tour-reopened');
  });

  it('without warming (?warm=0) the same switch uncovers black tiles that are still connecting', async () => {
    const { page } = hall;
    await startTour(page, tours.fast!, '?warm=0');
    const seen = await until(() => switches(page), (s) => s.length >= 4, 'a switch of four tiles', 60_000);
    expect(seen.slice(0, 4).every((s) => s.readyState < 2 && s.spread < 1)).toBe(true);
    // They do come to play, a moment later.
    for (let i = 0; i < 4; i++) await tileState(page, i).filter({ hasText: '直播' }).waitFor({ timeout: 60_000 });
  });

  it('skips warming when it would pass the relay limit, says so, and still switches', async () => {
    const { page } = hall;
    // Two streams watched elsewhere: 2 + 4 shown + 4 warming would be 10, over the limit of 9.
    for (const code of ['T9', 'T10']) {
      const ws = new WebSocket(`${hall.url.replace('http', 'ws')}/api/video/live/${cameras[code]!.id}?stream=sub&token=${encodeURIComponent(admin)}`);
      sockets.push(ws);
      await new Promise((resolve, reject) => ws.once('message', resolve).once('error', reject));
    }
    await startTour(page, tours.slow!);
    await page.getByTestId('tour-state').filter({ hasText: `下一组未预热：将超过转发上限（${MAX_RELAYS} 路）` }).waitFor({ timeout: 60_000 });
    expect(await page.locator('[data-testid="video-wall"] .layer[data-role="warm"]').count()).toBe(0);
    await hall.screenshot('video-tour-warm-skipped');
    await until(() => switches(page), (s) => s.length >= 4, 'a switch of four tiles', 60_000);
    // The previous group's relays are idle now: they make room, and the new group plays.
    for (let i = 0; i < 4; i++) await tileState(page, i).filter({ hasText: '直播' }).waitFor({ timeout: 60_000 });
    expect(hall.consoleErrors).toEqual([]);
  });
});
