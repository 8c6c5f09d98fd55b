// npm run bench: runs every bench/*.bench.ts in its own process, one after another, and
// prints their figures. Each bench measures its own baseline in the same run.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.startsWith(o)))
  .sort();

process.stdout.write(
  `# Gridhall benchmarks\n${new Date().toISOString()} · Node ${process.versions.node} · ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'} · ` +
    `${Math.round(os.totalmem() / 2 ** 30)} GB · load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}\n`,
);
let failed = 0;
for (const file of files) {
  process.stdout.write(`\n# ${file}\n`);
  const started = performance.now();
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(here, file)], { stdio: 'inherit', cwd: path.join(here, '..') });
  process.stdout.write(`(${file}: ${((performance.now() - started) / 1000).toFixed(1)} s${result.status === 0 ? '' : `, exit ${result.status}`})\n`);
  if (result.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
