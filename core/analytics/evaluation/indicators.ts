// 综合评价 as data (DOMAIN.md §4): for each evaluated object, its base counts, its rates
// (numerator / denominator, ×100 %), and the terms of its composite score with the weights
// the county set. One small interpreter computes them all.
import type { CounterScope } from '../index.js';
import type { EvaluationSettings, Grade, ScoreBand } from '../../workflow/settings/index.js';

export const OBJECTS = ['grid', 'community', 'street', 'department', 'inspector', 'acceptor', 'shift_leader', 'dispatcher'] as const;
export type EvaluatedObject = (typeof OBJECTS)[number];

/** Which weight table an object uses. */
export type WeightGroup = keyof EvaluationSettings['weights'];

export interface RateDef {
  key: string;
  zh: string;
  en: string;
  num: string;
  den: string;
}

export interface TermDef {
  /** The weight's key in EvaluationSettings.weights[group]. */
  key: string;
  zh: string;
  en: string;
  /** rate: the rate itself; inverse: 100 − rate; bands: a step score of a monthly count. */
  kind: 'rate' | 'inverse' | 'bands';
  source: string;
  bands?: keyof EvaluationSettings['bands'];
  /** Divide the count by the number of grids of the region first (region case bands are per grid). */
  perGrid?: boolean;
}

export interface CountDef {
  key: string;
  zh: string;
  en: string;
}

export interface ObjectDef {
  scope: CounterScope;
  group: WeightGroup;
  zh: string;
  en: string;
  counts: CountDef[];
  rates: RateDef[];
  terms: TermDef[];
  /** Counts whose all-zero means "no activity": such a subject is listed but not graded. */
  activity: string[] | null;
  /** The count a score rests on (its sample): under the county's minCases the subject is not ranked. */
  sample: string;
}

const c = (key: string, zh: string, en: string): CountDef => ({ key, zh, en });
const r = (key: string, zh: string, en: string, num: string, den: string): RateDef => ({ key, zh, en, num, den });

const REGION: Omit<ObjectDef, 'zh' | 'en'> = {
  scope: 'grid',
  group: 'region',
  counts: [
    c('reported', '上报数', 'Reports'),
    c('registered', '立案数', 'Registered'),
    c('public', '监督举报数', 'Public reports'),
    c('due', '应结案数', 'Due to close'),
    c('closed', '结案数', 'Closed'),
    c('closedOnTime', '按期结案数', 'Closed on time'),
    c('closedLate', '超期结案数', 'Closed late'),
    c('overdueOpen', '超期未结数', 'Overdue, open'),
    c('voided', '作废数', 'Voided'),
  ],
  rates: [
    r('registerRate', '立案率', 'Registration rate', 'registered', 'reported'),
    r('closeRate', '结案率', 'Closing rate', 'closed', 'due'),
    r('onTimeCloseRate', '按期结案率', 'On-time closing rate', 'closedOnTime', 'due'),
    r('lateCloseRate', '超期结案率', 'Late closing rate', 'closedLate', 'due'),
    r('supervisionRate', '监督举报率', 'Public-report rate', 'public', 'registered'),
  ],
  terms: [
    { key: 'supervision', zh: '监督举报率分值', en: 'Public-report score', kind: 'inverse', source: 'supervisionRate' },
    { key: 'caseCount', zh: '立案数分值', en: 'Case-count score', kind: 'bands', source: 'registered', bands: 'regionCases', perGrid: true },
    { key: 'closeRate', zh: '结案率', en: 'Closing rate', kind: 'rate', source: 'closeRate' },
    { key: 'onTimeCloseRate', zh: '按期结案率', en: 'On-time closing rate', kind: 'rate', source: 'onTimeCloseRate' },
  ],
  activity: null,
  sample: 'registered',
};

