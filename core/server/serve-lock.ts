// One server per data folder. Two servers on one county would both fire its timers, both run
// the live demo and both answer for it; SQLite would stay consistent, the hall would not. The
// lock is a small JSON file in the data folder, created atomically; a lock left by a process
// that no longer runs (a crash, SIGKILL) is taken over. Reading tools (backup, verify, export)
// do not take it: they are meant to run beside the server.
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../runtime/config.js';

export const LOCK_FILE = 'serve.lock';

export interface LockInfo {
  pid: number;
  startedAt: string;
  url?: string;
}

export interface ServeLock {
  /** Record where the county is served, for the message a second server prints. */
  setUrl(url: string): void;
  release(): void;
}

/** Whether `pid` is a running process that could be a Gridhall server (node or Electron). */
function serverAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it runs, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    // A pid reused after a crash by an unrelated program must not lock the county out.
    const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return /node|electron|gridhall/i.test(cmdline);
  } catch {
    return true; // no /proc (Windows, macOS): trust the pid
  }
}

function readLock(file: string): LockInfo | undefined {
  try {
    const info = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<LockInfo>;
    return typeof info.pid === 'number' ? (info as LockInfo) : undefined;
  } catch {
    return undefined; // half-written or unreadable: treated as stale
  }
}

export function acquireServeLock(dataDir: string): ServeLock {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, LOCK_FILE);
  const info: LockInfo = { pid: process.pid, startedAt: new Date().toISOString() };
  const write = (flag: 'wx' | 'w') => fs.writeFileSync(file, `${JSON.stringify(info)}\n`, { flag });
  for (let attempt = 0; ; attempt++) {
    try {
      write('wx');
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw error;
      const holder = readLock(file);
      // The same process may open its county again (tests restart a county in one process).
      if (holder && holder.pid !== process.pid && serverAlive(holder.pid)) {
        throw new ConfigError(
          `数据目录已在服务中 / the data folder ${dataDir} is already served by process ${holder.pid}` +
            `${holder.url ? ` at ${holder.url}` : ''} (since ${holder.startedAt}); open that console, or stop it first`,
        );
      }
      fs.rmSync(file, { force: true });
    }
  }
  let held = true;
  return {
    setUrl(url) {
      if (!held) return;
      info.url = url;
      write('w');
    },
    release() {
      if (!held) return;
      held = false;
      // Only remove a lock that is still ours.
      if (readLock(file)?.pid === process.pid) fs.rmSync(file, { force: true });
    },
  };
}
