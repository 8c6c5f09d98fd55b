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
  private async audited<T>(actor: Actor, entity: string, key: string, change: () => Promise<{ action: 'create' | 'update' | 'delete'; before: unknown; after: unknown; result: T }>): Promise<T> {
    return await this.ctx.db.transaction(async () => {
      const { action, before, after, result } = await change();
      await this.audit.record(actor, entity, key, action, before, after, this.now);
      return result;
    });
  }

  private async standardId(): Promise<string> {
    const s = await this.ctx.dictionary.activeStandard();
    if (!s) throw conflict('no class standard is active');
    return s.id;
  }

  // ---- dictionary --------------------------------------------------------------------
  async saveClass(actor: Actor, row: Omit<ClassRow, 'level' | 'bigCode'>): Promise<ClassRow> {
    const standard = (await this.ctx.dictionary.listStandards()).find((s) => s.id === row.standardId);
    if (!standard) throw notFound(`no standard ${row.standardId}`);
    const smallLength = 2 + standard.smallCodeDigits;
    if (row.code.length !== 2 && row.code.length !== smallLength) {
      throw badRequest(`a class of ${standard.id} has a 2-digit big-class code or a ${smallLength}-digit small-class code`, 'code');
    }
    const full: ClassRow = { ...row, level: row.code.length === 2 ? 'big' : 'small', bigCode: row.code.slice(0, 2) };
    if (full.level === 'small' && !await this.ctx.dictionary.get(row.standardId, row.kind, full.bigCode)) {
      throw badRequest(`big class ${full.bigCode} does not exist in ${row.standardId}: add it first`, 'code');
    }
    const before = await this.ctx.dictionary.get(row.standardId, row.kind, row.code);
    return await this.audited(actor, 'class', `${row.standardId}|${row.kind}|${row.code}`, async () => {
      await this.ctx.dictionary.upsert(full);
      return { action: before ? 'update' : 'create', before, after: full, result: full };
    });
  }

  async removeClass(actor: Actor, standardId: string, kind: ClassKind, code: string): Promise<void> {
    const before = await this.ctx.dictionary.get(standardId, kind, code);
    if (!before) throw notFound(`no ${kind} class ${code} in ${standardId}`);
    const used = await this.ctx.dictionary.usage(standardId, kind, code);
    if (used > 0) throw conflict(`class ${code} is in use (${used} components, cases or small classes): rename it instead`, 'code');
    await this.audited(actor, 'class', `${standardId}|${kind}|${code}`, async () => {
      await this.ctx.dictionary.remove(standardId, kind, code);
      return { action: 'delete', before, after: null, result: undefined };
    });
  }

  async activateStandard(actor: Actor, standardId: string): Promise<void> {
    const before = (await this.ctx.dictionary.activeStandard())?.id ?? null;
    if (!(await this.ctx.dictionary.listStandards()).some((s) => s.id === standardId)) throw notFound(`no standard ${standardId}`);
    await this.audited(actor, 'standard', 'active', async () => {
      await this.ctx.dictionary.setActive(standardId);
      return { action: 'update', before, after: standardId, result: undefined };
    });
    this.ctx.limits.invalidate();
  }

  async saveMapping(actor: Actor, m: ClassMapping): Promise<void> {
    if (!await this.ctx.dictionary.get(m.fromStandard, m.kind, m.fromCode)) throw badRequest(`no ${m.kind} class ${m.fromCode} in ${m.fromStandard}`, 'fromCode');
    if (!await this.ctx.dictionary.get(m.toStandard, m.toKind, m.toCode)) throw badRequest(`no ${m.toKind} class ${m.toCode} in ${m.toStandard}`, 'toCode');
    const before = await this.ctx.dictionary.mapping(m.fromStandard, m.kind, m.fromCode, m.toStandard);
    await this.audited(actor, 'classMapping', `${m.fromStandard}|${m.kind}|${m.fromCode}|${m.toStandard}`, async () => {
      await this.ctx.dictionary.setMapping(m);
      return { action: before ? 'update' : 'create', before, after: m, result: undefined };
    });
  }

  async removeMapping(actor: Actor, fromStandard: string, kind: ClassKind, fromCode: string, toStandard: string): Promise<void> {
    const before = await this.ctx.dictionary.mapping(fromStandard, kind, fromCode, toStandard);
    if (!before) throw notFound(`no mapping of ${kind} ${fromCode}`);
    await this.audited(actor, 'classMapping', `${fromStandard}|${kind}|${fromCode}|${toStandard}`, async () => {
      await this.ctx.dictionary.removeMapping(fromStandard, kind, fromCode, toStandard);
      return { action: 'delete', before, after: null, result: undefined };
    });
  }

  // ---- time limits and 立案/结案 standards ---------------------------------------------
  async saveLimit(actor: Actor, row: LimitRow): Promise<void> {
    const standardId = await this.standardId();
    if (row.classCode !== '*' && row.kind !== '*' && !await this.ctx.dictionary.get(standardId, row.kind, row.classCode)) {
      throw badRequest(`no ${row.kind} class ${row.classCode} in ${standardId}`, 'classCode');
    }
    if ((row.urgentValue === undefined) !== (row.urgentUnit === undefined)) throw badRequest('an urgent limit needs both a value and a unit', 'urgentValue');
    const before = await this.ctx.limitsStore.get(standardId, row.kind, row.classCode, row.stage);
    await this.audited(actor, 'limit', `${standardId}|${row.kind}|${row.classCode}|${row.stage}`, async () => {
      await this.ctx.limitsStore.upsert(standardId, row);
      return { action: before ? 'update' : 'create', before, after: row, result: undefined };
    });
    this.ctx.limits.invalidate();
  }

  async removeLimit(actor: Actor, kind: LimitRow['kind'], classCode: string, stage: Stage): Promise<void> {
    const standardId = await this.standardId();
    if (classCode === '*') throw conflict('the default limit of a kind cannot be removed, only changed', 'classCode');
    const before = await this.ctx.limitsStore.get(standardId, kind, classCode, stage);
    if (!before) throw notFound(`no limit for ${kind} ${classCode} ${stage}`);
    await this.audited(actor, 'limit', `${standardId}|${kind}|${classCode}|${stage}`, async () => {
      await this.ctx.limitsStore.remove(standardId, kind, classCode, stage);
      return { action: 'delete', before, after: null, result: undefined };
    });
    this.ctx.limits.invalidate();
  }

  // ---- working calendar ---------------------------------------------------------------
  async setPeriods(actor: Actor, periods: WorkingPeriod[]): Promise<void> {
    const sorted = [...periods].sort((a, b) => a.startMin - b.startMin);
    if (sorted.length === 0) throw badRequest('a working day needs at least one working period', 'periods');
    for (const [k, p] of sorted.entries()) {
      if (!(p.startMin >= 0 && p.endMin <= 1440 && p.startMin < p.endMin)) throw badRequest(`period ${k + 1} does not run forward within a day`, 'periods');
      if (k > 0 && p.startMin < sorted[k - 1]!.endMin) throw badRequest('working periods overlap', 'periods');
    }
    const before = await this.ctx.calendarStore.periods();
    await this.audited(actor, 'calendar', 'periods', async () => {
      await this.ctx.calendarStore.replacePeriods(sorted);
      return { action: 'update', before, after: sorted, result: undefined };
    });
    await this.ctx.calendars.invalidate();
  }

  async setDay(actor: Actor, day: Omit<CalendarDay, 'source'>): Promise<void> {
    const before = (await this.ctx.calendarStore.daysBetween(day.date, day.date))[0];
    const after: CalendarDay = { ...day, source: 'local' };
    await this.audited(actor, 'calendar', day.date, async () => {
      await this.ctx.calendarStore.upsertDay(after);
      return { action: before ? 'update' : 'create', before, after, result: undefined };
    });
    await this.ctx.calendars.invalidate();
  }

  async removeDay(actor: Actor, date: string): Promise<void> {
    const before = (await this.ctx.calendarStore.daysBetween(date, date))[0];
    if (!before) throw notFound(`${date} is an ordinary day already`);
    await this.audited(actor, 'calendar', date, async () => {
      await this.ctx.calendarStore.deleteDay(date);
      return { action: 'delete', before, after: null, result: undefined };
    });
    await this.ctx.calendars.invalidate();
  }

  /** Resets the working periods to the default 08:00–12:00, 14:00–18:00. */
  defaultPeriods(): WorkingPeriod[] {
    return DEFAULT_PERIODS;
  }

  // ---- settings (blacklist thresholds, workflow, calendar weekend) -------------------
  /** The calendar settings: the zone and weekend days (the UTC offset is derived from the zone). */
  async setCalendar(actor: Actor, value: Pick<SettingsMap['calendar'], 'timeZone' | 'weekendDays'>): Promise<void> {
    await this.setSetting(actor, 'calendar', value as SettingsMap['calendar']);
  }

  async setSetting<K extends keyof SettingsMap>(actor: Actor, key: K, value: SettingsMap[K]): Promise<void> {
    if (key === 'calendar') {
      const { timeZone, weekendDays } = value as SettingsMap['calendar'];
      if (!isTimeZone(timeZone)) throw badRequest(`unknown time zone ${timeZone} (未知时区; an IANA name such as Asia/Shanghai)`, 'timeZone');
      value = { timeZone, weekendDays } as SettingsMap[K]; // the offset is derived from the zone
    }
    if (key === 'backups') value = checkBackupSettings(value as SettingsMap['backups'], this.ctx.config.dataDir) as SettingsMap[K];
    const before = await this.ctx.settings.get(key);
    await this.audited(actor, 'setting', key, async () => {
      await this.ctx.settings.set(key, value, this.now, actor.id);
      if (key === 'backups') {
        const [was, now] = [before as SettingsMap['backups'], value as SettingsMap['backups']];
        // A new time (or a schedule switched on) fires from now on, not for a slot already past.
        if (was.time !== now.time || was.enabled !== now.enabled) await this.ctx.backupSchedule.rescheduled(this.now);
      }
      return { action: 'update', before, after: value, result: undefined };
    });
    if (key === 'calendar') await this.ctx.calendars.invalidate();
    if (key === 'workflow') this.ctx.limits.invalidate();
  }

  // ---- auto-dispatch rules -------------------------------------------------------------
  async saveRule(actor: Actor, rule: Omit<DispatchRule, 'id'> & { id?: number }): Promise<number> {
    if (!await this.ctx.departments.get(rule.departmentId)) throw badRequest(`no department ${rule.departmentId}`, 'departmentId');
    if (rule.gridCode && !await this.ctx.grids.get(rule.gridCode)) throw badRequest(`no grid ${rule.gridCode}`, 'gridCode');
    if (!await this.ctx.dictionary.get(await this.standardId(), rule.kind, rule.classCode)) throw badRequest(`no ${rule.kind} class ${rule.classCode}`, 'classCode');
    const before = rule.id === undefined ? undefined : await this.ctx.dispatchRules.get(rule.id);
    if (rule.id !== undefined && !before) throw notFound(`no dispatch rule ${rule.id}`);
    const id = await this.audited(actor, 'dispatchRule', String(rule.id ?? 'new'), async () => {
      if (before) {
        await this.ctx.dispatchRules.update({ ...rule, id: before.id });
        return { action: 'update', before, after: rule, result: before.id };
      }
      const created = await this.ctx.dispatchRules.insert(rule);
      return { action: 'create', before: null, after: { ...rule, id: created }, result: created };
    });
    this.ctx.dispatch.invalidate();
    return id;
  }

  async removeRule(actor: Actor, id: number): Promise<void> {
    const before = await this.ctx.dispatchRules.get(id);
    if (!before) throw notFound(`no dispatch rule ${id}`);
    await this.audited(actor, 'dispatchRule', String(id), async () => {
      await this.ctx.dispatchRules.delete(id);
      return { action: 'delete', before, after: null, result: undefined };
    });
    this.ctx.dispatch.invalidate();
  }

  // ---- departments ---------------------------------------------------------------------
  async saveDepartment(actor: Actor, d: Omit<DepartmentRow, 'id'> & { id?: number }): Promise<number> {
    if (d.parentId !== null && !await this.ctx.departments.get(d.parentId)) throw badRequest(`no parent department ${d.parentId}`, 'parentId');
    if (d.id !== undefined && d.parentId === d.id) throw badRequest('a department cannot be its own parent', 'parentId');
    const before = d.id === undefined ? undefined : await this.ctx.departments.get(d.id);
    if (d.id !== undefined && !before) throw notFound(`no department ${d.id}`);
    const clash = await this.ctx.departments.getByCode(d.code);
    if (clash && clash.id !== d.id) throw conflict(`department code ${d.code} is taken by ${clash.name}`, 'code');
    const today = await countyDate(this.ctx.db, this.now);
    return await this.audited(actor, 'department', d.code, async () => {
      if (before) {
        await this.ctx.departments.update(before.id, d, today);
        return { action: 'update', before, after: { ...d, id: before.id }, result: before.id };
      }
      const id = await this.ctx.departments.create(d, today);
      return { action: 'create', before: null, after: { ...d, id }, result: id };
    });
  }

  // ---- users, roles, inspectors' grids -----------------------------------------------------
  async saveUser(actor: Actor, u: UserInput & { id?: number }, actorRoles: readonly RoleCode[] = ['admin']): Promise<number> {
    if (u.password !== undefined) checkPassword(u.password, u.username, await this.ctx.settings.get('security'));
    // 三员分立: no account holds two of the three administrators' roles, and only the security
    // administrator grants or takes them.
    const adminRoles = u.roles.filter((r) => (THREE_ADMINS as readonly RoleCode[]).includes(r));
    if (adminRoles.length > 1) throw badRequest(`${adminRoles.join(' and ')} may not be held by one account (三员分立：系统管理员、安全管理员、审计员不能兼任)`, 'roles');
    const heldBefore = u.id === undefined ? [] : await this.ctx.authStore.rolesOf(u.id);
    const touchesAdmins = THREE_ADMINS.some((r) => heldBefore.includes(r) !== u.roles.includes(r));
    if (touchesAdmins && !actorRoles.includes('security_admin')) {
      throw forbidden('Only the security administrator grants or removes the administrators\' roles (仅安全管理员可授予或撤销管理员角色)');
    }
    if (u.departmentId !== null && !await this.ctx.departments.get(u.departmentId)) throw badRequest(`no department ${u.departmentId}`, 'departmentId');
    for (const g of u.gridCodes) if (!await this.ctx.grids.get(g)) throw badRequest(`no grid ${g}`, 'gridCodes');
    const auth = this.ctx.authStore;
    const existing = u.id === undefined ? undefined : await auth.userById(u.id);
    if (u.id !== undefined && !existing) throw notFound(`no user ${u.id}`);
    const clash = await auth.userByName(u.username);
    if (clash && clash.id !== u.id) throw conflict(`user name ${u.username} is taken`, 'username');
    if (!existing && u.password === undefined) throw badRequest('a new user needs a first password', 'password');
    if (existing && existing.id === actor.id && u.password !== undefined) {
      throw badRequest('Change your own password with 修改密码 (it asks for the current one); an administrator sets only other people\'s (请通过“修改密码”修改本人密码)', 'password');
    }
    if (existing && existing.id === actor.id && (!u.active || !actorRoles.every((r) => !(THREE_ADMINS as readonly RoleCode[]).includes(r) || u.roles.includes(r)))) {
      throw conflict('you cannot take away your own administrator role or account', 'roles');
    }
    const hash = u.password === undefined ? undefined : await hashPassword(u.password);
    const view = async (id: number) => {
      const r = (await auth.userById(id))!;
      return { username: r.username, displayName: r.displayName, departmentId: r.departmentId, phone: r.phone, active: r.active, roles: await auth.rolesOf(id), gridCodes: await auth.gridsOf(id) };
    };
    return await this.audited(actor, 'user', u.username, async () => {
      if (existing) {
        const before = await view(existing.id);
        await auth.updateUser(existing.id, u);
        await auth.setRoles(existing.id, u.roles);
        await auth.setGrids(existing.id, u.gridCodes);
        if (hash) {
          // A password someone else chose is known to them: the owner must change it at the next
          // sign-in, and the sessions opened with the old one end.
          await auth.setPassword(existing.id, hash);
          await auth.setMustChangePassword(existing.id, true);
          await auth.endSessions(existing.id);
        }
        // The password itself is never written to the audit, only that it changed.
        return { action: 'update', before, after: { ...await view(existing.id), passwordChanged: hash !== undefined }, result: existing.id };
      }
      // The first password was chosen by an administrator: it must be changed at the first sign-in.
      const id = await auth.createUser({ ...u, passwordHash: hash!, mustChangePassword: true }, this.now);
      if (!u.active) await auth.updateUser(id, u);
      return { action: 'create', before: null, after: await view(id), result: id };
    });
  }

  // ---- grid roster (一格六员) ----------------------------------------------------------
  async setRoster(actor: Actor, entry: RosterEntry): Promise<void> {
    if (!await this.ctx.grids.get(entry.gridCode)) throw notFound(`no grid ${entry.gridCode}`);
    if (entry.userId !== null && !await this.ctx.authStore.userById(entry.userId)) throw badRequest(`no user ${entry.userId}`, 'userId');
    const before = await this.roster.get(entry.gridCode, entry.duty);
    await this.audited(actor, 'roster', `${entry.gridCode}|${entry.duty}`, async () => {
      await this.roster.set(entry);
      return { action: before ? 'update' : 'create', before, after: entry, result: undefined };
    });
  }

  async removeRoster(actor: Actor, gridCode: string, duty: Duty): Promise<void> {
    const before = await this.roster.get(gridCode, duty);
    if (!before) throw notFound(`nobody holds ${duty} in grid ${gridCode}`);
    await this.audited(actor, 'roster', `${gridCode}|${duty}`, async () => {
      await this.roster.remove(gridCode, duty);
      return { action: 'delete', before, after: null, result: undefined };
    });
  }
}

