// JT/T 808 location reports per second from 2,000 simulated terminals (each on its own TCP
// connection, registered and authenticated, sending 0x0200 and waiting for the 0x8001 answer
// before its next report; every report held against the truck's permit), beside the HTTP
// vehicle ingest in the same run (one report per request, and batches of 100). The terminals
// and HTTP clients run in a worker thread, so the server's thread is the server's alone.
// Run: node --import tsx bench/jt808.bench.ts   (BENCH_SECONDS=5, BENCH_TERMINALS=2000)
import os from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { startCounty } from '../core/index.js';
import { STATUS } from '../core/channels/jt808/codec.js';
import { Jt808Terminal } from '../core/demo/sim/trucks.js';
import { silentLogger } from '../core/runtime/log.js';
import { seedIntakeCounty } from '../tests/support/intake-county.js';
import { fmt, printSection, tempDir } from './harness.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const TERMINALS = Number(process.env.BENCH_TERMINALS ?? 2000);
const phoneOf = (k: number) => `000000000138${String(k).padStart(8, '0')}`;

interface Job {
  kind: 'jt808' | 'http' | 'httpBatch';
  port: number;
  url: string;
  key: string;
  seconds: number;
  terminals: number;
}

async function runJt808(job: Job): Promise<{ perSecond: number; ok: number; failed: number; upMs: number }> {
  const terminals = Array.from({ length: job.terminals }, (_, k) => new Jt808Terminal({ host: '127.0.0.1', port: job.port, phone: phoneOf(k + 1), plate: `禾A·B${String(k + 1).padStart(4, '0')}`, timeoutMs: 60_000 }));
  const upStart = performance.now();
  // Bring them up 100 at a time, as a fleet reconnecting after a restart would.
  for (let k = 0; k < terminals.length; k += 100) {
    await Promise.all(
      terminals.slice(k, k + 100).map(async (t) => {
        await t.connect();
        await t.register();
        if ((await t.authenticate()) !== 0) throw new Error('authentication refused');
      }),
    );
  }
  const upMs = performance.now() - upStart;
  let ok = 0;
  let failed = 0;
  const start = performance.now();
  const until = start + job.seconds * 1000;
  await Promise.all(
    terminals.map(async (t, k) => {
      let step = 0;
      while (performance.now() < until) {
        // Along 青禾大道 (latitude 28.4), inside the permit's corridor.
        const lon = 118.092 + ((k * 7 + step++) % 160) * 0.0001;
        const result = await t.location({ alarm: 0, status: STATUS.acc | STATUS.positioned, lon, lat: 28.4, altitudeM: 40, speedKmh: 30, headingDeg: 90, at: Date.now() + step });
        if (result === 0) ok++;
        else failed++;
      }
    }),
  );
  const perSecond = ok / ((performance.now() - start) / 1000);
  for (const t of terminals) t.close();
  return { perSecond, ok, failed, upMs };
}

