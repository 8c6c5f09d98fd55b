// What a backup's manifest says of the county it holds: its schema, its name and code, and the
// number of rows in the tables a restore is checked by.
import type { Db } from '../../db/database.js';

const COUNTED = ['grids', 'components', 'places', 'departments', 'users', 'cases', 'case_events', 'attachments', 'audit_log'];

export interface BackupFacts {
  schema: number;
  county: { adminCode: string; name: string } | null;
  counts: Record<string, number>;
}

export class BackupStore {
  constructor(private readonly db: Db) {}

  async describe(): Promise<BackupFacts> {
    const schema = (await this.db.statement<{ id: number | null }>('backup.schema', 'SELECT max(id) AS id FROM schema_migrations').get())?.id ?? 0;
    const county = await this.db.statement<{ adminCode: string; name: string }>('backup.county', 'SELECT admin_code AS adminCode, name FROM county WHERE id = 1').get() ?? null;
    const counts: Record<string, number> = {};
    for (const t of COUNTED) counts[t] = (await this.db.statement<{ n: number }>(`backup.count.${t}`, `SELECT count(*) AS n FROM ${t}`).get())?.n ?? 0;
    return { schema, county, counts };
  }
}

export type BackupRunState = 'running' | 'ok' | 'failed' | 'interrupted';

/** One backup made (or being made, or cut off), scheduled or by hand. */
export interface BackupRun {
  id: number;
  /** The scheduled time it was made for; null when made by hand. */
  slot: number | null;
  trigger: 'schedule' | 'manual';
  attempts: number;
  startedAt: number;
  finishedAt: number | null;
  state: BackupRunState;
  file: string | null;
  bytes: number | null;
  sha256: string | null;
  copyFile: string | null;
  copyState: 'ok' | 'failed' | null;
  message: string | null;
}

const RUN_COLUMNS = `id, slot, trigger, attempts, started_at AS startedAt, finished_at AS finishedAt, state, file, bytes, sha256,
  copy_file AS copyFile, copy_state AS copyState, message`;

/** The backup runs and the schedule's start (migration 0710). */
export class BackupRunStore {
  constructor(private readonly db: Db) {}

  /** Slots before this never fire; set at the first start and whenever the schedule changes. */
  async since(): Promise<number | undefined> {
    return (await this.db.statement<{ since: number }>('backupSchedule.since', 'SELECT since FROM backup_schedule WHERE id = 1').get())?.since;
  }

  async setSince(at: number): Promise<void> {
    await this.db
      .statement('backupSchedule.setSince', 'INSERT INTO backup_schedule (id, since) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET since = excluded.since')
      .run([at]);
  }

  /**
   * Claims a scheduled slot: a new run row, or a second attempt at one that was cut off. Returns
   * the run's id, or undefined when the slot was claimed already (it fires once).
   */
  async claimSlot(slot: number, now: number, maxAttempts: number): Promise<number | undefined> {
    return this.db.transaction(async () => {
      const inserted = await this.db
        .statement('backupRuns.claim', "INSERT INTO backup_runs (slot, trigger, started_at, state) VALUES (?, 'schedule', ?, 'running') ON CONFLICT (slot) DO NOTHING")
        .run([slot, now]);
      if (inserted.changes === 1) return Number(inserted.lastInsertRowid);
      const retried = await this.db
        .statement(
          'backupRuns.retry',
          "UPDATE backup_runs SET state = 'running', attempts = attempts + 1, started_at = ?, finished_at = NULL, message = NULL WHERE slot = ? AND state = 'interrupted' AND attempts < ?",
        )
        .run([now, slot, maxAttempts]);
      return retried.changes === 1 ? (await this.db.statement<{ id: number }>('backupRuns.bySlot', 'SELECT id FROM backup_runs WHERE slot = ?').get([slot]))?.id : undefined;
    });
  }

  /** A backup made by hand (the console's download). */
  async startManual(now: number): Promise<number> {
    return Number(
      (await this.db.statement('backupRuns.manual', "INSERT INTO backup_runs (slot, trigger, started_at, state) VALUES (NULL, 'manual', ?, 'running')").run([now])).lastInsertRowid,
    );
  }

  async finish(id: number, result: { state: 'ok' | 'failed'; finishedAt: number; file: string | null; bytes: number | null; sha256: string | null; copyFile: string | null; copyState: 'ok' | 'failed' | null; message: string | null }): Promise<void> {
    await this.db
      .statement('backupRuns.finish', 'UPDATE backup_runs SET state = ?, finished_at = ?, file = ?, bytes = ?, sha256 = ?, copy_file = ?, copy_state = ?, message = ? WHERE id = ?')
      .run([result.state, result.finishedAt, result.file, result.bytes, result.sha256, result.copyFile, result.copyState, result.message, id]);
  }

  /** Runs left `running` by a server that stopped mid-backup: marked interrupted, and returned. */
  async interruptRunning(now: number): Promise<BackupRun[]> {
    return this.db.transaction(async () => {
      const cut = await this.db.statement<BackupRun>('backupRuns.running', `SELECT ${RUN_COLUMNS} FROM backup_runs WHERE state = 'running' ORDER BY id`).all();
      await this.db.statement('backupRuns.interrupt', "UPDATE backup_runs SET state = 'interrupted', finished_at = ? WHERE state = 'running'").run([now]);
      return cut;
    });
  }

  /** The newest runs first. */
  async recent(limit: number): Promise<BackupRun[]> {
    return this.db.statement<BackupRun>('backupRuns.recent', `SELECT ${RUN_COLUMNS} FROM backup_runs ORDER BY started_at DESC, id DESC LIMIT ?`).all([limit]);
  }
}
