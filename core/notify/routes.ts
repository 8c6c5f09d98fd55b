// 消息通知 over the API: the settings and rules, the contacts, the delivery log and retries
// (系统维护, admin only), and who was told about a case (the case timeline, anyone signed in).
import { Type, type Static } from 'typebox';
import { badRequest, notFound } from '../runtime/errors.js';
import { authorize, type GridhallApp } from '../server/authorize.js';
import type { CountyContext } from '../server/context.js';
import { withErrors } from '../server/schemas.js';
import { NOTIFY_CHANNELS, NOTIFY_EVENTS, NOTIFY_RECIPIENTS, type NotificationSettings } from './settings.js';
import type { ContactRow, OutboxRow } from './store.js';

const strict = { additionalProperties: false };
const HHMM = '^([01][0-9]|2[0-3]):[0-5][0-9]$';
const lit = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));

const RuleSchema = Type.Object(
  {
    id: Type.String({ pattern: '^[A-Za-z0-9_-]{1,40}$' }),
    name: Type.String({ minLength: 1, maxLength: 40 }),
    enabled: Type.Boolean(),
    event: lit(NOTIFY_EVENTS),
    percent: Type.Optional(Type.Integer({ minimum: 1, maximum: 99 })),
    hour: Type.Optional(Type.Integer({ minimum: 0, maximum: 23 })),
    recipients: Type.Array(lit(NOTIFY_RECIPIENTS), { minItems: 1, uniqueItems: true }),
    channels: Type.Array(lit(NOTIFY_CHANNELS), { minItems: 1, uniqueItems: true }),
  },
  strict,
);

const SettingsBody = Type.Object(
  {
    enabled: Type.Boolean(),
    signature: Type.String({ maxLength: 20 }),
    quietHours: Type.Object({ enabled: Type.Boolean(), start: Type.String({ pattern: HHMM }), end: Type.String({ pattern: HHMM }), urgentBypass: Type.Boolean() }, strict),
    sms: Type.Object({ url: Type.String({ maxLength: 300 }), appId: Type.String({ maxLength: 100 }), appSecret: Type.String({ maxLength: 200 }) }, strict),
    smtp: Type.Object(
      {
        host: Type.String({ maxLength: 200 }),
        port: Type.Integer({ minimum: 1, maximum: 65535 }),
        secure: Type.Boolean(),
        user: Type.String({ maxLength: 200 }),
        password: Type.String({ maxLength: 200 }),
        from: Type.String({ maxLength: 200 }),
      },
      strict,
    ),
    retry: Type.Object({ maxAttempts: Type.Integer({ minimum: 1, maximum: 20 }), baseDelaySeconds: Type.Integer({ minimum: 1, maximum: 3600 }) }, strict),
    rules: Type.Array(RuleSchema, { maxItems: 50 }),
  },
  strict,
);

const Nullable = (s: ReturnType<typeof Type.String>) => Type.Union([s, Type.Null()]);
const ContactBody = Type.Object(
  {
    kind: lit(['department_contact', 'department_head', 'leader', 'shift_leader'] as const),
    departmentId: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()]),
    name: Type.String({ minLength: 1, maxLength: 60 }),
    phone: Nullable(Type.String({ pattern: '^1[3-9][0-9]{9}$' })),
    email: Nullable(Type.String({ maxLength: 200, pattern: '^[^\\s@]+@[^\\s@]+$' })),
    wecomWebhook: Nullable(Type.String({ maxLength: 500, pattern: '^https?://' })),
    dingtalkWebhook: Nullable(Type.String({ maxLength: 500, pattern: '^https?://' })),
    dingtalkSecret: Nullable(Type.String({ maxLength: 200 })),
    active: Type.Boolean(),
  },
  strict,
);

