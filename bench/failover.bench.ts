// Failover (issue 14): a burst of acknowledged writes against a Patroni pair on loopback (a
// primary and a synchronous standby, tests/support/city-cluster.ts); the primary is SIGKILLed in
// the middle; Patroni promotes the standby; the clients find the new primary and go on. Printed:
// actions acknowledged, acknowledged but missing afterwards (goal 0), duplicate case numbers among
// acknowledged actions (goal 0), and the seconds without a primary, seen by the clients (kill to
// the next acknowledged write) and by Patroni's REST API (kill to the standby answering GET
// /primary).
//
// Each action is Gridhall's shape of an audited report: the day's case counter row is bumped, a
// case row and its first trail event are inserted, one transaction, synchronous_commit = on.
//
//   node --import tsx bench/failover.bench.ts [--kill postmaster|node] [--find multihost|rest]
//                                            [--clients 4] [--seconds 20] [--base 7740]
// --kill postmaster  SIGKILL the primary's postmaster only; its Patroni lives on and, with
//                    primary_start_timeout = 0, fails over to the synchronous standby at once.
// --kill node        SIGKILL the primary's Patroni and postmaster together (the machine dies): the
//                    standby waits for the leader key to expire (ttl) before it is promoted.
// --find multihost   a libpq-style multi-host string with target_session_attrs=read-write: try each
//                    host in turn, keep the one whose session is not read-only (what libpq does).
// --find rest        ask each node's Patroni REST API (GET /primary answers 200 on the leader).
// Skips with a message when patroni, etcd or PostgreSQL 15 are not installed.
import os from 'node:os';
import pg from 'pg';
import { cityToolsMissing, startCityCluster, type CityCluster } from '../tests/support/city-cluster.js';

type KillMode = 'postmaster' | 'node';
type FindMode = 'multihost' | 'rest';

