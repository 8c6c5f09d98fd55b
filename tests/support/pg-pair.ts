// A PostgreSQL 15 primary and a streaming standby on loopback TCP, without Patroni: initdb, start,
// pg_basebackup -R for the standby. The test kills the primary and promotes the standby itself
// (pg_ctl promote), which is what Patroni does on a failover. Ports are free ones the system
// hands out; everything lives in one temporary folder and runs as the postgres user under root.
// stop() ends both servers by their postmaster ids and removes the folder.
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { postgresServerUser } from './city-cluster.js';

const BIN = ['/usr/lib/postgresql/15/bin', '/usr/lib/postgresql/16/bin'].find((d) => existsSync(path.join(d, 'postgres')));

export const pgPairMissing = BIN ? undefined : 'PostgreSQL 15 is not installed (apt-get install postgresql-15)';

export interface PgServer {
  port: number;
  dataDir: string;
  postmasterPid(): number | undefined;
}

export interface PgPair {
  primary: PgServer;
  standby: PgServer;
  /** SIGKILL the primary's postmaster (its backends end when they notice). */
  killPrimary(): void;
  /** pg_ctl promote on the standby, waiting until it takes writes. */
  promoteStandby(): void;
  stop(): void;
}

async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export async function startPgPair(): Promise<PgPair> {
  if (!BIN) throw new Error(pgPairMissing);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gridhall-pgpair-'));
  const user = postgresServerUser();
  if (user) chownSync(dir, user.uid, user.gid);
  const run = (cmd: string, args: string[]) => execFileSync(path.join(BIN, cmd), args, { stdio: 'ignore', cwd: dir, ...(user ?? {}) });
  const server = (dataDir: string, port: number): PgServer => ({
    port,
    dataDir,
    postmasterPid() {
      try {
        const pid = Number(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
        process.kill(pid, 0);
        return pid;
      } catch {
        return undefined;
      }
    },
  });
  const primary = server(path.join(dir, 'primary'), await freePort());
  const standby = server(path.join(dir, 'standby'), await freePort());
  const start = (s: PgServer, name: string) => run('pg_ctl', ['-D', s.dataDir, '-l', path.join(dir, `${name}.log`), '-w', '-t', '60', 'start']);

  const stop = () => {
    for (const s of [primary, standby]) {
      const pid = s.postmasterPid();
      if (pid) process.kill(pid, 'SIGKILL');
    }
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', stop);
  try {
    run('initdb', ['-D', primary.dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
    const conf = path.join(primary.dataDir, 'postgresql.auto.conf');
    writeFileSync(
      conf,
      [`listen_addresses = '127.0.0.1'`, `port = ${primary.port}`, `unix_socket_directories = '${dir}'`, 'fsync = off', 'max_connections = 30', 'shared_buffers = 16MB', 'wal_level = replica', 'max_wal_senders = 4'].join('\n') + '\n',
    );
    if (user) chownSync(conf, user.uid, user.gid);
    // initdb's pg_hba.conf trusts replication from 127.0.0.1 already.
    start(primary, 'primary');
    run('pg_basebackup', ['-h', '127.0.0.1', '-p', String(primary.port), '-U', 'postgres', '-D', standby.dataDir, '-R', '-X', 'stream', '--no-sync']);
    const standbyConf = path.join(standby.dataDir, 'postgresql.auto.conf');
    writeFileSync(standbyConf, readFileSync(standbyConf, 'utf8').replace(`port = ${primary.port}`, `port = ${standby.port}`));
    start(standby, 'standby');
  } catch (error) {
    stop();
    process.removeListener('exit', stop);
    throw error;
  }
  return {
    primary,
    standby,
    killPrimary() {
      const pid = primary.postmasterPid();
      if (pid) process.kill(pid, 'SIGKILL');
    },
    promoteStandby() {
      run('pg_ctl', ['-D', standby.dataDir, '-w', '-t', '60', 'promote']);
    },
    stop() {
      process.removeListener('exit', stop);
      stop();
    },
  };
}
