// The SQL of the analytics aggregates: the flow summary, the cohort counters, the watermark,
// and the column load of the case table for the in-memory heatmap columns.
import type { CaseEventRow } from '../workflow/cases/index.js';
import type { Db } from '../db/database.js';
import type { CaseAttributes } from './facts.js';
import { FLOW_MEASURES, parseKey, type CounterScope, type FlowMeasure } from './contributions.js';

const SUMMARY_KEY = ['day', 'grid_code', 'kind', 'class_code', 'source', 'hour'] as const;
const ALL_ZERO = FLOW_MEASURES.map((m) => `${m} = 0`).join(' AND ');
/** Rows per multi-row statement (SQLite allows 32,766 parameters; 14 per summary row). */
const MAX_ROWS = 64;

export interface SummaryRow {
  day: number;
  hour: number;
  gridCode: string;
  kind: string;
  classCode: string;
  source: string;
  reported: number;
  registered: number;
  dispatched: number;
  disposed: number;
  closed: number;
  overdue: number;
  voided: number;
  rejected: number;
}

export interface CounterRow {
  subject: string;
  measure: string;
  value: number;
}

export interface GridMeta {
  code: string;
  communityCode: string;
  lon: number;
  lat: number;
}

export interface CaseSummaryRow {
  id: number;
  caseNo: string;
  kind: string;
  classCode: string;
  source: string;
  state: string;
  address: string | null;
  gridCode: string | null;
  departmentId: number | null;
  reportedAt: number;
  registeredAt: number | null;
  closedAt: number | null;
  deadlineAt: number | null;
  overdue: number;
}

/** One case as the heatmap columns hold it. */
export interface ColumnCaseRow {
  id: number;
  reportedAt: number;
  gridCode: string | null;
  kind: string;
  classCode: string;
  source: string;
  state: string;
  departmentId: number | null;
  overdue: number;
  lon: number | null;
  lat: number | null;
}

export const COLUMN_SELECT =
  'id, reported_at AS reportedAt, grid_code AS gridCode, kind, class_code AS classCode, source, state, department_id AS departmentId, overdue, lon, lat';

export class AnalyticsStore {
  constructor(private readonly db: Db) {}

  /**
   * Adds signed unit counts (keys from contributions.ts); rows that reach zero are removed.
   * Summary rows and added counters go in multi-row upserts: one statement each per action.
   */
  async apply(deltas: Map<string, number> | [string, number][]): Promise<void> {
    const summary = new Map<string, { key: (string | number)[]; values: number[]; negative: boolean }>();
    const added: (string | number)[][] = [];
    for (const [key, delta] of deltas) {
      if (delta === 0) continue;
      const parsed = parseKey(key);
      if ('summary' in parsed) {
        const u = parsed.summary;
        const rowKey = [u.day, u.grid, u.kind, u.classCode, u.source, u.hour];
        const id = rowKey.join('\u001f');
        let row = summary.get(id);
        if (!row) summary.set(id, (row = { key: rowKey, values: FLOW_MEASURES.map(() => 0), negative: false }));
        row.values[FLOW_MEASURES.indexOf(u.measure)]! += delta;
        if (delta < 0) row.negative = true;
        continue;
      }
      const c = parsed.counter;
      if (delta > 0) {
        added.push([c.scope, c.day, c.subject, c.measure, delta]);
        continue;
      }
      const row = await this.db
        .statement<{ value: number }>(
          'analytics.counterUpsert',
          `INSERT INTO analytics_counters (scope, day, subject, measure, value) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (scope, day, subject, measure) DO UPDATE SET value = analytics_counters.value + excluded.value RETURNING value`,
        )
        .get([c.scope, c.day, c.subject, c.measure, delta]);
      if (row?.value === 0) {
        await this.db.statement('analytics.counterDrop', 'DELETE FROM analytics_counters WHERE scope = ? AND day = ? AND subject = ? AND measure = ?').run([c.scope, c.day, c.subject, c.measure]);
      }
    }
    const rows = [...summary.values()];
    for (let i = 0; i < rows.length; i += MAX_ROWS) {
      const chunk = rows.slice(i, i + MAX_ROWS);
      await this.summaryUpsert(chunk.length).run(chunk.flatMap((r) => [...r.key, ...r.values]));
    }
    for (const r of rows) {
      if (r.negative) await this.db.statement('analytics.summaryDropZero', `DELETE FROM analytics_summary WHERE ${SUMMARY_KEY.map((k) => `${k} = ?`).join(' AND ')} AND ${ALL_ZERO}`).run(r.key);
    }
    for (let i = 0; i < added.length; i += MAX_ROWS) {
      const chunk = added.slice(i, i + MAX_ROWS);
      await this.db
        .statement(
          `analytics.counterAdd.${chunk.length}`,
          `INSERT INTO analytics_counters (scope, day, subject, measure, value) VALUES ${chunk.map(() => '(?, ?, ?, ?, ?)').join(', ')}
           ON CONFLICT (scope, day, subject, measure) DO UPDATE SET value = analytics_counters.value + excluded.value`,
        )
        .run(chunk.flat());
    }
  }

