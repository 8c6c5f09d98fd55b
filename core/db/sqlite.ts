// The county box's driver: better-sqlite3 (synchronous, in-process) behind the async Db.
// One connection serves every request. A transaction is open across awaits, so the driver
// keeps it to its own: an AsyncLocalStorage frame marks the work inside it, and a statement
// or a transaction from anywhere else waits until it ends (a mutex, first come first served).
// With no transaction open a statement runs at once, synchronously, and resolves.
import { AsyncLocalStorage } from 'node:async_hooks';
import BetterSqlite3 from 'better-sqlite3';
import type { Logger } from '../runtime/log.js';
import { snapshotDatabase } from './snapshot.js';
import { SLOW_QUERY_MS, type Db, type NamedStatement, type RunResult, type SqlParams } from './database.js';

export interface SqliteOptions {
  /** synchronous=NORMAL survives a killed process in WAL mode; FULL also survives power loss. */
  synchronous?: 'NORMAL' | 'FULL';
  readonly?: boolean;
  /**
   * A scratch file one job owns alone and deletes when done (an import's staging): no journal,
   * no syncs, no foreign keys. A crash leaves it behind to be removed, never to be trusted.
   */
  scratch?: boolean;
}

/** @deprecated name kept for callers of the synchronous era: the SQLite options. */
export type DbOptions = SqliteOptions;

/**
 * How long a writer waits for another connection's write lock before it gives up with
 * SQLITE_BUSY. Writers hold the lock for milliseconds (a case action) or, once per import, for
 * the import's final apply (see docs/DATA.md); waiting is synchronous, so this also bounds how
 * long a writer on the server's event loop can stall it.
 */
export const BUSY_TIMEOUT_MS = 5000;

function bindArgs(params: SqlParams): unknown[] {
  if (params === undefined) return [];
  return Array.isArray(params) ? params : [params];
}

interface Frame {
  depth: number;
  done: Promise<void>;
}

class SqliteStatement<Row> implements NamedStatement<Row> {
  constructor(
    readonly name: string,
    private readonly stmt: BetterSqlite3.Statement,
    private readonly db: SqliteDb,
  ) {}

  private timed<T>(fn: () => T): T {
    const start = performance.now();
    const result = fn();
    const ms = performance.now() - start;
    if (ms > SLOW_QUERY_MS) this.db.log.warn({ query: this.name, ms: Math.round(ms) }, 'slow query');
    return result;
  }

  async run(params?: SqlParams): Promise<RunResult> {
    if (this.db.mustWait()) await this.db.turn();
    return this.runNow(params);
  }
  async get(params?: SqlParams): Promise<Row | undefined> {
    if (this.db.mustWait()) await this.db.turn();
    return this.getNow(params);
  }
  async all(params?: SqlParams): Promise<Row[]> {
    if (this.db.mustWait()) await this.db.turn();
    return this.allNow(params);
  }
  async *iterate(params?: SqlParams): AsyncIterable<Row> {
    // better-sqlite3 cannot run other statements while an iterator is open, and the consumer
    // awaits between rows: read the rows first.
    if (this.db.mustWait()) await this.db.turn();
    yield* this.allNow(params);
  }
  async raw(params?: SqlParams): Promise<unknown[][]> {
    if (this.db.mustWait()) await this.db.turn();
    return this.rawNow(params);
  }

  /** The synchronous forms, for a connection one job owns alone (an import's staging). */
  runNow(params?: SqlParams): RunResult {
    const r = this.timed(() => this.stmt.run(...bindArgs(params)));
    return { changes: r.changes, lastInsertRowid: Number(r.lastInsertRowid) };
  }
  getNow(params?: SqlParams): Row | undefined {
    return this.timed(() => this.stmt.get(...bindArgs(params)) as Row | undefined);
  }
  allNow(params?: SqlParams): Row[] {
    return this.timed(() => this.stmt.all(...bindArgs(params)) as Row[]);
  }
  rawNow(params?: SqlParams): unknown[][] {
    return this.timed(() => this.stmt.raw(true).all(...bindArgs(params)) as unknown[][]);
  }
  *iterateNow(params?: SqlParams): IterableIterator<Row> {
    yield* this.stmt.iterate(...bindArgs(params)) as IterableIterator<Row>;
  }
}

export class SqliteDb implements Db {
  readonly dialect = 'sqlite' as const;
  readonly file: string;
  private readonly sqlite: BetterSqlite3.Database;
  private readonly statements = new Map<string, SqliteStatement<unknown>>();
  private readonly writeHolds = new Set<{ promise: Promise<void> }>();
  private readonly frames = new AsyncLocalStorage<Frame>();
  /** The transaction open now, if any; only work inside its frame may use the connection. */
  private active: Frame | null = null;
  private readonly begin: BetterSqlite3.Statement;
  private readonly commit: BetterSqlite3.Statement;
  private readonly rollback: BetterSqlite3.Statement;

