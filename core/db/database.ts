// The one door to SQLite. Store modules get a Db and ask it for named statements;
// nothing else in Gridhall imports better-sqlite3.
import BetterSqlite3 from 'better-sqlite3';
import type { Logger } from '../runtime/log.js';
import { snapshotDatabase } from './snapshot.js';

export type SqlParams = Record<string, unknown> | unknown[] | undefined;

/** Queries slower than this are logged with their name (after Signal Desktop's 40 ms). */
export const SLOW_QUERY_MS = 40;

export interface DbOptions {
  /** synchronous=NORMAL survives a killed process in WAL mode; FULL also survives power loss. */
  synchronous?: 'NORMAL' | 'FULL';
  readonly?: boolean;
  /**
   * A scratch file one job owns alone and deletes when done (an import's staging): no journal,
   * no syncs, no foreign keys. A crash leaves it behind to be removed, never to be trusted.
   */
  scratch?: boolean;
}

/**
 * How long a writer waits for another connection's write lock before it gives up with
 * SQLITE_BUSY. Writers hold the lock for milliseconds (a case action) or, once per import, for
 * the import's final apply (see docs/DATA.md); waiting is synchronous, so this also bounds how
 * long a writer on the server's event loop can stall it.
 */
export const BUSY_TIMEOUT_MS = 5000;

type Bind = unknown[];

function bindArgs(params: SqlParams): Bind {
  if (params === undefined) return [];
  return Array.isArray(params) ? params : [params];
}

/** A prepared statement with a name; slow runs are logged under it. */
export class NamedStatement<Row = unknown> {
  constructor(
    readonly name: string,
    private readonly stmt: BetterSqlite3.Statement,
    private readonly log: Logger,
  ) {}

  private timed<T>(fn: () => T): T {
    const start = performance.now();
    const result = fn();
    const ms = performance.now() - start;
    if (ms > SLOW_QUERY_MS) this.log.warn({ query: this.name, ms: Math.round(ms) }, 'slow query');
    return result;
  }

  run(params?: SqlParams): BetterSqlite3.RunResult {
    return this.timed(() => this.stmt.run(...bindArgs(params)));
  }
  get(params?: SqlParams): Row | undefined {
    return this.timed(() => this.stmt.get(...bindArgs(params)) as Row | undefined);
  }
  all(params?: SqlParams): Row[] {
    return this.timed(() => this.stmt.all(...bindArgs(params)) as Row[]);
  }
  /** Rows one by one, for exports and rebuilds that must not hold everything in memory. */
  *iterate(params?: SqlParams): IterableIterator<Row> {
    yield* this.stmt.iterate(...bindArgs(params)) as IterableIterator<Row>;
  }
  /** Rows as arrays of values, for column scans. */
  raw(params?: SqlParams): unknown[][] {
    return this.timed(() => this.stmt.raw(true).all(...bindArgs(params)) as unknown[][]);
  }
}

export class Db {
  readonly file: string;
  private readonly sqlite: BetterSqlite3.Database;
  private readonly statements = new Map<string, NamedStatement<unknown>>();
  private readonly writeHolds = new Set<{ promise: Promise<void> }>();

  constructor(
    file: string,
    readonly log: Logger,
    options: DbOptions = {},
  ) {
    this.file = file;
    this.sqlite = new BetterSqlite3(file, { readonly: options.readonly ?? false });
    if (options.scratch) {
      this.sqlite.pragma('journal_mode = OFF');
      this.sqlite.pragma('synchronous = OFF');
      this.sqlite.pragma('cache_size = -65536');
      this.sqlite.pragma('temp_store = MEMORY');
      return;
    }
    if (!options.readonly) {
      this.sqlite.pragma('journal_mode = WAL');
      // FULL by default: a commit answered 2xx survives a power cut (SQLite's own advice for WAL).
      this.sqlite.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
      // Checkpoint the WAL every ~16 MB rather than every 4 MB: fewer, larger syncs under bursts.
      this.sqlite.pragma('wal_autocheckpoint = 4000');
    }
    this.sqlite.pragma('foreign_keys = ON');
    this.sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    this.sqlite.pragma('cache_size = -65536');
    this.sqlite.pragma('temp_store = MEMORY');
  }

