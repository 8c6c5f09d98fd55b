// gridhall analytics rebuild [--check]: recomputes the aggregates from the event trail (or
// only compares them with what is stored) on a county's data folder.
import { existsSync } from 'node:fs';
import { CalendarService } from '../workflow/calendar/index.js';
import { CalendarStore } from '../workflow/calendar/index.js';
import { CaseStore } from '../workflow/cases/index.js';
import type { CliCommand } from '../cli/index.js';
import { databasePath } from '../app/index.js';
import { SqliteDb } from '../db/sqlite.js';
import { applyMigrations } from '../db/migrate.js';
import { DictionaryStore } from '../base/dictionary/index.js';
import { GBT_30428_2 } from '../base/dictionary/index.js';
import { LimitsService } from '../workflow/limits/index.js';
import { LimitsStore } from '../workflow/limits/index.js';
import { createLogger } from '../runtime/log.js';
import { SettingsStore } from '../workflow/settings/index.js';
import { Aggregates } from './aggregates.js';
import { AnalyticsStore } from './store.js';

export const analyticsCommand: CliCommand = (program, kit) => {
  const analytics = program.command('analytics').description('heatmap and evaluation aggregates');
  analytics
    .command('rebuild')
    .description('recompute the analytics aggregates from the case event trail (--check only compares)')
    .option('--data <dir>', 'data folder (env GRIDHALL_DATA)')
    .option('--check', 'compare the stored aggregates with the trail and change nothing')
    .action(async (opts: { data?: string; check?: boolean }) => {
      const config = kit.configFrom(opts);
      const file = databasePath(config.dataDir);
      if (!existsSync(file)) throw new Error(`No county database at ${file}`);
      const db = new SqliteDb(file, createLogger('warn'));
      try {
        await applyMigrations(db);
        const settings = new SettingsStore(db);
        const dictionary = new DictionaryStore(db);
        const calendars = new CalendarService(new CalendarStore(db), settings);
        const limits = new LimitsService(new LimitsStore(db), settings, async () => (await dictionary.activeStandard())?.id ?? GBT_30428_2);
        const aggregates = new Aggregates(db, new AnalyticsStore(db), new CaseStore(db), calendars, limits);
        if (opts.check) {
          const started = performance.now();
          const result = await aggregates.check(50);
          process.stdout.write(`Folded ${result.events.toLocaleString('en')} events of ${result.cases.toLocaleString('en')} cases in ${((performance.now() - started) / 1000).toFixed(2)} s\n`);
          if (result.differences.length === 0) {
            process.stdout.write('OK: the stored aggregates equal the trail\n');
            return;
          }
          for (const d of result.differences) process.stdout.write(`  ${d.key.replaceAll('\u001f', ' ')}: stored ${d.stored}, trail ${d.rebuilt}\n`);
          process.stdout.write(`FAILED: ${result.differences.length}${result.differences.length >= 50 ? '+' : ''} aggregates differ from the trail (run without --check to rebuild)\n`);
          process.exitCode = 1;
          return;
        }
        const bar = kit.progressBar();
        const report = await aggregates.rebuild((done, total) => bar.update('folding case trails', done / Math.max(total, 1)));
        bar.done();
        process.stdout.write(
          `Rebuilt ${report.units.toLocaleString('en')} aggregate units from ${report.events.toLocaleString('en')} events of ${report.cases.toLocaleString('en')} cases in ${(report.ms / 1000).toFixed(2)} s\n`,
        );
      } finally {
        await db.close();
      }
    });
};
