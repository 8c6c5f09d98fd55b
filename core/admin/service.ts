// 应用维护: the centre's rules and organisation, edited without a programmer. Every change
// runs in one transaction with its audit row (who, when, before, after), and the services
// that cache what changed are told to rebuild (calendar, limits, auto-dispatch).
import { checkPassword, hashPassword } from '../base/people/index.js';
import { THREE_ADMINS } from '../contract/roles.js';
import type { AuditActor, AuditStore } from './audit/index.js';
import { DEFAULT_PERIODS, type WorkingPeriod } from '../workflow/calendar/index.js';
import type { CalendarDay } from '../workflow/calendar/index.js';
import type { RoleCode } from '../contract/index.js';
import type { DepartmentRow } from '../base/departments/index.js';
import type { DispatchRule } from '../workflow/dispatch/index.js';
import type { ClassKind, ClassMapping, ClassRow } from '../base/dictionary/index.js';
import { badRequest, conflict, forbidden, notFound } from '../runtime/errors.js';
import { countyDate } from './imports/index.js';
import type { LimitRow, Stage } from '../workflow/limits/index.js';
import type { Duty, RosterEntry, RosterStore } from '../base/roster/index.js';
import type { CountyContext } from '../server/context.js';
import { isTimeZone } from '../runtime/zone.js';
import { checkBackupSettings } from './backup/index.js';
import type { SettingsMap } from '../workflow/settings/index.js';

export type Actor = AuditActor;

export interface UserInput {
  username: string;
  displayName: string;
  departmentId: number | null;
  phone: string | null;
  active: boolean;
  roles: RoleCode[];
  gridCodes: string[];
  password?: string;
}

export class AdminService {
  constructor(
    private readonly ctx: Omit<CountyContext, 'admin' | 'video' | 'recordings' | 'cameraEvents'>,
    private readonly audit: AuditStore,
    private readonly roster: RosterStore,
  ) {}

  private get now(): number {
    return this.ctx.clock.now();
  }

  /** Runs a change and its audit row in one transaction. */
  private audited<T>(actor: Actor, entity: string, key: string, change: () => { action: 'create' | 'update' | 'delete'; before: unknown; after: unknown; result: T }): T {
    return this.ctx.db.transaction(() => {
      const { action, before, after, result } = change();
      this.audit.record(actor, entity, key, action, before, after, this.now);
      return result;
    });
  }

  private standardId(): string {
    const s = this.ctx.dictionary.activeStandard();
    if (!s) throw conflict('no class standard is active');
    return s.id;
  }

  // ---- dictionary --------------------------------------------------------------------
  saveClass(actor: Actor, row: Omit<ClassRow, 'level' | 'bigCode'>): ClassRow {
    const standard = this.ctx.dictionary.listStandards().find((s) => s.id === row.standardId);
    if (!standard) throw notFound(`no standard ${row.standardId}`);
    const smallLength = 2 + standard.smallCodeDigits;
    if (row.code.length !== 2 && row.code.length !== smallLength) {
      throw badRequest(`a class of ${standard.id} has a 2-digit big-class code or a ${smallLength}-digit small-class code`, 'code');
    }
    const full: ClassRow = { ...row, level: row.code.length === 2 ? 'big' : 'small', bigCode: row.code.slice(0, 2) };
    if (full.level === 'small' && !this.ctx.dictionary.get(row.standardId, row.kind, full.bigCode)) {
      throw badRequest(`big class ${full.bigCode} does not exist in ${row.standardId}: add it first`, 'code');
    }
    const before = this.ctx.dictionary.get(row.standardId, row.kind, row.code);
    return this.audited(actor, 'class', `${row.standardId}|${row.kind}|${row.code}`, () => {
      this.ctx.dictionary.upsert(full);
      return { action: before ? 'update' : 'create', before, after: full, result: full };
    });
  }

