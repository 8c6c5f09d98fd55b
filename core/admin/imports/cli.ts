// gridhall import grids|components|places|departments|users FILE: the same import as the
// console's, in this process, with a progress bar. Exit code 1 when the file was refused.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Option } from 'commander';
import type { CliCommand } from '../../cli/index.js';
import { databasePath } from '../../app/index.js';
import { parseCrs } from '../../base/crs/index.js';
import { SqliteDb } from '../../db/sqlite.js';
import { applyMigrations } from '../../db/migrate.js';
import { createLogger } from '../../runtime/log.js';
import { executeImportJob } from './job.js';
import { formatReport } from './report.js';
import { removeStagingLeftovers } from './staging.js';
import { ImportStore } from './store.js';
import { IMPORT_TARGETS, type ImportTarget } from './targets.js';

interface ImportOpts {
  data?: string;
  crs?: string;
  swapAxes?: boolean;
  map?: string[];
  dryRun?: boolean;
  countyName?: string;
}

function parseMapping(pairs: string[] | undefined): Record<string, string> | undefined {
  if (!pairs?.length) return undefined;
  const mapping: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at < 1) throw new Error(`--map takes field=column, got "${pair}"`);
    mapping[pair.slice(0, at).trim()] = pair.slice(at + 1).trim();
  }
  return mapping;
}

export const importCommand: CliCommand = (program, kit) => {
  program
    .command('import')
    .description('import the county\'s base data from a Shapefile (.shp, folder or .zip), GeoJSON, CSV or Excel file')
    .addOption(new Option('--data <dir>', 'data folder (env GRIDHALL_DATA)'))
    .argument('<target>', `what the file holds: ${IMPORT_TARGETS.join(', ')}`)
    .argument('<file>', 'the file, or a folder holding one Shapefile')
    .option('--crs <crs>', 'coordinate system: wgs84, cgcs2000, gcj02, bd09, EPSG:<code>, gk3:<zone>, gk3-cm:<meridian>, gk6:<zone> (default: the .prj, else guessed)')
    .option('--swap-axes', 'the two coordinate columns are the wrong way round: swap them')
    .option('--no-swap-axes', 'keep the coordinate columns as they are even if they look swapped')
    .option('--map <field=column...>', 'map a field to a column (repeatable), e.g. --map id=BSM --map x=经度')
    .option('--dry-run', 'check and report; write nothing')
    .option('--county-name <name>', 'name of the county when this grid import creates it')
    .action(async (target: string, file: string, opts: ImportOpts, command: { getOptionValueSource(k: string): string | undefined }) => {
      if (!(IMPORT_TARGETS as readonly string[]).includes(target)) throw new Error(`unknown target "${target}": use ${IMPORT_TARGETS.join(', ')}`);
      const config = kit.configFrom(opts);
      const dbFile = databasePath(config.dataDir);
      if (!existsSync(dbFile)) throw new Error(`No county database at ${dbFile}: start the server once (gridhall serve) to create it`);
      const db = new SqliteDb(dbFile, createLogger('warn'));
      const workDir = mkdtempSync(path.join(os.tmpdir(), 'gridhall-import-'));
      const bar = kit.progressBar();
      try {
        await applyMigrations(db);
        const now = Date.now();
        const swapSource = command.getOptionValueSource('swapAxes');
        const store = new ImportStore(db);
        // Staging files of imports that died (a killed process) go before this one starts.
        removeStagingLeftovers(dbFile, await store.runningJobIds());
        // Ctrl-C cancels between chunks: nothing is written and the staging file goes.
        const cancel = new AbortController();
        const onInterrupt = () => cancel.abort();
        process.once('SIGINT', onInterrupt);
        const jobId = await store.createJob({ target: target as ImportTarget, fileName: path.basename(file), dryRun: opts.dryRun ?? false, userId: null, now });
        const report = await executeImportJob(
          db,
          jobId,
          {
            target: target as ImportTarget,
            file: path.resolve(file),
            fileName: path.basename(file),
            workDir,
            crs: opts.crs ? parseCrs(opts.crs) : undefined,
            swapAxes: swapSource === 'cli' ? opts.swapAxes : undefined,
            mapping: parseMapping(opts.map),
            mappingMode: 'merge',
            dryRun: opts.dryRun,
            countyName: opts.countyName,
          },
          now,
          (p) => bar.update(p.phase === 'check' ? 'checking rows' : p.phase === 'apply' ? 'applying' : 'writing', p.fraction),
          { signal: cancel.signal },
        ).finally(() => process.off('SIGINT', onInterrupt));
        bar.done();
        process.stdout.write(`${formatReport(report)}\n`);
        for (const p of report.passwords ?? []) process.stdout.write(`  first password of ${p.username}: ${p.password}\n`);
        if (report.errors > 0) process.exitCode = 1;
      } finally {
        bar.done();
        await db.close();
        rmSync(workDir, { recursive: true, force: true });
      }
    });
};
