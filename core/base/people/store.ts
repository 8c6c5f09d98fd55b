// Users, roles and sessions (SQL for the auth aggregate lives here only).
import type { Db } from '../../db/database.js';
import type { RoleCode } from '../../contract/index.js';

export interface UserRow {
  id: number;
  username: string;
  displayName: string;
  passwordHash: string;
  departmentId: number | null;
  phone: string | null;
  active: boolean;
  createdAt: number;
  mustChangePassword: boolean;
  passwordChangedAt: number | null;
}

export interface NewUser {
  username: string;
  displayName: string;
  passwordHash: string;
  departmentId?: number | null;
  phone?: string | null;
  roles: RoleCode[];
  gridCodes?: string[];
  mustChangePassword?: boolean;
}

interface RawUser {
  id: number;
  username: string;
  display_name: string;
  password_hash: string;
  department_id: number | null;
  phone: string | null;
  active: number;
  created_at: number;
  must_change_password: number;
  password_changed_at: number | null;
}

const USER_COLUMNS = 'id, username, display_name, password_hash, department_id, phone, active, created_at, must_change_password, password_changed_at';

function toUser(r: RawUser): UserRow {
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    passwordHash: r.password_hash,
    departmentId: r.department_id,
    phone: r.phone,
    active: r.active === 1,
    createdAt: r.created_at,
    mustChangePassword: r.must_change_password === 1,
    passwordChangedAt: r.password_changed_at,
  };
}

export class AuthStore {
  constructor(private readonly db: Db) {}

