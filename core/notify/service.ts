// 消息通知: rules (county settings) turn workflow changes, warnings, alarms and the daily digest
// into messages; the outbox keeps them; the delivery worker sends them with retries.
//
// - Case events come from the workflow's observer, inside the action's transaction: the message
//   commits with the change or not at all. A warning (N % of the disposal limit gone) is a row in
//   notify_schedule, kept in step with the case's deadline and fired by tick().
// - At most one message per rule and case (a dispatch to another department after a 回退 is a
//   new subject: that department must hear of it too); the digest once per rule and day.
// - Quiet hours set a delivery's first attempt to their end (urgent cases and alarms may bypass).
// - The worker claims due deliveries, sends a few at a time, and on failure tries again after
//   base × 2^(attempt−1) s; deliveries caught mid-send by a crash are sent again at the next start.
import type { AlarmItem } from '../contract/alarms.js';
import type { Clock } from '../runtime/clock.js';
import type { Logger } from '../runtime/log.js';
import type { Db } from '../db/database.js';
import type { EventHub } from '../server/events.js';
import type { CalendarService } from '../workflow/calendar/index.js';
import type { CaseRow, CaseStore } from '../workflow/cases/index.js';
import { DISPOSAL_CLOCK_STATES } from '../workflow/cases/index.js';
import type { Workflow } from '../workflow/cases/index.js';
import type { SettingsStore } from '../workflow/settings/index.js';
import { sendDingtalk } from './channels/index.js';
import { EmailSender } from './channels/index.js';
import { DeliveryError, type Outgoing } from './channels/index.js';
import { sendSms } from './channels/index.js';
import { sendWecom } from './channels/index.js';
import type { NotificationSettings, NotifyChannel, NotifyEvent, NotifyRecipient, NotifyRule } from './settings.js';
import { digestCounts, type ContactKind, type ContactRow, type NewContact, type NewDelivery, type NotifyStore, type OutboxRow } from './store.js';
import { alarmText, caseText, countyTime, digestText, quietUntil, type CaseFacts } from './templates.js';

const RECIPIENT_KINDS: Record<NotifyRecipient, { kind: ContactKind; perDepartment: boolean }> = {
  department_contacts: { kind: 'department_contact', perDepartment: true },
  department_head: { kind: 'department_head', perDepartment: true },
  leaders: { kind: 'leader', perDepartment: false },
  shift_leader: { kind: 'shift_leader', perDepartment: false },
};

/** Alarm kinds told by their own rules (超期, 急件), not again as alarms. */
const SKIPPED_ALARM_KINDS = new Set(['case_overdue', 'case_urgent']);

/** How often the worker looks for due warnings, digests and deliveries. */
const TICK_MS = 5000;
const BATCH = 200;
const CONCURRENCY = 16;
const MAX_BACKOFF_S = 3600;

/** Who changed a setting or a contact (the audit trail names them). */
export interface NotifyActor {
  id: number;
  username: string;
}

export interface NotifyDeps {
  db: Db;
  /** The audit trail: every change to the settings and the contacts is recorded. */
  audit?: { record(actor: NotifyActor | null, entity: string, key: string, action: 'create' | 'update' | 'delete', before: unknown, after: unknown, at: number): Promise<void> };
  store: NotifyStore;
  settings: SettingsStore;
  cases: CaseStore;
  calendars: CalendarService;
  departmentName(id: number): Promise<string | null>;
  className(row: CaseRow): Promise<string>;
  clock: Clock;
  log: Logger;
  events?: EventHub;
}

export interface AlarmNotice {
  /** The alarm's own id: one message per rule and alarm. */
  key: string;
  text: string;
  place?: string | null;
  departmentId?: number | null;
  urgent?: boolean;
  caseId?: number | null;
}

export interface DrainResult {
  sent: number;
  retrying: number;
  failed: number;
}

