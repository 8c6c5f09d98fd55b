// A real county server on a random loopback port with a temporary data folder.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach } from 'vitest';
import { demoPlugins, startCounty, type ContractMismatch, type RunningCounty, type StartCountyOptions } from '../../core/index.js';
import { silentLogger } from '../../core/runtime/log.js';
import { sharedTestCluster, stopSharedTestCluster, testStore } from '../helpers/postgres.js';
import type { SecuritySettings } from '../../core/workflow/settings/index.js';

// The private PostgreSQL cluster of this file's worker stops after its last test (hooks run last-registered first).
afterAll(() => stopSharedTestCluster());

export const ADMIN_PASSWORD = 'test-admin-password';

export interface TestCounty {
  server: RunningCounty;
  url: string;
  dataDir: string;
  /** fetch JSON against the server; returns status and parsed body. */
  call<T = unknown>(method: string, route: string, options?: { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> }): Promise<{ status: number; body: T }>;
  login(username?: string, password?: string): Promise<string>;
  /**
   * The first sign-in of an account whose password an administrator set: signs in with `given`,
   * changes it to `chosen` (as the console makes the owner do) and returns the session's token.
   */
  firstSignIn(username: string, given: string, chosen: string): Promise<string>;
  stop(): Promise<void>;
}

/**
 * The contract check: every answer of every test server is validated against the endpoint table
 * (core/contract/endpoints.ts) before it is serialized; a property the schema lacks (which the
 * serializer would silently drop), a wrong type or an undeclared status fails the test that
 * caused it.
 */
const mismatches: ContractMismatch[] = [];
afterEach(() => {
  if (mismatches.length === 0) return;
  const found = mismatches.splice(0).map((m) => `${m.endpoint} (${m.method} ${m.url}) ${m.status}: ${m.problem}`);
  throw new Error(`Answers that do not match the endpoint table:\n${[...new Set(found)].join('\n')}`);
});

/**
 * Test counties move their clocks by hours and days, so their sessions do not end idle and
 * their passwords do not expire unless a test asks (tests/api/accounts.test.ts does, with the
 * county defaults).
 */
const TEST_SECURITY: Partial<SecuritySettings> = { sessionIdleMinutes: 365 * 24 * 60, passwordMaxAgeDays: 0 };

export async function startTestCounty(options: StartCountyOptions & { security?: Partial<SecuritySettings> | 'defaults'; backups?: true } = {}): Promise<TestCounty> {
  const dataDir = options.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'gridhall-test-'));
  // GRIDHALL_TEST_DATABASE=postgres: the same test on a fresh database of a private cluster.
  if (testStore === 'postgres' && options.database === undefined) options = { ...options, database: await sharedTestCluster().createDatabase() };
  const server = await startCounty(
    // The demo's plugins as `serve` has them, but simulated cameras (videoSim), devices and the
    // living demo stay off unless a test asks (videoSim: true, or plugins of its own).
    { port: 0, host: '127.0.0.1', demoSize: 'none', adminPassword: ADMIN_PASSWORD, log: silentLogger, videoSim: false, plugins: demoPlugins({ simulate: false, live: false }), checkContract: (m) => mismatches.push(m), ...options, dataDir },
    {},
  );
  if (options.security !== 'defaults') {
    const settings = server.county.settings;
    await settings.set('security', { ...await settings.get('security'), ...TEST_SECURITY, ...options.security }, server.county.clock.now(), null);
  }
  // Scheduled backups stay off (test clocks jump days) unless a test asks; the first tick comes after this.
  if (!options.backups) await server.county.settings.set('backups', { ...await server.county.settings.get('backups'), enabled: false }, server.county.clock.now(), null);
  const call: TestCounty['call'] = async (method, route, opts = {}) => {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    let body: string | undefined;
    if (opts.rawBody !== undefined) {
      body = opts.rawBody;
      headers['content-type'] ??= 'application/json';
    } else if (opts.body !== undefined) {
      body = JSON.stringify(opts.body);
      headers['content-type'] = 'application/json';
    }
    const res = await fetch(server.url + route, { method, headers, body });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, body: parsed as never };
  };
  return {
    server,
    url: server.url,
    dataDir,
    call,
    async login(username = 'admin', password = ADMIN_PASSWORD) {
      const res = await call<{ token: string }>('POST', '/api/auth/login', { body: { username, password } });
      if (res.status !== 200) throw new Error(`login as ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.token;
    },
    async firstSignIn(username, given, chosen) {
      const res = await call<{ token: string; user: { mustChangePassword?: boolean } }>('POST', '/api/auth/login', { body: { username, password: given } });
      if (res.status !== 200) throw new Error(`login as ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
      if (!res.body.user.mustChangePassword) throw new Error(`${username} was not asked to change the password an administrator set`);
      const changed = await call('POST', '/api/auth/password', { token: res.body.token, body: { current: given, password: chosen } });
      if (changed.status !== 200) throw new Error(`${username} could not change the password: ${changed.status} ${JSON.stringify(changed.body)}`);
      return res.body.token;
    },
    async stop() {
      await server.close();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
