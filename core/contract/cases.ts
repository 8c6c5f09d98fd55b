// The case API as the console sees it (core/cases/routes.ts and its neighbours). Types only;
// tests/unit/contract.test.ts checks that core's views still match them.
import { Type, type Static } from 'typebox';
import { RoleCode } from './roles.js';

export const Label = Type.Object({
  zh: Type.String(),
  en: Type.String(),
});
export type Label = Static<typeof Label>;

export const CaseState = Type.Enum(['reported', 'verifying', 'accepted', 'not_accepted', 'not_registered', 'registered', 'dispatched', 'return_pending', 'extension_pending', 'hang_pending', 'hanging', 'disposed', 'checking', 'checked', 'rework', 'self_review', 'closed', 'void']);
export type CaseState = Static<typeof CaseState>;

export const CaseKind = Type.Enum(['component', 'event']);
export type CaseKind = Static<typeof CaseKind>;

/** The seven stages (CJJ/T 106-2010): 信息收集 → 案卷建立 → 任务派遣 → 任务处理 → 处理反馈 → 核实结案 → 综合评价. */
export const WorkflowStageId = Type.Enum(['collect', 'file', 'dispatch', 'dispose', 'feedback', 'close', 'evaluate']);
export type WorkflowStageId = Static<typeof WorkflowStageId>;

/** A case's stage: position 1–7, the standard name (任务处理) and the short label (处置). */
export const CaseStage = Type.Object({
  id: WorkflowStageId,
  index: Type.Number(),
  name: Label,
  short: Label,
});
export type CaseStage = Static<typeof CaseStage>;

/** What a transition asks of the operator. */
export const Requirement = Type.Enum(['comment', 'photo', 'department', 'extension']);
export type Requirement = Static<typeof Requirement>;

export const LimitUnit = Type.Enum(['work_hours', 'work_days', 'hours', 'days']);
export type LimitUnit = Static<typeof LimitUnit>;

/** A case over the API: ISO times; remainingMs counts working time (clock time when clockLimit). */
export const CaseView = Type.Object({
  id: Type.Number(),
  caseNo: Type.String(),
  kind: CaseKind,
  standardId: Type.String(),
  classCode: Type.String(),
  source: Type.String(),
  state: CaseState,
  stateLabel: Label,
  stage: CaseStage,
  open: Type.Boolean(),
  urgent: Type.Boolean(),
  supervised: Type.Boolean(),
  overdue: Type.Boolean(),
  selfHandled: Type.Boolean(),
  blacklisted: Type.Boolean(),
  description: Type.String(),
  address: Type.Union([Type.String(), Type.Null()]),
  lon: Type.Union([Type.Number(), Type.Null()]),
  lat: Type.Union([Type.Number(), Type.Null()]),
  gridCode: Type.Union([Type.String(), Type.Null()]),
  communityCode: Type.Union([Type.String(), Type.Null()]),
  streetCode: Type.Union([Type.String(), Type.Null()]),
  componentId: Type.Union([Type.String(), Type.Null()]),
  departmentId: Type.Union([Type.Number(), Type.Null()]),
  assigneeId: Type.Union([Type.Number(), Type.Null()]),
  /** Masked (王**) for roles that do not call citizens back (个人信息保护法). */
  reporterName: Type.Union([Type.String(), Type.Null()]),
  /** Masked (138****5678) for roles that do not call citizens back. */
  reporterContact: Type.Union([Type.String(), Type.Null()]),
  reportedAt: Type.String(),
  registeredAt: Type.Union([Type.String(), Type.Null()]),
  dispatchedAt: Type.Union([Type.String(), Type.Null()]),
  disposedAt: Type.Union([Type.String(), Type.Null()]),
  closedAt: Type.Union([Type.String(), Type.Null()]),
  deadlineAt: Type.Union([Type.String(), Type.Null()]),
  stepDeadlineAt: Type.Union([Type.String(), Type.Null()]),
  clockLimit: Type.Boolean(),
  remainingMs: Type.Union([Type.Number(), Type.Null()]),
  stepRemainingMs: Type.Union([Type.Number(), Type.Null()]),
  hangMs: Type.Number(),
  reworkCount: Type.Number(),
  returnCount: Type.Number(),
  extensionCount: Type.Number(),
  /** While 延期待审批: the extension the department asked for (the approver may grant another). */
  requestedExtension: Type.Union([Type.Object({
    value: Type.Number(),
    unit: LimitUnit,
  }), Type.Null()]),
  updatedAt: Type.String(),
  version: Type.Number(),
});
export type CaseView = Static<typeof CaseView>;

