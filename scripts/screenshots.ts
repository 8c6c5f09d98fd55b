// The project's picture of itself (issue 16): every section of the console in Chromium on the
// 1920×1080 design and on the 5760×2160 wall design, written to docs/screenshots/. Run after
// `npm run build`:  node --import tsx scripts/screenshots.ts
// A demo county (small) on a loopback port in a temporary folder; the living demo is off, so
// two runs show the same county. Look at every PNG before committing them.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openHall } from '../tests/e2e/harness.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'docs', 'screenshots');
const password = 'Shots-密码-2026';

const sizes = [
  { name: '1920x1080', width: 1920, height: 1080, query: '' },
  // The wall design at half its pixels (the stage scales as a whole): software WebGL cannot draw
  // 12 megapixels of globe in a screenshot's time (tests/e2e/wall.test.ts does the same, smaller).
  { name: '5760x2160', width: 2880, height: 1080, query: '?design=5760x2160' },
] as const;

/** Who looks at each section: the shift leader the hall's own, the system administrator 系统维护. */
const sections = [
  { id: 'wall', user: 'shift01', ready: '[data-testid="wall-globe"][data-globe-ready="true"]' },
  { id: 'workbench', user: 'shift01', ready: '[role="listbox"][aria-busy="false"]' },
  { id: 'video', user: 'shift01', ready: '[data-tile="3"] [data-testid="tile-state"]:text("直播")' },
  { id: 'heatmap', user: 'shift01', ready: '[data-testid="heatmap-total"]' },
  { id: 'evaluation', user: 'shift01', ready: '[data-testid="ranking"]' },
  { id: 'admin', user: 'admin', ready: '[role="tabpanel"] .adm-card' },
] as const;

/** Only these sections when named on the command line (e.g. `… screenshots.ts workbench video`). */
const only = process.argv.slice(2);
const chosen = sections.filter((s) => only.length === 0 || only.includes(s.id));

// The demo's simulated cameras (idle until watched), so the video wall opens on its tour, playing.
const hall = await openHall({ adminPassword: password, county: { videoSim: true } });
try {
  const page = hall.page;
  let signedIn = '';
  for (const section of chosen) {
    if (section.user !== signedIn) {
      if (signedIn) {
        await page.getByRole('button', { name: '退出登录' }).click();
        await page.waitForURL(/\/login/);
      }
      await page.goto(`${hall.url}/login`);
      await page.getByLabel('用户名').fill(section.user);
      await page.getByLabel('密码').fill(password);
      await page.getByLabel('密码').press('Enter');
      await page.waitForURL((url) => url.pathname !== '/login');
      signedIn = section.user;
    }
    for (const size of sizes) {
      await page.setViewportSize({ width: size.width, height: size.height });
      await page.goto(`${hall.url}/${section.id}${size.query}`);
      // Software WebGL on a busy machine may not finish the wall's tiles: the picture is taken anyway, and said.
      const ready = await page.locator(section.ready).first().waitFor({ timeout: 180_000 }).then(() => true, () => false);
      if (!ready) console.log(`${section.id} ${size.name}: not ready after 180 s, taken as it is`);
      await page.waitForLoadState('networkidle');
      // Charts and the globe settle after their data: a moment more than the network.
      await page.waitForTimeout(3000);
      const file = path.join(out, `${section.id}-${size.name}.png`);
      await page.screenshot({ path: file, timeout: 120_000 });
      console.log(file);
    }
  }
  if (hall.consoleErrors.length) console.log('console errors:', hall.consoleErrors);
} finally {
  await hall.close();
}
