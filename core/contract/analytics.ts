// API shapes of 热力分析 and 综合评价, and of the summary the command wall reads.
// TypeBox schemas and their Static<> types. See docs/ANALYTICS.md.
import { Type, type Static } from 'typebox';

export const PeriodView = Type.Object({
  label: Type.String(),
  /** First day, YYYY-MM-DD. */
  from: Type.String(),
  /** Last day (inclusive). */
  to: Type.String(),
  days: Type.Number(),
});
export type PeriodView = Static<typeof PeriodView>;

export const GridCount = Type.Object({
  code: Type.String(),
  n: Type.Number(),
});
export type GridCount = Static<typeof GridCount>;

/** GET /api/analytics/dimensions: what the filters offer. */
export const AnalyticsDimensions = Type.Object({
  classes: Type.Array(Type.Object({
    key: Type.String(),
    kind: Type.String(),
    code: Type.String(),
    level: Type.Enum(['big', 'small']),
    bigCode: Type.String(),
    name: Type.String(),
    nameEn: Type.Union([Type.String(), Type.Null()]),
  })),
  sources: Type.Array(Type.Object({
    code: Type.String(),
    name: Type.String(),
    nameEn: Type.String(),
  })),
  states: Type.Array(Type.Object({
    code: Type.String(),
    name: Type.String(),
    nameEn: Type.String(),
    terminal: Type.Boolean(),
  })),
  departments: Type.Array(Type.Object({
    id: Type.Number(),
    name: Type.String(),
    kind: Type.String(),
    active: Type.Boolean(),
  })),
  streets: Type.Array(Type.Object({
    code: Type.String(),
    name: Type.String(),
  })),
  communities: Type.Array(Type.Object({
    code: Type.String(),
    name: Type.String(),
    streetCode: Type.String(),
  })),
  grids: Type.Array(Type.Object({
    code: Type.String(),
    communityCode: Type.String(),
    lon: Type.Number(),
    lat: Type.Number(),
  })),
  bbox: Type.Union([Type.Object({
    west: Type.Number(),
    south: Type.Number(),
    east: Type.Number(),
    north: Type.Number(),
  }), Type.Null()]),
  /** The county's today, YYYY-MM-DD. */
  today: Type.String(),
});
export type AnalyticsDimensions = Static<typeof AnalyticsDimensions>;

/** GET /api/heatmap: every panel of the explorer. */
/** A point of a trend line (a day or a month). */
export const TrendBucket = Type.Object({
  label: Type.String(),
  n: Type.Union([Type.Number(), Type.Null()]),
  days: Type.Number(),
  partial: Type.Boolean(),
});