export const CaseEvent = Type.Object({
  id: Type.Number(),
  seq: Type.Number(),
  at: Type.String(),
  actorId: Type.Union([Type.Number(), Type.Null()]),
  actorRole: Type.Union([Type.String(), Type.Null()]),
  action: Type.String(),
  fromState: Type.Union([CaseState, Type.Null()]),
  toState: CaseState,
  comment: Type.Union([Type.String(), Type.Null()]),
  data: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
});
export type CaseEvent = Static<typeof CaseEvent>;

export const AttachmentView = Type.Object({
  id: Type.Number(),
  kind: Type.Enum(['photo', 'snapshot', 'document']),
  mime: Type.String(),
  bytes: Type.Number(),
  eventId: Type.Union([Type.Number(), Type.Null()]),
  createdAt: Type.String(),
  url: Type.String(),
});
export type AttachmentView = Static<typeof AttachmentView>;

export const CaseActionOffer = Type.Object({
  action: Type.String(),
  label: Label,
  requires: Type.Array(Requirement),
  /** Inputs it takes when given (同意延期: the extension granted, if not the one asked). */
  accepts: Type.Array(Requirement),
});
export type CaseActionOffer = Static<typeof CaseActionOffer>;

/** GET /api/cases/:id */
export const CaseDetailResponse = Type.Object({
  case: CaseView,
  events: Type.Array(CaseEvent),
  attachments: Type.Array(AttachmentView),
  actions: Type.Array(CaseActionOffer),
});
export type CaseDetailResponse = Static<typeof CaseDetailResponse>;

/** GET /api/cases */
export const CaseListResponse = Type.Object({
  total: Type.Number(),
  items: Type.Array(CaseView),
});
export type CaseListResponse = Static<typeof CaseListResponse>;

/** The sources a case may come from (a role files only from some: WorkflowResponse.sourcesByRole). */
export const CASE_SOURCES = ['inspector', 'hotline', 'citizen', 'open311', 'video', 'iot', 'leader', 'media', 'self'] as const;
export const CaseSource = Type.Enum(CASE_SOURCES);
export type CaseSource = Static<typeof CaseSource>;

/** The actions of the workflow, one endpoint each (POST /api/cases/:id/<action>, kebab-case). */
export const CASE_ACTIONS = [
  'send-verify', 'verify-confirm', 'verify-deny', 'accept', 'reject', 'register', 'decline', 'dispatch', 'dispose',
  'return-request', 'return-approve', 'return-reject', 'extend-request', 'extend-approve', 'extend-reject',
  'hang-request', 'hang-approve', 'hang-reject', 'hang-resume', 'send-check', 'check-pass', 'check-fail', 'close', 'void',
  'self-approve', 'self-reject', 'supervise', 'mark-urgent', 'note',
] as const;
export const CaseActionPath = Type.Enum(CASE_ACTIONS);
export type CaseActionPath = Static<typeof CaseActionPath>;

/** POST /api/cases/:id/<action> */
export const CaseActionRequest = Type.Object(
  {
    version: Type.Integer({ minimum: 1 }),
    comment: Type.Optional(Type.String({ maxLength: 2000 })),
    departmentId: Type.Optional(Type.Integer({ minimum: 1 })),
    extension: Type.Optional(
      Type.Object(
        {
          value: Type.Number({ exclusiveMinimum: 0, maximum: 1000 }),
          unit: LimitUnit,
        },
        { additionalProperties: false },
      ),
    ),
    photoIds: Type.Optional(Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 9 })),
    assigneeId: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);
export type CaseActionRequest = Static<typeof CaseActionRequest>;

export const CaseActionResponse = Type.Object({
  case: CaseView,
  events: Type.Array(CaseEvent),
});
export type CaseActionResponse = Static<typeof CaseActionResponse>;

