// The video wall in Chromium, as a dispatcher uses it: drag four simulated cameras onto a
// 4-tile wall and see them really decode; steer the PTZ camera and see its picture move;
// a source dies and the tile says it is reconnecting, then plays again; a snapshot lands on
// a case; an enlarged tile plays the main stream while the others stop; the relay limit
// shows its message; a layout is saved by name.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CameraView, RelaysResponse } from '../../core/contract/index.js';
import { hashPassword } from '../../core/base/people/passwords.js';
import { SimFleet, simPassword } from '../../core/demo/sim/cameras/fleet.js';
import { openHall, type Hall } from './harness.js';
import { until } from '../support/until.js';

const adminPassword = 'e2e-Admin-密码-2026';
let hall: Hall;
let fleet: SimFleet;
const cameras: CameraView[] = [];
let caseId = 0;
let dispatcherToken = '';

async function api<T>(method: string, route: string, token: string, body?: unknown): Promise<T> {
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

/**
 * Page-side helpers, as text (the tests are type-checked without the DOM library): frames
 * decoded per tile, and the middle band of a tile's frame as 64×36 grey levels (the OSD text
 * is in the top and bottom bands).
 */
const PAGE_HELPERS = `
  window.__wallFrames = () => [...document.querySelectorAll('[data-testid="video-wall"] [data-tile] video')].map((v) => v.getVideoPlaybackQuality().totalVideoFrames);
  window.__tileBand = (tile) => {
    const video = document.querySelector('[data-tile="' + tile + '"] video');
    const canvas = document.createElement('canvas');
    canvas.width = 64;
    canvas.height = 36;
    const g = canvas.getContext('2d');
    g.drawImage(video, 0, 0, 64, 36);
    const data = g.getImageData(0, 8, 64, 20).data;
    const out = [];
    for (let i = 0; i < data.length; i += 4) out.push(Math.round((data[i] + data[i + 1] + data[i + 2]) / 3));
    return out;
  };
`;

async function framesDecoded(page: Page): Promise<number[]> {
  await page.evaluate(PAGE_HELPERS);
  return page.evaluate<number[]>('window.__wallFrames()');
}

async function middleBand(page: Page, tile: number): Promise<number[]> {
  await page.evaluate(PAGE_HELPERS);
  return page.evaluate<number[]>(`window.__tileBand(${tile})`);
}

const meanDifference = (a: number[], b: number[]) => a.reduce((sum, v, i) => sum + Math.abs(v - b[i]!), 0) / a.length;
const spread = (a: number[]) => {
  const mean = a.reduce((s, v) => s + v, 0) / a.length;
  return Math.sqrt(a.reduce((s, v) => s + (v - mean) ** 2, 0) / a.length);
};


const tileState = (page: Page, tile: number) => page.locator(`[data-tile="${tile}"] [data-testid="tile-state"]`);

beforeAll(async () => {
  fleet = await SimFleet.start({
    cameras: [
      { code: 'W1', name: '人民路与解放路交叉口', username: 'admin', password: simPassword(), ptz: true, look: 1 },
      { code: 'W2', name: '东门菜市场', username: 'admin', password: simPassword(), ptz: false, look: 2 },
      { code: 'W3', name: '实验小学南门', username: 'admin', password: simPassword(), ptz: false, look: 3 },
      { code: 'W4', name: '滨江公园广场', username: 'admin', password: simPassword(), ptz: false, look: 4 },
      { code: 'W5', name: '火车站北广场', username: 'admin', password: simPassword(), ptz: false, look: 5 },
      { code: 'W6', name: '新装摄像机', username: 'admin', password: simPassword(), ptz: true, look: 6 },
    ],
  });
  // Four streams watched at once fit; a fifth is over the limit. Relays nobody watches make
  // room (the enlarged tile's main stream takes the place of an idle sub-stream, and back).
  hall = await openHall({ adminPassword, county: { videoMaxRelays: 4, videoRelayIdleMs: 120_000 } });
  const admin = await login('admin', adminPassword);
  for (const [i, d] of fleet.devices().filter((x) => x.code !== 'W6').entries()) {
    cameras.push(
      await api<CameraView>('POST', '/api/cameras', admin, { code: d.code, name: d.name, kind: i === 0 ? 'police' : 'city', lon: 118.1 + i * 0.001, lat: 28.4, address: d.address, username: d.username, password: d.password }),
    );
  }
  await hall.county.county.authStore.createUser({ username: 'dispatcher7', displayName: '派遣员七', passwordHash: await hashPassword('dispatcher-pass-7'), roles: ['dispatcher'] }, Date.now());
  dispatcherToken = await login('dispatcher7', 'dispatcher-pass-7');
  const dictionary = await api<{ classes: { kind: string; level: string; code: string }[] }>('GET', '/api/dictionary', dispatcherToken);
  const eventClass = dictionary.classes.find((c) => c.kind === 'event' && c.level === 'small')!.code;
  const filed = await api<{ case: { id: number } }>('POST', '/api/cases', dispatcherToken, { kind: 'event', classCode: eventClass, description: '路口占道经营', source: 'video', lon: 118.1, lat: 28.4 });
  caseId = filed.case.id;
});

afterAll(async () => {
  await hall?.close();
  await fleet?.close();
});

describe('the video wall', () => {
  it('plays four cameras dragged onto a 4-tile wall: frames really decode and show the test pictures', async () => {
    const { page } = hall;
    await page.goto(hall.url + '/video');
    await page.getByLabel(/用户名|Username/).fill('dispatcher7');
    await page.getByLabel(/密码|Password/).fill('dispatcher-pass-7');
    await page.getByLabel(/密码|Password/).press('Enter');
    await page.waitForURL(/\/video/);
    await page.getByRole('button', { name: '4 画面' }).click();
    const list = page.getByTestId('camera-list');
    for (let i = 0; i < 4; i++) await list.locator(`li[data-camera-id="${cameras[i]!.id}"]`).dragTo(page.locator(`[data-tile="${i}"]`));

    for (let i = 0; i < 4; i++) await tileState(page, i).filter({ hasText: '直播' }).waitFor({ timeout: 60_000 });
    const before = await framesDecoded(page);
    const after = await until(() => framesDecoded(page), (now) => now.length === 4 && now.every((n, i) => n >= before[i]! + 15), 'frames to decode on every tile', 60_000);
    expect(after.every((n, i) => n > before[i]!)).toBe(true);

    // Each tile shows a picture (not black, not flat), and each a different one.
    const bands = await Promise.all([0, 1, 2, 3].map((i) => middleBand(page, i)));
    for (const band of bands) expect(spread(band)).toBeGreaterThan(10);
    expect(meanDifference(bands[0]!, bands[1]!)).toBeGreaterThan(10);
    await hall.screenshot('video-wall-4');
  });

  it('steers the PTZ camera from the pad and its picture moves', async () => {
    const { page } = hall;
    await page.locator('[data-tile="0"]').click();
    const head = fleet.camera('W1')!.head;
    const start = head.current.pan;
    const before = await middleBand(page, 0);
    const direction = start > 0 ? '左' : '右';
    await page.getByRole('button', { name: direction, exact: true }).hover();
    await page.mouse.down();
    await until(() => Math.abs(head.current.pan - start), (moved) => moved > 0.3, 'the head to turn', 60_000);
    await page.mouse.up();
    await until(() => head.moving, (moving) => !moving, 'the head to stop', 60_000);
    const moved = await until(async () => meanDifference(before, await middleBand(page, 0)), (d) => d > 10, 'the picture to move', 60_000);
    expect(moved).toBeGreaterThan(10);
    await hall.screenshot('video-wall-ptz');
  });

  it('shows "reconnecting" when a source dies, then plays again', async () => {
    const { page } = hall;
    fleet.setStreamDown('W2', true);
    await tileState(page, 1).filter({ hasText: '重连中' }).waitFor({ timeout: 30_000 });
    await page.locator('[data-tile="1"] .veil').filter({ hasText: '重连中' }).waitFor();
    await hall.screenshot('video-wall-reconnecting');
    const framesWhenDown = (await framesDecoded(page))[1]!;
    fleet.setStreamDown('W2', false);
    await tileState(page, 1).filter({ hasText: '直播' }).waitFor({ timeout: 60_000 });
    await until(async () => (await framesDecoded(page))[1]!, (n) => n > 10 && n !== framesWhenDown, 'frames again', 60_000);
  });

  it('keeps a snapshot as evidence on an open case', async () => {
    const { page } = hall;
    await page.locator('[data-tile="0"]').click();
    await page.locator('aside button.snapshot').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByTestId('evidence-still').waitFor();
    await dialog.locator('label').filter({ hasText: '路口占道经营' }).click();
    await hall.screenshot('video-evidence-dialog');
    await dialog.getByRole('button', { name: '附加到案件' }).click();
    await dialog.getByRole('status').filter({ hasText: '已附加到案件' }).waitFor();
    const detail = await api<{ attachments: { kind: string; mime: string }[] }>('GET', `/api/cases/${caseId}`, dispatcherToken);
    expect(detail.attachments).toEqual([expect.objectContaining({ kind: 'snapshot', mime: 'image/jpeg' })]);
    await dialog.getByRole('button', { name: '关闭' }).click();
  });

  it('plays the main stream in an enlarged tile while the other tiles stop streaming', async () => {
    const { page } = hall;
    await page.locator('[data-tile="0"]').getByRole('button', { name: '放大（主码流）' }).click();
    await tileState(page, 0).filter({ hasText: '直播' }).waitFor({ timeout: 60_000 });
    expect(await page.locator('[data-testid="video-wall"] [data-tile]').count()).toBe(1);
    const relays = await until(
      () => api<RelaysResponse>('GET', '/api/video/relays', dispatcherToken),
      (r) => r.relays.some((x) => x.stream === 'main' && x.viewers === 1) && r.relays.filter((x) => x.stream === 'sub').every((x) => x.viewers === 0),
      'only the enlarged tile to stream',
      60_000,
    );
    expect(relays.relays.find((x) => x.stream === 'main')).toMatchObject({ cameraId: cameras[0]!.id, width: 1280, height: 720 });
    await page.locator('[data-tile="0"]').getByRole('button', { name: '返回多画面' }).click();
    for (let i = 0; i < 4; i++) await tileState(page, i).filter({ hasText: '直播' }).waitFor({ timeout: 60_000 });
  });

  it('says so when the relay limit is reached', async () => {
    const { page } = hall;
    await page.getByRole('button', { name: '9 画面' }).click();
    await page.getByTestId('camera-list').locator(`li[data-camera-id="${cameras[4]!.id}"]`).dragTo(page.locator('[data-tile="4"]'));
    await page.locator('[data-tile="4"] .veil').filter({ hasText: '转发路数已达上限' }).waitFor({ timeout: 30_000 });
    await page.locator('[data-tile="4"] .veil').filter({ hasText: '上限 4 路' }).waitFor();
    await hall.screenshot('video-wall-limit');
    await page.locator('[data-tile="4"]').getByRole('button', { name: '移出画面' }).click();
  });

  it('saves the wall as a named layout', async () => {
    const { page } = hall;
    await page.getByRole('button', { name: '保存布局' }).click();
    await page.getByLabel('布局名称').fill('路口九画面');
    await page.getByRole('button', { name: '保存', exact: true }).click();
    await page.getByRole('status').filter({ hasText: '布局“路口九画面”已保存' }).waitFor();
    expect(await page.getByRole('combobox', { name: '已存布局' }).locator('option').allInnerTexts()).toContain('路口九画面（9）');
  });

  it('lets the admin find a new camera on the loopback interface and register it by its address', async () => {
    const { page } = hall;
    await page.getByRole('button', { name: '退出登录' }).click();
    await page.getByLabel(/用户名|Username/).fill('admin');
    await page.getByLabel(/密码|Password/).fill(adminPassword);
    await page.getByLabel(/密码|Password/).press('Enter');
    await page.getByRole('link', { name: '视频墙' }).click();
    await page.getByRole('button', { name: '＋ 添加摄像机' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('tab', { name: '局域网扫描' }).click();
    await dialog.getByLabel('扫描网卡').selectOption('127.0.0.1');
    await dialog.getByRole('button', { name: '开始扫描' }).click();
    const fresh = dialog.locator('tr').filter({ hasText: fleet.device('W6')!.address });
    await fresh.waitFor({ timeout: 20_000 });
    expect(await dialog.locator('tr').filter({ hasText: fleet.device('W1')!.address }).getByText('已登记').count()).toBe(1);
    await fresh.getByRole('button', { name: '填入地址' }).click();
    expect(await dialog.getByLabel('ONVIF 设备地址').inputValue()).toBe(fleet.device('W6')!.address);
    expect(await dialog.getByLabel('名称').inputValue()).toBe('新装摄像机');
    await dialog.getByLabel('密码').fill('not-the-password');
    await dialog.getByRole('button', { name: '添加并检测' }).click();
    await dialog.getByRole('status').filter({ hasText: '认证失败' }).waitFor({ timeout: 30_000 });
    await hall.screenshot('video-admin-wrong-password');
    // The list follows the video.cameras event: wait for it rather than count at once.
    await expect.poll(() => page.getByTestId('camera-list').getByText('新装摄像机').count(), { timeout: 30_000 }).toBe(1);
    await dialog.getByRole('button', { name: '关闭' }).click();
    expect(hall.consoleErrors).toEqual([]);
    expect(hall.outsideRequests).toEqual([]);
  });
});
