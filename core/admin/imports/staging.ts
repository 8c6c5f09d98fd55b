// An import's staging file: where a large import (components, places) writes its validated rows
// in short chunks, outside the county's database, so it never holds the county's write lock
// while it reads and checks the file. One short transaction then applies the staged rows to
// the real tables (the file attached to the import's connection) and the file is deleted.
// The staging file is scratch: no journal, no syncs. A process that dies leaves it behind;
// the next start (server or command line) deletes every staging file whose job is not running.
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SqliteDb } from '../../db/sqlite.js';
import { StagingStore } from './store.js';

/** The alias the staging file has on the import's connection during the apply. */
export const STAGING_ALIAS = 'staging';

const FILE = /^job-(\d+)\.db(-journal|-wal|-shm)?$/;

/** The folder of staging files: `<data>/imports/staging` beside the county's database. */
export function stagingDir(dbFile: string): string {
  const home = dbFile === ':memory:' || dbFile === '' ? path.join(os.tmpdir(), 'gridhall-staging') : path.dirname(path.resolve(dbFile));
  return path.join(home, 'imports', 'staging');
}

function removeFile(file: string): void {
  for (const suffix of ['', '-journal', '-wal', '-shm']) rmSync(file + suffix, { force: true });
}

export class Staging {
  readonly store: StagingStore;
  private scratch: SqliteDb | undefined;

  private constructor(
    readonly file: string,
    db: SqliteDb,
  ) {
    this.scratch = db;
    this.store = new StagingStore(db);
  }

  /** A fresh staging file for this job (any file of the same name is a leftover and goes). */
  static async open(county: SqliteDb, jobId: number): Promise<Staging> {
    const dir = stagingDir(county.file);
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `job-${jobId}.db`);
    removeFile(file);
    const staging = new Staging(file, new SqliteDb(file, county.log, { scratch: true }));
    await staging.store.createTables();
    return staging;
  }

  /** One chunk of staged rows, committed to the staging file (the county's lock is not touched). */
  async chunk(fn: () => Promise<void>): Promise<void> {
    if (!this.scratch) throw new Error('the staging file is closed');
    await this.scratch.transaction(fn);
  }

  /**
   * Runs fn on the county's connection with the staging file attached as `staging` (fn runs
   * the apply transaction). The staging connection is closed first: from here on only the
   * county's connection reads the file.
   */
  async attachedTo<T>(county: SqliteDb, fn: () => Promise<T>): Promise<T> {
    await this.scratch?.close();
    this.scratch = undefined;
    county.attach(this.file, STAGING_ALIAS);
    try {
      return await fn();
    } finally {
      county.detach(STAGING_ALIAS);
    }
  }

  /** Closes and deletes the staging file (after the apply, a failure or a cancel). */
  async dispose(): Promise<void> {
    await this.scratch?.close();
    this.scratch = undefined;
    removeFile(this.file);
  }
}

/**
 * Deletes staging files left by imports that are no longer running (a process that died, a
 * disk that filled): at the server's start and before a command-line import. Returns how many.
 */
export function removeStagingLeftovers(dbFile: string, running: readonly number[]): number {
  const dir = stagingDir(dbFile);
  if (!existsSync(dir)) return 0;
  let removed = 0;
  for (const name of readdirSync(dir)) {
    const m = FILE.exec(name);
    if (!m || running.includes(Number(m[1]))) continue;
    rmSync(path.join(dir, name), { force: true });
    if (!m[2]) removed++;
  }
  return removed;
}
