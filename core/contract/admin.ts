// 系统维护 (imports, exports, administration) as the console sees it. Types only; core's
// import report and preview are these very types (core/imports/report.ts, run.ts).

import type { AlarmRules } from './alarms.js';

export type ImportTarget = 'grids' | 'components' | 'places' | 'departments' | 'users' | 'pipelines' | 'wells';
export type Severity = 'error' | 'warning';

export interface ImportIssue {
  /** Row number as the user sees it (record number, or line/sheet row); 0 for the whole file. */
  row: number;
  severity: Severity;
  /** Stable code the console translates: `id.county`, `point.outside`, `grid.overlap`... */
  code: string;
  field?: string;
  /** The English sentence (the CLI prints it; the console has its own words by code). */
  message: string;
  params?: Record<string, string | number>;
}

export interface IssueGroup {
  code: string;
  severity: Severity;
  count: number;
  /** The first rows of this kind. */
  rows: number[];
  /** The first message of this kind, as an example. */
  example: string;
  params?: Record<string, string | number>;
}

export interface ImportCounts {
  rows: number;
  valid: number;
  inserted: number;
  updated: number;
  unchanged: number;
}

export interface ImportReport {
  target: ImportTarget;
  fileName: string;
  format: string;
  rowKind: 'record' | 'line';
  encoding?: string;
  crs?: string;
  crsSource?: 'prj' | 'chosen' | 'guessed' | 'none';
  dryRun: boolean;
  /** Nothing was written: a dry run, or errors. */
  written: boolean;
  counts: ImportCounts;
  errors: number;
  warnings: number;
  groups: IssueGroup[];
  /** The first issues in row order (at most 500). */
  issues: ImportIssue[];
  /** Users created without a password in the file: their generated first passwords (shown once). */
  passwords?: { username: string; password: string }[];
  notes: string[];
}

export interface ImportProgress {
  /** check: pass 1; write: staging the rows (large targets) or writing them (small); apply: the final short transaction. */
  phase: 'check' | 'write' | 'apply';
  fraction: number;
  rows: number;
}

export interface ImportJob {
  id: number;
  target: ImportTarget;
  fileName: string;
  format: string | null;
  crs: string | null;
  dryRun: boolean;
  status: 'running' | 'done' | 'failed' | 'rejected';
  userId: number | null;
  startedAt: number;
  finishedAt: number | null;
  inserted: number;
  updated: number;
  unchanged: number;
  errors: number;
  warnings: number;
  progress?: ImportProgress;
  report?: ImportReport;
  failure?: string;
  /** The job was cancelled by the user (failed, nothing written). */
  cancelled?: boolean;
  passwords?: { username: string; password: string }[];
}

export type CellValue = string | number | boolean | null;

export interface ImportPreview {
  format: string;
  rowKind: 'record' | 'line';
  fields: string[];
  count: number | null;
  encoding?: string;
  geometryType: string;
  /** Target field -> column. */
  mapping: Record<string, string>;
  targetFields: { key: string; required: boolean }[];
  crs: {
    text?: string;
    description?: string;
    source: 'chosen' | 'prj' | 'guessed' | 'none';
    swap: boolean;
    looksSwapped: boolean;
    reason?: string;
    error?: string;
  };
  rows: { row: number; props: Record<string, CellValue> }[];
  /** The first features in WGS84, for the small map: points, or polygon outer rings. */
  points: [number, number][];
  polygons: [number, number][][];
  county?: { west: number; south: number; east: number; north: number };
}

/** What an audit row records: a change, or one of the security events 等保 asks to be logged. */
export type AuditAction =
  | 'create' | 'update' | 'delete'
  | 'sign_in' | 'sign_in_failed' | 'sign_out' | 'session_expired' | 'password_change'
  | 'export' | 'backup' | 'purge';

export interface AuditEntry {
  id: number;
  at: number;
  userId: number | null;
  username: string | null;
  entity: string;
  entityKey: string;
  action: AuditAction;
  before: unknown;
  after: unknown;
  /** The source address of the request, where there was one. */
  address: string | null;
}

export type Duty = 'leader' | 'inspector' | 'sanitation' | 'community' | 'patroller' | 'volunteer';

export interface RosterEntry {
  gridCode: string;
  duty: Duty;
  name: string;
  phone: string | null;
  userId: number | null;
}

export type ClassKind = 'component' | 'event';

export interface ClassStandardView {
  id: string;
  name: string;
  smallCodeDigits: 2 | 3;
  componentIdDigits: 16 | 17;
  active: boolean;
}

export interface ClassView {
  standardId: string;
  kind: ClassKind;
  code: string;
  level: 'big' | 'small';
  bigCode: string;
  name: string;
  nameEn: string | null;
  localExtension: boolean;
  sort: number;
}

export interface ClassMappingView {
  fromStandard: string;
  kind: ClassKind;
  fromCode: string;
  toStandard: string;
  toKind: ClassKind;
  toCode: string;
  note: string | null;
}

export type LimitStage = 'accept' | 'verify' | 'register' | 'dispatch' | 'dispose' | 'check' | 'close';
export type LimitUnitName = 'work_hours' | 'work_days' | 'hours' | 'days';

export interface TimeLimitView {
  kind: ClassKind | '*';
  classCode: string;
  stage: LimitStage;
  value: number;
  unit: LimitUnitName;
  urgentValue?: number;
  urgentUnit?: 'hours' | 'days';
  filingCondition?: string;
  closingCondition?: string;
}

export interface DispatchRuleView {
  id: number;
  kind: ClassKind;
  classCode: string;
  areaCode: string | null;
  gridCode: string | null;
  departmentId: number;
  active: boolean;
  note: string | null;
}

export interface DepartmentView {
  id: number;
  code: string;
  name: string;
  kind: 'centre' | 'department' | 'street' | 'enterprise';
  parentId: number | null;
  level: 1 | 2;
  phone: string | null;
  active: boolean;
}

export interface AdminUserView {
  id: number;
  username: string;
  displayName: string;
  departmentId: number | null;
  phone: string | null;
  active: boolean;
  createdAt: number;
  roles: string[];
  gridCodes: string[];
}

export interface CalendarDayView {
  date: string;
  kind: 'holiday' | 'workday';
  name: string | null;
  source: 'chinese-days' | 'statutory' | 'local';
}

export interface AdminSettings {
  workflow: { photoRequiredOnDispose: boolean; dueSoonFraction: number; urgentLimit: { value: number; unit: LimitUnitName } };
  blacklist: { threshold: number; windowDays: number };
  duplicate: { radiusM: number };
  calendar: { utcOffsetMinutes: number; weekendDays: number[] };
  demo: { liveReportsPerMinute: number };
  alarms: AlarmRules;
}