  /** Runs fn in one write transaction (a session and its audit row together). */
  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    return await this.db.transaction(fn);
  }

  async userByName(username: string): Promise<UserRow | undefined> {
    const r = await this.db
      // Names compare without case (SQLite: COLLATE NOCASE on the column; PostgreSQL: lower()).
      .statement<RawUser>('users.byName', `SELECT ${USER_COLUMNS} FROM users WHERE username = ?`, `SELECT ${USER_COLUMNS} FROM users WHERE lower(username) = lower(?)`)
      .get([username]);
    return r && toUser(r);
  }

  async userById(id: number): Promise<UserRow | undefined> {
    const r = await this.db.statement<RawUser>('users.byId', `SELECT ${USER_COLUMNS} FROM users WHERE id = ?`).get([id]);
    return r && toUser(r);
  }

  async rolesOf(userId: number): Promise<RoleCode[]> {
    return (await this.db
      .statement<{ role_code: RoleCode }>('users.roles', 'SELECT role_code FROM user_roles WHERE user_id = ? ORDER BY role_code')
      .all([userId]))
      .map((r) => r.role_code);
  }

  /** Creates a user with roles and responsibility grids; returns the new id. Call inside a transaction for bulk. */
  async createUser(user: NewUser, now: number): Promise<number> {
    const id = Number(
      (await this.db
        .statement(
          'users.insert',
          `INSERT INTO users (username, display_name, password_hash, department_id, phone, active, created_at, password_changed_at, must_change_password)
           VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?)`,
        )
        .run([user.username, user.displayName, user.passwordHash, user.departmentId ?? null, user.phone ?? null, now, now, user.mustChangePassword ? 1 : 0]))
        .lastInsertRowid,
    );
    const addRole = this.db.statement('users.addRole', 'INSERT INTO user_roles (user_id, role_code) VALUES (?, ?)');
    for (const role of user.roles) await addRole.run([id, role]);
    const addGrid = this.db.statement('users.addGrid', 'INSERT INTO inspector_grids (user_id, grid_code) VALUES (?, ?)');
    for (const grid of user.gridCodes ?? []) await addGrid.run([id, grid]);
    return id;
  }

  /** Every user, for the administration screens (hashes left out). */
  async listUsers(): Promise<(Omit<UserRow, 'passwordHash'> & { roles: RoleCode[]; gridCodes: string[] })[]> {
    const rows = await this.db.statement<RawUser>('users.list', `SELECT ${USER_COLUMNS} FROM users ORDER BY username`).all();
    const users: (Omit<UserRow, 'passwordHash'> & { roles: RoleCode[]; gridCodes: string[] })[] = [];
    for (const r of rows) {
      const { passwordHash: _hash, ...user } = toUser(r);
      users.push({ ...user, roles: await this.rolesOf(r.id), gridCodes: await this.gridsOf(r.id) });
    }
    return users;
  }

  async gridsOf(userId: number): Promise<string[]> {
    return (await this.db
      .statement<{ grid_code: string }>('users.grids', 'SELECT grid_code FROM inspector_grids WHERE user_id = ? ORDER BY grid_code')
      .all([userId]))
      .map((r) => r.grid_code);
  }

  async updateUser(id: number, fields: { displayName: string; departmentId: number | null; phone: string | null; active: boolean }): Promise<void> {
    await this.db
      .statement('users.update', 'UPDATE users SET display_name = ?, department_id = ?, phone = ?, active = ? WHERE id = ?')
      .run([fields.displayName, fields.departmentId, fields.phone, fields.active ? 1 : 0, id]);
    if (!fields.active) await this.endSessions(id);
  }

  async setPassword(id: number, passwordHash: string): Promise<void> {
    await this.db.statement('users.setPassword', 'UPDATE users SET password_hash = ? WHERE id = ?').run([passwordHash, id]);
  }

  /** A password the user chose: stored, dated, remembered in the history, the must-change mark cleared. */
  async changePassword(id: number, passwordHash: string, now: number): Promise<void> {
    await this.db
      .statement('users.changePassword', 'UPDATE users SET password_hash = ?, password_changed_at = ?, must_change_password = 0 WHERE id = ?')
      .run([passwordHash, now, id]);
    await this.db.statement('passwords.remember', 'INSERT INTO password_history (user_id, password_hash, changed_at) VALUES (?, ?, ?)').run([id, passwordHash, now]);
  }

  /** The user's last `count` password hashes, newest first. */
  async passwordHistory(id: number, count: number): Promise<string[]> {
    return (await this.db
      .statement<{ password_hash: string }>(
        'passwords.history',
        'SELECT password_hash FROM password_history WHERE user_id = ? ORDER BY changed_at DESC, rowid DESC LIMIT ?',
        // PostgreSQL has no rowid: ties of one millisecond are kept in no particular order.
        'SELECT password_hash FROM password_history WHERE user_id = ? ORDER BY changed_at DESC LIMIT ?',
      )
      .all([id, count]))
      .map((r) => r.password_hash);
  }

  /** Ends every session of the user (their password was reset). */
  async endSessions(userId: number): Promise<void> {
    await this.db.statement('sessions.deleteOfUser', 'DELETE FROM sessions WHERE user_id = ?').run([userId]);
  }

  async setMustChangePassword(id: number, must: boolean): Promise<void> {
    await this.db.statement('users.mustChange', 'UPDATE users SET must_change_password = ? WHERE id = ?').run([must ? 1 : 0, id]);
  }

  async setRoles(id: number, roles: readonly RoleCode[]): Promise<void> {
    await this.db.statement('users.clearRoles', 'DELETE FROM user_roles WHERE user_id = ?').run([id]);
    const add = this.db.statement('users.addRole', 'INSERT INTO user_roles (user_id, role_code) VALUES (?, ?)');
    for (const role of roles) await add.run([id, role]);
  }

  /** An inspector's responsibility grids (责任网格), replaced as a whole. */
  async setGrids(id: number, gridCodes: readonly string[]): Promise<void> {
    await this.db.statement('users.clearGrids', 'DELETE FROM inspector_grids WHERE user_id = ?').run([id]);
    const add = this.db.statement('users.addGrid', 'INSERT INTO inspector_grids (user_id, grid_code) VALUES (?, ?)');
    for (const grid of gridCodes) await add.run([id, grid]);
  }

  /** Active users holding a role, by id (pickers such as the 核实/核查 inspector). */
  async activeUsersWithRole(role: RoleCode, limit: number): Promise<UserRow[]> {
    return (await this.db
      .statement<RawUser>(
        'users.activeWithRole',
        `SELECT ${USER_COLUMNS.split(', ').map((c) => 'u.' + c).join(', ')} FROM users u JOIN user_roles r ON r.user_id = u.id
         WHERE r.role_code = ? AND u.active = 1 ORDER BY u.id LIMIT ?`,
      )
      .all([role, limit]))
      .map(toUser);
  }

  async hasUserWithRole(role: RoleCode): Promise<boolean> {
    return (
      await this.db
        .statement('users.anyWithRole', 'SELECT 1 FROM user_roles WHERE role_code = ? LIMIT 1')
        .get([role]) !== undefined
    );
  }

  /** Every active user but the built-in admin, in id order (the demo's staff). */
  async activeStaffIds(): Promise<number[]> {
    return (await this.db
      .statement<{ id: number }>('auth.activeStaffIds', "SELECT id FROM users WHERE active = 1 AND username <> 'admin' ORDER BY id")
      .all())
      .map((r) => r.id);
  }

  async countUsers(): Promise<number> {
    return (await this.db.statement<{ n: number }>('users.count', 'SELECT count(*) AS n FROM users').get() ?? { n: 0 }).n;
  }

  async createSession(tokenHash: string, userId: number, createdAt: number, expiresAt: number): Promise<void> {
    await this.db
      .statement('sessions.insert', 'INSERT INTO sessions (token_hash, user_id, created_at, expires_at, last_seen_at) VALUES (?, ?, ?, ?, ?)')
      .run([tokenHash, userId, createdAt, expiresAt, createdAt]);
  }

  async sessionByTokenHash(tokenHash: string): Promise<{ userId: number; expiresAt: number; lastSeenAt: number } | undefined> {
    const r = await this.db
      .statement<{ user_id: number; expires_at: number; last_seen_at: number | null; created_at: number }>(
        'sessions.byToken',
        'SELECT user_id, expires_at, last_seen_at, created_at FROM sessions WHERE token_hash = ?',
      )
      .get([tokenHash]);
    return r && { userId: r.user_id, expiresAt: r.expires_at, lastSeenAt: r.last_seen_at ?? r.created_at };
  }

  async touchSession(tokenHash: string, now: number): Promise<void> {
    await this.db.statement('sessions.touch', 'UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?').run([now, tokenHash]);
  }

  /** Ends a user's sessions beyond the newest `keep` (a new sign-in past the limit ends the oldest). */
  async trimSessions(userId: number, keep: number): Promise<number> {
    return (await this.db
      .statement(
        'sessions.trim',
        'DELETE FROM sessions WHERE user_id = ? AND token_hash NOT IN (SELECT token_hash FROM sessions WHERE user_id = ? ORDER BY created_at DESC, rowid DESC LIMIT ?)',
        'DELETE FROM sessions WHERE user_id = ? AND token_hash NOT IN (SELECT token_hash FROM sessions WHERE user_id = ? ORDER BY created_at DESC, token_hash DESC LIMIT ?)',
      )
      .run([userId, userId, keep])).changes;
  }

  /** Ends every session of a user but one (after a password change). */
  async endOtherSessions(userId: number, keepTokenHash: string): Promise<void> {
    await this.db.statement('sessions.endOthers', 'DELETE FROM sessions WHERE user_id = ? AND token_hash <> ?').run([userId, keepTokenHash]);
  }

  async deleteSession(tokenHash: string): Promise<void> {
    await this.db.statement('sessions.delete', 'DELETE FROM sessions WHERE token_hash = ?').run([tokenHash]);
  }

  async deleteExpiredSessions(now: number): Promise<number> {
    return (await this.db.statement('sessions.deleteExpired', 'DELETE FROM sessions WHERE expires_at <= ?').run([now])).changes;
  }
}