export const OBJECT_DEFS: Record<EvaluatedObject, ObjectDef> = {
  grid: { ...REGION, zh: '单元网格', en: 'Grid' },
  community: { ...REGION, zh: '社区', en: 'Community' },
  street: { ...REGION, zh: '街道', en: 'Street' },
  department: {
    scope: 'department',
    group: 'department',
    zh: '专业部门',
    en: 'Department',
    counts: [
      c('assigned', '立案数', 'Cases received'),
      c('toDispose', '应处置数', 'Due to dispose'),
      c('disposed', '处置数', 'Disposed'),
      c('disposedOnTime', '按期处置数', 'Disposed on time'),
      c('overdue', '超期数', 'Overdue'),
      c('due', '应结案数', 'Due to close'),
      c('closed', '结案数', 'Closed'),
      c('closedOnTime', '按期结案数', 'Closed on time'),
      c('reworked', '返工数', 'Reworked'),
      c('returned', '回退数', 'Returned'),
      c('extended', '延期数', 'Extended'),
      c('hung', '挂账数', 'Suspended'),
    ],
    rates: [
      r('disposeRate', '处置率', 'Disposal rate', 'disposed', 'toDispose'),
      r('onTimeDisposeRate', '按期处置率', 'On-time disposal rate', 'disposedOnTime', 'toDispose'),
      r('closeRate', '结案率', 'Closing rate', 'closed', 'due'),
      r('onTimeCloseRate', '按期结案率', 'On-time closing rate', 'closedOnTime', 'due'),
      r('reworkRate', '返工率', 'Rework rate', 'reworked', 'disposed'),
      r('overdueRate', '超期率', 'Overdue rate', 'overdue', 'toDispose'),
      r('returnRate', '回退率', 'Return rate', 'returned', 'assigned'),
      r('extendRate', '延期率', 'Extension rate', 'extended', 'toDispose'),
    ],
    terms: [
      { key: 'caseCount', zh: '立案数分值', en: 'Case-count score', kind: 'bands', source: 'assigned', bands: 'departmentCases' },
      { key: 'closeRate', zh: '结案率', en: 'Closing rate', kind: 'rate', source: 'closeRate' },
      { key: 'onTimeDisposeRate', zh: '按期处置率', en: 'On-time disposal rate', kind: 'rate', source: 'onTimeDisposeRate' },
      { key: 'reworkFree', zh: '(1−返工率)', en: '1 − rework rate', kind: 'inverse', source: 'reworkRate' },
    ],
    activity: ['assigned', 'returned'],
    sample: 'assigned',
  },
  inspector: {
    scope: 'inspector',
    group: 'inspector',
    zh: '监督员',
    en: 'Inspector',
    counts: [
      c('reported', '上报数', 'Reports'),
      c('validReported', '有效上报数', 'Valid reports'),
      c('missed', '漏报数', 'Missed (public first)'),
      c('gridRegistered', '责任网格立案数', 'Registered in own grids'),
      c('verifyTasks', '应核实数', 'Verifications due'),
      c('verifyOnTime', '按时核实数', 'Verified on time'),
      c('checkTasks', '应核查数', 'Checks due'),
      c('checkOnTime', '按时核查数', 'Checked on time'),
    ],
    rates: [
      r('validReportRate', '有效上报率', 'Valid-report rate', 'validReported', 'reported'),
      r('missRate', '漏报率', 'Miss rate', 'missed', 'gridRegistered'),
      r('onTimeVerifyRate', '按时核实率', 'On-time verification rate', 'verifyOnTime', 'verifyTasks'),
      r('onTimeCheckRate', '按时核查率', 'On-time check rate', 'checkOnTime', 'checkTasks'),
    ],
    terms: [
      { key: 'validReportRate', zh: '有效上报率', en: 'Valid-report rate', kind: 'rate', source: 'validReportRate' },
      { key: 'missFree', zh: '(1−漏报率)', en: '1 − miss rate', kind: 'inverse', source: 'missRate' },
      { key: 'onTimeVerifyRate', zh: '按时核实率', en: 'On-time verification rate', kind: 'rate', source: 'onTimeVerifyRate' },
      { key: 'onTimeCheckRate', zh: '按时核查率', en: 'On-time check rate', kind: 'rate', source: 'onTimeCheckRate' },
    ],
    activity: ['reported', 'verifyTasks', 'checkTasks'],
    sample: 'reported',
  },
  acceptor: {
    scope: 'acceptor',
    group: 'acceptor',
    zh: '受理员',
    en: 'Intake operator',
    counts: [
      c('accepted', '受理数', 'Accepted'),
      c('acceptedOnTime', '按时受理数', 'Accepted on time'),
      c('verifySent', '核实派发数', 'Verifications sent'),
      c('verifySentOnTime', '核实按时派发数', 'Verifications sent on time'),
      c('checkSent', '核查派发数', 'Checks sent'),
      c('checkSentOnTime', '核查按时派发数', 'Checks sent on time'),
    ],
    rates: [
      r('onTimeAcceptRate', '按时受理率', 'On-time acceptance rate', 'acceptedOnTime', 'accepted'),
      r('verifySendRate', '核实按时派发率', 'Verifications sent on time', 'verifySentOnTime', 'verifySent'),
      r('checkSendRate', '核查按时派发率', 'Checks sent on time', 'checkSentOnTime', 'checkSent'),
    ],
    terms: [
      { key: 'acceptCount', zh: '受理数分值', en: 'Acceptance-count score', kind: 'bands', source: 'accepted', bands: 'acceptorCount' },
      { key: 'verifySendRate', zh: '核实按时派发率', en: 'Verifications sent on time', kind: 'rate', source: 'verifySendRate' },
      { key: 'checkSendRate', zh: '核查按时派发率', en: 'Checks sent on time', kind: 'rate', source: 'checkSendRate' },
    ],
    activity: ['accepted', 'verifySent', 'checkSent'],
    sample: 'accepted',
  },
  shift_leader: {
    scope: 'shift_leader',
    group: 'shift_leader',
    zh: '值班长',
    en: 'Shift leader',
    counts: [
      c('registered', '立案数', 'Registered'),
      c('registeredOnTime', '按时立案数', 'Registered on time'),
      c('accurate', '准确立案数', 'Registered accurately'),
      c('closed', '结案数', 'Closed'),
      c('closedOnTime', '按时结案数', 'Closed on time'),
    ],
    rates: [
      r('onTimeRegisterRate', '按时立案率', 'On-time registration rate', 'registeredOnTime', 'registered'),
      r('accurateRegisterRate', '准确立案率', 'Accurate registration rate', 'accurate', 'registered'),
      r('onTimeCloseRate', '按时结案率', 'On-time closing rate', 'closedOnTime', 'closed'),
    ],
    terms: [
      { key: 'onTimeRegisterRate', zh: '按时立案率', en: 'On-time registration rate', kind: 'rate', source: 'onTimeRegisterRate' },
      { key: 'accurateRegisterRate', zh: '准确立案率', en: 'Accurate registration rate', kind: 'rate', source: 'accurateRegisterRate' },
      { key: 'onTimeCloseRate', zh: '按时结案率', en: 'On-time closing rate', kind: 'rate', source: 'onTimeCloseRate' },
    ],
    activity: ['registered', 'closed'],
    sample: 'registered',
  },
  dispatcher: {
    scope: 'dispatcher',
    group: 'dispatcher',
    zh: '派遣员',
    en: 'Dispatcher',
    counts: [c('dispatched', '派遣数', 'Dispatched'), c('dispatchedOnTime', '按时派遣数', 'Dispatched on time'), c('accurate', '准确派遣数', 'Dispatched accurately')],
    rates: [
      r('onTimeDispatchRate', '按时派遣率', 'On-time dispatch rate', 'dispatchedOnTime', 'dispatched'),
      r('accurateDispatchRate', '准确派遣率', 'Accurate dispatch rate', 'accurate', 'dispatched'),
    ],
    terms: [
      { key: 'dispatchCount', zh: '派遣数分值', en: 'Dispatch-count score', kind: 'bands', source: 'dispatched', bands: 'dispatcherCount' },
      { key: 'onTimeDispatchRate', zh: '按时派遣率', en: 'On-time dispatch rate', kind: 'rate', source: 'onTimeDispatchRate' },
      { key: 'accurateDispatchRate', zh: '准确派遣率', en: 'Accurate dispatch rate', kind: 'rate', source: 'accurateDispatchRate' },
    ],
    activity: ['dispatched'],
    sample: 'dispatched',
  },
};