  removeClass(actor: Actor, standardId: string, kind: ClassKind, code: string): void {
    const before = this.ctx.dictionary.get(standardId, kind, code);
    if (!before) throw notFound(`no ${kind} class ${code} in ${standardId}`);
    const used = this.ctx.dictionary.usage(standardId, kind, code);
    if (used > 0) throw conflict(`class ${code} is in use (${used} components, cases or small classes): rename it instead`, 'code');
    this.audited(actor, 'class', `${standardId}|${kind}|${code}`, () => {
      this.ctx.dictionary.remove(standardId, kind, code);
      return { action: 'delete', before, after: null, result: undefined };
    });
  }

  activateStandard(actor: Actor, standardId: string): void {
    const before = this.ctx.dictionary.activeStandard()?.id ?? null;
    if (!this.ctx.dictionary.listStandards().some((s) => s.id === standardId)) throw notFound(`no standard ${standardId}`);
    this.audited(actor, 'standard', 'active', () => {
      this.ctx.dictionary.setActive(standardId);
      return { action: 'update', before, after: standardId, result: undefined };
    });
    this.ctx.limits.invalidate();
  }

  saveMapping(actor: Actor, m: ClassMapping): void {
    if (!this.ctx.dictionary.get(m.fromStandard, m.kind, m.fromCode)) throw badRequest(`no ${m.kind} class ${m.fromCode} in ${m.fromStandard}`, 'fromCode');
    if (!this.ctx.dictionary.get(m.toStandard, m.toKind, m.toCode)) throw badRequest(`no ${m.toKind} class ${m.toCode} in ${m.toStandard}`, 'toCode');
    const before = this.ctx.dictionary.mapping(m.fromStandard, m.kind, m.fromCode, m.toStandard);
    this.audited(actor, 'classMapping', `${m.fromStandard}|${m.kind}|${m.fromCode}|${m.toStandard}`, () => {
      this.ctx.dictionary.setMapping(m);
      return { action: before ? 'update' : 'create', before, after: m, result: undefined };
    });
  }

  removeMapping(actor: Actor, fromStandard: string, kind: ClassKind, fromCode: string, toStandard: string): void {
    const before = this.ctx.dictionary.mapping(fromStandard, kind, fromCode, toStandard);
    if (!before) throw notFound(`no mapping of ${kind} ${fromCode}`);
    this.audited(actor, 'classMapping', `${fromStandard}|${kind}|${fromCode}|${toStandard}`, () => {
      this.ctx.dictionary.removeMapping(fromStandard, kind, fromCode, toStandard);
      return { action: 'delete', before, after: null, result: undefined };
    });
  }

  // ---- time limits and 立案/结案 standards ---------------------------------------------
  saveLimit(actor: Actor, row: LimitRow): void {
    const standardId = this.standardId();
    if (row.classCode !== '*' && row.kind !== '*' && !this.ctx.dictionary.get(standardId, row.kind, row.classCode)) {
      throw badRequest(`no ${row.kind} class ${row.classCode} in ${standardId}`, 'classCode');
    }
    if ((row.urgentValue === undefined) !== (row.urgentUnit === undefined)) throw badRequest('an urgent limit needs both a value and a unit', 'urgentValue');
    const before = this.ctx.limitsStore.get(standardId, row.kind, row.classCode, row.stage);
    this.audited(actor, 'limit', `${standardId}|${row.kind}|${row.classCode}|${row.stage}`, () => {
      this.ctx.limitsStore.upsert(standardId, row);
      return { action: before ? 'update' : 'create', before, after: row, result: undefined };
    });
    this.ctx.limits.invalidate();
  }

  removeLimit(actor: Actor, kind: LimitRow['kind'], classCode: string, stage: Stage): void {
    const standardId = this.standardId();
    if (classCode === '*') throw conflict('the default limit of a kind cannot be removed, only changed', 'classCode');
    const before = this.ctx.limitsStore.get(standardId, kind, classCode, stage);
    if (!before) throw notFound(`no limit for ${kind} ${classCode} ${stage}`);
    this.audited(actor, 'limit', `${standardId}|${kind}|${classCode}|${stage}`, () => {
      this.ctx.limitsStore.remove(standardId, kind, classCode, stage);
      return { action: 'delete', before, after: null, result: undefined };
    });
    this.ctx.limits.invalidate();
  }

