// gridhall verify: replays every case's event trail and compares it with the stored case.
import { existsSync } from 'node:fs';
import { CaseStore } from '../workflow/cases/store.js';
import { verifyTrail } from '../workflow/cases/verify.js';
import { databasePath } from '../app/county.js';
import { SqliteDb } from '../db/sqlite.js';
import { createLogger } from '../runtime/log.js';
import type { CliCommand } from './kit.js';

export const verifyCommand: CliCommand = (program, kit) => {
  program
    .command('verify')
    .description("check that every case's state equals the replay of its audit trail")
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
        if (report.problems.length === 0) {
          process.stdout.write('OK: every case equals the replay of its events\n');
          return;
        }
        for (const p of report.problems.slice(0, 50)) process.stdout.write(`  case ${p.caseNo ?? p.caseId}: ${p.message}\n`);
        process.stdout.write(`FAILED: ${report.problems.length}${report.problems.length >= 1000 ? '+' : ''} cases differ from their trails\n`);
        process.exitCode = 1;
      } finally {
        await db.close();
      }
    });
};
