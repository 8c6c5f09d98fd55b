// 系统维护 (imports, exports, administration) as the console sees it. Schemas and their types; core's
// import report and preview are these very types (core/imports/report.ts, run.ts).
import { Type, type Static } from 'typebox';
import { AlarmRules } from './alarms.js';
import { RoleCode } from './roles.js';

export const ImportTarget = Type.Enum(['grids', 'components', 'places', 'departments', 'users', 'pipelines', 'wells']);
export type ImportTarget = Static<typeof ImportTarget>;

export const Severity = Type.Enum(['error', 'warning']);
export type Severity = Static<typeof Severity>;

export const ImportIssue = Type.Object({
  /** Row number as the user sees it (record number, or line/sheet row); 0 for the whole file. */
  row: Type.Number(),
  severity: Severity,
  /** Stable code the console translates: `id.county`, `point.outside`, `grid.overlap`... */
  code: Type.String(),
  field: Type.Optional(Type.String()),
  /** The English sentence (the CLI prints it; the console has its own words by code). */
  message: Type.String(),
  params: Type.Optional(Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]))),
});
export type ImportIssue = Static<typeof ImportIssue>;

export const IssueGroup = Type.Object({
  code: Type.String(),
  severity: Severity,
  count: Type.Number(),
  /** The first rows of this kind. */
  rows: Type.Array(Type.Number()),
  /** The first message of this kind, as an example. */
  example: Type.String(),
  params: Type.Optional(Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]))),
});
export type IssueGroup = Static<typeof IssueGroup>;

export const ImportCounts = Type.Object({
  rows: Type.Number(),
  valid: Type.Number(),
  inserted: Type.Number(),
  updated: Type.Number(),
  unchanged: Type.Number(),
});
export type ImportCounts = Static<typeof ImportCounts>;

export const ImportReport = Type.Object({
  target: ImportTarget,
  fileName: Type.String(),
  format: Type.String(),
  rowKind: Type.Enum(['record', 'line']),
  encoding: Type.Optional(Type.String()),
  crs: Type.Optional(Type.String()),
  crsSource: Type.Optional(Type.Enum(['prj', 'chosen', 'guessed', 'none'])),
  dryRun: Type.Boolean(),
  /** Nothing was written: a dry run, or errors. */
  written: Type.Boolean(),
  counts: ImportCounts,
  errors: Type.Number(),
  warnings: Type.Number(),
  groups: Type.Array(IssueGroup),
  /** The first issues in row order (at most 500). */
  issues: Type.Array(ImportIssue),
  /** Users created without a password in the file: their generated first passwords (shown once). */
  passwords: Type.Optional(Type.Array(Type.Object({
    username: Type.String(),
    password: Type.String(),
  }))),
  notes: Type.Array(Type.String()),
});
export type ImportReport = Static<typeof ImportReport>;

export const ImportProgress = Type.Object({
  /** check: pass 1; write: staging the rows (large targets) or writing them (small); apply: the final short transaction. */
  phase: Type.Enum(['check', 'write', 'apply']),
  fraction: Type.Number(),
  rows: Type.Number(),
});
export type ImportProgress = Static<typeof ImportProgress>;

export const ImportJob = Type.Object({
  id: Type.Number(),
  target: ImportTarget,
  fileName: Type.String(),
  format: Type.Union([Type.String(), Type.Null()]),
  crs: Type.Union([Type.String(), Type.Null()]),
  dryRun: Type.Boolean(),
  status: Type.Enum(['running', 'done', 'failed', 'rejected']),
  userId: Type.Union([Type.Number(), Type.Null()]),
  startedAt: Type.Number(),
  finishedAt: Type.Union([Type.Number(), Type.Null()]),
  inserted: Type.Number(),
  updated: Type.Number(),
  unchanged: Type.Number(),
  errors: Type.Number(),
  warnings: Type.Number(),
  progress: Type.Optional(ImportProgress),
  report: Type.Optional(ImportReport),
  failure: Type.Optional(Type.String()),
  /** The job was cancelled by the user (failed, nothing written). */
  cancelled: Type.Optional(Type.Boolean()),
  passwords: Type.Optional(Type.Array(Type.Object({
    username: Type.String(),
    password: Type.String(),
  }))),
});
export type ImportJob = Static<typeof ImportJob>;

export const CellValue = Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()]);
export type CellValue = Static<typeof CellValue>;

