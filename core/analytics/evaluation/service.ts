// 综合评价: reads the cohort counters for a period, scores every region, department or person
// with the county's weights (indicators.ts), ranks them, and drills from any figure to the
// cases behind it: the same fold and contributions that made the counter pick them out.
import { addContributions, parseKey, type CounterScope } from '../index.js';
import { foldTrail } from '../index.js';
import type { Period } from '../index.js';
import { dateOfDay, monthsIn } from '../index.js';
import type { AnalyticsService, CaseListItem } from '../index.js';
import type { Workflow } from '../../workflow/cases/index.js';
import { badRequest } from '../../runtime/errors.js';
import type { EventHub } from '../../server/events.js';
import type { EvaluationSettings } from '../../workflow/settings/index.js';
import type { SettingsStore } from '../../workflow/settings/index.js';
import { OBJECT_DEFS, score, type EvaluatedObject, type Scored } from './indicators.js';

export interface EvaluationRow extends Scored {
  subject: string;
  name: string;
  /** The region or department above (a community's street; a grid's community). */
  parent: string | null;
  /** The cases its score rests on (the object's sample count); under settings.minCases it is not ranked. */
  sample: number;
  /** Null: not scored, or scored on fewer than settings.minCases cases. */
  rank: number | null;
}

export interface Evaluation {
  object: EvaluatedObject;
  period: { label: string; from: string; to: string; days: number };
  rows: EvaluationRow[];
  /** The whole county (all subjects' counts together). */
  total: Scored;
  gradeCounts: Record<string, number>;
  settings: EvaluationSettings;
}

/** Which counters a drillable count comes from: its own scope, or (inspectors) their grids'. */
function counterSource(object: EvaluatedObject, measure: string): { scope: CounterScope; measure: string; viaGrids: boolean } {
  const def = OBJECT_DEFS[object];
  if (object === 'inspector' && measure === 'missed') return { scope: 'grid', measure: 'public', viaGrids: true };
  if (object === 'inspector' && measure === 'gridRegistered') return { scope: 'grid', measure: 'registered', viaGrids: true };
  return { scope: def.scope, measure, viaGrids: false };
}

export class EvaluationService {
  constructor(
    private readonly analytics: AnalyticsService,
    private readonly settings: SettingsStore,
    private readonly events?: EventHub,
  ) {}

  async current(): Promise<EvaluationSettings> {
    return await this.settings.get('evaluation');
  }

  /** Subjects of an object with their names, including those with nothing to count. */
  private async subjects(object: EvaluatedObject): Promise<{ subject: string; name: string; parent: string | null }[]> {
    const meta = await this.analytics.dimensions();
    switch (object) {
      case 'grid':
        return meta.grids.map((g) => ({ subject: g.code, name: g.code, parent: meta.areaNames.get(g.communityCode) ?? null }));
      case 'community':
        return meta.communities.map((c) => ({ subject: c.code, name: c.name, parent: meta.areaNames.get(c.streetCode) ?? null }));
      case 'street':
        return meta.streets.map((s) => ({ subject: s.code, name: s.name, parent: null }));
      case 'department':
        return meta.departments.filter((d) => d.kind !== 'centre').map((d) => ({ subject: String(d.id), name: d.name, parent: null }));
      default:
        return meta.staff.filter((s) => s.role === object).map((s) => ({ subject: String(s.id), name: s.name, parent: null }));
    }
  }

  /** Counts per subject for the period. */
  private async countsBySubject(object: EvaluatedObject, period: Period): Promise<Map<string, Record<string, number>>> {
    const def = OBJECT_DEFS[object];
    const out = new Map<string, Record<string, number>>();
    const addTo = (subject: string, measure: string, value: number) => {
      let counts = out.get(subject);
      if (!counts) out.set(subject, (counts = {}));
      counts[measure] = (counts[measure] ?? 0) + value;
    };
    const prefix = object === 'community' ? 12 : object === 'street' ? 9 : null;
    for (const row of await this.analytics.store.counters(def.scope, period.fromDay, period.toDay)) {
      if (def.scope === 'grid' && row.subject === '') continue;
      addTo(prefix ? row.subject.slice(0, prefix) : row.subject, row.measure, row.value);
    }
    if (object === 'inspector') {
      // 漏报: cases the public reported first in the inspector's own grids (监督举报), over their 立案数.
      const byGrid = new Map<string, Record<string, number>>();
      for (const row of await this.analytics.store.counters('grid', period.fromDay, period.toDay)) {
        if (row.measure !== 'public' && row.measure !== 'registered') continue;
        const counts = byGrid.get(row.subject) ?? {};
        counts[row.measure] = (counts[row.measure] ?? 0) + row.value;
        byGrid.set(row.subject, counts);
      }
      for (const [userId, grids] of (await this.analytics.dimensions()).inspectorGrids) {
        for (const g of grids) {
          const counts = byGrid.get(g);
          if (!counts) continue;
          addTo(String(userId), 'missed', counts.public ?? 0);
          addTo(String(userId), 'gridRegistered', counts.registered ?? 0);
        }
      }
    }
    return out;
  }