export class NotificationService {
  /** The simulated SMS gateway's URL while the demo runs it (used when the county set none). */
  simulatedSmsUrl: string | null = null;
  private readonly email = new EmailSender();
  private draining: Promise<DrainResult> | null = null;
  private again = false;
  private timer: ReturnType<typeof setInterval> | null = null;
  private wakeTimer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;
  private paused = false;

  constructor(private readonly deps: NotifyDeps) {}

  /** 系统维护: replaces the settings and rules, audited. */
  async saveSettings(actor: NotifyActor, value: NotificationSettings): Promise<void> {
    const { db, settings, audit, clock } = this.deps;
    const before = await settings.get('notifications');
    const now = clock.now();
    await db.transaction(async () => {
      await settings.set('notifications', value, now, actor.id);
      await audit?.record(actor, 'setting', 'notifications', 'update', before, value, now);
    });
  }

  /** 系统维护: adds (no id) or changes a contact, audited; returns its id. */
  async saveContact(actor: NotifyActor, contact: NewContact, id?: number): Promise<number> {
    const { db, store, audit, clock } = this.deps;
    const before = id === undefined ? undefined : await store.contact(id);
    const now = clock.now();
    return await db.transaction(async () => {
      const saved = await store.saveContact(contact, now, id);
      await audit?.record(actor, 'notify_contact', String(saved), id === undefined ? 'create' : 'update', before, contact, now);
      return saved;
    });
  }

  /** 系统维护: removes a contact (kept inactive when the log names it), audited. */
  async removeContact(actor: NotifyActor, id: number): Promise<void> {
    const { db, store, audit, clock } = this.deps;
    const before = await store.contact(id);
    const now = clock.now();
    await db.transaction(async () => {
      await store.removeContact(id, now);
      await audit?.record(actor, 'notify_contact', String(id), 'delete', before, undefined, now);
    });
  }

  /** Runs a bulk replay (the demo's history) without telling anyone of it. */
  async unobserved<T>(fn: () => Promise<T>): Promise<T> {
    this.paused = true;
    try {
      return await fn();
    } finally {
      this.paused = false;
    }
  }

  async settings(): Promise<NotificationSettings> {
    return await this.deps.settings.get('notifications');
  }

  private async offset(): Promise<number> {
    return (await this.deps.settings.get('calendar')).utcOffsetMinutes;
  }

  private async rules(event: NotifyEvent): Promise<NotifyRule[]> {
    const s = await this.settings();
    return s.enabled ? s.rules.filter((r) => r.enabled && r.event === event) : [];
  }

  /** Listens to the workflow: dispatch, 超期, 回退, urgent cases, and the warning schedule. */
  attach(workflow: Workflow): void {
    workflow.observe(async ({ before, after, events }) => {
      if (this.paused || !(await this.settings()).enabled) return undefined;
      let queued = 0;
      for (const e of events) {
        if (e.action === 'dispatch') queued += await this.caseEvent('dispatched', after, after.departmentId);
        else if (e.action === 'overdue') queued += await this.caseEvent('overdue', after, after.departmentId);
        else if (e.action === 'return_request') queued += await this.caseEvent('returned', after, before?.departmentId ?? after.departmentId);
      }
      if (after.urgent === 1 && (before === null || before.urgent !== 1)) queued += await this.caseEvent('urgent', after, after.departmentId);
      if (!before || before.state !== after.state || before.deadlineAt !== after.deadlineAt || before.overdue !== after.overdue) await this.reschedule(after);
      return queued ? () => this.wake() : undefined;
    });
  }

  /** Keeps the case's warning moments in step with its disposal limit. */
  private async reschedule(row: CaseRow): Promise<void> {
    const { store } = this.deps;
    const running = DISPOSAL_CLOCK_STATES.has(row.state) && row.deadlineAt !== null && row.dispatchedAt !== null && row.overdue === 0;
    const rules = running ? await this.rules('warning') : [];
    if (!rules.length) {
      await store.unscheduleCase(row.id);
      return;
    }
    for (const rule of rules) await store.schedule(rule.id, row.id, await this.warnAt(row, rule.percent ?? 80), row.deadlineAt!);
  }

