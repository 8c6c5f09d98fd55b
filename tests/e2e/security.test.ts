// 系统维护 → 安全策略 in Chromium, as the security administrator (安全管理员) meets it: the
// policy's values with their ranges, a log retention under 180 days refused at its field, a
// saved change, the backup schedule with a bad time, a relative folder and a missing second
// disk each named at their field, the same-disk warning, and the restore drill failing without
// a backup and passing with one. Photographed in Chinese and in English.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openHall, type Hall } from './harness.js';

const password = 'e2e-Security-密码-2026';
let hall: Hall;
const second = mkdtempSync(path.join(os.tmpdir(), 'gridhall-e2e-second-'));

beforeAll(async () => {
  hall = await openHall({ adminPassword: password });
  hall.page.setDefaultTimeout(60_000);
  await hall.page.goto(`${hall.url}/login?redirect=${encodeURIComponent('/admin?tab=security')}`);
  await hall.page.getByLabel('用户名').fill('secadmin');
  await hall.page.getByLabel('密码').fill(password);
  await hall.page.getByRole('button', { name: '登 录' }).click();
  await hall.page.getByTestId('security-policy').waitFor();
});
afterAll(async () => {
  await hall?.close();
  rmSync(second, { recursive: true, force: true });
});

describe('安全策略 in the console', () => {
  it('refuses a log retention under 180 days at its field, and saves 365', async () => {
    const page = hall.page;
    expect(await page.getByRole('tab', { name: '安全策略' }).getAttribute('aria-selected')).toBe('true');
    // 三员分立: the security administrator sees accounts and the policy, not the system's tabs.
    expect(await page.getByRole('tab', { name: '数据导入' }).count()).toBe(0);
    const retention = page.getByTestId('policy-logRetentionDays');
    expect(await retention.inputValue()).toBe('180');
    await retention.fill('90');
    await page.getByTestId('save-policy').click();
    await page.getByText('日志至少保存 180 天（网络安全法第二十一条），不能更短').waitFor();
    expect((await hall.county.county.settings.get('security')).logRetentionDays).toBe(180);
    await retention.fill('365');
    await page.getByTestId('policy-sessionIdleMinutes').fill('20');
    await page.getByTestId('save-policy').click();
    await page.getByTestId('policy-note').filter({ hasText: '已保存' }).waitFor();
    expect(await hall.county.county.settings.get('security')).toMatchObject({ logRetentionDays: 365, sessionIdleMinutes: 20 });
  });

  it('names a bad time, a relative folder and a missing second disk at their fields, then saves and warns of one disk', async () => {
    const page = hall.page;
    await page.getByTestId('backup-time').fill('2:00');
    await page.getByTestId('save-backups').click();
    await page.getByText('请按 时:分 填写，如 02:00').waitFor();
    await page.getByTestId('backup-time').fill('03:30');
    await page.getByTestId('backup-secondFolder').fill('backup2');
    await page.getByTestId('save-backups').click();
    await page.getByText('请填写完整路径', { exact: false }).waitFor();
    // The server's refusal lands at the field too: the disk is not mounted.
    await page.getByTestId('backup-secondFolder').fill(path.join(second, 'unmounted'));
    await page.getByTestId('save-backups').click();
    await page.getByText('第二备份目录不存在或不可写').waitFor();
    await page.getByTestId('backup-secondFolder').fill(second);
    await page.getByTestId('save-backups').click();
    await page.getByTestId('backups-note').filter({ hasText: '已保存' }).waitFor();
    await page.getByText('第二备份目录与备份目录在同一块磁盘上', { exact: false }).waitFor();
    expect(await hall.county.county.settings.get('backups')).toMatchObject({ time: '03:30', secondFolder: second });
    await page.getByText(/下次备份 \d{4}-\d\d-\d\d 03:30/).waitFor();
  });

  it('runs the restore drill: failing without a backup, passing once a backup is made', async () => {
    const page = hall.page;
    await page.getByTestId('run-drill').click();
    await page.getByTestId('drill-result').filter({ hasText: '演练未通过' }).waitFor();
    // A scheduled backup, as the 03:30 tick would make it (the clock is the machine's here).
    const county = hall.county.county;
    await county.backupRuns.setSince(0);
    await county.settings.set('backups', { ...await county.settings.get('backups'), time: '00:00' }, county.clock.now(), null);
    expect((await county.backupSchedule.tick())?.state).toBe('ok');
    await page.getByTestId('run-drill').click();
    await page.getByTestId('drill-result').filter({ hasText: '演练通过' }).waitFor({ timeout: 120_000 });
    for (const step of ['找到备份', '恢复', '流程重放', '案件哈希链', '日志哈希链', '数量核对']) await page.locator('.steps li.adm-ok').filter({ hasText: step }).waitFor();
    await page.reload();
    await page.getByTestId('security-policy').waitFor();
    await page.locator('.adm-tag.ok').filter({ hasText: '已核对' }).first().waitFor();
    await hall.screenshot('admin-security-policy');
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByText('Security policy').first().waitFor();
    await page.getByText('Restore drill').first().waitFor();
    await hall.screenshot('admin-security-policy-en');
    expect(hall.consoleErrors).toEqual([]);
    expect(hall.outsideRequests).toEqual([]);
  });
});