  /** Scores and ranks every subject of an object for a period. */
  async evaluate(object: EvaluatedObject, period: Period): Promise<Evaluation> {
    const def = OBJECT_DEFS[object];
    const settings = await this.current();
    const months = monthsIn(period);
    const counts = await this.countsBySubject(object, period);
    const gridsPer = await this.gridsPerRegion(object);
    const known = await this.subjects(object);
    const seen = new Set(known.map((s) => s.subject));
    // Subjects with counts but no longer listed (a removed department) still show.
    for (const subject of counts.keys()) if (!seen.has(subject)) known.push({ subject, name: subject, parent: null });
    const zero = () => Object.fromEntries(def.counts.map((x) => [x.key, 0])) as Record<string, number>;
    const rows: EvaluationRow[] = known.map((s) => ({
      ...s,
      ...score(def, { ...zero(), ...counts.get(s.subject) }, settings, months, gridsPer.get(s.subject) ?? 1),
      sample: counts.get(s.subject)?.[def.sample] ?? 0,
      rank: null,
    }));
    // Ranked first (scored, on enough cases), then scored on too few (shown, not ranked), then not scored.
    const tier = (row: EvaluationRow) => (row.score === null ? 2 : row.sample < settings.minCases ? 1 : 0);
    rows.sort((a, b) => tier(a) - tier(b) || (b.score ?? -1) - (a.score ?? -1) || a.subject.localeCompare(b.subject));
    let rank = 0;
    let previous: number | null = null;
    rows.forEach((row, i) => {
      if (tier(row) !== 0) return;
      if (row.score !== previous) rank = i + 1;
      previous = row.score;
      row.rank = rank;
    });
    const totals = zero();
    for (const row of rows) for (const [k, v] of Object.entries(row.counts)) totals[k] = (totals[k] ?? 0) + v;
    const gradeCounts: Record<string, number> = Object.fromEntries(settings.grades.map((g) => [g.grade, 0]));
    for (const row of rows) if (row.grade) gradeCounts[row.grade] = (gradeCounts[row.grade] ?? 0) + 1;
    return {
      object,
      period: { label: period.label, from: dateOfDay(period.fromDay), to: dateOfDay(period.toDay - 1), days: period.toDay - period.fromDay },
      rows,
      total: score(def, totals, settings, months, Math.max(1, (await this.analytics.dimensions()).grids.length)),
      gradeCounts,
      settings,
    };
  }