export const HeatmapResponse = Type.Object({
  period: PeriodView,
  total: Type.Number(),
  grids: Type.Array(GridCount),
  maxGrid: Type.Number(),
  raster: Type.Object({
    west: Type.Number(),
    south: Type.Number(),
    east: Type.Number(),
    north: Type.Number(),
    width: Type.Number(),
    height: Type.Number(),
    values: Type.Array(Type.Number()),
  }),
  /** [weekday, Monday first][hour]. */
  hourWeekday: Type.Array(Type.Array(Type.Number())),
  calendar: Type.Array(Type.Object({
    date: Type.String(),
    n: Type.Number(),
  })),
  classes: Type.Array(Type.Object({
    key: Type.String(),
    name: Type.String(),
    n: Type.Number(),
  })),
  classCommunity: Type.Object({
    classes: Type.Array(Type.Object({
      key: Type.String(),
      name: Type.String(),
    })),
    communities: Type.Array(Type.Object({
      code: Type.String(),
      name: Type.String(),
    })),
    values: Type.Array(Type.Tuple([Type.Number(), Type.Number(), Type.Number()])),
  }),
  topGrids: Type.Array(Type.Object({
    code: Type.String(),
    community: Type.String(),
    n: Type.Number(),
  })),
  topPlaces: Type.Array(Type.Object({
    cell: Type.Number(),
    n: Type.Number(),
    address: Type.Union([Type.String(), Type.Null()]),
    lon: Type.Number(),
    lat: Type.Number(),
  })),
  trend: Type.Object({
    unit: Type.Enum(['day', 'month']),
    /**
     * n is null for a day or month that starts before the county's records begin, or after the
     * county's today (no data, not 0). `days`: the days of it counted; `partial`: fewer than the
     * whole day or month (today, the current month, a month the period cuts): a chart marks it.
     */
    current: Type.Array(TrendBucket),
    lastYear: Type.Array(TrendBucket),
    /** The period runs past the county's today: total, 环比 and 同比 count the days so far. */
    periodPartial: Type.Boolean(),
    total: Type.Number(),
    previous: Type.Number(),
    lastYearTotal: Type.Number(),
    /** 环比, percent (null when the previous period had none, or is not covered by the records). */
    mom: Type.Union([Type.Number(), Type.Null()]),
    /** 同比, percent (null likewise). */
    yoy: Type.Union([Type.Number(), Type.Null()]),
    /** Whether the county's records begin by the start of the previous period (else mom is null). */
    previousCovered: Type.Boolean(),
    /** Whether they begin by the start of the same period a year before (else yoy is null). */
    lastYearCovered: Type.Boolean(),
    /** The first day with any case, YYYY-MM-DD (null: no cases yet). */
    dataFrom: Type.Union([Type.String(), Type.Null()]),
    previousLabel: Type.String(),
    lastYearLabel: Type.String(),
  }),
});
export type HeatmapResponse = Static<typeof HeatmapResponse>;

/** GET /api/heatmap/grids: the slider's per-day fill. */
export const HeatmapGridsResponse = Type.Object({
  period: PeriodView,
  grids: Type.Array(GridCount),
  total: Type.Number(),
  max: Type.Number(),
});
export type HeatmapGridsResponse = Static<typeof HeatmapGridsResponse>;

/** A case as drill-down lists show it. */
export const DrillCase = Type.Object({
  id: Type.Number(),
  caseNo: Type.String(),
  kind: Type.String(),
  classCode: Type.String(),
  className: Type.String(),
  source: Type.String(),
  state: Type.String(),
  stateName: Type.String(),
  address: Type.Union([Type.String(), Type.Null()]),
  gridCode: Type.Union([Type.String(), Type.Null()]),
  departmentId: Type.Union([Type.Number(), Type.Null()]),
  departmentName: Type.Union([Type.String(), Type.Null()]),
  reportedAt: Type.String(),
  registeredAt: Type.Union([Type.String(), Type.Null()]),
  closedAt: Type.Union([Type.String(), Type.Null()]),
  deadlineAt: Type.Union([Type.String(), Type.Null()]),
  overdue: Type.Boolean(),
});
export type DrillCase = Static<typeof DrillCase>;

/** GET /api/heatmap/cases and GET /api/evaluation/cases (`units`: the figure drilled, when a case counts twice). */
export const DrillResponse = Type.Object({
  total: Type.Number(),
  units: Type.Optional(Type.Number()),
  cases: Type.Array(DrillCase),
});
export type DrillResponse = Static<typeof DrillResponse>;

export const Grade = Type.Enum(['A', 'B', 'C', 'D', 'E']);
export type Grade = Static<typeof Grade>;

