// Sign-in and sessions. Tokens are random and opaque; only their SHA-256 is stored,
// so a copied database holds no usable token. A session lasts one long shift.
import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '../../runtime/clock.js';
import type { RoleCode, SessionUser } from '../../contract/index.js';
import { badRequest, forbidden, unauthorized } from '../../runtime/errors.js';
import { argon2Hasher, generatePassword, type PasswordHasher } from './passwords.js';
import { SignInThrottle } from './throttle.js';
import type { AuditStore } from '../../admin/audit/index.js';
import type { AuthStore, UserRow } from './store.js';
import { checkPassword, type PasswordPolicy } from './policy.js';

export const SESSION_MS = 12 * 3600_000;
const DAY = 86_400_000;
/** A session's last use is written at most this often (not on every request). */
const TOUCH_EVERY_MS = 60_000;

/** The 等保 account rules in force (the county's security settings). */
export interface AccountPolicy extends PasswordPolicy {
  passwordMaxAgeDays: number;
  sessionIdleMinutes: number;
  maxSessionsPerUser: number;
}

export const DEFAULT_ACCOUNT_POLICY: AccountPolicy = {
  passwordMinLength: 10, passwordClasses: 3, passwordHistory: 5, passwordMaxAgeDays: 90, sessionIdleMinutes: 30, maxSessionsPerUser: 3,
};

export interface LoginResult {
  token: string;
  expiresAt: number;
  user: SessionUser;
}

