// Scheduled backups (issue 19, 数据备份恢复): daily at 02:00 county time (UTC+8) while the
// machine keeps UTC, each slot once across restarts, a missed slot once at the next start, the
// copy in the second folder checked, N daily / M weekly kept, failures as alarms the
// administrators see, and the restore drill. The clock is injected; ticks are called by the test.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backupsToRemove, latestSlot, nextSlot } from '../../core/admin/backup/index.js';
import { ManualClock } from '../../core/runtime/clock.js';
import { seedIntakeCounty, pointIn } from '../support/intake-county.js';
import { ADMIN_PASSWORD, startTestCounty, type TestCounty } from './support.js';

const at = (local: string) => Date.parse(`${local}+08:00`);
const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
const scheduled = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((n) => n.startsWith('gridhall-auto-')).sort() : []);

describe('the schedule in county time', () => {
  it('puts 02:00 Asia/Shanghai at 18:00 UTC the day before, and the slot before 02:00 on the previous day', () => {
    const tz = 'Asia/Shanghai';
    expect(new Date(latestSlot(at('2026-11-18T02:00:00'), '02:00', tz)).toISOString()).toBe('2026-11-17T18:00:00.000Z');
    expect(latestSlot(at('2026-11-18T01:59:59'), '02:00', tz)).toBe(at('2026-11-17T02:00:00'));
    expect(nextSlot(at('2026-11-18T02:00:00'), '02:00', tz)).toBe(at('2026-11-19T02:00:00'));
    expect(nextSlot(at('2026-11-18T01:00:00'), '02:00', tz)).toBe(at('2026-11-18T02:00:00'));
  });

  it('keeps the newest of the last N days and of the last M weeks, and never touches other files', () => {
    const names = ['gridhall-backup-202611201530.zip', 'notes.txt'];
    for (let d = 1; d <= 28; d++) names.push(`gridhall-auto-202611${String(d).padStart(2, '0')}-0200.zip`);
    const removed = backupsToRemove(names, 3, 3);
    const kept = names.filter((n) => !removed.includes(n)).sort();
    // 28 Nov 2026 is a Saturday: days 26–28; weeks ending 22 and 15 Nov (Sundays) beside this one.
    expect(kept).toEqual(['gridhall-auto-20261115-0200.zip', 'gridhall-auto-20261122-0200.zip', 'gridhall-auto-20261126-0200.zip', 'gridhall-auto-20261127-0200.zip', 'gridhall-auto-20261128-0200.zip', 'gridhall-backup-202611201530.zip', 'notes.txt']);
  });
});

