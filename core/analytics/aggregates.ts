// The aggregates kept up to date inside every workflow transaction, and rebuilt from the
// event trail on demand. Both paths fold trails with facts.ts and count with contributions.ts.
import type { CalendarService } from '../workflow/calendar/index.js';
import { STATE_STAGE } from '../workflow/cases/index.js';
import type { CaseEventRow, CaseRow, CaseStore } from '../workflow/cases/index.js';
import type { ObservedChange } from '../workflow/cases/index.js';
import type { Db } from '../db/database.js';
import type { LimitsService } from '../workflow/limits/index.js';
import { addContributions, type DayClock } from './contributions.js';
import { foldTrail, TrailFold, type StepDeadlineFn } from './facts.js';
import type { AnalyticsStore } from './store.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

export interface RebuildReport {
  cases: number;
  events: number;
  units: number;
  ms: number;
}

export interface AggregateDifference {
  key: string;
  stored: number;
  rebuilt: number;
}

/** Recently changed cases whose fold is kept (a busy county day touches a few thousand). */
const FOLD_CACHE = 4096;

export class Aggregates {
  private readonly folds = new Map<number, { version: number; fold: TrailFold; units: Map<string, number> }>();

  constructor(
    private readonly db: Db,
    private readonly store: AnalyticsStore,
    private readonly cases: CaseStore,
    private readonly calendars: CalendarService,
    private readonly limits: LimitsService,
  ) {}

  /** The county's local day and hour. */
  async clock(): Promise<DayClock> {
    const calendar = await this.calendars.current();
    const offset = calendar.utcOffsetMs;
    return {
      dayIndex: (ms) => calendar.dayIndex(ms),
      hourOf: (ms) => Math.floor((((ms + offset) % DAY_MS) + DAY_MS) % DAY_MS / HOUR_MS),
    };
  }

  /** For trails written before the workflow recorded step limits: the limit in force now. */
  async stepDeadlines(): Promise<StepDeadlineFn> {
    const calendar = await this.calendars.current();
    const limitOf = await this.limits.lookup();
    return (state, enteredAt, facts) => {
      const stage = STATE_STAGE[state];
      if (!stage) return null;
      if (stage === 'dispose') return facts.deadlineAt;
      const limit = limitOf(facts.kind as CaseRow['kind'], facts.classCode, stage, false);
      return limit ? calendar.deadline(enteredAt, limit) : null;
    };
  }

  /**
   * The workflow observer: runs inside the action's transaction. What the case added before is
   * taken back and what it adds now is added. The last fold of recently changed cases is kept,
   * so a case moving along its flow is folded by its new events only, without a query.
   */
  async onChange(change: ObservedChange): Promise<void> {
    const { before, after, events } = change;
    const clock = await this.clock();
    const stepDeadline = await this.stepDeadlines();
    const cached = this.folds.get(after.id);
    let fold: TrailFold;
    let previous: Map<string, number> | undefined;
    if (cached && before && cached.version === before.version) {
      fold = cached.fold;
      previous = cached.units;
      for (const e of [...events].sort((a, b) => a.seq - b.seq)) fold.add(e);
    } else {
      const trail = before ? await this.cases.events(after.id) : [...events];
      if (before) {
        const fresh = new Set(events.map((e) => e.id));
        const old = trail.filter((e) => !fresh.has(e.id));
        if (old.length) {
          previous = new Map();
          addContributions(foldTrail(before, old, stepDeadline), clock, 1, previous);
        }
      }
      fold = new TrailFold(after, stepDeadline);
      for (const e of trail) fold.add(e);
    }
    const units = new Map<string, number>();
    addContributions(fold.facts, clock, 1, units);
    const deltas = new Map(units);
    for (const [key, n] of previous ?? []) deltas.set(key, (deltas.get(key) ?? 0) - n);
    await this.store.apply(deltas);
    await this.advanceWatermark(events);
    // Keep the newest folds (a Map iterates oldest first).
    this.folds.delete(after.id);
    this.folds.set(after.id, { version: after.version, fold, units });
    if (this.folds.size > FOLD_CACHE) this.folds.delete(this.folds.keys().next().value!);
  }

