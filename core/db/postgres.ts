// A city's driver: PostgreSQL 15 through node-postgres, with a pool. A transaction takes one
// connection from the pool and keeps it in an AsyncLocalStorage frame, so every statement it
// awaits (in any store) runs on that connection; statements outside a transaction take any
// free connection. Statement texts are SQLite's, translated once (core/db/sql-text.ts), or the
// PostgreSQL text a store gives beside it. A lost connection becomes 503 try-again; the pool
// drops the broken connection and opens a new one for the next request.
import { AsyncLocalStorage } from 'node:async_hooks';
import pg from 'pg';
import type { Logger } from '../runtime/log.js';
import { AppError } from '../runtime/errors.js';
import { SLOW_QUERY_MS, type Db, type NamedStatement, type RunResult, type SqlParams } from './database.js';
import { bindValues, forPostgres, type PreparedText } from './sql-text.js';

export interface PostgresOptions {
  /** Connections in the pool (default 10). */
  max?: number;
  /** How long to wait for a connection before giving up (default 10 s). */
  connectTimeoutMs?: number;
}

/** Numbers come back as numbers, as they do from SQLite: bigint counts and times, numeric sums. */
const types = new pg.TypeOverrides();
types.setTypeParser(pg.types.builtins.INT8, (v: string) => Number(v));
types.setTypeParser(pg.types.builtins.NUMERIC, (v: string) => Number(v));

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'ENOENT', 'EHOSTUNREACH', '57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006']);

/** Whether an error means the database could not be reached or dropped the connection. */
export function isConnectionError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: string }).code;
  if (code && CONNECTION_CODES.has(code)) return true;
  return /Connection terminated|connection timeout|Client has encountered a connection error|terminating connection/i.test(error.message);
}

export function unavailable(error: unknown): AppError {
  const e = new AppError('unavailable', 'The database is not answering; try again in a moment (数据库暂时无法连接，请稍后重试)');
  (e as { cause?: unknown }).cause = error;
  return e;
}

interface Frame {
  client: pg.PoolClient;
  depth: number;
}

let statementSerial = 0;

class PgStatement<Row> implements NamedStatement<Row> {
  private prepared: PreparedText | null = null;
  private readonly pgName = `g${++statementSerial}`;

  constructor(
    readonly name: string,
    private readonly sql: string,
    private readonly db: PostgresDb,
  ) {}

  private text(): PreparedText {
    if (!this.prepared) {
      const p = forPostgres(this.sql);
      if (p.insertInto && this.db.tablesWithId.has(p.insertInto)) {
        p.text = `${p.text.trimEnd().replace(/;$/, '')} RETURNING id`;
        p.returns = true;
      }
      this.prepared = p;
    }
    return this.prepared;
  }

  private async query(params: SqlParams, rowMode?: 'array'): Promise<pg.QueryResult> {
    const p = this.text();
    const values = bindValues(p.plan, params);
    const start = performance.now();
    try {
      return await this.db.query({ name: this.pgName, text: p.text, values, ...(rowMode ? { rowMode } : {}) });
    } catch (error) {
      if (error instanceof AppError) throw error;
      (error as Error).message = `${(error as Error).message} (statement ${this.name})`;
      throw error;
    } finally {
      const ms = performance.now() - start;
      if (ms > SLOW_QUERY_MS) this.db.log.warn({ query: this.name, ms: Math.round(ms) }, 'slow query');
    }
  }

  async run(params?: SqlParams): Promise<RunResult> {
    const r = await this.query(params);
    const first = r.rows[0] as Record<string, unknown> | undefined;
    const id = first && 'id' in first ? Number(first.id) : 0;
    return { changes: r.rowCount ?? 0, lastInsertRowid: id };
  }
  async get(params?: SqlParams): Promise<Row | undefined> {
    const r = await this.query(params);
    return r.rows[0] as Row | undefined;
  }
  async all(params?: SqlParams): Promise<Row[]> {
    return (await this.query(params)).rows as Row[];
  }
  async *iterate(params?: SqlParams): AsyncIterable<Row> {
    yield* (await this.query(params)).rows as Row[];
  }
  async raw(params?: SqlParams): Promise<unknown[][]> {
    return (await this.query(params, 'array')).rows as unknown[][];
  }
}

export class PostgresDb implements Db {
  readonly dialect = 'postgres' as const;
  readonly pool: pg.Pool;
  readonly location: string;
  /** Tables with an `id` column: an INSERT into one returns the new id (lastInsertRowid). */
  tablesWithId = new Set<string>();
  private readonly statements = new Map<string, PgStatement<unknown>>();
  private readonly frames = new AsyncLocalStorage<Frame>();

