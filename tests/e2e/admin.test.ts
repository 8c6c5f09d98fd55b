// 系统维护 in Chromium: an administrator imports a delivery through the console (upload,
// preview with its map and mapping, check, import, the report), edits a time limit, names a
// grid's six roles; every tab is photographed for review.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wgs84ToGcj02 } from '../support/geodesy.js';
import { openHall, type Hall } from './harness.js';

const password = 'e2e-Admin-密码-2026';
let hall: Hall;
let fixtures: string;

beforeAll(async () => {
  hall = await openHall({ adminPassword: password });
  fixtures = path.join(hall.county.config.dataDir, 'e2e-fixtures');
  mkdirSync(fixtures, { recursive: true });
  const page = hall.page;
  // Imports run in a worker on a machine that may be busy: wait for conditions generously.
  page.setDefaultTimeout(90_000);
  await page.goto(`${hall.url}/login?redirect=/admin`);
  await page.getByLabel('用户名').fill('admin');
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登 录' }).click();
  await page.getByRole('tab', { name: '数据导入' }).waitFor();
});
afterAll(async () => {
  await hall?.close();
});

describe('数据导入 in the console', () => {
  it('uploads a GCJ-02 CSV of litter bins, previews it on the map, checks it, then imports it', async () => {
    const ctx = hall.county.county;
    const county = (await ctx.county.get())!;
    const serialStart = await ctx.components.maxSerial(county.adminCode, '0305') + 1;
    const grids = await ctx.grids.list({ limit: 30 });
    const lines = ['部件标识码,部件名称,状态,经度,纬度'];
    grids.forEach((g, k) => {
      const [x, y] = wgs84ToGcj02(g.centerLon, g.centerLat);
      lines.push(`${county.adminCode}0305${String(serialStart + k).padStart(6, '0')},垃圾箱,完好,${x.toFixed(7)},${y.toFixed(7)}`);
    });
    const file = path.join(fixtures, '垃圾箱_高德坐标.csv');
    writeFileSync(file, lines.join('\n'));
    const page = hall.page;
    await page.locator('[data-test=target]').selectOption('components');
    // The file chooser speaks the console's language (not the browser's "Choose Files / No file
    // chosen"), and opens from the keyboard like any button.
    const choose = page.getByTestId('file-choose');
    expect(await choose.innerText()).toBe('选择文件');
    expect(await page.getByTestId('file-chosen').innerText()).toBe('未选择文件');
    const chooser = page.waitForEvent('filechooser');
    await choose.focus();
    await page.keyboard.press('Enter');
    await (await chooser).setFiles(file);
    await page.getByTestId('file-chosen').filter({ hasText: '垃圾箱_高德坐标.csv' }).waitFor();
    await page.getByRole('button', { name: '上传并预览' }).click();
    await page.locator('svg.preview-map circle').first().waitFor();
    expect(await page.locator('svg.preview-map circle').count()).toBe(grids.length);
    expect(await page.locator('[data-field=id]').inputValue()).toBe('部件标识码');
    expect(await page.locator('[data-field=x]').inputValue()).toBe('经度');
    await page.locator('[data-test=crs]').selectOption('gcj02');
    await hall.screenshot('admin-import-preview');

    await page.locator('[data-test=dry-run]').click();
    await page.getByText(`校验通过：将新增 ${grids.length}`).waitFor();
    await page.locator('[data-test=run]').click();
    await page.getByText(`已写入：新增 ${grids.length}`).waitFor();
    await hall.screenshot('admin-import-done');
    expect((await ctx.components.get(`${county.adminCode}0305${String(serialStart).padStart(6, '0')}`))?.gridCode).toBe(grids[0]!.code);
  });

  it('a file with errors shows them by row and writes nothing', async () => {
    const ctx = hall.county.county;
    const county = (await ctx.county.get())!;
    const file = path.join(fixtures, 'bad.csv');
    writeFileSync(file, `OBJID,X,Y\n${county.adminCode}0199000001,${county.centerLon},${county.centerLat}\n3501210305000001,${county.centerLon},${county.centerLat}\n`);
    const before = await ctx.components.count();
    const page = hall.page;
    await page.locator('[data-test=file]').setInputFiles(file);
    await page.getByRole('button', { name: '上传并预览' }).click();
    await page.locator('[data-field=id]').waitFor();
    await page.locator('[data-test=run]').click();
    await page.getByText('未写入任何数据').waitFor();
    await page.locator('[data-code="class.unknown"]').getByText('第 2 行').waitFor();
    await hall.screenshot('admin-import-errors');
    expect(await ctx.components.count()).toBe(before);
  });

  it('a large import shows its progress and can be cancelled: nothing is written', async () => {
    const ctx = hall.county.county;
    const county = (await ctx.county.get())!;
    const serialStart = await ctx.components.maxSerial(county.adminCode, '0117') + 1;
    const grids = await ctx.grids.list({ limit: 500 });
    const lines = ['部件标识码,部件名称,状态,经度,纬度'];
    for (let k = 0; k < 250_000; k++) {
      const g = grids[k % grids.length]!;
      lines.push(`${county.adminCode}0117${String(serialStart + k).padStart(6, '0')},立杆,完好,${(g.centerLon + (k % 7) * 1e-5).toFixed(7)},${g.centerLat.toFixed(7)}`);
    }
    const file = path.join(fixtures, '立杆_大批量.csv');
    writeFileSync(file, lines.join('\n'));
    const before = await ctx.components.count();
    const page = hall.page;
    await page.locator('[data-test=target]').selectOption('components');
    await page.locator('[data-test=file]').setInputFiles(file);
    await page.getByRole('button', { name: '上传并预览' }).click();
    await page.locator('[data-field=id]').waitFor();
    await page.locator('[data-test=run]').click();
    await page.getByText(/正在(校验|写入)/).waitFor();
    await hall.screenshot('admin-import-running');
    await page.locator('[data-test=cancel]').click();
    await page.getByText('已取消导入，未写入任何数据').waitFor();
    await hall.screenshot('admin-import-cancelled');
    expect(await ctx.components.count()).toBe(before);
  });
});