/** A rate in percent with two decimals, or null when nothing was due (denominator 0). */
export function rate(num: number, den: number): number | null {
  return den > 0 ? Math.round((num / den) * 10000) / 100 : null;
}

/** The step score of a value: the band with the highest `from` not above it. */
export function bandScore(bands: readonly ScoreBand[], value: number): number {
  let best: ScoreBand | undefined;
  for (const b of bands) if (value >= b.from && (!best || b.from > best.from)) best = b;
  return best?.score ?? 0;
}

export function gradeOf(score: number, grades: EvaluationSettings['grades']): { grade: Grade; colour: string } {
  const sorted = [...grades].sort((a, b) => b.min - a.min);
  const g = sorted.find((x) => score >= x.min) ?? sorted[sorted.length - 1]!;
  return { grade: g.grade, colour: g.colour };
}

export interface Scored {
  counts: Record<string, number>;
  rates: Record<string, number | null>;
  terms: Record<string, number>;
  score: number | null;
  grade: Grade | null;
  colour: string | null;
}

/**
 * Counts → rates → term scores → composite. A rate with nothing due scores full marks in its
 * term (nothing fell due, nothing was late); a subject with no activity is not graded.
 * `months` scales the count bands (bands are per month); `grids` divides region counts.
 */
export function score(def: ObjectDef, counts: Record<string, number>, settings: EvaluationSettings, months: number, grids = 1): Scored {
  const rates: Record<string, number | null> = {};
  for (const x of def.rates) rates[x.key] = rate(counts[x.num] ?? 0, counts[x.den] ?? 0);
  const weights = settings.weights[def.group] as Record<string, number>;
  const terms: Record<string, number> = {};
  let total = 0;
  let weightSum = 0;
  for (const t of def.terms) {
    let value: number;
    if (t.kind === 'bands') {
      const perMonth = (counts[t.source] ?? 0) / Math.max(months, 1e-9) / (t.perGrid ? Math.max(grids, 1) : 1);
      value = bandScore(settings.bands[t.bands!], perMonth);
    } else {
      const x = rates[t.source] ?? null;
      value = x === null ? 100 : t.kind === 'inverse' ? 100 - x : x;
    }
    terms[t.key] = Math.round(value * 100) / 100;
    const w = weights[t.key] ?? 0;
    total += w * value;
    weightSum += w;
  }
  const active = def.activity === null || def.activity.some((k) => (counts[k] ?? 0) > 0);
  if (!active || weightSum === 0) return { counts, rates, terms, score: null, grade: null, colour: null };
  const composite = Math.round((total / weightSum) * 100) / 100;
  const g = gradeOf(composite, settings.grades);
  return { counts, rates, terms, score: composite, grade: g.grade, colour: g.colour };
}
