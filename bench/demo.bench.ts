// The demo county's first start, as a clerk's first `gridhall serve` runs it (openCounty: the
// demo generated, a year of cases replayed through the workflow, the staff's passwords hashed,
// the analytics rebuilt from the trail and the heatmap columns loaded), with seconds per step,
// the total, row counts and the database size; then a baseline measured in the same run (a
// bare insert of as many rows into a table of the same width) and a few map queries on the result.
// Run: node --import tsx bench/demo.bench.ts [full|small]   (--quick: small)
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ComponentStore } from '../core/base/components/store.js';
import { DEMO_COUNTY, type DemoSize } from '../core/demo/generate.js';
import { GridStore } from '../core/base/grids/store.js';
import { localFrame } from '../core/base/geo/frame.js';
import { openCounty } from '../core/app/county.js';
import { loadConfig } from '../core/runtime/config.js';
import { silentLogger } from '../core/runtime/log.js';
import { asSqlite } from '../core/db/sqlite.js';
import { loadAverage, QUICK } from './harness.js';

const size = (process.argv[2] ?? (QUICK ? 'small' : 'full')) as DemoSize;
const GOAL_SECONDS = { full: 20, small: 2 }[size];
const folder = mkdtempSync(path.join(tmpdir(), 'gridhall-bench-'));
const seconds = (ms: number) => (ms / 1000).toFixed(2);

console.log(`before: ${loadAverage()}`);
const config = loadConfig({ data: folder, demoSize: size });
config.adminPassword = 'bench-Password-2026';
const steps: { step: string; ms: number }[] = [];
let stepName = '';
let stepStart = performance.now();
const start = stepStart;
const county = await openCounty(config, {
  log: silentLogger,
  onProgress: (step) => {
    if (step === stepName) return;
    const t = performance.now();
    if (stepName) steps.push({ step: stepName, ms: t - stepStart });
    stepName = step;
    stepStart = t;
  },
});
const totalMs = performance.now() - start;
if (stepName) steps.push({ step: stepName, ms: performance.now() - stepStart });
const db = county.db;
asSqlite(db, 'bench').pragma('wal_checkpoint(TRUNCATE)');
const megabytes = statSync(path.join(folder, 'gridhall.db')).size / 1e6;
const counts = (await db
  .statement<Record<string, number>>(
    'bench.demoCounts',
    `SELECT (SELECT count(*) FROM areas) AS areas, (SELECT count(*) FROM grids) AS grids, (SELECT count(*) FROM users) AS users,
            (SELECT count(*) FROM buildings) AS buildings, (SELECT count(*) FROM components) AS components, (SELECT count(*) FROM cameras) AS cameras,
            (SELECT count(*) FROM cases) AS cases, (SELECT count(*) FROM case_events) AS events`,
  )
  .get())!;

console.log(`demo county (${size}), first start as the server runs it (openCounty); ${loadAverage()}`);
for (const s of steps) console.log(`  ${s.step.padEnd(44)} ${seconds(s.ms).padStart(7)} s`);
console.log(`  ${'total'.padEnd(44)} ${seconds(totalMs).padStart(7)} s   (goal < ${GOAL_SECONDS} s: ${(totalMs / 1000 / GOAL_SECONDS).toFixed(2)} of it)`);
console.log(`  database           ${megabytes.toFixed(1).padStart(7)} MB`);
console.log('rows');
for (const [name, n] of Object.entries(counts)) console.log(`  ${name.padEnd(18)} ${String(n).padStart(8)}`);

// Baseline in the same run: a bare prepared insert of the same number of rows, as wide as components.
await db.exec('CREATE TABLE bench_bare (a TEXT, b TEXT, c TEXT, d TEXT, e TEXT, f INTEGER, g INTEGER, h TEXT, i REAL, j REAL, k TEXT, l TEXT, m TEXT, n TEXT)');
const bare = db.statement('bench.bare.insert', 'INSERT INTO bench_bare VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
const bareStart = performance.now();
await db.transaction(async () => {
  for (let k = 0; k < counts.components!; k++) await bare.run([`99010104020${k}`, 'GB/T 30428.2-2013', '0402', '行道树', 'intact', 5, 5, '990101001001001', 118.1 + k * 1e-7, 28.4, '实测', null, '2024-01-01', null]);
});
const bareMs = performance.now() - bareStart;
const componentStep = steps.find((s) => s.step.endsWith('write:components'))?.ms ?? NaN;
console.log('baseline (same run)');
console.log(`  bare insert of ${counts.components} rows: ${seconds(bareMs)} s; components (+ devices) written in ${seconds(componentStep)} s = ${(componentStep / bareMs).toFixed(2)}x the bare insert`);

// Map queries on the result: what a view of the wall asks for.
const frame = localFrame(DEMO_COUNTY.centerLon, DEMO_COUNTY.centerLat);
const view = (half: number) => ({ west: frame.lon(-half), south: frame.lat(-half), east: frame.lon(half), north: frame.lat(half) });
const timed = async (label: string, fn: () => Promise<number>) => {
  await fn();
  const t = performance.now();
  const runs = 20;
  let rows = 0;
  for (let k = 0; k < runs; k++) rows = await fn();
  console.log(`  ${label.padEnd(44)} ${((performance.now() - t) / runs).toFixed(2).padStart(7)} ms  (${rows} rows)`);
};
const components = new ComponentStore(db);
const grids = new GridStore(db);
console.log('queries (mean of 20)');
await timed('components in a 500 m x 500 m view', async () => (await components.list({ bbox: view(250), limit: 10_000 })).length);
await timed('components of one class in a 2 km x 2 km view', async () => (await components.list({ bbox: view(1000), classCode: '0103', limit: 10_000 })).length);
await timed('grids meeting a 2 km x 2 km view', async () => (await grids.list({ bbox: view(1000), limit: 10_000 })).length);
await timed('grid at a point', async () => (await grids.gridAt(DEMO_COUNTY.centerLon + 0.001, DEMO_COUNTY.centerLat + 0.001) ? 1 : 0));

await county.close();
console.log(`after: ${loadAverage()}`);
mkdirSync('bench/results', { recursive: true });
writeFileSync(`bench/results/demo-${size}.json`, JSON.stringify({ size, totalSeconds: totalMs / 1000, megabytes, steps, counts, bareInsertSeconds: bareMs / 1000 }, null, 2));
rmSync(folder, { recursive: true, force: true });
