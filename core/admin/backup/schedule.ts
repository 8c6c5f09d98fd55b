// Scheduled backups (数据备份恢复, 等保 2.0 level 3): every day at the county time the security
// policy names (setting `backups`, e.g. 02:00 Asia/Shanghai while the machine keeps UTC), a full
// backup is written to the backup folder, copied to a second folder (another disk) and checked
// there by its SHA-256, and the old scheduled backups beyond the retention (N daily, M weekly)
// are removed from both. Each slot fires once, whatever restarts: a run claims its slot in the
// database before it starts (backup_runs.slot is unique), like a case timer; a run cut off by a
// stop is marked interrupted at the next start and tried once more. Every failure is an alarm
// for the administrators, and every backup is in the audit log.
import { copyFile, open, rename, rm } from 'node:fs/promises';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { AlarmService } from '../../alarms/index.js';
import type { AuditActor, AuditStore } from '../audit/index.js';
import type { Clock } from '../../runtime/clock.js';
import type { Logger } from '../../runtime/log.js';
import { badRequest } from '../../runtime/errors.js';
import { zonedDate, zonedMidnight, zonedParts } from '../../runtime/zone.js';
import type { BackupScheduleSettings, SettingsStore } from '../../workflow/settings/index.js';
import { sha256Of, type BackupService } from './backup.js';
import type { BackupRun, BackupRunStore } from './store.js';
import type { Db } from '../../db/database.js';
import type { BackupStatus, RestoreDrillReport } from '../../contract/index.js';
import { readDrillReport, restoreDrill, saveDrillReport } from './drill.js';

const DAY = 86_400_000;
/** A scheduled backup's file name: its slot in county time. Only these are ever removed by retention. */
export const SCHEDULED_NAME = /^gridhall-auto-(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})\.zip$/;
/** A slot whose run was cut off is tried this many times in all. */
const MAX_ATTEMPTS = 2;

function minutesOf(time: string): number {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(time);
  if (!m) throw new Error(`not a time of day (HH:MM): ${time}`);
  return Number(m[1]) * 60 + Number(m[2]);
}

/** The instant of the schedule's time on the county date `date` (exact for zones without daylight saving). */
function slotOn(date: string, time: string, timeZone: string): number {
  return zonedMidnight(date, timeZone) + minutesOf(time) * 60_000;
}

/** The latest scheduled instant at or before `now`: today's in county time, or yesterday's. */
export function latestSlot(now: number, time: string, timeZone: string): number {
  const today = zonedDate(now, timeZone);
  const slot = slotOn(today, time, timeZone);
  if (slot <= now) return slot;
  return slotOn(zonedDate(zonedMidnight(today, timeZone) - 1, timeZone), time, timeZone);
}

/** The first scheduled instant after `now`. */
export function nextSlot(now: number, time: string, timeZone: string): number {
  const today = zonedDate(now, timeZone);
  const slot = slotOn(today, time, timeZone);
  if (slot > now) return slot;
  return slotOn(zonedDate(zonedMidnight(today, timeZone) + 36 * 3600_000, timeZone), time, timeZone);
}

/** The file name of the scheduled backup for a slot: gridhall-auto-20261118-0200.zip (county time). */
export function scheduledName(slot: number, timeZone: string): string {
  const p = zonedParts(slot, timeZone);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `gridhall-auto-${p.year}${pad(p.month)}${pad(p.day)}-${pad(p.hour)}${pad(p.minute)}.zip`;
}

/**
 * Which scheduled backups retention keeps: the newest of each of the last `keepDaily` days that
 * have one, and the newest of each of the last `keepWeekly` weeks (Monday to Sunday), by the
 * county date in the name. Names that are not scheduled backups are never touched.
 */
