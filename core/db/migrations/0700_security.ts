// 0700: 等保 2.0 level 3 (issue 19). The audit log records sign-ins, sign-outs, failed
// sign-ins, exports and backups beside the administration changes, with the source address,
// and carries an SM3 hash chain (core/db/chain.ts); the rows already there are chained in
// order. Old rows may be removed only by the retention purge, which first moves the
// chain's anchor (trail_anchors) past them.
import type { Db } from '../database.js';
import { CHAIN_START, chainHash } from '../chain.js';

export const AUDIT_ACTIONS = [
  'create', 'update', 'delete',
  'sign_in', 'sign_in_failed', 'sign_out', 'session_expired', 'password_change',
  'export', 'backup', 'purge',
] as const;

/** The fields of an audit row that its hash covers, in order. */
export const AUDIT_CHAIN_COLUMNS = 'id, at, user_id, username, entity, entity_key, action, before, after, address';

export async function up(db: Db): Promise<void> {
  await db.exec(`
CREATE TABLE trail_anchors (
  trail TEXT PRIMARY KEY CHECK (trail IN ('audit_log', 'case_events')),
  -- rows with a smaller id were removed by the retention purge; the first kept row links to hash
  before_id INTEGER NOT NULL,
  hash TEXT NOT NULL
);
INSERT INTO trail_anchors (trail, before_id, hash) VALUES ('audit_log', 0, '${CHAIN_START}');

ALTER TABLE audit_log RENAME TO audit_log_0600;
DROP TRIGGER audit_log_no_update;
DROP TRIGGER audit_log_no_delete;
DROP INDEX audit_log_at;
DROP INDEX audit_log_entity;
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  user_id INTEGER REFERENCES users(id),
  username TEXT,
  entity TEXT NOT NULL,
  entity_key TEXT NOT NULL,
  action TEXT NOT NULL CHECK (action IN (${AUDIT_ACTIONS.map((a) => `'${a}'`).join(', ')})),
  before TEXT,
  after TEXT,
  address TEXT,
  chain TEXT NOT NULL
);
CREATE INDEX audit_log_at ON audit_log(at);
CREATE INDEX audit_log_entity ON audit_log(entity, entity_key);
`);
  const insert = db.statement(
    'migrate0700.audit.insert',
    `INSERT INTO audit_log (${AUDIT_CHAIN_COLUMNS}, chain) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  // Read in pages by id: SQLite refuses a write on a connection while one of its reads is open.
  const page = db.statement<Record<string, unknown> & { id: number }>(
    'migrate0700.audit.old',
    'SELECT id, at, user_id, username, entity, entity_key, action, before, after, NULL AS address FROM audit_log_0600 WHERE id > ? ORDER BY id LIMIT 5000',
  );
  let previous = CHAIN_START;
  for (let after = -1, rows = await page.all([after]); rows.length > 0; rows = await page.all([after])) {
    for (const r of rows) {
      const fields = [r.id, r.at, r.user_id, r.username, r.entity, r.entity_key, r.action, r.before, r.after, r.address];
      previous = chainHash(previous, fields);
      await insert.run([...fields, previous]);
      after = r.id;
    }
  }
  await db.exec(`
DROP TABLE audit_log_0600;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
WHEN OLD.id >= (SELECT before_id FROM trail_anchors WHERE trail = 'audit_log')
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only; only the retention purge removes old rows'); END;
CREATE TRIGGER trail_anchors_forward BEFORE UPDATE ON trail_anchors
WHEN NEW.before_id < OLD.before_id
BEGIN SELECT RAISE(ABORT, 'a trail anchor only moves forward'); END;
`);
}
