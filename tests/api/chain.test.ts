// Tamper-evident trails (issue 19): the case trails and the audit log carry SM3 hash chains.
// A row changed by hand in the database file (the append-only trigger dropped and put back in
// the test's own connection, as someone with the file would) breaks the chain, and
// `gridhall verify` names the first broken link.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AuditStore } from '../../core/admin/audit/store.js';
import { SqliteDb } from '../../core/db/sqlite.js';
import { silentLogger } from '../../core/runtime/log.js';
import { CaseStore } from '../../core/workflow/cases/store.js';
import { verifyEventChains } from '../../core/workflow/cases/verify.js';
import { seedIntakeCounty, pointIn } from '../support/intake-county.js';
import { ADMIN_PASSWORD, startTestCounty } from './support.js';

const root = path.resolve(import.meta.dirname, '..', '..');

describe('hash chains over the case trails and the audit log', () => {
  it('are whole after real work, and a hand-edited row is named by gridhall verify', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'hardening-chain-'));
    const county = await startTestCounty({ dataDir });
    let target: { caseId: number; caseNo: string; eventId: number };
    try {
      await seedIntakeCounty(county.server.county.db, ADMIN_PASSWORD);
      const acceptor = await county.login('acceptor1');
      const ids: { id: number; caseNo: string; version: number }[] = [];
      for (let i = 0; i < 3; i++) {
        const filed = await county.call<{ case: { id: number; caseNo: string; version: number } }>('POST', '/api/cases', {
          token: acceptor,
          body: { kind: 'event', classCode: '0102', source: 'hotline', description: `链${i}`, ...pointIn(1, 1) },
        });
        expect(filed.status).toBe(201);
        ids.push(filed.body.case);
      }
      for (const c of ids) expect((await county.call('POST', `/api/cases/${c.id}/accept`, { token: acceptor, body: { version: c.version, comment: '登记' } })).status).toBe(200);
      await county.call('POST', '/api/auth/login', { body: { username: 'acceptor1', password: 'wrong' } });
      const second = ids[1]!;
      const event = (await county.server.county.db.statement<{ id: number }>('test.chain.event', 'SELECT id FROM case_events WHERE case_id = ? AND seq = 2').get([second.id]))!;
      target = { caseId: second.id, caseNo: second.caseNo, eventId: event.id };
    } finally {
      await county.stop();
    }

    const file = path.join(dataDir, 'gridhall.db');
    const db = new SqliteDb(file, silentLogger);
    try {
      const whole = await verifyEventChains(new CaseStore(db));
      expect(whole.events).toBeGreaterThanOrEqual(6);
      expect(whole.firstBroken).toBeUndefined();
      const audit = await new AuditStore(db).verify();
      expect(audit.broken).toBeUndefined();
      expect(audit.checked).toBeGreaterThanOrEqual(2); // the sign-in and the failed one

      // Someone with the file rewrites the acceptor's comment, and an audit row, by hand.
      await db.exec(`BEGIN;
        DROP TRIGGER case_events_no_update;
        UPDATE case_events SET comment = '不予受理' WHERE id = ${target.eventId};
        CREATE TRIGGER case_events_no_update BEFORE UPDATE ON case_events BEGIN SELECT RAISE(ABORT, 'case events are append-only'); END;
        DROP TRIGGER audit_log_no_update;
        UPDATE audit_log SET address = '10.9.9.9' WHERE id = (SELECT min(id) FROM audit_log WHERE action = 'sign_in_failed');
        CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
        COMMIT;`);
      const broken = await verifyEventChains(new CaseStore(db));
      expect(broken.firstBroken).toMatchObject({ eventId: target.eventId, caseId: target.caseId, seq: 2 });
      expect(broken.brokenCases).toBe(1);
      expect((await new AuditStore(db).verify()).broken).toBeDefined();
    } finally {
      await db.close();
    }

    const run = spawnSync(process.execPath, [path.join(root, 'bin', 'gridhall.mjs'), 'verify', '--data', dataDir], {
      cwd: root, encoding: 'utf8', env: { ...process.env, GRIDHALL_FROM_SOURCE: '1', GRIDHALL_DATA: '' }, timeout: 120_000,
    });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain(`hash chain broken at event ${target.eventId} (case ${target.caseNo}, step 2)`);
    expect(run.stdout).toMatch(/audit log hash chain broken at row \d+/);
  });
});
