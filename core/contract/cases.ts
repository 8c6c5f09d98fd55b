// The case API as the console sees it (core/cases/routes.ts and its neighbours). Types only;
// tests/unit/contract.test.ts checks that core's views still match them.
import type { RoleCode } from './index.js';

export interface Label {
  zh: string;
  en: string;
}

export type CaseState =
  | 'reported' // 待受理
  | 'verifying' // 待核实
  | 'accepted' // 待立案
  | 'not_accepted' // 不予受理
  | 'not_registered' // 不予立案
  | 'registered' // 待派遣
  | 'dispatched' // 处置中
  | 'return_pending' // 回退待审批
  | 'extension_pending' // 延期待审批
  | 'hang_pending' // 挂账待审批
  | 'hanging' // 挂账
  | 'disposed' // 待核查
  | 'checking' // 核查中
  | 'checked' // 待结案
  | 'rework' // 返工
  | 'self_review' // 自处置待审核
  | 'closed' // 已结案
  | 'void'; // 作废

export type CaseKind = 'component' | 'event';

/** The seven stages (CJJ/T 106-2010): 信息收集 → 案卷建立 → 任务派遣 → 任务处理 → 处理反馈 → 核实结案 → 综合评价. */
export type WorkflowStageId = 'collect' | 'file' | 'dispatch' | 'dispose' | 'feedback' | 'close' | 'evaluate';

/** A case's stage: position 1–7, the standard name (任务处理) and the short label (处置). */
export interface CaseStage {
  id: WorkflowStageId;
  index: number;
  name: Label;
  short: Label;
}

/** What a transition asks of the operator. */
export type Requirement = 'comment' | 'photo' | 'department' | 'extension';

export type LimitUnit = 'work_hours' | 'work_days' | 'hours' | 'days';

/** A case over the API: ISO times; remainingMs counts working time (clock time when clockLimit). */
export interface CaseView {
  id: number;
  caseNo: string;
  kind: CaseKind;
  standardId: string;
  classCode: string;
  source: string;
  state: CaseState;
  stateLabel: Label;
  stage: CaseStage;
  open: boolean;
  urgent: boolean;
  supervised: boolean;
  overdue: boolean;
  selfHandled: boolean;
  blacklisted: boolean;
  description: string;
  address: string | null;
  lon: number | null;
  lat: number | null;
  gridCode: string | null;
  communityCode: string | null;
  streetCode: string | null;
  componentId: string | null;
  departmentId: number | null;
  assigneeId: number | null;
  reporterName: string | null;
  reportedAt: string;
  registeredAt: string | null;
  dispatchedAt: string | null;
  disposedAt: string | null;
  closedAt: string | null;
  deadlineAt: string | null;
  stepDeadlineAt: string | null;
  clockLimit: boolean;
  remainingMs: number | null;
  stepRemainingMs: number | null;
  hangMs: number;
  reworkCount: number;
  returnCount: number;
  extensionCount: number;
  /** While 延期待审批: the extension the department asked for (the approver may grant another). */
  requestedExtension: { value: number; unit: LimitUnit } | null;
  updatedAt: string;
  version: number;
}

export interface CaseEvent {
  id: number;
  seq: number;
  at: string;
  actorId: number | null;
  actorRole: string | null;
  action: string;
  fromState: CaseState | null;
  toState: CaseState;
  comment: string | null;
  data: Record<string, unknown> | null;
}

export interface AttachmentView {
  id: number;
  kind: 'photo' | 'snapshot' | 'document';
  mime: string;
  bytes: number;
  eventId: number | null;
  createdAt: string;
  url: string;
}

export interface CaseActionOffer {
  action: string;
  label: Label;
  requires: readonly Requirement[];
  /** Inputs it takes when given (同意延期: the extension granted, if not the one asked). */
  accepts: readonly Requirement[];
}

/** GET /api/cases/:id */
export interface CaseDetailResponse {
  case: CaseView;
  events: CaseEvent[];
  attachments: AttachmentView[];
  actions: CaseActionOffer[];
}

