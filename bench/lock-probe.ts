// A worker thread that stands in for the workbench while an import runs: on its own connection
// to the county's database it makes a case-action-sized write (read a settings row, write it
// back, append an audit row: one short IMMEDIATE transaction) every few milliseconds, and
// records how long each one waited for SQLite's write lock. A wait longer than the busy
// timeout is a failure ("database is locked") — what an operator's click would have shown.
import { parentPort, workerData } from 'node:worker_threads';
import { AuditStore } from '../core/admin/audit/store.js';
import { SqliteDb } from '../core/db/sqlite.js';
import { silentLogger } from '../core/runtime/log.js';
import { SettingsStore } from '../core/workflow/settings/store.js';

export interface ProbeResult {
  actions: number;
  failures: number;
  maxWaitMs: number;
  /** Waits longer than 100 ms. */
  slow: number;
}

const { dbFile, everyMs } = workerData as { dbFile: string; everyMs: number };
const db = new SqliteDb(dbFile, silentLogger);
const settings = new SettingsStore(db);
const audit = new AuditStore(db);
const result: ProbeResult = { actions: 0, failures: 0, maxWaitMs: 0, slow: 0 };
let stopped = false;

async function action(): Promise<void> {
  const start = performance.now();
  try {
    await db.transaction(async () => {
      const workflow = await settings.get('workflow');
      await settings.set('workflow', workflow, Date.now(), null);
      await audit.record(null, 'bench.probe', String(result.actions), 'update', undefined, { n: result.actions }, Date.now());
    });
    result.actions++;
  } catch {
    result.failures++;
  }
  const waited = performance.now() - start;
  result.maxWaitMs = Math.max(result.maxWaitMs, waited);
  if (waited > 100) result.slow++;
}

async function loop(): Promise<void> {
  if (stopped) return;
  await action();
  setTimeout(() => void loop(), everyMs);
}

parentPort?.on('message', (m: string) => void (async () => {
  if (m !== 'stop') return;
  stopped = true;
  await db.close();
  parentPort?.postMessage(result);
  parentPort?.close();
})());
parentPort?.postMessage('ready');
await loop();
