// The console's shell as a hall operator meets it: sign in, the frame in Chinese, English on
// request (and still English after a reload), sign out; a wrong password says so in Chinese.
import type { HealthResponse } from '../../core/contract/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openHall, type Hall } from './harness.js';

const adminPassword = 'e2e-Admin-密码-2026';
/** The navigation tab of the section on screen (sections replace their placeholders over time). */
const activeSection = (page: Page, name: string) => page.getByRole('navigation', { name: /^(主导航|Main navigation)$/ }).locator('a[aria-current="page"]', { hasText: name });

const chineseNav = ['指挥大屏', '案件工作台', '视频墙', '热力分析', '综合评价', '系统维护'];
const englishNav = ['Command wall', 'Case workbench', 'Video wall', 'Heatmaps', 'Evaluation', 'Administration'];

let hall: Hall;

beforeAll(async () => {
  hall = await openHall({ adminPassword });
});

afterAll(async () => {
  await hall?.close();
});

async function navLabels(): Promise<string[]> {
  const nav = hall.page.getByRole('navigation', { name: /^(主导航|Main navigation)$/ });
  await nav.waitFor();
  return (await nav.getByRole('link').allInnerTexts()).map((label) => label.trim());
}

async function signIn(password: string): Promise<void> {
  const { page } = hall;
  await page.getByLabel(/用户名|Username/).fill('admin');
  await page.getByLabel(/密码|Password/).fill(password);
  await page.getByLabel(/密码|Password/).press('Enter');
}

