// A city's database on loopback: etcd (one member), and PostgreSQL 15 twice under Patroni, a
// primary and a synchronous standby (synchronous_mode, synchronous_commit = on), all in one
// temporary folder on a port block of its own (base+1 etcd, base+11.. PostgreSQL, base+21.. REST).
// Under root every process runs as the system's postgres user (PostgreSQL refuses root).
// stop() ends what it started, by process id, and removes the folder. It never touches a system
// cluster or service. Used by scripts/city-cluster.mjs and bench/failover.bench.ts.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const PG_BIN = ['/usr/lib/postgresql/15/bin', '/usr/lib/postgresql/16/bin'];

export interface CityNode {
  name: string;
  pgPort: number;
  restPort: number;
  dataDir: string;
  /** Patroni's process id (its postmaster is a child of it). */
  patroniPid: number;
}

export interface CityClusterOptions {
  /** First port of a block of 30 (default 7700: etcd 7701/7702, PostgreSQL 7711/7712, REST 7721/7722). */
  base?: number;
  /** Parent of the temporary folder (default the system's temporary folder). */
  parent?: string;
  /** Patroni's leader key lifetime, seconds (how long a dead node's lock outlives it). */
  ttl?: number;
  /** Progress lines. */
  log?: (line: string) => void;
  /** Keep the processes when this Node process ends (scripts/city-cluster.mjs start). */
  detached?: boolean;
}

export interface CityClusterState {
  dir: string;
  base: number;
  etcdPid: number;
  nodes: CityNode[];
}

export interface CityCluster extends CityClusterState {
  /** A libpq-style URL naming both nodes, for a client that looks for the read-write one. */
  url(database: string): string;
  /** The node Patroni's REST API names as the running primary (GET /primary answers 200). */
  leader(): Promise<CityNode | undefined>;
  /** Waits until there is a running primary and a streaming synchronous standby. */
  waitHealthy(timeoutMs?: number): Promise<{ leader: CityNode; syncStandby: CityNode }>;
  /** The postmaster's process id of a node (its postmaster.pid), when it runs. */
  postmasterPid(node: CityNode): number | undefined;
  /** Patroni's view: members with role, state, timeline and lag. */
  members(): Promise<PatroniMember[]>;
  stop(): Promise<void>;
}

export interface PatroniMember {
  name: string;
  role: string;
  state: string;
  timeline?: number;
  lag?: number | string;
}

export function cityToolsMissing(): string | undefined {
  const missing = ['patroni', 'etcd'].filter((bin) => spawnSync('which', [bin]).status !== 0);
  if (!pgBinDir()) missing.push('postgresql-15');
  return missing.length ? `not installed: ${missing.join(', ')} (apt-get install -y patroni etcd-server postgresql-15)` : undefined;
}

function pgBinDir(): string | undefined {
  return PG_BIN.find((dir) => existsSync(path.join(dir, 'postgres')));
}

/** Under root, the system's postgres user (PostgreSQL refuses to run as root); otherwise undefined. */
export function postgresServerUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const uid = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
  if (uid.status !== 0) throw new Error('running as root and there is no postgres user to run the cluster as');
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

