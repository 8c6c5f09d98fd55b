// A command-line-like import in a process of its own, for the crash test: it imports the
// components file given into the county file given and, at its first staged chunk, prints
// `staging <jobId>` and stops dead (a synchronous sleep) so the test can kill it right there.
// Usage: node --import tsx tests/support/import-child.ts <county.db> <components.csv> <workDir>
import path from 'node:path';
import { SqliteDb } from '../../core/db/sqlite.js';
import { executeImportJob } from '../../core/admin/imports/job.js';
import { ImportStore } from '../../core/admin/imports/store.js';
import { silentLogger } from '../../core/runtime/log.js';

const [dbFile, file, workDir] = process.argv.slice(2) as [string, string, string];
const db = new SqliteDb(dbFile, silentLogger);
const now = Date.now();
const jobId = await new ImportStore(db).createJob({ target: 'components', fileName: path.basename(file), dryRun: false, userId: null, now });
await executeImportJob(db, jobId, { target: 'components', file, fileName: path.basename(file), workDir }, now, (p) => {
  if (p.phase !== 'write') return;
  process.stdout.write(`staging ${jobId}\n`);
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 120_000);
});
