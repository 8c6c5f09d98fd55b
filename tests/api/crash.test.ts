// Crash safety: kill the server with SIGKILL in the middle of a burst of actions, start it
// again: every acknowledged action is there, no half-applied one is, and verify passes.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { CaseStore } from '../../core/workflow/cases/store.js';
import { verifyTrail } from '../../core/workflow/cases/verify.js';
import { SqliteDb } from '../../core/db/sqlite.js';
import { silentLogger } from '../../core/runtime/log.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PASSWORD = 'crash-test-password';
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gridhall-crash-'));
const children: ChildProcess[] = [];

afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

function startServer(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'core/cli/main.ts', 'serve', '--port', '0', '--data', dataDir, '--demo-size', 'small'], {
    cwd: root,
    env: { ...process.env, GRIDHALL_ADMIN_PASSWORD: PASSWORD, GRIDHALL_NO_BROWSER: '1', GRIDHALL_LOG_LEVEL: 'warn', GRIDHALL_DEMO_LIVE: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /console:\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) resolve({ child, url: m[1]! });
    });
    child.on('exit', (code) => reject(new Error(`server exited early (${code}): ${out}`)));
  });
}

async function post(url: string, token: string, body: unknown): Promise<{ status: number; body: { case?: { id: number; version: number } } }> {
  const res = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as never };
}

describe('a killed server loses nothing it acknowledged', () => {
  it('keeps every acknowledged action and no half-applied one after SIGKILL', async () => {
    const first = await startServer();
    const login = await fetch(`${first.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'acceptor01', password: PASSWORD }),
    });
    const { token } = (await login.json()) as { token: string };
    const health = (await (await fetch(`${first.url}/api/health`)).json()) as { county: { center: { lon: number; lat: number } } };
    const { lon, lat } = health.county.center;

    const acknowledged: { caseId: number; version: number }[] = [];
    let killed = false;
    const worker = async (n: number) => {
      while (!killed) {
        try {
          const filed = await post(`${first.url}/api/cases`, token, { kind: 'event', classCode: '0102', description: `burst ${n}`, lon, lat, source: 'hotline' });
          if (filed.status !== 201) continue;
          const id = filed.body.case!.id;
          let version = filed.body.case!.version;
          acknowledged.push({ caseId: id, version });
          for (const action of ['accept', 'note', 'note', 'note']) {
            const r = await post(`${first.url}/api/cases/${id}/${action}`, token, { version, comment: '处理中' });
            if (r.status !== 200) break;
            version = r.body.case!.version;
            acknowledged.push({ caseId: id, version });
          }
        } catch {
          return; // the server is gone
        }
      }
    };
    const workers = [1, 2, 3, 4].map(worker);
    while (acknowledged.length < 300) await new Promise((r) => setTimeout(r, 20));
    first.child.kill('SIGKILL');
    killed = true;
    await Promise.all(workers);
    await new Promise<void>((resolve) => (first.child.exitCode !== null || first.child.signalCode !== null ? resolve() : first.child.once('exit', () => resolve())));

    // Straight from the database file the killed server left behind.
    const db = new SqliteDb(path.join(dataDir, 'gridhall.db'), silentLogger);
    const store = new CaseStore(db);
    for (const ack of acknowledged) {
      const row = await store.get(ack.caseId);
      expect(row, `case ${ack.caseId}`).toBeDefined();
      expect(row!.version).toBeGreaterThanOrEqual(ack.version);
      expect((await store.events(ack.caseId)).some((e) => e.seq === ack.version)).toBe(true);
    }
    expect((await verifyTrail(store)).problems).toEqual([]);
    await db.close();

    // It starts again, and the command-line check agrees.
    const second = await startServer();
    const again = await fetch(`${second.url}/api/health`);
    expect(again.status).toBe(200);
    second.child.kill('SIGTERM');
    await new Promise<void>((resolve) => second.child.once('exit', () => resolve()));
    const verify = spawnSync(process.execPath, ['--import', 'tsx', 'core/cli/main.ts', 'verify', '--data', dataDir], { cwd: root, encoding: 'utf8' });
    expect(verify.stdout).toMatch(/OK: every case equals the replay of its events/);
    expect(verify.stdout).toMatch(/OK: the SM3 hash chains of [\d,]+ case events are unbroken/);
    expect(verify.status).toBe(0);
    // Two server starts (one making the demo county) and a burst: minutes on a loaded machine.
  }, 300_000);
});