/** GET /api/analytics/summary: the command wall's figures for a day. */
export const AnalyticsSummary = Type.Object({
  date: Type.String(),
  today: Type.Object({
    reported: Type.Number(),
    registered: Type.Number(),
    dispatched: Type.Number(),
    disposed: Type.Number(),
    closed: Type.Number(),
    overdue: Type.Number(),
    voided: Type.Number(),
    rejected: Type.Number(),
  }),
  open: Type.Object({
    total: Type.Number(),
    overdue: Type.Number(),
    byState: Type.Record(Type.String(), Type.Number()),
  }),
  month: Type.Object({
    from: Type.String(),
    to: Type.String(),
    registered: Type.Number(),
    due: Type.Number(),
    closed: Type.Number(),
    closedOnTime: Type.Number(),
    closeRate: Type.Union([Type.Number(), Type.Null()]),
    onTimeCloseRate: Type.Union([Type.Number(), Type.Null()]),
  }),
  trend7: Type.Array(Type.Object({
    date: Type.String(),
    reported: Type.Number(),
    registered: Type.Number(),
    closed: Type.Number(),
    overdue: Type.Number(),
  })),
  classes: Type.Array(Type.Object({
    key: Type.String(),
    name: Type.String(),
    nameEn: Type.Union([Type.String(), Type.Null()]),
    n: Type.Number(),
  })),
  topGrids: Type.Array(Type.Object({
    code: Type.String(),
    community: Type.Union([Type.String(), Type.Null()]),
    n: Type.Number(),
  })),
  departments: Type.Array(Type.Object({
    id: Type.Number(),
    name: Type.String(),
    score: Type.Union([Type.Number(), Type.Null()]),
    grade: Type.Union([Grade, Type.Null()]),
    colour: Type.Union([Type.String(), Type.Null()]),
    /** Ranked only on the county's minCases cases or more; fewer: shown after the ranked, rank null. */
    rank: Type.Union([Type.Number(), Type.Null()]),
    /** The cases the score rests on (cases received). */
    sample: Type.Number(),
    toDispose: Type.Number(),
    overdue: Type.Number(),
  })),
});
export type AnalyticsSummary = Static<typeof AnalyticsSummary>;

/** GET /api/analytics/grid-fill. */
export const GridFillResponse = Type.Object({
  measure: Type.Enum(['open', 'overdue', 'reported', 'registered', 'closed']),
  window: Type.Union([Type.Object({
    from: Type.String(),
    to: Type.String(),
  }), Type.Null()]),
  grids: Type.Array(GridCount),
  max: Type.Number(),
  total: Type.Number(),
});
export type GridFillResponse = Static<typeof GridFillResponse>;

export const EvaluatedObject = Type.Enum(['grid', 'community', 'street', 'department', 'inspector', 'acceptor', 'shift_leader', 'dispatcher']);
export type EvaluatedObject = Static<typeof EvaluatedObject>;

export const ScoreBand = Type.Object({
  from: Type.Number(),
  score: Type.Number(),
});
export type ScoreBand = Static<typeof ScoreBand>;

export const EvaluationSettings = Type.Object({
  weights: Type.Object({
    region: Type.Object({
      supervision: Type.Number(),
      caseCount: Type.Number(),
      closeRate: Type.Number(),
      onTimeCloseRate: Type.Number(),
    }),
    department: Type.Object({
      caseCount: Type.Number(),
      closeRate: Type.Number(),
      onTimeDisposeRate: Type.Number(),
      reworkFree: Type.Number(),
    }),
    inspector: Type.Object({
      validReportRate: Type.Number(),
      missFree: Type.Number(),
      onTimeVerifyRate: Type.Number(),
      onTimeCheckRate: Type.Number(),
    }),
    acceptor: Type.Object({
      acceptCount: Type.Number(),
      verifySendRate: Type.Number(),
      checkSendRate: Type.Number(),
    }),
    shift_leader: Type.Object({
      onTimeRegisterRate: Type.Number(),
      accurateRegisterRate: Type.Number(),
      onTimeCloseRate: Type.Number(),
    }),
    dispatcher: Type.Object({
      dispatchCount: Type.Number(),
      onTimeDispatchRate: Type.Number(),
      accurateDispatchRate: Type.Number(),
    }),
  }),
  bands: Type.Object({
    regionCases: Type.Array(ScoreBand),
    departmentCases: Type.Array(ScoreBand),
    acceptorCount: Type.Array(ScoreBand),
    dispatcherCount: Type.Array(ScoreBand),
  }),
  grades: Type.Array(Type.Object({
    grade: Grade,
    min: Type.Number(),
    colour: Type.String(),
  })),
  /** The fewest cases before an object is ranked. */
  minCases: Type.Number(),
});
export type EvaluationSettings = Static<typeof EvaluationSettings>;

