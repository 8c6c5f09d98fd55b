// Sign-in and sessions. Tokens are random and opaque; only their SHA-256 is stored,
// so a copied database holds no usable token. A session lasts one long shift.
import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '../../runtime/clock.js';
import type { RoleCode, SessionUser } from '../../contract/index.js';
import { forbidden, unauthorized } from '../../runtime/errors.js';
import { argon2Hasher, generatePassword, type PasswordHasher } from './passwords.js';
import { SignInThrottle } from './throttle.js';
import type { AuditStore } from '../../admin/audit/index.js';
import type { AuthStore, UserRow } from './store.js';

export const SESSION_MS = 12 * 3600_000;

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
  ) {
    this.decoyHash = hasher.hash(generatePassword(24));
  }

  async sessionUser(user: UserRow): Promise<SessionUser> {
    return {
      id: user.id,
      username: user.username,
      displayName: user.displayName,
      roles: await this.store.rolesOf(user.id),
      departmentId: user.departmentId,
    };
  }

  /**
   * Signs in. Exactly one password verification runs whatever the name (known, unknown or
   * disabled), so the answer's timing does not tell which names exist. Wrong passwords slow
   * only the address that sends them (see throttle.ts).
   */
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
    await this.store.transaction(async () => {
      await this.store.createSession(tokenHash(token), user.id, now, expiresAt);
      await this.audit?.record({ id: user.id, username: user.username }, 'session', user.username, 'sign_in', undefined, undefined, now, address);
    });
    return { token, expiresAt, user: await this.sessionUser(user) };
  }

  /** The user behind a bearer token, or undefined when it is unknown or expired. */
  async authenticate(token: string): Promise<SessionUser | undefined> {
    const session = await this.store.sessionByTokenHash(tokenHash(token));
    if (!session || session.expiresAt <= this.clock.now()) return undefined;
    const user = await this.store.userById(session.userId);
    if (!user || !user.active) return undefined;
    return await this.sessionUser(user);
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
    await this.store.createUser(
      { username: 'admin', displayName: '系统管理员', passwordHash: await this.hasher.hash(chosen), roles: ['admin'] },
      this.clock.now(),
    );
    return { created: true, password: chosen, generated: password === undefined };
  }
}

/** Throws 403 unless the user holds one of the roles. Admin does not imply workflow roles. */
export function assertRole(user: SessionUser, allowed: readonly RoleCode[]): void {
  if (!user.roles.some((r) => allowed.includes(r))) {
    throw forbidden(`This needs one of the roles: ${allowed.join(', ')} (无权执行此操作)`);
  }
}
