// The wall's frame time with the underground-pipelines layer on and off, in one run, at one
// street-level view over the demo county (small by default: ≈ 1,250 pipe segments and 1,100
// wells; BENCH_SIZE=full: ≈ 15,000 and 12,000). "On" draws the tubes and wells and makes the
// ground see-through near the camera; "off" is the same view with the same other layers.
// Software WebGL (SwiftShader) on shared cores: read the ratio, not the milliseconds.
// Run: node --import tsx bench/pipelines.bench.ts
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startCounty } from '../core/index.js';
import { silentLogger } from '../core/runtime/log.js';
import { chromiumFlags, ensureConsoleBuilt } from '../tests/e2e/harness.js';
import { fmt, printSection, tempDir } from './harness.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const password = 'bench-Pipes-2026';
const SIZE = (process.env.BENCH_SIZE ?? 'small') as 'small' | 'full';
const FRAME_WINDOW_MS = Number(process.env.BENCH_FRAME_MS ?? 30_000);
const TIMEOUT = 600_000;

interface WallAutomation {
  status(): { counts: Record<string, number>; ready: Record<string, boolean> };
  setLayers(on: string[]): void;
  loadPipelines(): Promise<void>;
  lookAt(lon: number, lat: number, rangeM: number, pitchDeg: number, headingDeg?: number): void;
  measureFrames(ms: number): Promise<{ frames: number; meanMs: number; p95Ms: number }>;
}
declare const window: { gridhallWall: WallAutomation };

await ensureConsoleBuilt();
const { dir, cleanup } = tempDir('pipes');
process.stdout.write(`generating the ${SIZE} demo county...\n`);
const running = await startCounty({ dataDir: dir, port: 0, host: '127.0.0.1', demoSize: SIZE, adminPassword: password, log: silentLogger, videoSim: false, rendererDir: path.join(root, 'dist', 'renderer') }, {});
const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');
try {
  const county = (await running.county.county.get())!;
  const pipes = (await running.county.db.statement<{ n: number }>('bench.pipes', 'SELECT count(*) AS n FROM pipelines').get())!.n;
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: chromiumFlags });
  try {
    const page = await (await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' })).newPage();
    await page.goto(running.url + '/login');
    await page.getByLabel(/用户名/).fill('admin');
    await page.getByLabel(/密码/).fill(password);
    await page.getByLabel(/密码/).press('Enter');
    await page.waitForURL(/\/wall/);
    await page.goto(running.url + '/wall?playlist=0');
    await page.locator('[data-testid="wall-globe"][data-layers-ready="true"]').waitFor({ timeout: TIMEOUT });
    const view = { lon: county.centerLon, lat: county.centerLat };
    await page.evaluate((v) => window.gridhallWall.lookAt(v.lon, v.lat, 400, 35, 20), view);
    // Baseline first: the same view and layers without the pipelines (never shown yet).
    await page.evaluate(() => window.gridhallWall.setLayers(['buildings', 'cases']));
    await page.waitForTimeout(5000);
    const loadOff = load();
    const off = await page.evaluate((ms) => window.gridhallWall.measureFrames(ms), FRAME_WINDOW_MS);
    const loadStart = Date.now();
    await page.evaluate(() => window.gridhallWall.setLayers(['buildings', 'cases', 'pipelines']));
    await page.evaluate(() => window.gridhallWall.loadPipelines());
    await page.waitForFunction(() => window.gridhallWall.status().ready.pipelines && (window.gridhallWall.status().counts.pipelines ?? 0) > 0, undefined, { timeout: TIMEOUT, polling: 500 });
    const readyMs = Date.now() - loadStart;
    await page.waitForTimeout(5000);
    const loadOn = load();
    const on = await page.evaluate((ms) => window.gridhallWall.measureFrames(ms), FRAME_WINDOW_MS);
    printSection(`Wall frame time, pipelines on and off (${SIZE} demo, ${pipes.toLocaleString('en')} pipes, street view 400 m, software WebGL, lite)`, [
      { name: 'pipelines on (tubes, wells, see-through ground)', value: on.meanMs, unit: 'ms/frame', note: `p95 ${fmt(on.p95Ms)} ms, ${on.frames} frames in ${FRAME_WINDOW_MS / 1000} s, load ${loadOn}` },
      { name: 'baseline: pipelines off (same view, buildings and cases)', value: off.meanMs, unit: 'ms/frame', note: `p95 ${fmt(off.p95Ms)} ms, ${off.frames} frames, load ${loadOff}` },
      { name: 'ratio on ÷ off', value: on.meanMs / off.meanMs, unit: '×' },
      { name: 'layer shown to tubes drawn (fetch, geometry in workers)', value: readyMs, unit: 'ms' },
    ]);
  } finally {
    await browser.close();
  }
} finally {
  await running.close();
  cleanup();
}
