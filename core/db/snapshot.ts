// One consistent copy of a live database, whatever the writers do. `VACUUM INTO` reads the
// whole database inside one read transaction: in WAL mode that is a snapshot that writers on
// other connections never disturb (SQLite's page-by-page online backup restarts whenever
// another connection writes, and under constant writes may never finish). It runs on a
// connection of its own in a worker thread, so the server's event loop keeps answering.
import { createRequire } from 'node:module';
import { closeSync, existsSync, fsyncSync, openSync, renameSync, rmSync } from 'node:fs';
import { Worker } from 'node:worker_threads';

const require = createRequire(import.meta.url);

// Plain CommonJS for the worker: it needs nothing but better-sqlite3.
const WORKER = `
const { workerData, parentPort } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.source, { fileMustExist: true });
try {
  db.pragma('busy_timeout = 5000');
  db.prepare('VACUUM INTO ?').run(workerData.destination);
  parentPort.postMessage('done');
} finally {
  db.close();
}
`;

/**
 * Writes a consistent copy of the SQLite database `source` to `destination` (which must not
 * exist), synced to disk before it gets its name.
 */
export async function snapshotDatabase(source: string, destination: string): Promise<void> {
  if (existsSync(destination)) throw new Error(`${destination} exists already`);
  const partial = `${destination}.partial`;
  rmSync(partial, { force: true });
  try {
    await new Promise<void>((resolve, reject) => {
      const worker = new Worker(WORKER, { eval: true, workerData: { driver: require.resolve('better-sqlite3'), source, destination: partial } });
      let done = false;
      worker.once('message', () => (done = true));
      worker.once('error', reject);
      worker.once('exit', (code) => (done && code === 0 ? resolve() : reject(new Error(`the snapshot worker stopped (exit ${code})`))));
    });
    const fd = openSync(partial, 'r+');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(partial, destination);
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  }
}
