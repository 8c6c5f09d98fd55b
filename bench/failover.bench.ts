// Failover (issue 14): a burst of acknowledged writes against a Patroni pair on loopback (a
// primary and a synchronous standby, tests/support/city-cluster.ts); the primary is SIGKILLed in
// the middle; Patroni promotes the standby; the clients find the new primary and go on. Printed:
// actions acknowledged, acknowledged but missing afterwards (goal 0), duplicate case numbers among
// acknowledged actions and in the database (goal 0), and the seconds without a primary, seen by
// the clients (kill to the first write the new primary acknowledged, or the longest gap between
// acknowledgements) and by Patroni's REST API (kill to the standby answering GET /primary).
//
//   node --import tsx bench/failover.bench.ts [--through pg|gridhall] [--kill postmaster|node]
//                                            [--find multihost|rest] [--clients 4] [--seconds 20]
//                                            [--base 7740]
// --through pg        each action is Gridhall's shape of an audited report in plain node-postgres:
//                     the day's counter row bumped, a case row and its first trail event inserted,
//                     one transaction (synchronous_commit = on).
// --through gridhall  two `gridhall serve --database <both hosts>` on 127.0.0.1 (ports base+31,
//                     base+32; the first makes the small demo county); each action is a real
//                     POST /api/cases, the clients alternating between the servers; every 201 must
//                     be in the database afterwards with its case number.
// --kill postmaster   SIGKILL the primary's postmaster only; its Patroni lives on and, with
//                     primary_start_timeout = 0, fails over to the synchronous standby at once.
// --kill node         SIGKILL the primary's Patroni and postmaster together (the machine dies): the
//                     standby waits for the leader key to expire (ttl) before it is promoted.
// --find multihost    (pg) a libpq-style multi-host URL with target_session_attrs=read-write through
//                     core/db/read-write-hosts.ts, as Gridhall's driver uses it.
// --find rest         (pg) ask each node's Patroni REST API (GET /primary answers 200 on the leader).
// Skips with a message when patroni, etcd or PostgreSQL 15 are not installed.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { readWritePoolOptions } from '../core/db/read-write-hosts.js';
import { cityToolsMissing, startCityCluster, type CityCluster } from '../tests/support/city-cluster.js';

