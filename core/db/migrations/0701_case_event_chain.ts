// 0701: each case's event trail carries an SM3 hash chain (core/db/chain.ts): an event's
// `chain` covers the one before it in the same case (seq - 1) and its own fields, so a row
// changed by hand in the file breaks its case's chain from that event on, and `gridhall
// verify` names it. Events already there are chained now, case by case in seq order.
import type { Db } from '../database.js';
import { CHAIN_START, chainHash } from '../chain.js';

/** The fields of an event that its hash covers, in order (the id is left out: it comes from the insert). */
export const EVENT_CHAIN_COLUMNS = 'case_id, seq, at, actor_id, actor_role, action, from_state, to_state, comment, data';

export async function up(db: Db): Promise<void> {
  await db.exec(`
ALTER TABLE case_events ADD COLUMN chain TEXT;
DROP TRIGGER case_events_no_update;
`);
  const set = db.statement('migrate0701.setChain', 'UPDATE case_events SET chain = ? WHERE id = ?');
  // Read in pages (keyset on case, seq): SQLite refuses a write on a connection while one of
  // its reads is open, so a database that already holds cases could not be migrated otherwise.
  const page = db.statement<Record<string, unknown> & { id: number; case_id: number; seq: number }>(
    'migrate0701.events',
    `SELECT id, ${EVENT_CHAIN_COLUMNS} FROM case_events WHERE (case_id, seq) > (?, ?) ORDER BY case_id, seq LIMIT 5000`,
  );
  let caseId = -1;
  let previous = CHAIN_START;
  let at: [number, number] = [-1, -1];
  for (let rows = await page.all(at); rows.length > 0; rows = await page.all(at)) {
    for (const r of rows) {
      if (r.case_id !== caseId) {
        caseId = r.case_id;
        previous = CHAIN_START;
      }
      previous = chainHash(previous, [r.case_id, r.seq, r.at, r.actor_id, r.actor_role, r.action, r.from_state, r.to_state, r.comment, r.data]);
      await set.run([previous, r.id]);
      at = [r.case_id, r.seq];
    }
  }
  await db.exec(`
CREATE TRIGGER case_events_no_update BEFORE UPDATE ON case_events
BEGIN SELECT RAISE(ABORT, 'case events are append-only'); END;
`);
}