describe('the console shell', () => {
  it('keeps a wrong password on the login page with a Chinese message', async () => {
    const { page } = hall;
    await page.goto(hall.url + '/wall');
    await page.waitForURL(/\/login/);
    await signIn('not-the-password');
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.innerText()).toBe('用户名或密码错误');
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(await page.getByRole('navigation', { name: /^(主导航|Main navigation)$/ }).count()).toBe(0);
    await hall.screenshot('login-wrong-password');
  });

  it('signs the admin in to the Chinese frame, switches to English, keeps it after reload, and signs out', async () => {
    const { page } = hall;
    const health = (await (await fetch(hall.url + '/api/health')).json()) as HealthResponse;

    await signIn(adminPassword);
    expect(await navLabels()).toEqual(chineseNav);
    expect(new URL(page.url()).pathname).toBe('/wall');
    const banner = page.getByRole('banner');
    expect(await banner.getByRole('heading', { level: 1 }).innerText()).toBe(health.county?.name ?? '尚未建立县区数据');
    expect(await banner.getByText('合成数据', { exact: true }).count()).toBe(health.county?.synthetic ? 1 : 0);
    // The live event stream connects (the indicator turns to "connected").
    await banner.getByRole('status').filter({ hasText: '实时连接正常' }).waitFor();
    const signedIn = banner.getByTitle('当前用户');
    // The name and the role are both 系统管理员 (三员分立): said once, not twice.
    expect(await signedIn.innerText()).toBe('系统管理员');
    await page.getByRole('link', { name: '案件工作台' }).click();
    await activeSection(page, '案件工作台').waitFor();
    await hall.screenshot('frame-zh-CN');

    await page.getByRole('button', { name: 'English' }).click();
    expect(await navLabels()).toEqual(englishNav);
    await page.reload();
    expect(await navLabels()).toEqual(englishNav);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    // The county's own English name heads the English console.
    expect(await banner.getByRole('heading', { level: 1 }).innerText()).toBe(health.county?.nameEn ?? health.county?.name ?? 'No county data yet');
    expect(await page.title()).toContain(health.county?.nameEn ?? 'Gridhall');
    await hall.screenshot('frame-en-after-reload');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/login/);
    await page.getByRole('status').filter({ hasText: 'You have signed out' }).waitFor();
    expect(await page.getByRole('navigation', { name: /^(主导航|Main navigation)$/ }).count()).toBe(0);
    // Signed out means signed out: the sections are closed again.
    await page.goto(hall.url + '/workbench');
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    const back = new URL(page.url());
    expect([back.pathname, back.searchParams.get('redirect')]).toEqual(['/login', '/workbench']);
    await hall.screenshot('login-after-sign-out');
  });

  it('draws the offline globe on the wall from the console\'s own Cesium files', async () => {
    const { page } = hall;
    const tile = page.waitForResponse((r) => /\/cesium\/Assets\/Textures\/NaturalEarthII\/\d+\/\d+\/\d+\.jpg$/.test(r.url()) && r.status() === 200);
    await signIn(adminPassword);
    // Signing in from /login?redirect=/workbench goes back to where the user was heading.
    await activeSection(page, 'Case workbench').waitFor();
    expect(new URL(page.url()).pathname).toBe('/workbench');
    await page.getByRole('link', { name: 'Command wall' }).click();
    await page.locator('[data-testid="wall-globe"] canvas').waitFor();
    expect(new URL((await tile).url()).host).toBe(new URL(hall.url).host);
    // Software WebGL draws at 1–2 fps: wait for the globe to say its tiles are in, not for a time.
    // The wall draws the county's own base map and layers over it: on a busy machine that takes
    // well over a minute (tests/e2e/wall.test.ts gives the scene 150 s too).
    await page.locator('[data-testid="wall-globe"][data-globe-ready="true"]').waitFor({ timeout: 150_000 });
    await hall.screenshot('wall-globe');
  });

  it('sends a user whose session ended on the server back to sign in, then back to where they were', async () => {
    const { page } = hall;
    const stored = await page.evaluate<string | null>("localStorage.getItem('gridhall.session')");
    const { token } = JSON.parse(stored ?? '{}') as { token?: string };
    expect(token).toBeTruthy();
    const revoked = await fetch(hall.url + '/api/auth/logout', { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    expect(revoked.status).toBe(204);

    await page.goto(hall.url + '/video');
    await page.getByRole('status').filter({ hasText: 'Your session has expired; sign in again' }).waitFor();
    const back = new URL(page.url());
    expect([back.pathname, back.searchParams.get('redirect')]).toEqual(['/login', '/video']);
    await hall.screenshot('login-session-expired');
    await signIn(adminPassword);
    await activeSection(page, 'Video wall').waitFor();
    expect(new URL(page.url()).pathname).toBe('/video');
  });

  it('fits the 1920×1080 design to a small window and to a wide wall, centred and whole', async () => {
    const { page } = hall;
    const stage = page.locator('[data-design]');
    const cases: Array<[number, number, string, { x: number; y: number; width: number; height: number }]> = [
      [1280, 720, '', { x: 0, y: 0, width: 1280, height: 720 }],
      [3840, 1080, '', { x: 960, y: 0, width: 1920, height: 1080 }], // letterboxed left and right
      [1080, 1920, '', { x: 0, y: 656.25, width: 1080, height: 607.5 }], // a portrait screen: above and below
      [3840, 1080, '?design=3840x1080', { x: 0, y: 0, width: 3840, height: 1080 }], // a wall design fills the wall
    ];
    for (const [width, height, query, expected] of cases) {
      await page.setViewportSize({ width, height });
      await page.goto(`${hall.url}/evaluation${query}`);
      await page.getByRole('navigation', { name: /^(主导航|Main navigation)$/ }).waitFor();
      const box = await stage.boundingBox();
      expect(box, `${width}×${height}${query}`).toEqual(expected);
      // Every section tab is inside the window, none cut off.
      for (const tab of await page.getByRole('navigation', { name: /^(主导航|Main navigation)$/ }).getByRole('link').all()) {
        const tabBox = (await tab.boundingBox())!;
        expect(tabBox.x >= 0 && tabBox.y >= 0 && tabBox.x + tabBox.width <= width && tabBox.y + tabBox.height <= height).toBe(true);
      }
      await hall.screenshot(`fit-${width}x${height}${query ? '-wall-design' : ''}`);
    }
    await page.setViewportSize({ width: 1920, height: 1080 });
  });

  it('shows nothing alarming on the way: no console errors, no failed or outside requests', () => {
    expect(hall.consoleErrors).toEqual([]);
    expect(hall.failedRequests).toEqual([]);
    expect(hall.outsideRequests).toEqual([]);
  });
});
