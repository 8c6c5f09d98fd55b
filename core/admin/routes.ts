// 应用维护 API (/api/admin/*, administrators only): the dictionary and its mapping between
// standards, time limits with 立案/结案 conditions, the working calendar, settings (blacklist
// thresholds...), auto-dispatch rules, departments, users and roles, inspectors' grids, the
// grid roster, and the audit trail of all of it.
import { Type, type Static } from 'typebox';
import { badRequest } from '../runtime/errors.js';
import { DUTIES, type Duty } from '../base/roster/index.js';
import { authorize, type GridhallApp } from '../server/authorize.js';
import { ACCOUNT_KEEPERS, ADMINS, AUDITORS } from '../contract/roles.js';
import { SECURITY_ACTIONS } from './audit/index.js';
import type { CountyContext } from '../server/context.js';
import { RoleSchema, withErrors } from '../server/schemas.js';
import type { SettingsMap } from '../workflow/settings/index.js';
import type { Actor } from './service.js';
import { zonedParts } from '../runtime/zone.js';

const Kind = Type.Union([Type.Literal('component'), Type.Literal('event')]);
const LimitKind = Type.Union([Type.Literal('component'), Type.Literal('event'), Type.Literal('*')]);
const Stage = Type.Union(['accept', 'verify', 'register', 'dispatch', 'dispose', 'check', 'close'].map((s) => Type.Literal(s)));
const Unit = Type.Union(['work_hours', 'work_days', 'hours', 'days'].map((s) => Type.Literal(s)));
const ClockUnit = Type.Union([Type.Literal('hours'), Type.Literal('days')]);
const Code = Type.String({ pattern: '^[0-9]{2,5}$' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const DATE = '^[0-9]{4}-[0-9]{2}-[0-9]{2}$';
const strict = { additionalProperties: false } as const;

const ClassBody = Type.Object({
  standardId: Type.String({ maxLength: 40 }), kind: Kind, code: Code, name: Type.String({ minLength: 1, maxLength: 60 }),
  nameEn: Nullable(Type.String({ maxLength: 120 })), localExtension: Type.Boolean(), sort: Type.Integer({ minimum: 0, maximum: 100_000 }),
}, strict);
const MappingBody = Type.Object({
  fromStandard: Type.String({ maxLength: 40 }), kind: Kind, fromCode: Code, toStandard: Type.String({ maxLength: 40 }), toKind: Kind, toCode: Code,
  note: Nullable(Type.String({ maxLength: 200 })),
}, strict);
const LimitBody = Type.Object({
  kind: LimitKind, classCode: Type.String({ pattern: '^([0-9]{4,5}|\\*)$' }), stage: Stage,
  value: Type.Number({ exclusiveMinimum: 0, maximum: 10_000 }), unit: Unit,
  urgentValue: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 10_000 })), urgentUnit: Type.Optional(ClockUnit),
  filingCondition: Type.Optional(Type.String({ maxLength: 500 })), closingCondition: Type.Optional(Type.String({ maxLength: 500 })),
}, strict);
const PeriodsBody = Type.Object({
  periods: Type.Array(Type.Object({ startMin: Type.Integer({ minimum: 0, maximum: 1440 }), endMin: Type.Integer({ minimum: 0, maximum: 1440 }) }, strict), { minItems: 1, maxItems: 6 }),
}, strict);
const DayBody = Type.Object({ kind: Type.Union([Type.Literal('holiday'), Type.Literal('workday')]), name: Nullable(Type.String({ maxLength: 40 })) }, strict);
const RuleBody = Type.Object({
  kind: Kind, classCode: Code, areaCode: Nullable(Type.String({ pattern: '^[0-9]{6,12}$' })), gridCode: Nullable(Type.String({ pattern: '^[0-9]{15}$' })),
  departmentId: Type.Integer({ minimum: 1 }), active: Type.Boolean(), note: Nullable(Type.String({ maxLength: 200 })),
}, strict);
const DepartmentBody = Type.Object({
  code: Type.String({ minLength: 1, maxLength: 30 }), name: Type.String({ minLength: 1, maxLength: 60 }),
  kind: Type.Union(['centre', 'department', 'street', 'enterprise'].map((k) => Type.Literal(k))),
  parentId: Nullable(Type.Integer({ minimum: 1 })), level: Type.Union([Type.Literal(1), Type.Literal(2)]),
  phone: Nullable(Type.String({ maxLength: 40 })), active: Type.Boolean(),
}, strict);
const UserBody = Type.Object({
  username: Type.String({ pattern: '^[A-Za-z0-9_.@-]{2,64}$' }), displayName: Type.String({ minLength: 1, maxLength: 40 }),
  departmentId: Nullable(Type.Integer({ minimum: 1 })), phone: Nullable(Type.String({ maxLength: 40 })), active: Type.Boolean(),
  roles: Type.Array(RoleSchema, { minItems: 1, maxItems: 8, uniqueItems: true }),
  gridCodes: Type.Array(Type.String({ pattern: '^[0-9]{15}$' }), { maxItems: 2000, uniqueItems: true }),
  password: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
}, strict);
const RosterBody = Type.Object({ name: Type.String({ minLength: 1, maxLength: 40 }), phone: Nullable(Type.String({ maxLength: 40 })), userId: Nullable(Type.Integer({ minimum: 1 })) }, strict);

