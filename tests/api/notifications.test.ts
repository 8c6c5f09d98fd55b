// 消息通知 end to end on real parts: the workflow (a real SQLite county), the outbox and its
// worker, the simulated SMS gateway (real HTTP, signed requests) and a local WeCom/DingTalk
// robot endpoint on 127.0.0.1. The clock is moved by hand: no wall clock, no timing asserts.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AlarmService } from '../../core/alarms/service.js';
import { AlarmStore } from '../../core/alarms/store.js';
import { SimSmsGateway } from '../../core/demo/sim/sms-gateway.js';
import { EventHub } from '../../core/server/events.js';
import { NotificationService } from '../../core/notify/service.js';
import { DEFAULT_NOTIFICATIONS, type NotificationSettings, type NotifyRule } from '../../core/notify/settings.js';
import { NotifyStore } from '../../core/notify/store.js';
import { silentLogger } from '../../core/runtime/log.js';
import type { ActionInput, Actor } from '../../core/workflow/cases/workflow.js';
import { WebhookReceiver } from '../support/webhook-receiver.js';
import { workflowFixture, type WorkflowFixture } from '../support/workflow-fixture.js';

const SECRET = 'SEC-test-secret';
const at = (local: string) => Date.parse(`${local}+08:00`);

let dir: string;
let file: string;
let f: WorkflowFixture;
let store: NotifyStore;
let notify: NotificationService;
let sms: SimSmsGateway;
let robots: WebhookReceiver;

function service(fx: WorkflowFixture): { store: NotifyStore; notify: NotificationService } {
  const s = new NotifyStore(fx.db);
  const n = new NotificationService({
    db: fx.db,
    store: s,
    settings: fx.settings,
    cases: fx.cases,
    calendars: fx.calendars,
    departmentName: async (id) => ({ 1: '环卫处', 2: '市政处' })[id] ?? null,
    className: async () => '暴露垃圾',
    clock: fx.clock,
    log: silentLogger,
  });
  n.attach(fx.workflow);
  n.simulatedSmsUrl = sms.url;
  return { store: s, notify: n };
}

async function configure(rules: NotifyRule[], extra: Partial<NotificationSettings> = {}): Promise<void> {
  await f.settings.set('notifications', { ...DEFAULT_NOTIFICATIONS, sms: { url: '', appId: 'gridhall', appSecret: SECRET }, rules, ...extra }, f.clock.now(), null);
}

const rule = (over: Partial<NotifyRule>): NotifyRule => ({ id: 'r', name: '规则', enabled: true, event: 'dispatched', recipients: ['department_contacts'], channels: ['sms'], ...over });

beforeEach(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'notify-test-'));
  file = path.join(dir, 'county.db');
  sms = new SimSmsGateway({ appId: 'gridhall', appSecret: SECRET });
  await sms.start();
  robots = new WebhookReceiver(SECRET);
  await robots.start();
  f = await workflowFixture(file);
  await f.settings.set('workflow', { ...await f.settings.get('workflow'), photoRequiredOnDispose: false }, f.clock.now(), null);
  ({ store, notify } = service(f));
  const now = f.clock.now();
  // 环卫处's contact: a phone, its WeCom group and its DingTalk group; its head; the shift leader.
  await store.saveContact({ kind: 'department_contact', departmentId: 1, name: '环卫处 王工', phone: '13800000001', email: null, wecomWebhook: `${robots.url}/cgi-bin/webhook/send?key=hw-group`, dingtalkWebhook: `${robots.url}/robot/send?access_token=hw-token`, dingtalkSecret: SECRET, active: true }, now);
  await store.saveContact({ kind: 'department_head', departmentId: 1, name: '环卫处 李处长', phone: '13800000002', email: null, wecomWebhook: null, dingtalkWebhook: null, dingtalkSecret: null, active: true }, now);
  await store.saveContact({ kind: 'department_contact', departmentId: 2, name: '市政处 赵工', phone: '13800000003', email: null, wecomWebhook: null, dingtalkWebhook: null, dingtalkSecret: null, active: true }, now);
  await store.saveContact({ kind: 'shift_leader', departmentId: null, name: '值班长 周', phone: '13800000009', email: null, wecomWebhook: null, dingtalkWebhook: null, dingtalkSecret: null, active: true }, now);
});

