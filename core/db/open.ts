// Which store a county uses, chosen once at start: a PostgreSQL URL (`--database`,
// GRIDHALL_DATABASE_URL) or, as always, the data folder's SQLite file.
import type { Logger } from '../runtime/log.js';
import type { Db } from './database.js';
import { PostgresDb, isConnectionError, isPostgresUrl, redact } from './postgres.js';
import { SqliteDb, type SqliteOptions } from './sqlite.js';

export { isPostgresUrl } from './postgres.js';

/** The database could not be reached at start: the CLI prints the message and exits with EXIT_CODE. */
export class DatabaseUnreachableError extends Error {
  static readonly EXIT_CODE = 69; // EX_UNAVAILABLE (sysexits.h)
  constructor(location: string, cause: unknown) {
    super(`The database at ${location} does not answer: ${(cause as Error).message ?? String(cause)}. Start it, or check --database / GRIDHALL_DATABASE_URL.`);
  }
}

/** Opens the store: PostgreSQL for a URL, SQLite for a file path. */
export async function openDatabase(target: string, log: Logger, sqlite: SqliteOptions = {}): Promise<Db> {
  if (!isPostgresUrl(target)) return new SqliteDb(target, log, sqlite);
  const db = new PostgresDb(target, log);
  try {
    await db.connect();
  } catch (error) {
    await db.close().catch(() => undefined);
    const cause = (error as { cause?: unknown }).cause ?? error;
    if (isConnectionError(cause) || isConnectionError(error)) throw new DatabaseUnreachableError(redact(target), cause);
    throw error;
  }
  return db;
}