/** The shape each setting must have when a county edits it. */
const SettingBodies = {
  blacklist: Type.Object({ threshold: Type.Integer({ minimum: 2, maximum: 100 }), windowDays: Type.Integer({ minimum: 1, maximum: 366 }) }, strict),
  workflow: Type.Object({
    photoRequiredOnDispose: Type.Boolean(), dueSoonFraction: Type.Number({ minimum: 0, maximum: 0.9 }),
    urgentLimit: Type.Object({ value: Type.Number({ exclusiveMinimum: 0, maximum: 1000 }), unit: Unit }, strict),
  }, strict),
  duplicate: Type.Object({ radiusM: Type.Number({ minimum: 0, maximum: 5000 }) }, strict),
  calendar: Type.Object({
    timeZone: Type.String({ minLength: 1, maxLength: 64 }),
    /** Derived from timeZone; accepted from older consoles and ignored. */
    utcOffsetMinutes: Type.Optional(Type.Integer({ minimum: -720, maximum: 840 })),
    weekendDays: Type.Array(Type.Integer({ minimum: 0, maximum: 6 }), { maxItems: 6, uniqueItems: true }),
  }, strict),
  demo: Type.Object({ liveReportsPerMinute: Type.Number({ minimum: 0, maximum: 600 }) }, strict),
  // 告警规则: which roles each alarm kind reaches.
  alarms: Type.Object({
    routes: Type.Record(Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$' }), Type.Array(RoleSchema, { maxItems: 8, uniqueItems: true }), { additionalProperties: false }),
    otherKinds: Type.Array(RoleSchema, { maxItems: 8, uniqueItems: true }),
  }, strict),
};

/** The settings edited here; channel and field settings belong to their own sections. */
const SETTING_KEYS = Object.keys(SettingBodies) as (keyof typeof SettingBodies & keyof SettingsMap)[];

export function adminRoutes(app: GridhallApp, ctx: CountyContext): void {
  const audit = ctx.audit;
  const roster = ctx.roster;
  const admin = ctx.admin;
  const pre = authorize(ADMINS);
  const security = [{ bearer: [] }];
  const tags = ['administration'];
  const actor = (request: { user: { id: number; username: string } | null }): Actor => ({ id: request.user!.id, username: request.user!.username });
  const ok = { ok: true };
  const route = (summary: string, extra: object = {}, who: ReturnType<typeof authorize> = pre) => ({ preHandler: who, schema: { tags, summary, security, response: withErrors(200), ...extra } });
  // 三员分立: accounts by the system or security administrator, the audit log by the auditor alone.
  const keepers = authorize(ACCOUNT_KEEPERS);
  const auditors = authorize(AUDITORS);

  // dictionary
  app.get('/api/admin/dictionary', route('Standards, classes of one, and the mapping between the two', { querystring: Type.Object({ standard: Type.Optional(Type.String({ maxLength: 40 })) }) }), async (request) => {
    const standards = await ctx.dictionary.listStandards();
    const chosen = (request.query as { standard?: string }).standard ?? (await ctx.dictionary.activeStandard())?.id ?? standards[0]?.id;
    return { standards, standardId: chosen ?? null, classes: chosen ? await ctx.dictionary.list(chosen) : [] };
  });
  app.put('/api/admin/dictionary/classes', route('Add or rename a class', { body: ClassBody }), async (request) => await admin.saveClass(actor(request), request.body as Static<typeof ClassBody>));
  app.delete('/api/admin/dictionary/classes', route('Remove an unused class', { querystring: Type.Object({ standardId: Type.String(), kind: Kind, code: Code }) }), async (request) => {
    const q = request.query as { standardId: string; kind: 'component' | 'event'; code: string };
    await admin.removeClass(actor(request), q.standardId, q.kind, q.code);
    return ok;
  });
  app.put('/api/admin/dictionary/active', route('Switch the standard new components and cases are coded under', { body: Type.Object({ standardId: Type.String({ maxLength: 40 }) }, strict) }), async (request) => {
    await admin.activateStandard(actor(request), (request.body as { standardId: string }).standardId);
    return ok;
  });
  app.get('/api/admin/dictionary/mappings', route('Old class -> new class', { querystring: Type.Object({ from: Type.String(), to: Type.String() }) }), async (request) => {
    const q = request.query as { from: string; to: string };
    return { items: await ctx.dictionary.mappings(q.from, q.to) };
  });
  app.put('/api/admin/dictionary/mappings', route('Set the class an old class maps to', { body: MappingBody }), async (request) => {
    await admin.saveMapping(actor(request), request.body as Static<typeof MappingBody>);
    return ok;
  });
  app.delete('/api/admin/dictionary/mappings', route('Remove a mapping', { querystring: Type.Object({ fromStandard: Type.String(), kind: Kind, fromCode: Code, toStandard: Type.String() }) }), async (request) => {
    const q = request.query as { fromStandard: string; kind: 'component' | 'event'; fromCode: string; toStandard: string };
    await admin.removeMapping(actor(request), q.fromStandard, q.kind, q.fromCode, q.toStandard);
    return ok;
  });

  // time limits
  app.get('/api/admin/limits', route('Time limits and 立案/结案 conditions of the active standard'), async () => {
    const standardId = (await ctx.dictionary.activeStandard())?.id ?? '';
    return { standardId, items: (await ctx.limitsStore.all(standardId)).map(({ id: _id, standardId: _standard, ...limit }) => limit) };
  });
  app.put('/api/admin/limits', route('Set a time limit (new cases use it at once)', { body: LimitBody }), async (request) => {
    await admin.saveLimit(actor(request), request.body as Static<typeof LimitBody>);
    return ok;
  });
  app.delete('/api/admin/limits', route('Remove a class\'s own limit (the default applies again)', { querystring: Type.Object({ kind: LimitKind, classCode: Type.String(), stage: Stage }) }), async (request) => {
    const q = request.query as Static<typeof LimitBody>;
    await admin.removeLimit(actor(request), q.kind, q.classCode, q.stage);
    return ok;
  });

  // calendar
  app.get('/api/admin/calendar', route('Working periods, settings and the dated days of a year', { querystring: Type.Object({ year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })) }) }), async (request) => {
    const year = (request.query as { year?: number }).year ?? zonedParts(ctx.clock.now(), (await ctx.settings.get('calendar')).timeZone).year;
    return { year, periods: await ctx.calendarStore.periods(), settings: await ctx.settings.get('calendar'), days: await ctx.calendarStore.daysBetween(`${year}-01-01`, `${year}-12-31`) };
  });
  app.put('/api/admin/calendar/periods', route('Replace the working periods of a day', { body: PeriodsBody }), async (request) => {
    await admin.setPeriods(actor(request), (request.body as Static<typeof PeriodsBody>).periods);
    return ok;
  });
  app.put('/api/admin/calendar/days/:date', route('Mark a date as a holiday or a make-up working day', { params: Type.Object({ date: Type.String({ pattern: DATE }) }), body: DayBody }), async (request) => {
    await admin.setDay(actor(request), { date: (request.params as { date: string }).date, ...(request.body as Static<typeof DayBody>) });
    return ok;
  });
  app.delete('/api/admin/calendar/days/:date', route('Make a date ordinary again', { params: Type.Object({ date: Type.String({ pattern: DATE }) }) }), async (request) => {
    await admin.removeDay(actor(request), (request.params as { date: string }).date);
    return ok;
  });

  // settings
  app.get('/api/admin/settings', route('Every county-editable setting with its current value'), async () =>
    Object.fromEntries(await Promise.all(SETTING_KEYS.map(async (k) => [k, await ctx.settings.get(k)] as const))),
  );
  for (const key of SETTING_KEYS) {
    app.put(`/api/admin/settings/${key}`, route(`Set the ${key} settings`, { body: SettingBodies[key] }), async (request) => {
      await admin.setSetting(actor(request), key, request.body as SettingsMap[typeof key]);
      return ok;
    });
  }

  // 安全策略 (等保): kept by the security administrator, read by the three administrators.
  const SecurityBody = Type.Object({
    passwordMinLength: Type.Integer({ minimum: 8, maximum: 64 }),
    passwordClasses: Type.Integer({ minimum: 2, maximum: 4 }),
    passwordHistory: Type.Integer({ minimum: 0, maximum: 24 }),
    passwordMaxAgeDays: Type.Integer({ minimum: 0, maximum: 365 }),
    sessionIdleMinutes: Type.Integer({ minimum: 5, maximum: 480 }),
    maxSessionsPerUser: Type.Integer({ minimum: 1, maximum: 20 }),
    // 网络安全法 art. 21: network logs are kept no less than six months.
    logRetentionDays: Type.Integer({ minimum: 180, maximum: 3650 }),
    personalDataRetentionDays: Type.Integer({ minimum: 30, maximum: 3650 }),
  }, strict);
  app.get('/api/admin/security', route('The security policy: password rules, sessions, log and personal-data retention', {}, authorize(['admin', 'security_admin', 'auditor'])), async () => ctx.settings.get('security'));
  app.put('/api/admin/security', route('Set the security policy (安全管理员)', { body: SecurityBody }, authorize(['security_admin'])), async (request) => {
    await admin.setSetting(actor(request), 'security', request.body as SettingsMap['security']);
    return ok;
  });

  // auto-dispatch rules
  app.get('/api/admin/dispatch-rules', route('自动批转 rules'), async () => ({ items: await ctx.dispatchRules.all() }));
  app.post('/api/admin/dispatch-rules', route('Add a rule', { body: RuleBody }), async (request) => ({ id: await admin.saveRule(actor(request), request.body as Static<typeof RuleBody>) }));
  app.put('/api/admin/dispatch-rules/:id', route('Change a rule', { params: Type.Object({ id: Type.Integer({ minimum: 1 }) }), body: RuleBody }), async (request) => ({
    id: await admin.saveRule(actor(request), { ...(request.body as Static<typeof RuleBody>), id: (request.params as { id: number }).id }),
  }));
  app.delete('/api/admin/dispatch-rules/:id', route('Remove a rule', { params: Type.Object({ id: Type.Integer({ minimum: 1 }) }) }), async (request) => {
    await admin.removeRule(actor(request), (request.params as { id: number }).id);
    return ok;
  });

  // departments
  app.get('/api/admin/departments', route('All departments, inactive ones too'), async () => ({ items: await ctx.departments.list({ limit: 10_000 }) }));
  app.post('/api/admin/departments', route('Add a department', { body: DepartmentBody }), async (request) => ({ id: await admin.saveDepartment(actor(request), request.body as Static<typeof DepartmentBody> as never) }));
  app.put('/api/admin/departments/:id', route('Change a department (deactivate with active: false)', { params: Type.Object({ id: Type.Integer({ minimum: 1 }) }), body: DepartmentBody }), async (request) => ({
    id: await admin.saveDepartment(actor(request), { ...(request.body as Static<typeof DepartmentBody>), id: (request.params as { id: number }).id } as never),
  }));

  // users
  app.get('/api/admin/users', route('Users with roles and responsibility grids', {}, keepers), async () => ({ items: await ctx.authStore.listUsers() }));
  app.post('/api/admin/users', route('Add a user (a first password is required)', { body: UserBody }, keepers), async (request) => ({ id: await admin.saveUser(actor(request), request.body as Static<typeof UserBody>, request.user!.roles) }));
  app.put('/api/admin/users/:id', route('Change a user; a password given is set anew', { params: Type.Object({ id: Type.Integer({ minimum: 1 }) }), body: UserBody }, keepers), async (request) => ({
    id: await admin.saveUser(actor(request), { ...(request.body as Static<typeof UserBody>), id: (request.params as { id: number }).id }, request.user!.roles),
  }));

  // grids for pickers, and the roster
  app.get('/api/admin/grids', route('Grid codes with their community, and how much of the roster is filled', { querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 5000 })), offset: Type.Optional(Type.Integer({ minimum: 0 })) }) }), async (request) => {
    const q = request.query as { limit?: number; offset?: number };
    return { total: await ctx.grids.count(), items: await roster.coverage(q.limit ?? 500, q.offset ?? 0) };
  });
  app.get('/api/admin/roster/:grid', route('一格六员 of a grid', { params: Type.Object({ grid: Type.String({ pattern: '^[0-9]{15}$' }) }) }), async (request) => ({
    duties: DUTIES, items: await roster.ofGrid((request.params as { grid: string }).grid),
  }));
  const RosterParams = Type.Object({ grid: Type.String({ pattern: '^[0-9]{15}$' }), duty: Type.Union(DUTIES.map((d) => Type.Literal(d))) });
  app.put('/api/admin/roster/:grid/:duty', route('Name the person on a duty in a grid', { params: RosterParams, body: RosterBody }), async (request) => {
    const p = request.params as { grid: string; duty: Duty };
    await admin.setRoster(actor(request), { gridCode: p.grid, duty: p.duty, ...(request.body as Static<typeof RosterBody>) });
    return ok;
  });
  app.delete('/api/admin/roster/:grid/:duty', route('Leave a duty empty', { params: RosterParams }), async (request) => {
    const p = request.params as { grid: string; duty: Duty };
    await admin.removeRoster(actor(request), p.grid, p.duty);
    return ok;
  });

  // audit
  app.get('/api/admin/audit', route('Who changed what, when, before and after; who signed in, out or failed to, exported or backed up (审计员 only)', {
    querystring: Type.Object({
      entity: Type.Optional(Type.String({ maxLength: 30 })),
      security: Type.Optional(Type.Boolean({ description: 'only the security events: sign-ins, sign-outs, failures, password changes, exports, backups' })),
      limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
      offset: Type.Optional(Type.Integer({ minimum: 0 })),
    }),
  }, auditors), async (request) => {
    const q = request.query as { entity?: string; security?: boolean; limit?: number; offset?: number };
    if (q.offset !== undefined && q.offset > 10_000_000) throw badRequest('offset too large', 'offset');
    return audit.list({ entity: q.entity, actions: q.security ? SECURITY_ACTIONS : undefined, limit: q.limit ?? 100, offset: q.offset ?? 0 });
  });
}
