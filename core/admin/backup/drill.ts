// The restore drill (恢复演练): a backup that was never restored is a hope, not a backup. The
// newest backup in the backup folders is restored into a temporary folder exactly as
// `gridhall restore` would (manifest, checksum, SQLite's quick_check, counts), opened, its case
// trails replayed and its SM3 hash chains verified, and its counts compared with the manifest
// and shown beside the live county's. `gridhall doctor --restore-drill` and the console
// (安全策略 → 恢复演练) run it; the last report is kept beside the backups (restore-drill.json).
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RestoreDrillReport } from '../../contract/index.js';
import { DB_FILE } from '../../db/files.js';
import type { Db } from '../../db/database.js';
import { SqliteDb } from '../../db/sqlite.js';
import { createLogger } from '../../runtime/log.js';
import { CaseStore, verifyEventChains, verifyTrail } from '../../workflow/cases/index.js';
import { AuditStore } from '../audit/index.js';
import { restoreBackup } from './backup.js';
import { BackupStore } from './store.js';

export const DRILL_REPORT = 'restore-drill.json';
const BACKUP_NAME = /^gridhall-(auto|backup)-[0-9-]+\.zip$/;

/** The newest backup (.zip made by Gridhall) in the folders, by its time on disk. */
export function latestBackup(folders: readonly string[]): string | undefined {
  let best: { file: string; at: number } | undefined;
  for (const folder of folders) {
    if (!folder || !existsSync(folder)) continue;
    for (const name of readdirSync(folder)) {
      if (!BACKUP_NAME.test(name)) continue;
      const file = path.join(folder, name);
      const at = statSync(file).mtimeMs;
      if (!best || at > best.at) best = { file, at };
    }
  }
  return best?.file;
}

/**
 * Restores the newest backup of `folders` into a temporary folder and checks it. `live` is the
 * running county's database (its counts are shown beside the backup's; they differ by what
 * happened since). Never throws for a bad backup: the report says what failed.
 */
export async function restoreDrill(folders: readonly string[], now: number, live?: Db): Promise<RestoreDrillReport> {
  const started = performance.now();
  const steps: RestoreDrillReport['steps'] = [];
  const report: RestoreDrillReport = { at: now, ok: false, backup: null, backupCreatedAt: null, steps, counts: [], ms: 0 };
  const finish = () => {
    report.ok = steps.length > 0 && steps.every((s) => s.ok);
    report.ms = Math.round(performance.now() - started);
    return report;
  };
  const file = latestBackup(folders);
  if (!file) {
    steps.push({ name: 'find', ok: false, detail: `no backup found in ${folders.filter(Boolean).join(', ')} (未找到备份)` });
    return finish();
  }
  report.backup = file;
  steps.push({ name: 'find', ok: true, detail: file });
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'gridhall-drill-'));
  try {
    const dataDir = path.join(scratch, 'county');
    let manifestCounts: Record<string, number>;
    try {
      const manifest = await restoreBackup(file, dataDir);
      manifestCounts = manifest.counts;
      report.backupCreatedAt = manifest.createdAt;
      steps.push({ name: 'restore', ok: true, detail: `manifest, checksum and SQLite quick_check pass; restored into ${dataDir}` });
    } catch (error) {
      steps.push({ name: 'restore', ok: false, detail: (error as Error).message });
      return finish();
    }
    const db = new SqliteDb(path.join(dataDir, DB_FILE), createLogger('warn'), { readonly: true });
    try {
      const store = new CaseStore(db);
      const trail = await verifyTrail(store);
      steps.push(
        trail.problems.length === 0
          ? { name: 'replay', ok: true, detail: `${trail.cases} cases equal the replay of their ${trail.events} events` }
          : { name: 'replay', ok: false, detail: `${trail.problems.length} cases differ from their trails, first: case ${trail.problems[0]!.caseNo ?? trail.problems[0]!.caseId}: ${trail.problems[0]!.message}` },
      );
      const chains = await verifyEventChains(store);
      steps.push(
        chains.firstBroken
          ? { name: 'case chain', ok: false, detail: `hash chain broken at event ${chains.firstBroken.eventId} (case ${chains.firstBroken.caseNo ?? chains.firstBroken.caseId}, step ${chains.firstBroken.seq})` }
          : { name: 'case chain', ok: true, detail: `the SM3 chains of ${chains.events} case events are unbroken` },
      );
      const audit = await new AuditStore(db).verify();
      steps.push(
        audit.broken
          ? { name: 'audit chain', ok: false, detail: `audit log hash chain broken at row ${audit.broken.id}` }
          : { name: 'audit chain', ok: true, detail: `the SM3 chain of ${audit.checked} audit rows is unbroken` },
      );
      const restored = (await new BackupStore(db).describe()).counts;
      const liveCounts = live ? (await new BackupStore(live).describe()).counts : undefined;
      report.counts = Object.keys(manifestCounts).map((table) => ({ table, manifest: manifestCounts[table]!, restored: restored[table] ?? -1, live: liveCounts?.[table] ?? null }));
      const differ = report.counts.filter((c) => c.manifest !== c.restored);
      steps.push(
        differ.length === 0
          ? { name: 'counts', ok: true, detail: `${report.counts.length} tables hold what the manifest says` }
          : { name: 'counts', ok: false, detail: `differ from the manifest: ${differ.map((c) => `${c.table} ${c.restored} ≠ ${c.manifest}`).join(', ')}` },
      );
    } finally {
      await db.close();
    }
    return finish();
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Keeps the report beside the backups, for the console and the next doctor. */
export function saveDrillReport(folder: string, report: RestoreDrillReport): void {
  try {
    writeFileSync(path.join(folder, DRILL_REPORT), JSON.stringify(report, null, 2));
  } catch {
    // a folder that cannot be written is reported by the backups themselves
  }
}

export function readDrillReport(folder: string): RestoreDrillReport | null {
  try {
    return JSON.parse(readFileSync(path.join(folder, DRILL_REPORT), 'utf8')) as RestoreDrillReport;
  } catch {
    return null;
  }
}