describe('应用维护 tabs', () => {
  it('edits a time limit and the server uses it', async () => {
    const page = hall.page;
    await page.getByRole('tab', { name: '时限与立结案标准' }).click();
    const row = page.locator('[data-limit="event|0102|dispose"]');
    await row.getByRole('button', { name: '编辑' }).click();
    await page.locator('[data-test=limit-value]').fill('6');
    await page.locator('[data-test=limit-unit]').selectOption('hours');
    await page.locator('[data-test=limit-save]').click();
    await row.getByText('6 小时').waitFor();
    await hall.screenshot('admin-limits');
    expect(await hall.county.county.limits.limit('event', '0102', 'dispose', false)).toEqual({ value: 6, unit: 'hours' });
  });

  it('names a grid\'s six roles', async () => {
    const page = hall.page;
    await page.getByRole('tab', { name: '一格六员' }).click();
    const grid = (await hall.county.county.grids.list({ limit: 1 }))[0]!.code;
    await page.locator(`[data-grid="${grid}"]`).click();
    const names = ['王网格长', '李监督', '赵保洁', '钱社工', '孙巡防', '周志愿'];
    for (const [k, duty] of ['leader', 'inspector', 'sanitation', 'community', 'patroller', 'volunteer'].entries()) await page.locator(`[data-duty=${duty}]`).fill(names[k]!);
    await page.locator('[data-test=roster-save]').click();
    await page.locator(`[data-grid="${grid}"]`).getByText('已配 6/6').waitFor({ timeout: 20_000 }).catch(async (e: unknown) => {
      await hall.screenshot('admin-roster-failed');
      throw e;
    });
    await hall.screenshot('admin-roster');
  });

  it('every tab each administrator may open opens without errors (三员分立; screenshots for review)', async () => {
    const page = hall.page;
    /** Opens every tab on the strip, one by one; returns their names. */
    const openEveryTab = async (who: string): Promise<string[]> => {
      const strip = page.getByRole('tablist', { name: '系统维护' });
      await strip.getByRole('tab').first().waitFor();
      const names = (await strip.getByRole('tab').allInnerTexts()).map((name) => name.trim());
      for (const [k, name] of names.entries()) {
        await strip.getByRole('tab', { name, exact: true }).click();
        await page.locator(`[role="tabpanel"][aria-labelledby="${await strip.getByRole('tab', { name, exact: true }).getAttribute('id')}"] > *`).first().waitFor();
        await page.waitForLoadState('networkidle');
        expect(await page.locator('[role="tabpanel"] .adm-error').count(), `${who} › ${name}`).toBe(0);
        await hall.screenshot(`admin-${who}-${String(k + 1).padStart(2, '0')}`);
      }
      return names;
    };
    const signInAs = async (username: string): Promise<void> => {
      await page.getByRole('button', { name: '退出登录' }).click();
      await page.waitForURL(/\/login/);
      await page.goto(`${hall.url}/login?redirect=/admin`);
      await page.getByLabel('用户名').fill(username);
      await page.getByLabel('密码').fill(password);
      await page.getByRole('button', { name: '登 录' }).click();
      await page.waitForURL(/\/admin/);
    };

    // The system administrator: the system's tabs, not the accounts' keeper's log.
    const adminTabs = await openEveryTab('admin');
    expect(adminTabs).toEqual(expect.arrayContaining(['数据导入', '导出与备份', '分类字典', '时限与立结案标准', '工作日历', '派遣与黑名单', '部门', '用户与角色', '一格六员', '消息通知', '专项行动']));
    expect(adminTabs).not.toContain('操作日志');

    // The security administrator keeps the accounts and the security policy (安全策略), which the
    // system administrator sees too (it keeps the backups there).
    expect(adminTabs).toContain('安全策略');
    await signInAs('secadmin');
    expect(await openEveryTab('secadmin')).toEqual(['用户与角色', '安全策略']);

    // The auditor alone reads 操作日志, and finds the administrators' sign-ins and sign-outs there.
    await signInAs('auditor');
    expect(await openEveryTab('auditor')).toEqual(['操作日志']);
    const rows = page.locator('[role="tabpanel"] tbody tr');
    const cell = (name: string) => ({ has: page.getByRole('cell', { name, exact: true }) });
    expect(await rows.filter(cell('admin')).filter(cell('登录')).count()).toBeGreaterThan(0);
    expect(await rows.filter(cell('admin')).filter(cell('退出')).count()).toBe(1);
    expect(await rows.filter(cell('secadmin')).filter(cell('退出')).count()).toBe(1);
    await hall.screenshot('admin-auditor-log');
    expect(hall.consoleErrors).toEqual([]);
    expect(hall.outsideRequests).toEqual([]);
  });
});