async function runHttp(job: Job, batch: number): Promise<{ perSecond: number; ok: number; failed: number; upMs: number }> {
  const codes = ['SW01', 'SP01', 'EN01'];
  let ok = 0;
  let failed = 0;
  let n = 0;
  const start = performance.now();
  const until = start + job.seconds * 1000;
  await Promise.all(
    Array.from({ length: 50 }, async () => {
      while (performance.now() < until) {
        const reports = Array.from({ length: batch }, () => ({ code: codes[n % 3]!, lon: 118.092 + (n++ % 160) * 0.0001, lat: 28.4, at: Date.now(), speedKmh: 20 }));
        const res = await fetch(`${job.url}/api/ingest/vehicles`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': job.key }, body: JSON.stringify({ reports }) });
        const body = (await res.json()) as { accepted?: number };
        if (res.status === 200) ok += body.accepted ?? 0;
        else failed += batch;
      }
    }),
  );
  return { perSecond: ok / ((performance.now() - start) / 1000), ok, failed, upMs: 0 };
}

if (!isMainThread) {
  const job = workerData as Job;
  const run = job.kind === 'jt808' ? runJt808(job) : runHttp(job, job.kind === 'http' ? 1 : 100);
  run.then((r) => parentPort!.postMessage(r), (e: unknown) => parentPort!.postMessage({ error: String(e) }));
} else {
  const { dir, cleanup } = tempDir('jt808');
  const server = await startCounty({ dataDir: dir, port: 0, host: '127.0.0.1', demoSize: 'none', adminPassword: 'bench-password', log: silentLogger, videoSim: false, jt808Port: 0 }, {});
  try {
    const db = server.county.db;
    await seedIntakeCounty(db, 'bench-password', Date.now() - 86_400_000);
    server.county.vehicles.reload();
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    await db.transaction(async () => {
      await db.exec(`INSERT INTO muck_sites (id, code, name, kind, lon, lat, radius_m) VALUES (1, 'GD01', '工地', 'origin', 118.091, 28.4, 60), (2, 'XN01', '消纳场', 'disposal', 118.109, 28.4, 80)`);
      const truck = db.statement('bench.truck', 'INSERT INTO muck_trucks (id, plate, phone) VALUES (?, ?, ?)');
      const permit = db.statement(
        'bench.permit',
        `INSERT INTO muck_permits (code, truck_id, origin_site_id, disposal_site_id, corridor, buffer_m, valid_from, valid_to, day_start_min, day_end_min, max_speed_kmh, west, south, east, north)
         VALUES (?, ?, 1, 2, '{"type":"LineString","coordinates":[[118.091,28.4],[118.109,28.4]]}', 50, ?, ?, 0, 0, 40, 118.091, 28.4, 118.109, 28.4)`,
      );
      for (let k = 1; k <= TERMINALS; k++) {
        await truck.run([k, `禾A·B${String(k).padStart(4, '0')}`, phoneOf(k)]);
        await permit.run([`ZY-B-${k}`, k, today, today]);
      }
    });
    await server.county.muckTrucks.reload();
    const admin = await (await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'bench-password' }) })).json() as { token: string };
    const key = ((await (await fetch(`${server.url}/api/admin/channel-keys`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${admin.token}` }, body: JSON.stringify({ name: 'bench', scope: 'vehicles' }) })).json()) as { key: string }).key;
    const job = (kind: Job['kind']) =>
      new Promise<{ perSecond: number; ok: number; failed: number; upMs: number; error?: string }>((resolve) => {
        // A worker cannot take --import tsx on Node 20: it registers tsx itself, then loads this file.
        const boot = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(import.meta.url)}); })`;
        const w = new Worker(boot, { eval: true, workerData: { kind, port: server.channels.jt808!.port, url: server.url, key, seconds: SECONDS, terminals: TERMINALS } satisfies Job });
        w.once('error', (e) => resolve({ perSecond: NaN, ok: 0, failed: 0, upMs: 0, error: String(e) }));
        w.once('message', (m) => {
          resolve(m as never);
          void w.terminate();
        });
      });
    const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');
    const http = await job('http');
    const loadHttp = load();
    const batch = await job('httpBatch');
    const loadBatch = load();
    const jt = await job('jt808');
    const loadJt = load();
    const cases = (await db.statement<{ n: number }>('bench.cases', 'SELECT count(*) AS n FROM cases').get())!.n;
    printSection(`Location reports, ${SECONDS} s each (${os.cpus().length} cores)`, [
      { name: 'HTTP ingest, 1 report a request (baseline)', value: http.perSecond, unit: 'reports/s', note: `50 clients, ${http.failed} failed, load ${loadHttp}` },
      { name: 'HTTP ingest, 100 reports a request', value: batch.perSecond, unit: 'reports/s', note: `50 clients, ${batch.failed} failed, load ${loadBatch}` },
      { name: `JT/T 808, ${TERMINALS} terminals, 0x0200 each answered`, value: jt.perSecond, unit: 'reports/s', note: `${jt.failed} failed${jt.error ? `, ${jt.error}` : ''}, load ${loadJt}` },
      { name: 'JT/T 808 ÷ HTTP one-per-request', value: jt.perSecond / http.perSecond, unit: '×' },
      { name: `${TERMINALS} terminals connected, registered, authenticated`, value: jt.upMs, unit: 'ms' },
      { name: 'cases opened (all reports kept their permits)', value: cases, unit: '' },
    ]);
    process.stdout.write(`  (${fmt(jt.ok, 0)} JT/T 808 reports acknowledged; JT/T 808 stats ${JSON.stringify(server.channels.jt808!.stats)})\n`);
  } finally {
    await server.close();
    cleanup();
  }
}