  // ---- working calendar ---------------------------------------------------------------
  setPeriods(actor: Actor, periods: WorkingPeriod[]): void {
    const sorted = [...periods].sort((a, b) => a.startMin - b.startMin);
    if (sorted.length === 0) throw badRequest('a working day needs at least one working period', 'periods');
    for (const [k, p] of sorted.entries()) {
      if (!(p.startMin >= 0 && p.endMin <= 1440 && p.startMin < p.endMin)) throw badRequest(`period ${k + 1} does not run forward within a day`, 'periods');
      if (k > 0 && p.startMin < sorted[k - 1]!.endMin) throw badRequest('working periods overlap', 'periods');
    }
    const before = this.ctx.calendarStore.periods();
    this.audited(actor, 'calendar', 'periods', () => {
      this.ctx.calendarStore.replacePeriods(sorted);
      return { action: 'update', before, after: sorted, result: undefined };
    });
    this.ctx.calendars.invalidate();
  }

  setDay(actor: Actor, day: Omit<CalendarDay, 'source'>): void {
    const before = this.ctx.calendarStore.daysBetween(day.date, day.date)[0];
    const after: CalendarDay = { ...day, source: 'local' };
    this.audited(actor, 'calendar', day.date, () => {
      this.ctx.calendarStore.upsertDay(after);
      return { action: before ? 'update' : 'create', before, after, result: undefined };
    });
    this.ctx.calendars.invalidate();
  }

  removeDay(actor: Actor, date: string): void {
    const before = this.ctx.calendarStore.daysBetween(date, date)[0];
    if (!before) throw notFound(`${date} is an ordinary day already`);
    this.audited(actor, 'calendar', date, () => {
      this.ctx.calendarStore.deleteDay(date);
      return { action: 'delete', before, after: null, result: undefined };
    });
    this.ctx.calendars.invalidate();
  }

  /** Resets the working periods to the default 08:00–12:00, 14:00–18:00. */
  defaultPeriods(): WorkingPeriod[] {
    return DEFAULT_PERIODS;
  }

  // ---- settings (blacklist thresholds, workflow, calendar weekend) -------------------
  /** The calendar settings: the zone and weekend days (the UTC offset is derived from the zone). */
  setCalendar(actor: Actor, value: Pick<SettingsMap['calendar'], 'timeZone' | 'weekendDays'>): void {
    this.setSetting(actor, 'calendar', value as SettingsMap['calendar']);
  }

  setSetting<K extends keyof SettingsMap>(actor: Actor, key: K, value: SettingsMap[K]): void {
    if (key === 'calendar') {
      const { timeZone, weekendDays } = value as SettingsMap['calendar'];
      if (!isTimeZone(timeZone)) throw badRequest(`unknown time zone ${timeZone} (未知时区; an IANA name such as Asia/Shanghai)`, 'timeZone');
      value = { timeZone, weekendDays } as SettingsMap[K]; // the offset is derived from the zone
    }
    if (key === 'backups') value = checkBackupSettings(value as SettingsMap['backups'], this.ctx.config.dataDir) as SettingsMap[K];
    const before = this.ctx.settings.get(key);
    this.audited(actor, 'setting', key, () => {
      this.ctx.settings.set(key, value, this.now, actor.id);
      if (key === 'backups') {
        const [was, now] = [before as SettingsMap['backups'], value as SettingsMap['backups']];
        // A new time (or a schedule switched on) fires from now on, not for a slot already past.
        if (was.time !== now.time || was.enabled !== now.enabled) this.ctx.backupSchedule.rescheduled(this.now);
      }
      return { action: 'update', before, after: value, result: undefined };
    });
    if (key === 'calendar') this.ctx.calendars.invalidate();
    if (key === 'workflow') this.ctx.limits.invalidate();
  }

