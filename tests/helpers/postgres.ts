// A private PostgreSQL 15 cluster for tests: initdb into a temporary folder, pg_ctl on a unix
// socket in that folder (no TCP at all), one fresh database per test county, stopped and
// removed at the end. Safe to run twice at once: each run has its own folder and socket.
// Tests never touch a system cluster.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

const BIN_DIRS = ['/usr/lib/postgresql/15/bin', '/usr/lib/postgresql/16/bin', '/usr/local/pgsql/bin'];

export function postgresBin(name: string): string | undefined {
  for (const dir of BIN_DIRS) if (existsSync(path.join(dir, name))) return path.join(dir, name);
  const which = spawnSync('which', [name], { encoding: 'utf8' });
  return which.status === 0 ? which.stdout.trim() : undefined;
}

export interface TestCluster {
  dir: string;
  /** A URL for a database of the cluster (created by createDatabase). */
  url(database: string): string;
  /** Creates an empty database and returns its URL. */
  createDatabase(prefix?: string): Promise<string>;
  /** The backends serving a database (to kill one in a test). */
  backends(database: string): Promise<number[]>;
  stop(): void;
}

let serial = 0;

/** Starts a cluster; throws a clear error when PostgreSQL is not installed. */
export function startTestCluster(): TestCluster {
  const initdb = postgresBin('initdb');
  const pgCtl = postgresBin('pg_ctl');
  if (!initdb || !pgCtl) throw new Error('PostgreSQL 15 is not installed (apt-get install postgresql-15; .ci/run does it)');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gridhall-pg-'));
  const data = path.join(dir, 'data');
  // PostgreSQL refuses to run as root: in a root container the cluster belongs to the
  // system's postgres user (the package makes it), and its commands run as that user.
  const asUser = asServerUser();
  if (asUser) {
    chownSync(dir, asUser.uid, asUser.gid);
    chmodSync(dir, 0o755);
  }
  const run = (cmd: string, args: string[]) =>
    asUser ? execFileSync('runuser', ['-u', asUser.name, '--', cmd, ...args], { stdio: 'ignore' }) : execFileSync(cmd, args, { stdio: 'ignore' });
  const runQuiet = (cmd: string, args: string[]) =>
    asUser ? spawnSync('runuser', ['-u', asUser.name, '--', cmd, ...args], { stdio: 'ignore' }) : spawnSync(cmd, args, { stdio: 'ignore' });
  run(initdb, ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
  // Small and quick: no TCP, the socket in the folder, fsync off (a test cluster is thrown away).
  const conf = path.join(data, 'postgresql.auto.conf');
  writeFileSync(
    conf,
    [`listen_addresses = ''`, `unix_socket_directories = '${dir}'`, 'fsync = off', 'full_page_writes = off', 'max_connections = 60', 'shared_buffers = 32MB'].join('\n') + '\n',
  );
  if (asUser) chownSync(conf, asUser.uid, asUser.gid);
  run(pgCtl, ['-D', data, '-l', path.join(dir, 'log'), '-w', '-t', '60', 'start']);
  const url = (database: string) => `postgres://postgres@/${database}?host=${encodeURIComponent(dir)}`;
  const admin = async <T>(fn: (c: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString: url('postgres') });
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.end();
    }
  };
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    runQuiet(pgCtl, ['-D', data, '-m', 'immediate', '-w', 'stop']);
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', stop);
  return {
    dir,
    url,
    async createDatabase(prefix = 'county') {
      const name = `${prefix}_${process.pid}_${++serial}`;
      await admin((c) => c.query(`CREATE DATABASE ${name}`));
      return url(name);
    },
    async backends(database) {
      return await admin(async (c) => (await c.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1', [database])).rows.map((r) => r.pid));
    },
    stop,
  };
}

function asServerUser(): { name: string; uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
  if (id.status !== 0) throw new Error('running as root and there is no postgres user to run the test cluster as');
  return { name: 'postgres', uid: Number(id.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

/** Which store the data tests run on: GRIDHALL_TEST_DATABASE=postgres runs them on a private cluster. */
export const testStore: 'sqlite' | 'postgres' = process.env.GRIDHALL_TEST_DATABASE === 'postgres' ? 'postgres' : 'sqlite';

let shared: TestCluster | undefined;

/** One cluster per test process (vitest runs each file in its own worker). */
export function sharedTestCluster(): TestCluster {
  shared ??= startTestCluster();
  return shared;
}

/**
 * Stops the process's cluster. A vitest worker is ended without its 'exit' event, so the test
 * support calls this after each file (else the cluster outlives the tests).
 */
export function stopSharedTestCluster(): void {
  shared?.stop();
  shared = undefined;
}
