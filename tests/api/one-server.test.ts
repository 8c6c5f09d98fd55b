// One county, one server: a second `gridhall serve` on a data folder already served stops with a
// message naming the server; `npm start` run again opens the running county instead of a new one.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCounty, type TestCounty } from './support.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const scratch = mkdtempSync(path.join(os.tmpdir(), 'gridhall-one-server-'));
const dataDir = path.join(scratch, 'data');
let county: TestCounty;

/** Run a script in a child, asynchronously: the county answering it lives in this process. */
function run(script: string, ...args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, GRIDHALL_NO_ELECTRON: '1', GRIDHALL_DATA: '', GRIDHALL_DEMO_SIZE: 'none' };
  delete env.DISPLAY;
  delete env.WAYLAND_DISPLAY;
  const child = spawn(process.execPath, [path.join(root, script), ...args], { cwd: root, env, timeout: 180_000 });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, out, err })));
}

beforeAll(async () => {
  county = await startTestCounty({ dataDir });
});
afterAll(async () => {
  await county.stop();
  rmSync(scratch, { recursive: true, force: true });
});

describe('one server per county', () => {
  it('refuses a second server on the same data folder, naming the one that serves it', async () => {
    const second = await run('bin/gridhall.mjs', 'serve', '--port', '0', '--data', dataDir, '--mqtt-port', 'off', '--no-simulate');
    expect(second.code).toBe(2);
    expect(second.err).toContain(`already served by process ${process.pid} at ${county.url}`);
    // The first server goes on answering.
    expect((await county.call('GET', '/api/health')).status).toBe(200);
  });

  it('npm start run again opens the county already served, wherever its port is', async () => {
    // Another port than the running server's: start finds it through the data folder.
    const again = await run('scripts/start.mjs', '--port', '1', '--data', dataDir);
    expect(again.code, again.err).toBe(0);
    expect(again.out).toContain(`already serving`);
    expect(again.out).toContain(county.url);
  });
});
