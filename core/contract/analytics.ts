// API shapes of 热力分析 and 综合评价, and of the summary the command wall reads.
// Types only: the renderer imports them with `import type`. See docs/ANALYTICS.md.

export interface PeriodView {
  label: string;
  /** First day, YYYY-MM-DD. */
  from: string;
  /** Last day (inclusive). */
  to: string;
  days: number;
}

export interface GridCount {
  code: string;
  n: number;
}

/** GET /api/analytics/dimensions: what the filters offer. */
export interface AnalyticsDimensions {
  classes: { key: string; kind: string; code: string; level: 'big' | 'small'; bigCode: string; name: string; nameEn: string | null }[];
  sources: { code: string; name: string; nameEn: string }[];
  states: { code: string; name: string; nameEn: string; terminal: boolean }[];
  departments: { id: number; name: string; kind: string; active: boolean }[];
  streets: { code: string; name: string }[];
  communities: { code: string; name: string; streetCode: string }[];
  grids: { code: string; communityCode: string; lon: number; lat: number }[];
  bbox: { west: number; south: number; east: number; north: number } | null;
  /** The county's today, YYYY-MM-DD. */
  today: string;
}

/** GET /api/heatmap: every panel of the explorer. */
export interface HeatmapResponse {
  period: PeriodView;
  total: number;
  grids: GridCount[];
  maxGrid: number;
  raster: { west: number; south: number; east: number; north: number; width: number; height: number; values: number[] };
  /** [weekday, Monday first][hour]. */
  hourWeekday: number[][];
  calendar: { date: string; n: number }[];
  classes: { key: string; name: string; n: number }[];
  classCommunity: { classes: { key: string; name: string }[]; communities: { code: string; name: string }[]; values: [number, number, number][] };
  topGrids: { code: string; community: string; n: number }[];
  topPlaces: { cell: number; n: number; address: string | null; lon: number; lat: number }[];
  trend: {
    unit: 'day' | 'month';
    /** n is null for a day or month that starts before the county's records begin (no data, not 0). */
    current: { label: string; n: number | null }[];
    lastYear: { label: string; n: number | null }[];
    total: number;
    previous: number;
    lastYearTotal: number;
    /** 环比, percent (null when the previous period had none, or is not covered by the records). */
    mom: number | null;
    /** 同比, percent (null likewise). */
    yoy: number | null;
    /** Whether the county's records begin by the start of the previous period (else mom is null). */
    previousCovered: boolean;
    /** Whether they begin by the start of the same period a year before (else yoy is null). */
    lastYearCovered: boolean;
    /** The first day with any case, YYYY-MM-DD (null: no cases yet). */
    dataFrom: string | null;
    previousLabel: string;
    lastYearLabel: string;
  };
}

/** GET /api/heatmap/grids: the slider's per-day fill. */
export interface HeatmapGridsResponse {
  period: PeriodView;
  grids: GridCount[];
  total: number;
  max: number;
}

/** A case as drill-down lists show it. */
export interface DrillCase {
  id: number;
  caseNo: string;
  kind: string;
  classCode: string;
  className: string;
  source: string;
  state: string;
  stateName: string;
  address: string | null;
  gridCode: string | null;
  departmentId: number | null;
  departmentName: string | null;
  reportedAt: string;
  registeredAt: string | null;
  closedAt: string | null;
  deadlineAt: string | null;
  overdue: boolean;
}

/** GET /api/heatmap/cases and GET /api/evaluation/cases (`units`: the figure drilled, when a case counts twice). */
export interface DrillResponse {
  total: number;
  units?: number;
  cases: DrillCase[];
}

/** GET /api/analytics/summary: the command wall's figures for a day. */
export interface AnalyticsSummary {
  date: string;
  today: { reported: number; registered: number; dispatched: number; disposed: number; closed: number; overdue: number; voided: number; rejected: number };
  open: { total: number; overdue: number; byState: Record<string, number> };
  month: { from: string; to: string; registered: number; due: number; closed: number; closedOnTime: number; closeRate: number | null; onTimeCloseRate: number | null };
  trend7: { date: string; reported: number; registered: number; closed: number; overdue: number }[];
  classes: { key: string; name: string; nameEn: string | null; n: number }[];
  topGrids: { code: string; community: string | null; n: number }[];
  departments: { id: number; name: string; score: number | null; grade: Grade | null; colour: string | null; rank: number | null; toDispose: number; overdue: number }[];
}

/** GET /api/analytics/grid-fill. */
export interface GridFillResponse {
  measure: 'open' | 'overdue' | 'reported' | 'registered' | 'closed';
  window: { from: string; to: string } | null;
  grids: GridCount[];
  max: number;
  total: number;
}

export type Grade = 'A' | 'B' | 'C' | 'D' | 'E';
export type EvaluatedObject = 'grid' | 'community' | 'street' | 'department' | 'inspector' | 'acceptor' | 'shift_leader' | 'dispatcher';

export interface ScoreBand {
  from: number;
  score: number;
}

export interface EvaluationSettings {
  weights: {
    region: { supervision: number; caseCount: number; closeRate: number; onTimeCloseRate: number };
    department: { caseCount: number; closeRate: number; onTimeDisposeRate: number; reworkFree: number };
    inspector: { validReportRate: number; missFree: number; onTimeVerifyRate: number; onTimeCheckRate: number };
    acceptor: { acceptCount: number; verifySendRate: number; checkSendRate: number };
    shift_leader: { onTimeRegisterRate: number; accurateRegisterRate: number; onTimeCloseRate: number };
    dispatcher: { dispatchCount: number; onTimeDispatchRate: number; accurateDispatchRate: number };
  };
  bands: { regionCases: ScoreBand[]; departmentCases: ScoreBand[]; acceptorCount: ScoreBand[]; dispatcherCount: ScoreBand[] };
  grades: { grade: Grade; min: number; colour: string }[];
}

export interface Scored {
  counts: Record<string, number>;
  rates: Record<string, number | null>;
  terms: Record<string, number>;
  score: number | null;
  grade: Grade | null;
  colour: string | null;
}

export interface EvaluationRow extends Scored {
  subject: string;
  name: string;
  parent: string | null;
  rank: number | null;
}

/** GET /api/evaluation. */
export interface EvaluationResponse {
  object: EvaluatedObject;
  period: PeriodView;
  rows: EvaluationRow[];
  total: Scored;
  gradeCounts: Record<string, number>;
  settings: EvaluationSettings;
  definition: {
    zh: string;
    en: string;
    group: keyof EvaluationSettings['weights'];
    counts: { key: string; zh: string; en: string }[];
    rates: { key: string; zh: string; en: string; num: string; den: string }[];
    terms: { key: string; zh: string; en: string; kind: 'rate' | 'inverse' | 'bands'; source: string }[];
  };
}

/** GET /api/evaluation/settings. */
export interface EvaluationSettingsResponse {
  settings: EvaluationSettings;
  defaults: EvaluationSettings;
}