describe('scheduled backups of a running county', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gridhall-sched-'));
  const second = mkdtempSync(path.join(os.tmpdir(), 'gridhall-sched-second-'));
  const clock = new ManualClock(at('2026-11-18T01:00:00'));
  let county: TestCounty;
  const primary = path.join(dataDir, 'backups');
  const start = () => startTestCounty({ dataDir, clock, backups: true });
  const tick = () => county.server.county.backupSchedule.tick();
  const scheduledRuns = async () => (await county.server.county.backupRuns.recent(100)).filter((r) => r.trigger === 'schedule');

  beforeAll(async () => {
    county = await start();
    await seedIntakeCounty(county.server.county.db, ADMIN_PASSWORD, clock.now() - 86_400_000);
  });
  afterAll(async () => {
    await county.stop();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(second, { recursive: true, force: true });
  });

  it('refuses a bad schedule with the field and the reason, and only the keepers may set it', async () => {
    const secadmin = await county.login('secadmin');
    const good = { enabled: true, time: '02:00', keepDaily: 2, keepWeekly: 2, folder: '', secondFolder: second };
    const bad: [Partial<typeof good>, string, RegExp][] = [
      [{ time: '25:00' }, 'time', /.+/],
      [{ keepDaily: 0 }, 'keepDaily', /.+/],
      [{ folder: 'backups/here' }, 'folder', /full path/],
      [{ secondFolder: path.join(second, 'not-mounted') }, 'secondFolder', /does not exist/],
      [{ secondFolder: primary }, 'secondFolder', /differ/],
    ];
    for (const [change, field, why] of bad) {
      const res = await county.call<{ field: string; message: string }>('PUT', '/api/admin/security/backups', { token: secadmin, body: { ...good, ...change } });
      expect([res.status, res.body.field], JSON.stringify(change)).toEqual([400, field]);
      expect(res.body.message).toMatch(why);
    }
    expect(existsSync(path.join(second, 'not-mounted'))).toBe(false); // a missing second disk is never made on the first
    expect((await county.call('PUT', '/api/admin/security/backups', { token: await county.login('auditor'), body: good })).status).toBe(403);
    expect((await county.call('PUT', '/api/admin/security/backups', { token: secadmin, body: good })).status).toBe(200);
    const status = await county.call<{ schedule: typeof good; nextDue: number; sameDisk: boolean }>('GET', '/api/admin/security/backups', { token: await county.login('auditor') });
    expect(status.body.schedule).toEqual(good);
    expect(status.body.nextDue).toBe(at('2026-11-18T02:00:00'));
    expect(status.body.sameDisk).toBe(true); // both under the test machine's /tmp: the console warns
  });

  it('fires at 02:00 county time once, copies the backup to the second folder and checks it there', async () => {
    clock.set(at('2026-11-18T01:59:59'));
    expect(await tick()).toBeUndefined();
    expect(scheduled(primary)).toEqual([]);
    clock.set(at('2026-11-18T02:00:00'));
    const run = (await tick())!;
    expect(run).toMatchObject({ state: 'ok', trigger: 'schedule', slot: at('2026-11-18T02:00:00'), copyState: 'ok' });
    expect(scheduled(primary)).toEqual(['gridhall-auto-20261118-0200.zip']);
    expect(scheduled(second)).toEqual(['gridhall-auto-20261118-0200.zip']);
    expect(sha(path.join(second, 'gridhall-auto-20261118-0200.zip'))).toBe(run.sha256);
    clock.advance(3 * 3600_000);
    expect(await tick()).toBeUndefined();
    expect(await scheduledRuns()).toHaveLength(1);
    // The auditor sees it in the log, made by the system.
    const log = await county.call<{ items: { entityKey: string; username: string | null; action: string }[] }>('GET', '/api/admin/audit?entity=backup', { token: await county.login('auditor') });
    expect(log.body.items[0]).toMatchObject({ entityKey: 'gridhall-auto-20261118-0200.zip', username: null, action: 'backup' });
  });

  it('does not fire the same slot again after a restart, and fires a slot missed while down once at the next start', async () => {
    await county.stop();
    county = await start();
    expect(await tick()).toBeUndefined();
    expect(await scheduledRuns()).toHaveLength(1);
    // Down from the 18th 09:00 until the 20th 08:00: the 19th's and 20th's slots passed; one backup, for the latest.
    await county.stop();
    clock.set(at('2026-11-20T08:00:00'));
    county = await start();
    const caughtUp = (await tick())!;
    expect(caughtUp.slot).toBe(at('2026-11-20T02:00:00'));
    expect(await tick()).toBeUndefined();
    expect((await scheduledRuns()).map((r) => r.slot)).toEqual([at('2026-11-20T02:00:00'), at('2026-11-18T02:00:00')]);
  });

  it('tries a backup cut off by a stop once more, with an alarm the administrators see', async () => {
    const slot = at('2026-11-21T02:00:00');
    clock.set(slot + 1000);
    // A server that stopped mid-backup leaves its run claimed and running.
    expect(await county.server.county.backupRuns.claimSlot(slot, clock.now(), 2)).toBeGreaterThan(0);
    await county.stop();
    county = await start();
    const retried = (await tick())!;
    expect(retried).toMatchObject({ slot, state: 'ok', attempts: 2 });
    const alarms = await county.call<{ items: { kind: string; severity: string; title: string }[] }>('GET', '/api/alarms', { token: await county.login() });
    expect(alarms.body.items).toContainEqual(expect.objectContaining({ kind: 'backup_failed', severity: 'critical', title: expect.stringContaining('备份中断') }));
    // Not for the workflow's people.
    const watch = await county.call<{ items: { kind: string }[] }>('GET', '/api/alarms', { token: await county.login('dispatcher1') });
    expect(watch.body.items.some((a) => a.kind.startsWith('backup'))).toBe(false);
  });

  it('keeps 2 daily and 2 weekly backups in both folders over ten days', async () => {
    for (let day = 22; day <= 30; day++) {
      clock.set(at(`2026-11-${day}T02:00:00`));
      expect((await tick())?.state, `day ${day}`).toBe('ok');
    }
    // Mon 23 – Sun 29 Nov and Mon 30 Nov: the newest two days, and the newest of two weeks.
    const kept = ['gridhall-auto-20261129-0200.zip', 'gridhall-auto-20261130-0200.zip'];
    expect(scheduled(primary)).toEqual(kept);
    expect(scheduled(second)).toEqual(kept);
  });

  it('raises an alarm when the second disk is gone or the backup cannot be written', async () => {
    rmSync(second, { recursive: true, force: true }); // the disk is unmounted
    clock.set(at('2026-12-01T02:00:00'));
    const run = (await tick())!;
    expect(run).toMatchObject({ state: 'ok', copyState: 'failed', message: expect.stringMatching(/missing/) });
    const settings = county.server.county.settings;
    // The backup folder turns into something that is not a folder (a disk full of other things).
    const blocked = path.join(dataDir, 'blocked');
    writeFileSync(blocked, 'not a folder');
    await settings.set('backups', { ...await settings.get('backups'), folder: blocked, secondFolder: '' }, clock.now(), null);
    clock.set(at('2026-12-02T02:00:00'));
    expect(await tick()).toMatchObject({ state: 'failed' });
    const alarms = await county.call<{ items: { kind: string; severity: string }[] }>('GET', '/api/alarms', { token: await county.login('secadmin') });
    expect(alarms.body.items.map((a) => a.kind)).toEqual(expect.arrayContaining(['backup_copy_failed', 'backup_failed']));
    await settings.set('backups', { ...await settings.get('backups'), folder: '' }, clock.now(), null);
  });

  it('a restore drill restores the latest backup, verifies its chains and compares its counts; a damaged one fails it', async () => {
    const acceptor = await county.login('acceptor1');
    expect((await county.call('POST', '/api/cases', { token: acceptor, body: { kind: 'event', classCode: '0102', description: '演练前的案件', ...pointIn(1, 1) } })).status).toBe(201);
    clock.set(at('2026-12-03T02:00:00'));
    expect((await tick())?.state).toBe('ok');
    const secadmin = await county.login('secadmin');
    type Drill = { ok: boolean; backup: string; steps: { name: string; ok: boolean; detail: string }[]; counts: { table: string; manifest: number; restored: number; live: number | null }[] };
    const drill = await county.call<Drill>('POST', '/api/admin/security/backups/drill', { token: secadmin });
    expect(drill.status).toBe(200);
    expect(drill.body.ok, JSON.stringify(drill.body.steps)).toBe(true);
    expect(path.basename(drill.body.backup)).toBe('gridhall-auto-20261203-0200.zip');
    expect(drill.body.steps.map((s) => s.name)).toEqual(['find', 'restore', 'replay', 'case chain', 'audit chain', 'counts']);
    const cases = drill.body.counts.find((c) => c.table === 'cases')!;
    expect(cases).toEqual({ table: 'cases', manifest: 1, restored: 1, live: 1 });
    const status = await county.call<{ lastDrill: { ok: boolean } }>('GET', '/api/admin/security/backups', { token: secadmin });
    expect(status.body.lastDrill.ok).toBe(true);
    // A backup damaged on disk fails the drill, says where, and raises an alarm.
    const file = path.join(primary, 'gridhall-auto-20261203-0200.zip');
    const bytes = readFileSync(file);
    bytes[Math.floor(bytes.length / 2)]! ^= 0xff;
    writeFileSync(file, bytes);
    const failed = await county.call<Drill>('POST', '/api/admin/security/backups/drill', { token: secadmin });
    expect(failed.body.ok).toBe(false);
    expect(failed.body.steps.find((s) => !s.ok)?.name).toBe('restore');
    const alarms = await county.call<{ items: { kind: string }[] }>('GET', '/api/alarms', { token: await county.login() });
    expect(alarms.body.items.map((a) => a.kind)).toContain('backup_drill_failed');
  });
});
