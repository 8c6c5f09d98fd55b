// 消息通知 as the console sees it (core/notify/routes.ts). Types only.

export type NotifyEvent = 'dispatched' | 'warning' | 'overdue' | 'urgent' | 'returned' | 'alarm' | 'digest';
export type NotifyRecipient = 'department_contacts' | 'department_head' | 'leaders' | 'shift_leader';
export type NotifyChannel = 'sms' | 'wecom' | 'dingtalk' | 'email';
export type NotifyContactKind = 'department_contact' | 'department_head' | 'leader' | 'shift_leader';
export type NotifyDeliveryStatus = 'pending' | 'sending' | 'sent' | 'failed';

export interface NotifyRule {
  /** Stable id (the dedupe key and the log name it); letters, digits, - and _. */
  id: string;
  name: string;
  enabled: boolean;
  event: NotifyEvent;
  /** warning: when this share (%) of the disposal limit has passed. */
  percent?: number;
  /** digest: the hour (county time, 0–23) the day's digest goes out. */
  hour?: number;
  recipients: NotifyRecipient[];
  channels: NotifyChannel[];
}

export interface NotificationSettings {
  enabled: boolean;
  /** SMS signature (短信签名), put before every text. */
  signature: string;
  /** Messages due in these hours (county time, HH:MM) wait for their end; urgent cases and alarms may go at once. */
  quietHours: { enabled: boolean; start: string; end: string; urgentBypass: boolean };
  /** The HTTP SMS gateway (docs/NOTIFICATIONS.md); empty url: the demo's simulated gateway when it runs. */
  sms: { url: string; appId: string; appSecret: string };
  /** Outgoing mail; empty host: no e-mail. */
  smtp: { host: string; port: number; secure: boolean; user: string; password: string; from: string };
  /** A failed delivery is tried again after base × 2^(attempt−1) seconds (at most an hour), up to maxAttempts times. */
  retry: { maxAttempts: number; baseDelaySeconds: number };
  rules: NotifyRule[];
}

export interface NotifyContact {
  id: number;
  kind: NotifyContactKind;
  departmentId: number | null;
  name: string;
  phone: string | null;
  email: string | null;
  wecomWebhook: string | null;
  dingtalkWebhook: string | null;
  dingtalkSecret: string | null;
  active: boolean;
}

/** One delivery: a message over one channel to one recipient. */
export interface NotifyDelivery {
  id: number;
  messageId: number;
  ruleId: string;
  event: string;
  caseId: number | null;
  caseNo: string | null;
  title: string;
  body: string;
  channel: NotifyChannel;
  recipient: string;
  /** Masked: 138****0001, a***@host, a webhook's host. */
  target: string;
  status: NotifyDeliveryStatus;
  attempts: number;
  nextAttemptAt: string | null;
  heldUntil: string | null;
  lastError: string | null;
  sentAt: string | null;
  createdAt: string;
}

/** GET /api/admin/notifications */
export interface NotificationsAdminResponse {
  settings: NotificationSettings;
  contacts: NotifyContact[];
  counts: Record<NotifyDeliveryStatus, number>;
  simulatedSms: boolean;
}

/** GET /api/admin/notifications/log */
export interface NotificationLogResponse {
  total: number;
  counts: Record<NotifyDeliveryStatus, number>;
  items: NotifyDelivery[];
}

/** GET /api/cases/:id/notifications */
export interface CaseNotificationsResponse {
  items: NotifyDelivery[];
}
