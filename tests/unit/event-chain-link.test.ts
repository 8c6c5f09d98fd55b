// An action's event carries its chain link without reading the previous event first when the
// store wrote that event itself (issue 20: one statement fewer per action). The link it
// remembers is checked inside the insert: after a rolled-back action, or an event another
// server wrote, the chain is still right (the link is read, as before).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CaseStore, type CaseEventRow } from '../../core/workflow/cases/store.js';
import { verifyEventChains } from '../../core/workflow/cases/verify.js';
import { workflowFixture, type WorkflowFixture } from '../support/workflow-fixture.js';

let f: WorkflowFixture;
beforeEach(async () => {
  f = await workflowFixture();
});
afterEach(async () => {
  await f.close();
});

const event = (caseId: number, seq: number, comment: string): Omit<CaseEventRow, 'id'> => ({
  caseId, seq, at: f.clock.now() + seq, actorId: null, actorRole: 'system', action: 'note', fromState: 'reported', toState: 'reported', comment, data: null,
});

describe('the event chain link at each action', () => {
  it('stays whole through a workflow of actions', async () => {
    const row = (await f.workflow.report(f.newCase(), f.actors.inspector)).case;
    const accepted = (await f.workflow.act(row.id, 'accept', { version: row.version, comment: '受理' }, f.actors.acceptor)).case;
    await f.workflow.act(row.id, 'register', { version: accepted.version, comment: '立案' }, f.actors.shiftLeader);
    expect(await verifyEventChains(f.cases)).toEqual({ events: 3, brokenCases: 0 });
  });

  it('is right after a rolled-back action and an event another server wrote', async () => {
    const id = (await f.workflow.report(f.newCase(), f.actors.inspector)).case.id; // seq 1
    await f.db.transaction(() => f.cases.appendEvent(event(id, 2, 'two')));
    // An action that appended seq 3 and then failed: rolled back, but this store saw its link.
    await expect(
      f.db.transaction(async () => {
        await f.cases.appendEvent(event(id, 3, 'rolled back'));
        throw new Error('a later step refused');
      }),
    ).rejects.toThrow('a later step refused');
    // Another server (another store on the database) writes the real seq 3.
    await new CaseStore(f.db).appendEvent(event(id, 3, 'from the other server'));
    // This store appends seq 4 after it: its remembered link for seq 3 is wrong and must not be used.
    await f.cases.appendEvent(event(id, 4, 'four'));
    expect(await verifyEventChains(f.cases)).toEqual({ events: 4, brokenCases: 0 });
    expect((await f.cases.events(id)).map((e) => e.comment)).toEqual([null, 'two', 'from the other server', 'four']);
  });
});
