// Sign-in and sessions. Tokens are random and opaque; only their SHA-256 is stored,
// so a copied database holds no usable token. A session lasts one long shift.
import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '../../runtime/clock.js';
import type { RoleCode, SessionUser } from '../../contract/index.js';
import { AppError, forbidden, unauthorized } from '../../runtime/errors.js';
import { generatePassword, hashPassword, verifyPassword } from './passwords.js';
import type { AuthStore, UserRow } from './store.js';

export const SESSION_MS = 12 * 3600_000;
/** After this many wrong passwords for one name within the window, sign-in waits. */
const MAX_FAILURES = 5;
const FAILURE_WINDOW_MS = 5 * 60_000;

export interface LoginResult {
  token: string;
  expiresAt: number;
  user: SessionUser;
}

function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export class AuthService {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly store: AuthStore,
    private readonly clock: Clock,
  ) {}

  async sessionUser(user: UserRow): Promise<SessionUser> {
    return {
      id: user.id,
      username: user.username,
      displayName: user.displayName,
      roles: await this.store.rolesOf(user.id),
      departmentId: user.departmentId,
    };
  }

  async login(username: string, password: string): Promise<LoginResult> {
    const key = username.toLowerCase();
    const now = this.clock.now();
    const recent = (this.failures.get(key) ?? []).filter((t) => now - t < FAILURE_WINDOW_MS);
    if (recent.length >= MAX_FAILURES) {
      throw new AppError('too_many_requests', 'Too many wrong passwords; wait five minutes (密码错误次数过多，请五分钟后再试)');
    }
    const user = await this.store.userByName(username);
    const ok = user !== undefined && user.active && (await verifyPassword(user.passwordHash, password));
    if (!ok || !user) {
      recent.push(now);
      this.failures.set(key, recent);
      throw unauthorized('Wrong username or password (用户名或密码错误)');
    }
    this.failures.delete(key);
    const token = randomBytes(32).toString('base64url');
    const expiresAt = now + SESSION_MS;
    await this.store.createSession(tokenHash(token), user.id, now, expiresAt);
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

  async logout(token: string): Promise<void> {
    await this.store.deleteSession(tokenHash(token));
  }

  /**
   * The first admin: created once, with the password from GRIDHALL_ADMIN_PASSWORD or a
   * generated one that the caller prints once. Never a hard-coded default.
   */
  async ensureAdmin(password: string | undefined): Promise<{ created: boolean; password?: string; generated: boolean }> {
    if (await this.store.userByName('admin')) return { created: false, generated: false };
    const chosen = password ?? generatePassword();
    await this.store.createUser(
      { username: 'admin', displayName: '系统管理员', passwordHash: await hashPassword(chosen), roles: ['admin'] },
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
