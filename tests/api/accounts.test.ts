// 等保 2.0 level 3 account controls (issue 19): the generated first password changed at the
// first sign-in, password rules and history, idle sessions and a per-user session limit,
// 三员分立 (the auditor alone reads the audit log), the security policy's retention floor,
// personal data masked for roles that do not need it and anonymised after retention.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runRetention } from '../../core/admin/audit/index.js';
import { ManualClock } from '../../core/runtime/clock.js';
import { seedIntakeCounty, pointIn } from '../support/intake-county.js';
import { ADMIN_PASSWORD, startTestCounty, type TestCounty } from './support.js';

const NOW = Date.parse('2026-11-18T10:00:00+08:00');
const STRONG = 'Hall-Keeper-2026';

describe('the generated first password', () => {
  it('must be changed at the first sign-in, by the rules, before anything else works', async () => {
    const county = await startTestCounty({ adminPassword: undefined, security: 'defaults' });
    try {
      const generated = county.server.county.generatedAdminPassword!;
      expect(generated).toMatch(/^(?=.*[a-z])(?=.*[A-Z])(?=.*\d).{16}$/);
      const login = await county.call<{ token: string; user: { mustChangePassword?: boolean } }>('POST', '/api/auth/login', { body: { username: 'admin', password: generated } });
      expect(login.status).toBe(200);
      expect(login.body.user.mustChangePassword).toBe(true);
      const token = login.body.token;
      const blocked = await county.call<{ error: string }>('GET', '/api/admin/users', { token });
      expect(blocked.status).toBe(403);
      expect(blocked.body.error).toBe('password_change_required');
      expect((await county.call('GET', '/api/auth/me', { token })).status).toBe(200);
      for (const [weak, why] of [['short1A', /at least 10/], ['alllowercaseletters', /at least 3 of/], ['Admin-2026-xyz', /user name/]] as const) {
        const res = await county.call<{ message: string; field: string }>('POST', '/api/auth/password', { token, body: { current: generated, password: weak } });
        expect(res.status, weak).toBe(400);
        expect(res.body.message).toMatch(why);
      }
      expect((await county.call('POST', '/api/auth/password', { token, body: { current: generated, password: generated } })).status).toBe(400); // not the same again
      const changed = await county.call<{ mustChangePassword?: boolean }>('POST', '/api/auth/password', { token, body: { current: generated, password: STRONG } });
      expect(changed.status).toBe(200);
      expect(changed.body.mustChangePassword).toBeUndefined();
      expect((await county.call('GET', '/api/admin/users', { token })).status).toBe(200);
      // The three administrators exist from the start, each holding one role.
      const users = (await county.call<{ items: { username: string; roles: string[] }[] }>('GET', '/api/admin/users', { token })).body.items;
      expect(Object.fromEntries(users.map((u) => [u.username, u.roles]))).toMatchObject({ admin: ['admin'], secadmin: ['security_admin'], auditor: ['auditor'] });
    } finally {
      await county.stop();
    }
  });
});