const args = process.argv.slice(2);
const flag = (name: string, fallback: string) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
};
const killMode = flag('--kill', 'postmaster') as KillMode;
const findMode = flag('--find', 'multihost') as FindMode;
const CLIENTS = Number(flag('--clients', '4'));
const SECONDS = Number(flag('--seconds', '20'));
const KILL_AT_MS = 5_000;
const AFTER_RECOVERY_MS = 5_000;
const BASE = Number(flag('--base', '7740'));
const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');
const out = (line: string) => process.stdout.write(`${line}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The hosts of a libpq-style URL: postgres://user@h1:p1,h2:p2/db?target_session_attrs=read-write */
function parseMultiHost(url: string): { user: string; database: string; hosts: { host: string; port: number }[]; readWrite: boolean } {
  const m = /^postgres(?:ql)?:\/\/(?:([^@/]+)@)?([^/?]+)\/([^?]*)(?:\?(.*))?$/.exec(url);
  if (!m) throw new Error(`not a postgres URL: ${url}`);
  const hosts = m[2]!.split(',').map((h) => {
    const [host, port] = h.split(':');
    return { host: host!, port: Number(port ?? 5432) };
  });
  const params = new URLSearchParams(m[4] ?? '');
  return { user: decodeURIComponent(m[1] ?? 'postgres'), database: decodeURIComponent(m[3] || 'postgres'), hosts, readWrite: params.get('target_session_attrs') === 'read-write' };
}

async function tryConnect(config: pg.ClientConfig): Promise<pg.Client | undefined> {
  const client = new pg.Client({ ...config, connectionTimeoutMillis: 1000 });
  client.on('error', () => {}); // a lost connection surfaces on the next query
  try {
    await client.connect();
    return client;
  } catch {
    await client.end().catch(() => {});
    return undefined;
  }
}

/** Connects to the read-write node, or returns undefined when none answers as one now. */
async function connectPrimary(cluster: CityCluster, database: string): Promise<pg.Client | undefined> {
  if (findMode === 'rest') {
    const leader = await cluster.leader();
    return leader ? await tryConnect({ host: '127.0.0.1', port: leader.pgPort, user: 'postgres', database }) : undefined;
  }
  const target = parseMultiHost(cluster.url(database));
  for (const { host, port } of target.hosts) {
    const client = await tryConnect({ host, port, user: target.user, database: target.database });
    if (!client) continue;
    if (!target.readWrite) return client;
    try {
      const { rows } = await client.query<{ transaction_read_only: string }>('SHOW transaction_read_only');
      if (rows[0]?.transaction_read_only === 'off') return client;
    } catch {
      // lost while asking: try the next host
    }
    await client.end().catch(() => {});
  }
  return undefined;
}

const SCHEMA = `
  CREATE TABLE case_counters (day text PRIMARY KEY, n integer NOT NULL);
  CREATE TABLE cases (id bigserial PRIMARY KEY, number text NOT NULL UNIQUE, state text NOT NULL, version integer NOT NULL DEFAULT 1);
  CREATE TABLE case_events (id bigserial PRIMARY KEY, case_id bigint NOT NULL REFERENCES cases, kind text NOT NULL, request_key text NOT NULL UNIQUE, at timestamptz NOT NULL DEFAULT now());
  INSERT INTO case_counters VALUES ('20261207', 0);
`;

interface Ack {
  key: string;
  number: string;
  at: number;
  /** The PostgreSQL port that acknowledged it (which node). */
  port: number;
}

async function run(): Promise<number> {
  const missing = cityToolsMissing();
  if (missing) {
    out(`failover bench skipped: ${missing}`);
    return 0;
  }
  out(`failover: kill ${killMode}, find the primary by ${findMode}, ${CLIENTS} clients, ports ${BASE}+ · load ${load()}`);
  const setupStart = performance.now();
  const cluster = await startCityCluster({ base: BASE, log: (l) => out(`  ${l}`) });
  try {
    const { leader: first, syncStandby } = await cluster.waitHealthy();
    out(`  primary ${first.name}, synchronous standby ${syncStandby.name}, ready in ${((performance.now() - setupStart) / 1000).toFixed(1)} s · load ${load()}`);
    const admin = await connectPrimary(cluster, 'postgres');
    if (!admin) throw new Error('no primary to create the database on');
    await admin.query('CREATE DATABASE city');
    await admin.end();
    const setup = await connectPrimary(cluster, 'city');
    if (!setup) throw new Error('no primary for the schema');
    await setup.query(SCHEMA);
    await setup.end();

    const acks: Ack[] = [];
    const inDoubt: string[] = []; // the commit was sent, the answer never came: may or may not be there
    let failedBeforeCommit = 0;
    let stop = false;
    let killedAt = 0;
    let attempts = 0;
    const t0 = performance.now();

    // Patroni's own view: when another node first answers GET /primary with 200 after the kill.
    let victimName = '';
    let promotedAt = 0;
    const watch = (async () => {
      while (!stop) {
        if (killedAt && !promotedAt) {
          const lead = await cluster.leader();
          if (lead && lead.name !== victimName) promotedAt = performance.now();
        }
        await sleep(100);
      }
    })();

    const worker = async (w: number) => {
      let client: pg.Client | undefined;
      let seq = 0;
      while (!stop) {
        if (!client) {
          client = await connectPrimary(cluster, 'city');
          if (!client) {
            await sleep(100);
            continue;
          }
        }
        const key = `w${w}-${++seq}`;
        attempts++;
        let committing = false;
        try {
          await client.query('BEGIN');
          const counter = await client.query<{ n: number }>("UPDATE case_counters SET n = n + 1 WHERE day = '20261207' RETURNING n");
          const number = `20261207${String(counter.rows[0]!.n).padStart(5, '0')}`;
          const created = await client.query<{ id: string }>("INSERT INTO cases (number, state) VALUES ($1, 'reported') RETURNING id", [number]);
          await client.query("INSERT INTO case_events (case_id, kind, request_key) VALUES ($1, 'report', $2)", [created.rows[0]!.id, key]);
          committing = true;
          await client.query('COMMIT');
          acks.push({ key, number, at: performance.now(), port: client.port });
        } catch {
          if (committing) inDoubt.push(key);
          else failedBeforeCommit++;
          await client.end().catch(() => {});
          client = undefined;
        }
      }
      await client?.end().catch(() => {});
    };
    const workers = Array.from({ length: CLIENTS }, (_, w) => worker(w));

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
    out(`  t=${((killedAt - t0) / 1000).toFixed(1)} s: SIGKILL ${killMode === 'node' ? `Patroni ${victim.patroniPid} and ` : ''}postmaster ${postmaster} of ${victim.name} (${acksBeforeKill} acknowledged so far) · load ${load()}`);

    // Run to --seconds, and at least AFTER_RECOVERY_MS past the first write after the kill (cap 120 s).
    const hardEnd = t0 + 120_000;
    for (;;) {
      await sleep(200);
      const firstAfter = acks.find((a) => a.at > killedAt && a.port !== victim.pgPort);
      const now = performance.now();
      if (now > hardEnd) break;
      if (now - t0 >= SECONDS * 1000 && firstAfter && now - firstAfter.at >= AFTER_RECOVERY_MS) break;
    }
    stop = true;
    await Promise.all(workers);
    await watch;

    // The first write the new primary acknowledged (a commit in flight at the kill may still be
    // answered by the old one a moment after), and the old primary's last.
    const firstAfter = acks.find((a) => a.at > killedAt && a.port !== victim.pgPort);
    const lastBefore = [...acks].reverse().find((a) => a.port === victim.pgPort);
    let maxGap = 0;
    for (let i = 1; i < acks.length; i++) maxGap = Math.max(maxGap, acks[i]!.at - acks[i - 1]!.at);

    // Every acknowledged action must be on the new primary, with the number it was given.
    const check = await connectPrimary(cluster, 'city');
    if (!check) throw new Error('no primary after the burst');
    const { rows } = await check.query<{ request_key: string; number: string }>('SELECT e.request_key, c.number FROM case_events e JOIN cases c ON c.id = e.case_id');
    const stored = new Map(rows.map((r) => [r.request_key, r.number]));
    const lost = acks.filter((a) => stored.get(a.key) !== a.number);
    const numbers = new Set(acks.map((a) => a.number));
    const doubtPresent = inDoubt.filter((k) => stored.has(k)).length;
    const dbDuplicates = (await check.query<{ n: number }>('SELECT count(*)::int AS n FROM (SELECT number FROM cases GROUP BY number HAVING count(*) > 1) d')).rows[0]!.n;
    await check.end();
    const newLeader = await cluster.leader();

    out(`  burst ${((performance.now() - t0) / 1000).toFixed(1)} s, ${attempts} actions tried · load ${load()}`);
    out(`  acknowledged                     ${acks.length} (${acksBeforeKill} before the kill)`);
    out(`  acknowledged but missing (lost)  ${lost.length}   (goal 0)`);
    out(`  duplicate case numbers           ${acks.length - numbers.size} among acknowledged, ${dbDuplicates} in the database   (goal 0)`);
    out(`  in doubt (commit sent, no answer) ${inDoubt.length}, of which stored ${doubtPresent}; failed before COMMIT ${failedBeforeCommit}`);
    const endAt = acks.at(-1)?.at ?? killedAt;
    const afterCount = firstAfter ? acks.filter((a) => a.at >= firstAfter.at).length : 0;
    out(`  writes/s before the kill         ${(acksBeforeKill / (KILL_AT_MS / 1000)).toFixed(0)} (synchronous standby confirms each commit)`);
    out(`  writes/s after the promotion     ${firstAfter && endAt > firstAfter.at ? (afterCount / ((endAt - firstAfter.at) / 1000)).toFixed(0) : '—'} (the new primary is alone until the old node rejoins)`);
    out(`  new primary                      ${newLeader?.name ?? 'none'} (was ${victim.name})`);
    out(`  kill → first write on new primary ${firstAfter ? ((firstAfter.at - killedAt) / 1000).toFixed(2) : '—'} s (clients' view of the time without a primary)`);
    out(`  old primary's last → new's first ${firstAfter && lastBefore ? ((firstAfter.at - lastBefore.at) / 1000).toFixed(2) : '—'} s; longest gap between acknowledgements ${(maxGap / 1000).toFixed(2)} s`);
    out(`  kill → standby answers /primary  ${promotedAt ? ((promotedAt - killedAt) / 1000).toFixed(2) : '—'} s (Patroni's view, polled every 100 ms)`);

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
    return lost.length === 0 && acks.length === numbers.size && dbDuplicates === 0 && firstAfter ? 0 : 1;
  } finally {
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
