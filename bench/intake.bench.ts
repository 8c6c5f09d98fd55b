// Intake channels under load, each beside a baseline measured in the same run:
// - accepted 市民通 reports per second, sustained, each with a ~150 kB photo (multipart over
//   HTTP, checked, hashed, written, filed in one transaction), beside the bare /api/health rate;
// - sensor readings per second over HTTP batches, in-process, and over MQTT, beside a bare
//   insert of the same rows into the same table.
// Goals (issue 7): ≥ 200 reports/s, ≥ 20,000 readings/s. Run: node --import tsx bench/intake.bench.ts
import mqtt from 'mqtt';
import { createCanvas } from '@napi-rs/canvas';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { startCounty } from '../core/index.js';
import { startMqttBroker } from '../core/channels/iot/mqtt.js';
import { silentLogger } from '../core/runtime/log.js';
import { DEFAULT_SETTINGS } from '../core/workflow/settings/defaults.js';
import { pointIn, seedIntakeCounty } from '../tests/support/intake-county.js';
import { FLUSH_ROWS } from '../core/channels/iot/service.js';
import { fmt, loadAverage, printSection, QUICK, tempDir } from './harness.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? (QUICK ? 2 : 5));

/** Runs `worker` on `concurrency` lanes for `seconds`; returns completed calls per second. */
async function sustained(seconds: number, concurrency: number, worker: () => Promise<boolean>): Promise<{ perSecond: number; ok: number; failed: number }> {
  const until = performance.now() + seconds * 1000;
  let ok = 0;
  let failed = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < until) {
        if (await worker()) ok++;
        else failed++;
      }
    }),
  );
  return { perSecond: ok / ((performance.now() - start) / 1000), ok, failed };
}

interface ClientJob {
  url: string;
  kind: 'health' | 'report';
  seconds: number;
  concurrency: number;
  lon: number;
  lat: number;
}

/** A JPEG of coloured noise: compresses little, like a phone's photo of a street. */
function noiseJpeg(width: number, height: number, quality: number): Buffer {
  const canvas = createCanvas(width, height);
  const g = canvas.getContext('2d');
  const image = g.createImageData(width, height);
  let seed = 1;
  for (let i = 0; i < image.data.length; i += 4) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    const v = (seed >>> 16) & 255;
    image.data[i] = v;
    image.data[i + 1] = (v * 3) & 255;
    image.data[i + 2] = 128;
    image.data[i + 3] = 255;
  }
  g.putImageData(image, 0, 0);
  return canvas.toBuffer('image/jpeg', quality);
}

/** The first refused report's status and answer, printed so a refusal is never silent. */
let firstRefusal = '';

/** The HTTP clients run in a worker thread, so the server's thread is the server's alone. */
async function clientJob(job: ClientJob): Promise<{ perSecond: number; ok: number; failed: number; firstRefusal?: string }> {
  if (job.kind === 'health') return sustained(job.seconds, job.concurrency, async () => (await fetch(`${job.url}/api/health`)).status === 200);
  // A real ~150 kB JPEG (noise, so it does not shrink to nothing), made unique per report by a
  // comment segment after the SOI marker: the server decodes and checks every photo.
  const base = noiseJpeg(720, 540, 50);
  let n = 0;
  return sustained(job.seconds, job.concurrency, async () => {
    n++;
    const comment = Buffer.alloc(12);
    comment.writeUInt16BE(0xfffe, 0);
    comment.writeUInt16BE(10, 2);
    comment.writeBigUInt64BE(BigInt(n), 4);
    const bytes = Buffer.concat([base.subarray(0, 2), comment, base.subarray(2)]);
    const form = new FormData();
    form.append('kind', 'event');
    form.append('classCode', '0102');
    form.append('description', `路口暴露垃圾 #${n}`);
    form.append('lon', String(job.lon + (n % 100) * 1e-5));
    form.append('lat', String(job.lat));
    form.append('photo', new Blob([new Uint8Array(bytes)], { type: 'image/jpeg' }), 'scene.jpg');
    const res = await fetch(`${job.url}/api/public/reports`, { method: 'POST', body: form, headers: { 'x-device-id': `bench-device-${n % 500}-xxxx` } });
    const text = await res.text();
    if (res.status !== 201 && !firstRefusal) firstRefusal = `${res.status} ${text.slice(0, 300)}`;
    return res.status === 201;
  });
}

