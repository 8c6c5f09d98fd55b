// npm run bench: runs every bench/*.bench.ts in its own process, one after another, and
// prints their figures. Each bench measures its own baseline in the same run, and the
// machine's load average is printed before and after each part.
// npm run bench -- --quick: the issue's ratios on smaller sizes (the whole run under 5 minutes);
// npm run bench -- workflow analytics: only those files (names start with them).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const only = args.filter((a) => !a.startsWith('--'));
/** The files a quick run takes: those behind the issue's ratios (not the wall's frame rates). */
const QUICK_FILES = ['workflow', 'analytics', 'foundation', 'demo', 'import', 'intake', 'video'];
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => (only.length ? only.some((o) => f.startsWith(o)) : !quick || QUICK_FILES.some((q) => f.startsWith(q))))
  .sort();

const load = () => `load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`;
process.stdout.write(
  `# Gridhall benchmarks${quick ? ' (--quick: smaller sizes, same ratios)' : ''}\n${new Date().toISOString()} · Node ${process.versions.node} · ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'} · ` +
    `${Math.round(os.totalmem() / 2 ** 30)} GB · ${load()}\n`,
);
let failed = 0;
const total = performance.now();
for (const file of files) {
  process.stdout.write(`\n# ${file}   (before: ${load()})\n`);
  const started = performance.now();
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(here, file)], {
    stdio: 'inherit',
    cwd: path.join(here, '..'),
    env: { ...process.env, ...(quick ? { GRIDHALL_BENCH_QUICK: '1' } : {}) },
  });
  process.stdout.write(`(${file}: ${((performance.now() - started) / 1000).toFixed(1)} s${result.status === 0 ? '' : `, FAILED: exit ${result.status}`}; after: ${load()})\n`);
  if (result.status !== 0) failed++;
}
process.stdout.write(`\n# ${files.length} files in ${((performance.now() - total) / 1000).toFixed(0)} s, ${failed} failed; ${load()}\n`);
process.exit(failed ? 1 : 0);