  // ---- auto-dispatch rules -------------------------------------------------------------
  saveRule(actor: Actor, rule: Omit<DispatchRule, 'id'> & { id?: number }): number {
    if (!this.ctx.departments.get(rule.departmentId)) throw badRequest(`no department ${rule.departmentId}`, 'departmentId');
    if (rule.gridCode && !this.ctx.grids.get(rule.gridCode)) throw badRequest(`no grid ${rule.gridCode}`, 'gridCode');
    if (!this.ctx.dictionary.get(this.standardId(), rule.kind, rule.classCode)) throw badRequest(`no ${rule.kind} class ${rule.classCode}`, 'classCode');
    const before = rule.id === undefined ? undefined : this.ctx.dispatchRules.get(rule.id);
    if (rule.id !== undefined && !before) throw notFound(`no dispatch rule ${rule.id}`);
    const id = this.audited(actor, 'dispatchRule', String(rule.id ?? 'new'), () => {
      if (before) {
        this.ctx.dispatchRules.update({ ...rule, id: before.id });
        return { action: 'update', before, after: rule, result: before.id };
      }
      const created = this.ctx.dispatchRules.insert(rule);
      return { action: 'create', before: null, after: { ...rule, id: created }, result: created };
    });
    this.ctx.dispatch.invalidate();
    return id;
  }

  removeRule(actor: Actor, id: number): void {
    const before = this.ctx.dispatchRules.get(id);
    if (!before) throw notFound(`no dispatch rule ${id}`);
    this.audited(actor, 'dispatchRule', String(id), () => {
      this.ctx.dispatchRules.delete(id);
      return { action: 'delete', before, after: null, result: undefined };
    });
    this.ctx.dispatch.invalidate();
  }

  // ---- departments ---------------------------------------------------------------------
  saveDepartment(actor: Actor, d: Omit<DepartmentRow, 'id'> & { id?: number }): number {
    if (d.parentId !== null && !this.ctx.departments.get(d.parentId)) throw badRequest(`no parent department ${d.parentId}`, 'parentId');
    if (d.id !== undefined && d.parentId === d.id) throw badRequest('a department cannot be its own parent', 'parentId');
    const before = d.id === undefined ? undefined : this.ctx.departments.get(d.id);
    if (d.id !== undefined && !before) throw notFound(`no department ${d.id}`);
    const clash = this.ctx.departments.getByCode(d.code);
    if (clash && clash.id !== d.id) throw conflict(`department code ${d.code} is taken by ${clash.name}`, 'code');
    const today = countyDate(this.ctx.db, this.now);
    return this.audited(actor, 'department', d.code, () => {
      if (before) {
        this.ctx.departments.update(before.id, d, today);
        return { action: 'update', before, after: { ...d, id: before.id }, result: before.id };
      }
      const id = this.ctx.departments.create(d, today);
      return { action: 'create', before: null, after: { ...d, id }, result: id };
    });
  }