function inWorker(job: ClientJob): Promise<{ perSecond: number; ok: number; failed: number; firstRefusal?: string }> {
  return new Promise((resolve, reject) => {
    // A worker cannot take --import tsx on Node 20: it registers tsx itself, then loads this file.
    const boot = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(import.meta.url)}); })`;
    const worker = new Worker(boot, { eval: true, workerData: job });
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}

if (!isMainThread) {
  const result = await clientJob(workerData as ClientJob);
  parentPort!.postMessage({ ...result, firstRefusal });
} else {
  await main();
}

async function main(): Promise<void> {
process.stdout.write(`before: ${loadAverage()}\n`);
const temp = tempDir('intake');
const running = await startCounty({ dataDir: temp.dir, port: 0, host: '127.0.0.1', demoSize: 'none', adminPassword: 'bench-password', log: silentLogger }, {});
const ctx = running.county;
await seedIntakeCounty(ctx.db, 'bench-password', Date.now() - 86_400_000);
await ctx.sensors.reload();
// The bench measures the pipeline, not the quotas: lift them for the run.
await ctx.settings.set('intake', { ...DEFAULT_SETTINGS.intake, publicRequestsPerMinute: 10_000_000, reportsPerDevicePerHour: 1e9, reportsPerDevicePerDay: 1e9, reportsPerAddressPerHour: 1e9, reportsPerAddressPerDay: 1e9 }, Date.now(), null);

const url = running.url;
const where = pointIn(1, 1);
const health = await inWorker({ url, kind: 'health', seconds: SECONDS, concurrency: 16, lon: where.lon, lat: where.lat });
const reports = await inWorker({ url, kind: 'report', seconds: SECONDS, concurrency: 16, lon: where.lon, lat: where.lat });

printSection('市民通 reports with a ~150 kB JPEG photo (HTTP; 16 concurrent clients in another thread)', [
  { name: 'baseline: GET /api/health', value: health.perSecond, unit: 'req/s' },
  { name: 'accepted reports', value: reports.perSecond, unit: 'reports/s', note: `${reports.ok} filed, ${reports.failed} refused` },
  { name: 'ratio reports ÷ health', value: reports.perSecond / health.perSecond, unit: '×', digits: 2, note: 'goal ≥ 0.30' },
]);
if (reports.failed > 0) process.stdout.write(`  first refusal: ${reports.firstRefusal}\n`);
if (reports.ok === 0) throw new Error('no report was filed: the figure would be meaningless');

// Sensors. Keys and a stream of readings that stay below the thresholds (no cases), as most do.
const { key } = await ctx.channelKeys.create('bench-gauges', 'sensors', null);
const codes = ['WL001', 'WL002', 'MC001'];
let tick = Date.now() - 20 * 86_400_000;
const batch = (size: number) => Array.from({ length: size }, (_, k) => ({ code: codes[k % 3]!, value: 0.01, at: ++tick }));

// A reading counts only once it is committed to sensor_readings: every rate below is rows in
// the table (counted) over the time until the last of them was written.
const committed = async () => (await ctx.db.statement<{ n: number }>('bench.readings', 'SELECT count(*) AS n FROM sensor_readings').get())!.n;

// Baseline: a bare insert of rows into sensor_readings, FLUSH_ROWS a transaction (the batch
// the ingest writes in).
const bare = ctx.db.statement('bench.bareInsert', 'INSERT OR IGNORE INTO sensor_readings (sensor_id, at, value) VALUES (?, ?, ?)');
const bareBefore = await committed();
const bareStart = performance.now();
while (performance.now() - bareStart < SECONDS * 1000) {
  await ctx.db.transaction(async () => {
    for (let k = 0; k < FLUSH_ROWS; k++) await bare.run([(k % 3) + 1, ++tick, 0.01]);
  });
}
const bareRate = (await committed() - bareBefore) / ((performance.now() - bareStart) / 1000);

const ipBefore = await committed();
const ipStart = performance.now();
while (performance.now() - ipStart < SECONDS * 1000) await ctx.sensors.ingest(batch(1000));
await ctx.sensors.flush();
const ipRate = (await committed() - ipBefore) / ((performance.now() - ipStart) / 1000);

const httpBefore = await committed();
const httpStart = performance.now();
const http = await sustained(SECONDS, 4, async () => {
  const res = await fetch(`${url}/api/ingest/sensors`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': key }, body: JSON.stringify({ readings: batch(1000) }) });
  await res.arrayBuffer();
  return res.status === 200;
});
await ctx.sensors.flush();
const httpRate = (await committed() - httpBefore) / ((performance.now() - httpStart) / 1000);

// MQTT: one gateway publishing QoS 0 as fast as the socket takes it; timed until the broker
// has handed the last reading to the ingest and the ingest has committed it.
const broker = await startMqttBroker({ host: '127.0.0.1', port: 0, keys: ctx.channelKeys, sensors: ctx.sensors, log: silentLogger });
const client = await mqtt.connectAsync(broker.url, { username: 'bench', password: key, reconnectPeriod: 0 });
const MQTT_MESSAGES = QUICK ? 30_000 : 100_000;
const before = ctx.sensors.ingested;
const mqttBefore = await committed();
const mqttStart = performance.now();
for (let k = 0; k < MQTT_MESSAGES; k++) {
  client.publish(`gridhall/sensors/${codes[k % 3]}`, `{"value":0.01,"at":${++tick}}`, { qos: 0 });
}
while (ctx.sensors.ingested - before < MQTT_MESSAGES && performance.now() - mqttStart < 120_000) await new Promise((r) => setTimeout(r, 20));
await ctx.sensors.flush();
const mqttRows = await committed() - mqttBefore;
const mqttRate = mqttRows / ((performance.now() - mqttStart) / 1000);
await client.endAsync();
await broker.close();

printSection('Sensor readings', [
  { name: `baseline: bare insert (${FLUSH_ROWS.toLocaleString('en')} a transaction, as the ingest writes)`, value: bareRate, unit: 'rows/s' },
  { name: 'ingest in process (judge + batch write)', value: ipRate, unit: 'readings/s', note: `${fmt((ipRate / bareRate) * 100)} % of bare` },
  { name: 'HTTP batches of 1,000 (4 clients)', value: httpRate, unit: 'readings/s', note: `goal ≥ 20,000/s; ${fmt((httpRate / bareRate) * 100)} % of bare; ${http.failed} refused` },
  { name: 'MQTT, one gateway, QoS 0', value: mqttRate, unit: 'readings/s', note: `${mqttRows.toLocaleString('en')} of ${MQTT_MESSAGES.toLocaleString('en')} messages committed` },
]);

await running.close();
temp.cleanup();
process.stdout.write(`after: ${loadAverage()}\n`);
}
