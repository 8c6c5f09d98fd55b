// 应用维护 (/api/admin/*): the dictionary and its mapping between standards, time limits with
// 立案/结案 conditions, the working calendar, settings, the security policy, auto-dispatch rules,
// departments, users and roles, the grid roster, and the audit trail. Administrators only, but
// 三员分立: accounts by the system or security administrator, the audit log by the auditor alone.
import { Type } from 'typebox';
import {
  AdminSettings,
  AdminUserView,
  AuditEntry,
  CalendarDayView,
  ClassKind,
  ClassMappingView,
  ClassStandardView,
  ClassView,
  DepartmentView,
  DispatchRuleView,
  Duty,
  LimitStage,
  LimitUnitName,
  RosterEntry,
  TimeLimitView,
} from '../admin.js';
import { IdParams } from '../common.js';
import { endpoint } from '../endpoint.js';
import { ACCOUNT_KEEPERS, ADMINS, AUDITORS, RoleCode, THREE_ADMINS } from '../roles.js';

const tag = 'administration';
const strict = { additionalProperties: false } as const;
const Ok = Type.Object({ ok: Type.Boolean() });
const Saved = Type.Object({ id: Type.Number() });
const Code = Type.String({ pattern: '^[0-9]{2,5}$' });
const LimitKind = Type.Union([ClassKind, Type.Literal('*')]);
const ClockUnit = Type.Enum(['hours', 'days']);
const DATE = '^[0-9]{4}-[0-9]{2}-[0-9]{2}$';
const GRID = '^[0-9]{15}$';
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Periods = Type.Array(Type.Object({ startMin: Type.Integer({ minimum: 0, maximum: 1440 }), endMin: Type.Integer({ minimum: 0, maximum: 1440 }) }, strict), { minItems: 1, maxItems: 6 });

export const ClassBody = Type.Object({
  standardId: Type.String({ maxLength: 40 }), kind: ClassKind, code: Code, name: Type.String({ minLength: 1, maxLength: 60 }),
  nameEn: Nullable(Type.String({ maxLength: 120 })), localExtension: Type.Boolean(), sort: Type.Integer({ minimum: 0, maximum: 100_000 }),
}, strict);
export const MappingBody = Type.Object({
  fromStandard: Type.String({ maxLength: 40 }), kind: ClassKind, fromCode: Code, toStandard: Type.String({ maxLength: 40 }), toKind: ClassKind, toCode: Code,
  note: Nullable(Type.String({ maxLength: 200 })),
}, strict);
export const LimitBody = Type.Object({
  kind: LimitKind, classCode: Type.String({ pattern: '^([0-9]{4,5}|\\*)$' }), stage: LimitStage,
  value: Type.Number({ exclusiveMinimum: 0, maximum: 10_000 }), unit: LimitUnitName,
  urgentValue: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 10_000 })), urgentUnit: Type.Optional(ClockUnit),
  filingCondition: Type.Optional(Type.String({ maxLength: 500 })), closingCondition: Type.Optional(Type.String({ maxLength: 500 })),
}, strict);
export const DispatchRuleBody = Type.Object({
  kind: ClassKind, classCode: Code, areaCode: Nullable(Type.String({ pattern: '^[0-9]{6,12}$' })), gridCode: Nullable(Type.String({ pattern: GRID })),
  departmentId: Type.Integer({ minimum: 1 }), active: Type.Boolean(), note: Nullable(Type.String({ maxLength: 200 })),
}, strict);
export const DepartmentBody = Type.Object({
  code: Type.String({ minLength: 1, maxLength: 30 }), name: Type.String({ minLength: 1, maxLength: 60 }),
  kind: Type.Enum(['centre', 'department', 'street', 'enterprise']),
  parentId: Nullable(Type.Integer({ minimum: 1 })), level: Type.Union([Type.Literal(1), Type.Literal(2)]),
  phone: Nullable(Type.String({ maxLength: 40 })), active: Type.Boolean(),
}, strict);
export const UserBody = Type.Object({
  username: Type.String({ pattern: '^[A-Za-z0-9_.@-]{2,64}$' }), displayName: Type.String({ minLength: 1, maxLength: 40 }),
  departmentId: Nullable(Type.Integer({ minimum: 1 })), phone: Nullable(Type.String({ maxLength: 40 })), active: Type.Boolean(),
  roles: Type.Array(RoleCode, { minItems: 1, maxItems: 8, uniqueItems: true }),
  gridCodes: Type.Array(Type.String({ pattern: GRID }), { maxItems: 2000, uniqueItems: true }),
  password: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
}, strict);
const RosterBody = Type.Object({ name: Type.String({ minLength: 1, maxLength: 40 }), phone: Nullable(Type.String({ maxLength: 40 })), userId: Nullable(Type.Integer({ minimum: 1 })) }, strict);
const RosterParams = Type.Object({ grid: Type.String({ pattern: GRID }), duty: Duty });

