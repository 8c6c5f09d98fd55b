// One import job on a connection it owns: the job row, the run, and the row's final state.
// The server runs this in a worker thread, the command line in its own process.
import { generatePassword, hashPassword } from '../../base/people/index.js';
import type { Db } from '../../db/database.js';
import type { SqliteDb } from '../../db/sqlite.js';
import type { ImportReport } from './report.js';
import { ImportCancelled, runImport, type ImportProgress, type ImportRequest, type RunOptions } from './run.js';
import { ImportStore } from './store.js';
import { SettingsStore } from '../../workflow/settings/index.js';
import { zonedDate } from '../../runtime/zone.js';

/** The county's local date of an instant (its time zone setting), YYYY-MM-DD. */
export async function countyDate(db: Db, now: number): Promise<string> {
  return zonedDate(now, (await new SettingsStore(db).get('calendar')).timeZone);
}

/** Page cache of an import's connection (KiB). */
export const IMPORT_CACHE_KIB = 384 * 1024;

export async function executeImportJob(
  db: SqliteDb,
  jobId: number,
  request: ImportRequest,
  now: number,
  onProgress?: (p: ImportProgress) => void,
  hooks: Pick<RunOptions, 'signal' | 'beforeApply' | 'afterApply' | 'singleTransaction'> = {},
): Promise<ImportReport> {
  const store = new ImportStore(db);
  // One transaction of a million rows touches index pages all over the file; with the default
  // 64 MB cache SQLite spills dirty pages into the WAL again and again. This connection is the
  // job's own, so it can afford a larger cache for its lifetime.
  db.pragma(`cache_size = -${IMPORT_CACHE_KIB}`);
  try {
    const report = await runImport(db, request, { jobId, now, today: await countyDate(db, now), onProgress, hashPassword, generatePassword: () => generatePassword(12), ...hooks });
    if (!report.written) await store.finishJob(jobId, report.errors > 0 ? 'rejected' : 'done', report, Date.now());
    return report;
  } catch (error) {
    await store.failJob(jobId, error instanceof Error ? error.message : String(error), Date.now(), error instanceof ImportCancelled);
    throw error;
  }
}
