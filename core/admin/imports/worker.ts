// The import worker: one import job on its own connection, off the server's event loop, so
// the console keeps answering while 1.44 M rows are read, checked and staged. Before the final
// apply it asks the server to hold back its own writers, and says when the apply is over.
import { parentPort, workerData } from 'node:worker_threads';
import { SqliteDb } from '../../db/sqlite.js';
import { createLogger } from '../../runtime/log.js';
import { executeImportJob } from './job.js';
import type { ImportRequest } from './run.js';
import type { ToWorker, WorkerMessage } from './service.js';

interface WorkerInput {
  dbFile: string;
  jobId: number;
  request: ImportRequest;
  now: number;
}

const input = workerData as WorkerInput;
const post = (m: WorkerMessage) => parentPort?.postMessage(m);
const cancel = new AbortController();
let applyGo: (() => void) | undefined;
parentPort?.on('message', (m: ToWorker) => {
  if (m.type === 'cancel') cancel.abort();
  else if (m.type === 'apply-go') applyGo?.();
});

const db = new SqliteDb(input.dbFile, createLogger('warn'));
let last = 0;
executeImportJob(
  db,
  input.jobId,
  input.request,
  input.now,
  (p) => {
    const t = Date.now();
    if (t - last < 150 && p.fraction < 1 && p.phase !== 'apply') return;
    last = t;
    post({ type: 'progress', progress: p });
  },
  {
    signal: cancel.signal,
    beforeApply: () =>
      new Promise<void>((resolve) => {
        applyGo = resolve;
        post({ type: 'apply-ready' });
      }),
    afterApply: () => post({ type: 'applied' }),
  },
)
  .then((report) => post({ type: 'done', report }))
  .catch((error: unknown) => post({ type: 'failed', message: error instanceof Error ? error.message : String(error) }))
  .finally(() => {
    db.closeNow();
    // The port's listener kept the thread alive for cancels; now it may end.
    parentPort?.unref();
  });
