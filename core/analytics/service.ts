// The analytics slice's front door: the aggregates (kept in the workflow's transactions), the
// heatmap columns (kept after each commit), the dimension tables with their names, and the
// figures the command wall reads (one source of truth for panels and grid fills).
import type { CalendarService } from '../workflow/calendar/index.js';
import { STATE_LABELS, TERMINAL_STATES, type CaseState } from '../workflow/cases/index.js';
import type { CaseStore } from '../workflow/cases/index.js';
import type { Workflow } from '../workflow/cases/index.js';
import type { Clock } from '../runtime/clock.js';
import type { DayClock } from './contributions.js';
import type { Db } from '../db/database.js';
import type { DictionaryStore } from '../base/dictionary/index.js';
import { SOURCE_LABELS, SOURCES } from '../channels/intake/index.js';
import type { LimitsService } from '../workflow/limits/index.js';
import type { Logger } from '../runtime/log.js';
import { Aggregates } from './aggregates.js';
import { CaseColumns } from './columns.js';
import { AnalyticsStore, type CaseSummaryRow, type GridMeta } from './store.js';

export interface ClassMeta {
  key: string;
  kind: string;
  code: string;
  level: 'big' | 'small';
  bigCode: string;
  name: string;
  nameEn: string | null;
}

export interface AnalyticsMeta {
  grids: GridMeta[];
  gridByCode: Map<string, GridMeta>;
  areaNames: Map<string, string>;
  communities: { code: string; name: string; streetCode: string }[];
  streets: { code: string; name: string }[];
  departments: { id: number; name: string; kind: string; active: boolean }[];
  departmentNames: Map<number, string>;
  classes: ClassMeta[];
  classByKey: Map<string, ClassMeta>;
  staff: { id: number; name: string; role: string; active: boolean }[];
  inspectorGrids: Map<number, string[]>;
  bbox: { west: number; south: number; east: number; north: number } | undefined;
}

const META_TTL_MS = 60_000;

export class AnalyticsService {
  readonly store: AnalyticsStore;
  readonly aggregates: Aggregates;
  private cols: CaseColumns | undefined;
  private meta: { at: number; value: AnalyticsMeta } | undefined;

  constructor(
    db: Db,
    private readonly cases: CaseStore,
    private readonly calendars: CalendarService,
    limits: LimitsService,
    private readonly dictionary: DictionaryStore,
    private readonly clock: Clock,
  ) {
    this.store = new AnalyticsStore(db);
    this.aggregates = new Aggregates(db, this.store, cases, calendars, limits);
  }

  private paused = false;

  /**
   * Runs a bulk replay without keeping the aggregates action by action: they turn stale, and
   * the next ensureFresh() folds the finished trails once (far quicker than per action).
   */
  async unobserved<T>(fn: () => Promise<T>): Promise<T> {
    this.paused = true;
    try {
      return await fn();
    } finally {
      this.paused = false;
      await this.aggregates.markStale();
      this.cols = undefined;
    }
  }

  /** Hooks the aggregates into every workflow transaction, and the columns after each commit. */
  attach(workflow: Workflow): void {
    workflow.observe(async (change) => {
      if (this.paused) return undefined;
      await this.aggregates.onChange(change);
      const row = change.after;
      return () => this.cols?.upsert(row);
    });
  }

  /** At start: rebuild when events arrived that no observer saw (a bulk import, an older database). */
  async ensureFresh(log?: Logger, onProgress?: (done: number, total: number) => void): Promise<boolean> {
    if (!await this.aggregates.isStale()) return false;
    const report = await this.aggregates.rebuild(onProgress);
    log?.info({ cases: report.cases, events: report.events, ms: Math.round(report.ms) }, 'analytics aggregates rebuilt from the trail');
    return true;
  }

  /** The heatmap columns, loaded from the case table on first use. */
  async columns(): Promise<CaseColumns> {
    if (!this.cols) {
      const cols = new CaseColumns((await this.calendars.current()).utcOffsetMs);
      cols.load(await this.store.casesForColumns());
      this.cols ??= cols;
    }
    return this.cols;
  }

  /** Reloads the columns (after a rebuild or an import around the workflow). */
  reloadColumns(): void {
    this.cols = undefined;
  }

  async dayClock(): Promise<DayClock> {
    return await this.aggregates.clock();
  }

