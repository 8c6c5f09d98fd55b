// The foundation's figures, measured the way a clerk meets them: the first start of the
// full-size demo county (generation + a year of cases replayed through the workflow), the
// database size, and a cold start of the server to /api/health answering — beside a bare
// Node process started and answering HTTP in the same run.
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../core/runtime/config.js';
import { openCounty } from '../core/app/county.js';
import { asSqlite } from '../core/db/sqlite.js';
import { silentLogger } from '../core/runtime/log.js';
import { median, part, printSection, QUICK, tempDir } from './harness.js';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

/** The resident memory of a process, MB (from /proc). */
function rssOf(pid: number | undefined): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** Spawns a process and resolves when GET url answers 200: milliseconds from spawn, and its resident memory then. */
async function timeToAnswer(args: string[], url: (out: string) => string | undefined, env: NodeJS.ProcessEnv = {}): Promise<{ ms: number; rss: number }> {
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
          if (res.status === 200) {
            const ms = performance.now() - started;
            return { ms, rss: rssOf(child.pid) };
          }
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
    const size = QUICK ? 'small' : 'full';
    const config = loadConfig({ data: tmp.dir, demoSize: size });
    config.adminPassword = 'bench-password';
    const first = await part(`first start of the ${size} demo county`, async () => {
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
    });
    const megabytes = statSync(path.join(tmp.dir, 'gridhall.db')).size / 1e6;
    printSection(`First start of the ${size} demo county`, [
      { name: 'generate + replay a year of cases', value: first.ms / 1000, unit: 's', note: 'goal < 20 s (full)' },
      { name: 'grids', value: first.counts.grids, unit: '' },
      { name: 'components', value: first.counts.components, unit: '' },
      { name: 'buildings', value: first.counts.buildings, unit: '' },
      { name: 'cases / events', value: first.counts.cases, unit: `cases, ${first.counts.events.toLocaleString('en')} events` },
      { name: 'database size', value: megabytes, unit: 'MB' },
    ]);

    // A county runs the built server (npm start builds it): build core when dist is missing or
    // older than the sources, so the cold start is not a TypeScript compile through tsx.
    const built = path.join(root, 'dist', 'core', 'cli', 'main.js');
    if (!statSafe(built) || statSync(built).mtimeMs < newest(path.join(root, 'core'))) {
      await part('build core (dist was missing or stale)', () => {
        const tsc = spawnSync(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
        if (tsc.status !== 0) throw new Error('npm run build:core failed');
      });
    }
    const cli = [built];
    const consoleUrl = (out: string) => {
      const m = /console:\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      return m ? `${m[1]}/api/health` : undefined;
    };
    // Interleaved, A B A B …: a cold start of the county, then a bare Node server, each round.
    const runs = QUICK ? 3 : 5;
    const cold: { ms: number; rss: number }[] = [];
    const bare: { ms: number; rss: number }[] = [];
    const bareServer = "require('http').createServer((q,s)=>s.end('ok')).listen(0,'127.0.0.1',function(){console.log('console: http://127.0.0.1:'+this.address().port)})";
    await part('cold starts', async () => {
      for (let i = 0; i < runs; i++) {
        cold.push(await timeToAnswer([...cli, 'serve', '--port', '0', '--data', tmp.dir], consoleUrl, { GRIDHALL_NO_BROWSER: '1', GRIDHALL_DEMO_LIVE: '0', GRIDHALL_LOG_LEVEL: 'warn' }));
        bare.push(await timeToAnswer(['-e', bareServer], (out) => consoleUrl(out)?.replace('/api/health', '/')));
      }
    });
    const ratios = cold.map((c, i) => c.ms / bare[i]!.ms);
    printSection(`Cold start to /api/health on the ${size} county (median of ${runs}, interleaved with a bare server; the built server)`, [
      { name: 'gridhall serve → /api/health 200', value: median(cold.map((c) => c.ms)), unit: 'ms', note: `runs ${cold.map((c) => Math.round(c.ms)).join(', ')}; goal < 3,000 ms (full)` },
      { name: 'bare node http server → 200', value: median(bare.map((c) => c.ms)), unit: 'ms', note: `same run; runs ${bare.map((c) => Math.round(c.ms)).join(', ')}` },
      { name: 'ratio (median of pairwise ratios)', value: median(ratios), unit: '×', digits: 2 },
      { name: 'server resident memory when /api/health first answers', value: median(cold.map((c) => c.rss)), unit: 'MB', note: `bare server ${median(bare.map((c) => c.rss)).toFixed(0)} MB; goal < 250 MB (full)` },
    ]);
  } finally {
    tmp.cleanup();
  }
}

/** The newest modification time of any file below a folder. */
function newest(dir: string): number {
  let t = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) t = Math.max(t, statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return t;
}

function statSafe(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
