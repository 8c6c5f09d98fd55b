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
import { readColumnFile, removeColumnFile, writeColumnFile, type ColumnMarks } from './column-file.js';
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
/** More cases than this changed since the column file: read the whole table instead. */
const CATCH_UP_MAX = 50_000;

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
    /** The heatmap columns' file beside the database (column-file.ts); none: read from the table each start. */
    private readonly columnFile?: string,
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
      this.reloadColumns();
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

  /** The heatmap columns: from their file when it is current (or nearly), else from the case table. */
  async columns(): Promise<CaseColumns> {
    if (!this.cols) {
      const cols = await this.loadColumns();
      this.cols ??= cols;
    }
    return this.cols;
  }

  /** Loads the columns now (the server does it once its port answers). */
  warmColumns(): void {
    void this.columns;
  }

  /** How the columns were last loaded: from the file (and how many cases caught up), or the table. */
  columnSource: { from: 'file' | 'table'; caughtUp: number; ms: number } | undefined;

  private async loadColumns(): Promise<CaseColumns> {
    const started = performance.now();
    const offset = this.calendars.calendar.utcOffsetMs;
    const marks = await this.store.columnMarks();
    if (this.columnFile) {
      const saved = readColumnFile(this.columnFile, offset);
      const cols = saved && saved.marks.events <= marks.events && saved.marks.cases <= marks.cases ? CaseColumns.fromSnapshot(saved.snapshot) : undefined;
      if (saved && cols) {
        // Cases with events past the file's mark (a stop without saving): re-read those only.
        const changed = await this.store.casesChangedSince(saved.marks.events, saved.marks.cases, CATCH_UP_MAX + 1);
        if (changed.length <= CATCH_UP_MAX) {
          for (const row of await this.store.columnRows(changed)) cols.upsert(row);
          if (cols.length === await this.store.caseCount()) {
            if (changed.length > 0) this.writeColumns(cols, marks);
            else this.savedMarks = marks;
            this.columnSource = { from: 'file', caughtUp: changed.length, ms: performance.now() - started };
            return cols;
          }
        }
      }
    }
    const cols = new CaseColumns(offset);
    cols.load(await this.store.casesForColumns());
    this.writeColumns(cols, marks);
    this.columnSource = { from: 'table', caughtUp: 0, ms: performance.now() - started };
    return cols;
  }

  private savedMarks: ColumnMarks | undefined;

  private writeColumns(cols: CaseColumns, marks: ColumnMarks): void {
    if (!this.columnFile) return;
    try {
      writeColumnFile(this.columnFile, cols.snapshot(), marks);
      this.savedMarks = marks;
    } catch {
      // A read-only or full disk: the columns still work; the next start reads the table.
      this.savedMarks = undefined;
    }
  }

  /** Writes the columns to their file if they moved since it was written (the server's stop). */
  async saveColumns(): Promise<void> {
    if (!this.cols || !this.columnFile) return;
    const marks = await this.store.columnMarks();
    if (this.savedMarks && this.savedMarks.events === marks.events && this.savedMarks.cases === marks.cases) return;
    this.writeColumns(this.cols, marks);
  }

  /** Reloads the columns from the table (after a rebuild or an import around the workflow). */
  reloadColumns(): void {
    this.cols = undefined;
    this.savedMarks = undefined;
    if (this.columnFile) removeColumnFile(this.columnFile);
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