export const ImportPreview = Type.Object({
  format: Type.String(),
  rowKind: Type.Enum(['record', 'line']),
  fields: Type.Array(Type.String()),
  count: Type.Union([Type.Number(), Type.Null()]),
  encoding: Type.Optional(Type.String()),
  geometryType: Type.String(),
  /** Target field -> column. */
  mapping: Type.Record(Type.String(), Type.String()),
  targetFields: Type.Array(Type.Object({
    key: Type.String(),
    required: Type.Boolean(),
  })),
  crs: Type.Object({
    text: Type.Optional(Type.String()),
    description: Type.Optional(Type.String()),
    source: Type.Enum(['chosen', 'prj', 'guessed', 'none']),
    swap: Type.Boolean(),
    looksSwapped: Type.Boolean(),
    reason: Type.Optional(Type.String()),
    error: Type.Optional(Type.String()),
  }),
  rows: Type.Array(Type.Object({
    row: Type.Number(),
    props: Type.Record(Type.String(), CellValue),
  })),
  /** The first features in WGS84, for the small map: points, or polygon outer rings. */
  points: Type.Array(Type.Tuple([Type.Number(), Type.Number()])),
  polygons: Type.Array(Type.Array(Type.Tuple([Type.Number(), Type.Number()]))),
  county: Type.Optional(Type.Object({
    west: Type.Number(),
    south: Type.Number(),
    east: Type.Number(),
    north: Type.Number(),
  })),
});
export type ImportPreview = Static<typeof ImportPreview>;

/** What an audit row records: a change, or one of the security events 等保 asks to be logged. */
export const AuditAction = Type.Enum(['create', 'update', 'delete', 'sign_in', 'sign_in_failed', 'sign_out', 'session_expired', 'password_change', 'export', 'backup', 'purge']);
export type AuditAction = Static<typeof AuditAction>;

export const AuditEntry = Type.Object({
  id: Type.Number(),
  at: Type.Number(),
  userId: Type.Union([Type.Number(), Type.Null()]),
  username: Type.Union([Type.String(), Type.Null()]),
  entity: Type.String(),
  entityKey: Type.String(),
  action: AuditAction,
  before: Type.Unknown(),
  after: Type.Unknown(),
  /** The source address of the request, where there was one. */
  address: Type.Union([Type.String(), Type.Null()]),
});
export type AuditEntry = Static<typeof AuditEntry>;

export const Duty = Type.Enum(['leader', 'inspector', 'sanitation', 'community', 'patroller', 'volunteer']);
export type Duty = Static<typeof Duty>;

export const RosterEntry = Type.Object({
  gridCode: Type.String(),
  duty: Duty,
  name: Type.String(),
  phone: Type.Union([Type.String(), Type.Null()]),
  userId: Type.Union([Type.Number(), Type.Null()]),
});
export type RosterEntry = Static<typeof RosterEntry>;

export const ClassKind = Type.Enum(['component', 'event']);
export type ClassKind = Static<typeof ClassKind>;

export const ClassStandardView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  smallCodeDigits: Type.Union([Type.Literal(2), Type.Literal(3)]),
  componentIdDigits: Type.Union([Type.Literal(16), Type.Literal(17)]),
  active: Type.Boolean(),
});
export type ClassStandardView = Static<typeof ClassStandardView>;

export const ClassView = Type.Object({
  standardId: Type.String(),
  kind: ClassKind,
  code: Type.String(),
  level: Type.Enum(['big', 'small']),
  bigCode: Type.String(),
  name: Type.String(),
  nameEn: Type.Union([Type.String(), Type.Null()]),
  localExtension: Type.Boolean(),
  sort: Type.Number(),
});
export type ClassView = Static<typeof ClassView>;

export const ClassMappingView = Type.Object({
  fromStandard: Type.String(),
  kind: ClassKind,
  fromCode: Type.String(),
  toStandard: Type.String(),
  toKind: ClassKind,
  toCode: Type.String(),
  note: Type.Union([Type.String(), Type.Null()]),
});
export type ClassMappingView = Static<typeof ClassMappingView>;

export const LimitStage = Type.Enum(['accept', 'verify', 'register', 'dispatch', 'dispose', 'check', 'close']);
export type LimitStage = Static<typeof LimitStage>;

export const LimitUnitName = Type.Enum(['work_hours', 'work_days', 'hours', 'days']);
export type LimitUnitName = Static<typeof LimitUnitName>;

export const TimeLimitView = Type.Object({
  kind: Type.Union([ClassKind, Type.Literal('*')]),
  classCode: Type.String(),
  stage: LimitStage,
  value: Type.Number(),
  unit: LimitUnitName,
  urgentValue: Type.Optional(Type.Number()),
  urgentUnit: Type.Optional(Type.Enum(['hours', 'days'])),
  filingCondition: Type.Optional(Type.String()),
  closingCondition: Type.Optional(Type.String()),
});
export type TimeLimitView = Static<typeof TimeLimitView>;

export const DispatchRuleView = Type.Object({
  id: Type.Number(),
  kind: ClassKind,
  classCode: Type.String(),
  areaCode: Type.Union([Type.String(), Type.Null()]),
  gridCode: Type.Union([Type.String(), Type.Null()]),
  departmentId: Type.Number(),
  active: Type.Boolean(),
  note: Type.Union([Type.String(), Type.Null()]),
});
export type DispatchRuleView = Static<typeof DispatchRuleView>;

export const DepartmentView = Type.Object({
  id: Type.Number(),
  code: Type.String(),
  name: Type.String(),
  kind: Type.Enum(['centre', 'department', 'street', 'enterprise']),
  parentId: Type.Union([Type.Number(), Type.Null()]),
  level: Type.Union([Type.Literal(1), Type.Literal(2)]),
  phone: Type.Union([Type.String(), Type.Null()]),
  active: Type.Boolean(),
});
export type DepartmentView = Static<typeof DepartmentView>;

