// The one door to SQLite. Store modules get a Db and ask it for named statements;
// nothing else in Gridhall imports better-sqlite3.
import BetterSqlite3 from 'better-sqlite3';
import type { Logger } from '../log.js';

export type SqlParams = Record<string, unknown> | unknown[] | undefined;

/** Queries slower than this are logged with their name (after Signal Desktop's 40 ms). */
export const SLOW_QUERY_MS = 40;

export interface DbOptions {
  /** synchronous=NORMAL survives a killed process in WAL mode; FULL also survives power loss. */
  synchronous?: 'NORMAL' | 'FULL';
  readonly?: boolean;
}

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

  constructor(
    file: string,
    readonly log: Logger,
    options: DbOptions = {},
  ) {
    this.file = file;
    this.sqlite = new BetterSqlite3(file, { readonly: options.readonly ?? false });
    if (!options.readonly) {
      this.sqlite.pragma('journal_mode = WAL');
      this.sqlite.pragma(`synchronous = ${options.synchronous ?? 'NORMAL'}`);
      // Checkpoint the WAL every ~16 MB rather than every 4 MB: fewer, larger syncs under bursts.
      this.sqlite.pragma('wal_autocheckpoint = 4000');
    }
    this.sqlite.pragma('foreign_keys = ON');
    this.sqlite.pragma('busy_timeout = 5000');
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

  /** Runs fn in one transaction (nested calls become savepoints). */
  transaction<T>(fn: () => T): T {
    return this.sqlite.transaction(fn)();
  }

  /**
   * One transaction around asynchronous work (an import reading its file between writes).
   * Only for a connection that one job owns alone, such as an import worker's or the command
   * line's: anything else using the same connection meanwhile would join the transaction.
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

  /** Online backup to a file while the county keeps working. */
  async backupTo(destination: string, onProgress?: (fraction: number) => void): Promise<void> {
    await this.sqlite.backup(destination, {
      progress: ({ totalPages, remainingPages }) => {
        onProgress?.(totalPages === 0 ? 1 : (totalPages - remainingPages) / totalPages);
        return 2000;
      },
    });
  }

  close(): void {
    if (this.sqlite.open) this.sqlite.close();
  }
}
