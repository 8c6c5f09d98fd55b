// After `serve`, show the console: a Chromium app window when there is a display, else the URL.
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { findChromium } from './doctor.js';

export interface OpenedConsole {
  how: 'chromium' | 'url';
  child?: ChildProcess;
}

export function hasDisplay(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env.DISPLAY || env.WAYLAND_DISPLAY) || process.platform === 'win32' || process.platform === 'darwin';
}

export function chromiumAppArgs(url: string, profileDir: string, isRoot: boolean): string[] {
  const args = [
    `--app=${url}`,
    `--user-data-dir=${profileDir}`,
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--start-maximized',
    // The console is Chinese first: date pickers and number formats follow the browser's locale.
    '--lang=zh-CN',
  ];
  // Chromium refuses to run as root with its sandbox on.
  if (isRoot) args.push('--no-sandbox');
  return args;
}

export function openConsole(url: string, dataDir: string, env: NodeJS.ProcessEnv = process.env): OpenedConsole {
  const chromium = findChromium(env);
  if (!chromium || !hasDisplay(env) || env.GRIDHALL_NO_BROWSER) return { how: 'url' };
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const child = spawn(chromium, chromiumAppArgs(url, path.join(dataDir, 'console-profile'), isRoot), {
    stdio: 'ignore',
  });
  child.on('error', () => undefined);
  return { how: 'chromium', child };
}
