// 热力分析 and 综合评价 as an analyst meets them, on the small demo county: the explorer
// shows the year's cases on the map and in its panels, follows a filter, lists the cases
// behind a bar, and its Excel export holds the numbers on the screen; the evaluation ranks
// departments with graded colours and drills from a figure to exactly as many cases.
import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EvaluationResponse, HeatmapResponse } from '../../core/contract/index.js';
import { openHall, type Hall } from './harness.js';

const adminPassword = 'e2e-Analytics-密码-2026';
let hall: Hall;
let token: string;

beforeAll(async () => {
  hall = await openHall({ adminPassword });
  const { page } = hall;
  await page.goto(hall.url + '/heatmap');
  await page.getByLabel(/用户名/).fill('admin');
  await page.getByLabel(/密码/).fill(adminPassword);
  await page.getByLabel(/密码/).press('Enter');
  await page.waitForURL((url) => url.pathname === '/heatmap');
  const login = await fetch(hall.url + '/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: adminPassword }) });
  token = ((await login.json()) as { token: string }).token;
});

afterAll(async () => {
  await hall?.close();
});

async function api<T>(route: string): Promise<T> {
  const res = await fetch(hall.url + route, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  return (await res.json()) as T;
}

async function shownTotal(): Promise<number> {
  const text = await hall.page.getByTestId('heatmap-total').innerText();
  return Number(text);
}

describe('the heatmap explorer', () => {
  it('shows the year on the map and in the panels, and follows a filter', async () => {
    const { page } = hall;
    await page.getByTestId('heatmap-total').filter({ hasText: /^\d+$/ }).waitFor({ timeout: 60_000 });
    const from = await page.getByTestId('filter-from').inputValue();
    const to = await page.getByTestId('filter-to').inputValue();
    const expected = await api<HeatmapResponse>(`/api/heatmap?from=${from}&to=${to}`);
    expect(expected.total).toBeGreaterThan(100);
    expect(await shownTotal()).toBe(expected.total);
    // The map draws (Cesium, offline) and every chart panel has its canvas.
    await page.locator('[data-testid="heatmap-globe"][data-drawn="true"]').waitFor({ timeout: 90_000 });
    for (const panel of ['panel-hour-weekday', 'panel-calendar', 'panel-class-community', 'panel-trend', 'panel-top-grids', 'panel-top-places']) {
      await page.getByTestId(panel).locator('canvas').first().waitFor();
    }
    await hall.screenshot('heatmap-year');
    // The demo's records begin inside the year before: no 环比 / 同比 against days never recorded,
    // and the reason instead of "+60000%"; no Cesium ion logo, the base map credited in words.
    expect(expected.trend.previousCovered).toBe(false);
    expect(await page.getByTestId('heatmap-mom').innerText()).toBe('—');
    expect(await page.getByTestId('heatmap-mom-note').innerText()).toBe('上期无完整数据');
    expect(await page.getByTestId('heatmap-yoy').innerText()).toBe('—');
    expect(await page.getByTestId('heatmap-yoy-note').innerText()).toBe('去年同期无完整数据');
    expect(await page.locator('.cesium-credit-logoContainer').isVisible()).toBe(false);
    expect(await page.getByTestId('heatmap-credit').innerText()).toContain('Natural Earth II');
    // The last 30 days against the 30 before, which the records cover: a percentage and its base.
    await page.getByRole('button', { name: '近30天' }).click();
    const month = await api<HeatmapResponse>(`/api/heatmap?from=${await page.getByTestId('filter-from').inputValue()}&to=${await page.getByTestId('filter-to').inputValue()}`);
    expect(month.trend.previousCovered).toBe(true);
    await page.getByTestId('heatmap-mom-note').filter({ hasText: `上期 ${month.trend.previous} 件` }).waitFor();
    expect(await page.getByTestId('heatmap-mom').innerText()).toMatch(/^[+-]?\d+\.\d%$/);
    await page.getByRole('button', { name: '重置' }).click();
    await page.getByTestId('heatmap-total').filter({ hasText: new RegExp(`^${expected.total}$`) }).waitFor();

    // Only the open cases: the total drops to what the API says for that filter.
    await page.getByTestId('filter-state').selectOption('open');
    const open = await api<HeatmapResponse>(`/api/heatmap?from=${from}&to=${to}&states=open`);
    expect(open.total).toBeLessThan(expected.total);
    await page.getByTestId('heatmap-total').filter({ hasText: new RegExp(`^${open.total}$`) }).waitFor();
    // A class narrows it again.
    const topClass = expected.classes[0]!.key;
    await page.getByTestId('filter-class').selectOption(topClass);
    const narrowed = await api<HeatmapResponse>(`/api/heatmap?from=${from}&to=${to}&states=open&classes=${topClass}`);
    await page.getByTestId('heatmap-total').filter({ hasText: new RegExp(`^${narrowed.total}$`) }).waitFor();
    await page.locator('[data-testid="heatmap-globe"][data-drawn="true"]').waitFor({ timeout: 90_000 });
    await hall.screenshot('heatmap-filtered');
    await page.getByTestId('filter-class').selectOption('');
    await page.getByTestId('filter-state').selectOption('');
    await page.getByTestId('heatmap-total').filter({ hasText: new RegExp(`^${expected.total}$`) }).waitFor();

    // The timeline: a day picked on the slider shows that day; play moves on day by day.
    const day100 = new Date(Date.parse(`${from}T00:00:00Z`) + 100 * 86_400_000).toISOString().slice(0, 10);
    await page.getByTestId('day-slider').fill('100');
    await page.getByTestId('day-label').filter({ hasText: day100 }).waitFor();
    await page.getByTestId('play').click();
    const day102 = new Date(Date.parse(`${day100}T00:00:00Z`) + 2 * 86_400_000).toISOString().slice(0, 10);
    await page.getByTestId('day-label').filter({ hasText: day102 }).waitFor({ timeout: 20_000 });
    await page.getByTestId('play').click();
    await page.getByRole('button', { name: '全部时段' }).click();
    await page.getByTestId('day-label').filter({ hasText: '全部时段' }).waitFor();
  });

  it('lists the cases behind the busiest grid’s bar', async () => {
    const { page } = hall;
    const from = await page.getByTestId('filter-from').inputValue();
    const to = await page.getByTestId('filter-to').inputValue();
    const answer = await api<HeatmapResponse>(`/api/heatmap?from=${from}&to=${to}`);
    const top = answer.topGrids[0]!;
    const chart = page.getByTestId('panel-top-grids').locator('.chart');
    const box = (await chart.boundingBox())!;
    const shown = Math.min(10, answer.topGrids.length);
    // The busiest grid is the top bar (grid: top 4, bottom 4, left 150 in design pixels).
    const scale = box.width / ((await chart.evaluate((el) => (el as unknown as { offsetWidth: number }).offsetWidth)) || box.width);
    const band = (box.height - 8 * scale) / shown;
    await page.mouse.click(box.x + 160 * scale, box.y + 4 * scale + band / 2);
    const drawer = page.getByTestId('case-drawer');
    await drawer.waitFor();
    await drawer.getByTestId('drawer-total').filter({ hasText: new RegExp(`共 ${top.n} 件`) }).waitFor();
    expect(await drawer.locator('tbody tr').count()).toBe(Math.min(12, top.n));
    await hall.screenshot('heatmap-drill');
    await drawer.getByRole('button', { name: '关闭' }).click();
  });

  it('exports an Excel workbook holding the numbers on the screen', async () => {
    const { page } = hall;
    const download = page.waitForEvent('download');
    await page.getByTestId('export-all').click();
    const file = await (await download).path();
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(readFileSync(file) as never);
    let sum = 0;
    book.getWorksheet('网格案件数')!.eachRow((row, n) => {
      if (n > 1) sum += Number(row.getCell(2).value);
    });
    // Cases without a grid are on the screen's total but on no grid.
    const from = await page.getByTestId('filter-from').inputValue();
    const to = await page.getByTestId('filter-to').inputValue();
    const answer = await api<HeatmapResponse>(`/api/heatmap?from=${from}&to=${to}`);
    expect(sum).toBe(answer.grids.reduce((s, g) => s + g.n, 0));
    const about = book.getWorksheet('说明')!;
    let total = -1;
    about.eachRow((row) => {
      if (row.getCell(1).value === '案件总数') total = Number(row.getCell(2).value);
    });
    expect(total).toBe(await shownTotal());
    const topSheet = book.getWorksheet('高发网格')!;
    expect(topSheet.getRow(2).getCell(4).value).toBe(answer.topGrids[0]!.n);
  });
});

describe('the evaluation', () => {
  it('ranks departments with graded colours and drills from a figure to exactly its cases', async () => {
    const { page } = hall;
    await page.getByRole('link', { name: '综合评价' }).click();
    const table = page.getByTestId('ranking');
    await table.waitFor({ timeout: 30_000 });
    const month = await page.getByTestId('period-month').inputValue();
    const answer = await api<EvaluationResponse>(`/api/evaluation?object=department&period=${month}`);
    const best = answer.rows.find((r) => r.grade !== null)!;
    const row = table.locator(`tr[data-subject="${best.subject}"]`);
    await row.waitFor();
    const badge = row.locator('[data-grade]');
    expect(await badge.innerText()).toBe(best.grade);
    const colour = await badge.evaluate((el) => (globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }).getComputedStyle(el).backgroundColor);
    const hex = best.colour!.replace('#', '');
    expect(colour).toBe(`rgb(${parseInt(hex.slice(0, 2), 16)}, ${parseInt(hex.slice(2, 4), 16)}, ${parseInt(hex.slice(4, 6), 16)})`);
    await hall.screenshot('evaluation-departments');

    const figure = row.locator('button[data-measure="toDispose"]');
    const n = Number(await figure.innerText());
    await figure.click();
    const drawer = page.getByTestId('case-drawer');
    await drawer.getByTestId('drawer-total').filter({ hasText: new RegExp(`共 ${n} 件`) }).waitFor();
    await hall.screenshot('evaluation-drill');
    await drawer.getByRole('button', { name: '关闭' }).click();

    // Every object's table fits its panel: the score and the grade of the first row are on screen
    // and inside the panel, whatever the columns (regions, departments, the four positions).
    const insidePanel = async (object: string) => {
      const panel = (await page.locator('section.ranking').boundingBox())!;
      const first = table.locator('tbody tr').first();
      for (const cell of [first.getByTestId('score'), first.locator('td.grade-cell')]) {
        const box = (await cell.boundingBox())!;
        expect({ object, left: box.x >= panel.x, right: box.x + box.width <= panel.x + panel.width + 0.5, onScreen: box.x + box.width <= 1920 }).toEqual({ object, left: true, right: true, onScreen: true });
      }
    };
    await insidePanel('department');
    for (const object of ['街道', '社区', '单元网格', '监督员', '受理员', '值班长', '派遣员']) {
      await page.getByRole('tab', { name: object }).click();
      await page.locator('section.ranking h3').filter({ hasText: new RegExp(`^${object} · `) }).waitFor();
      await table.locator('tbody tr').first().waitFor();
      await insidePanel(object);
    }
    await page.getByRole('tab', { name: '社区' }).click();
    await table.locator('[data-grade]').first().waitFor();
    await page.getByTestId('open-weights').click();
    await page.getByTestId('weights-editor').waitFor();
    await hall.screenshot('evaluation-weights');
    // 系统维护 shows the same editor as its 评价权重 tab.
    await page.getByRole('link', { name: '系统维护' }).click();
    await page.getByRole('tab', { name: '评价权重' }).click();
    await page.getByTestId('weights-editor').getByRole('button', { name: '保存' }).waitFor();
    expect(await page.getByTestId('weights-editor').getByRole('button', { name: '关闭' }).count()).toBe(0);
    await hall.screenshot('admin-weights-tab');

    // In English, the explorer speaks English (its own words, states and sources).
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('link', { name: 'Heatmaps' }).click();
    await page.getByTestId('heatmap-total').filter({ hasText: /^\d+$/ }).waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('filter-state').locator('option').nth(1).innerText()).toBe('Open');
    expect(await page.getByText('Hour × weekday').count()).toBe(1);
    expect(await page.getByTestId('heatmap-mom-note').innerText()).toBe('No full data for prior period');
    await page.locator('[data-testid="heatmap-globe"][data-drawn="true"]').waitFor({ timeout: 90_000 });
    await hall.screenshot('heatmap-en');
    expect(hall.consoleErrors).toEqual([]);
    expect(hall.outsideRequests).toEqual([]);
  });
});
