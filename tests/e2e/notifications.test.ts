// 消息通知 in Chromium on the demo county: a case dispatched to a department texts its contact
// (through the simulated SMS gateway) and posts to its WeCom group (a local robot endpoint);
// 系统维护 › 消息通知 lists the deliveries, the rules, the contacts and the channels; the case's
// timeline says who was told and when, beside the seven stages. Every screen is photographed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimSmsGateway } from '../../core/demo/sim/sms-gateway.js';
import { WebhookReceiver } from '../support/webhook-receiver.js';
import { until } from '../support/until.js';
import { openHall, type Hall } from './harness.js';

const password = 'e2e-Notify-密码-2026';
let hall: Hall;
let sms: SimSmsGateway;
let robots: WebhookReceiver;
let caseId: number;
let caseNo: string;
let departmentName: string;

async function api<T>(method: string, path: string, token: string, body?: unknown): Promise<T> {
  const res = await fetch(`${hall.url}${path}`, { method, headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, body: body === undefined ? null : JSON.stringify(body) });
  const json = (await res.json()) as T;
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

beforeAll(async () => {
  hall = await openHall({ adminPassword: password });
  sms = new SimSmsGateway();
  hall.county.county.notifications.simulatedSmsUrl = await sms.start();
  robots = new WebhookReceiver();
  await robots.start();
  const ctx = hall.county.county;
  const admin = (await api<{ token: string }>('POST', '/api/auth/login', '', { username: 'admin', password })).token;
  // The county's quiet hours (22:00–07:00 China time) would hold the texts when this runs at night.
  const current = await api<{ settings: Record<string, unknown> & { quietHours: Record<string, unknown> } }>('GET', '/api/admin/notifications', admin);
  await api('PUT', '/api/admin/notifications/settings', admin, { ...current.settings, quietHours: { ...current.settings.quietHours, enabled: false } });
  // A hotline case filed now, and the department it will go to.
  const tokenOf = async (role: 'acceptor' | 'shift_leader' | 'dispatcher') =>
    (await api<{ token: string }>('POST', '/api/auth/login', '', { username: (await ctx.authStore.activeUsersWithRole(role, 1))[0]!.username, password })).token;
  const centre = (await ctx.county.get())!;
  const filed = await api<{ case: { id: number } }>('POST', '/api/cases', await tokenOf('acceptor'), {
    kind: 'event', classCode: '0102', description: '市民来电：路口暴露垃圾一堆，无人清理', source: 'hotline', lon: centre.centerLon, lat: centre.centerLat,
  });
  const waiting = (await ctx.cases.get(filed.case.id))!;
  const ruled = (await ctx.dispatch.match(waiting))?.departmentId;
  let department: Awaited<ReturnType<typeof ctx.departments.list>>[number] | undefined;
  for (const d of await ctx.departments.list({ limit: 100 })) {
    if (ruled ? d.id === ruled : d.kind === 'department' && d.active && (await ctx.notifyStore.activeContacts('department_contact', d.id)).length > 0) {
      department = d;
      break;
    }
  }
  if (!department) throw new Error('no department to notify');
  caseId = waiting.id;
  caseNo = waiting.caseNo;
  departmentName = department.name;
  // The department's WeCom group, added through the API as 系统维护 does.
  await api('POST', '/api/admin/notifications/contacts', admin, {
    kind: 'department_contact', departmentId: department.id, name: `${department.name.replace(/^青禾县/, '')}工作群`, phone: null, email: null,
    wecomWebhook: `${robots.url}/cgi-bin/webhook/send?key=demo-group`, dingtalkWebhook: null, dingtalkSecret: null, active: true,
  });
  // Walked on by the staff whose turn it is, through the API.
  const step = async (role: 'acceptor' | 'shift_leader' | 'dispatcher', action: string, extra: object = {}) => {
    const token = await tokenOf(role);
    const detail = await api<{ case: { version: number } }>('GET', `/api/cases/${caseId}`, token);
    await api('POST', `/api/cases/${caseId}/${action}`, token, { version: detail.case.version, comment: '同意', ...extra });
  };
  if ((await ctx.cases.get(caseId))!.state === 'reported') await step('acceptor', 'accept');
  if ((await ctx.cases.get(caseId))!.state === 'accepted') await step('shift_leader', 'register');
  if ((await ctx.cases.get(caseId))!.state === 'registered') await step('dispatcher', 'dispatch', { departmentId: department.id });
  expect((await ctx.cases.get(caseId))!.state).toBe('dispatched');
  await until(() => sms.received.length + robots.posts.length, (n) => n >= 2, 'the dispatch texts and the group post');
  await hall.page.goto(`${hall.url}/login?redirect=/admin?tab=notifications`);
  await hall.page.getByLabel('用户名').fill('admin');
  await hall.page.getByLabel('密码').fill(password);
  await hall.page.getByLabel('密码').press('Enter');
  await hall.page.locator('[data-test=notify-log]').waitFor();
});

afterAll(async () => {
  await hall?.close();
  await sms?.close();
  await robots?.close();
});

describe('消息通知 in the console', () => {
  it('lists the dispatch texts as sent in 系统维护, with the case number and the masked number', async () => {
    const page = hall.page;
    const row = page.locator('[data-test=notify-log] tbody tr', { hasText: caseNo }).filter({ hasText: '短信' }).first();
    await row.waitFor();
    expect(await row.innerText()).toContain('已发送');
    expect(await row.innerText()).toMatch(/139\*{4}\d{4}/);
    expect(sms.received.some((m) => m.content.includes(caseNo) && m.content.includes(departmentName))).toBe(true);
    expect(robots.accepted('/cgi-bin/webhook/send')).toHaveLength(1);
    // The calendar's missing year is announced above every tab (the server's clock is today's).
    await hall.screenshot('notify-log');
    for (const view of ['通知规则', '通讯录', '通道与免打扰'] as const) {
      await page.getByRole('button', { name: view, exact: true }).click();
      await page.locator(`[data-test=${{ 通知规则: 'notify-rules', 通讯录: 'notify-contacts', 通道与免打扰: 'notify-channels' }[view]}]`).waitFor();
      await hall.screenshot(`notify-${{ 通知规则: 'rules', 通讯录: 'contacts', 通道与免打扰: 'channels' }[view]}`);
    }
    expect(hall.consoleErrors).toEqual([]);
  });

  it("shows on the case's timeline who was told and when, and the case's stage among the seven", async () => {
    const page = hall.page;
    await page.goto(`${hall.url}/workbench?case=${caseId}`);
    const notice = page.locator('[data-test=timeline-notice]').first();
    await notice.waitFor();
    const text = await notice.innerText();
    expect(text).toContain('已通知 · 派遣通知');
    expect(text).toContain('短信');
    expect(text).toContain('企业微信');
    expect(text).toContain('送达');
    const current = page.locator('[data-test=case-stages] li[aria-current=step]');
    expect(await current.innerText()).toContain('任务处理');
    expect(await current.innerText()).toContain('处置');
    await hall.screenshot('notify-case-timeline');
    expect(hall.consoleErrors).toEqual([]);
  });
});