/** POST /api/cases (信息收集) */
export const NewCaseRequest = Type.Object(
  {
    kind: CaseKind,
    classCode: Type.String({ pattern: '^[0-9]{4,5}$' }),
    description: Type.String({ maxLength: 4000 }),
    source: Type.Optional(CaseSource),
    // Ranges are checked by the intake, which can tell swapped coordinates from wrong ones.
    lon: Type.Optional(Type.Number()),
    lat: Type.Optional(Type.Number()),
    address: Type.Optional(Type.String({ maxLength: 256 })),
    componentId: Type.Optional(Type.String({ pattern: '^[0-9]{16,17}$' })),
    urgent: Type.Optional(Type.Boolean()),
    selfHandled: Type.Optional(Type.Boolean()),
    reporterName: Type.Optional(Type.String({ maxLength: 64 })),
    reporterContact: Type.Optional(Type.String({ maxLength: 64 })),
    photoIds: Type.Optional(Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 9 })),
  },
  { additionalProperties: false },
);
export type NewCaseRequest = Static<typeof NewCaseRequest>;

/** GET /api/cases */
export const CaseListQuery = Type.Object(
  {
    state: Type.Optional(Type.String({ description: 'comma-separated states' })),
    queue: Type.Optional(Type.String()),
    kind: Type.Optional(CaseKind),
    classCode: Type.Optional(Type.String({ pattern: '^[0-9]{4,5}$' })),
    departmentId: Type.Optional(Type.Integer({ minimum: 1 })),
    gridCode: Type.Optional(Type.String({ pattern: '^[0-9]{15}$' })),
    source: Type.Optional(Type.String()),
    from: Type.Optional(Type.String({ format: 'date-time' })),
    to: Type.Optional(Type.String({ format: 'date-time' })),
    overdue: Type.Optional(Type.Boolean()),
    urgent: Type.Optional(Type.Boolean()),
    q: Type.Optional(Type.String({ maxLength: 100 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
  },
  { additionalProperties: false },
);
export type CaseListQuery = Static<typeof CaseListQuery>;

/** GET /api/cases/duplicates */
export const DuplicatesQuery = Type.Object({
  kind: CaseKind,
  classCode: Type.String({ pattern: '^[0-9]{4,5}$' }),
  lon: Type.Number({ minimum: -180, maximum: 180 }),
  lat: Type.Number({ minimum: -90, maximum: 90 }),
});
export type DuplicatesQuery = Static<typeof DuplicatesQuery>;

/** GET /api/cases/queues: one entry per queue of the user's roles. */
export const QueueCount = Type.Object({
  id: Type.String(),
  role: RoleCode,
  label: Label,
  count: Type.Number(),
});
export type QueueCount = Static<typeof QueueCount>;

/** GET /api/workflow */
export const WorkflowResponse = Type.Object({
  /** The seven stages in order, with the states and per-step limits inside each. */
  stages: Type.Array(Type.Object({
    ...CaseStage.properties,
    limitStages: Type.Array(Type.String()),
    states: Type.Array(CaseState),
  })),
  states: Type.Array(Type.Object({
    state: CaseState,
    label: Label,
    terminal: Type.Boolean(),
    stage: WorkflowStageId,
  })),
  transitions: Type.Array(Type.Object({
    action: Type.String(),
    label: Label,
    from: Type.Union([Type.Array(CaseState), Type.Literal('any_open')]),
    to: Type.Union([CaseState, Type.Literal('same'), Type.Literal('resume')]),
    roles: Type.Array(RoleCode),
    requires: Type.Array(Requirement),
    accepts: Type.Optional(Type.Array(Requirement)),
  })),
  queues: Type.Array(Type.Object({
    id: Type.String(),
    role: RoleCode,
    label: Label,
    states: Type.Array(CaseState),
    /** Whose cases the queue holds: all, the user's own (assigned_to_me), or the user's department's. */
    scope: Type.Enum(['all', 'assigned_to_me', 'my_department']),
  })),
  sources: Type.Array(CaseSource),
  /** The sources each role may file from (POST /api/cases refuses the others). */
  sourcesByRole: Type.Partial(Type.Record(RoleCode, Type.Array(CaseSource))),
});
export type WorkflowResponse = Static<typeof WorkflowResponse>;

/** GET /api/cases/duplicates */
export const DuplicatesResponse = Type.Object({
  radiusM: Type.Number(),
  items: Type.Array(Type.Object({
    ...CaseView.properties,
    distanceM: Type.Number(),
  })),
});
export type DuplicatesResponse = Static<typeof DuplicatesResponse>;

/** GET /api/dictionary */
export const DictionaryClass = Type.Object({
  standardId: Type.String(),
  kind: CaseKind,
  code: Type.String(),
  level: Type.Enum(['big', 'small']),
  bigCode: Type.String(),
  name: Type.String(),
  nameEn: Type.Union([Type.String(), Type.Null()]),
  localExtension: Type.Boolean(),
  sort: Type.Number(),
});
export type DictionaryClass = Static<typeof DictionaryClass>;

export const DictionaryResponse = Type.Object({
  standards: Type.Array(Type.Object({
    id: Type.String(),
    name: Type.String(),
  })),
  standardId: Type.Union([Type.String(), Type.Null()]),
  classes: Type.Array(DictionaryClass),
});
export type DictionaryResponse = Static<typeof DictionaryResponse>;

/** GET /api/departments */
export const Department = Type.Object({
  id: Type.Number(),
  code: Type.String(),
  name: Type.String(),
  kind: Type.Enum(['centre', 'department', 'street', 'enterprise']),
  parentId: Type.Union([Type.Number(), Type.Null()]),
  level: Type.Union([Type.Literal(1), Type.Literal(2)]),
  phone: Type.Union([Type.String(), Type.Null()]),
  active: Type.Boolean(),
});
export type Department = Static<typeof Department>;

/** GET /api/geocode and /api/geocode/reverse */
export const GeocodeResult = Type.Object({
  lon: Type.Number(),
  lat: Type.Number(),
  gridCode: Type.Union([Type.String(), Type.Null()]),
  communityCode: Type.Union([Type.String(), Type.Null()]),
  streetCode: Type.Union([Type.String(), Type.Null()]),
  address: Type.Union([Type.String(), Type.Null()]),
  matchedKind: Type.Enum(['doorplate', 'poi', 'estate', 'street', 'point']),
});
export type GeocodeResult = Static<typeof GeocodeResult>;

/** GET /api/calendar: enough to count working time in the browser. */
export const CalendarResponse = Type.Object({
  utcOffsetMinutes: Type.Number(),
  /** 0 = Sunday. */
  weekendDays: Type.Array(Type.Number()),
  /** Minutes after local midnight. */
  periods: Type.Array(Type.Object({
    startMin: Type.Number(),
    endMin: Type.Number(),
  })),
  days: Type.Array(Type.Object({
    date: Type.String(),
    kind: Type.Enum(['holiday', 'workday']),
    name: Type.Union([Type.String(), Type.Null()]),
    /** Where the day comes from: the holiday package, the statutory fixed-date holidays, or the county's own. */
    source: Type.Enum(['chinese-days', 'statutory', 'local']),
  })),
});
export type CalendarResponse = Static<typeof CalendarResponse>;

/** GET /api/calendar/warnings: a year whose lunar holidays and 调休 days are missing. */
export const CalendarWarning = Type.Object({
  kind: Type.Literal('year_incomplete'),
  year: Type.Number(),
  message: Label,
});
export type CalendarWarning = Static<typeof CalendarWarning>;

/** GET /api/staff: names and roles of colleagues (the timeline's "who", the inspector picker). */
export const StaffMember = Type.Object({
  id: Type.Number(),
  displayName: Type.String(),
  roles: Type.Array(RoleCode),
  departmentId: Type.Union([Type.Number(), Type.Null()]),
  /** With ?gridCode: whether the inspector patrols that grid (责任网格). */
  holdsGrid: Type.Optional(Type.Boolean()),
});
export type StaffMember = Static<typeof StaffMember>;

export const StaffResponse = Type.Object({
  items: Type.Array(StaffMember),
});
export type StaffResponse = Static<typeof StaffResponse>;