  /** When `percent` of the disposal limit has passed, in the limit's own time (working or clock). */
  private async warnAt(row: CaseRow, percent: number): Promise<number> {
    const share = Math.min(Math.max(percent, 1), 99) / 100;
    const start = row.dispatchedAt!;
    const deadline = row.deadlineAt!;
    if (row.clockLimit === 1) return Math.round(start + share * (deadline - start));
    const calendar = await this.deps.calendars.current();
    return Math.round(calendar.addWorkingMs(start, share * calendar.workingMsBetween(start, deadline)));
  }

  private async facts(row: CaseRow, departmentId: number | null): Promise<CaseFacts> {
    return {
      caseNo: row.caseNo,
      className: await this.deps.className(row),
      place: row.address ?? (row.gridCode ? `网格${row.gridCode}` : '位置未知'),
      departmentName: departmentId === null ? null : await this.deps.departmentName(departmentId),
      deadline: row.deadlineAt === null ? null : countyTime(row.deadlineAt, await this.offset()),
      urgent: row.urgent === 1,
    };
  }

  /** Queues each matching rule's message about a case; returns how many deliveries were queued. */
  private async caseEvent(event: Exclude<NotifyEvent, 'alarm' | 'digest'>, row: CaseRow, departmentId: number | null, percent?: number, only?: NotifyRule): Promise<number> {
    let queued = 0;
    for (const rule of only ? [only] : await this.rules(event)) {
      // A new department for the same case is a new subject; the same department never twice.
      const key = event === 'dispatched' || event === 'returned' ? `${rule.id}:case:${row.id}:dept:${departmentId ?? '-'}` : `${rule.id}:case:${row.id}`;
      const text = caseText(event, await this.facts(row, departmentId), percent ?? rule.percent);
      queued += await this.queue(rule, event, key, row.id, text, departmentId, event === 'urgent' || row.urgent === 1);
    }
    return queued;
  }

  /**
   * Subscribes to the 告警中心 (docs/ALARMS.md): each new alarm is told once per rule (a repeat
   * of the same alarm is not). 超期 and 急件 have rules of their own, so their alarm kinds are left out.
   */
  listenToAlarms(alarms: { onRaised(listener: (alarm: AlarmItem, repeat: boolean) => void): () => void }): () => void {
    return alarms.onRaised(async (alarm, repeat) => {
      if (repeat || this.paused || SKIPPED_ALARM_KINDS.has(alarm.kind)) return;
      const place = alarm.gridCode ? `网格${alarm.gridCode}` : null;
      await this.alarm({ key: String(alarm.id), text: alarm.title, place, departmentId: alarm.departmentId, urgent: alarm.severity === 'critical', caseId: alarm.caseId });
    });
  }

  /** An alarm (告警) from the alarm service, sensors or vehicles: one message per rule and alarm. */
  async alarm(notice: AlarmNotice): Promise<number> {
    let queued = 0;
    await this.deps.db.transaction(async () => {
      for (const rule of await this.rules('alarm')) {
        queued += await this.queue(rule, 'alarm', `${rule.id}:alarm:${notice.key}`, notice.caseId ?? null, alarmText(notice.text, notice.place ?? null), notice.departmentId ?? null, true);
      }
    });
    if (queued) this.wake();
    return queued;
  }

  private async contactsFor(rule: NotifyRule, departmentId: number | null): Promise<ContactRow[]> {
    const seen = new Set<number>();
    const out: ContactRow[] = [];
    for (const r of rule.recipients) {
      const { kind, perDepartment } = RECIPIENT_KINDS[r];
      if (perDepartment && departmentId === null) continue;
      for (const c of await this.deps.store.activeContacts(kind, perDepartment ? departmentId : null)) {
        if (!seen.has(c.id)) out.push(c);
        seen.add(c.id);
      }
    }
    return out;
  }

