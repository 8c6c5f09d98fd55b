// 消息通知 as the console sees it (core/notify/routes.ts). TypeBox schemas and their types.
import { Type, type Static } from 'typebox';

export const NotifyEvent = Type.Enum(['dispatched', 'warning', 'overdue', 'urgent', 'returned', 'alarm', 'digest']);
export type NotifyEvent = Static<typeof NotifyEvent>;

export const NotifyRecipient = Type.Enum(['department_contacts', 'department_head', 'leaders', 'shift_leader']);
export type NotifyRecipient = Static<typeof NotifyRecipient>;

export const NotifyChannel = Type.Enum(['sms', 'wecom', 'dingtalk', 'email']);
export type NotifyChannel = Static<typeof NotifyChannel>;

export const NotifyContactKind = Type.Enum(['department_contact', 'department_head', 'leader', 'shift_leader']);
export type NotifyContactKind = Static<typeof NotifyContactKind>;

export const NotifyDeliveryStatus = Type.Enum(['pending', 'sending', 'sent', 'failed']);
export type NotifyDeliveryStatus = Static<typeof NotifyDeliveryStatus>;

export const NotifyRule = Type.Object({
  /** Stable id (the dedupe key and the log name it); letters, digits, - and _. */
  id: Type.String(),
  name: Type.String(),
  enabled: Type.Boolean(),
  event: NotifyEvent,
  /** warning: when this share (%) of the disposal limit has passed. */
  percent: Type.Optional(Type.Number()),
  /** digest: the hour (county time, 0–23) the day's digest goes out. */
  hour: Type.Optional(Type.Number()),
  recipients: Type.Array(NotifyRecipient),
  channels: Type.Array(NotifyChannel),
});
export type NotifyRule = Static<typeof NotifyRule>;

export const NotificationSettings = Type.Object({
  enabled: Type.Boolean(),
  /** SMS signature (短信签名), put before every text. */
  signature: Type.String(),
  /** Messages due in these hours (county time, HH:MM) wait for their end; urgent cases and alarms may go at once. */
  quietHours: Type.Object({
    enabled: Type.Boolean(),
    start: Type.String(),
    end: Type.String(),
    urgentBypass: Type.Boolean(),
  }),
  /** The HTTP SMS gateway (docs/NOTIFICATIONS.md); empty url: the demo's simulated gateway when it runs. */
  sms: Type.Object({
    url: Type.String(),
    appId: Type.String(),
    appSecret: Type.String(),
  }),
  /** Outgoing mail; empty host: no e-mail. */
  smtp: Type.Object({
    host: Type.String(),
    port: Type.Number(),
    secure: Type.Boolean(),
    user: Type.String(),
    password: Type.String(),
    from: Type.String(),
  }),
  /** A failed delivery is tried again after base × 2^(attempt−1) seconds (at most an hour), up to maxAttempts times. */
  retry: Type.Object({
    maxAttempts: Type.Number(),
    baseDelaySeconds: Type.Number(),
  }),
  rules: Type.Array(NotifyRule),
});
export type NotificationSettings = Static<typeof NotificationSettings>;

export const NotifyContact = Type.Object({
  id: Type.Number(),
  kind: NotifyContactKind,
  departmentId: Type.Union([Type.Number(), Type.Null()]),
  name: Type.String(),
  phone: Type.Union([Type.String(), Type.Null()]),
  email: Type.Union([Type.String(), Type.Null()]),
  wecomWebhook: Type.Union([Type.String(), Type.Null()]),
  dingtalkWebhook: Type.Union([Type.String(), Type.Null()]),
  dingtalkSecret: Type.Union([Type.String(), Type.Null()]),
  active: Type.Boolean(),
});
export type NotifyContact = Static<typeof NotifyContact>;

/** One delivery: a message over one channel to one recipient. */
export const NotifyDelivery = Type.Object({
  id: Type.Number(),
  messageId: Type.Number(),
  ruleId: Type.String(),
  event: Type.String(),
  caseId: Type.Union([Type.Number(), Type.Null()]),
  caseNo: Type.Union([Type.String(), Type.Null()]),
  title: Type.String(),
  body: Type.String(),
  channel: NotifyChannel,
  recipient: Type.String(),
  /** Masked: 138****0001, a***@host, a webhook's host. */
  target: Type.String(),
  status: NotifyDeliveryStatus,
  attempts: Type.Number(),
  nextAttemptAt: Type.Union([Type.String(), Type.Null()]),
  heldUntil: Type.Union([Type.String(), Type.Null()]),
  lastError: Type.Union([Type.String(), Type.Null()]),
  sentAt: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
});
export type NotifyDelivery = Static<typeof NotifyDelivery>;

/** GET /api/admin/notifications */
export const NotificationsAdminResponse = Type.Object({
  settings: NotificationSettings,
  contacts: Type.Array(NotifyContact),
  counts: Type.Record(NotifyDeliveryStatus, Type.Number()),
  simulatedSms: Type.Boolean(),
});
export type NotificationsAdminResponse = Static<typeof NotificationsAdminResponse>;

/** GET /api/admin/notifications/log */
export const NotificationLogResponse = Type.Object({
  total: Type.Number(),
  counts: Type.Record(NotifyDeliveryStatus, Type.Number()),
  items: Type.Array(NotifyDelivery),
});
export type NotificationLogResponse = Static<typeof NotificationLogResponse>;

/** GET /api/cases/:id/notifications */
export const CaseNotificationsResponse = Type.Object({
  items: Type.Array(NotifyDelivery),
});
export type CaseNotificationsResponse = Static<typeof CaseNotificationsResponse>;

const strict = { additionalProperties: false };
const HHMM = '^([01][0-9]|2[0-3]):[0-5][0-9]$';

/** PUT /api/admin/notifications/settings: the whole settings, rules included. */
export const NotificationSettingsBody = Type.Object(
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
    rules: Type.Array(
      Type.Object(
        {
          id: Type.String({ pattern: '^[A-Za-z0-9_-]{1,40}$' }),
          name: Type.String({ minLength: 1, maxLength: 40 }),
          enabled: Type.Boolean(),
          event: NotifyEvent,
          percent: Type.Optional(Type.Integer({ minimum: 1, maximum: 99 })),
          hour: Type.Optional(Type.Integer({ minimum: 0, maximum: 23 })),
          recipients: Type.Array(NotifyRecipient, { minItems: 1, uniqueItems: true }),
          channels: Type.Array(NotifyChannel, { minItems: 1, uniqueItems: true }),
        },
        strict,
      ),
      { maxItems: 50 },
    ),
  },
  strict,
);

const Nullable = <S extends ReturnType<typeof Type.String>>(s: S) => Type.Union([s, Type.Null()]);

/** POST /api/admin/notifications/contacts, PUT …/contacts/:id: a contact (通讯录). */
export const NotifyContactBody = Type.Object(
  {
    kind: NotifyContactKind,
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
export type NotifyContactBody = Static<typeof NotifyContactBody>;
