import { describe, expect, it } from 'vitest';
import { SqliteDb } from '../../core/db/sqlite.js';
import { applyMigrations } from '../../core/db/migrate.js';
import { migrations } from '../../core/db/migrations/index.js';
import { silentLogger } from '../../core/runtime/log.js';

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
