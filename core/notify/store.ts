// 消息通知's SQL: contacts, the warning schedule, and the outbox (messages and deliveries).
import type { Db } from '../db/database.js';
import type { NotifyChannel } from './settings.js';

export type ContactKind = 'department_contact' | 'department_head' | 'leader' | 'shift_leader';

export interface ContactRow {
  id: number;
  kind: ContactKind;
  departmentId: number | null;
  name: string;
  phone: string | null;
  email: string | null;
  wecomWebhook: string | null;
  dingtalkWebhook: string | null;
  dingtalkSecret: string | null;
  active: boolean;
}

export type NewContact = Omit<ContactRow, 'id'>;

export type DeliveryStatus = 'pending' | 'sending' | 'sent' | 'failed';

export interface DeliveryRow {
  id: number;
  messageId: number;
  channel: NotifyChannel;
  contactId: number | null;
  recipient: string;
  target: string;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: number;
  heldUntil: number | null;
  lastError: string | null;
  providerRef: string | null;
  sentAt: number | null;
  createdAt: number;
}

/** A delivery with its message, as the worker sends it and the log lists it. */
export interface OutboxRow extends DeliveryRow {
  ruleId: string;
  event: string;
  caseId: number | null;
  caseNo: string | null;
  title: string;
  body: string;
}

export interface NewDelivery {
  channel: NotifyChannel;
  contactId: number | null;
  recipient: string;
  target: string;
  nextAttemptAt: number;
  heldUntil: number | null;
}

const CONTACT = `id, kind, department_id AS departmentId, name, phone, email, wecom_webhook AS wecomWebhook,
  dingtalk_webhook AS dingtalkWebhook, dingtalk_secret AS dingtalkSecret, active`;
const DELIVERY = `d.id, d.message_id AS messageId, d.channel, d.contact_id AS contactId, d.recipient, d.target, d.status,
  d.attempts, d.next_attempt_at AS nextAttemptAt, d.held_until AS heldUntil, d.last_error AS lastError,
  d.provider_ref AS providerRef, d.sent_at AS sentAt, d.created_at AS createdAt`;
const OUTBOX = `${DELIVERY}, m.rule_id AS ruleId, m.event, m.case_id AS caseId, c.case_no AS caseNo, m.title, m.body
  FROM notify_deliveries d JOIN notify_messages m ON m.id = d.message_id LEFT JOIN cases c ON c.id = m.case_id`;

const contact = (r: Omit<ContactRow, 'active'> & { active: number }): ContactRow => ({ ...r, active: r.active === 1 });

export interface LogFilter {
  status?: DeliveryStatus;
  channel?: NotifyChannel;
  caseNo?: string;
  limit: number;
  offset: number;
}

export class NotifyStore {
  constructor(private readonly db: Db) {}

  // contacts (通讯录)
  async contacts(): Promise<ContactRow[]> {
    return (await this.db
      .statement<ContactRow & { active: number }>('notify.contacts', `SELECT ${CONTACT} FROM notify_contacts ORDER BY kind, department_id, name, id`)
      .all())
      .map(contact);
  }

  async contact(id: number): Promise<ContactRow | undefined> {
    const row = await this.db.statement<ContactRow & { active: number }>('notify.contact', `SELECT ${CONTACT} FROM notify_contacts WHERE id = ?`).get([id]);
    return row && contact(row);
  }

  /** The active contacts of a kind, of one department for the department kinds. */
  async activeContacts(kind: ContactKind, departmentId: number | null): Promise<ContactRow[]> {
    return (await this.db
      .statement<ContactRow & { active: number }>(
        'notify.activeContacts',
        `SELECT ${CONTACT} FROM notify_contacts WHERE active = 1 AND kind = ? AND (? IS NULL OR department_id = ?) ORDER BY id`,
      )
      .all([kind, departmentId, departmentId]))
      .map(contact);
  }