/** Inspectors and their responsibility grids (责任网格), for 核实/核查 tasks. */
export class InspectorStore {
  constructor(private readonly db: Db) {}

  async inspectorsOfGrid(gridCode: string): Promise<number[]> {
    return (await this.db
      .statement<{ user_id: number }>(
        'inspectors.ofGrid',
        `SELECT g.user_id FROM inspector_grids g JOIN users u ON u.id = g.user_id AND u.active = 1
         WHERE g.grid_code = ? ORDER BY g.user_id`,
      )
      .all([gridCode]))
      .map((r) => r.user_id);
  }

  async holdsGrid(userId: number, gridCode: string): Promise<boolean> {
    return (
      await this.db.statement('inspectors.holdsGrid', 'SELECT 1 FROM inspector_grids WHERE user_id = ? AND grid_code = ?').get([userId, gridCode]) !==
      undefined
    );
  }

  /** Active users holding the inspector role. */
  async inspectorUsers(): Promise<{ id: number; username: string; displayName: string }[]> {
    return await this.db
      .statement<{ id: number; username: string; displayName: string }>(
        'inspectors.users',
        `SELECT u.id, u.username, u.display_name AS displayName FROM users u JOIN user_roles r ON r.user_id = u.id AND r.role_code = 'inspector'
         WHERE u.active = 1 ORDER BY u.username`,
      )
      .all();
  }

  async gridsOf(userId: number): Promise<string[]> {
    return (await this.db
      .statement<{ grid_code: string }>('inspectors.gridsOf', 'SELECT grid_code FROM inspector_grids WHERE user_id = ? ORDER BY grid_code')
      .all([userId]))
      .map((r) => r.grid_code);
  }
}