afterEach(async () => {
  await notify.stop();
  await f.close();
  await sms.close();
  await robots.close();
  rmSync(dir, { recursive: true, force: true });
});

async function act(id: number, action: string, actor: Actor, extra: Partial<ActionInput> = {}): Promise<void> {
  f.clock.advance(1000);
  await f.workflow.act(id, action, { version: (await f.cases.get(id))!.version, comment: '意见', ...extra }, actor);
}

async function dispatched(departmentId = 1, classCode = '0102'): Promise<number> {
  const id = (await f.workflow.report(f.newCase({ classCode }), f.actors.inspector)).case.id;
  await act(id, 'accept', f.actors.acceptor);
  await act(id, 'register', f.actors.shiftLeader);
  await act(id, 'dispatch', f.actors.dispatcher, { departmentId });
  return id;
}

describe('a notification rule', () => {
  it('fires exactly once per case into the SMS gateway, the WeCom group and the DingTalk group (signed)', async () => {
    await configure([rule({ id: 'dispatched', channels: ['sms', 'wecom', 'dingtalk'] })]);
    f.clock.set(at('2026-11-18T09:00'));
    const id = await dispatched();
    await notify.drain();
    const caseNo = (await f.cases.get(id))!.caseNo;
    expect(sms.received.map((m) => m.phone)).toEqual(['13800000001']);
    // The text: signature, case number, place and deadline (0102: one working day → Thursday 09:00).
    expect(sms.received[0]!.content).toBe(`【数字城管】案件${caseNo}（暴露垃圾，青禾大道 12 号）已派遣至环卫处，请于11月19日 09:00前处置并反馈。`);
    const wecom = robots.accepted('/cgi-bin/webhook/send');
    expect(wecom).toHaveLength(1);
    expect(wecom[0]!.query.get('key')).toBe('hw-group');
    expect(wecom[0]!.body).toMatchObject({ msgtype: 'text', text: { mentioned_mobile_list: ['13800000001'] } });
    expect((wecom[0]!.body.text as { content: string }).content).toContain(caseNo);
    const ding = robots.accepted('/robot/send');
    expect(ding).toHaveLength(1);
    expect(ding[0]!.query.get('access_token')).toBe('hw-token');
    expect(ding[0]!.body).toMatchObject({ msgtype: 'text', at: { atMobiles: ['13800000001'], isAtAll: false } });

    // 回退 and dispatched to the same department again: nothing new. Nor on another drain.
    await act(id, 'return_request', f.actors.sanitation);
    await act(id, 'return_approve', f.actors.dispatcher);
    await act(id, 'dispatch', f.actors.dispatcher, { departmentId: 1 });
    await notify.drain();
    await notify.drain();
    expect(sms.received).toHaveLength(1);
    expect(robots.accepted('/cgi-bin/webhook/send')).toHaveLength(1);
    expect(robots.accepted('/robot/send')).toHaveLength(1);
    // The case's timeline: who was told, how, when.
    expect((await store.ofCase(id)).map((d) => `${d.channel} ${d.recipient} ${d.status}`)).toEqual([
      'sms 环卫处 王工 sent', 'wecom 环卫处 王工 sent', 'dingtalk 环卫处 王工 sent',
    ]);
  });

  it('tells a new department when the case goes to it after a 回退', async () => {
    await configure([rule({ id: 'dispatched' })]);
    const id = await dispatched(1);
    await act(id, 'return_request', f.actors.sanitation);
    await act(id, 'return_approve', f.actors.dispatcher);
    await act(id, 'dispatch', f.actors.dispatcher, { departmentId: 2 });
    await notify.drain();
    expect(sms.received.map((m) => m.phone)).toEqual(['13800000001', '13800000003']);
  });

  it('retries when the receiver fails (500, then OK), after the backoff and not before', async () => {
    await configure([rule({ id: 'dispatched', channels: ['sms', 'wecom'] })], { retry: { maxAttempts: 5, baseDelaySeconds: 30 } });
    sms.failNext(1, 500);
    robots.failNext(1, 500);
    const id = await dispatched();
    expect(await notify.drain()).toEqual({ sent: 0, retrying: 2, failed: 0 });
    const pending = await store.ofCase(id);
    expect(pending.map((d) => [d.status, d.attempts])).toEqual([['pending', 1], ['pending', 1]]);
    expect(pending[0]!.lastError).toContain('HTTP 500');
    // 29 s later: not yet due.
    f.clock.advance(29_000);
    expect(await notify.drain()).toEqual({ sent: 0, retrying: 0, failed: 0 });
    f.clock.advance(1000);
    expect(await notify.drain()).toEqual({ sent: 2, retrying: 0, failed: 0 });
    expect(sms.requests).toBe(2);
    expect(sms.received).toHaveLength(1);
    expect(robots.posts.filter((p) => p.path === '/cgi-bin/webhook/send').map((p) => p.failed)).toEqual([true, false]);
    expect((await store.ofCase(id)).map((d) => [d.status, d.attempts])).toEqual([['sent', 2], ['sent', 2]]);
  });

  it('gives up after the last attempt; 系统维护 can send it again', async () => {
    await configure([rule({ id: 'dispatched' })], { retry: { maxAttempts: 2, baseDelaySeconds: 10 } });
    sms.failNext(2, 503);
    const id = await dispatched();
    await notify.drain();
    f.clock.advance(10_000);
    expect(await notify.drain()).toEqual({ sent: 0, retrying: 0, failed: 1 });
    expect((await store.ofCase(id))[0]).toMatchObject({ status: 'failed', attempts: 2 });
    // 系统维护's retry sends it now that the gateway is back.
    expect(await store.retry((await store.ofCase(id))[0]!.id, f.clock.now())).toBe(true);
    expect((await notify.drain()).sent).toBe(1);
  });

  it('holds a message in quiet hours until they end', async () => {
    await configure([rule({ id: 'dispatched' })], { quietHours: { enabled: true, start: '22:00', end: '07:00', urgentBypass: true } });
    f.clock.set(at('2026-11-18T23:10'));
    const id = await dispatched();
    await notify.drain();
    expect(sms.received).toEqual([]);
    expect(new Date((await store.ofCase(id))[0]!.heldUntil!).toISOString()).toBe('2026-11-18T23:00:00.000Z'); // 07:00 in the county
    f.clock.set(at('2026-11-19T06:59'));
    await notify.drain();
    expect(sms.received).toEqual([]);
    f.clock.set(at('2026-11-19T07:00'));
    await notify.drain();
    expect(sms.received).toHaveLength(1);
    // An urgent case goes at once, quiet hours or not.
    f.clock.set(at('2026-11-19T23:30'));
    await configure([rule({ id: 'urgent', event: 'urgent', recipients: ['shift_leader'] })]);
    await f.workflow.report(f.newCase({ urgent: true }), f.actors.inspector);
    await notify.drain();
    expect(sms.received.map((m) => m.phone)).toEqual(['13800000001', '13800000009']);
    expect(sms.received[1]!.content).toContain('急件');
  });

  it('warns at N % of the disposal limit, in working time, once', async () => {
    await configure([rule({ id: 'warn-50', event: 'warning', percent: 50, recipients: ['department_head'] })]);
    f.clock.set(at('2026-11-18T09:00'));
    const id = await dispatched(); // 0102: 1 working day (8 h) from ~09:00: half is 4 working hours, 15:00 after the lunch break
    f.clock.set(at('2026-11-18T14:59'));
    await notify.tick();
    expect(sms.received).toEqual([]);
    f.clock.set(at('2026-11-18T15:01'));
    await notify.tick();
    await notify.tick();
    expect(sms.received.map((m) => m.phone)).toEqual(['13800000002']);
    expect(sms.received[0]!.content).toContain(`临期预警：案件${(await f.cases.get(id))!.caseNo}`);
    expect(sms.received[0]!.content).toContain('已过50%');
  });

  it('tells of 超期 once when the timer fires, and not for a case disposed in time', async () => {
    await configure([rule({ id: 'overdue', event: 'overdue', recipients: ['department_head', 'shift_leader'] }), rule({ id: 'warn', event: 'warning', percent: 80, recipients: ['department_head'] })]);
    f.clock.set(at('2026-11-18T09:00'));
    const late = await dispatched();
    const done = await dispatched();
    await act(done, 'dispose', f.actors.sanitation);
    // 80 % of 8 working hours from 09:00 is 17:24.
    f.clock.set(at('2026-11-18T17:30'));
    await notify.tick();
    f.clock.set(at('2026-11-19T10:00'));
    await f.workflow.fireDueTimers();
    await f.workflow.fireDueTimers();
    await notify.tick();
    const caseNo = (await f.cases.get(late))!.caseNo;
    const texts = sms.received.map((m) => `${m.phone} ${m.content.slice(6, 10)}`);
    // The late case: its 80 % warning to the head, then 超期 to the head and the shift leader. The disposed one: nothing.
    expect(texts.sort()).toEqual(['13800000002 临期预警', '13800000002 超期告知', '13800000009 超期告知'].sort());
    expect(sms.received.every((m) => m.content.includes(caseNo))).toBe(true);
  });
});

