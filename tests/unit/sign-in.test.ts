// Sign-in does the same work whatever the name (finding 4 of issue 19: names leaked through
// timing because argon2 ran only for known names), and its throttle slows only the guesser.
// The hasher is injected and counts its work: a behaviour test, not a stopwatch.
import { beforeEach, describe, expect, it } from 'vitest';
import { AuditStore } from '../../core/admin/audit/store.js';
import type { PasswordHasher } from '../../core/base/people/passwords.js';
import { AuthService } from '../../core/base/people/service.js';
import { AuthStore } from '../../core/base/people/store.js';
import { SignInThrottle } from '../../core/base/people/throttle.js';
import { SqliteDb } from '../../core/db/sqlite.js';
import { applyMigrations } from '../../core/db/migrate.js';
import { ManualClock } from '../../core/runtime/clock.js';
import { silentLogger } from '../../core/runtime/log.js';

/** A hasher that records what it verified against; hashes are "h:" + password. */
function countingHasher() {
  const verified: string[] = [];
  const hasher: PasswordHasher = {
    hash: async (password) => `h:${password}`,
    verify: async (hash, password) => {
      verified.push(hash);
      return hash === `h:${password}`;
    },
  };
  return { hasher, verified };
}

let db: SqliteDb;
let clock: ManualClock;
let store: AuthStore;

beforeEach(async () => {
  db = new SqliteDb(':memory:', silentLogger);
  clock = new ManualClock(Date.parse('2026-11-18T10:00:00+08:00'));
  await applyMigrations(db, undefined, clock.now());
  store = new AuthStore(db);
  await store.createUser({ username: 'leader', displayName: '领导', passwordHash: 'h:right-Pass-1', roles: ['leader'] }, clock.now());
  const off = await store.createUser({ username: 'retired', displayName: '离职', passwordHash: 'h:right-Pass-1', roles: ['leader'] }, clock.now());
  await store.updateUser(off, { displayName: '离职', departmentId: null, phone: null, active: false });
});

describe('equal work for known and unknown names', () => {
  it('runs exactly one password verification for a known name, an unknown name and a disabled account', async () => {
    const { hasher, verified } = countingHasher();
    const auth = new AuthService(store, clock, hasher);
    const tries = { known: 0, unknown: 0, disabled: 0 };
    for (let i = 0; i < 50; i++) {
      for (const [kind, name] of [['known', 'leader'], ['unknown', `nobody${i}`], ['disabled', 'retired']] as const) {
        const before = verified.length;
        await expect(auth.login(name, `wrong-${i}`, `10.0.${i}.${kind.length}`)).rejects.toMatchObject({ code: 'unauthorized' });
        tries[kind] += verified.length - before;
      }
    }
    expect(tries).toEqual({ known: 50, unknown: 50, disabled: 50 });
    // The unknown names were checked against a real-looking hash, never skipped.
    expect(verified.filter((h) => h.startsWith('h:')).length).toBe(150);
    // Not vacuous: the known name's tries ran against its own hash (it exists and its password
    // signs in), the unknown and disabled ones against the decoy, which is another hash.
    expect(verified.filter((h) => h === 'h:right-Pass-1')).toHaveLength(50);
    expect(new Set(verified.filter((h) => h !== 'h:right-Pass-1')).size).toBe(1);
    await expect(auth.login('leader', 'right-Pass-1', '10.9.9.9')).resolves.toMatchObject({ user: { username: 'leader' } });
  });

  it('gives the same answer for an unknown name and a wrong password', async () => {
    const auth = new AuthService(store, clock, countingHasher().hasher);
    const a = await auth.login('leader', 'nope', '10.1.0.1').catch((e: Error) => e.message);
    const b = await auth.login('nosuchuser', 'nope', '10.1.0.2').catch((e: Error) => e.message);
    expect(a).toBe(b);
  });

  it('audits sign-in, failed sign-in and sign-out with the source address', async () => {
    const audit = new AuditStore(db);
    const auth = new AuthService(store, clock, countingHasher().hasher, audit);
    await auth.login('leader', 'wrong', '10.2.0.1').catch(() => undefined);
    const ok = await auth.login('leader', 'right-Pass-1', '10.2.0.1');
    await auth.logout(ok.token, '10.2.0.1');
    const rows = (await audit.list({ limit: 10, offset: 0 })).items.reverse();
    expect(rows.map((r) => [r.action, r.username, r.address])).toEqual([
      ['sign_in_failed', 'leader', '10.2.0.1'],
      ['sign_in', 'leader', '10.2.0.1'],
      ['sign_out', 'leader', '10.2.0.1'],
    ]);
  });
});

describe('the sign-in throttle', () => {
  const rules = { freePerAccount: 3, freePerAddress: 10, firstDelayMs: 1000, maxDelayMs: 60_000, forgetAfterMs: 600_000 };

  it('makes the guessing address wait, with doubling waits, and never the owner elsewhere', () => {
    const throttle = new SignInThrottle(rules);
    let now = 0;
    const waits: number[] = [];
    for (let i = 0; i < 8; i++) {
      throttle.check('attacker', 'admin', now);
      throttle.failed('attacker', 'admin', now);
      try {
        throttle.check('attacker', 'admin', now);
      } catch (e) {
        waits.push((e as { retryAfterSeconds: number }).retryAfterSeconds);
        now += (e as { retryAfterSeconds: number }).retryAfterSeconds * 1000;
      }
      expect(() => throttle.check('owner', 'admin', now)).not.toThrow();
    }
    expect(waits).toEqual([1, 2, 4, 8, 16]);
  });

  it('slows an address that sprays many accounts', () => {
    const throttle = new SignInThrottle(rules);
    for (let i = 0; i < 11; i++) throttle.failed('sprayer', `user${i}`, 0);
    expect(() => throttle.check('sprayer', 'user99', 0)).toThrow(/try again/);
    expect(() => throttle.check('elsewhere', 'user99', 0)).not.toThrow();
  });
});
