// Forward-only numbered migrations, each applied in its own transaction at start.
// Ranges keep parallel work apart: 0001-0099 foundation, 0100 workflow, 0200 wall,
// 0300 video, 0400 analytics, 0500 intake, 0600 data administration.
import type { Db } from './database.js';
import { migrations, type Migration } from './migrations/index.js';

export interface AppliedMigration {
  id: number;
  name: string;
}

export function applyMigrations(db: Db, list: readonly Migration[] = migrations, now = Date.now()): AppliedMigration[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at INTEGER NOT NULL
  )`);
  const ids = new Set<number>();
  for (const m of list) {
    if (ids.has(m.id)) throw new Error(`migration ${m.id} is listed twice`);
    ids.add(m.id);
  }
  const done = new Set(
    db.statement<{ id: number }>('migrations.applied', 'SELECT id FROM schema_migrations').all().map((r) => r.id),
  );
  const record = db.statement('migrations.record', 'INSERT INTO schema_migrations (id, name, applied_at) VALUES (?, ?, ?)');
  const applied: AppliedMigration[] = [];
  for (const m of [...list].sort((a, b) => a.id - b.id)) {
    if (done.has(m.id)) continue;
    db.transaction(() => {
      if (typeof m.up === 'string') db.exec(m.up);
      else m.up(db);
      record.run([m.id, m.name, now]);
    });
    applied.push({ id: m.id, name: m.name });
  }
  return applied;
}
