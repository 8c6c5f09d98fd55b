// Bad states of a county on PostgreSQL: a database that does not answer at start, connections
// killed under a running server, and a burst of actions whose backends are killed: every
// action answered 2xx is still there afterwards. Runs on a private cluster (tests/helpers/postgres.ts).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresBin, sharedTestCluster, type TestCluster } from '../helpers/postgres.js';
import { startTestCounty, type TestCounty } from './support.js';

const havePostgres = postgresBin('initdb') !== undefined;

describe('a database that does not answer at start', () => {
  it('stops gridhall serve with the URL named (password hidden) and exit code 69', () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gridhall-pgdown-'));
    try {
      const run = spawnSync(process.execPath, ['bin/gridhall.mjs', 'serve', '--data', dataDir, '--port', '0', '--database', 'postgres://gridhall:secret@127.0.0.1:1/gridhall'], {
        encoding: 'utf8',
        timeout: 60_000,
        env: { ...process.env, GRIDHALL_DEMO_SIZE: 'none', GRIDHALL_VIDEO_SIM: '0' },
      });
      expect(run.status).toBe(69);
      expect(run.stderr).toMatch(/does not answer/);
      expect(run.stderr).not.toContain('secret');
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe.skipIf(!havePostgres)('a county on PostgreSQL whose connections are killed', () => {
  let cluster: TestCluster;
  let county: TestCounty;
  let database: string;
  let token: string;

  beforeAll(async () => {
    cluster = sharedTestCluster();
    const url = await cluster.createDatabase('killed');
    database = /\/(\w+)\?/.exec(url)![1]!;
    county = await startTestCounty({ database: url, demoSize: 'small' });
    token = await county.login('acceptor01');
  });
  afterAll(async () => {
    await county?.stop();
  });

  const killBackends = async () => {
    const admin = new pg.Client({ connectionString: cluster.url('postgres') });
    await admin.connect();
    try {
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [database]);
    } finally {
      await admin.end();
    }
  };

  it('answers 503 try-again or 200 while its connections are gone, never 500, and serves again', async () => {
    await killBackends();
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await county.call('GET', '/api/cases/queues', { token })).status);
    expect(statuses.every((s) => s === 200 || s === 503)).toBe(true);
    expect(statuses.at(-1)).toBe(200);
  });

  it('keeps every action it acknowledged while the backends serving a burst are killed', async () => {
    const place = (await county.server.county.places.list({ kind: 'doorplate', limit: 1 }))[0]!;
    const acknowledged: number[] = [];
    const answers = new Map<number, number>();
    let stop = false;
    const worker = async (n: number) => {
      while (!stop) {
        const r = await county.call<{ case?: { id: number } }>('POST', '/api/cases', {
          token,
          body: { kind: 'event', classCode: '0102', source: 'hotline', description: `burst ${n}`, address: place.name },
        });
        answers.set(r.status, (answers.get(r.status) ?? 0) + 1);
        if (r.status === 201 && r.body.case) acknowledged.push(r.body.case.id);
      }
    };
    const workers = [1, 2, 3, 4].map(worker);
    for (let round = 0; round < 4; round++) {
      await new Promise((r) => setTimeout(r, 400));
      await killBackends();
    }
    await new Promise((r) => setTimeout(r, 400));
    stop = true;
    await Promise.all(workers);
    expect(acknowledged.length).toBeGreaterThan(5);
    expect([...answers.keys()].every((s) => s === 201 || s === 503)).toBe(true);
    for (const id of acknowledged) expect(await county.server.county.cases.get(id), `case ${id}`).toBeDefined();
  });
});