export const Scored = Type.Object({
  counts: Type.Record(Type.String(), Type.Number()),
  rates: Type.Record(Type.String(), Type.Union([Type.Number(), Type.Null()])),
  terms: Type.Record(Type.String(), Type.Number()),
  score: Type.Union([Type.Number(), Type.Null()]),
  grade: Type.Union([Grade, Type.Null()]),
  colour: Type.Union([Type.String(), Type.Null()]),
});
export type Scored = Static<typeof Scored>;

export const EvaluationRow = Type.Object({
  ...Scored.properties,
  subject: Type.String(),
  name: Type.String(),
  parent: Type.Union([Type.String(), Type.Null()]),
  /** The cases its score rests on; under settings.minCases the row is shown unranked (rank null). */
  sample: Type.Number(),
  rank: Type.Union([Type.Number(), Type.Null()]),
});
export type EvaluationRow = Static<typeof EvaluationRow>;

/** GET /api/evaluation. */
export const EvaluationResponse = Type.Object({
  object: EvaluatedObject,
  period: PeriodView,
  rows: Type.Array(EvaluationRow),
  total: Scored,
  gradeCounts: Type.Record(Type.String(), Type.Number()),
  settings: EvaluationSettings,
  definition: Type.Object({
    zh: Type.String(),
    en: Type.String(),
    group: Type.KeyOf(EvaluationSettings.properties.weights),
    counts: Type.Array(Type.Object({
      key: Type.String(),
      zh: Type.String(),
      en: Type.String(),
    })),
    rates: Type.Array(Type.Object({
      key: Type.String(),
      zh: Type.String(),
      en: Type.String(),
      num: Type.String(),
      den: Type.String(),
    })),
    terms: Type.Array(Type.Object({
      key: Type.String(),
      zh: Type.String(),
      en: Type.String(),
      kind: Type.Enum(['rate', 'inverse', 'bands']),
      source: Type.String(),
      /** A 'bands' term: which count bands score it. */
      bands: Type.Optional(Type.KeyOf(EvaluationSettings.properties.bands)),
      /** A 'bands' term counted per unit grid of the region. */
      perGrid: Type.Optional(Type.Boolean()),
    })),
  }),
});
export type EvaluationResponse = Static<typeof EvaluationResponse>;

/** GET /api/evaluation/settings. */
export const EvaluationSettingsResponse = Type.Object({
  settings: EvaluationSettings,
  defaults: EvaluationSettings,
});
export type EvaluationSettingsResponse = Static<typeof EvaluationSettingsResponse>;

/** The filters of the heatmap explorer (GET /api/heatmap, /grids, /cases, /export), as query text. */
export const HeatmapFilterFields = {
  period: Type.Optional(Type.String({ maxLength: 10, description: '2026-03, 2026-Q1 or 2026; or give from and to' })),
  from: Type.Optional(Type.String({ maxLength: 10, description: 'first day, YYYY-MM-DD' })),
  to: Type.Optional(Type.String({ maxLength: 10, description: 'last day (inclusive), YYYY-MM-DD' })),
  classes: Type.Optional(Type.String({ maxLength: 2000, description: 'comma-separated kind:code, big (event:01) or small (event:0102)' })),
  sources: Type.Optional(Type.String({ maxLength: 200 })),
  states: Type.Optional(Type.String({ maxLength: 400, description: "comma-separated states, or 'open' / 'ended'" })),
  departments: Type.Optional(Type.String({ maxLength: 2000, description: 'comma-separated department ids' })),
  area: Type.Optional(Type.String({ maxLength: 15, description: 'street (9), community (12) or grid (15) code' })),
  overdue: Type.Optional(Type.Boolean()),
  resolution: Type.Optional(Type.Integer({ minimum: 16, maximum: 512, default: 128, description: 'raster cells along the longer side of the county' })),
};
export const HeatmapQuery = Type.Object(HeatmapFilterFields, { additionalProperties: false });
export type HeatmapQuery = Static<typeof HeatmapQuery>;

