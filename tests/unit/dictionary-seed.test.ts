import { describe, expect, it } from 'vitest';
import { SqliteDb } from '../../core/db/sqlite.js';
import { applyMigrations } from '../../core/db/migrate.js';
import { GBT_30428_2, GBT_47678_5, seedDictionary } from '../../core/base/dictionary/seed.js';
import { DictionaryStore } from '../../core/base/dictionary/store.js';
import { silentLogger } from '../../core/runtime/log.js';

async function seeded() {
  const db = new SqliteDb(':memory:', silentLogger);
  await applyMigrations(db);
  const written = await seedDictionary(db);
  return { db, written, store: new DictionaryStore(db) };
}

describe('dictionary seed', () => {
  it('writes the 2013 standard active and the 2026 one inactive, once', async () => {
    const { db, written, store } = await seeded();
    expect(written).toBeGreaterThan(200);
    expect((await store.activeStandard())?.id).toBe(GBT_30428_2);
    expect((await store.listStandards()).map((s) => [s.id, s.active, s.componentIdDigits])).toEqual([
      [GBT_30428_2, true, 16],
      [GBT_47678_5, false, 17],
    ]);
    expect(await seedDictionary(db)).toBe(0);
    await db.close();
  });

  it('has every component and event class DOMAIN.md lists, with codes of the standard length', async () => {
    const { db, store } = await seeded();
    const components = await store.list(GBT_30428_2, 'component');
    const smallComponents = components.filter((c) => c.level === 'small' && !c.localExtension);
    expect(smallComponents).toHaveLength(38 + 17 + 11 + 10 + 3 + 6);
    expect((await store.get(GBT_30428_2, 'component', '0402'))?.name).toBe('行道树');
    expect((await store.get(GBT_30428_2, 'event', '0505'))?.name).toBe('机动车乱停放');
    expect((await store.get(GBT_30428_2, 'event', '0199'))?.name).toBe('其他市容环境问题');
    expect((await store.get(GBT_30428_2, 'component', '2101'))?.localExtension).toBe(true);
    for (const standard of await store.listStandards()) {
      const classes = await store.list(standard.id);
      const bigs = new Set(classes.filter((c) => c.level === 'big').map((c) => `${c.kind}${c.code}`));
      for (const c of classes.filter((x) => x.level === 'small')) {
        expect(c.code).toHaveLength(2 + standard.smallCodeDigits);
        expect(bigs.has(`${c.kind}${c.bigCode}`)).toBe(true);
      }
    }
    expect((await store.get(GBT_47678_5, 'event', '01002'))?.name).toBe('污水井盖异常');
    await db.close();
  });
});