  /** A named, cached prepared statement. The same name must always carry the same SQL. */
  statement<Row = unknown>(name: string, sql: string): NamedStatement<Row> {
    const cached = this.statements.get(name);
    if (cached) return cached as NamedStatement<Row>;
    const stmt = new NamedStatement<Row>(name, this.sqlite.prepare(sql), this.log);
    this.statements.set(name, stmt as NamedStatement<unknown>);
    return stmt;
  }

  /**
   * Runs fn in one write transaction (nested calls become savepoints). It begins IMMEDIATE:
   * the write lock is taken (waiting up to the busy timeout) before anything is read. A
   * deferred transaction that reads and then writes cannot wait for a writer on another
   * connection (an import's apply): SQLite refuses its upgrade at once with SQLITE_BUSY,
   * because its snapshot would be stale once the other writer commits.
   */
  transaction<T>(fn: () => T): T {
    return this.sqlite.transaction(fn).immediate();
  }

  /**
   * Holds back this connection's owner from starting writes (the server's HTTP requests wait
   * in `whenWritable`) while another connection holds the write lock for a known, bounded
   * time: an import's final apply. The returned function lets writes go again; so does the
   * safety limit, should the holder never say so.
   */
  holdWrites(limitMs = 10 * 60_000): () => void {
    let release!: () => void;
    const promise = new Promise<void>((resolve) => (release = resolve));
    const timer = setTimeout(() => done(), limitMs);
    timer.unref?.();
    const hold = { promise };
    const done = () => {
      clearTimeout(timer);
      if (this.writeHolds.delete(hold)) release();
    };
    this.writeHolds.add(hold);
    return done;
  }

  /** Resolves when no hold is in place (at once, usually). */
  async whenWritable(): Promise<void> {
    while (this.writeHolds.size > 0) await Promise.all([...this.writeHolds].map((h) => h.promise));
  }

  /** Whether writes are being held back (an import is applying). */
  get writesHeld(): boolean {
    return this.writeHolds.size > 0;
  }

  /**
   * Runs fn (a bulk load, inside the current transaction) with `table`'s own indexes dropped,
   * then builds them again from their stored definitions: SQLite builds an index from sorted
   * keys several times faster than it keeps one up to date row by row. A failure rolls the
   * indexes back with everything else; other connections re-prepare their statements.
   */
  withIndexesRebuilt<T>(table: string, fn: () => T): T {
    if (!this.sqlite.inTransaction) throw new Error('withIndexesRebuilt runs inside a transaction');
    const indexes = this.sqlite
      .prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL ORDER BY name")
      .all(table) as { name: string; sql: string }[];
    for (const index of indexes) this.sqlite.exec(`DROP INDEX "${index.name.replaceAll('"', '""')}"`);
    const result = fn();
    for (const index of indexes) this.sqlite.exec(index.sql);
    return result;
  }

  /** Opens another database file on this connection under `alias` (an import's staging). */
  attach(file: string, alias: string): void {
    this.sqlite.prepare('ATTACH DATABASE ? AS ?').run(file, alias);
  }

  detach(alias: string): void {
    this.sqlite.prepare('DETACH DATABASE ?').run(alias);
  }


  /**
   * One write transaction around asynchronous work. Only for a connection that one job owns
   * alone (an import's): anything else using the same connection meanwhile would join the
   * transaction, and every other connection's writers wait for as long as fn runs.
   */
  async exclusiveTransaction<T>(fn: () => Promise<T>): Promise<T> {
    this.sqlite.exec('BEGIN IMMEDIATE');
    try {
      const result = await fn();
      this.sqlite.exec('COMMIT');
      return result;
    } catch (error) {
      if (this.sqlite.inTransaction) this.sqlite.exec('ROLLBACK');
      throw error;
    }
  }

  /** Executes a script of several statements: for migrations only. */
  exec(sql: string): void {
    this.sqlite.exec(sql);
  }

  pragma(source: string): unknown {
    return this.sqlite.pragma(source);
  }

  get inTransaction(): boolean {
    return this.sqlite.inTransaction;
  }

  /**
   * A consistent copy of the database to a file while the county keeps working: one
   * `VACUUM INTO` snapshot on a connection of its own (see snapshot.ts), finished whatever
   * the writers do. The progress callback hears 0 and 1.
   */
  async backupTo(destination: string, onProgress?: (fraction: number) => void): Promise<void> {
    onProgress?.(0);
    await snapshotDatabase(this.file, destination);
    onProgress?.(1);
  }

  close(): void {
    if (this.sqlite.open) this.sqlite.close();
  }
}
