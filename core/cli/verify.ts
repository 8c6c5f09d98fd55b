// gridhall verify: replays every case's event trail and compares it with the stored case.
import { existsSync } from 'node:fs';
import { CaseStore, verifyEventChains, verifyTrail } from '../workflow/cases/index.js';
import { AuditStore } from '../admin/audit/index.js';
import { databasePath } from '../app/index.js';
import { SqliteDb } from '../db/sqlite.js';
import { createLogger } from '../runtime/log.js';
import type { CliCommand } from './kit.js';

export const verifyCommand: CliCommand = (program, kit) => {
  program
    .command('verify')
    .description("check that every case's state equals the replay of its trail, and that the SM3 hash chains of the case trails and the audit log are unbroken")
    .option('--data <dir>', 'data folder (env GRIDHALL_DATA)')
    .action(async (opts: { data?: string }) => {
      const config = kit.configFrom(opts);
      const file = databasePath(config.dataDir);
      if (!existsSync(file)) throw new Error(`No county database at ${file}`);
      const db = new SqliteDb(file, createLogger('warn'));
      try {
        const store = new CaseStore(db);
        const total = await store.count();
        const bar = kit.progressBar();
        const started = performance.now();
        const report = await verifyTrail(store, (done) => bar.update('replaying case trails', done / Math.max(total, 1)));
        const seconds = (performance.now() - started) / 1000;
        bar.done();
        process.stdout.write(`Replayed ${report.events.toLocaleString('en')} events of ${report.cases.toLocaleString('en')} cases in ${seconds.toFixed(2)} s\n`);
        let failed = false;
        if (report.problems.length === 0) {
          process.stdout.write('OK: every case equals the replay of its events\n');
        } else {
          for (const p of report.problems.slice(0, 50)) process.stdout.write(`  case ${p.caseNo ?? p.caseId}: ${p.message}\n`);
          process.stdout.write(`FAILED: ${report.problems.length}${report.problems.length >= 1000 ? '+' : ''} cases differ from their trails\n`);
          failed = true;
        }
        const chains = await verifyEventChains(store, (n) => bar.update('checking hash chains', n / Math.max(report.events, 1)));
        bar.done();
        if (chains.firstBroken) {
          const b = chains.firstBroken;
          process.stdout.write(
            `FAILED: case trail hash chain broken at event ${b.eventId} (case ${b.caseNo ?? b.caseId}, step ${b.seq}); ${chains.brokenCases} case(s) have a broken chain: the database was changed outside Gridhall\n`,
          );
          failed = true;
        } else {
          process.stdout.write(`OK: the SM3 hash chains of ${chains.events.toLocaleString('en')} case events are unbroken\n`);
        }
        const audit = await new AuditStore(db).verify();
        if (audit.broken) {
          process.stdout.write(`FAILED: audit log hash chain broken at row ${audit.broken.id} (${audit.checked} rows before it are intact): the audit log was changed outside Gridhall\n`);
          failed = true;
        } else {
          process.stdout.write(`OK: the SM3 hash chain of ${audit.checked.toLocaleString('en')} audit log rows is unbroken\n`);
        }
        if (failed) process.exitCode = 1;
      } finally {
        await db.close();
      }
    });
};
