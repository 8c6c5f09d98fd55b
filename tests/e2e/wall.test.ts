// The command wall as the hall sees it, on the small demo county in real Chromium with software
// WebGL (lite mode, chosen by itself): it loads with no console error and no outside request; the globe is drawn and
// the buildings show (pixel checks at the home view); a case filed through the API appears on the
// map and in the ticker; clicking a component shows its 16-digit ID; the layout fits 1280×720,
// a 3840×1080 and a 5760×2160 wall, and on each design the title bar, tabs, panels, legend and
// ticker keep their share of the stage. Screenshots go to tests/artifacts/e2e/.
import { loadImage, createCanvas } from '@napi-rs/canvas';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openHall, type Hall } from './harness.js';

const adminPassword = 'e2e-Wall-密码-2026';
/** Lite mode is chosen by itself under software WebGL (the first test checks it). */
const WALL = '/wall?playlist=0';
/** Software WebGL draws about a frame a second: loading the whole scene takes tens of seconds, minutes on a machine shared by many test runs. */
const SCENE_TIMEOUT = 240_000;

let hall: Hall;

// Browser globals used inside page.evaluate (this file is type-checked without the DOM library).
interface WallAutomation {
  status(): WallStatus;
  render(): void;
  home(): void;
  screenPosition(lon: number, lat: number): { x: number; y: number } | null;
}
interface BoxRect {
  left: number;
  right: number;
  top: number;
  bottom: number;
  width: number;
}
interface BrowserElement {
  getBoundingClientRect(): BoxRect;
  getAttribute(name: string): string | null;
  className: string;
  scrollHeight: number;
  clientHeight: number;
  scrollWidth: number;
  clientWidth: number;
  parentElement: BrowserElement | null;
}
declare const window: { gridhallWall: WallAutomation; innerWidth: number; innerHeight: number };
declare const document: {
  querySelector(selector: string): BrowserElement | null;
  querySelectorAll(selector: string): Iterable<BrowserElement>;
  documentElement: { scrollWidth: number; scrollHeight: number };
};
declare function requestAnimationFrame(callback: (time: number) => void): number;

interface WallStatus {
  globe: boolean;
  buildings: boolean;
  layers: boolean;
  counts: Record<string, number>;
}

async function signIn(page: Page, url: string): Promise<void> {
  await page.goto(url + '/login');
  await page.getByLabel(/用户名|Username/).fill('admin');
  await page.getByLabel(/密码|Password/).fill(adminPassword);
  await page.getByLabel(/密码|Password/).press('Enter');
  await page.waitForURL(/\/wall/);
}

async function openWall(page: Page, url: string, query = WALL): Promise<void> {
  await page.goto(url + query);
  await page.locator('[data-testid="wall-globe"][data-layers-ready="true"][data-globe-ready="true"][data-buildings-ready="true"]').waitFor({ timeout: SCENE_TIMEOUT });
}

const status = (page: Page) => page.evaluate(() => window.gridhallWall.status());

/** Lets Cesium draw what was asked of it (it renders on request in lite mode, once a frame). */
async function settle(page: Page): Promise<void> {
  await page.evaluate(() => window.gridhallWall.render());
  await page.waitForFunction(() => window.gridhallWall.status().globe, undefined, { timeout: SCENE_TIMEOUT });
  for (let k = 0; k < 3; k++) await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
}

/** Pixels of a screenshot region: RGBA bytes. */
async function pixels(png: Buffer): Promise<{ data: Uint8ClampedArray; width: number; height: number }> {
  const image = await loadImage(png);
  const canvas = createCanvas(image.width, image.height);
  const g = canvas.getContext('2d');
  g.drawImage(image, 0, 0);
  return { data: g.getImageData(0, 0, image.width, image.height).data, width: image.width, height: image.height };
}

/**
 * Pixel statistics of the ground: distinct colours (4 bits a channel), the share of the most
 * common one, the spread of brightness, and the shares of street-, water- and green-like pixels.
 */
function groundStatistics(image: { data: Uint8ClampedArray }): {
  distinct: number;
  dominantShare: number;
  lumaSpread: number;
  share: { street: number; water: number; green: number };
} {
  const counts = new Map<number, number>();
  let n = 0;
  let sum = 0;
  let sumSq = 0;
  const hits = { street: 0, water: 0, green: 0 };
  const d = image.data;
  for (let k = 0; k < d.length; k += 4) {
    const [r, g, b] = [d[k]!, d[k + 1]!, d[k + 2]!];
    const key = (r >> 4) * 256 + (g >> 4) * 16 + (b >> 4);
    counts.set(key, (counts.get(key) ?? 0) + 1);
    const luma = 0.3 * r + 0.59 * g + 0.11 * b;
    sum += luma;
    sumSq += luma * luma;
    n++;
    if (r > 85 && g > 110 && b > 140) hits.street++;
    else if (b > 110 && b > r + 60 && b > g + 15) hits.water++;
    else if (g > 60 && g > r + 25 && g > b + 5) hits.green++;
  }
  const mean = sum / n;
  return {
    distinct: counts.size,
    dominantShare: Math.max(...counts.values()) / n,
    lumaSpread: Math.sqrt(Math.max(0, sumSq / n - mean * mean)),
    share: { street: hits.street / n, water: hits.water / n, green: hits.green / n },
  };
}

