import { describe, expect, it } from 'vitest';
import { SqliteDb } from '../../core/db/sqlite.js';
import { applyMigrations } from '../../core/db/migrate.js';
import { migrations } from '../../core/db/migrations/index.js';
import { silentLogger } from '../../core/runtime/log.js';
import { CaseStore, verifyEventChains } from '../../core/workflow/cases/index.js';

describe('migrations', () => {
  it('apply in order once, and a second start applies nothing', async () => {
    const db = new SqliteDb(':memory:', silentLogger);
    const first = await applyMigrations(db);
    expect(first.map((m) => m.id)).toEqual(migrations.map((m) => m.id));
    expect(await applyMigrations(db)).toEqual([]);
    await db.close();
  });

  it('apply a later-merged lower-numbered migration that an older database lacks', async () => {
    const db = new SqliteDb(':memory:', silentLogger);
    await applyMigrations(db, [{ id: 1, name: 'a', up: 'CREATE TABLE a (x)' }, { id: 300, name: 'c', up: 'CREATE TABLE c (x)' }]);
    const applied = await applyMigrations(db, [
      { id: 1, name: 'a', up: 'CREATE TABLE a (x)' },
      { id: 200, name: 'b', up: 'CREATE TABLE b (x)' },
      { id: 300, name: 'c', up: 'CREATE TABLE c (x)' },
    ]);
    expect(applied).toEqual([{ id: 200, name: 'b' }]);
    await db.close();
  });

  it('roll a failing migration back entirely', async () => {
    const db = new SqliteDb(':memory:', silentLogger);
    await expect(applyMigrations(db, [{ id: 1, name: 'bad', up: 'CREATE TABLE t (x); INSERT INTO nope VALUES (1);' }])).rejects.toThrow();
    const tables = await db.statement<{ name: string }>('t.tables', "SELECT name FROM sqlite_master WHERE type='table' AND name='t'").all();
    expect(tables).toEqual([]);
    await db.close();
  });
});

describe('migrating a county that already holds cases and an audit log', () => {
  it('chains every existing case event and audit row (0700, 0701), and verify finds the chains whole', async () => {
    const db = new SqliteDb(':memory:', silentLogger);
    await applyMigrations(db, migrations.filter((m) => m.id < 700));
    await db.exec('PRAGMA foreign_keys = OFF');
    const event = db.statement('t.event', 'INSERT INTO case_events (case_id, seq, at, action, from_state, to_state, comment) VALUES (?, ?, ?, ?, ?, ?, ?)');
    const audit = db.statement('t.audit', "INSERT INTO audit_log (at, username, entity, entity_key, action, after) VALUES (?, 'admin', 'settings', ?, 'update', '{}')");
    // More rows than one page of the migration, in an order that is not the id order.
    await db.transaction(async () => {
      for (let k = 0; k < 12_000; k++) {
        await event.run([(k * 7) % 3001, Math.floor(k / 3001), 1_700_000_000_000 + k, 'report', null, '待受理', `第${k}条`]);
        await audit.run([1_700_000_000_000 + k, `key-${k}`]);
      }
    });
    await db.exec('PRAGMA foreign_keys = ON');
    const applied = await applyMigrations(db, migrations);
    expect(applied.map((m) => m.id)).toEqual(migrations.filter((m) => m.id >= 700).map((m) => m.id));
    const unchained = await db.statement<{ n: number }>('t.unchained', 'SELECT count(*) AS n FROM case_events WHERE chain IS NULL').get();
    expect(unchained?.n).toBe(0);
    const report = await verifyEventChains(new CaseStore(db));
    expect(report).toMatchObject({ events: 12_000, brokenCases: 0 });
    expect((await db.statement<{ n: number }>('t.audit.n', 'SELECT count(*) AS n FROM audit_log WHERE chain IS NOT NULL').get())?.n).toBeGreaterThanOrEqual(12_000);
    await db.close();
  });
});
