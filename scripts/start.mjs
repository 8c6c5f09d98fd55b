// npm start: build what is missing, start the county (making the demo county on first run),
// then show the console: Electron if its binary is here, else a Chromium app window if there
// is a display, else the URL. Running it twice is harmless; Ctrl-C stops what it started.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCore, buildRenderer } from './build.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const env = process.env;
const args = process.argv.slice(2);

function newestMtime(dir, skip = new Set(['node_modules', 'public'])) {
  if (!existsSync(dir)) return 0;
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (skip.has(entry.name)) continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full, skip) : statSync(full).mtimeMs);
  }
  return newest;
}

function mtime(file) {
  return existsSync(file) ? statSync(file).mtimeMs : 0;
}

const coreOut = path.join(root, 'dist', 'core', 'cli', 'main.js');
const rendererOut = path.join(root, 'dist', 'renderer', 'index.html');
if (mtime(coreOut) < Math.max(newestMtime(path.join(root, 'core')), newestMtime(path.join(root, 'electron')))) {
  if (!buildCore()) process.exit(1);
}
if (mtime(rendererOut) < newestMtime(path.join(root, 'renderer'))) {
  if (!buildRenderer()) process.exit(1);
}

const port = Number(flag('--port') ?? env.GRIDHALL_PORT ?? 12319);
const host = flag('--host') ?? env.GRIDHALL_HOST ?? '127.0.0.1';
const shownHost = host === '0.0.0.0' ? '127.0.0.1' : host;
const dataDir = path.resolve(flag('--data') ?? env.GRIDHALL_DATA ?? path.join(env.XDG_DATA_HOME ?? path.join(env.HOME ?? '.', '.local', 'share'), 'gridhall'));
const url = `http://${shownHost}:${port}`;

function flag(name) {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

const hasDisplay = Boolean(env.DISPLAY || env.WAYLAND_DISPLAY) || process.platform === 'win32' || process.platform === 'darwin';

/** The Electron binary, fetched on first run where the network allows it. */
function electronPath() {
  if (env.GRIDHALL_NO_ELECTRON) return undefined;
  const pkg = path.join(root, 'node_modules', 'electron');
  if (!existsSync(pkg)) return undefined;
  if (!existsSync(path.join(pkg, 'path.txt')) && hasDisplay) {
    process.stderr.write('gridhall: fetching the Electron binary (first run)...\n');
    spawnSync(process.execPath, [path.join(pkg, 'install.js')], { cwd: pkg, stdio: 'ignore', timeout: 120_000 });
  }
  if (!existsSync(path.join(pkg, 'path.txt'))) return undefined;
  return path.join(pkg, 'dist', spawnSync(process.execPath, ['-p', "require('fs').readFileSync('path.txt','utf8')"], { cwd: pkg, encoding: 'utf8' }).stdout.trim());
}

async function healthAt(at) {
  try {
    const res = await fetch(`${at}/api/health`, { signal: AbortSignal.timeout(1500) });
    const body = await res.json();
    return body?.status === 'ok' ? { ...body, url: at } : undefined;
  } catch {
    return undefined;
  }
}

/** A county already served on our port, or on whatever port the server of our data folder chose (the desktop shell picks a free one). */
async function alreadyServing() {
  const here = await healthAt(url);
  if (here) return here;
  try {
    const lock = JSON.parse(readFileSync(path.join(dataDir, 'serve.lock'), 'utf8'));
    return typeof lock.url === 'string' ? await healthAt(lock.url) : undefined;
  } catch {
    return undefined;
  }
}

function runChild(cmd, childArgs) {
  const child = spawn(cmd, childArgs, { cwd: root, stdio: 'inherit', env });
  const forward = (signal) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
}

const running = await alreadyServing();
if (running) {
  process.stdout.write(`Gridhall is already serving ${running.county?.name ?? 'a county'} at ${running.url}\n`);
  if (hasDisplay) {
    const { openConsole } = await import(path.join(root, 'dist', 'core', 'cli', 'open-console.js'));
    openConsole(running.url, dataDir);
  }
  process.exit(0);
}

const electron = hasDisplay ? electronPath() : undefined;
if (electron) {
  runChild(electron, [root, ...args]);
} else {
  runChild(process.execPath, [coreOut, 'serve', '--open', ...args]);
}