describe('alarms from the 告警中心', () => {
  it('are told once per alarm (not per repeat), at once even in quiet hours when critical', async () => {
    await configure([rule({ id: 'alarm', event: 'alarm', recipients: ['shift_leader'] })]);
    const alarms = new AlarmService(f.db, new AlarmStore(f.db), f.settings, f.clock, new EventHub(() => f.clock.now()), silentLogger);
    notify.listenToAlarms(alarms);
    f.clock.set(at('2026-11-18T23:30'));
    await alarms.raise({ kind: 'sensor_alarm', severity: 'critical', title: '积水超警：解放路下穿通道 0.35 m', key: 'sensor:1:incident:1' });
    await alarms.raise({ kind: 'sensor_alarm', severity: 'critical', title: '积水超警：解放路下穿通道 0.40 m', key: 'sensor:1:incident:1' });
    // 超期 has its own rule: its alarm is not told twice.
    await alarms.raise({ kind: 'case_overdue', title: '案件超期', key: 'case:1:overdue' });
    await notify.drain();
    expect(sms.received.map((m) => `${m.phone} ${m.content}`)).toEqual(['13800000009 【数字城管】告警：积水超警：解放路下穿通道 0.35 m，请值班人员核实处置。']);
  });
});

describe('the outbox', () => {
  it('keeps queued messages across a restart, and sends again what a crash caught mid-send', async () => {
    await configure([rule({ id: 'dispatched' })]);
    const first = await dispatched();
    // Claimed for sending, then the process dies before the answer.
    await store.claimDue(f.clock.now(), 10);
    const second = await dispatched();
    await notify.stop();
    const now = f.clock.now();
    await f.close();
    expect(sms.received).toEqual([]);

    f = await workflowFixture.reopen(file, now + 60_000);
    ({ store, notify } = service(f));
    expect((await store.ofCase(first))[0]!.status).toBe('sending');
    await notify.start();
    await notify.drain();
    await notify.stop();
    expect(sms.received).toHaveLength(2);
    expect((await store.ofCase(first))[0]!.status).toBe('sent');
    expect((await store.ofCase(second))[0]!.status).toBe('sent');
  });

  it('sends the daily digest once a day at its hour in county time', async () => {
    await configure([rule({ id: 'digest', event: 'digest', hour: 8, recipients: ['shift_leader'] })]);
    f.clock.set(at('2026-11-18T09:00'));
    await dispatched();
    f.clock.set(at('2026-11-19T07:59'));
    await notify.tick();
    expect(sms.received).toEqual([]);
    f.clock.set(at('2026-11-19T08:00'));
    await notify.tick();
    f.clock.set(at('2026-11-19T12:00'));
    await notify.tick();
    expect(sms.received).toHaveLength(1);
    expect(sms.received[0]!.content).toBe('【数字城管】2026-11-19简报：昨日上报1件、立案1件、结案0件；当前在办1件，其中超期0件。');
  });
});