const args = process.argv.slice(2);
const flag = (name: string, fallback: string) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
};
const through = flag('--through', 'pg') as 'pg' | 'gridhall';
const killMode = flag('--kill', 'postmaster') as 'postmaster' | 'node';
const findMode = through === 'gridhall' ? 'multihost' : (flag('--find', 'multihost') as 'multihost' | 'rest');
const CLIENTS = Number(flag('--clients', '4'));
const SECONDS = Number(flag('--seconds', '20'));
const BASE = Number(flag('--base', '7740'));
const KILL_AT_MS = 5_000;
const AFTER_RECOVERY_MS = 5_000;
const PASSWORD = 'City-failover-2026';
const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');
const out = (line: string) => process.stdout.write(`${line}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const seconds = (ms: number) => (ms / 1000).toFixed(2);

/** One action's outcome: acknowledged (with where it landed), refused, or sent without an answer. */
type Outcome = { ok: true; key: string; number: string; where: number } | { ok: false; inDoubt: boolean };
interface Ack {
  key: string;
  number: string;
  at: number;
  /** The PostgreSQL port (pg) or app server port (gridhall) that acknowledged it. */
  where: number;
}
interface Workload {
  /** Runs one action for client w; every action gets its own key. */
  act(w: number, key: string): Promise<Outcome>;
  /** Every stored action: key → case number. */
  stored(): Promise<Map<string, string>>;
  /** Case numbers stored more than once. */
  duplicates(): Promise<number>;
  /** What the refusals were, for the printout. */
  refusals?(): string;
  close(): Promise<void>;
}

const SCHEMA = `
  CREATE TABLE case_counters (day text PRIMARY KEY, n integer NOT NULL);
  CREATE TABLE cases (id bigserial PRIMARY KEY, case_no text NOT NULL UNIQUE, state text NOT NULL, version integer NOT NULL DEFAULT 1);
  CREATE TABLE case_events (id bigserial PRIMARY KEY, case_id bigint NOT NULL REFERENCES cases, kind text NOT NULL, request_key text NOT NULL UNIQUE, at timestamptz NOT NULL DEFAULT now());
  INSERT INTO case_counters VALUES ('20261207', 0);
`;

async function restClient(cluster: CityCluster): Promise<pg.Client | undefined> {
  const leader = await cluster.leader();
  if (!leader) return undefined;
  const client = new pg.Client({ host: '127.0.0.1', port: leader.pgPort, user: 'postgres', database: 'city', connectionTimeoutMillis: 1000 });
  client.on('error', () => {}); // a lost connection surfaces on the next query
  try {
    await client.connect();
    return client;
  } catch {
    await client.end().catch(() => {});
    return undefined;
  }
}

/** Plain node-postgres: the pool of Gridhall's driver (multihost), or a client per worker found by REST. */
async function pgWorkload(cluster: CityCluster): Promise<Workload> {
  const url = cluster.url('city');
  const hosts = readWritePoolOptions(url)!;
  const pool = new pg.Pool({ connectionString: url, max: CLIENTS + 1, connectionTimeoutMillis: 2000, Client: hosts.Client, onConnect: hosts.onConnect });
  pool.on('error', () => {});
  await until(async () => (await pool.query(SCHEMA).then(() => true, () => false)), 'the schema on the primary');
  const clients = new Map<number, pg.ClientBase>();
  const heard = new WeakSet<pg.ClientBase>();
  const borrow = async (w: number): Promise<pg.ClientBase | undefined> => {
    if (findMode === 'rest') {
      if (!clients.has(w)) {
        const c = await restClient(cluster);
        if (c) clients.set(w, c);
      }
      return clients.get(w);
    }
    const client = await pool.connect().catch(() => undefined);
    // A connection that dies while checked out emits 'error' on its client: the next query fails.
    if (client && !heard.has(client)) {
      heard.add(client);
      client.on('error', () => {});
    }
    return client;
  };
  const giveBack = (w: number, client: pg.ClientBase, broken: boolean) => {
    if (findMode === 'rest') {
      if (broken) {
        clients.delete(w);
        void (client as pg.Client).end().catch(() => {});
      }
    } else (client as pg.PoolClient).release(broken);
  };
  return {
    async act(w, key) {
      const client = await borrow(w);
      if (!client) {
        await sleep(100);
        return { ok: false, inDoubt: false };
      }
      let committing = false;
      try {
        await client.query('BEGIN');
        const counter = await client.query<{ n: number; port: number }>("UPDATE case_counters SET n = n + 1 WHERE day = '20261207' RETURNING n, inet_server_port() AS port");
        const number = `20261207${String(counter.rows[0]!.n).padStart(5, '0')}`;
        const created = await client.query<{ id: string }>("INSERT INTO cases (case_no, state) VALUES ($1, 'reported') RETURNING id", [number]);
        await client.query("INSERT INTO case_events (case_id, kind, request_key) VALUES ($1, 'report', $2)", [created.rows[0]!.id, key]);
        committing = true;
        await client.query('COMMIT');
        giveBack(w, client, false);
        return { ok: true, key, number, where: counter.rows[0]!.port };
      } catch {
        giveBack(w, client, true);
        return { ok: false, inDoubt: committing };
      }
    },
    async stored() {
      const { rows } = await pool.query<{ request_key: string; case_no: string }>('SELECT e.request_key, c.case_no FROM case_events e JOIN cases c ON c.id = e.case_id');
      return new Map(rows.map((r) => [r.request_key, r.case_no]));
    },
    async duplicates() {
      return (await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM (SELECT case_no FROM cases GROUP BY case_no HAVING count(*) > 1) d')).rows[0]!.n;
    },
    async close() {
      hosts.tracker.close();
      for (const c of clients.values()) await (c as pg.Client).end().catch(() => {});
      await pool.end();
    },
  };
}

async function until(probe: () => Promise<boolean>, what: string, timeoutMs = 300_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(500);
  }
}

/** Two `gridhall serve --database …` processes; actions are real case filings over HTTP. */
async function gridhallWorkload(cluster: CityCluster): Promise<Workload> {
  const url = cluster.url('city');
  const servers: { port: number; dir: string; child: ChildProcess; log: string }[] = [];
  const startServer = async (port: number) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'city-server-'));
    const log = path.join(dir, 'serve.log');
    const fd = openSync(log, 'a');
    const child = spawn(
      process.execPath,
      ['bin/gridhall.mjs', 'serve', '--database', url, '--data', dir, '--host', '127.0.0.1', '--port', String(port), '--demo-size', 'small', '--mqtt-port', 'off', '--jt808-port', 'off', '--no-simulate'],
      // The URL goes in the environment too: the postgres branch's serve read GRIDHALL_DATABASE_URL
      // but dropped --database (20:45 UTC). No live demo: only the bench's actions run.
      { env: { ...process.env, GRIDHALL_FROM_SOURCE: '1', GRIDHALL_ADMIN_PASSWORD: PASSWORD, GRIDHALL_DATABASE_URL: url, GRIDHALL_DEMO_LIVE: '0' }, stdio: ['ignore', fd, fd] },
    );
    servers.push({ port, dir, child, log });
    const started = performance.now();
    await until(async () => {
      if (child.exitCode !== null) throw new Error(`gridhall serve on ${port} exited ${child.exitCode}; see ${log}`);
      return (await fetch(`http://127.0.0.1:${port}/api/health`, { signal: AbortSignal.timeout(2000) }).catch(() => undefined))?.status === 200;
    }, `gridhall serve on ${port}`);
    out(`  gridhall serve on 127.0.0.1:${port} up in ${((performance.now() - started) / 1000).toFixed(1)} s · load ${load()}`);
  };
  const stopServers = async () => {
    for (const s of servers) {
      if (s.child.exitCode !== null || s.child.signalCode !== null) {
        const tail = readFileSync(s.log, 'utf8').trimEnd().split('\n').slice(-12).join('\n    ');
        out(`  gridhall serve on ${s.port} had ended by itself (exit ${s.child.exitCode ?? s.child.signalCode}); its last lines:\n    ${tail}`);
      }
    }
    for (const s of servers) {
      if (s.child.exitCode === null) s.child.kill('SIGTERM');
    }
    await Promise.all(servers.map((s) => (s.child.exitCode === null ? new Promise((r) => s.child.once('exit', r)) : undefined)));
    for (const s of servers) rmSync(s.dir, { recursive: true, force: true });
  };
  try {
    // The first server migrates the empty database and makes the demo county; then the second.
    await startServer(BASE + 31);
    await startServer(BASE + 32);
  } catch (error) {
    await stopServers();
    throw error;
  }
  const call = async (port: number, method: string, route: string, token?: string, body?: unknown) => {
    const res = await fetch(`http://127.0.0.1:${port}${route}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(30_000),
    });
    return { status: res.status, body: (await res.json().catch(() => undefined)) as unknown };
  };
  // The demo's 值班长/leader files cases; its staff share the first admin's password.
  const login = await call(BASE + 31, 'POST', '/api/auth/login', undefined, { username: 'leader', password: PASSWORD });
  const token = (login.body as { token?: string } | undefined)?.token;
  if (!token) throw new Error(`sign-in as leader failed: ${login.status} ${JSON.stringify(login.body)}`);
  // A place inside the county: where a demo case was reported.
  const sample = await call(BASE + 31, 'GET', '/api/cases?limit=1', token);
  const first = (sample.body as { items?: { lon: number | null; lat: number | null }[] } | undefined)?.items?.[0];
  if (first?.lon == null || first.lat == null) throw new Error(`no demo case to take a place from: ${JSON.stringify(sample.body).slice(0, 200)}`);
  const { lon, lat } = first;

  const pool = new pg.Pool({ connectionString: url, max: 2, ...readWritePoolOptions(url) });
  pool.on('error', () => {});
  const statuses = new Map<number, number>();
  return {
    refusals: () => [...statuses].map(([status, n]) => `${n} × ${status}`).join(', ') || 'none',
    async act(w, key) {
      const port = servers[w % servers.length]!.port;
      try {
        const res = await call(port, 'POST', '/api/cases', token, { kind: 'event', classCode: '0102', description: `failover ${key}`, lon, lat });
        const c = (res.body as { case?: { caseNo: string } } | undefined)?.case;
        if (res.status === 201 && c) return { ok: true, key, number: c.caseNo, where: port };
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        if (res.status >= 500 || res.status === 0) await sleep(100);
        return { ok: false, inDoubt: false };
      } catch {
        // No answer (the server went away, or the answer timed out): the case may or may not be filed.
        await sleep(100);
        return { ok: false, inDoubt: true };
      }
    },
    async stored() {
      const { rows } = await pool.query<{ description: string; case_no: string }>("SELECT description, case_no FROM cases WHERE description LIKE 'failover %'");
      return new Map(rows.map((r) => [r.description.slice('failover '.length), r.case_no]));
    },
    async duplicates() {
      return (await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM (SELECT case_no FROM cases GROUP BY case_no HAVING count(*) > 1) d')).rows[0]!.n;
    },
    async close() {
      await pool.end();
      await stopServers();
    },
  };
}

async function run(): Promise<number> {
  const missing = cityToolsMissing();
  if (missing) {
    out(`failover bench skipped: ${missing}`);
    return 0;
  }
  out(`failover through ${through}: kill ${killMode}, find the primary by ${findMode}, ${CLIENTS} clients, ports ${BASE}+ · load ${load()}`);
  const setupStart = performance.now();
  const cluster = await startCityCluster({ base: BASE, log: (l) => out(`  ${l}`) });
  let workload: Workload | undefined;
  try {
    const { leader: firstLeader, syncStandby } = await cluster.waitHealthy();
    out(`  primary ${firstLeader.name}, synchronous standby ${syncStandby.name}, ready in ${((performance.now() - setupStart) / 1000).toFixed(1)} s · load ${load()}`);
    const admin = new pg.Pool({ connectionString: cluster.url('postgres'), max: 1, ...readWritePoolOptions(cluster.url('postgres')) });
    admin.on('error', () => {});
    await until(async () => (await admin.query('CREATE DATABASE city').then(() => true, () => false)), 'CREATE DATABASE on the primary');
    await admin.end();
    workload = through === 'gridhall' ? await gridhallWorkload(cluster) : await pgWorkload(cluster);

    const acks: Ack[] = [];
    const inDoubt: string[] = []; // sent, no answer: may or may not be stored
    let refused = 0;
    let attempts = 0;
    let stop = false;
    let killedAt = 0;
    let victimName = '';
    let promotedAt = 0;
    const t0 = performance.now();

    // Patroni's view: when another node first answers GET /primary with 200 after the kill.
    const watch = (async () => {
      while (!stop) {
        if (killedAt && !promotedAt) {
          const lead = await cluster.leader();
          if (lead && lead.name !== victimName) promotedAt = performance.now();
        }
        await sleep(100);
      }
    })();
    const w = workload;
    const worker = async (id: number) => {
      for (let seq = 1; !stop; seq++) {
        const key = `w${id}-${seq}`;
        attempts++;
        const outcome = await w.act(id, key);
        if (outcome.ok) acks.push({ key, number: outcome.number, at: performance.now(), where: outcome.where });
        else if (outcome.inDoubt) inDoubt.push(key);
        else refused++;
      }
    };
    const workers = Array.from({ length: CLIENTS }, (_, id) => worker(id));

    await sleep(KILL_AT_MS);
    const victim = await cluster.leader();
    if (!victim) throw new Error('no primary at the moment of the kill');
    const postmaster = cluster.postmasterPid(victim);
    if (!postmaster) throw new Error(`no postmaster.pid for ${victim.name}`);
    const acksBeforeKill = acks.length;
    victimName = victim.name;
    killedAt = performance.now();
    if (killMode === 'node') process.kill(victim.patroniPid, 'SIGKILL');
    process.kill(postmaster, 'SIGKILL');
    out(`  t=${seconds(killedAt - t0)} s: SIGKILL ${killMode === 'node' ? `Patroni ${victim.patroniPid} and ` : ''}postmaster ${postmaster} of ${victim.name} (${acksBeforeKill} acknowledged so far) · load ${load()}`);

    // Run to --seconds, and at least AFTER_RECOVERY_MS past the promotion's first write (cap 120 s).
    const resumed = () => acks.find((a) => a.at > Math.max(killedAt, promotedAt) && promotedAt > 0);
    for (;;) {
      await sleep(200);
      const now = performance.now();
      if (now - t0 > 120_000) break;
      const r = resumed();
      if (now - t0 >= SECONDS * 1000 && r && now - r.at >= AFTER_RECOVERY_MS) break;
    }
    stop = true;
    await Promise.all(workers);
    await watch;

    // The first write the new primary acknowledged (pg: its port; gridhall: the end of the
    // longest gap after the kill), and the longest gap between acknowledgements.
    let gapEnd: Ack | undefined;
    let gapAfterKill = 0;
    let maxGap = 0;
    for (let i = 1; i < acks.length; i++) {
      const gap = acks[i]!.at - acks[i - 1]!.at;
      maxGap = Math.max(maxGap, gap);
      if (acks[i]!.at > killedAt && gap > gapAfterKill) {
        gapAfterKill = gap;
        gapEnd = acks[i];
      }
    }
    const firstOnNew = through === 'pg' ? acks.find((a) => a.at > killedAt && a.where !== victim.pgPort) : gapEnd;

    // The checks' own connections may first meet the old primary (now a standby): retry as a client would.
    const settle = async <T>(fn: () => Promise<T>): Promise<T> => {
      for (let attempt = 1; ; attempt++) {
        try {
          return await fn();
        } catch (error) {
          if (attempt >= 40) throw error;
          await sleep(250);
        }
      }
    };
    const stored = await settle(() => workload!.stored());
    const lost = acks.filter((a) => stored.get(a.key) !== a.number);
    const numbers = new Set(acks.map((a) => a.number));
    const doubtStored = inDoubt.filter((k) => stored.has(k)).length;
    const dbDuplicates = await settle(() => workload!.duplicates());
    const newLeader = await cluster.leader();
    const endAt = acks.at(-1)?.at ?? killedAt;
    const after = firstOnNew ? acks.filter((a) => a.at >= firstOnNew.at).length : 0;

    out(`  burst ${seconds(performance.now() - t0)} s, ${attempts} actions tried · load ${load()}`);
    out(`  acknowledged                       ${acks.length} (${acksBeforeKill} before the kill)`);
    out(`  acknowledged but missing (lost)    ${lost.length}   (goal 0)${lost.length ? ` e.g. ${lost.slice(0, 3).map((l) => l.key).join(', ')}` : ''}`);
    out(`  duplicate case numbers             ${acks.length - numbers.size} among acknowledged, ${dbDuplicates} in the database   (goal 0)`);
    out(`  refused (answered, not 2xx)        ${refused}${workload.refusals ? ` (${workload.refusals()})` : ''}; in doubt (no answer) ${inDoubt.length}, of which stored ${doubtStored}`);
    out(`  actions/s before the kill          ${(acksBeforeKill / (KILL_AT_MS / 1000)).toFixed(0)} (the synchronous standby confirms each commit)`);
    out(`  actions/s after the promotion      ${firstOnNew && endAt > firstOnNew.at ? (after / ((endAt - firstOnNew.at) / 1000)).toFixed(0) : '—'} (the new primary is alone until the old node rejoins)`);
    out(`  new primary                        ${newLeader?.name ?? 'none'} (was ${victim.name})`);
    out(`  kill → first write on new primary  ${firstOnNew ? seconds(firstOnNew.at - killedAt) : '—'} s (clients' view of the time without a primary)`);
    out(`  longest gap between acknowledgements ${seconds(maxGap)} s`);
    out(`  kill → standby answers /primary    ${promotedAt ? seconds(promotedAt - killedAt) : '—'} s (Patroni's view, polled every 100 ms)`);

    if (killMode === 'postmaster') {
      // The old primary's Patroni is alive: it rewinds its PostgreSQL and brings it back as a standby.
      const rejoinStart = performance.now();
      try {
        const { syncStandby: back } = await cluster.waitHealthy(90_000);
        out(`  ${back.name} back as synchronous standby ${((performance.now() - rejoinStart) / 1000).toFixed(1)} s after the burst · load ${load()}`);
      } catch (err) {
        out(`  the old primary did not come back as a synchronous standby within 90 s: ${String(err).slice(0, 300)}`);
      }
    }
    return lost.length === 0 && acks.length === numbers.size && dbDuplicates === 0 && firstOnNew ? 0 : 1;
  } finally {
    await workload?.close().catch((err: unknown) => out(`  closing: ${String(err)}`));
    await cluster.stop();
  }
}

run().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`failover bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
