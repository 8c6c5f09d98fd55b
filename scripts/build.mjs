// npm run build: compile core and electron (tsc) and bundle the console (vite).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);

export function buildCore() {
  return run(bin('tsc'), ['-p', 'tsconfig.build.json'], 'compiling core and electron');
}

export function buildRenderer() {
  if (!existsSync(path.join(root, 'renderer', 'vite.config.ts'))) return true;
  return run(bin('vite'), ['build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn'], 'building the console');
}

function run(cmd, args, what) {
  process.stderr.write(`gridhall: ${what}...\n`);
  const result = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    process.stderr.write(`gridhall: ${what} failed\n`);
    return false;
  }
  return true;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const ok = buildCore() && buildRenderer();
  process.exit(ok ? 0 : 1);
}
