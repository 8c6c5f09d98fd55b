// The command wall on the FULL-size demo county (≈ 7,900 buildings, 172,000 components):
//  - the buildings tileset: generation time and size, beside reading and parsing the same
//    footprints (the floor any generator pays) and their GeoJSON size;
//  - base-map tiles: drawing one cold, beside serving it from the disk cache;
//  - in Chromium: time from opening the wall to its first frame and to the first frame with
//    data (cold: tiles drawn for the first time; warm: a reload), and frame time with every layer
//    against the same view with no layer, in one run. Software WebGL (SwiftShader) draws at
//    1–2 fps, so the absolute frame times say little about a hall GPU: read the ratio.
// Run: node --import tsx bench/wall.bench.ts   (npm run bench wall)
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startCounty } from '../core/index.js';
import { silentLogger } from '../core/runtime/log.js';
import { BuildingStore } from '../core/base/buildings/store.js';
import { chromiumFlags, ensureConsoleBuilt } from '../tests/e2e/harness.js';
import { fmt, percentile, printSection, tempDir, type Figure } from './harness.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const password = 'bench-Wall-2026';
const FRAME_WINDOW_MS = 20_000;
const SCENE_TIMEOUT = 600_000;

interface WallAutomation {
  status(): { firstFrameMs: number; firstDataFrameMs: number; completeMs: number; counts: Record<string, number> };
  home(): void;
  setLayers(on: string[]): void;
  measureFrames(ms: number): Promise<{ frames: number; meanMs: number; p95Ms: number }>;
}
declare const window: { gridhallWall: WallAutomation };

await ensureConsoleBuilt();
const { dir, cleanup } = tempDir('wall');
process.stdout.write('generating the full demo county (first start)...\n');
const running = await startCounty({ dataDir: dir, port: 0, host: '127.0.0.1', demoSize: 'full', adminPassword: password, log: silentLogger, rendererDir: path.join(root, 'dist', 'renderer') }, {});
const ctx = running.county;