  /** A multi-row upsert of summary rows (all measures added at once). */
  private summaryUpsert(rows: number) {
    const columns = [...SUMMARY_KEY, ...FLOW_MEASURES];
    const one = `(${columns.map(() => '?').join(', ')})`;
    return this.db.statement(
      `analytics.summaryUpsert.${rows}`,
      `INSERT INTO analytics_summary (${columns.join(', ')}) VALUES ${Array.from({ length: rows }, () => one).join(', ')}
       ON CONFLICT (${SUMMARY_KEY.join(', ')}) DO UPDATE SET ${FLOW_MEASURES.map((m) => `${m} = analytics_summary.${m} + excluded.${m}`).join(', ')}`,
    );
  }

  /** Rebuild staging: units go into temporary tables with plain inserts, merged by flushStage(). */
  private async stageTables(): Promise<void> {
    // SQLite takes columns without types; PostgreSQL needs them.
    const typed = this.db.dialect === 'postgres';
    await this.db.exec(`
      CREATE TEMP TABLE IF NOT EXISTS analytics_stage_summary (day ${typed ? 'bigint' : ''}, grid_code ${typed ? 'text' : ''}, kind ${typed ? 'text' : ''}, class_code ${typed ? 'text' : ''}, source ${typed ? 'text' : ''}, hour ${typed ? 'bigint' : ''}, measure ${typed ? 'text' : ''}, v ${typed ? 'bigint' : ''});
      CREATE TEMP TABLE IF NOT EXISTS analytics_stage_counters (scope ${typed ? 'text' : ''}, day ${typed ? 'bigint' : ''}, subject ${typed ? 'text' : ''}, measure ${typed ? 'text' : ''}, v ${typed ? 'bigint' : ''});
    `);
  }

