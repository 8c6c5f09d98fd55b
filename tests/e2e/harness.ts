// The e2e harness: a real county server (core, on a random loopback port, a temporary data
// folder, the small demo county) and real Debian Chromium driven by playwright-core.
// It watches what a hall would care about: console errors, failed requests, and any request
// that tries to leave 127.0.0.1 (blocked and recorded). Screenshots go to tests/artifacts/e2e/.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { build } from 'vite';
import { demoPlugins, startCounty, type RunningCounty, type StartCountyOptions } from '../../core/index.js';
import { silentLogger } from '../../core/runtime/log.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const rendererDir = path.join(root, 'dist', 'renderer');
export const artifactsDir = path.join(root, 'tests', 'artifacts', 'e2e');

/** Software WebGL (Cesium renders, slowly) and no traffic of Chromium's own. */
export const chromiumFlags = [
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];

export interface Hall {
  url: string;
  county: RunningCounty;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Console errors and uncaught exceptions, other than the browser's notes on 4xx answers. */
  consoleErrors: string[];
  /** Requests that failed (the server down, a missing file), as "METHOD url: reason". */
  failedRequests: string[];
  /** Requests to anywhere but the loopback server; each was blocked. */
  outsideRequests: string[];
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'public' || entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/** Build the console when dist/renderer is missing or older than renderer/ (npm test builds first). */
export async function ensureConsoleBuilt(): Promise<void> {
  const index = path.join(rendererDir, 'index.html');
  if (existsSync(index) && statSync(index).mtimeMs >= newestMtime(path.join(root, 'renderer'))) return;
  await build({ configFile: path.join(root, 'renderer', 'vite.config.ts'), logLevel: 'warn' });
}

function isLoopback(url: string): boolean {
  const { protocol, hostname } = new URL(url);
  if (protocol === 'data:' || protocol === 'blob:') return true;
  return hostname === '127.0.0.1' || hostname === 'localhost' || hostname === '[::1]';
}

/** Chromium logs every 4xx answer as an error; the app handles those, and tests check what it shows. */
const handledHttpError = /^Failed to load resource: the server responded with a status of 4\d\d/;

export async function openHall(options: {
  adminPassword: string;
  viewport?: { width: number; height: number };
  /** More county options (videoSim: true starts the demo county's simulated cameras). */
  county?: Partial<StartCountyOptions>;
}): Promise<Hall> {
  await ensureConsoleBuilt();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gridhall-e2e-'));
  const county = await startCounty({
    dataDir,
    host: '127.0.0.1',
    port: 0,
    demoSize: 'small',
    adminPassword: options.adminPassword,
    rendererDir,
    log: silentLogger,
    videoSim: false,
    plugins: demoPlugins({ simulate: false, live: false }),
    ...options.county,
  });
  let browser: Browser | null = null;
  const teardown = async () => {
    await browser?.close();
    await county.close();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: chromiumFlags });
    const context = await browser.newContext({
      viewport: options.viewport ?? { width: 1920, height: 1080 },
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    });
    const hall: Hall = {
      url: county.url,
      county,
      browser,
      context,
      page: await context.newPage(),
      consoleErrors: [],
      failedRequests: [],
      outsideRequests: [],
      async screenshot(name) {
        mkdirSync(artifactsDir, { recursive: true });
        const file = path.join(artifactsDir, `${name}.png`);
        await hall.page.screenshot({ path: file });
        return file;
      },
      close: teardown,
    };
    await context.route('**/*', async (route) => {
      const url = route.request().url();
      if (isLoopback(url)) return route.continue();
      hall.outsideRequests.push(url);
      return route.abort('blockedbyclient');
    });
    hall.page.on('websocket', (socket) => {
      if (!isLoopback(socket.url().replace(/^ws/, 'http'))) hall.outsideRequests.push(socket.url());
    });
    hall.page.on('console', (message) => {
      if (message.type() === 'error' && !handledHttpError.test(message.text())) hall.consoleErrors.push(message.text());
    });
    hall.page.on('pageerror', (error) => hall.consoleErrors.push(`uncaught: ${error.message}`));
    hall.page.on('requestfailed', (request) => {
      const reason = request.failure()?.errorText ?? 'failed';
      // Aborted means the page itself cancelled it (navigating away mid-load): not a fault.
      if (reason !== 'net::ERR_ABORTED' && isLoopback(request.url())) hall.failedRequests.push(`${request.method()} ${request.url()}: ${reason}`);
    });
    return hall;
  } catch (error) {
    await teardown();
    throw error;
  }
}