async function portFree(port: number): Promise<boolean> {
  return await new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

async function getJson(url: string): Promise<{ status: number; body: unknown } | undefined> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(1500) });
    // Patroni answers JSON on every endpoint; etcd's /health too.
    return { status: res.status, body: (await res.json().catch(() => undefined)) as unknown };
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function readPostmasterPid(dataDir: string): number | undefined {
  try {
    const pid = Number(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 && alive(pid) ? pid : undefined;
  } catch {
    return undefined;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Stops a cluster from its state (its own object, or cluster.json of a detached one). */
export async function stopCityCluster(state: CityClusterState, log: (line: string) => void = () => {}): Promise<void> {
  // Patroni stops its PostgreSQL on SIGTERM (a fast shutdown), then exits.
  for (const node of state.nodes) if (alive(node.patroniPid)) process.kill(node.patroniPid, 'SIGTERM');
  const end = Date.now() + 30_000;
  while (Date.now() < end && state.nodes.some((n) => alive(n.patroniPid) || readPostmasterPid(n.dataDir))) await sleep(200);
  for (const node of state.nodes) {
    if (alive(node.patroniPid)) process.kill(node.patroniPid, 'SIGKILL');
    const postmaster = readPostmasterPid(node.dataDir);
    if (postmaster) {
      log(`${node.name}: PostgreSQL still up after Patroni stopped; killing postmaster ${postmaster}`);
      process.kill(postmaster, 'SIGKILL');
    }
  }
  if (alive(state.etcdPid)) process.kill(state.etcdPid, 'SIGTERM');
  const etcdEnd = Date.now() + 10_000;
  while (Date.now() < etcdEnd && alive(state.etcdPid)) await sleep(100);
  if (alive(state.etcdPid)) process.kill(state.etcdPid, 'SIGKILL');
  // A killed postmaster's children end on their own once they see it gone.
  await sleep(300);
  rmSync(state.dir, { recursive: true, force: true });
  log(`stopped; removed ${state.dir}`);
}

export async function startCityCluster(options: CityClusterOptions = {}): Promise<CityCluster> {
  const missing = cityToolsMissing();
  if (missing) throw new Error(missing);
  const binDir = pgBinDir()!;
  const base = options.base ?? 7700;
  const log = options.log ?? (() => {});
  const ttl = options.ttl ?? 10;
  const etcdPort = base + 1;
  const names = ['pg1', 'pg2'];
  const ports = [etcdPort, etcdPort + 1, ...names.flatMap((_, i) => [base + 11 + i, base + 21 + i])];
  for (const port of ports) {
    if (!(await portFree(port))) throw new Error(`port ${port} is in use on 127.0.0.1 (another city cluster? choose another block with --base)`);
  }

  const dir = mkdtempSync(path.join(options.parent ?? os.tmpdir(), 'city-cluster-'));
  const user = postgresServerUser();
  const own = (p: string) => {
    if (user) chownSync(p, user.uid, user.gid);
  };
  own(dir);
  const env = { PATH: `${binDir}:/usr/sbin:/usr/bin:/sbin:/bin`, HOME: dir, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' };
  const launch = (name: string, cmd: string, args: string[]): ChildProcess => {
    const out = openSync(path.join(dir, `${name}.log`), 'a');
    const child = spawn(cmd, args, { cwd: dir, env, stdio: ['ignore', out, out], detached: true, ...(user ?? {}) });
    child.unref();
    return child;
  };

  const etcdData = path.join(dir, 'etcd');
  mkdirSync(etcdData, { mode: 0o700 });
  own(etcdData);
  const etcd = launch('etcd', 'etcd', [
    '--name', 'city-etcd', '--data-dir', etcdData,
    '--listen-client-urls', `http://127.0.0.1:${etcdPort}`, '--advertise-client-urls', `http://127.0.0.1:${etcdPort}`,
    '--listen-peer-urls', `http://127.0.0.1:${etcdPort + 1}`, '--initial-advertise-peer-urls', `http://127.0.0.1:${etcdPort + 1}`,
    '--initial-cluster', `city-etcd=http://127.0.0.1:${etcdPort + 1}`, '--initial-cluster-state', 'new',
    '--initial-cluster-token', path.basename(dir),
  ]);
  const state: CityClusterState = { dir, base, etcdPid: etcd.pid!, nodes: [] };
  const cleanupOnExit = () => {
    // Last resort when this process ends without stop(): kill by id, synchronously.
    for (const node of state.nodes) {
      if (alive(node.patroniPid)) process.kill(node.patroniPid, 'SIGKILL');
      const postmaster = readPostmasterPid(node.dataDir);
      if (postmaster) process.kill(postmaster, 'SIGKILL');
    }
    if (alive(state.etcdPid)) process.kill(state.etcdPid, 'SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  if (!options.detached) process.once('exit', cleanupOnExit);

  try {
    const etcdUp = Date.now() + 30_000;
    while (!(await getJson(`http://127.0.0.1:${etcdPort}/health`))?.status) {
      if (!alive(etcd.pid!) || Date.now() > etcdUp) throw new Error(`etcd did not start; see ${path.join(dir, 'etcd.log')}`);
      await sleep(200);
    }
    log(`etcd on 127.0.0.1:${etcdPort}`);

    names.forEach((name, i) => {
      const pgPort = base + 11 + i;
      const restPort = base + 21 + i;
      const dataDir = path.join(dir, name);
      // YAML is a superset of JSON: Patroni reads this file as it is.
      const config = {
        scope: 'gridhall-city',
        namespace: '/gridhall/',
        name,
        restapi: { listen: `127.0.0.1:${restPort}`, connect_address: `127.0.0.1:${restPort}` },
        etcd3: { hosts: [`127.0.0.1:${etcdPort}`] },
        bootstrap: {
          dcs: {
            ttl,
            loop_wait: 1,
            retry_timeout: Math.max(3, Math.floor((ttl - 1) / 2)),
            maximum_lag_on_failover: 1048576,
            // A commit is acknowledged only once the standby has it on disk; Patroni promotes only
            // the synchronous standby, so an acknowledged write survives the primary's death.
            synchronous_mode: true,
            // A primary whose PostgreSQL crashes is not restarted in place: Patroni fails over
            // to the synchronous standby at once.
            primary_start_timeout: 0,
            postgresql: {
              use_pg_rewind: true,
              use_slots: true,
              parameters: {
                synchronous_commit: 'on',
                wal_level: 'replica',
                hot_standby: 'on',
                wal_log_hints: 'on',
                max_wal_senders: 5,
                max_replication_slots: 5,
                max_connections: 60,
                shared_buffers: '32MB',
              },
            },
          },
          initdb: [{ encoding: 'UTF8' }, { locale: 'C.UTF-8' }],
        },
        postgresql: {
          listen: `127.0.0.1:${pgPort}`,
          connect_address: `127.0.0.1:${pgPort}`,
          data_dir: dataDir,
          bin_dir: binDir,
          pgpass: path.join(dir, `${name}.pgpass`),
          authentication: {
            superuser: { username: 'postgres', password: 'city' },
            replication: { username: 'replicator', password: 'city' },
          },
          parameters: { unix_socket_directories: dir },
          // Loopback only, in a throw-away folder: trust. A city uses scram-sha-256 (docs/CITY.md).
          pg_hba: ['local all all trust', 'host all all 127.0.0.1/32 trust', 'host replication replicator 127.0.0.1/32 trust'],
        },
        tags: { nofailover: false, noloadbalance: false, clonefrom: false, nosync: false },
      };
      const file = path.join(dir, `${name}.yml`);
      writeFileSync(file, JSON.stringify(config, null, 2));
      own(file);
      const patroni = launch(name, 'patroni', [file]);
      state.nodes.push({ name, pgPort, restPort, dataDir, patroniPid: patroni.pid! });
      log(`${name}: Patroni REST 127.0.0.1:${restPort}, PostgreSQL 127.0.0.1:${pgPort}`);
    });
    writeFileSync(path.join(dir, 'cluster.json'), JSON.stringify(state, null, 2));
  } catch (err) {
    cleanupOnExit();
    process.removeListener('exit', cleanupOnExit);
    throw err;
  }

  const members = async (): Promise<PatroniMember[]> => {
    for (const node of state.nodes) {
      const res = await getJson(`http://127.0.0.1:${node.restPort}/cluster`);
      const list = (res?.body as { members?: PatroniMember[] } | undefined)?.members;
      if (res?.status === 200 && Array.isArray(list)) return list;
    }
    return [];
  };
  const leader = async (): Promise<CityNode | undefined> => {
    const answers = await Promise.all(state.nodes.map(async (node) => ((await getJson(`http://127.0.0.1:${node.restPort}/primary`))?.status === 200 ? node : undefined)));
    return answers.find((n) => n !== undefined);
  };
  const cluster: CityCluster = {
    ...state,
    url: (database) => `postgres://postgres@${state.nodes.map((n) => `127.0.0.1:${n.pgPort}`).join(',')}/${database}?target_session_attrs=read-write`,
    leader,
    members,
    postmasterPid: (node) => readPostmasterPid(node.dataDir),
    async waitHealthy(timeoutMs = 180_000) {
      const end = Date.now() + timeoutMs;
      for (;;) {
        const list = await members();
        const lead = list.find((m) => m.role === 'leader' && m.state === 'running');
        const sync = list.find((m) => m.role === 'sync_standby' && (m.state === 'running' || m.state === 'streaming'));
        const byName = (name?: string) => state.nodes.find((n) => n.name === name);
        if (lead && sync && byName(lead.name) && byName(sync.name)) return { leader: byName(lead.name)!, syncStandby: byName(sync.name)! };
        for (const node of state.nodes) {
          if (!alive(node.patroniPid)) throw new Error(`Patroni ${node.name} exited; see ${path.join(dir, `${node.name}.log`)}`);
        }
        if (Date.now() > end) throw new Error(`no primary with a synchronous standby after ${timeoutMs / 1000} s: ${JSON.stringify(list)}; logs in ${dir}`);
        await sleep(500);
      }
    },
    async stop() {
      process.removeListener('exit', cleanupOnExit);
      await stopCityCluster(state, log);
    },
  };
  return cluster;
}