/** GET /api/heatmap/cases: the filters and the cell drilled. */
export const HeatmapCasesQuery = Type.Object(
  {
    ...HeatmapFilterFields,
    grid: Type.Optional(Type.String({ pattern: '^[0-9]{15}$' })),
    date: Type.Optional(Type.String({ maxLength: 10 })),
    weekday: Type.Optional(Type.Integer({ minimum: 0, maximum: 6, description: '0 = Monday' })),
    hour: Type.Optional(Type.Integer({ minimum: 0, maximum: 23 })),
    classKey: Type.Optional(Type.String({ maxLength: 20 })),
    community: Type.Optional(Type.String({ pattern: '^[0-9]{12}$' })),
    cell: Type.Optional(Type.Integer({ minimum: 0 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
  },
  { additionalProperties: false },
);
export type HeatmapCasesQuery = Static<typeof HeatmapCasesQuery>;

/** The explorer's panels, each exportable on its own. */
export const HEATMAP_PANELS = ['grids', 'hourWeekday', 'calendar', 'classes', 'classCommunity', 'topGrids', 'topPlaces', 'trend'] as const;
export type HeatmapPanel = (typeof HEATMAP_PANELS)[number];

/** The evaluation's period: a month, quarter or year (`period`), or `from` and `to`. */
export const PeriodFields = {
  period: Type.Optional(Type.String({ maxLength: 10, description: '2026-03, 2026-Q1 or 2026; or give from and to' })),
  from: Type.Optional(Type.String({ maxLength: 10 })),
  to: Type.Optional(Type.String({ maxLength: 10 })),
};
export const PeriodQuery = Type.Object(PeriodFields);
export type PeriodQuery = Static<typeof PeriodQuery>;

/** GET /api/evaluation/overdue: one automatic evaluation (a case whose disposal limit expired). */
export const OverdueLogItem = Type.Object({
  caseId: Type.Number(),
  caseNo: Type.String(),
  at: Type.String(),
  deadlineAt: Type.Union([Type.String(), Type.Null()]),
  className: Type.String(),
  departmentId: Type.Union([Type.Number(), Type.Null()]),
  departmentName: Type.Union([Type.String(), Type.Null()]),
});
export type OverdueLogItem = Static<typeof OverdueLogItem>;

const Weight = Type.Number({ minimum: 0, maximum: 100 });
const Bands = Type.Array(Type.Object({ from: Type.Number({ minimum: 0, maximum: 1e9 }), score: Type.Number({ minimum: 0, maximum: 100 }) }, { additionalProperties: false }), { minItems: 1, maxItems: 20 });
const weights = <K extends string>(...keys: K[]) => Type.Object(Object.fromEntries(keys.map((k) => [k, Weight])) as Record<K, typeof Weight>, { additionalProperties: false });

/** PUT /api/evaluation/settings: the weights (each table adds up to 100), count bands and grade bands. */
export const EvaluationSettingsBody = Type.Object(
  {
    weights: Type.Object(
      {
        region: weights('supervision', 'caseCount', 'closeRate', 'onTimeCloseRate'),
        department: weights('caseCount', 'closeRate', 'onTimeDisposeRate', 'reworkFree'),
        inspector: weights('validReportRate', 'missFree', 'onTimeVerifyRate', 'onTimeCheckRate'),
        acceptor: weights('acceptCount', 'verifySendRate', 'checkSendRate'),
        shift_leader: weights('onTimeRegisterRate', 'accurateRegisterRate', 'onTimeCloseRate'),
        dispatcher: weights('dispatchCount', 'onTimeDispatchRate', 'accurateDispatchRate'),
      },
      { additionalProperties: false },
    ),
    bands: Type.Object({ regionCases: Bands, departmentCases: Bands, acceptorCount: Bands, dispatcherCount: Bands }, { additionalProperties: false }),
    grades: Type.Array(
      Type.Object({ grade: Grade, min: Type.Number({ minimum: 0, maximum: 100 }), colour: Type.String({ pattern: '^#[0-9a-fA-F]{6}$' }) }, { additionalProperties: false }),
      { minItems: 5, maxItems: 5 },
    ),
    /** The fewest cases before a subject is ranked; left out, the county keeps its value (a client from before the setting). */
    minCases: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000 })),
  },
  { additionalProperties: false },
);
