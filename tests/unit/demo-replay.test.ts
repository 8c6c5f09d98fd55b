// A defect in the demo plan must cost a case its ending, never the county its first start.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CaseStore } from '../../core/workflow/cases/store.js';
import { verifyTrail } from '../../core/workflow/cases/verify.js';
import { SqliteDb } from '../../core/db/sqlite.js';
import { applyMigrations } from '../../core/db/migrate.js';
import { generateDemoCounty } from '../../core/demo/generate.js';
import type { ReplayResult } from '../../core/demo/replay.js';
import { silentLogger } from '../../core/runtime/log.js';
import { insertTestUser, replayedHistory } from '../helpers/demo-users.js';

const NOW = Date.UTC(2026, 10, 22, 2, 0);
const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'gridhall-replay-'));
afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

describe('replaying the demo year', () => {
  it('keeps going past a step the workflow refuses, reports it, and leaves every trail valid', async () => {
    const db = new SqliteDb(path.join(folder, 'county.db'), silentLogger);
    await applyMigrations(db);
    let result: ReplayResult | undefined;
    let spoiled = '';
    const replay = await replayedHistory(db, NOW, (r) => (result = r));
    const counts = await generateDemoCounty(db, {
      size: 'small',
      seed: 7,
      now: NOW,
      createUser: insertTestUser(db),
      writeHistory: async (plan, ids) => {
        // Spoil one disposal: a user of no department disposes of the case.
        const victim = plan.find((c) => c.actions.some((a) => a.action === 'dispose'))!;
        spoiled = victim.caseNo;
        const actions = victim.actions.map((a) => (a.action === 'dispose' ? { ...a, actor: 'analyst' } : a));
        return await replay([...plan.filter((c) => c !== victim), { ...victim, actions }], ids);
      },
    });
    expect(result!.stopped).toHaveLength(1);
    expect(result!.stopped[0]).toMatch(new RegExp(`^${spoiled}: dispose at `));
    // Every other planned case was written whole, and the spoiled one up to its refused step.
    expect(counts.cases).toBeGreaterThan(900);
    const store = new CaseStore(db);
    expect((await verifyTrail(store)).problems).toEqual([]);
    const state = (await db.statement<{ state: string }>('t.state', 'SELECT state FROM cases WHERE case_no = ?').get([spoiled]))?.state;
    expect(state).toBe('dispatched');
    await db.close();
  });
});
