// 专项行动 in Chromium on the demo county: a campaign set up over a community's grids for four
// inspectors, two grids walked and one report filed under it through the field API; its page in
// 系统维护 shows the progress against the targets, and the wall's card shows it running.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CampaignDetail } from '../../core/contract/index.js';
import { openHall, type Hall } from './harness.js';

const password = 'e2e-Campaign-密码-2026';
let hall: Hall;
let campaign: CampaignDetail;

async function api<T>(method: string, path: string, token: string, body?: unknown): Promise<T> {
  const res = await fetch(`${hall.url}${path}`, { method, headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, body: body === undefined ? null : JSON.stringify(body) });
  const json = (await res.json()) as T;
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}
const login = async (username: string) => (await api<{ token: string }>('POST', '/api/auth/login', '', { username, password })).token;

beforeAll(async () => {
  hall = await openHall({ adminPassword: password });
  const ctx = hall.county.county;
  const admin = await login('admin');
  const inspectors = await ctx.authStore.activeUsersWithRole('inspector', 4);
  const grids = await ctx.grids.list({ limit: 400 });
  const community = grids[0]!.communityCode;
  const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
  const until = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  campaign = await api<CampaignDetail>('POST', '/api/campaigns', admin, {
    name: '背街小巷环境卫生专项整治', kind: 'rectification', description: '清理背街小巷暴露垃圾、积存垃圾渣土，建立长效保洁机制。',
    classes: ['event:0102', 'event:0103'], area: { grids: grids.filter((g) => g.communityCode === community).map((g) => g.code) },
    from: today, to: until, targets: { coverage: 90, closeRate: 80 }, inspectorIds: inspectors.map((u) => u.id),
  });
  // Two grids walked by their inspector.
  for (const g of campaign.grids.slice(0, 2)) {
    const who = (await ctx.authStore.userById(g.inspectorId!))!;
    await api('POST', `/api/field/campaigns/${campaign.id}/grids/${g.code}/done`, await login(who.username));
  }
  await hall.page.goto(`${hall.url}/login?redirect=/admin?tab=campaigns`);
  await hall.page.getByLabel('用户名').fill('admin');
  await hall.page.getByLabel('密码').fill(password);
  await hall.page.getByLabel('密码').press('Enter');
  await hall.page.locator('[data-test=campaign-detail]').waitFor();
});

afterAll(async () => {
  await hall?.close();
});

describe('专项行动 in the console', () => {
  it("shows the campaign's progress against its targets in 系统维护", async () => {
    const detail = hall.page.locator('[data-test=campaign-detail]');
    const text = await detail.innerText();
    expect(text).toContain('背街小巷环境卫生专项整治');
    expect(text).toContain(`2 / ${campaign.grids.length}`);
    expect(text).toContain('目标 90%');
    await hall.screenshot('campaign-page');
    await hall.page.getByRole('button', { name: '新建专项' }).click();
    await hall.page.locator('[data-test=campaign-form]').waitFor();
    await hall.page.locator('[data-test=campaign-form] select[multiple] option').first().waitFor();
    await hall.screenshot('campaign-form');
    expect(hall.consoleErrors).toEqual([]);
  });

  it('shows the running campaign on the wall', async () => {
    await hall.page.goto(`${hall.url}/wall?lite=1&playlist=0`);
    const card = hall.page.locator('[data-test=wall-campaigns]');
    await card.waitFor({ timeout: 120_000 });
    expect(await card.innerText()).toContain('背街小巷环境卫生专项整治');
    await hall.screenshot('campaign-wall');
  });
});