const LogQuery = Type.Object({
  status: Type.Optional(lit(['pending', 'sending', 'sent', 'failed'] as const)),
  channel: Type.Optional(lit(NOTIFY_CHANNELS)),
  caseNo: Type.Optional(Type.String({ maxLength: 20 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
});

const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
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
  const pre = authorize(['admin']);
  const tags = ['notifications'];
  const security = [{ bearer: [] }];
  const route = (summary: string, extra: object = {}) => ({ preHandler: pre, schema: { tags, summary, security, response: withErrors(200), ...extra } });
  const actor = (request: { user: { id: number; username: string } | null }) => ({ id: request.user!.id, username: request.user!.username });

  app.get('/api/admin/notifications', route('Notification settings and rules, contacts and delivery counts'), async () => ({
    settings: await ctx.settings.get('notifications'),
    contacts: (await ctx.notifyStore.contacts()).map(contactView),
    counts: await ctx.notifyStore.counts(),
    simulatedSms: ctx.notifications.simulatedSmsUrl !== null,
  }));

  app.put('/api/admin/notifications/settings', route('Replace the notification settings and rules', { body: SettingsBody }), async (request) => {
    const value = request.body as Static<typeof SettingsBody> as NotificationSettings;
    checkRules(value);
    await ctx.notifications.saveSettings(actor(request), value);
    return { ok: true };
  });

  const saveContact = async (request: { body: unknown; user: { id: number; username: string } | null }, id?: number) => {
    const body = request.body as Static<typeof ContactBody>;
    const perDepartment = body.kind === 'department_contact' || body.kind === 'department_head';
    if (perDepartment && body.departmentId === null) throw badRequest('a department contact or head needs its department (请选择部门)', 'departmentId');
    if (body.departmentId !== null && !await ctx.departments.get(body.departmentId)) throw badRequest(`no department ${body.departmentId} (部门不存在)`, 'departmentId');
    if (!body.phone && !body.email && !body.wecomWebhook && !body.dingtalkWebhook) throw badRequest('give a phone, an e-mail or a group webhook (请至少填写一种联系方式)', 'phone');
    if (id !== undefined && !await ctx.notifyStore.contact(id)) throw notFound(`no contact ${id}`);
    return await ctx.notifications.saveContact(actor(request), body, id);
  };
  app.post('/api/admin/notifications/contacts', route('Add a contact (通讯录)', { body: ContactBody }), async (request) => ({ id: await saveContact(request) }));
  app.put('/api/admin/notifications/contacts/:id', route('Change a contact', { params: IdParams, body: ContactBody }), async (request) => ({
    id: await saveContact(request, (request.params as { id: number }).id),
  }));
  app.delete('/api/admin/notifications/contacts/:id', route('Remove a contact (kept inactive when the log names it)', { params: IdParams }), async (request) => {
    const id = (request.params as { id: number }).id;
    if (!await ctx.notifyStore.contact(id)) throw notFound(`no contact ${id}`);
    await ctx.notifications.removeContact(actor(request), id);
    return { ok: true };
  });

  app.get('/api/admin/notifications/log', route('The delivery log, newest first', { querystring: LogQuery }), async (request) => {
    const q = request.query as Static<typeof LogQuery>;
    const page = await ctx.notifyStore.log({ status: q.status, channel: q.channel, caseNo: q.caseNo?.trim() || undefined, limit: q.limit ?? 100, offset: q.offset ?? 0 });
    return { total: page.total, counts: await ctx.notifyStore.counts(), items: page.items.map(deliveryView) };
  });

  app.post('/api/admin/notifications/deliveries/:id/retry', route('Send a failed delivery again now', { params: IdParams }), async (request) => {
    const id = (request.params as { id: number }).id;
    if (!await ctx.notifyStore.retry(id, ctx.clock.now())) throw badRequest(`delivery ${id} has not failed (只能重发失败的消息)`, 'id');
    ctx.notifications.wake();
    return { ok: true };
  });

  app.get(
    '/api/cases/:id/notifications',
    { preHandler: authorize(), schema: { tags, summary: 'Who was told about a case, how and when (the case timeline)', security, params: IdParams, response: withErrors(200) } },
    async (request) => {
      const id = (request.params as { id: number }).id;
      if (!await ctx.cases.get(id)) throw notFound(`no case ${id}`);
      return { items: (await ctx.notifyStore.ofCase(id)).map(deliveryView) };
    },
  );
}