describe('sessions, 三员分立, retention and personal data', () => {
  let county: TestCounty;
  const clock = new ManualClock(NOW);
  beforeAll(async () => {
    county = await startTestCounty({ clock, security: 'defaults' });
    await seedIntakeCounty(county.server.county.db, ADMIN_PASSWORD, NOW - 86_400_000);
  });
  afterAll(async () => {
    await county.stop();
  });

  it('ends a session idle longer than the policy allows, and says so in the log', async () => {
    const token = await county.login('dispatcher1');
    clock.advance(20 * 60_000);
    expect((await county.call('GET', '/api/auth/me', { token })).status).toBe(200);
    clock.advance(31 * 60_000);
    expect((await county.call('GET', '/api/auth/me', { token })).status).toBe(401);
    const expired = (await county.server.county.db.statement<{ n: number }>('test.expired', "SELECT count(*) AS n FROM audit_log WHERE action = 'session_expired' AND username = 'dispatcher1'").get())!;
    expect(expired.n).toBe(1);
  });

  it('keeps at most three sessions per user: a fourth sign-in ends the oldest', async () => {
    const tokens: string[] = [];
    for (let i = 0; i < 4; i++) {
      tokens.push(await county.login('leader1'));
      clock.advance(1000);
    }
    expect((await county.call('GET', '/api/auth/me', { token: tokens[0] })).status).toBe(401);
    for (const t of tokens.slice(1)) expect((await county.call('GET', '/api/auth/me', { token: t })).status).toBe(200);
  });

  it('lets the auditor alone read the audit log, with sign-ins and their addresses', async () => {
    const admin = await county.login();
    expect((await county.call('GET', '/api/admin/audit', { token: admin })).status).toBe(403);
    const auditor = await county.login('auditor');
    const log = await county.call<{ items: { action: string; username: string; address: string }[] }>('GET', '/api/admin/audit?security=true&limit=200', { token: auditor });
    expect(log.status).toBe(200);
    expect(log.body.items.some((e) => e.action === 'sign_in' && e.username === 'admin' && /127\.0\.0\.1/.test(e.address))).toBe(true);
    expect(log.body.items.every((e) => ['sign_in', 'sign_in_failed', 'sign_out', 'session_expired', 'password_change', 'export', 'backup', 'purge'].includes(e.action))).toBe(true);
    // The auditor cannot change anything.
    expect((await county.call('GET', '/api/admin/users', { token: auditor })).status).toBe(403);
  });

  it('lets only the security administrator grant administrators\' roles, never two to one account', async () => {
    const admin = await county.login();
    const secadmin = await county.login('secadmin');
    const user = { username: 'newaudit', displayName: '新审计', departmentId: null, phone: null, active: true, gridCodes: [], password: STRONG };
    expect((await county.call('POST', '/api/admin/users', { token: admin, body: { ...user, roles: ['auditor'] } })).status).toBe(403);
    expect((await county.call('POST', '/api/admin/users', { token: secadmin, body: { ...user, roles: ['auditor', 'admin'] } })).status).toBe(400);
    expect((await county.call('POST', '/api/admin/users', { token: secadmin, body: { ...user, roles: ['auditor'] } })).status).toBe(200);
    // The 用户与角色 form names a department user's department: the security administrator reads
    // the departments (a 403 here was an error on that tab), and still may not change them.
    expect((await county.call('GET', '/api/admin/departments', { token: secadmin })).status).toBe(200);
    expect((await county.call('POST', '/api/admin/departments', { token: secadmin, body: { code: 'SEC', name: '安全科', kind: 'department', parentId: null, level: 1, phone: null, active: true } })).status).toBe(403);
    // A role change is in the log, with before and after.
    const auditor = await county.login('auditor');
    const log = await county.call<{ items: { entityKey: string; after: { roles: string[] } }[] }>('GET', '/api/admin/audit?entity=user', { token: auditor });
    expect(log.body.items[0]).toMatchObject({ entityKey: 'newaudit', after: { roles: ['auditor'] } });
  });

  it('makes the owner change a password an administrator set, for a new account and after a reset', async () => {
    const secadmin = await county.login('secadmin');
    const clerk = { username: 'clerk1', displayName: '受理员丙', departmentId: null, phone: null, active: true, roles: ['acceptor'], gridCodes: [], password: 'Given-pass-2026' };
    const created = await county.call<{ id: number }>('POST', '/api/admin/users', { token: secadmin, body: clerk });
    expect(created.status).toBe(200);
    // New account: signed in, but nothing works until the password is the owner's own.
    const first = await county.call<{ token: string; user: { mustChangePassword?: boolean } }>('POST', '/api/auth/login', { body: { username: 'clerk1', password: 'Given-pass-2026' } });
    expect(first.body.user.mustChangePassword).toBe(true);
    const blocked = await county.call<{ error: string }>('GET', '/api/cases?limit=1', { token: first.body.token });
    expect([blocked.status, blocked.body.error]).toEqual([403, 'password_change_required']);
    expect((await county.call('POST', '/api/auth/password', { token: first.body.token, body: { current: 'Given-pass-2026', password: 'Own-choice-2026' } })).status).toBe(200);
    expect((await county.call('GET', '/api/cases?limit=1', { token: first.body.token })).status).toBe(200);
    // A reset by the security administrator ends the owner's sessions and asks again.
    const reset = await county.call('PUT', `/api/admin/users/${created.body.id}`, { token: secadmin, body: { ...clerk, password: 'Reset-pass-2026' } });
    expect(reset.status).toBe(200);
    expect((await county.call('GET', '/api/auth/me', { token: first.body.token })).status).toBe(401);
    const again = await county.call<{ token: string; user: { mustChangePassword?: boolean } }>('POST', '/api/auth/login', { body: { username: 'clerk1', password: 'Reset-pass-2026' } });
    expect(again.body.user.mustChangePassword).toBe(true);
    // A change of name or roles without a password leaves the password alone.
    expect((await county.call('POST', '/api/auth/password', { token: again.body.token, body: { current: 'Reset-pass-2026', password: 'Own-choice-2027' } })).status).toBe(200);
    const { password: _none, ...withoutPassword } = clerk;
    expect((await county.call('PUT', `/api/admin/users/${created.body.id}`, { token: secadmin, body: { ...withoutPassword, displayName: '受理员丙丙' } })).status).toBe(200);
    expect((await county.call<{ user: { mustChangePassword?: boolean } }>('POST', '/api/auth/login', { body: { username: 'clerk1', password: 'Own-choice-2027' } })).body.user.mustChangePassword).toBeUndefined();
    // An administrator's own password goes through 修改密码 (current password, history), not the user form.
    const me = (await county.call<{ items: { id: number; username: string }[] }>('GET', '/api/admin/users', { token: secadmin })).body.items.find((u) => u.username === 'secadmin')!;
    const own = await county.call<{ field: string }>('PUT', `/api/admin/users/${me.id}`, {
      token: secadmin, body: { username: 'secadmin', displayName: '安全管理员', departmentId: null, phone: null, active: true, roles: ['security_admin'], gridCodes: [], password: 'Self-set-2026x' },
    });
    expect([own.status, own.body.field]).toEqual([400, 'password']);
  });

  it('keeps the audit log at least 180 days: the security administrator cannot set less', async () => {
    const secadmin = await county.login('secadmin');
    const policy = (await county.call<Record<string, number>>('GET', '/api/admin/security', { token: secadmin })).body;
    expect(policy.logRetentionDays).toBeGreaterThanOrEqual(180);
    expect((await county.call('PUT', '/api/admin/security', { token: secadmin, body: { ...policy, logRetentionDays: 90 } })).status).toBe(400);
    expect((await county.call('PUT', '/api/admin/security', { token: await county.login(), body: { ...policy, logRetentionDays: 365 } })).status).toBe(403);
    expect((await county.call('PUT', '/api/admin/security', { token: secadmin, body: { ...policy, logRetentionDays: 365 } })).status).toBe(200);
  });

  it('masks a citizen\'s name and number for roles that do not call back, and anonymises them after retention', async () => {
    const acceptor = await county.login('acceptor1');
    const filed = await county.call<{ case: { id: number; reporterName: string; reporterContact: string } }>('POST', '/api/cases', {
      token: acceptor,
      body: { kind: 'event', classCode: '0102', source: 'hotline', description: '路灯不亮', reporterName: '王小明', reporterContact: '13812345678', ...pointIn(2, 2) },
    });
    expect(filed.status).toBe(201);
    expect(filed.body.case).toMatchObject({ reporterName: '王小明', reporterContact: '13812345678' });
    const dispatcher = await county.login('dispatcher1');
    const seen = await county.call<{ case: { reporterName: string; reporterContact: string } }>('GET', `/api/cases/${filed.body.case.id}`, { token: dispatcher });
    expect(seen.body.case).toMatchObject({ reporterName: '王**', reporterContact: '138****5678' });

    // Closed long ago (set straight in the file: the whole flow is tested elsewhere), then retention runs.
    const db = county.server.county.db;
    await db.statement('test.close', "UPDATE cases SET state = 'closed', closed_at = ? WHERE id = ?").run([NOW - 400 * 86_400_000, filed.body.case.id]);
    const result = await runRetention(county.server.county);
    expect(result.anonymised).toBeGreaterThanOrEqual(1);
    const row = (await db.statement<{ n: string | null; c: string | null }>('test.reporter', 'SELECT reporter_name AS n, reporter_contact AS c FROM cases WHERE id = ?').get([filed.body.case.id]))!;
    expect(row).toEqual({ n: null, c: null });
    expect((await db.statement<{ n: number }>('test.purgeLogged', "SELECT count(*) AS n FROM audit_log WHERE entity = 'personal_data' AND action = 'purge'").get())!.n).toBe(1);
  });
});
