// Imports on the server: uploads land in the data folder, a preview shows how the file would
// be read, and each import runs in a worker thread with its own connection. Progress goes to
// the event stream (`import.progress`, `import.finished`) and to GET /api/imports/:id.
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { pipeline } from 'node:stream/promises';
import { Worker } from 'node:worker_threads';
import type { Clock } from '../../runtime/clock.js';
import { parseCrs, CrsError } from '../../base/crs/index.js';
import type { Db } from '../../db/database.js';
import { asSqlite } from '../../db/sqlite.js';
import { badRequest, conflict, notFound, tooLarge } from '../../runtime/errors.js';
import { MAX_IMPORT_BYTES } from '../formats/index.js';
import { SourceError } from '../formats/index.js';
import type { Logger } from '../../runtime/log.js';
import type { EventHub } from '../../server/events.js';
import type { ImportReport } from './report.js';
import { previewImport, type ImportProgress, type ImportRequest, type PreviewResult } from './run.js';
import { removeStagingLeftovers } from './staging.js';
import { ImportStore, type ImportJobRow } from './store.js';
import type { FieldMapping, ImportTarget } from './targets.js';

/** From the worker: progress, the apply's start and end, the outcome. */
export type WorkerMessage =
  | { type: 'progress'; progress: ImportProgress }
  | { type: 'apply-ready' }
  | { type: 'applied' }
  | { type: 'done'; report: ImportReport }
  | { type: 'failed'; message: string };

/** To the worker: cancel, or go ahead with the apply (the server's writers are held back). */
export type ToWorker = { type: 'cancel' } | { type: 'apply-go' };

interface LiveJob {
  progress?: ImportProgress;
  worker: Worker;
  passwords?: ImportJobView['passwords'];
  /** Lets the server's writers go again once the worker's apply is over. */
  releaseWrites?: () => void;
}

export interface ImportOptions {
  target: ImportTarget;
  crs?: string;
  swapAxes?: boolean;
  mapping?: FieldMapping;
  dryRun?: boolean;
  countyName?: string;
}

export interface ImportJobView extends ImportJobRow {
  progress?: ImportProgress;
  report?: ImportReport;
  /** Why a failed job broke off. */
  failure?: string;
  /** Cancelled by the user. */
  cancelled?: boolean;
  /** First passwords of users the import created (only to the one who asked, only once). */
  passwords?: { username: string; password: string }[];
}

const UPLOAD_ID = /^[0-9a-f]{16}$/;
/** Upload folders older than this are removed when the server starts. */
const UPLOAD_TTL_MS = 24 * 3600_000;

