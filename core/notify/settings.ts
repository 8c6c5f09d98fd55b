// 消息通知 as county settings (系统维护 › 消息通知): which event reaches whom over which channel,
// the quiet hours, the SMS gateway and the SMTP server. Types and defaults only: the settings
// store keeps them beside the county's other settings.

import type { NotificationSettings, NotifyChannel, NotifyEvent, NotifyRecipient, NotifyRule } from '../contract/notify.js';

export type { NotificationSettings, NotifyChannel, NotifyEvent, NotifyRecipient, NotifyRule };

/** What a rule listens for. */
export const NOTIFY_EVENTS = ['dispatched', 'warning', 'overdue', 'urgent', 'returned', 'alarm', 'digest'] as const satisfies readonly NotifyEvent[];

/** Who a rule tells: the case's department's contacts (联系人) or head (负责人), the leaders (领导), the shift leader (值班长). */
export const NOTIFY_RECIPIENTS = ['department_contacts', 'department_head', 'leaders', 'shift_leader'] as const satisfies readonly NotifyRecipient[];

export const NOTIFY_CHANNELS = ['sms', 'wecom', 'dingtalk', 'email'] as const satisfies readonly NotifyChannel[];

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