try {
  // ---- the buildings tileset ------------------------------------------------------------
  const buildings = new BuildingStore(ctx.db);
  const readStart = performance.now();
  let footprintBytes = 0;
  let count = 0;
  for await (const b of buildings.each()) {
    JSON.parse(b.footprint);
    footprintBytes += b.footprint.length + 60; // + properties of a GeoJSON feature
    count++;
  }
  const readMs = performance.now() - readStart;
  const genStart = performance.now();
  const row = await ctx.tilesets.ensureBuildings();
  const genMs = performance.now() - genStart;
  printSection(`Buildings tileset (${count.toLocaleString('en')} buildings)`, [
    { name: 'generation (quadtree, GLB, write)', value: genMs, unit: 'ms' },
    { name: 'baseline: read + parse footprints', value: readMs, unit: 'ms', note: `generation is ${fmt(genMs / readMs)}× the read` },
    { name: 'tiles', value: row?.tiles ?? 0, unit: '' },
    { name: 'tileset size', value: (row?.bytes ?? 0) / 1e6, unit: 'MB', note: `${fmt((row?.bytes ?? 0) / count, 0)} bytes per building` },
    { name: 'baseline: footprints as GeoJSON', value: footprintBytes / 1e6, unit: 'MB' },
  ]);

  // ---- base-map tiles --------------------------------------------------------------------
  const county = (await ctx.county.get())!;
  const tileAt = (z: number, dx: number, dy: number) => {
    const n = 2 ** z;
    const s = Math.sin((county.centerLat * Math.PI) / 180);
    return { z, x: Math.floor(((county.centerLon + 180) / 360) * n) + dx, y: Math.floor((0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * n) + dy };
  };
  await ctx.basemap.info(); // builds the map index once
  const tileFigures: Figure[] = [];
  for (const z of [13, 15, 17, 19]) {
    const cold: number[] = [];
    const warm: number[] = [];
    // Up to 9 tiles around the centre that lie in the county (at z13 the county is one or two tiles).
    for (const [dx, dy] of [[0, 0], [1, 0], [0, 1], [-1, 0], [0, -1], [1, 1], [-1, -1], [1, -1], [-1, 1]] as const) {
      const t0 = performance.now();
      const png = await ctx.basemap.tile(tileAt(z, dx, dy));
      if (!png) continue;
      cold.push(performance.now() - t0);
      const t1 = performance.now();
      await ctx.basemap.tile(tileAt(z, dx, dy));
      warm.push(performance.now() - t1);
    }
    tileFigures.push({ name: `z${z} tile drawn (median of ${cold.length})`, value: percentile(cold, 50), unit: 'ms', note: `from the disk cache: ${fmt(percentile(warm, 50), 2)} ms` });
  }
  printSection('Base-map tiles', tileFigures);

  // ---- the wall in Chromium --------------------------------------------------------------
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: chromiumFlags });
  try {
    const page = await (await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' })).newPage();
    await page.goto(running.url + '/login');
    await page.getByLabel(/用户名/).fill('admin');
    await page.getByLabel(/密码/).fill(password);
    await page.getByLabel(/密码/).press('Enter');
    await page.waitForURL(/\/wall/);
    const open = async () => {
      await page.goto(running.url + '/wall?playlist=0&lite=0');
      await page.locator('[data-testid="wall-globe"][data-layers-ready="true"][data-globe-ready="true"]').waitFor({ timeout: SCENE_TIMEOUT });
      await page.waitForFunction(() => window.gridhallWall.status().firstDataFrameMs > 0 && window.gridhallWall.status().completeMs > 0, undefined, { timeout: SCENE_TIMEOUT });
      return page.evaluate(() => window.gridhallWall.status());
    };
    const cold = await open();
    const warm = await open();
    printSection('Opening the wall (full quality, software WebGL, 1920×1080)', [
      { name: 'first frame, cold', value: cold.firstFrameMs, unit: 'ms' },
      { name: 'first frame with data, cold', value: cold.firstDataFrameMs, unit: 'ms', note: 'every layer has its data' },
      { name: 'whole view in, cold', value: cold.completeMs, unit: 'ms', note: 'base-map tiles drawn for the first time, all building tiles' },
      { name: 'first frame, warm', value: warm.firstFrameMs, unit: 'ms' },
      { name: 'first frame with data, warm', value: warm.firstDataFrameMs, unit: 'ms' },
      { name: 'whole view in, warm', value: warm.completeMs, unit: 'ms', note: 'base-map tiles from the disk cache' },
      { name: 'components drawn', value: warm.counts.components ?? 0, unit: '' },
      { name: 'open cases drawn', value: warm.counts.cases ?? 0, unit: '' },
    ]);

    await page.evaluate(() => window.gridhallWall.home());
    await page.evaluate(() => window.gridhallWall.setLayers(['buildings', 'grids', 'components', 'cases', 'cameras', 'vehicles', 'sensors']));
    await page.waitForTimeout(5000);
    const all = await page.evaluate((ms) => window.gridhallWall.measureFrames(ms), FRAME_WINDOW_MS);
    await page.evaluate(() => window.gridhallWall.setLayers([]));
    await page.waitForTimeout(5000);
    const none = await page.evaluate((ms) => window.gridhallWall.measureFrames(ms), FRAME_WINDOW_MS);
    printSection('Frame time at the home view (same run, same view)', [
      { name: 'every layer (buildings, grids, 172k components, cases, devices)', value: all.meanMs, unit: 'ms/frame', note: `p95 ${fmt(all.p95Ms)} ms, ${all.frames} frames in ${FRAME_WINDOW_MS / 1000} s` },
      { name: 'baseline: no layer (globe and base map)', value: none.meanMs, unit: 'ms/frame', note: `p95 ${fmt(none.p95Ms)} ms, ${none.frames} frames` },
      { name: 'ratio', value: all.meanMs / none.meanMs, unit: '×', note: 'SwiftShader on 2 shared cores: a hall GPU is 10-100× faster; compare ratios' },
    ]);
  } finally {
    await browser.close();
  }
} finally {
  await running.close();
  cleanup();
}