/** The shape each county-editable setting must have. */
export const SettingBodies = {
  blacklist: Type.Object({ threshold: Type.Integer({ minimum: 2, maximum: 100 }), windowDays: Type.Integer({ minimum: 1, maximum: 366 }) }, strict),
  workflow: Type.Object({
    photoRequiredOnDispose: Type.Boolean(), dueSoonFraction: Type.Number({ minimum: 0, maximum: 0.9 }),
    urgentLimit: Type.Object({ value: Type.Number({ exclusiveMinimum: 0, maximum: 1000 }), unit: LimitUnitName }, strict),
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
    routes: Type.Record(Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$' }), Type.Array(RoleCode, { maxItems: 8, uniqueItems: true }), { additionalProperties: false }),
    otherKinds: Type.Array(RoleCode, { maxItems: 8, uniqueItems: true }),
  }, strict),
};

/** 安全策略 (等保): password rules, sessions, log and personal-data retention. */
export const SecurityPolicy = Type.Object({
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

const setting = <K extends keyof typeof SettingBodies>(key: K) =>
  endpoint({ method: 'PUT', path: `/api/admin/settings/${key}` as `/api/admin/settings/${K}`, access: ADMINS, tag, summary: `Set the ${key} settings`, body: SettingBodies[key], responses: { 200: Ok } });

export const adminEndpoints = {
  // dictionary
  'admin.dictionary': endpoint({
    method: 'GET', path: '/api/admin/dictionary', access: ADMINS, tag, summary: 'Standards, classes of one, and the mapping between the two',
    query: Type.Object({ standard: Type.Optional(Type.String({ maxLength: 40 })) }),
    responses: { 200: Type.Object({ standards: Type.Array(ClassStandardView), standardId: Type.Union([Type.String(), Type.Null()]), classes: Type.Array(ClassView) }) },
  }),
  'admin.saveClass': endpoint({
    method: 'PUT', path: '/api/admin/dictionary/classes', access: ADMINS, tag, summary: 'Add or rename a class',
    body: ClassBody,
    responses: { 200: ClassView },
  }),
  'admin.removeClass': endpoint({
    method: 'DELETE', path: '/api/admin/dictionary/classes', access: ADMINS, tag, summary: 'Remove an unused class',
    query: Type.Object({ standardId: Type.String(), kind: ClassKind, code: Code }),
    responses: { 200: Ok },
  }),
  'admin.activateStandard': endpoint({
    method: 'PUT', path: '/api/admin/dictionary/active', access: ADMINS, tag, summary: 'Switch the standard new components and cases are coded under',
    body: Type.Object({ standardId: Type.String({ maxLength: 40 }) }, strict),
    responses: { 200: Ok },
  }),
  'admin.mappings': endpoint({
    method: 'GET', path: '/api/admin/dictionary/mappings', access: ADMINS, tag, summary: 'Old class -> new class',
    query: Type.Object({ from: Type.String(), to: Type.String() }),
    responses: { 200: Type.Object({ items: Type.Array(ClassMappingView) }) },
  }),
  'admin.saveMapping': endpoint({
    method: 'PUT', path: '/api/admin/dictionary/mappings', access: ADMINS, tag, summary: 'Set the class an old class maps to',
    body: MappingBody,
    responses: { 200: Ok },
  }),
  'admin.removeMapping': endpoint({
    method: 'DELETE', path: '/api/admin/dictionary/mappings', access: ADMINS, tag, summary: 'Remove a mapping',
    query: Type.Object({ fromStandard: Type.String(), kind: ClassKind, fromCode: Code, toStandard: Type.String() }),
    responses: { 200: Ok },
  }),

  // time limits
  'admin.limits': endpoint({
    method: 'GET', path: '/api/admin/limits', access: ADMINS, tag, summary: 'Time limits and 立案/结案 conditions of the active standard',
    responses: { 200: Type.Object({ standardId: Type.String(), items: Type.Array(TimeLimitView) }) },
  }),
  'admin.saveLimit': endpoint({
    method: 'PUT', path: '/api/admin/limits', access: ADMINS, tag, summary: 'Set a time limit (new cases use it at once)',
    body: LimitBody,
    responses: { 200: Ok },
  }),
  'admin.removeLimit': endpoint({
    method: 'DELETE', path: '/api/admin/limits', access: ADMINS, tag, summary: "Remove a class's own limit (the default applies again)",
    query: Type.Object({ kind: LimitKind, classCode: Type.String(), stage: LimitStage }),
    responses: { 200: Ok },
  }),

  // calendar
  'admin.calendar': endpoint({
    method: 'GET', path: '/api/admin/calendar', access: ADMINS, tag, summary: 'Working periods, settings and the dated days of a year',
    query: Type.Object({ year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })) }),
    responses: {
      200: Type.Object({
        year: Type.Number(),
        periods: Type.Array(Type.Object({ startMin: Type.Number(), endMin: Type.Number() })),
        settings: AdminSettings.properties.calendar,
        days: Type.Array(CalendarDayView),
      }),
    },
  }),
  'admin.setPeriods': endpoint({
    method: 'PUT', path: '/api/admin/calendar/periods', access: ADMINS, tag, summary: 'Replace the working periods of a day',
    body: Type.Object({ periods: Periods }, strict),
    responses: { 200: Ok },
  }),
  'admin.setDay': endpoint({
    method: 'PUT', path: '/api/admin/calendar/days/:date', access: ADMINS, tag, summary: 'Mark a date as a holiday or a make-up working day',
    params: Type.Object({ date: Type.String({ pattern: DATE }) }),
    body: Type.Object({ kind: Type.Enum(['holiday', 'workday']), name: Nullable(Type.String({ maxLength: 40 })) }, strict),
    responses: { 200: Ok },
  }),
  'admin.removeDay': endpoint({
    method: 'DELETE', path: '/api/admin/calendar/days/:date', access: ADMINS, tag, summary: 'Make a date ordinary again',
    params: Type.Object({ date: Type.String({ pattern: DATE }) }),
    responses: { 200: Ok },
  }),

  // settings
  'admin.settings': endpoint({
    method: 'GET', path: '/api/admin/settings', access: ADMINS, tag, summary: 'Every county-editable setting with its current value',
    responses: { 200: AdminSettings },
  }),
  'admin.settings.blacklist': setting('blacklist'),
  'admin.settings.workflow': setting('workflow'),
  'admin.settings.duplicate': setting('duplicate'),
  'admin.settings.calendar': setting('calendar'),
  'admin.settings.demo': setting('demo'),
  'admin.settings.alarms': setting('alarms'),

  // 安全策略 (等保): kept by the security administrator, read by the three administrators.
  'admin.security': endpoint({
    method: 'GET', path: '/api/admin/security', access: THREE_ADMINS, tag, summary: 'The security policy: password rules, sessions, log and personal-data retention',
    responses: { 200: SecurityPolicy },
  }),
  'admin.setSecurity': endpoint({
    method: 'PUT', path: '/api/admin/security', access: ['security_admin'], tag, summary: 'Set the security policy (安全管理员)',
    body: SecurityPolicy,
    responses: { 200: Ok },
  }),

  // auto-dispatch rules
  'admin.dispatchRules': endpoint({
    method: 'GET', path: '/api/admin/dispatch-rules', access: ADMINS, tag, summary: '自动批转 rules',
    responses: { 200: Type.Object({ items: Type.Array(DispatchRuleView) }) },
  }),
  'admin.addDispatchRule': endpoint({
    method: 'POST', path: '/api/admin/dispatch-rules', access: ADMINS, tag, summary: 'Add a rule',
    body: DispatchRuleBody,
    responses: { 200: Saved },
  }),
  'admin.saveDispatchRule': endpoint({
    method: 'PUT', path: '/api/admin/dispatch-rules/:id', access: ADMINS, tag, summary: 'Change a rule',
    params: IdParams,
    body: DispatchRuleBody,
    responses: { 200: Saved },
  }),
  'admin.removeDispatchRule': endpoint({
    method: 'DELETE', path: '/api/admin/dispatch-rules/:id', access: ADMINS, tag, summary: 'Remove a rule',
    params: IdParams,
    responses: { 200: Ok },
  }),

  // departments
  'admin.departments': endpoint({
    // The security administrator reads them too: a department user's account names its department (用户与角色).
    method: 'GET', path: '/api/admin/departments', access: ACCOUNT_KEEPERS, tag, summary: 'All departments, inactive ones too',
    responses: { 200: Type.Object({ items: Type.Array(DepartmentView) }) },
  }),
  'admin.addDepartment': endpoint({
    method: 'POST', path: '/api/admin/departments', access: ADMINS, tag, summary: 'Add a department',
    body: DepartmentBody,
    responses: { 200: Saved },
  }),
  'admin.saveDepartment': endpoint({
    method: 'PUT', path: '/api/admin/departments/:id', access: ADMINS, tag, summary: 'Change a department (deactivate with active: false)',
    params: IdParams,
    body: DepartmentBody,
    responses: { 200: Saved },
  }),

  // users
  'admin.users': endpoint({
    method: 'GET', path: '/api/admin/users', access: ACCOUNT_KEEPERS, tag, summary: 'Users with roles and responsibility grids',
    responses: { 200: Type.Object({ items: Type.Array(AdminUserView) }) },
  }),
  'admin.addUser': endpoint({
    method: 'POST', path: '/api/admin/users', access: ACCOUNT_KEEPERS, tag, summary: 'Add a user (a first password is required)',
    body: UserBody,
    responses: { 200: Saved },
  }),
  'admin.saveUser': endpoint({
    method: 'PUT', path: '/api/admin/users/:id', access: ACCOUNT_KEEPERS, tag, summary: 'Change a user; a password given is set anew',
    params: IdParams,
    body: UserBody,
    responses: { 200: Saved },
  }),

  // grids for pickers, and the roster
  'admin.grids': endpoint({
    method: 'GET', path: '/api/admin/grids', access: ADMINS, tag, summary: 'Grid codes with their community, and how much of the roster is filled',
    query: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 5000 })), offset: Type.Optional(Type.Integer({ minimum: 0 })) }),
    responses: { 200: Type.Object({ total: Type.Number(), items: Type.Array(Type.Object({ gridCode: Type.String(), filled: Type.Number() })) }) },
  }),
  'admin.roster': endpoint({
    method: 'GET', path: '/api/admin/roster/:grid', access: ADMINS, tag, summary: '一格六员 of a grid',
    params: Type.Object({ grid: Type.String({ pattern: GRID }) }),
    responses: { 200: Type.Object({ duties: Type.Array(Duty), items: Type.Array(RosterEntry) }) },
  }),
  'admin.setRoster': endpoint({
    method: 'PUT', path: '/api/admin/roster/:grid/:duty', access: ADMINS, tag, summary: 'Name the person on a duty in a grid',
    params: RosterParams,
    body: RosterBody,
    responses: { 200: Ok },
  }),
  'admin.removeRoster': endpoint({
    method: 'DELETE', path: '/api/admin/roster/:grid/:duty', access: ADMINS, tag, summary: 'Leave a duty empty',
    params: RosterParams,
    responses: { 200: Ok },
  }),

  // audit
  'admin.audit': endpoint({
    method: 'GET', path: '/api/admin/audit', access: AUDITORS, tag,
    summary: 'Who changed what, when, before and after; who signed in, out or failed to, exported or backed up (审计员 only)',
    query: Type.Object({
      entity: Type.Optional(Type.String({ maxLength: 30 })),
      security: Type.Optional(Type.Boolean({ description: 'only the security events: sign-ins, sign-outs, failures, password changes, exports, backups' })),
      limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
      offset: Type.Optional(Type.Integer({ minimum: 0 })),
    }),
    responses: { 200: Type.Object({ total: Type.Number(), items: Type.Array(AuditEntry) }) },
  }),
};