/** The worker: built JavaScript beside this file, or (running from sources) tsx loading worker.ts. */
function spawnWorker(workerData: unknown): Worker {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return new Worker(new URL('./worker.js', here), { workerData });
  // tsx's ESM entry (require.resolve finds its CommonJS twin beside it).
  const tsx = pathToFileURL(createRequire(here).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  const entry = new URL('./worker.ts', here).href;
  const code = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(entry)}); })`;
  return new Worker(code, { eval: true, workerData });
}

export class ImportService {
  private readonly store: ImportStore;
  private readonly live = new Map<number, LiveJob>();
  private readonly uploadsDir: string;

  /**
   * Awaited when a job is ready to apply, before the server holds its writers and lets the job
   * go. Tests set it to hold a job in its last phase and look at the server meanwhile.
   */
  applyGate: ((jobId: number) => Promise<void>) | null = null;

  constructor(
    private readonly db: Db,
    dataDir: string,
    private readonly clock: Clock,
    private readonly events: EventHub,
    private readonly log: Logger,
  ) {
    this.store = new ImportStore(db);
    this.uploadsDir = path.join(dataDir, 'imports');
  }

  /**
   * At start: jobs of a stopped server failed (their apply never committed), their staging
   * files go, and so do old uploads.
   */
  async recover(): Promise<void> {
    await this.store.failAbandoned(this.clock.now());
    const removed = this.db.dialect === 'sqlite' ? removeStagingLeftovers(asSqlite(this.db, 'imports').file, await this.store.runningJobIds()) : 0;
    if (removed > 0) this.log.info({ removed }, 'removed staging files of imports that did not finish');
    if (!existsSync(this.uploadsDir)) return;
    for (const name of readdirSync(this.uploadsDir)) {
      if (name === 'staging') continue;
      const dir = path.join(this.uploadsDir, name);
      if (Date.now() - statSync(dir).mtimeMs > UPLOAD_TTL_MS) rmSync(dir, { recursive: true, force: true });
    }
  }

  /** Saves the files of one upload (a .zip, a table, or a Shapefile's parts) into one folder. */
  async saveUpload(files: AsyncIterable<{ filename: string; file: NodeJS.ReadableStream & { truncated?: boolean } }>): Promise<{ uploadId: string; files: string[]; bytes: number }> {
    const uploadId = randomBytes(8).toString('hex');
    const dir = path.join(this.uploadsDir, uploadId, 'files');
    mkdirSync(dir, { recursive: true });
    const names: string[] = [];
    let bytes = 0;
    try {
      for await (const part of files) {
        const name = path.basename(part.filename.replace(/\\/g, '/')) || 'upload';
        const target = path.join(dir, name);
        await pipeline(part.file, createWriteStream(target));
        if (part.file.truncated) throw tooLarge(`${name} is larger than ${Math.round(MAX_IMPORT_BYTES / 1048576)} MB, the most an import takes`);
        bytes += statSync(target).size;
        if (bytes > MAX_IMPORT_BYTES) throw tooLarge(`the upload is larger than ${Math.round(MAX_IMPORT_BYTES / 1048576)} MB, the most an import takes`);
        names.push(name);
      }
    } catch (error) {
      rmSync(path.join(this.uploadsDir, uploadId), { recursive: true, force: true });
      throw error;
    }
    if (names.length === 0) {
      rmSync(path.join(this.uploadsDir, uploadId), { recursive: true, force: true });
      throw badRequest('the upload holds no file', 'file');
    }
    return { uploadId, files: names, bytes };
  }

  private request(uploadId: string, options: ImportOptions): ImportRequest {
    if (!UPLOAD_ID.test(uploadId)) throw badRequest('not an upload id', 'uploadId');
    const root = path.join(this.uploadsDir, uploadId);
    const dir = path.join(root, 'files');
    if (!existsSync(dir)) throw notFound(`upload ${uploadId} is gone (uploads are kept for a day): upload the file again`);
    const files = readdirSync(dir);
    // One table or zip is the file; several parts of a Shapefile are read as their folder.
    const file = files.length === 1 ? path.join(dir, files[0]!) : dir;
    let crs;
    try {
      crs = options.crs ? parseCrs(options.crs) : undefined;
    } catch (error) {
      if (error instanceof CrsError) throw badRequest(error.message, 'crs');
      throw error;
    }
    return {
      target: options.target, file, fileName: files.length === 1 ? files[0]! : files.join(' + '), workDir: path.join(root, 'work'),
      crs, swapAxes: options.swapAxes, mapping: options.mapping, dryRun: options.dryRun, countyName: options.countyName,
    };
  }

  async preview(uploadId: string, options: ImportOptions): Promise<PreviewResult> {
    try {
      return await previewImport(this.db, this.request(uploadId, options));
    } catch (error) {
      if (error instanceof SourceError || error instanceof CrsError) throw badRequest(error.message, 'file');
      throw error;
    }
  }

  /** Starts an import in a worker; returns at once with the job. */
  async start(uploadId: string, options: ImportOptions, userId: number | null): Promise<ImportJobRow> {
    const request = this.request(uploadId, options);
    let running = false;
    for (const id of this.live.keys()) if ((await this.store.job(id))?.status === 'running') running = true;
    if (running && !options.dryRun) {
      throw conflict('another import is running: wait for it to finish (imports write one at a time)');
    }
    const now = this.clock.now();
    const jobId = await this.store.createJob({ target: options.target, fileName: request.fileName, dryRun: options.dryRun ?? false, userId, now });
    const worker = spawnWorker({ dbFile: asSqlite(this.db, 'imports').file, jobId, request, now });
    const state: LiveJob = { worker };
    this.live.set(jobId, state);
    const letWritesGo = () => {
      state.releaseWrites?.();
      state.releaseWrites = undefined;
    };
    const finish = async (status: string) => {
      letWritesGo();
      this.live.delete(jobId);
      const job = await this.store.job(jobId);
      this.events.publish('import.finished', { jobId, status: job?.status ?? status, target: options.target, dryRun: options.dryRun ?? false });
    };
    worker.on('message', (m: WorkerMessage) => void (async () => {
      if (m.type === 'progress') {
        state.progress = m.progress;
        this.events.publish('import.progress', { jobId, ...m.progress });
      } else if (m.type === 'apply-ready') {
        // No write of this thread is under way (they are synchronous); new HTTP writes wait
        // for the apply instead of blocking the event loop on SQLite's lock.
        void (await this.applyGate?.(jobId) ?? Promise.resolve()).then(() => {
          state.releaseWrites = asSqlite(this.db, 'imports').holdWrites();
          worker.postMessage({ type: 'apply-go' } satisfies ToWorker);
        });
      } else if (m.type === 'applied') {
        letWritesGo();
      } else if (m.type === 'done') {
        if (m.report.passwords) this.passwordsOnce.set(jobId, m.report.passwords);
        if (m.report.written) rmSync(path.join(this.uploadsDir, uploadId), { recursive: true, force: true });
        await finish('done');
      } else {
        this.log.error({ jobId, message: m.message }, 'import failed');
        await finish('failed');
      }
    })());
    worker.on('error', (error) => void (async () => {
      this.log.error({ err: error, jobId }, 'import worker crashed');
      if ((await this.store.job(jobId))?.status === 'running') await this.store.failJob(jobId, error.message, this.clock.now());
      await finish('failed');
    })());
    worker.on('exit', () => void (async () => {
      if (!this.live.has(jobId)) return;
      if ((await this.store.job(jobId))?.status === 'running') await this.store.failJob(jobId, 'the import worker stopped', this.clock.now());
      await finish('failed');
    })());
    return (await this.store.job(jobId))!;
  }

  /**
   * Cancels a running import: the worker stops at its next chunk, writes nothing and deletes
   * its staging file. An import already in its final apply finishes (it is short).
   */
  async cancel(jobId: number): Promise<ImportJobRow> {
    const row = await this.store.job(jobId);
    if (!row) throw notFound(`no import job ${jobId}`);
    const live = this.live.get(jobId);
    if (!live || row.status !== 'running') throw conflict(`import job ${jobId} is not running (${row.status})`);
    live.worker.postMessage({ type: 'cancel' } satisfies ToWorker);
    return row;
  }

  private readonly passwordsOnce = new Map<number, { username: string; password: string }[]>();

  async job(jobId: number, userId: number | null): Promise<ImportJobView> {
    const row = await this.store.job(jobId);
    if (!row) throw notFound(`no import job ${jobId}`);
    const view: ImportJobView = { ...row, progress: this.live.get(jobId)?.progress, ...await this.store.jobReport(jobId) };
    const passwords = this.passwordsOnce.get(jobId);
    if (passwords && row.userId === userId) {
      view.passwords = passwords;
      this.passwordsOnce.delete(jobId);
    }
    return view;
  }

  async jobs(): Promise<ImportJobRow[]> {
    return await this.store.jobs();
  }

  async changesOf(entity: string, key: string) {
    return await this.store.changesOf(entity, key);
  }

  /** Stops running workers (server shutdown); an apply under way rolls back, staging files stay for the next start to remove. */
  async close(): Promise<void> {
    await Promise.all([...this.live.values()].map((l) => l.worker.terminate()));
    for (const l of this.live.values()) l.releaseWrites?.();
    this.live.clear();
  }
}