  private async gridsPerRegion(object: EvaluatedObject): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    if (object !== 'community' && object !== 'street') return out;
    const len = object === 'community' ? 12 : 9;
    for (const g of (await this.analytics.dimensions()).grids) out.set(g.code.slice(0, len), (out.get(g.code.slice(0, len)) ?? 0) + 1);
    return out;
  }

  /** Checks an object's subject exists (400 otherwise). */
  async checkSubject(object: EvaluatedObject, subject: string): Promise<void> {
    if (!(await this.subjects(object)).some((s) => s.subject === subject)) {
      throw badRequest(`No ${OBJECT_DEFS[object].en.toLowerCase()} "${subject}" (${OBJECT_DEFS[object].zh}不存在)`, 'subject');
    }
  }

  /**
   * The cases behind one figure: every case whose folded trail contributes to this counter for
   * this subject in the period. The list's length equals the figure.
   */
  async drill(object: EvaluatedObject, subject: string, measure: string, period: Period): Promise<Map<number, number>> {
    const def = OBJECT_DEFS[object];
    if (!def.counts.some((x) => x.key === measure)) throw badRequest(`"${measure}" is not a count of ${def.en} (${def.zh}没有此项指标)`, 'measure');
    await this.checkSubject(object, subject);
    const source = counterSource(object, measure);
    const subjects = new Set<string>();
    let gridPrefix: string | undefined;
    if (source.viaGrids) {
      for (const g of (await this.analytics.dimensions()).inspectorGrids.get(Number(subject)) ?? []) subjects.add(g);
      if (subjects.size === 0) return new Map();
    } else if (object === 'grid' || object === 'community' || object === 'street') {
      gridPrefix = subject;
    } else {
      subjects.add(subject);
    }
    const calendar = await this.analytics.dayClock();
    const stepDeadline = await this.analytics.aggregates.stepDeadlines();
    const fromMs = this.dayStart(period.fromDay);
    const toMs = this.dayStart(period.toDay);
    const candidates = await this.analytics.store.casesActiveIn(fromMs, toMs, gridPrefix);
    // Case → how many units it adds (a dispatcher may dispatch one case twice, after a 回退).
    const found = new Map<number, number>();
    for (let i = 0; i < candidates.length; i += 5000) {
      const { cases, events } = await this.analytics.store.trailsOf(candidates.slice(i, i + 5000));
      let e = 0;
      for (const c of cases) {
        while (e < events.length && events[e]!.caseId < c.id) e++;
        const start = e;
        while (e < events.length && events[e]!.caseId === c.id) e++;
        const units = new Map<string, number>();
        addContributions(foldTrail(c, events.slice(start, e), stepDeadline), calendar, 1, units);
        for (const [key, n] of units) {
          const k = parseKey(key);
          if (!('counter' in k) || n <= 0) continue;
          const u = k.counter;
          if (u.scope !== source.scope || u.measure !== source.measure || u.day < period.fromDay || u.day >= period.toDay) continue;
          if (gridPrefix !== undefined ? u.subject.startsWith(gridPrefix) && u.subject !== '' : subjects.has(u.subject)) {
            found.set(c.id, (found.get(c.id) ?? 0) + n);
          }
        }
      }
    }
    return found;
  }

  private dayStart(day: number): number {
    return this.analytics.dayStart(day);
  }

  /** A page of the drilled cases, newest first. */
  async drillPage(found: Map<number, number>, limit: number, offset: number): Promise<{ total: number; units: number; cases: CaseListItem[] }> {
    const ids = [...found.keys()].sort((a, b) => b - a);
    let units = 0;
    for (const n of found.values()) units += n;
    return { total: ids.length, units, cases: await this.analytics.caseList(ids.slice(offset, offset + limit)) };
  }

  private pendingOverdue = new Set<number>();

  /** 自动评价: a case passing its time limit re-scores its department at once (after the commit, batched). */
  attach(workflow: Workflow): void {
    workflow.observe(async ({ after, events }) => {
      if (!this.events || after.departmentId === null || !events.some((e) => e.action === 'overdue')) return undefined;
      const departmentId = after.departmentId;
      return () => {
        if (this.pendingOverdue.size === 0) setImmediate(() => void this.flushOverdue());
        this.pendingOverdue.add(departmentId);
      };
    });
  }

  private async flushOverdue(): Promise<void> {
    const ids = [...this.pendingOverdue];
    this.pendingOverdue.clear();
    try {
      if (ids.length) await this.announceOverdue(ids, this.analytics.today());
    } catch {
      // the county closed in between: nobody is listening any more
    }
  }

  /** 自动评价: when a time limit expires (超期), the department's month-to-date score is recomputed and announced. */
  async announceOverdue(departmentIds: Iterable<number>, day: number): Promise<void> {
    if (!this.events) return;
    const d = new Date(day * 86_400_000);
    const month = { fromDay: Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) / 86_400_000, toDay: day + 1, label: dateOfDay(day).slice(0, 7), kind: 'range' as const };
    const evaluation = await this.evaluate('department', month);
    for (const id of departmentIds) {
      const row = evaluation.rows.find((r) => r.subject === String(id));
      if (row) this.events.publish('evaluation.changed', { object: 'department', subject: row.subject, name: row.name, period: month.label, score: row.score, grade: row.grade, rank: row.rank, reason: 'overdue' });
    }
  }

  /** The automatic evaluation log: cases whose disposal limit expired in the period. */
  async overdueLog(period: Period, limit = 500) {
    const meta = await this.analytics.dimensions();
    return await Promise.all((await this.analytics.store.overdueEvents(this.dayStart(period.fromDay), this.dayStart(period.toDay), limit)).map(async (r) => ({
      caseId: r.caseId,
      caseNo: r.caseNo,
      at: new Date(r.at).toISOString(),
      deadlineAt: r.deadlineAt === null ? null : new Date(r.deadlineAt).toISOString(),
      className: await this.analytics.className(r.kind, r.classCode),
      departmentId: r.departmentId,
      departmentName: r.departmentId === null ? null : (meta.departmentNames.get(r.departmentId) ?? null),
    })));
  }
}
