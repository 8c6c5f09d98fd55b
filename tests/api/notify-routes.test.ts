// 消息通知's administration over HTTP: the default rules, bad rules and contacts refused with the
// field named, a contact saved and listed, the log and a case's notifications guarded.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NotificationsAdminResponse } from '../../core/contract/index.js';
import { startTestCounty, type TestCounty } from './support.js';

let county: TestCounty;
let token: string;

beforeAll(async () => {
  county = await startTestCounty();
  token = await county.login();
});
afterAll(() => county.stop());

describe('系统维护 › 消息通知', () => {
  it('starts with the default rules, and refuses a warning without its share or a rule id used twice', async () => {
    const got = await county.call<NotificationsAdminResponse>('GET', '/api/admin/notifications', { token });
    expect(got.status).toBe(200);
    expect(got.body.settings.rules.map((r) => r.event)).toEqual(['dispatched', 'warning', 'overdue', 'urgent', 'returned', 'alarm', 'digest']);
    const settings = got.body.settings;
    const noPercent = { ...settings, rules: [{ id: 'w', name: '预警', enabled: true, event: 'warning', recipients: ['department_head'], channels: ['sms'] }] };
    const bad = await county.call<{ field: string; message: string }>('PUT', '/api/admin/notifications/settings', { token, body: noPercent });
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe('rules/0/percent');
    const twice = { ...settings, rules: [settings.rules[0], settings.rules[0]] };
    expect((await county.call<{ field: string }>('PUT', '/api/admin/notifications/settings', { token, body: twice })).body.field).toBe('rules/1/id');
    const quiet = { ...settings, quietHours: { ...settings.quietHours, start: '25:00' } };
    expect((await county.call('PUT', '/api/admin/notifications/settings', { token, body: quiet })).status).toBe(400);
    const ok = { ...settings, quietHours: { ...settings.quietHours, start: '21:30' } };
    expect((await county.call('PUT', '/api/admin/notifications/settings', { token, body: ok })).status).toBe(200);
    expect((await county.call<NotificationsAdminResponse>('GET', '/api/admin/notifications', { token })).body.settings.quietHours.start).toBe('21:30');
  });

  it('keeps contacts: a leader is saved; a department contact needs its department, a bad mobile is refused', async () => {
    const leader = { kind: 'leader', departmentId: null, name: '王局长', phone: '13900000001', email: 'wang@example.gov.cn', wecomWebhook: null, dingtalkWebhook: null, dingtalkSecret: null, active: true };
    const saved = await county.call<{ id: number }>('POST', '/api/admin/notifications/contacts', { token, body: leader });
    expect(saved.status).toBe(200);
    expect((await county.call('POST', '/api/admin/notifications/contacts', { token, body: { ...leader, kind: 'department_contact' } })).status).toBe(400);
    expect((await county.call('POST', '/api/admin/notifications/contacts', { token, body: { ...leader, phone: '12345' } })).status).toBe(400);
    const list = await county.call<NotificationsAdminResponse>('GET', '/api/admin/notifications', { token });
    expect(list.body.contacts.map((c) => c.name)).toEqual(['王局长']);
    expect((await county.call('DELETE', `/api/admin/notifications/contacts/${saved.body.id}`, { token })).status).toBe(200);
    expect((await county.call<NotificationsAdminResponse>('GET', '/api/admin/notifications', { token })).body.contacts).toEqual([]);
  });

  it('guards the log and a case\'s notifications', async () => {
    expect((await county.call('GET', '/api/admin/notifications/log')).status).toBe(401);
    expect((await county.call<{ total: number }>('GET', '/api/admin/notifications/log?status=failed', { token })).body.total).toBe(0);
    expect((await county.call('GET', '/api/cases/999999/notifications', { token })).status).toBe(404);
    expect((await county.call('POST', '/api/admin/notifications/deliveries/12345/retry', { token })).status).toBe(400);
  });
});
