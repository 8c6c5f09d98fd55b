// A city's connection string names both database machines and asks for the one that takes writes
// (libpq's target_session_attrs=read-write). node-postgres knows one host only; the pool options of
// core/db/read-write-hosts.ts make it find the primary, and find the promoted standby after the
// primary dies. Real PostgreSQL: a primary, a streaming standby, a SIGKILL and pg_ctl promote.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseHostList, readWritePoolOptions } from '../../core/db/read-write-hosts.js';
import { pgPairMissing, startPgPair, type PgPair } from '../support/pg-pair.js';
import { until } from '../support/until.js';

describe('libpq-style host lists', () => {
  it('reads every host and keeps the rest of the URL for each', () => {
    const list = parseHostList('postgres://gridhall:s%40cret@db1:5432,db2:6432,[::1]/city?sslmode=require&target_session_attrs=read-write');
    expect(list?.hosts).toEqual([
      { host: 'db1', port: 5432 },
      { host: 'db2', port: 6432 },
      { host: '::1', port: 5432 },
    ]);
    expect(list?.readWrite).toBe(true);
    expect(list?.urlFor(list.hosts[1]!)).toBe('postgres://gridhall:s%40cret@db2:6432/city?sslmode=require');
    expect(list?.urlFor(list.hosts[2]!)).toBe('postgres://gridhall:s%40cret@[::1]:5432/city?sslmode=require');
  });

  it('leaves a one-host URL to node-postgres and refuses what it cannot honour', () => {
    expect(parseHostList('postgres://gridhall@db1:5432/city')).toBeUndefined();
    expect(() => parseHostList('postgres://u@db1,db2/city?target_session_attrs=standby')).toThrow(/not supported/);
    expect(() => parseHostList('postgres://u@db1:x,db2/city')).toThrow(/port/);
  });
});

describe.skipIf(pgPairMissing !== undefined)('a pool on a primary and a standby', () => {
  let pair: PgPair;
  let pool: pg.Pool;
  let options: NonNullable<ReturnType<typeof readWritePoolOptions>>;

  beforeAll(async () => {
    pair = await startPgPair();
    // The standby is named first: the pool must pass over it.
    const url = `postgres://postgres@127.0.0.1:${pair.standby.port},127.0.0.1:${pair.primary.port}/postgres?target_session_attrs=read-write`;
    options = readWritePoolOptions(url)!;
    pool = new pg.Pool({ connectionString: url, max: 4, connectionTimeoutMillis: 3000, Client: options.Client, onConnect: options.onConnect });
    pool.on('error', () => {});
  });

  afterAll(async () => {
    options?.tracker.close();
    await pool?.end().catch(() => {});
    pair?.stop();
  });

  /** What a request sees: the port of the server that answered, or the error's code (503 upstream). */
  const ask = async (sql = 'SELECT inet_server_port() AS port'): Promise<number | string> => {
    try {
      return (await pool.query<{ port: number }>(sql)).rows[0]?.port ?? 0;
    } catch (error) {
      return (error as { code?: string }).code ?? String(error);
    }
  };

  it('passes over the standby and writes on the primary', async () => {
    // The first connection lands on the standby and is refused as read-only; the search finds the primary.
    const first = await ask();
    expect([pair.primary.port, '08001']).toContain(first);
    await until(ask, (v) => v === pair.primary.port, 'the pool to reach the primary', 20_000);
    await pool.query('CREATE TABLE filed (case_no text PRIMARY KEY)');
    await pool.query("INSERT INTO filed VALUES ('2026120700001')");
  });

  it('finds the promoted standby after the primary is killed, with what was committed', async () => {
    pair.killPrimary();
    // Until the standby is promoted, connections fail (503 to a user) and the search goes on.
    await until(ask, (v) => typeof v === 'string', 'the dead primary to stop answering', 20_000);
    pair.promoteStandby();
    await until(ask, (v) => v === pair.standby.port, 'the pool to reach the promoted standby', 30_000);
    expect((await pool.query<{ case_no: string }>('SELECT case_no FROM filed')).rows).toEqual([{ case_no: '2026120700001' }]);
    await pool.query("INSERT INTO filed VALUES ('2026120700002')");
    expect((await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM filed')).rows[0]?.n).toBe(2);
  });
});