  /**
   * Counts the events folded in, in the action's transaction. A count, not the highest event
   * id: PostgreSQL's sequences hand out ids that commit out of order (and skip the ids of
   * rolled-back actions), and several servers fold at once. Events the observer never saw
   * (written around the workflow) leave the count behind the trail: the next start rebuilds.
   */
  private async advanceWatermark(events: readonly CaseEventRow[]): Promise<void> {
    await this.store.addToState('eventCount', events.length);
  }

  async markStale(): Promise<void> {
    await this.store.setState('stale', 1);
    this.folds.clear();
  }

  /** Whether the stored aggregates may miss events (a bulk import, a database from before analytics). */
  async isStale(): Promise<boolean> {
    if (await this.store.state('stale') === 1) return true;
    return ((await this.store.state('eventCount')) ?? 0) !== (await this.store.eventCount());
  }

  /** Every case's units, folded from the trail, handed over a page of cases at a time. */
  private async foldAll(onBatch: (units: Map<string, number>) => void | Promise<void>, onProgress?: (done: number, total: number) => void, page = 20_000) {
    const total = await this.cases.count();
    const clock = await this.clock();
    const stepDeadline = await this.stepDeadlines();
    const report = { cases: 0, events: 0 };
    let afterId = 0;
    for (;;) {
      const cases = await this.store.casePage(afterId, page);
      if (cases.length === 0) break;
      const lastId = cases[cases.length - 1]!.id;
      const events = await this.store.eventsOfCases(cases[0]!.id, lastId);
      const units = new Map<string, number>();
      let e = 0;
      for (const c of cases) {
        while (e < events.length && events[e]!.caseId < c.id) e++;
        const start = e;
        while (e < events.length && events[e]!.caseId === c.id) e++;
        report.cases++;
        report.events += e - start;
        if (e > start) addContributions(foldTrail(c, events.slice(start, e), stepDeadline), clock, 1, units);
      }
      await onBatch(units);
      onProgress?.(report.cases, total);
      afterId = lastId;
    }
    return report;
  }

  /** Recomputes every aggregate from the event trail, in one transaction. */
  async rebuild(onProgress?: (done: number, total: number) => void): Promise<RebuildReport> {
    const started = performance.now();
    this.folds.clear();
    let units = 0;
    const report = await this.db.transaction(async () => {
      await this.store.clear();
      // Plain inserts into a stage, merged by SQLite in key order now and then: far quicker than one upsert per unit.
      let staged = 0;
      const r = await this.foldAll(async (batch) => {
        units += batch.size;
        staged += batch.size;
        await this.store.stage(batch);
        if (staged > 2_000_000) {
          await this.store.flushStage();
          staged = 0;
        }
      }, onProgress);
      await this.store.flushStage();
      await this.store.setState('eventCount', await this.store.eventCount());
      await this.store.setState('stale', 0);
      return r;
    });
    return { ...report, units, ms: performance.now() - started };
  }

  /** Folds the trail and compares with what is stored, changing nothing. Empty when they agree. */
  async check(limit = 20): Promise<{ differences: AggregateDifference[]; cases: number; events: number }> {
    const rebuilt = new Map<string, number>();
    const r = await this.foldAll((batch) => {
      for (const [k, v] of batch) rebuilt.set(k, (rebuilt.get(k) ?? 0) + v);
    });
    const differences: AggregateDifference[] = [];
    for await (const [key, stored] of this.store.allUnits()) {
      const value = rebuilt.get(key) ?? 0;
      if (value !== stored && differences.length < limit) differences.push({ key, stored, rebuilt: value });
      rebuilt.delete(key);
    }
    for (const [key, value] of rebuilt) {
      if (value !== 0 && differences.length < limit) differences.push({ key, stored: 0, rebuilt: value });
    }
    return { differences, cases: r.cases, events: r.events };
  }
}