export const AdminUserView = Type.Object({
  id: Type.Number(),
  username: Type.String(),
  displayName: Type.String(),
  departmentId: Type.Union([Type.Number(), Type.Null()]),
  phone: Type.Union([Type.String(), Type.Null()]),
  active: Type.Boolean(),
  createdAt: Type.Number(),
  /** The password was set by an administrator (or generated): its owner must change it at sign-in. */
  mustChangePassword: Type.Boolean(),
  /** When the password was last changed (epoch ms), null if never. */
  passwordChangedAt: Type.Union([Type.Number(), Type.Null()]),
  roles: Type.Array(RoleCode),
  gridCodes: Type.Array(Type.String()),
});
export type AdminUserView = Static<typeof AdminUserView>;

export const CalendarDayView = Type.Object({
  date: Type.String(),
  kind: Type.Enum(['holiday', 'workday']),
  name: Type.Union([Type.String(), Type.Null()]),
  source: Type.Enum(['chinese-days', 'statutory', 'local']),
});
export type CalendarDayView = Static<typeof CalendarDayView>;

export const AdminSettings = Type.Object({
  workflow: Type.Object({
    photoRequiredOnDispose: Type.Boolean(),
    dueSoonFraction: Type.Number(),
    urgentLimit: Type.Object({
      value: Type.Number(),
      unit: LimitUnitName,
    }),
  }),
  blacklist: Type.Object({
    threshold: Type.Number(),
    windowDays: Type.Number(),
  }),
  duplicate: Type.Object({
    radiusM: Type.Number(),
  }),
  calendar: Type.Object({
    timeZone: Type.String(),
    utcOffsetMinutes: Type.Number(),
    weekendDays: Type.Array(Type.Number()),
  }),
  demo: Type.Object({
    liveReportsPerMinute: Type.Number(),
  }),
  alarms: AlarmRules,
});
export type AdminSettings = Static<typeof AdminSettings>;

/** 安全策略 → 数据备份: the scheduled backups (setting `backups`). */
export const BackupSchedule = Type.Object({
  enabled: Type.Boolean(),
  /** County time of day, HH:MM. */
  time: Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$' }),
  keepDaily: Type.Integer({ minimum: 1, maximum: 366 }),
  keepWeekly: Type.Integer({ minimum: 0, maximum: 260 }),
  /** Full path; empty: <data folder>/backups. */
  folder: Type.String({ maxLength: 500 }),
  /** Full path of a folder on another disk, which must exist; empty: none. */
  secondFolder: Type.String({ maxLength: 500 }),
}, { additionalProperties: false });
export type BackupSchedule = Static<typeof BackupSchedule>;

const NullableString = Type.Union([Type.String(), Type.Null()]);
const NullableNumber = Type.Union([Type.Number(), Type.Null()]);

export const BackupRunView = Type.Object({
  id: Type.Number(),
  /** The scheduled time it was made for (epoch ms); null when made by hand. */
  slot: NullableNumber,
  trigger: Type.Enum(['schedule', 'manual']),
  attempts: Type.Number(),
  startedAt: Type.Number(),
  finishedAt: NullableNumber,
  state: Type.Enum(['running', 'ok', 'failed', 'interrupted']),
  file: NullableString,
  bytes: NullableNumber,
  sha256: NullableString,
  copyFile: NullableString,
  copyState: Type.Union([Type.Literal('ok'), Type.Literal('failed'), Type.Null()]),
  message: NullableString,
});
export type BackupRunView = Static<typeof BackupRunView>;

/** A restore drill: the latest backup restored into a temporary folder, opened, checked. */
export const RestoreDrillReport = Type.Object({
  at: Type.Number(),
  ok: Type.Boolean(),
  /** The backup restored (file path), or null when none was found. */
  backup: NullableString,
  /** When that backup was made (ISO, from its manifest). */
  backupCreatedAt: NullableString,
  steps: Type.Array(Type.Object({ name: Type.String(), ok: Type.Boolean(), detail: Type.String() })),
  /** Rows per table: in the backup's manifest, in the restored database, and in the live county now. */
  counts: Type.Array(Type.Object({ table: Type.String(), manifest: Type.Number(), restored: Type.Number(), live: NullableNumber })),
  ms: Type.Number(),
});
export type RestoreDrillReport = Static<typeof RestoreDrillReport>;

export const BackupStatus = Type.Object({
  schedule: BackupSchedule,
  /** Where backups are written (the folder, or <data>/backups). */
  folder: Type.String(),
  /** The next scheduled backup (epoch ms), or null when the schedule is off. */
  nextDue: NullableNumber,
  /** The second folder is on the same disk as the first (it then protects little); null without one. */
  sameDisk: Type.Union([Type.Boolean(), Type.Null()]),
  runs: Type.Array(BackupRunView),
  lastDrill: Type.Union([RestoreDrillReport, Type.Null()]),
});
export type BackupStatus = Static<typeof BackupStatus>;