  async saveContact(c: NewContact, now: number, id?: number): Promise<number> {
    const values = [c.kind, c.departmentId, c.name, c.phone, c.email, c.wecomWebhook, c.dingtalkWebhook, c.dingtalkSecret, c.active ? 1 : 0, now];
    if (id !== undefined) {
      await this.db
        .statement(
          'notify.updateContact',
          `UPDATE notify_contacts SET kind = ?, department_id = ?, name = ?, phone = ?, email = ?, wecom_webhook = ?, dingtalk_webhook = ?,
             dingtalk_secret = ?, active = ?, updated_at = ? WHERE id = ?`,
        )
        .run([...values, id]);
      return id;
    }
    return Number(
      (await this.db
        .statement(
          'notify.insertContact',
          `INSERT INTO notify_contacts (kind, department_id, name, phone, email, wecom_webhook, dingtalk_webhook, dingtalk_secret, active, updated_at, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run([...values, now])).lastInsertRowid,
    );
  }

  /** A contact already told something is kept (the log names it) but made inactive. */
  async removeContact(id: number, now: number): Promise<void> {
    const used = (await this.db.statement<{ n: number }>('notify.contactUsed', 'SELECT count(*) AS n FROM notify_deliveries WHERE contact_id = ?').get([id]))!.n;
    if (used) await this.db.statement('notify.deactivateContact', 'UPDATE notify_contacts SET active = 0, updated_at = ? WHERE id = ?').run([now, id]);
    else await this.db.statement('notify.deleteContact', 'DELETE FROM notify_contacts WHERE id = ?').run([id]);
  }

  async countContacts(): Promise<number> {
    return (await this.db.statement<{ n: number }>('notify.countContacts', 'SELECT count(*) AS n FROM notify_contacts').get())!.n;
  }

  // the warning schedule
  async schedule(ruleId: string, caseId: number, dueAt: number, deadlineAt: number): Promise<void> {
    await this.db
      .statement(
        'notify.schedule',
        `INSERT INTO notify_schedule (rule_id, case_id, due_at, deadline_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (rule_id, case_id) DO UPDATE SET due_at = excluded.due_at, deadline_at = excluded.deadline_at`,
      )
      .run([ruleId, caseId, dueAt, deadlineAt]);
  }

  async unscheduleCase(caseId: number): Promise<void> {
    await this.db.statement('notify.unscheduleCase', 'DELETE FROM notify_schedule WHERE case_id = ?').run([caseId]);
  }

  async unschedule(ruleId: string, caseId: number): Promise<void> {
    await this.db.statement('notify.unschedule', 'DELETE FROM notify_schedule WHERE rule_id = ? AND case_id = ?').run([ruleId, caseId]);
  }

  async dueSchedule(now: number, limit: number): Promise<{ ruleId: string; caseId: number; dueAt: number; deadlineAt: number }[]> {
    return await this.db
      .statement<{ ruleId: string; caseId: number; dueAt: number; deadlineAt: number }>(
        'notify.dueSchedule',
        'SELECT rule_id AS ruleId, case_id AS caseId, due_at AS dueAt, deadline_at AS deadlineAt FROM notify_schedule WHERE due_at <= ? ORDER BY due_at LIMIT ?',
      )
      .all([now, limit]);
  }

  // the outbox
  /** The message, unless one with this dedupe key exists (then null: it was sent or is on its way). */
  async insertMessage(m: { ruleId: string; event: string; caseId: number | null; dedupeKey: string; title: string; body: string }, now: number): Promise<number | null> {
    const result = await this.db
      .statement(
        'notify.insertMessage',
        `INSERT INTO notify_messages (rule_id, event, case_id, dedupe_key, title, body, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (dedupe_key) DO NOTHING`,
      )
      .run([m.ruleId, m.event, m.caseId, m.dedupeKey, m.title, m.body, now]);
    return result.changes ? Number(result.lastInsertRowid) : null;
  }

  async hasMessage(dedupeKey: string): Promise<boolean> {
    return await this.db.statement('notify.hasMessage', 'SELECT 1 FROM notify_messages WHERE dedupe_key = ?').get([dedupeKey]) !== undefined;
  }

  async insertDelivery(messageId: number, d: NewDelivery, now: number): Promise<number> {
    return Number(
      (await this.db
        .statement(
          'notify.insertDelivery',
          `INSERT INTO notify_deliveries (message_id, channel, contact_id, recipient, target, status, attempts, next_attempt_at, held_until, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, 'pending', 0, ?, ?, ?, ?)`,
        )
        .run([messageId, d.channel, d.contactId, d.recipient, d.target, d.nextAttemptAt, d.heldUntil, now, now])).lastInsertRowid,
    );
  }

  /** Claims up to `limit` due deliveries for sending (status → sending), oldest due first. */
  async claimDue(now: number, limit: number): Promise<OutboxRow[]> {
    return await this.db.transaction(async () => {
      const rows = await this.db
        .statement<OutboxRow>('notify.due', `SELECT ${OUTBOX} WHERE d.status = 'pending' AND d.next_attempt_at <= ? ORDER BY d.next_attempt_at, d.id LIMIT ?`)
        .all([now, limit]);
      const claim = this.db.statement('notify.claim', "UPDATE notify_deliveries SET status = 'sending', updated_at = ? WHERE id = ? AND status = 'pending'");
      for (const r of rows) await claim.run([now, r.id]);
      return rows;
    });
  }

  /** A start after a crash: deliveries caught mid-send go back to pending (sent again: at least once). */
  async releaseSending(now: number): Promise<number> {
    return (await this.db.statement('notify.release', "UPDATE notify_deliveries SET status = 'pending', updated_at = ? WHERE status = 'sending'").run([now])).changes;
  }

  async markSent(id: number, providerRef: string | null, now: number): Promise<void> {
    await this.db
      .statement('notify.sent', "UPDATE notify_deliveries SET status = 'sent', attempts = attempts + 1, provider_ref = ?, sent_at = ?, last_error = NULL, updated_at = ? WHERE id = ?")
      .run([providerRef, now, now, id]);
  }

  /** A failed attempt: tried again at `retryAt`, or failed for good when null. */
  async markFailed(id: number, error: string, retryAt: number | null, now: number): Promise<void> {
    await this.db
      .statement(
        'notify.failed',
        `UPDATE notify_deliveries SET status = CASE WHEN ? IS NULL THEN 'failed' ELSE 'pending' END, attempts = attempts + 1,
           next_attempt_at = coalesce(?, next_attempt_at), last_error = ?, updated_at = ? WHERE id = ?`,
      )
      .run([retryAt, retryAt, error.slice(0, 500), now, id]);
  }

  /** 系统维护's retry of a failed delivery: pending again, at once. */
  async retry(id: number, now: number): Promise<boolean> {
    return (await this.db.statement('notify.retry', "UPDATE notify_deliveries SET status = 'pending', next_attempt_at = ?, held_until = NULL, updated_at = ? WHERE id = ? AND status = 'failed'").run([now, now, id])).changes > 0;
  }

  async log(f: LogFilter): Promise<{ total: number; items: OutboxRow[] }> {
    const where = `WHERE (? IS NULL OR d.status = ?) AND (? IS NULL OR d.channel = ?) AND (? IS NULL OR c.case_no = ?)`;
    const params = [f.status ?? null, f.status ?? null, f.channel ?? null, f.channel ?? null, f.caseNo ?? null, f.caseNo ?? null];
    const total = (await this.db
      .statement<{ n: number }>('notify.logCount', `SELECT count(*) AS n FROM notify_deliveries d JOIN notify_messages m ON m.id = d.message_id LEFT JOIN cases c ON c.id = m.case_id ${where}`)
      .get(params))!.n;
    const items = await this.db.statement<OutboxRow>('notify.log', `SELECT ${OUTBOX} ${where} ORDER BY d.id DESC LIMIT ? OFFSET ?`).all([...params, f.limit, f.offset]);
    return { total, items };
  }

  async counts(): Promise<Record<DeliveryStatus, number>> {
    const out: Record<DeliveryStatus, number> = { pending: 0, sending: 0, sent: 0, failed: 0 };
    for (const r of await this.db.statement<{ status: DeliveryStatus; n: number }>('notify.counts', 'SELECT status, count(*) AS n FROM notify_deliveries GROUP BY status').all()) out[r.status] = r.n;
    return out;
  }

  async ofCase(caseId: number): Promise<OutboxRow[]> {
    return await this.db.statement<OutboxRow>('notify.ofCase', `SELECT ${OUTBOX} WHERE m.case_id = ? ORDER BY coalesce(d.sent_at, d.created_at), d.id`).all([caseId]);
  }

  /** The earliest moment a pending delivery is due (the worker's next wake-up), or null. */
  async nextDue(): Promise<number | null> {
    return (await this.db.statement<{ at: number | null }>('notify.nextDue', "SELECT min(next_attempt_at) AS at FROM notify_deliveries WHERE status = 'pending'").get())!.at;
  }
}

/** The daily digest's figures: the day before (reported, registered, closed) and now (open, overdue). */
export async function digestCounts(db: Db, fromMs: number, toMs: number): Promise<{ reported: number; registered: number; closed: number; open: number; overdue: number }> {
  const open = "state NOT IN ('not_accepted', 'not_registered', 'closed', 'void')";
  return (await db
    .statement<{ reported: number; registered: number; closed: number; open: number; overdue: number }>(
      'notify.digestCounts',
      `SELECT
         (SELECT count(*) FROM cases WHERE reported_at >= ? AND reported_at < ?) AS reported,
         (SELECT count(*) FROM cases WHERE registered_at >= ? AND registered_at < ?) AS registered,
         (SELECT count(*) FROM cases WHERE closed_at >= ? AND closed_at < ?) AS closed,
         (SELECT count(*) FROM cases WHERE ${open}) AS open,
         (SELECT count(*) FROM cases WHERE overdue = 1 AND ${open}) AS overdue`,
    )
    .get([fromMs, toMs, fromMs, toMs, fromMs, toMs]))!;
}
