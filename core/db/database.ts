// The one door to the database. Store modules get a Db and ask it for named statements;
// nothing else in Gridhall imports better-sqlite3 or pg. Two drivers answer the same
// interface: SQLite (the county box, core/db/sqlite.ts) and PostgreSQL (a city, core/db/postgres.ts).
// Every call is asynchronous; one action's statements run in one transaction (`transaction`),
// and the drivers keep the statements of concurrent requests out of each other's transactions.

export type SqlParams = Record<string, unknown> | unknown[] | undefined;

/** Queries slower than this are logged with their name (after Signal Desktop's 40 ms). */
export const SLOW_QUERY_MS = 40;

export type Dialect = 'sqlite' | 'postgres';

export interface RunResult {
  changes: number;
  /**
   * The new row's id after an INSERT into a table with an `id` column (SQLite's rowid; on
   * PostgreSQL the driver asks for `RETURNING id`).
   */
  lastInsertRowid: number;
}

/** A prepared statement with a name; slow runs are logged under it. */
export interface NamedStatement<Row = unknown> {
  readonly name: string;
  run(params?: SqlParams): Promise<RunResult>;
  get(params?: SqlParams): Promise<Row | undefined>;
  all(params?: SqlParams): Promise<Row[]>;
  /** Rows one by one, for exports and rebuilds. */
  iterate(params?: SqlParams): AsyncIterable<Row>;
  /** Rows as arrays of values, for column scans. */
  raw(params?: SqlParams): Promise<unknown[][]>;
}

export interface Db {
  readonly dialect: Dialect;
  /** Where the data is: the SQLite file, or the PostgreSQL URL without its password. */
  readonly location: string;
  /**
   * A named, cached prepared statement. The same name must always carry the same SQL.
   * `postgres` is the statement's PostgreSQL text where the SQLite one does not fit both.
   */
  statement<Row = unknown>(name: string, sql: string, postgres?: string): NamedStatement<Row>;
  /**
   * Runs fn in one write transaction (nested calls become savepoints). Statements of other
   * requests wait until it ends; its own statements (anything fn awaits) run inside it.
   */
  transaction<T>(fn: () => Promise<T>): Promise<T>;
  /** Whether the caller is inside a transaction of this database. */
  readonly inTransaction: boolean;
  /** Executes a script of several statements: for migrations and maintenance only. */
  exec(sql: string): Promise<void>;
  /** Resolves when writes may start (an import's apply may hold them back on SQLite). */
  whenWritable(): Promise<void>;
  /** Whether writes are being held back (an import is applying). */
  readonly writesHeld: boolean;
  close(): Promise<void>;
}

/** The text a driver runs for a statement. */
export function textFor(dialect: Dialect, sql: string, postgres?: string): string {
  return dialect === 'postgres' && postgres !== undefined ? postgres : sql;
}

/** Refuses, with a clear message, work that only the SQLite county box can do yet. */
export function sqliteOnly(db: Db, what: string): void {
  if (db.dialect !== 'sqlite') throw new Error(`${what} runs on the SQLite county box only (see docs/POSTGRES.md)`);
}
