import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireServeLock, LOCK_FILE } from '../../core/server/serve-lock.js';

const folders: string[] = [];
const children: ChildProcess[] = [];

function folder(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridhall-lock-'));
  folders.push(dir);
  return dir;
}

/** Another Node process, standing in for a second server that holds the folder. */
async function otherServer(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000); console.log("up")'], { stdio: ['ignore', 'pipe', 'ignore'] });
  children.push(child);
  await once(child.stdout!, 'data');
  return child;
}

function writeLock(dir: string, content: string): void {
  fs.writeFileSync(path.join(dir, LOCK_FILE), content);
}

afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  for (const dir of folders.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('one server per data folder', () => {
  it('refuses a folder another running server holds, naming its process and console address', async () => {
    const dir = folder();
    const other = await otherServer();
    writeLock(dir, JSON.stringify({ pid: other.pid, startedAt: '2026-11-22T07:00:00.000Z', url: 'http://127.0.0.1:12319' }));
    expect(() => acquireServeLock(dir)).toThrow(new RegExp(`already served by process ${other.pid} at http://127\\.0\\.0\\.1:12319`));
    // Nothing was taken from the running server.
    expect(JSON.parse(fs.readFileSync(path.join(dir, LOCK_FILE), 'utf8')).pid).toBe(other.pid);
  });

  it('takes over the lock of a server that was killed', async () => {
    const dir = folder();
    const other = await otherServer();
    writeLock(dir, JSON.stringify({ pid: other.pid, startedAt: '2026-11-22T07:00:00.000Z' }));
    other.kill('SIGKILL');
    await once(other, 'exit');
    const lock = acquireServeLock(dir);
    expect(JSON.parse(fs.readFileSync(path.join(dir, LOCK_FILE), 'utf8')).pid).toBe(process.pid);
    lock.release();
  });

  it('takes over a half-written lock file', () => {
    const dir = folder();
    writeLock(dir, '{"pid":');
    const lock = acquireServeLock(dir);
    lock.setUrl('http://127.0.0.1:4000');
    expect(JSON.parse(fs.readFileSync(path.join(dir, LOCK_FILE), 'utf8'))).toMatchObject({ pid: process.pid, url: 'http://127.0.0.1:4000' });
    lock.release();
  });

  it('removes its lock when the server closes, so the next server starts', () => {
    const dir = folder();
    acquireServeLock(dir).release();
    expect(fs.existsSync(path.join(dir, LOCK_FILE))).toBe(false);
    acquireServeLock(dir).release();
  });
});
