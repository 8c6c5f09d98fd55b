// Forward-only numbered migrations, each applied in its own transaction at start.
// Ranges keep parallel work apart: 0001-0099 foundation, 0100 workflow, 0200 wall,
// 0300 video, 0400 analytics, 0500 intake, 0600 data administration.
// PostgreSQL has its own text of each migration (core/db/migrations/postgres/), under the same
// number; a server applies them under an advisory lock, so two starting at once take turns.
import type { Db } from './database.js';
import { PostgresDb } from './postgres.js';
import { migrations, type Migration } from './migrations/index.js';

export interface AppliedMigration {
  id: number;
  name: string;
}

/** pg_advisory_lock key of the migration runner ("gridhall" in ASCII, folded to 31 bits). */
export const MIGRATION_LOCK_KEY = 0x67726964;

export async function applyMigrations(db: Db, list: readonly Migration[] = migrations, now = Date.now()): Promise<AppliedMigration[]> {
  const ids = new Set<number>();
  for (const m of list) {
    if (ids.has(m.id)) throw new Error(`migration ${m.id} is listed twice`);
    ids.add(m.id);
  }
  if (db instanceof PostgresDb) {
    const applied = await db.withAdvisoryLock(MIGRATION_LOCK_KEY, () => applyAll(db, list, now));
    await db.learnSchema();
    return applied;
  }
  return applyAll(db, list, now);
}

async function applyAll(db: Db, list: readonly Migration[], now: number): Promise<AppliedMigration[]> {
  await db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at BIGINT NOT NULL
  )`);
  const done = new Set(
    (await db.statement<{ id: number }>('migrations.applied', 'SELECT id FROM schema_migrations').all()).map((r) => r.id),
  );
  const record = db.statement('migrations.record', 'INSERT INTO schema_migrations (id, name, applied_at) VALUES (?, ?, ?)');
  const applied: AppliedMigration[] = [];
  for (const m of [...list].sort((a, b) => a.id - b.id)) {
    if (done.has(m.id)) continue;
    const up = db.dialect === 'postgres' ? m.postgres : m.up;
    if (up === undefined) throw new Error(`migration ${m.id} (${m.name}) has no PostgreSQL text`);
    await db.transaction(async () => {
      if (typeof up === 'string') await db.exec(up);
      else await up(db);
      await record.run([m.id, m.name, now]);
    });
    applied.push({ id: m.id, name: m.name });
  }
  return applied;
}
