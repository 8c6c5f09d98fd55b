// 消息通知 over the API: the settings and rules, the contacts, the delivery log and retries
// (系统维护, admin only), and who was told about a case (the case timeline, anyone signed in).
import type { NotifyContactBody } from '../contract/index.js';
import { badRequest, notFound } from '../runtime/errors.js';
import type { GridhallApp } from '../server/authorize.js';
import type { CountyContext } from '../server/context.js';
import { route } from '../server/route.js';
import type { NotificationSettings } from './settings.js';
import type { ContactRow, OutboxRow } from './store.js';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** A phone shown in the log and the timeline: 138****0001 (the full number stays in 系统维护's contacts). */
export function maskTarget(channel: string, target: string): string {
  if (channel === 'sms') return target.replace(/^(\d{3})\d{4}(\d{4})$/, '$1****$2');
  if (channel === 'email') return target.replace(/^(.).*(@.*)$/, '$1***$2');
  try {
    return new URL(target).host;
  } catch {
    return target;
  }
}

function deliveryView(d: OutboxRow) {
  return {
    id: d.id,
    messageId: d.messageId,
    ruleId: d.ruleId,
    event: d.event,
    caseId: d.caseId,
    caseNo: d.caseNo,
    title: d.title,
    body: d.body,
    channel: d.channel,
    recipient: d.recipient,
    target: maskTarget(d.channel, d.target),
    status: d.status,
    attempts: d.attempts,
    nextAttemptAt: iso(d.status === 'pending' ? d.nextAttemptAt : null),
    heldUntil: iso(d.heldUntil),
    lastError: d.lastError,
    sentAt: iso(d.sentAt),
    createdAt: iso(d.createdAt)!,
  };
}

export type NotificationDeliveryView = ReturnType<typeof deliveryView>;

function contactView(c: ContactRow) {
  return { ...c };
}

/** Rules must be unambiguous: unique ids, a warning's share and a digest's hour given. */
function checkRules(s: NotificationSettings): void {
  const ids = new Set<string>();
  s.rules.forEach((r, i) => {
    if (ids.has(r.id)) throw badRequest(`rule id "${r.id}" is used twice (规则编号重复)`, `rules/${i}/id`);
    ids.add(r.id);
    if (r.event === 'warning' && r.percent === undefined) throw badRequest(`rule "${r.name}": a warning needs the share of the limit, percent 1–99 (请填写预警比例)`, `rules/${i}/percent`);
    if (r.event === 'digest' && r.hour === undefined) throw badRequest(`rule "${r.name}": a digest needs its hour, 0–23 (请填写简报时间)`, `rules/${i}/hour`);
  });
}

export function notifyRoutes(app: GridhallApp, ctx: CountyContext): void {
  const actor = (request: { user: { id: number; username: string } | null }) => ({ id: request.user!.id, username: request.user!.username });

  route(app, 'notifications.admin', async () => ({
    settings: await ctx.settings.get('notifications'),
    contacts: (await ctx.notifyStore.contacts()).map(contactView),
    counts: await ctx.notifyStore.counts(),
    simulatedSms: ctx.notifications.simulatedSmsUrl !== null,
  }));

  route(app, 'notifications.saveSettings', async (request) => {
    const value = request.body;
    checkRules(value);
    await ctx.notifications.saveSettings(actor(request), value);
    return { ok: true };
  });

  const saveContact = async (body: NotifyContactBody, user: { id: number; username: string }, id?: number) => {
    const perDepartment = body.kind === 'department_contact' || body.kind === 'department_head';
    if (perDepartment && body.departmentId === null) throw badRequest('a department contact or head needs its department (请选择部门)', 'departmentId');
    if (body.departmentId !== null && !await ctx.departments.get(body.departmentId)) throw badRequest(`no department ${body.departmentId} (部门不存在)`, 'departmentId');
    if (!body.phone && !body.email && !body.wecomWebhook && !body.dingtalkWebhook) throw badRequest('give a phone, an e-mail or a group webhook (请至少填写一种联系方式)', 'phone');
    if (id !== undefined && !await ctx.notifyStore.contact(id)) throw notFound(`no contact ${id}`);
    return ctx.notifications.saveContact(user, body, id);
  };
  route(app, 'notifications.addContact', async (request) => ({ id: await saveContact(request.body, actor(request)) }));
  route(app, 'notifications.saveContact', async (request) => ({ id: await saveContact(request.body, actor(request), request.params.id) }));
  route(app, 'notifications.removeContact', async (request) => {
    const id = request.params.id;
    if (!await ctx.notifyStore.contact(id)) throw notFound(`no contact ${id}`);
    await ctx.notifications.removeContact(actor(request), id);
    return { ok: true };
  });

  route(app, 'notifications.log', async (request) => {
    const q = request.query;
    const page = await ctx.notifyStore.log({ status: q.status, channel: q.channel, caseNo: q.caseNo?.trim() || undefined, limit: q.limit ?? 100, offset: q.offset ?? 0 });
    return { total: page.total, counts: await ctx.notifyStore.counts(), items: page.items.map(deliveryView) };
  });

  route(app, 'notifications.retry', async (request) => {
    const id = request.params.id;
    if (!await ctx.notifyStore.retry(id, ctx.clock.now())) throw badRequest(`delivery ${id} has not failed (只能重发失败的消息)`, 'id');
    ctx.notifications.wake();
    return { ok: true };
  });

  route(app, 'cases.notifications', async (request) => {
    const id = request.params.id;
    if (!await ctx.cases.get(id)) throw notFound(`no case ${id}`);
    return { items: (await ctx.notifyStore.ofCase(id)).map(deliveryView) };
  });
}