  constructor(
    readonly url: string,
    readonly log: Logger,
    options: PostgresOptions = {},
  ) {
    this.location = redact(url);
    this.pool = new pg.Pool({
      connectionString: url,
      max: options.max ?? 10,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
      types,
      application_name: 'gridhall',
    });
    // An idle connection the server dropped: the pool forgets it and opens another when asked.
    this.pool.on('error', (error) => this.log.warn({ err: error }, 'an idle database connection was lost'));
  }

  /** Checks the database answers and learns the schema's id columns. */
  async connect(): Promise<void> {
    await this.query({ text: 'SELECT 1' });
    await this.learnSchema();
  }

  /** Re-reads which tables have an `id` column (after migrations). */
  async learnSchema(): Promise<void> {
    const r = await this.query({
      text: "SELECT table_name FROM information_schema.columns WHERE table_schema = current_schema() AND column_name = 'id'",
    });
    this.tablesWithId = new Set(r.rows.map((row: { table_name: string }) => row.table_name));
  }

  /** Runs a query on the caller's transaction connection, or on any pooled one. */
  async query(config: pg.QueryConfig & { rowMode?: 'array' }): Promise<pg.QueryResult> {
    const frame = this.frames.getStore();
    try {
      if (frame) return await frame.client.query(config);
      return await this.pool.query(config);
    } catch (error) {
      if (isConnectionError(error)) throw unavailable(error);
      throw error;
    }
  }

  statement<Row = unknown>(name: string, sql: string, postgres?: string): NamedStatement<Row> {
    const cached = this.statements.get(name);
    if (cached) return cached as PgStatement<Row>;
    const stmt = new PgStatement<Row>(name, postgres ?? sql, this);
    this.statements.set(name, stmt as PgStatement<unknown>);
    return stmt;
  }

  get inTransaction(): boolean {
    return this.frames.getStore() !== undefined;
  }

  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    const mine = this.frames.getStore();
    if (mine) return this.savepoint(mine, fn);
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw isConnectionError(error) ? unavailable(error) : error;
    }
    let broken: Error | undefined;
    // A backend killed while this transaction holds its connection: the query in flight fails
    // (503 below); the client's own error event must not go unheard.
    const onError = (error: Error) => {
      broken = error;
      this.log.warn({ err: error }, 'a database connection was lost in a transaction');
    };
    client.on('error', onError);
    try {
      await client.query('BEGIN');
      const result = await this.frames.run({ client, depth: 0 }, fn);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      try {
        await client.query('ROLLBACK');
      } catch (rollbackError) {
        broken = rollbackError as Error;
      }
      if (isConnectionError(error)) {
        broken ??= error as Error;
        throw error instanceof AppError ? error : unavailable(error);
      }
      throw error;
    } finally {
      client.off('error', onError);
      client.release(broken);
    }
  }

  private async savepoint<T>(frame: Frame, fn: () => Promise<T>): Promise<T> {
    const name = `sp${++frame.depth}`;
    await frame.client.query(`SAVEPOINT ${name}`);
    try {
      const result = await fn();
      await frame.client.query(`RELEASE SAVEPOINT ${name}`);
      return result;
    } catch (error) {
      await frame.client.query(`ROLLBACK TO SAVEPOINT ${name}`);
      await frame.client.query(`RELEASE SAVEPOINT ${name}`);
      throw error;
    } finally {
      frame.depth--;
    }
  }

  /** Runs fn while holding a session advisory lock (migrations: one server at a time). */
  async withAdvisoryLock<T>(key: number, fn: () => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    client.on('error', (error) => this.log.warn({ err: error }, 'the migration lock connection was lost'));
    try {
      await client.query('SELECT pg_advisory_lock($1)', [key]);
      try {
        return await fn();
      } finally {
        await client.query('SELECT pg_advisory_unlock($1)', [key]);
      }
    } finally {
      client.release();
    }
  }

  async exec(sql: string): Promise<void> {
    await this.query({ text: sql });
  }

  async whenWritable(): Promise<void> {}

  get writesHeld(): boolean {
    return false;
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

/** The URL as it may be printed: without its password. */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://…';
  }
}

export function isPostgresUrl(value: string | undefined): value is string {
  return value !== undefined && /^postgres(ql)?:\/\//i.test(value);
}