  async stage(units: Map<string, number>): Promise<void> {
    await this.stageTables();
    const summary = this.db.statement('analytics.stageSummary', 'INSERT INTO analytics_stage_summary VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    const counters = this.db.statement('analytics.stageCounters', 'INSERT INTO analytics_stage_counters VALUES (?, ?, ?, ?, ?)');
    for (const [key, v] of units) {
      if (v === 0) continue;
      const parts = key.split('\u001f');
      if (parts[0] === 'S') await summary.run([Number(parts[1]), parts[2], parts[3], parts[4], parts[5], Number(parts[6]), parts[7], v]);
      else await counters.run([parts[1], Number(parts[2]), parts[3], parts[4], v]);
    }
  }

  /** Merges the staged units into the aggregates (grouped, in key order) and empties the stage. */
  async flushStage(): Promise<void> {
    const sums = FLOW_MEASURES.map((m) => `sum(CASE WHEN measure = '${m}' THEN v ELSE 0 END)`).join(', ');
    await this.stageTables();
    await this.db.exec(`
      INSERT INTO analytics_summary (${SUMMARY_KEY.join(', ')}, ${FLOW_MEASURES.join(', ')})
        SELECT ${SUMMARY_KEY.join(', ')}, ${sums} FROM analytics_stage_summary GROUP BY ${SUMMARY_KEY.join(', ')}
        ON CONFLICT (${SUMMARY_KEY.join(', ')}) DO UPDATE SET ${FLOW_MEASURES.map((m) => `${m} = analytics_summary.${m} + excluded.${m}`).join(', ')};
      INSERT INTO analytics_counters (scope, day, subject, measure, value)
        SELECT scope, day, subject, measure, sum(v) FROM analytics_stage_counters GROUP BY scope, day, subject, measure
        ON CONFLICT (scope, day, subject, measure) DO UPDATE SET value = analytics_counters.value + excluded.value;
      DELETE FROM analytics_stage_summary;
      DELETE FROM analytics_stage_counters;
    `);
  }

  async clear(): Promise<void> {
    await this.db.statement('analytics.clearSummary', 'DELETE FROM analytics_summary').run();
    await this.db.statement('analytics.clearCounters', 'DELETE FROM analytics_counters').run();
  }

  /** Every stored unit, in the keys of contributions.ts: to compare with a rebuild. */
  async *allUnits(): AsyncIterableIterator<[string, number]> {
    const sep = '\u001f';
    for await (const r of this.db.statement<SummaryRow>('analytics.allSummary', `SELECT ${SUMMARY_SELECT} FROM analytics_summary`).iterate()) {
      for (const m of FLOW_MEASURES) {
        if (r[m] !== 0) yield [['S', r.day, r.gridCode, r.kind, r.classCode, r.source, r.hour, m].join(sep), r[m]];
      }
    }
    for await (const r of this.db.statement<{ scope: string; day: number; subject: string; measure: string; value: number }>(
      'analytics.allCounters',
      'SELECT scope, day, subject, measure, value FROM analytics_counters',
    ).iterate()) {
      yield [['C', r.scope, r.day, r.subject, r.measure].join(sep), r.value];
    }
  }

  // Watermark ----------------------------------------------------------------------------

  async state(key: 'eventCount' | 'stale'): Promise<number | undefined> {
    return (await this.db.statement<{ value: number }>('analytics.stateGet', 'SELECT value FROM analytics_state WHERE key = ?').get([key]))?.value;
  }

  async setState(key: 'eventCount' | 'stale', value: number): Promise<void> {
    await this.db
      .statement('analytics.stateSet', 'INSERT INTO analytics_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value')
      .run([key, value]);
  }

  /** Adds to a counter in the caller's transaction (a row update: concurrent servers add up). */
  async addToState(key: 'eventCount', n: number): Promise<void> {
    await this.db
      .statement('analytics.stateAdd', 'INSERT INTO analytics_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = analytics_state.value + excluded.value')
      .run([key, n]);
  }

  async eventCount(): Promise<number> {
    return (await this.db.statement<{ n: number }>('analytics.eventCount', 'SELECT count(*) AS n FROM case_events').get())?.n ?? 0;
  }

  // Reads -------------------------------------------------------------------------------

  /** Flow totals per day in [fromDay, toDay). */
  async flowsByDay(fromDay: number, toDay: number): Promise<(Omit<SummaryRow, 'hour' | 'gridCode' | 'kind' | 'classCode' | 'source'>)[]> {
    return await this.db
      .statement<SummaryRow>(
        'analytics.flowsByDay',
        `SELECT day, ${FLOW_MEASURES.map((m) => `sum(${m}) AS ${m}`).join(', ')} FROM analytics_summary WHERE day >= ? AND day < ? GROUP BY day ORDER BY day`,
      )
      .all([fromDay, toDay]);
  }

  /** Reports per (kind, class) in [fromDay, toDay), largest first. */
  async reportsByClass(fromDay: number, toDay: number, limit: number): Promise<{ kind: string; classCode: string; n: number }[]> {
    return await this.db
      .statement<{ kind: string; classCode: string; n: number }>(
        'analytics.reportsByClass',
        `SELECT kind, class_code AS classCode, sum(reported) AS n FROM analytics_summary WHERE day >= ? AND day < ?
         GROUP BY kind, class_code HAVING n > 0 ORDER BY n DESC LIMIT ?`,
      )
      .all([fromDay, toDay, limit]);
  }

  /** Reports per grid in [fromDay, toDay), largest first. */
  async reportsByGrid(fromDay: number, toDay: number, limit: number): Promise<{ gridCode: string; n: number }[]> {
    return await this.db
      .statement<{ gridCode: string; n: number }>(
        'analytics.reportsByGrid',
        `SELECT grid_code AS gridCode, sum(reported) AS n FROM analytics_summary WHERE day >= ? AND day < ? AND grid_code != ''
         GROUP BY grid_code HAVING n > 0 ORDER BY n DESC LIMIT ?`,
      )
      .all([fromDay, toDay, limit]);
  }

  /** One flow measure per grid in [fromDay, toDay). */
  async flowByGrid(measure: FlowMeasure, fromDay: number, toDay: number): Promise<{ gridCode: string; n: number }[]> {
    return await this.db
      .statement<{ gridCode: string; n: number }>(
        `analytics.flowByGrid.${measure}`,
        `SELECT grid_code AS gridCode, sum(${measure}) AS n FROM analytics_summary WHERE day >= ? AND day < ? AND grid_code != '' GROUP BY grid_code HAVING n > 0`,
      )
      .all([fromDay, toDay]);
  }

  /** Counter sums per subject and measure of one scope over [fromDay, toDay). */
  async counters(scope: CounterScope, fromDay: number, toDay: number): Promise<CounterRow[]> {
    return await this.db
      .statement<CounterRow>(
        'analytics.counters',
        'SELECT subject, measure, sum(value) AS value FROM analytics_counters WHERE scope = ? AND day >= ? AND day < ? GROUP BY subject, measure',
      )
      .all([scope, fromDay, toDay]);
  }

  /** A page of cases in id order after `afterId` (the rebuild reads in pages so it may write between them). */
  async casePage(afterId: number, limit: number): Promise<CaseAttributes[]> {
    return await this.db.statement<CaseAttributes>('analytics.casePage', `SELECT ${CASE_SELECT} FROM cases WHERE id > ? ORDER BY id LIMIT ?`).all([afterId, limit]);
  }

  /** The events of cases with ids in [fromId, toId], in case and seq order. */
  async eventsOfCases(fromId: number, toId: number): Promise<CaseEventRow[]> {
    return await this.db
      .statement<CaseEventRow>(
        'analytics.eventsOfCases',
        `SELECT id, case_id AS caseId, seq, at, actor_id AS actorId, actor_role AS actorRole, action, from_state AS fromState, to_state AS toState, comment, data
         FROM case_events WHERE case_id BETWEEN ? AND ? ORDER BY case_id, seq`,
      )
      .all([fromId, toId]);
  }

  /** The case table in report order, for the heatmap columns. */
  /** The trail's high-water mark: the newest case event and the newest case. */
  async columnMarks(): Promise<{ events: number; cases: number }> {
    return (await this.db
      .statement<{ events: number; cases: number }>(
        'analytics.columnMarks',
        'SELECT coalesce((SELECT max(id) FROM case_events), 0) AS events, coalesce((SELECT max(id) FROM cases), 0) AS cases',
      )
      .get())!;
  }

  /** Cases with an event after `eventMark` or newer than `caseMark` (at most `limit`). */
  async casesChangedSince(eventMark: number, caseMark: number, limit: number): Promise<number[]> {
    return (await this.db
      .statement<{ id: number }>(
        'analytics.casesChangedSince',
        'SELECT case_id AS id FROM case_events WHERE id > ? UNION SELECT id FROM cases WHERE id > ? LIMIT ?',
      )
      .all([eventMark, caseMark, limit]))
      .map((r) => r.id);
  }

  /** The column fields of the given cases, in report order. */
  async columnRows(ids: readonly number[]): Promise<ColumnCaseRow[]> {
    if (ids.length === 0) return [];
    return this.db
      .statement<ColumnCaseRow>('analytics.columnRows', `SELECT ${COLUMN_SELECT} FROM cases WHERE id IN (SELECT value FROM json_each(?)) ORDER BY reported_at, id`)
      .all([JSON.stringify(ids)]);
  }

  async caseCount(): Promise<number> {
    return (await this.db.statement<{ n: number }>('analytics.caseCount', 'SELECT count(*) AS n FROM cases').get())!.n;
  }

  async casesForColumns(): Promise<ColumnCaseRow[]> {
    return await this.db.statement<ColumnCaseRow>('analytics.columnCases', `SELECT ${COLUMN_SELECT} FROM cases ORDER BY reported_at, id`).all();
  }

  /** Cases with any event in [fromMs, toMs), optionally only in grids starting with a prefix: drill-down candidates. */
  async casesActiveIn(fromMs: number, toMs: number, gridPrefix?: string): Promise<number[]> {
    if (gridPrefix !== undefined) {
      return (await this.db
        .statement<{ id: number }>(
          'analytics.casesActiveInGrids',
          `SELECT DISTINCT e.case_id AS id FROM case_events e JOIN cases c ON c.id = e.case_id
           WHERE e.at >= ? AND e.at < ? AND c.grid_code >= ? AND c.grid_code < ?`,
        )
        .all([fromMs, toMs, gridPrefix, `${gridPrefix}~`]))
        .map((r) => r.id);
    }
    return (await this.db
      .statement<{ id: number }>('analytics.casesActiveIn', 'SELECT DISTINCT case_id AS id FROM case_events WHERE at >= ? AND at < ?')
      .all([fromMs, toMs]))
      .map((r) => r.id);
  }

  /** Fold inputs of the given cases: their attributes and events (in case, seq order). */
  async trailsOf(ids: readonly number[]): Promise<{ cases: CaseAttributes[]; events: CaseEventRow[] }> {
    const list = JSON.stringify(ids);
    return {
      cases: await this.db.statement<CaseAttributes>('analytics.caseAttributesOf', `SELECT ${CASE_SELECT} FROM cases WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id`).all([list]),
      events: await this.db
        .statement<CaseEventRow>(
          'analytics.eventsOfIds',
          `SELECT id, case_id AS caseId, seq, at, actor_id AS actorId, actor_role AS actorRole, action, from_state AS fromState, to_state AS toState, comment, data
           FROM case_events WHERE case_id IN (SELECT value FROM json_each(?)) ORDER BY case_id, seq`,
        )
        .all([list]),
    };
  }

  /** 超期 events (the automatic evaluation at a time limit) in [fromMs, toMs), newest first. */
  async overdueEvents(fromMs: number, toMs: number, limit: number): Promise<{ caseId: number; at: number; departmentId: number | null; caseNo: string; kind: string; classCode: string; deadlineAt: number | null }[]> {
    return await this.db
      .statement<{ caseId: number; at: number; departmentId: number | null; caseNo: string; kind: string; classCode: string; deadlineAt: number | null }>(
        'analytics.overdueEvents',
        `SELECT e.case_id AS caseId, e.at, c.department_id AS departmentId, c.case_no AS caseNo, c.kind, c.class_code AS classCode,
                json_extract(e.data, '$.deadlineAt') AS deadlineAt
         FROM case_events e JOIN cases c ON c.id = e.case_id WHERE e.action = 'overdue' AND e.at >= ? AND e.at < ? ORDER BY e.at DESC LIMIT ?`,
      )
      .all([fromMs, toMs, limit]);
  }

  // Dimension tables (names and hierarchy) -------------------------------------------------

  async gridMeta(): Promise<GridMeta[]> {
    return await this.db
      .statement<GridMeta>('analytics.gridMeta', 'SELECT code, community_code AS communityCode, center_lon AS lon, center_lat AS lat FROM grids ORDER BY code')
      .all();
  }

  async areas(): Promise<{ code: string; level: string; name: string }[]> {
    return await this.db.statement<{ code: string; level: string; name: string }>('analytics.areas', 'SELECT code, level, name FROM areas ORDER BY code').all();
  }

  async departments(): Promise<{ id: number; name: string; kind: string; active: number }[]> {
    return await this.db
      .statement<{ id: number; name: string; kind: string; active: number }>('analytics.departments', 'SELECT id, name, kind, active FROM departments ORDER BY id')
      .all();
  }

  /** Users holding one of the evaluated positions, with their roles. */
  async staff(): Promise<{ id: number; name: string; role: string; active: number }[]> {
    return await this.db
      .statement<{ id: number; name: string; role: string; active: number }>(
        'analytics.staff',
        `SELECT u.id, u.display_name AS name, r.role_code AS role, u.active FROM users u JOIN user_roles r ON r.user_id = u.id
         WHERE r.role_code IN ('inspector', 'acceptor', 'shift_leader', 'dispatcher') ORDER BY u.id`,
      )
      .all();
  }

  async inspectorGrids(): Promise<{ userId: number; gridCode: string }[]> {
    return await this.db.statement<{ userId: number; gridCode: string }>('analytics.inspectorGrids', 'SELECT user_id AS userId, grid_code AS gridCode FROM inspector_grids').all();
  }

  async countyBox(): Promise<{ west: number; south: number; east: number; north: number } | undefined> {
    return await this.db
      .statement<{ west: number; south: number; east: number; north: number }>('analytics.countyBox', 'SELECT west, south, east, north FROM county WHERE id = 1')
      .get();
  }

  /** The address of each case that has one. */
  async addresses(ids: readonly number[]): Promise<{ id: number; address: string }[]> {
    if (ids.length === 0) return [];
    return await this.db
      .statement<{ id: number; address: string }>('analytics.addresses', 'SELECT id, address FROM cases WHERE id IN (SELECT value FROM json_each(?)) AND address IS NOT NULL')
      .all([JSON.stringify(ids)]);
  }

  /** Cases by id (a drill-down page), in the order given. */
  async caseSummaries(ids: readonly number[]): Promise<CaseSummaryRow[]> {
    if (ids.length === 0) return [];
    const rows = await this.db
      .statement<CaseSummaryRow>(
        'analytics.caseSummaries',
        `SELECT id, case_no AS caseNo, kind, class_code AS classCode, source, state, address, grid_code AS gridCode, department_id AS departmentId,
                reported_at AS reportedAt, registered_at AS registeredAt, closed_at AS closedAt, deadline_at AS deadlineAt, overdue
         FROM cases WHERE id IN (SELECT value FROM json_each(?))`,
      )
      .all([JSON.stringify(ids)]);
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => byId.get(id)).filter((r): r is CaseSummaryRow => r !== undefined);
  }
}

// What the fold reads of a case (its fixed attributes).
const CASE_SELECT = 'id, kind, class_code AS classCode, source, grid_code AS gridCode, self_handled AS selfHandled, reporter_id AS reporterId, reported_at AS reportedAt';

const SUMMARY_SELECT = `day, hour, grid_code AS gridCode, kind, class_code AS classCode, source, ${FLOW_MEASURES.join(', ')}`;
