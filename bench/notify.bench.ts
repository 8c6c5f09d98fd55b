// 消息通知 speed: 1,000 cases pass their disposal limit at once. Measured: the timers' round with
// the notification rules on (each 超期 queues its messages in the timer's own transaction) beside
// the same round with notifications off, in two identical counties; then the worker draining the
// 4,000 deliveries (SMS to the simulated gateway, WeCom posts to a local robot endpoint, 16 at a
// time) beside the bare HTTP posts of the same requests with the same concurrency.
import os from 'node:os';
import path from 'node:path';
import { SimSmsGateway } from '../core/demo/sim/sms-gateway.js';
import { NotificationService } from '../core/notify/service.js';
import { DEFAULT_NOTIFICATIONS } from '../core/notify/settings.js';
import { NotifyStore } from '../core/notify/store.js';
import { silentLogger } from '../core/runtime/log.js';
import { WebhookReceiver } from '../tests/support/webhook-receiver.js';
import { workflowFixture, type WorkflowFixture } from '../tests/support/workflow-fixture.js';
import { printSection, tempDir, type Figure } from './harness.js';

const CASES = 1000;
const CONCURRENCY = 16;
const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');

async function county(file: string, on: boolean, sms: SimSmsGateway, robots: WebhookReceiver): Promise<{ f: WorkflowFixture; notify: NotificationService; store: NotifyStore }> {
  const f = await workflowFixture(file);
  await f.settings.set('notifications', {
    ...DEFAULT_NOTIFICATIONS,
    enabled: on,
    quietHours: { ...DEFAULT_NOTIFICATIONS.quietHours, enabled: false },
    rules: [{ id: 'overdue', name: '超期告知', enabled: true, event: 'overdue', recipients: ['department_contacts', 'department_head', 'shift_leader'], channels: ['sms', 'wecom'] }],
  }, f.clock.now(), null);
  const store = new NotifyStore(f.db);
  const notify = new NotificationService({ db: f.db, store, settings: f.settings, cases: f.cases, calendars: f.calendars, departmentName: async () => '环卫处', className: async () => '暴露垃圾', clock: f.clock, log: silentLogger });
  notify.attach(f.workflow);
  notify.simulatedSmsUrl = sms.url;
  const now = f.clock.now();
  const none = { email: null, wecomWebhook: null, dingtalkWebhook: null, dingtalkSecret: null, active: true };
  await store.saveContact({ kind: 'department_contact', departmentId: 1, name: '环卫处 王工', phone: '13800000001', ...none, wecomWebhook: `${robots.url}/cgi-bin/webhook/send?key=hw` }, now);
  await store.saveContact({ kind: 'department_head', departmentId: 1, name: '环卫处 李处长', phone: '13800000002', ...none }, now);
  await store.saveContact({ kind: 'shift_leader', departmentId: null, name: '值班长', phone: '13800000009', ...none }, now);
  // 1,000 cases dispatched to 环卫处 with a one-working-day limit.
  await f.db.transaction(async () => {
    for (let i = 0; i < CASES; i++) {
      const id = (await f.workflow.report(f.newCase(), f.actors.inspector)).case.id;
      for (const [action, actor, extra] of [['accept', f.actors.acceptor, {}], ['register', f.actors.shiftLeader, {}], ['dispatch', f.actors.dispatcher, { departmentId: 1 }]] as const) {
        await f.workflow.act(id, action, { version: (await f.cases.get(id))!.version, comment: '意见', ...extra }, actor);
      }
    }
  });
  // Dispatch messages are not what is measured: none were queued (no dispatch rule).
  f.clock.advance(2 * 86_400_000);
  return { f, notify, store };
}

async function barePosts(sms: SimSmsGateway, robots: WebhookReceiver, n: number): Promise<number> {
  const start = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < n) {
      const i = next++;
      const url = i % 4 === 3 ? `${robots.url}/cgi-bin/webhook/send?key=hw` : `${sms.url}/v1/sms/send`;
      const body = i % 4 === 3 ? { msgtype: 'text', text: { content: '超期告知', mentioned_mobile_list: [] } } : { phones: ['13800000001'], signName: '数字城管', content: '超期告知：案件……', outId: String(i) };
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      await res.text();
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return performance.now() - start;
}

async function main(): Promise<void> {
  const tmp = tempDir('notify');
  const sms = new SimSmsGateway({ keep: 100_000 });
  await sms.start();
  const robots = new WebhookReceiver();
  await robots.start();
  try {
    process.stdout.write(`load before: ${load()}\n`);
    const off = await county(path.join(tmp.dir, 'off.db'), false, sms, robots);
    const on = await county(path.join(tmp.dir, 'on.db'), true, sms, robots);
    let start = performance.now();
    const firedOff = await off.f.workflow.fireDueTimers();
    const offMs = performance.now() - start;
    start = performance.now();
    const firedOn = await on.f.workflow.fireDueTimers();
    const onMs = performance.now() - start;
    const queued = (await on.store.counts()).pending;
    start = performance.now();
    const drained = await on.notify.drain();
    const drainMs = performance.now() - start;
    const bareMs = await barePosts(sms, robots, queued);
    const figures: Figure[] = [
      { name: `timers: ${firedOff} firings (1,000 临期 + 1,000 超期), notifications off`, value: offMs, unit: 'ms', note: `${(firedOff / (offMs / 1000)).toFixed(0)} cases/s` },
      { name: `timers: ${firedOn} firings, notifications on`, value: onMs, unit: 'ms', note: `${(firedOn / (onMs / 1000)).toFixed(0)} cases/s; ${queued} deliveries queued; ×${(onMs / offMs).toFixed(2)} of off` },
      { name: `worker drains ${drained.sent} deliveries (${CONCURRENCY} at a time)`, value: drainMs, unit: 'ms', note: `${(drained.sent / (drainMs / 1000)).toFixed(0)} deliveries/s; ${drained.retrying} retrying, ${drained.failed} failed` },
      { name: `bare HTTP posts, same ${queued} requests`, value: bareMs, unit: 'ms', note: `${(queued / (bareMs / 1000)).toFixed(0)} posts/s; the worker is ×${(drainMs / bareMs).toFixed(2)} of bare` },
      { name: '1,000 cases overdue → all told', value: onMs + drainMs, unit: 'ms', note: `load ${load()}` },
    ];
    printSection('消息通知: 1,000 cases overdue at once', figures);
    await off.f.close();
    await on.notify.stop();
    await on.f.close();
  } finally {
    await sms.close();
    await robots.close();
    tmp.cleanup();
  }
}

await main();