function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export class AuthService {
  readonly throttle = new SignInThrottle();
  /** A hash of a random secret, verified when the name is unknown: the same work either way. */
  private readonly decoyHash: Promise<string>;

  constructor(
    private readonly store: AuthStore,
    private readonly clock: Clock,
    readonly hasher: PasswordHasher = argon2Hasher,
    private readonly audit?: AuditStore,
    private readonly policy: () => AccountPolicy | Promise<AccountPolicy> = () => DEFAULT_ACCOUNT_POLICY,
  ) {
    this.decoyHash = hasher.hash(generatePassword(24));
  }

  async sessionUser(user: UserRow): Promise<SessionUser> {
    const session: SessionUser = {
      id: user.id,
      username: user.username,
      displayName: user.displayName,
      roles: await this.store.rolesOf(user.id),
      departmentId: user.departmentId,
    };
    if (await this.mustChange(user)) session.mustChangePassword = true;
    return session;
  }

  /** Whether the user must change the password first: marked so, or older than the policy allows. */
  private async mustChange(user: UserRow): Promise<boolean> {
    if (user.mustChangePassword) return true;
    const maxAge = (await this.policy()).passwordMaxAgeDays;
    return maxAge > 0 && user.passwordChangedAt !== null && this.clock.now() - user.passwordChangedAt > maxAge * DAY;
  }

  async login(username: string, password: string, address = 'local'): Promise<LoginResult> {
    const now = this.clock.now();
    this.throttle.check(address, username, now);
    const user = await this.store.userByName(username);
    const usable = user !== undefined && user.active;
    const matches = await this.hasher.verify(usable ? user.passwordHash : await this.decoyHash, password);
    if (!matches || !usable) {
      this.throttle.failed(address, username, this.clock.now());
      const reason = !user ? 'unknown user' : !user.active ? 'account disabled' : 'wrong password';
      await this.audit?.record(user ? { id: user.id, username: user.username } : null, 'session', username.slice(0, 64), 'sign_in_failed', undefined, { reason }, this.clock.now(), address);
      throw unauthorized('Wrong username or password (用户名或密码错误)');
    }
    this.throttle.succeeded(address, username);
    const token = randomBytes(32).toString('base64url');
    const expiresAt = now + SESSION_MS;
    const limit = (await this.policy()).maxSessionsPerUser;
    await this.store.transaction(async () => {
      await this.store.createSession(tokenHash(token), user.id, now, expiresAt);
      const ended = await this.store.trimSessions(user.id, limit);
      await this.audit?.record({ id: user.id, username: user.username }, 'session', user.username, 'sign_in', undefined, ended ? { endedOldest: ended } : undefined, now, address);
    });
    return { token, expiresAt, user: await this.sessionUser(user) };
  }

  /**
   * The user behind a bearer token, or undefined when it is unknown, expired, or idle longer
   * than the policy allows (the session then ends and the audit log says so).
   */
  async authenticate(token: string): Promise<SessionUser | undefined> {
    const hash = tokenHash(token);
    const session = await this.store.sessionByTokenHash(hash);
    const now = this.clock.now();
    if (!session || session.expiresAt <= now) return undefined;
    const user = await this.store.userById(session.userId);
    if (!user || !user.active) return undefined;
    if (now - session.lastSeenAt > (await this.policy()).sessionIdleMinutes * 60_000) {
      await this.store.transaction(async () => {
        await this.store.deleteSession(hash);
        await this.audit?.record({ id: user.id, username: user.username }, 'session', user.username, 'session_expired', undefined, { idleMinutes: Math.round((now - session.lastSeenAt) / 60_000) }, now);
      });
      return undefined;
    }
    if (now - session.lastSeenAt > TOUCH_EVERY_MS) await this.store.touchSession(hash, now);
    return this.sessionUser(user);
  }

  /**
   * Changes the signed-in user's own password: the current one must be right, the new one
   * must follow the rules and differ from the last few. Other sessions of the user end.
   */
  async changePassword(token: string, current: string, next: string, address: string | null): Promise<SessionUser> {
    const session = await this.store.sessionByTokenHash(tokenHash(token));
    const user = session && await this.store.userById(session.userId);
    if (!user) throw unauthorized();
    if (!(await this.hasher.verify(user.passwordHash, current))) throw badRequest('The current password is wrong (当前密码错误)', 'current');
    const policy = await this.policy();
    checkPassword(next, user.username, policy);
    for (const old of [user.passwordHash, ...await this.store.passwordHistory(user.id, policy.passwordHistory)].slice(0, Math.max(1, policy.passwordHistory))) {
      if (await this.hasher.verify(old, next)) throw badRequest(`The new password must differ from your last ${policy.passwordHistory} (不能与最近使用过的密码相同)`, 'password');
    }
    const hash = await this.hasher.hash(next);
    const now = this.clock.now();
    await this.store.transaction(async () => {
      await this.store.changePassword(user.id, hash, now);
      await this.store.endOtherSessions(user.id, tokenHash(token));
      await this.audit?.record({ id: user.id, username: user.username }, 'user', user.username, 'password_change', undefined, undefined, now, address);
    });
    return this.sessionUser((await this.store.userById(user.id))!);
  }

  async logout(token: string, address: string | null = null): Promise<void> {
    const session = await this.store.sessionByTokenHash(tokenHash(token));
    const user = session && await this.store.userById(session.userId);
    await this.store.transaction(async () => {
      await this.store.deleteSession(tokenHash(token));
      if (user) await this.audit?.record({ id: user.id, username: user.username }, 'session', user.username, 'sign_out', undefined, undefined, this.clock.now(), address);
    });
  }

  /**
   * The first admin: created once, with the password from GRIDHALL_ADMIN_PASSWORD or a
   * generated one that the caller prints once. Never a hard-coded default.
   */
  async ensureAdmin(password: string | undefined): Promise<{ created: boolean; password?: string; generated: boolean }> {
    if (await this.store.userByName('admin')) return { created: false, generated: false };
    const chosen = password ?? generatePassword();
    const generated = password === undefined;
    // 三员分立: the system, security and audit administrators start as three accounts. A
    // generated password is shown once and must be changed at the first sign-in.
    const three = [
      { username: 'admin', displayName: '系统管理员', roles: ['admin'] as RoleCode[] },
      { username: 'secadmin', displayName: '安全管理员', roles: ['security_admin'] as RoleCode[] },
      { username: 'auditor', displayName: '审计员', roles: ['auditor'] as RoleCode[] },
    ];
    const hashes = await Promise.all(three.map(() => this.hasher.hash(chosen)));
    await this.store.transaction(async () => {
      for (const [i, u] of three.entries()) {
        if (!await this.store.userByName(u.username)) await this.store.createUser({ ...u, passwordHash: hashes[i]!, mustChangePassword: generated }, this.clock.now());
      }
    });
    return { created: true, password: chosen, generated };
  }
}

/** Throws 403 unless the user holds one of the roles. Admin does not imply workflow roles. */
export function assertRole(user: SessionUser, allowed: readonly RoleCode[]): void {
  if (!user.roles.some((r) => allowed.includes(r))) {
    throw forbidden(`This needs one of the roles: ${allowed.join(', ')} (无权执行此操作)`);
  }
}