  constructor(
    file: string,
    readonly log: Logger,
    options: SqliteOptions = {},
  ) {
    this.file = file;
    this.sqlite = new BetterSqlite3(file, { readonly: options.readonly ?? false });
    this.begin = this.sqlite.prepare('BEGIN IMMEDIATE');
    this.commit = this.sqlite.prepare('COMMIT');
    this.rollback = this.sqlite.prepare('ROLLBACK');
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

  get location(): string {
    return this.file;
  }

  /** A statement from outside the open transaction must wait for it to end. */
  mustWait(): boolean {
    return this.active !== null && this.frames.getStore() !== this.active;
  }

  /** Resolves when the connection is free for the caller. */
  async turn(): Promise<void> {
    while (this.mustWait()) await this.active!.done;
  }

  statement<Row = unknown>(name: string, sql: string, _postgres?: string): SqliteStatement<Row> {
    const cached = this.statements.get(name);
    if (cached) return cached as SqliteStatement<Row>;
    const stmt = new SqliteStatement<Row>(name, this.sqlite.prepare(sql), this);
    this.statements.set(name, stmt as SqliteStatement<unknown>);
    return stmt;
  }

  get inTransaction(): boolean {
    return this.active !== null && this.frames.getStore() === this.active;
  }

  /**
   * Runs fn in one write transaction (nested calls become savepoints). It begins IMMEDIATE:
   * the write lock is taken (waiting up to the busy timeout) before anything is read. A
   * deferred transaction that reads and then writes cannot wait for a writer on another
   * connection (an import's apply): SQLite refuses its upgrade at once with SQLITE_BUSY,
   * because its snapshot would be stale once the other writer commits.
   */
  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    const mine = this.frames.getStore();
    if (mine && mine === this.active) return this.savepoint(mine, fn);
    while (this.active) await this.active.done;
    let release!: () => void;
    const frame: Frame = { depth: 0, done: new Promise<void>((resolve) => (release = resolve)) };
    this.active = frame;
    try {
      this.begin.run();
      try {
        const result = await this.frames.run(frame, fn);
        // A deferred foreign key fails here, at COMMIT: the transaction is still open then.
        this.commit.run();
        return result;
      } catch (error) {
        if (this.sqlite.inTransaction) this.rollback.run();
        throw error;
      }
    } finally {
      this.active = null;
      release();
    }
  }

  private async savepoint<T>(frame: Frame, fn: () => Promise<T>): Promise<T> {
    const name = `sp${++frame.depth}`;
    this.sqlite.exec(`SAVEPOINT ${name}`);
    try {
      const result = await fn();
      this.sqlite.exec(`RELEASE ${name}`);
      return result;
    } catch (error) {
      if (this.sqlite.inTransaction) this.sqlite.exec(`ROLLBACK TO ${name}; RELEASE ${name}`);
      throw error;
    } finally {
      frame.depth--;
    }
  }

  /** A synchronous transaction, for a connection one job owns alone (an import's staging). */
  transactionNow<T>(fn: () => T): T {
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

  async whenWritable(): Promise<void> {
    while (this.writeHolds.size > 0) await Promise.all([...this.writeHolds].map((h) => h.promise));
  }

  get writesHeld(): boolean {
    return this.writeHolds.size > 0;
  }

  /**
   * Runs fn (a bulk load, inside the current transaction) with `table`'s own indexes dropped,
   * then builds them again from their stored definitions: SQLite builds an index from sorted
   * keys several times faster than it keeps one up to date row by row. A failure rolls the
   * indexes back with everything else; other connections re-prepare their statements.
   */
  async withIndexesRebuilt<T>(table: string, fn: () => Promise<T>): Promise<T> {
    if (!this.inTransaction) throw new Error('withIndexesRebuilt runs inside a transaction');
    const indexes = this.sqlite
      .prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL ORDER BY name")
      .all(table) as { name: string; sql: string }[];
    for (const index of indexes) this.sqlite.exec(`DROP INDEX "${index.name.replaceAll('"', '""')}"`);
    const result = await fn();
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
   * One write transaction around long asynchronous work on a connection one job owns (an
   * import's): the same as transaction(); every other connection's writers wait for as long
   * as fn runs.
   */
  async exclusiveTransaction<T>(fn: () => Promise<T>): Promise<T> {
    return await this.transaction(fn);
  }

  async exec(sql: string): Promise<void> {
    if (this.mustWait()) await this.turn();
    this.sqlite.exec(sql);
  }

  /** A script run at once, for a connection one job owns alone. */
  execNow(sql: string): void {
    this.sqlite.exec(sql);
  }

  pragma(source: string): unknown {
    return this.sqlite.pragma(source);
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

  async close(): Promise<void> {
    while (this.active) await this.active.done;
    this.closeNow();
  }

  closeNow(): void {
    if (this.sqlite.open) this.sqlite.close();
  }
}

/** The SQLite driver behind a Db, for the work only the county box does (imports, backups). */
export function asSqlite(db: Db, what: string): SqliteDb {
  if (db instanceof SqliteDb) return db;
  throw new Error(`${what} runs on the SQLite county box only (see docs/POSTGRES.md)`);
}