/** GET /api/cases */
export interface CaseListResponse {
  total: number;
  items: CaseView[];
}

/** POST /api/cases/:id/<action> */
export interface CaseActionRequest {
  version: number;
  comment?: string;
  departmentId?: number;
  extension?: { value: number; unit: LimitUnit };
  photoIds?: number[];
  assigneeId?: number;
}

export interface CaseActionResponse {
  case: CaseView;
  events: CaseEvent[];
}

/** POST /api/cases (信息收集) */
export interface NewCaseRequest {
  kind: CaseKind;
  classCode: string;
  description: string;
  source?: string;
  lon?: number;
  lat?: number;
  address?: string;
  componentId?: string;
  urgent?: boolean;
  selfHandled?: boolean;
  reporterName?: string;
  reporterContact?: string;
  photoIds?: number[];
}

/** GET /api/cases/queues: one entry per queue of the user's roles. */
export interface QueueCount {
  id: string;
  role: RoleCode;
  label: Label;
  count: number;
}

/** GET /api/workflow */
export interface WorkflowResponse {
  /** The seven stages in order, with the states and per-step limits inside each. */
  stages: (CaseStage & { limitStages: readonly string[]; states: CaseState[] })[];
  states: { state: CaseState; label: Label; terminal: boolean; stage: WorkflowStageId }[];
  transitions: readonly {
    action: string;
    label: Label;
    from: readonly CaseState[] | 'any_open';
    to: CaseState | 'same' | 'resume';
    roles: readonly RoleCode[];
    requires: readonly Requirement[];
    accepts?: readonly Requirement[];
  }[];
  queues: readonly { id: string; role: RoleCode; label: Label; states: CaseState[] }[];
  sources: readonly string[];
  /** The sources each role may file from (POST /api/cases refuses the others). */
  sourcesByRole: Partial<Record<RoleCode, readonly string[]>>;
}

/** GET /api/cases/duplicates */
export interface DuplicatesResponse {
  radiusM: number;
  items: (CaseView & { distanceM: number })[];
}

/** GET /api/dictionary */
export interface DictionaryClass {
  standardId: string;
  kind: CaseKind;
  code: string;
  level: 'big' | 'small';
  bigCode: string;
  name: string;
  nameEn: string | null;
  localExtension: boolean;
  sort: number;
}

export interface DictionaryResponse {
  standards: { id: string; name: string }[];
  standardId: string | null;
  classes: DictionaryClass[];
}

/** GET /api/departments */
export interface Department {
  id: number;
  code: string;
  name: string;
  kind: 'centre' | 'department' | 'street' | 'enterprise';
  parentId: number | null;
  level: 1 | 2;
  phone: string | null;
  active: boolean;
}

/** GET /api/geocode and /api/geocode/reverse */
export interface GeocodeResult {
  lon: number;
  lat: number;
  gridCode: string | null;
  communityCode: string | null;
  streetCode: string | null;
  address: string | null;
  matchedKind: 'doorplate' | 'poi' | 'estate' | 'street' | 'point';
}

/** GET /api/calendar: enough to count working time in the browser. */
export interface CalendarResponse {
  utcOffsetMinutes: number;
  /** 0 = Sunday. */
  weekendDays: number[];
  /** Minutes after local midnight. */
  periods: { startMin: number; endMin: number }[];
  days: { date: string; kind: 'holiday' | 'workday'; name: string | null }[];
}

/** GET /api/calendar/warnings: a year whose lunar holidays and 调休 days are missing. */
export interface CalendarWarning {
  kind: 'year_incomplete';
  year: number;
  message: Label;
}

/** GET /api/staff: names and roles of colleagues (the timeline's "who", the inspector picker). */
export interface StaffMember {
  id: number;
  displayName: string;
  roles: RoleCode[];
  departmentId: number | null;
  /** With ?gridCode: whether the inspector patrols that grid (责任网格). */
  holdsGrid?: boolean;
}

export interface StaffResponse {
  items: StaffMember[];
}