export function backupsToRemove(names: readonly string[], keepDaily: number, keepWeekly: number): string[] {
  const dated = names
    .map((name) => ({ name, m: SCHEDULED_NAME.exec(name) }))
    .filter((x): x is { name: string; m: RegExpExecArray } => x.m !== null)
    .map(({ name, m }) => {
      const day = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY;
      // 1970-01-01 was a Thursday: +3 makes weeks start on Monday.
      return { name, key: `${m[1]}${m[2]}${m[3]}${m[4]}${m[5]}`, day, week: Math.floor((day + 3) / 7) };
    })
    .sort((a, b) => (a.key < b.key ? 1 : a.key > b.key ? -1 : 0)); // newest first
  const keep = new Set<string>();
  const newestOf = (by: 'day' | 'week', count: number) => {
    const seen = new Set<number>();
    for (const b of dated) {
      if (seen.has(b[by])) continue;
      if (seen.size >= count) break;
      seen.add(b[by]);
      keep.add(b.name);
    }
  };
  newestOf('day', Math.max(1, keepDaily));
  newestOf('week', keepWeekly);
  return dated.filter((b) => !keep.has(b.name)).map((b) => b.name);
}

/** Copies a file so that it only bears its name once it is whole and on the disk. */
async function copyDurably(from: string, to: string): Promise<void> {
  const partial = `${to}.partial`;
  await copyFile(from, partial);
  const handle = await open(partial, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(partial, to);
}

/** Whether two folders sit on one device (a "second" folder on the same disk protects little). */
export function sameDisk(a: string, b: string): boolean {
  try {
    return statSync(a).dev === statSync(b).dev;
  } catch {
    return false;
  }
}

export interface BackupScheduleDeps {
  /** The live county's database (the drill shows its counts beside the backup's). */
  db: Db;
  runs: BackupRunStore;
  backups: BackupService;
  settings: SettingsStore;
  alarms: AlarmService;
  audit: AuditStore;
  clock: Clock;
  log: Logger;
  dataDir: string;
}

export class BackupScheduler {
  private current: Promise<BackupRun> | undefined;
  /** The last slot this process tried to claim: claimed once, not on every tick. */
  private triedSlot: number | undefined;

  constructor(private readonly deps: BackupScheduleDeps) {}

  /** Where backups go: the policy's folder, or <data>/backups. */
  async folder(given?: BackupScheduleSettings): Promise<string> {
    const settings = given ?? await this.deps.settings.get('backups');
    return settings.folder || path.join(this.deps.dataDir, 'backups');
  }

  /**
   * At start: runs left running by a stop are marked interrupted (an alarm each); the schedule's
   * start is set on the county's first start, so a new county does not fire for a slot before it.
   */
  async start(): Promise<void> {
    const now = this.deps.clock.now();
    if (await this.deps.runs.since() === undefined) await this.deps.runs.setSince(now);
    for (const run of await this.deps.runs.interruptRunning(now)) {
      await this.alarm('backup_failed', 'critical', `备份中断：服务在备份时停止（${run.trigger === 'schedule' ? '定时备份' : '手动备份'}）`,
        `Backup interrupted: the server stopped while a ${run.trigger === 'schedule' ? 'scheduled' : 'manual'} backup was being made`,
        run.slot !== null && run.attempts < MAX_ATTEMPTS ? '将再试一次。' : '请在系统维护中手动备份。',
        run.slot !== null && run.attempts < MAX_ATTEMPTS ? 'It is tried once more.' : 'Make a backup by hand in 系统维护.');
    }
  }

  /** The schedule changed (time, on/off): slots before now no longer fire. Call in the change's transaction. */
  async rescheduled(now: number): Promise<void> {
    await this.deps.runs.setSince(now);
    this.triedSlot = undefined;
  }

  /** When the next scheduled backup is due, or null when the schedule is off. */
  async nextDue(): Promise<number | null> {
    const s = await this.deps.settings.get('backups');
    if (!s.enabled) return null;
    const tz = (await this.deps.settings.get('calendar')).timeZone;
    const now = this.deps.clock.now();
    const since = await this.deps.runs.since() ?? now;
    const latest = latestSlot(now, s.time, tz);
    // A due slot not yet claimed (the server was down at the time) fires at the next tick.
    if (latest >= since && latest !== this.triedSlot && !(await this.deps.runs.recent(20)).some((r) => r.slot === latest)) return latest;
    return nextSlot(now, s.time, tz);
  }

  /**
   * Fires the due slot if it has not fired: called by the server's timer tick (and by tests,
   * with the injected clock). Resolves with the run made, or undefined when nothing was due.
   * While a run is under way, resolves with it.
   */
  async tick(): Promise<BackupRun | undefined> {
    if (this.current) return this.current;
    const s = await this.deps.settings.get('backups');
    if (!s.enabled) return Promise.resolve(undefined);
    const now = this.deps.clock.now();
    const since = await this.deps.runs.since() ?? now;
    const slot = latestSlot(now, s.time, (await this.deps.settings.get('calendar')).timeZone);
    if (slot < since || slot === this.triedSlot || this.deps.backups.busy) return Promise.resolve(undefined);
    this.triedSlot = slot;
    const id = await this.deps.runs.claimSlot(slot, now, MAX_ATTEMPTS);
    if (id === undefined) return Promise.resolve(undefined);
    this.current = this.perform(id, slot).finally(() => {
      this.current = undefined;
    });
    return this.current;
  }

  /** The schedule, the next backup, the last runs and the last drill (安全策略 → 数据备份). */
  async status(): Promise<BackupStatus> {
    const schedule = await this.deps.settings.get('backups');
    const folder = await this.folder(schedule);
    return {
      schedule, folder, nextDue: await this.nextDue(),
      sameDisk: schedule.secondFolder ? sameDisk(existsSync(folder) ? folder : this.deps.dataDir, schedule.secondFolder) : null,
      runs: await this.deps.runs.recent(10), lastDrill: readDrillReport(folder),
    };
  }

  /** The restore drill on the newest backup of either folder; a failure is an alarm. */
  async drill(actor: AuditActor | null = null, address: string | null = null): Promise<RestoreDrillReport> {
    const s = await this.deps.settings.get('backups');
    const folder = await this.folder(s);
    const report = await restoreDrill([folder, s.secondFolder], this.deps.clock.now(), this.deps.db);
    mkdirSync(folder, { recursive: true });
    saveDrillReport(folder, report);
    await this.deps.audit.record(actor, 'backup', 'restore-drill', 'backup', undefined, { drill: report.ok, backup: report.backup, steps: report.steps.map((step) => `${step.name}: ${step.ok ? 'ok' : step.detail}`) }, this.deps.clock.now(), address);
    if (!report.ok) {
      const failed = report.steps.find((step) => !step.ok)!;
      await this.alarm('backup_drill_failed', 'critical', '恢复演练未通过', 'The restore drill failed', `${failed.name}: ${failed.detail}`, `${failed.name}: ${failed.detail}`);
    }
    return report;
  }

  /** Waits for a run under way (the server's stop). */
  async idle(): Promise<void> {
    await this.current?.catch(() => undefined);
  }

  private async perform(id: number, slot: number): Promise<BackupRun> {
    const s = await this.deps.settings.get('backups');
    const tz = (await this.deps.settings.get('calendar')).timeZone;
    const folder = await this.folder(s);
    const name = scheduledName(slot, tz);
    const file = path.join(folder, name);
    let state: 'ok' | 'failed' = 'ok';
    let message: string | null = null;
    let bytes: number | null = null;
    let sha256: string | null = null;
    let copyFile_: string | null = null;
    let copyState: 'ok' | 'failed' | null = null;
    try {
      mkdirSync(folder, { recursive: true });
      await rm(file, { force: true }); // a cut-off attempt's leftovers
      const manifest = await this.deps.backups.write(file);
      bytes = statSync(file).size;
      sha256 = await sha256Of(file);
      if (s.secondFolder) {
        copyFile_ = path.join(s.secondFolder, name);
        try {
          // The second folder is not created: a missing one is an unmounted disk, not a place to write.
          if (!existsSync(s.secondFolder)) throw new Error(`the second folder ${s.secondFolder} is missing (is its disk mounted?)`);
          await copyDurably(file, copyFile_);
          const copied = await sha256Of(copyFile_);
          if (copied !== sha256) throw new Error(`the copy in ${s.secondFolder} does not match the backup (SHA-256 ${copied.slice(0, 12)}… ≠ ${sha256.slice(0, 12)}…)`);
          copyState = 'ok';
        } catch (error) {
          copyState = 'failed';
          message = (error as Error).message;
          await this.alarm('backup_copy_failed', 'major', '备份未能复制到第二备份目录', 'The backup could not be copied to the second folder', message, message);
        }
      }
      const removed = await this.prune(folder, s);
      if (s.secondFolder && existsSync(s.secondFolder)) removed.push(...(await this.prune(s.secondFolder, s)));
      await this.deps.audit.record(null, 'backup', name, 'backup', undefined, {
        scheduled: true, slot: new Date(slot).toISOString(), counts: manifest.counts, attachments: manifest.attachments,
        sha256: manifest.database.sha256, copy: copyState, removed,
      }, this.deps.clock.now());
    } catch (error) {
      state = 'failed';
      message = (error as Error).message;
      this.deps.log.error({ err: error, file }, 'scheduled backup failed');
      await rm(file, { force: true }).catch(() => undefined);
      await this.alarm('backup_failed', 'critical', '定时备份失败', 'The scheduled backup failed', message, message);
    }
    await this.deps.runs.finish(id, { state, finishedAt: this.deps.clock.now(), file: state === 'ok' ? file : null, bytes, sha256, copyFile: copyFile_, copyState, message });
    return (await this.deps.runs.recent(50)).find((r) => r.id === id)!;
  }

  /** Removes the scheduled backups beyond the retention from a folder; returns their names. */
  private async prune(folder: string, s: BackupScheduleSettings): Promise<string[]> {
    const gone = backupsToRemove(readdirSync(folder), s.keepDaily, s.keepWeekly);
    for (const name of gone) await rm(path.join(folder, name), { force: true });
    return gone;
  }

  private async alarm(kind: 'backup_failed' | 'backup_copy_failed' | 'backup_drill_failed', severity: 'critical' | 'major', title: string, titleEn: string, detail: string, detailEn: string): Promise<void> {
    try {
      await this.deps.alarms.raise({ kind, severity, title, titleEn, detail, detailEn, key: `backup:${kind}` });
    } catch (error) {
      this.deps.log.error({ err: error }, 'could not raise the backup alarm');
    }
  }
}

/** A folder the server can write into: made if missing (the first folder only), then probed. */
function probeFolder(folder: string, field: string, create: boolean): void {
  const zh = field === 'secondFolder' ? '第二备份目录' : '备份目录';
  if (!path.isAbsolute(folder)) throw badRequest(`${field} must be a full path, such as /mnt/backup2/gridhall (${zh}须为完整路径)`, field);
  try {
    if (create) mkdirSync(folder, { recursive: true });
    if (!statSync(folder).isDirectory()) throw new Error('not a folder');
    const probe = path.join(folder, `.gridhall-probe-${process.pid}`);
    writeFileSync(probe, 'ok');
    rmSync(probe, { force: true });
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist (is its disk mounted?)' : `cannot be written (${(error as Error).message})`;
    throw badRequest(`${field} ${folder} ${why} (${zh}不存在或不可写)`, field);
  }
}

/**
 * Checks a backup schedule a security administrator sets: the folders must be full paths the
 * server can write (the second one must exist already: it is another disk) and differ.
 */
export function checkBackupSettings(s: BackupScheduleSettings, dataDir: string): BackupScheduleSettings {
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(s.time)) throw badRequest(`time must be HH:MM between 00:00 and 23:59, not ${s.time} (备份时间格式为 时:分)`, 'time');
  const folder = s.folder.trim();
  const second = s.secondFolder.trim();
  if (folder) probeFolder(folder, 'folder', true);
  if (second) {
    const first = path.resolve(folder || path.join(dataDir, 'backups'));
    if (path.resolve(second) === first) throw badRequest('the second folder must differ from the backup folder (第二备份目录不能与备份目录相同)', 'secondFolder');
    probeFolder(second, 'secondFolder', false);
  }
  return { ...s, folder, secondFolder: second };
}
