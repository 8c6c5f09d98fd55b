// 消息通知 as county settings (系统维护 › 消息通知): which event reaches whom over which channel,
// the quiet hours, the SMS gateway and the SMTP server. Types and defaults only: the settings
// store keeps them beside the county's other settings.

/** What a rule listens for. */
export const NOTIFY_EVENTS = ['dispatched', 'warning', 'overdue', 'urgent', 'returned', 'alarm', 'digest'] as const;
export type NotifyEvent = (typeof NOTIFY_EVENTS)[number];

/** Who a rule tells: the case's department's contacts (联系人) or head (负责人), the leaders (领导), the shift leader (值班长). */
export const NOTIFY_RECIPIENTS = ['department_contacts', 'department_head', 'leaders', 'shift_leader'] as const;
export type NotifyRecipient = (typeof NOTIFY_RECIPIENTS)[number];

export const NOTIFY_CHANNELS = ['sms', 'wecom', 'dingtalk', 'email'] as const;
export type NotifyChannel = (typeof NOTIFY_CHANNELS)[number];

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
  /** The HTTP SMS gateway (docs/NOTIFICATIONS.md gives its API); empty url: the demo's simulated gateway when it runs. */
  sms: { url: string; appId: string; appSecret: string };
  /** Outgoing mail; empty host: no e-mail. */
  smtp: { host: string; port: number; secure: boolean; user: string; password: string; from: string };
  /** A failed delivery is tried again after base × 2^(attempt−1) seconds (at most an hour), up to maxAttempts times. */
  retry: { maxAttempts: number; baseDelaySeconds: number };
  rules: NotifyRule[];
}

export const DEFAULT_NOTIFICATIONS: NotificationSettings = {
  enabled: true,
  signature: '【数字城管】',
  quietHours: { enabled: true, start: '22:00', end: '07:00', urgentBypass: true },
  sms: { url: '', appId: 'gridhall', appSecret: '' },
  smtp: { host: '', port: 25, secure: false, user: '', password: '', from: 'gridhall@localhost' },
  retry: { maxAttempts: 6, baseDelaySeconds: 30 },
  rules: [
    { id: 'dispatched', name: '派遣通知', enabled: true, event: 'dispatched', recipients: ['department_contacts'], channels: ['sms', 'wecom', 'dingtalk'] },
    { id: 'warning-80', name: '临期预警（时限过 80%）', enabled: true, event: 'warning', percent: 80, recipients: ['department_contacts', 'department_head'], channels: ['sms'] },
    { id: 'overdue', name: '超期告知', enabled: true, event: 'overdue', recipients: ['department_head', 'shift_leader'], channels: ['sms', 'wecom', 'dingtalk'] },
    { id: 'urgent', name: '急件通知', enabled: true, event: 'urgent', recipients: ['shift_leader', 'leaders'], channels: ['sms'] },
    { id: 'returned', name: '回退告知', enabled: true, event: 'returned', recipients: ['shift_leader'], channels: ['sms'] },
    { id: 'alarm', name: '告警通知', enabled: true, event: 'alarm', recipients: ['shift_leader'], channels: ['sms', 'wecom'] },
    { id: 'digest', name: '每日简报（领导通）', enabled: true, event: 'digest', hour: 8, recipients: ['leaders'], channels: ['sms', 'email'] },
  ],
};
