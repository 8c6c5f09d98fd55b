// 地下管线 in Chromium (software WebGL): a gas main imported through the county's importer is
// drawn under the ground in its colour (pink) where the layer shows it, and not when the layer
// is off (pixel check on screenshots); a click on it opens its attributes; and a case filed
// beside it lists it, with its owner, in the workbench's case detail.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactsDir, openHall, type Hall } from './harness.js';

const adminPassword = 'e2e-Pipes-密码-2026';
const SCENE_TIMEOUT = 200_000;
let hall: Hall;
let token: string;
let dir: string;
let mid: { lon: number; lat: number };

interface WallAutomation {
  status(): { counts: Record<string, number>; ready: Record<string, boolean>; globe: boolean; selection: unknown };
  render(): void;
  setLayers(on: string[]): void;
  loadPipelines(): Promise<void>;
  lookAt(lon: number, lat: number, rangeM: number, pitchDeg: number, headingDeg?: number): void;
  screenPosition(lon: number, lat: number, height?: number): { x: number; y: number } | null;
}
declare const window: { gridhallWall: WallAutomation };
declare function requestAnimationFrame(callback: (time: number) => void): number;

async function api<T>(method: string, route: string, body?: unknown, as = token): Promise<T> {
  const res = await fetch(hall.url + route, { method, headers: { authorization: `Bearer ${as}`, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
  if (!res.ok) throw new Error(`${method} ${route}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** A screenshot into tests/artifacts/e2e/; software WebGL under load can hold a frame for tens of seconds. */
async function shot(name: string): Promise<string> {
  mkdirSync(artifactsDir, { recursive: true });
  const file = path.join(artifactsDir, `${name}.png`);
  await hall.page.screenshot({ path: file, timeout: 180_000 });
  return file;
}

async function settle(page: Page, frames = 6): Promise<void> {
  await page.evaluate(() => window.gridhallWall.render());
  for (let k = 0; k < frames; k++) await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
}

/** Pixels near a screen point of the gas colour (#ff5fc8: red and blue well above green), seen through the ground (about 145, 69, 142). */
async function pinkNear(file: string, at: { x: number; y: number }, radius = 60): Promise<number> {
  const image = await loadImage(readFileSync(file));
  const canvas = createCanvas(image.width, image.height);
  const g = canvas.getContext('2d');
  g.drawImage(image, 0, 0);
  const x0 = Math.max(0, Math.round(at.x - radius));
  const y0 = Math.max(0, Math.round(at.y - radius));
  const { data } = g.getImageData(x0, y0, radius * 2, radius * 2);
  let n = 0;
  for (let k = 0; k < data.length; k += 4) {
    const [r, gr, b] = [data[k]!, data[k + 1]!, data[k + 2]!];
    if (r > 110 && r - gr > 40 && b - gr > 25) n++;
  }
  return n;
}

beforeAll(async () => {
  hall = await openHall({ adminPassword });
  const login = await fetch(`${hall.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: adminPassword }) });
  token = ((await login.json()) as { token: string }).token;
  // Only the imported main on the map: the demo's own network is cleared, so the pink is ours.
  await hall.county.county.db.exec('DELETE FROM pipelines; DELETE FROM pipe_wells;');
  const county = await api<{ county: { center: { lon: number; lat: number } } }>('GET', '/api/health');
  const { lon, lat } = county.county.center;
  mid = { lon: lon + 0.0012, lat: lat + 0.0009 };
  dir = mkdtempSync(path.join(os.tmpdir(), 'gridhall-e2e-pipes-'));
  const file = path.join(dir, 'gas.geojson');
  writeFileSync(
    file,
    JSON.stringify({
      type: 'FeatureCollection',
      features: [{ type: 'Feature', properties: { 管线编号: 'RQ-E2E-01', 管线类型: '燃气', 管径: 'DN400', 埋深: 1.2, 材质: '钢', 权属单位: '青禾华润燃气有限公司', 建设年代: 2011 }, geometry: { type: 'LineString', coordinates: [[mid.lon - 0.0012, mid.lat], [mid.lon + 0.0012, mid.lat]] } }],
    }),
  );
  const form = new FormData();
  form.append('file', new Blob([readFileSync(file)]), 'gas.geojson');
  const up = (await (await fetch(`${hall.url}/api/imports/uploads`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form })).json()) as { uploadId: string };
  const job = await api<{ id: number }>('POST', '/api/imports', { uploadId: up.uploadId, target: 'pipelines' });
  for (;;) {
    const j = await api<{ status: string; report?: { counts: { inserted: number } } }>('GET', `/api/imports/${job.id}`);
    if (j.status !== 'running') {
      expect(j.status).toBe('done');
      expect(j.report!.counts.inserted).toBe(1);
      break;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}, 300_000);

afterAll(async () => {
  await hall?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the pipelines layer', () => {
  it('draws the imported gas main under the ground in its colour, and only while the layer shows', async () => {
    const { page } = hall;
    await page.goto(hall.url + '/login');
    await page.getByLabel(/用户名|Username/).fill('admin');
    await page.getByLabel(/密码|Password/).fill(adminPassword);
    await page.getByLabel(/密码|Password/).press('Enter');
    await page.waitForURL(/\/wall/);
    await page.goto(hall.url + '/wall?playlist=0');
    await page.locator('[data-testid="wall-globe"][data-layers-ready="true"]').waitFor({ timeout: SCENE_TIMEOUT });
    await page.evaluate(() => window.gridhallWall.setLayers([]));
    await page.evaluate(({ lon, lat }) => window.gridhallWall.lookAt(lon, lat, 180, 35, 15), mid);
    await settle(page);
    const at = (await page.evaluate(({ lon, lat }) => window.gridhallWall.screenPosition(lon, lat, -1.2), mid))!;
    expect(at).not.toBeNull();
    const off = await shot('pipelines-off');
    await page.evaluate(() => window.gridhallWall.setLayers(['pipelines']));
    await page.evaluate(() => window.gridhallWall.loadPipelines());
    await page.waitForFunction(() => window.gridhallWall.status().counts.pipelines === 1 && window.gridhallWall.status().ready.pipelines, undefined, { timeout: SCENE_TIMEOUT });
    await settle(page);
    const on = await shot('pipelines-on');
    const pinkOn = await pinkNear(on, at);
    const pinkOff = await pinkNear(off, at);
    expect(pinkOff).toBeLessThan(20);
    expect(pinkOn).toBeGreaterThan(300);
    // A click on the tube opens its attributes.
    await page.mouse.click(at.x, at.y);
    await page.locator('[data-testid="pipe-code"]').waitFor({ timeout: 60_000 });
    expect(await page.locator('[data-testid="pipe-code"]').textContent()).toBe('RQ-E2E-01');
    expect(await page.locator('[data-testid="underground-card"]').textContent()).toContain('青禾华润燃气有限公司');
    await shot('pipelines-card');
  }, SCENE_TIMEOUT * 2);

  it('lists the main, with its owner, in the detail of a case filed beside it', async () => {
    // The hotline operator files it (the demo's staff share the admin's password here).
    const login = await fetch(`${hall.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'acceptor01', password: adminPassword }) });
    const acceptor = ((await login.json()) as { token: string }).token;
    const filed = await api<{ case: { id: number } }>('POST', '/api/cases', {
      source: 'hotline',
      kind: 'event',
      classCode: '0406',
      description: '路面冒气味，疑似燃气泄漏',
      lon: mid.lon + 0.0002,
      lat: mid.lat + 0.0001,
    }, acceptor);
    const { page } = hall;
    await page.goto(`${hall.url}/workbench?case=${filed.case.id}`);
    const list = page.locator('[data-testid="case-pipes"]');
    await list.waitFor({ timeout: 60_000 });
    const text = await list.textContent();
    expect(text).toContain('RQ-E2E-01');
    expect(text).toContain('青禾华润燃气有限公司');
    expect(text).toContain('燃气');
    await shot('pipelines-case');
    expect(hall.consoleErrors).toEqual([]);
    expect(hall.outsideRequests).toEqual([]);
  }, 120_000);
});
