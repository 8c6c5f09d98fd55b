// The foundation's figures, measured the way a clerk meets them: the first start of the
// full-size demo county (generation + a year of cases replayed through the workflow), the
// database size, and a cold start of the server to /api/health answering — beside a bare
// Node process started and answering HTTP in the same run.
import { asSqlite } from '../core/db/sqlite.js';
import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../core/runtime/config.js';
import { openCounty } from '../core/app/county.js';
import { silentLogger } from '../core/runtime/log.js';
import { printSection, tempDir } from './harness.js';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

/** Spawns a process and resolves when GET url answers 200; returns milliseconds from spawn. */
async function timeToAnswer(args: string[], url: (out: string) => string | undefined, env: NodeJS.ProcessEnv = {}): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  try {
    for (;;) {
      const target = url(out);
      if (target) {
        try {
          const res = await fetch(target);
          if (res.status === 200) return performance.now() - started;
        } catch {
          // not yet listening
        }
      }
      if (child.exitCode !== null) throw new Error(`exited: ${out}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  } finally {
    child.kill('SIGKILL');
  }
}

export default async function run(): Promise<void> {
  const tmp = tempDir('foundation');
  try {
    const config = loadConfig({ data: tmp.dir, demoSize: 'full' });
    config.adminPassword = 'bench-password';
    const first = await (async () => {
      const started = performance.now();
      const county = await openCounty(config, { log: silentLogger });
      const ms = performance.now() - started;
      const counts = (await county.db
        .statement<{ grids: number; components: number; buildings: number; cases: number; events: number }>(
          'bench.counts',
          `SELECT (SELECT count(*) FROM grids) AS grids, (SELECT count(*) FROM components) AS components,
                  (SELECT count(*) FROM buildings) AS buildings, (SELECT count(*) FROM cases) AS cases, (SELECT count(*) FROM case_events) AS events`,
        )
        .get())!;
      asSqlite(county.db, 'bench').pragma('wal_checkpoint(TRUNCATE)');
      await county.close();
      return { ms, counts };
    })();
    const megabytes = statSync(path.join(tmp.dir, 'gridhall.db')).size / 1e6;
    printSection('First start of the full-size demo county', [
      { name: 'generate + replay a year of cases', value: first.ms / 1000, unit: 's', note: 'goal < 60 s' },
      { name: 'grids', value: first.counts.grids, unit: '' },
      { name: 'components', value: first.counts.components, unit: '' },
      { name: 'buildings', value: first.counts.buildings, unit: '' },
      { name: 'cases / events', value: first.counts.cases, unit: `cases, ${first.counts.events.toLocaleString('en')} events` },
      { name: 'database size', value: megabytes, unit: 'MB' },
    ]);

    const built = path.join(root, 'dist', 'core', 'cli', 'main.js');
    const cli = statSafe(built) ? [built] : ['--import', 'tsx', path.join(root, 'core', 'cli', 'main.ts')];
    const consoleUrl = (out: string) => {
      const m = /console:\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      return m ? `${m[1]}/api/health` : undefined;
    };
    const runs = 3;
    const cold: number[] = [];
    for (let i = 0; i < runs; i++) {
      cold.push(await timeToAnswer([...cli, 'serve', '--port', '0', '--data', tmp.dir], consoleUrl, { GRIDHALL_NO_BROWSER: '1', GRIDHALL_DEMO_LIVE: '0', GRIDHALL_LOG_LEVEL: 'warn' }));
    }
    const bare: number[] = [];
    const bareServer = "require('http').createServer((q,s)=>s.end('ok')).listen(0,'127.0.0.1',function(){console.log('console: http://127.0.0.1:'+this.address().port)})";
    for (let i = 0; i < runs; i++) bare.push(await timeToAnswer(['-e', bareServer], (out) => consoleUrl(out)?.replace('/api/health', '/')));
    const best = (xs: number[]) => Math.min(...xs);
    printSection(`Cold start to /api/health on the full county (best of ${runs}, ${statSafe(built) ? 'built' : 'from source via tsx'})`, [
      { name: 'gridhall serve → /api/health 200', value: best(cold), unit: 'ms', note: 'goal < 3,000 ms' },
      { name: 'bare node http server → 200', value: best(bare), unit: 'ms', note: 'same run' },
      { name: 'ratio', value: best(cold) / best(bare), unit: '×' },
    ]);
  } finally {
    tmp.cleanup();
  }
}

function statSafe(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