/** Ticks the layer toggles so that exactly `on` show, and waits until the panel says so. */
async function setLayers(page: Page, on: string[]): Promise<void> {
  const wrong = async () => {
    const off: string[] = [];
    for (const box of await page.locator('input[data-layer]').all()) {
      const id = (await box.getAttribute('data-layer'))!;
      if ((await box.isChecked()) !== on.includes(id)) off.push(id);
    }
    return off;
  };
  for (const id of await wrong()) await page.locator(`input[data-layer="${id}"]`).click();
  await expect.poll(wrong, { timeout: 30_000 }).toEqual([]);
}

beforeAll(async () => {
  hall = await openHall({ adminPassword });
  await signIn(hall.page, hall.url);
});

afterAll(async () => {
  await hall?.close();
});

describe('the command wall', () => {
  it('loads the county with every layer and panel, with no console error and nothing fetched from outside', async () => {
    const { page } = hall;
    await openWall(page, hall.url);
    const s = await status(page);
    // SwiftShader is software WebGL: the wall chose its lite settings by itself.
    expect(await page.getByTestId('wall-globe').getAttribute('data-lite')).toBe('true');
    expect(s.counts.components).toBeGreaterThan(1000);
    expect(s.counts.grids).toBeGreaterThan(50);
    expect(s.counts.cases).toBeGreaterThan(0);
    expect(s.counts.cameras).toBeGreaterThan(0);
    // The legend counts buildings (建筑模型 382 in the small county), not tilesets.
    const buildings = (await hall.county.county.tilesets.list()).find((t) => t.kind === 'buildings')!.buildings!;
    expect(buildings).toBeGreaterThan(300);
    expect(s.counts.buildings).toBe(buildings);
    await expect.poll(() => page.locator('input[data-layer="buildings"]').locator('xpath=..').locator('.count').innerText()).toBe(buildings.toLocaleString('en-US'));
    // The legend starts folded: toggles and counts, no swatches until asked.
    expect(await page.locator('.layers .legend').count()).toBe(0);
    // Panels show figures: today's counts and the rates are numbers, not placeholders.
    const kpis = await page.getByTestId('wall-kpis').innerText();
    expect(kpis).toMatch(/上报/);
    expect(kpis).toMatch(/\d/);
    expect(await page.getByRole('region', { name: '近7日案件趋势' }).locator('canvas').count()).toBe(1);
    await hall.screenshot('wall-overview');
    expect(hall.consoleErrors).toEqual([]);
    expect(hall.failedRequests).toEqual([]);
    expect(hall.outsideRequests).toEqual([]);
  }, SCENE_TIMEOUT + 60_000);

  it('draws the globe, and the buildings show at the home view (pixel checks)', async () => {
    const { page } = hall;
    const box = (await page.getByTestId('wall-globe').boundingBox())!;
    // The middle of the map, between the panels.
    const clip = { x: box.x + box.width * 0.36, y: box.y + box.height * 0.3, width: box.width * 0.28, height: box.height * 0.4 };
    await page.evaluate(() => window.gridhallWall.home());
    await setLayers(page, []);
    await settle(page);
    const bare = await page.screenshot({ clip, path: 'tests/artifacts/e2e/wall-no-layers.png' });
    await setLayers(page, ['buildings']);
    await page.locator('[data-buildings-ready="true"]').waitFor({ timeout: SCENE_TIMEOUT });
    await settle(page);
    const built = await page.screenshot({ clip, path: 'tests/artifacts/e2e/wall-buildings.png' });

    const a = await pixels(bare);
    const b = await pixels(built);
    // The ground is the county's base map, not one colour (see the next test for what it shows).
    expect(groundStatistics(a).dominantShare).toBeLessThan(0.5);
    // Buildings: their walls, windows and roofs change a good share of the picture.
    let changed = 0;
    const pixelsTotal = a.data.length / 4;
    for (let k = 0; k < a.data.length; k += 4) {
      const d = Math.abs(a.data[k]! - b.data[k]!) + Math.abs(a.data[k + 1]! - b.data[k + 1]!) + Math.abs(a.data[k + 2]! - b.data[k + 2]!);
      if (d > 60) changed++;
    }
    expect(changed / pixelsTotal).toBeGreaterThan(0.05);
    await setLayers(page, ['buildings', 'grids', 'components', 'cases', 'vehicles', 'sensors']);
  });

  it("shows the county's own base map on the ground: streets, water, green and land use, not one colour", async () => {
    const { page } = hall;
    const box = (await page.getByTestId('wall-globe').boundingBox())!;
    // The globe between the side panels, at the home view with no layer over the ground.
    const clip = { x: box.x + box.width * 0.3, y: box.y + box.height * 0.2, width: box.width * 0.4, height: box.height * 0.6 };
    await page.evaluate(() => window.gridhallWall.home());
    await setLayers(page, []);
    await settle(page);
    const ground = groundStatistics(await pixels(await page.screenshot({ clip, path: 'tests/artifacts/e2e/wall-ground.png' })));
    // Many colours, none covering half the view; light streets, blue water and green parks among them.
    expect(ground.distinct).toBeGreaterThan(40);
    expect(ground.dominantShare).toBeLessThan(0.5);
    expect(ground.share.street).toBeGreaterThan(0.01);
    expect(ground.share.water).toBeGreaterThan(0.002);
    expect(ground.share.green).toBeGreaterThan(0.0005);
    expect(ground.lumaSpread).toBeGreaterThan(12);
    await setLayers(page, ['buildings', 'grids', 'components', 'cases', 'vehicles', 'sensors']);
  });

  it('shows a case filed through the API on the map and in the ticker, without a reload', async () => {
    const { page } = hall;
    const before = (await status(page)).counts.cases ?? 0;
    const login = await fetch(hall.url + '/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'acceptor01', password: adminPassword }) });
    const { token } = (await login.json()) as { token: string };
    const county = (await hall.county.county.county.get())!;
    const filed = await fetch(hall.url + '/api/cases', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ kind: 'event', classCode: '0102', description: '大屏测试：路口暴露垃圾', lon: county.centerLon, lat: county.centerLat, urgent: true, source: 'hotline' }),
    });
    expect(filed.status).toBe(201);
    const { case: created } = (await filed.json()) as { case: { id: number; caseNo: string } };
    await page.getByTestId('wall-ticker').getByText(created.caseNo).waitFor({ timeout: 30_000 });
    await page.locator(`[data-testid="wall-globe"][data-case-markers="${before + 1}"]`).waitFor({ timeout: 30_000 });
    // The new pin is on screen at the case's place (home view), and clicking it opens the case.
    await page.evaluate(() => window.gridhallWall.home());
    await settle(page);
    await page.getByTestId('wall-ticker').getByText(created.caseNo).click();
    await expect.poll(() => page.getByTestId('case-no').textContent(), { timeout: 30_000 }).toBe(created.caseNo);
    await hall.screenshot('wall-new-case');
    await page.getByTestId('wall-card').getByRole('button', { name: '关闭' }).click();
  });

  it('picks a component on the map and shows its 16-digit ID', async () => {
    const { page } = hall;
    const known = (await hall.county.county.components.list({ limit: 1, offset: 1500 }))[0]!;
    // Find it by its ID: the wall flies there.
    await page.getByTestId('wall-search').fill(known.id);
    await page.getByTestId('wall-search').press('Enter');
    await expect.poll(() => page.getByTestId('component-id').textContent(), { timeout: 30_000 }).toBe(known.id);
    await page.getByTestId('wall-card').getByRole('button', { name: '关闭' }).click();
    // Only the components, so nothing else lies over it; then click where it is drawn.
    await setLayers(page, ['components']);
    await settle(page);
    const at = await page.evaluate(([lon, lat]) => window.gridhallWall.screenPosition(lon!, lat!), [known.lon, known.lat]);
    expect(at).not.toBeNull();
    await page.mouse.click(at!.x, at!.y);
    await expect.poll(() => page.getByTestId('component-id').textContent(), { timeout: 30_000 }).toBe(known.id);
    // Then its class, state, owner and grid, read from the server.
    await expect.poll(() => page.getByTestId('wall-card').innerText(), { timeout: 30_000 }).toMatch(/类别[\s\S]*状态[\s\S]*权属单位[\s\S]*所属网格/);
    await hall.screenshot('wall-component-picked');
    expect(hall.consoleErrors).toEqual([]);
  });

  for (const viewport of [
    { name: '1280x720', width: 1280, height: 720, query: WALL },
    { name: '3840x1080', width: 3840, height: 1080, query: `${WALL}&design=3840x1080` },
    // A 3×2 wall's design, on a screen a third of its size (the proportions are the wall's).
    { name: '5760x2160', width: 1920, height: 720, query: `${WALL}&design=5760x2160` },
  ]) {
    it(`fits a ${viewport.name} screen: every panel inside the stage, nothing overflowing`, async () => {
      const context = await hall.browser.newContext({ viewport: { width: viewport.width, height: viewport.height }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
      try {
        const page = await context.newPage();
        const errors: string[] = [];
        page.on('pageerror', (e) => errors.push(e.message));
        await signIn(page, hall.url);
        await page.goto(hall.url + viewport.query);
        await page.locator('[data-testid="wall-globe"][data-layers-ready="true"]').waitFor({ timeout: SCENE_TIMEOUT });
        const layout = await page.evaluate(() => {
          const wall = document.querySelector('[data-testid="wall"]')!.getBoundingClientRect();
          const inside = (r: BoxRect) => r.left >= wall.left - 1 && r.right <= wall.right + 1 && r.top >= wall.top - 1 && r.bottom <= wall.bottom + 1;
          const boxes = [...document.querySelectorAll('[data-testid="wall"] section, [data-testid="wall"] header, [data-testid="wall-ticker"]')];
          return {
            page: { scrollW: document.documentElement.scrollWidth, scrollH: document.documentElement.scrollHeight, w: window.innerWidth, h: window.innerHeight },
            outside: boxes.filter((b) => !inside(b.getBoundingClientRect())).map((b) => b.getAttribute('aria-label') ?? b.className),
            // A panel whose content is cut: its body scrolls more than it shows.
            overflowing: [...document.querySelectorAll('[data-testid="wall"] .panel-body')].filter((b) => b.scrollHeight > b.clientHeight + 2 || b.scrollWidth > b.clientWidth + 2).map((b) => b.parentElement?.getAttribute('aria-label')),
            panels: boxes.length,
            globeWidth: document.querySelector('[data-testid="wall-globe"] canvas')?.getBoundingClientRect().width ?? 0,
          };
        });
        expect(layout.page.scrollW).toBeLessThanOrEqual(layout.page.w);
        expect(layout.page.scrollH).toBeLessThanOrEqual(layout.page.h);
        expect(layout.panels).toBeGreaterThanOrEqual(8);
        expect(layout.outside).toEqual([]);
        expect(layout.overflowing).toEqual([]);
        // The globe's canvas covers the stage's map area in real screen pixels (not a scaled bitmap).
        expect(layout.globeWidth).toBeGreaterThan(viewport.width * 0.9);
        await page.screenshot({ path: `tests/artifacts/e2e/wall-${viewport.name}.png` });
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
    });
  }

  it('draws the title bar, tabs, panels, legend and ticker at the same share of the stage on every design', async () => {
    // What the hall sees: on the 5760×2160 wall (twice one screen's height) the county's title,
    // the tabs, the panels' headings, the legend and the ticker are each as large a part of the
    // wall as on one 1920×1080 screen; two screens side by side (3840×1080) keep one screen's sizes.
    const designs = ['1920x1080', '3840x1080', '5760x2160'] as const;
    const shares: Record<string, Record<string, number>> = {};
    for (const design of designs) {
      const context = await hall.browser.newContext({ viewport: { width: 1920, height: 720 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
      try {
        const page = await context.newPage();
        await signIn(page, hall.url);
        await page.goto(`${hall.url}${WALL}&design=${design}`);
        await page.getByTestId('wall-kpis').waitFor({ timeout: SCENE_TIMEOUT });
        await page.getByTestId('wall-ticker').waitFor({ timeout: SCENE_TIMEOUT });
        shares[design] = await page.evaluate(() => {
          const stage = document.querySelector('[data-design]')!.getBoundingClientRect();
          const stageHeight = stage.bottom - stage.top;
          const share = (selector: string) => {
            const r = document.querySelector(selector)!.getBoundingClientRect();
            return (r.bottom - r.top) / stageHeight;
          };
          return {
            titleBar: share('[data-testid="frame-title"]'),
            countyName: share('[data-testid="frame-title"] h1'),
            tabs: share('[data-testid="frame-tabs"]'),
            panelTitle: share('[data-testid="wall"] .panel-title'),
            legend: share('[data-testid="wall"] section.layers'),
            ticker: share('[data-testid="wall-ticker"]'),
          };
        });
      } finally {
        await context.close();
      }
    }
    const base = shares['1920x1080']!;
    const unlike = designs.slice(1).flatMap((design) =>
      Object.entries(shares[design]!)
        .map(([part, share]) => ({ design, part, ratio: Math.round((share / base[part]!) * 100) / 100 }))
        .filter(({ ratio }) => Math.abs(ratio - 1) > 0.05),
    );
    expect(unlike).toEqual([]);
    expect(base.titleBar).toBeGreaterThan(0.05); // and the title bar is there to be seen
  });
});