  private async queue(rule: NotifyRule, event: NotifyEvent, dedupeKey: string, caseId: number | null, text: { title: string; body: string }, departmentId: number | null, urgent: boolean): Promise<number> {
    const { store, clock } = this.deps;
    const now = clock.now();
    const s = await this.settings();
    const deliveries: NewDelivery[] = [];
    const held = s.quietHours.urgentBypass && urgent ? null : quietUntil(now, s.quietHours, await this.offset());
    const targets = new Set<string>();
    for (const contact of await this.contactsFor(rule, departmentId)) {
      for (const channel of rule.channels) {
        const target = targetOf(contact, channel);
        if (!target || targets.has(`${channel}:${target}`)) continue;
        targets.add(`${channel}:${target}`);
        deliveries.push({ channel, contactId: contact.id, recipient: contact.name, target, nextAttemptAt: held ?? now, heldUntil: held });
      }
    }
    if (!deliveries.length) return 0;
    const messageId = await store.insertMessage({ ruleId: rule.id, event, caseId, dedupeKey, title: text.title, body: text.body }, now);
    if (messageId === null) return 0;
    for (const d of deliveries) await store.insertDelivery(messageId, d, now);
    return deliveries.length;
  }

  /** Warnings whose moment came, and the digests whose hour came. */
  private async fireDue(): Promise<number> {
    const { store, cases, clock, db } = this.deps;
    const now = clock.now();
    let queued = 0;
    for (;;) {
      const due = await store.dueSchedule(now, BATCH);
      if (!due.length) break;
      await db.transaction(async () => {
        for (const d of due) {
          await store.unschedule(d.ruleId, d.caseId);
          const row = await cases.get(d.caseId);
          const rule = (await this.rules('warning')).find((r) => r.id === d.ruleId);
          // Only while the same limit still runs: not disposed, not hanging, not already overdue.
          if (!row || !rule || !DISPOSAL_CLOCK_STATES.has(row.state) || row.overdue === 1 || row.deadlineAt !== d.deadlineAt) continue;
          queued += await this.caseEvent('warning', row, row.departmentId, rule.percent, rule);
        }
      });
    }
    const offset = await this.offset();
    const local = new Date(now + offset * 60_000);
    const date = local.toISOString().slice(0, 10);
    for (const rule of await this.rules('digest')) {
      if (local.getUTCHours() < (rule.hour ?? 8) || await store.hasMessage(`${rule.id}:digest:${date}`)) continue;
      const todayStart = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()) - offset * 60_000;
      const counts = await digestCounts(db, todayStart - 86_400_000, todayStart);
      await db.transaction(async () => {
        queued += await this.queue(rule, 'digest', `${rule.id}:digest:${date}`, null, digestText({ date, ...counts }), null, false);
      });
    }
    return queued;
  }

  /** One round: due warnings and digests queued, then the outbox drained. */
  async tick(): Promise<DrainResult> {
    await this.fireDue();
    return await this.drain();
  }

  /** Sends every due delivery (several at a time) until none is due; one drain at a time. */
  drain(): Promise<DrainResult> {
    if (this.draining) {
      this.again = true;
      return this.draining;
    }
    this.draining = (async () => {
      const total: DrainResult = { sent: 0, retrying: 0, failed: 0 };
      do {
        this.again = false;
        for (;;) {
          const batch = await this.deps.store.claimDue(this.deps.clock.now(), BATCH);
          if (!batch.length) break;
          const contacts = new Map<number, ContactRow | undefined>();
          let next = 0;
          const worker = async () => {
            while (next < batch.length) {
              const d = batch[next++]!;
              if (d.contactId !== null && !contacts.has(d.contactId)) contacts.set(d.contactId, await this.deps.store.contact(d.contactId));
              const outcome = await this.deliver(d, d.contactId === null ? undefined : contacts.get(d.contactId));
              total[outcome]++;
            }
          };
          await Promise.all(Array.from({ length: Math.min(CONCURRENCY, batch.length) }, worker));
          if (this.stopped) return total;
        }
      } while (this.again && !this.stopped);
      return total;
    })().finally(() => {
      this.draining = null;
    });
    return this.draining;
  }

  private async deliver(d: OutboxRow, contact: ContactRow | undefined): Promise<keyof DrainResult> {
    const { store, clock, log, events } = this.deps;
    const s = await this.settings();
    const message: Outgoing = {
      title: d.title,
      body: d.channel === 'sms' ? `${s.signature}${d.body}` : d.body,
      target: d.target,
      mention: d.channel === 'wecom' || d.channel === 'dingtalk' ? (contact?.phone ?? null) : null,
      secret: d.channel === 'dingtalk' ? (contact?.dingtalkSecret ?? null) : null,
      ref: `gridhall-${d.id}`,
    };
    try {
      const { ref } = await this.send(d.channel, message, s);
      await store.markSent(d.id, ref, clock.now());
      events?.publish('notify.delivered', { id: d.id, caseId: d.caseId, channel: d.channel, recipient: d.recipient, ruleId: d.ruleId });
      return 'sent';
    } catch (error) {
      const retryable = error instanceof DeliveryError ? error.retryable : true;
      const reason = (error as Error).message;
      const now = clock.now();
      const attempt = d.attempts + 1;
      let retryAt: number | null = null;
      if (retryable && attempt < s.retry.maxAttempts) {
        retryAt = now + Math.min(s.retry.baseDelaySeconds * 2 ** (attempt - 1), MAX_BACKOFF_S) * 1000;
        retryAt = quietUntil(retryAt, s.quietHours, await this.offset()) ?? retryAt;
      }
      await store.markFailed(d.id, reason, retryAt, now);
      log.warn({ delivery: d.id, channel: d.channel, attempt, retryAt, err: reason }, retryAt ? 'notification failed; will retry' : 'notification failed');
      if (retryAt === null) events?.publish('notify.failed', { id: d.id, caseId: d.caseId, channel: d.channel, recipient: d.recipient, error: reason });
      return retryAt === null ? 'failed' : 'retrying';
    }
  }

  private async send(channel: NotifyChannel, message: Outgoing, s: NotificationSettings): Promise<{ ref: string | null }> {
    const now = this.deps.clock.now();
    switch (channel) {
      case 'sms':
        return await sendSms({ url: s.sms.url || this.simulatedSmsUrl || '', appId: s.sms.appId, appSecret: s.sms.appSecret, signName: s.signature.replace(/[【】]/g, '') }, message, now);
      case 'wecom':
        return await sendWecom(message);
      case 'dingtalk':
        return await sendDingtalk(message, now);
      case 'email':
        return await this.email.send(s.smtp, message);
    }
  }

  /** Sends soon (after the current transaction's work): a queued message should not wait for the tick. */
  wake(): void {
    if (this.stopped || !this.timer || this.wakeTimer) return;
    this.wakeTimer = setTimeout(() => {
      this.wakeTimer = null;
      void this.drain().catch((error: unknown) => this.deps.log.error({ err: error }, 'notification delivery failed'));
    }, 0);
    this.wakeTimer.unref();
  }

  /** Starts the worker: deliveries caught mid-send by a stop are due again, then a tick every few seconds. */
  async start(): Promise<void> {
    this.stopped = false;
    await this.deps.store.releaseSending(this.deps.clock.now());
    const run = () => void this.tick().catch((error: unknown) => this.deps.log.error({ err: error }, 'notification tick failed'));
    this.timer = setInterval(run, TICK_MS);
    this.timer.unref();
    run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    this.timer = null;
    this.wakeTimer = null;
    await this.draining?.catch(() => undefined);
    this.email.close();
  }
}

function targetOf(contact: ContactRow, channel: NotifyChannel): string | null {
  switch (channel) {
    case 'sms':
      return contact.phone;
    case 'email':
      return contact.email;
    case 'wecom':
      return contact.wecomWebhook;
    case 'dingtalk':
      return contact.dingtalkWebhook;
  }
}