  /** Epoch ms of the local midnight starting a day. */
  dayStart(day: number): number {
    return this.calendars.calendar.dayStart(day);
  }

  today(): number {
    return this.calendars.calendar.dayIndex(this.clock.now());
  }

  /** Names and hierarchy of grids, areas, departments, classes and staff (cached a minute). */
  async dimensions(): Promise<AnalyticsMeta> {
    const now = this.clock.now();
    if (this.meta && now - this.meta.at < META_TTL_MS && now >= this.meta.at) return this.meta.value;
    const grids = await this.store.gridMeta();
    const areas = await this.store.areas();
    const areaNames = new Map(areas.map((a) => [a.code, a.name]));
    const departments = (await this.store.departments()).map((d) => ({ id: d.id, name: d.name, kind: d.kind, active: d.active === 1 }));
    const standard = await this.dictionary.activeStandard();
    const classes: ClassMeta[] = standard
      ? (await this.dictionary.list(standard.id)).map((c) => ({ key: `${c.kind}:${c.code}`, kind: c.kind, code: c.code, level: c.level, bigCode: c.bigCode, name: c.name, nameEn: c.nameEn }))
      : [];
    const inspectorGrids = new Map<number, string[]>();
    for (const { userId, gridCode } of await this.store.inspectorGrids()) inspectorGrids.set(userId, [...(inspectorGrids.get(userId) ?? []), gridCode]);
    const value: AnalyticsMeta = {
      grids,
      gridByCode: new Map(grids.map((g) => [g.code, g])),
      areaNames,
      communities: areas.filter((a) => a.level === 'community').map((a) => ({ code: a.code, name: a.name, streetCode: a.code.slice(0, 9) })),
      streets: areas.filter((a) => a.level === 'street').map((a) => ({ code: a.code, name: a.name })),
      departments,
      departmentNames: new Map(departments.map((d) => [d.id, d.name])),
      classes,
      classByKey: new Map(classes.map((c) => [c.key, c])),
      staff: (await this.store.staff()).map((s) => ({ ...s, active: s.active === 1 })),
      inspectorGrids,
      bbox: await this.store.countyBox(),
    };
    this.meta = { at: now, value };
    return value;
  }

  /** Drops the cached names (after an admin edit). */
  invalidateDimensions(): void {
    this.meta = undefined;
  }

  async className(kind: string, code: string): Promise<string> {
    return (await this.dimensions()).classByKey.get(`${kind}:${code}`)?.name ?? code;
  }

  /** The class's English name where the dictionary has one. */
  async classNameEn(kind: string, code: string): Promise<string | null> {
    return (await this.dimensions()).classByKey.get(`${kind}:${code}`)?.nameEn ?? null;
  }

  /** A page of cases as a drill-down lists them. */
  async caseList(ids: readonly number[]): Promise<CaseListItem[]> {
    const meta = await this.dimensions();
    const items: CaseListItem[] = [];
    for (const r of await this.store.caseSummaries(ids)) items.push(caseItem(r, meta, await this.className(r.kind, r.classCode)));
    return items;
  }

  static sources() {
    return SOURCES.map((code) => ({ code, name: SOURCE_LABELS[code].zh, nameEn: SOURCE_LABELS[code].en }));
  }

  static states() {
    return (Object.keys(STATE_LABELS) as CaseState[]).map((code) => ({ code, name: STATE_LABELS[code].zh, nameEn: STATE_LABELS[code].en, terminal: TERMINAL_STATES.has(code) }));
  }

  get caseStore(): CaseStore {
    return this.cases;
  }
}

export interface CaseListItem {
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

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function caseItem(r: CaseSummaryRow, meta: AnalyticsMeta, className: string): CaseListItem {
  return {
    id: r.id,
    caseNo: r.caseNo,
    kind: r.kind,
    classCode: r.classCode,
    className,
    source: r.source,
    state: r.state,
    stateName: STATE_LABELS[r.state as CaseState]?.zh ?? r.state,
    address: r.address,
    gridCode: r.gridCode,
    departmentId: r.departmentId,
    departmentName: r.departmentId === null ? null : (meta.departmentNames.get(r.departmentId) ?? null),
    reportedAt: iso(r.reportedAt)!,
    registeredAt: iso(r.registeredAt),
    closedAt: iso(r.closedAt),
    deadlineAt: iso(r.deadlineAt),
    overdue: r.overdue === 1,
  };
}
