// 消息通知: the settings and rules, the contacts, the delivery log and retries (系统维护, admin
// only), and who was told about a case (the case timeline, anyone signed in).
import { Type } from 'typebox';
import { IdParams } from '../common.js';
import { endpoint } from '../endpoint.js';
import {
  CaseNotificationsResponse,
  NotificationLogResponse,
  NotificationSettingsBody,
  NotificationsAdminResponse,
  NotifyChannel,
  NotifyContactBody,
  NotifyDeliveryStatus,
} from '../notify.js';
import { ADMINS } from '../roles.js';

const tag = 'notifications';
const Ok = Type.Object({ ok: Type.Boolean() });
const Saved = Type.Object({ id: Type.Number() });

export const notifyEndpoints = {
  'notifications.admin': endpoint({
    method: 'GET', path: '/api/admin/notifications', access: ADMINS, tag, summary: 'Notification settings and rules, contacts and delivery counts',
    responses: { 200: NotificationsAdminResponse },
  }),
  'notifications.saveSettings': endpoint({
    method: 'PUT', path: '/api/admin/notifications/settings', access: ADMINS, tag, summary: 'Replace the notification settings and rules',
    body: NotificationSettingsBody,
    responses: { 200: Ok },
  }),
  'notifications.addContact': endpoint({
    method: 'POST', path: '/api/admin/notifications/contacts', access: ADMINS, tag, summary: 'Add a contact (通讯录)',
    body: NotifyContactBody,
    responses: { 200: Saved },
  }),
  'notifications.saveContact': endpoint({
    method: 'PUT', path: '/api/admin/notifications/contacts/:id', access: ADMINS, tag, summary: 'Change a contact',
    params: IdParams,
    body: NotifyContactBody,
    responses: { 200: Saved },
  }),
  'notifications.removeContact': endpoint({
    method: 'DELETE', path: '/api/admin/notifications/contacts/:id', access: ADMINS, tag, summary: 'Remove a contact (kept inactive when the log names it)',
    params: IdParams,
    responses: { 200: Ok },
  }),
  'notifications.log': endpoint({
    method: 'GET', path: '/api/admin/notifications/log', access: ADMINS, tag, summary: 'The delivery log, newest first',
    query: Type.Object({
      status: Type.Optional(NotifyDeliveryStatus),
      channel: Type.Optional(NotifyChannel),
      caseNo: Type.Optional(Type.String({ maxLength: 20 })),
      limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
      offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
    }),
    responses: { 200: NotificationLogResponse },
  }),
  'notifications.retry': endpoint({
    method: 'POST', path: '/api/admin/notifications/deliveries/:id/retry', access: ADMINS, tag, summary: 'Send a failed delivery again now',
    params: IdParams,
    responses: { 200: Ok },
  }),
  'cases.notifications': endpoint({
    method: 'GET', path: '/api/cases/:id/notifications', access: 'signed-in', tag, summary: 'Who was told about a case, how and when (the case timeline)',
    params: IdParams,
    responses: { 200: CaseNotificationsResponse },
  }),
};