  // ---- users, roles, inspectors' grids -----------------------------------------------------
  async saveUser(actor: Actor, u: UserInput & { id?: number }, actorRoles: readonly RoleCode[] = ['admin']): Promise<number> {
    if (u.password !== undefined) checkPassword(u.password, u.username, this.ctx.settings.get('security'));
    // 三员分立: no account holds two of the three administrators' roles, and only the security
    // administrator grants or takes them.
    const adminRoles = u.roles.filter((r) => (THREE_ADMINS as readonly RoleCode[]).includes(r));
    if (adminRoles.length > 1) throw badRequest(`${adminRoles.join(' and ')} may not be held by one account (三员分立：系统管理员、安全管理员、审计员不能兼任)`, 'roles');
    const heldBefore = u.id === undefined ? [] : this.ctx.authStore.rolesOf(u.id);
    const touchesAdmins = THREE_ADMINS.some((r) => heldBefore.includes(r) !== u.roles.includes(r));
    if (touchesAdmins && !actorRoles.includes('security_admin')) {
      throw forbidden('Only the security administrator grants or removes the administrators\' roles (仅安全管理员可授予或撤销管理员角色)');
    }
    if (u.departmentId !== null && !this.ctx.departments.get(u.departmentId)) throw badRequest(`no department ${u.departmentId}`, 'departmentId');
    for (const g of u.gridCodes) if (!this.ctx.grids.get(g)) throw badRequest(`no grid ${g}`, 'gridCodes');
    const auth = this.ctx.authStore;
    const existing = u.id === undefined ? undefined : auth.userById(u.id);
    if (u.id !== undefined && !existing) throw notFound(`no user ${u.id}`);
    const clash = auth.userByName(u.username);
    if (clash && clash.id !== u.id) throw conflict(`user name ${u.username} is taken`, 'username');
    if (!existing && u.password === undefined) throw badRequest('a new user needs a first password', 'password');
    if (existing && existing.id === actor.id && u.password !== undefined) {
      throw badRequest('Change your own password with 修改密码 (it asks for the current one); an administrator sets only other people\'s (请通过“修改密码”修改本人密码)', 'password');
    }
    if (existing && existing.id === actor.id && (!u.active || !actorRoles.every((r) => !(THREE_ADMINS as readonly RoleCode[]).includes(r) || u.roles.includes(r)))) {
      throw conflict('you cannot take away your own administrator role or account', 'roles');
    }
    const hash = u.password === undefined ? undefined : await hashPassword(u.password);
    const view = (id: number) => {
      const r = auth.userById(id)!;
      return { username: r.username, displayName: r.displayName, departmentId: r.departmentId, phone: r.phone, active: r.active, roles: auth.rolesOf(id), gridCodes: auth.gridsOf(id) };
    };
    return this.audited(actor, 'user', u.username, () => {
      if (existing) {
        const before = view(existing.id);
        auth.updateUser(existing.id, u);
        auth.setRoles(existing.id, u.roles);
        auth.setGrids(existing.id, u.gridCodes);
        if (hash) {
          // A password someone else chose is known to them: the owner must change it at the next
          // sign-in, and the sessions opened with the old one end.
          auth.setPassword(existing.id, hash);
          auth.setMustChangePassword(existing.id, true);
          auth.endSessions(existing.id);
        }
        // The password itself is never written to the audit, only that it changed.
        return { action: 'update', before, after: { ...view(existing.id), passwordChanged: hash !== undefined }, result: existing.id };
      }
      // The first password was chosen by an administrator: it must be changed at the first sign-in.
      const id = auth.createUser({ ...u, passwordHash: hash!, mustChangePassword: true }, this.now);
      if (!u.active) auth.updateUser(id, u);
      return { action: 'create', before: null, after: view(id), result: id };
    });
  }

  // ---- grid roster (一格六员) ----------------------------------------------------------
  setRoster(actor: Actor, entry: RosterEntry): void {
    if (!this.ctx.grids.get(entry.gridCode)) throw notFound(`no grid ${entry.gridCode}`);
    if (entry.userId !== null && !this.ctx.authStore.userById(entry.userId)) throw badRequest(`no user ${entry.userId}`, 'userId');
    const before = this.roster.get(entry.gridCode, entry.duty);
    this.audited(actor, 'roster', `${entry.gridCode}|${entry.duty}`, () => {
      this.roster.set(entry);
      return { action: before ? 'update' : 'create', before, after: entry, result: undefined };
    });
  }

  removeRoster(actor: Actor, gridCode: string, duty: Duty): void {
    const before = this.roster.get(gridCode, duty);
    if (!before) throw notFound(`nobody holds ${duty} in grid ${gridCode}`);
    this.audited(actor, 'roster', `${gridCode}|${duty}`, () => {
      this.roster.remove(gridCode, duty);
      return { action: 'delete', before, after: null, result: undefined };
    });
  }
}

