// The command wall's reads: column scans shaped for drawing (components, open cases, devices)
// and the counts behind its panels. Until the analytics aggregates (issue 6) land, the panel
// counts come straight from the case table here; each is one indexed query.
import type { Db } from '../db/database.js';

export interface WallCaseRow {
  id: number;
  caseNo: string;
  state: string;
  kind: string;
  classCode: string;
  urgent: number;
  overdue: number;
  lon: number;
  lat: number;
  gridCode: string | null;
  departmentId: number | null;
  reportedAt: number;
  deadlineAt: number | null;
  description: string;
}

export interface TickerRow {
  id: number;
  at: number;
  caseId: number;
  caseNo: string;
  action: string;
  toState: string;
  classCode: string;
  kind: string;
  gridCode: string | null;
  urgent: number;
}

/** States that are over: everything else is an open case. */
const TERMINAL = "('not_accepted', 'not_registered', 'closed', 'void')";

export class WallStore {
  constructor(private readonly db: Db) {}

  /** Every component as [id, class_code, state, lon, lat] rows, in id order. */
  componentColumns(): [string, string, string, number, number][] {
    return this.db.statement('wall.componentColumns', 'SELECT id, class_code, state, lon, lat FROM components ORDER BY id').raw() as [string, string, string, number, number][];
  }

  /** Count, highest id and a checksum of states: changes whenever a component is added, removed, moved or changes state. */
  componentsRevision(): string {
    const row = this.db
      .statement<{ v: string }>(
        'wall.componentsRevision',
        "SELECT count(*) || ':' || ifnull(max(id), '') || ':' || ifnull(total(lon + lat), 0) || ':' || ifnull(sum(CASE state WHEN 'intact' THEN 0 WHEN 'damaged' THEN 1 WHEN 'lost' THEN 2 ELSE 3 END), 0) AS v FROM components",
      )
      .get();
    return row?.v ?? '';
  }

  openCases(limit: number): WallCaseRow[] {
    return this.db
      .statement<WallCaseRow>(
        'wall.openCases',
        `SELECT id, case_no AS caseNo, state, kind, class_code AS classCode, urgent, overdue, lon, lat, grid_code AS gridCode,
                department_id AS departmentId, reported_at AS reportedAt, deadline_at AS deadlineAt, substr(description, 1, 80) AS description
         FROM cases WHERE state NOT IN ${TERMINAL} AND lon IS NOT NULL ORDER BY reported_at DESC LIMIT ?`,
      )
      .all([limit]);
  }

  /** Counts of a day (or any window): reported, registered, dispatched and closed in it. */
  countsBetween(from: number, to: number): { reported: number; registered: number; dispatched: number; closed: number } {
    const q = (name: string, column: string) =>
      this.db.statement<{ n: number }>(`wall.count.${name}`, `SELECT count(*) AS n FROM cases WHERE ${column} >= ? AND ${column} < ?`).get([from, to])?.n ?? 0;
    return {
      reported: q('reported', 'reported_at'),
      registered: q('registered', 'registered_at'),
      dispatched: q('dispatched', 'dispatched_at'),
      closed: this.db.statement<{ n: number }>('wall.count.closed', "SELECT count(*) AS n FROM cases WHERE closed_at >= ? AND closed_at < ? AND state = 'closed'").get([from, to])?.n ?? 0,
    };
  }

  openOverdue(): number {
    return this.db.statement<{ n: number }>('wall.openOverdue', `SELECT count(*) AS n FROM cases WHERE overdue = 1 AND state NOT IN ${TERMINAL}`).get()?.n ?? 0;
  }

  openCount(): number {
    return this.db.statement<{ n: number }>('wall.openCount', `SELECT count(*) AS n FROM cases WHERE state NOT IN ${TERMINAL}`).get()?.n ?? 0;
  }

  /**
   * 应结案数, 结案数 and 按期结案数 of cases registered in a window (DOMAIN.md §4.2):
   * due = closed + open cases past their deadline; on time = closed and never overdue.
   */
  closingCounts(from: number, to: number, now: number): { due: number; closed: number; onTime: number } {
    const row = this.db
      .statement<{ due: number; closed: number; onTime: number }>(
        'wall.closingCounts',
        `SELECT
           sum(CASE WHEN state = 'closed' OR (state NOT IN ${TERMINAL} AND (overdue = 1 OR (deadline_at IS NOT NULL AND deadline_at < @now))) THEN 1 ELSE 0 END) AS due,
           sum(CASE WHEN state = 'closed' THEN 1 ELSE 0 END) AS closed,
           sum(CASE WHEN state = 'closed' AND overdue = 0 THEN 1 ELSE 0 END) AS onTime
         FROM cases WHERE registered_at >= @from AND registered_at < @to`,
      )
      .get({ from, to, now });
    return { due: row?.due ?? 0, closed: row?.closed ?? 0, onTime: row?.onTime ?? 0 };
  }

  /** Cases reported in a window, by big class (the first two digits of the class code) and kind. */
  reportedByBigClass(from: number, to: number): { kind: string; bigCode: string; count: number }[] {
    return this.db
      .statement<{ kind: string; bigCode: string; count: number }>(
        'wall.reportedByBigClass',
        'SELECT kind, substr(class_code, 1, 2) AS bigCode, count(*) AS count FROM cases WHERE reported_at >= ? AND reported_at < ? GROUP BY kind, bigCode ORDER BY count DESC',
      )
      .all([from, to]);
  }

  openByGrid(limit: number): { gridCode: string; count: number }[] {
    return this.db
      .statement<{ gridCode: string; count: number }>(
        'wall.openByGrid',
        `SELECT grid_code AS gridCode, count(*) AS count FROM cases WHERE state NOT IN ${TERMINAL} AND grid_code IS NOT NULL GROUP BY grid_code ORDER BY count DESC, grid_code LIMIT ?`,
      )
      .all([limit]);
  }

  /** Open or overdue cases of every grid that has any: the grid layer's fill. */
  gridMeasure(measure: 'open' | 'overdue' | 'urgent'): { gridCode: string; count: number }[] {
    const where = measure === 'overdue' ? 'AND overdue = 1' : measure === 'urgent' ? 'AND urgent = 1' : '';
    return this.db
      .statement<{ gridCode: string; count: number }>(
        `wall.gridMeasure.${measure}`,
        `SELECT grid_code AS gridCode, count(*) AS count FROM cases WHERE state NOT IN ${TERMINAL} AND grid_code IS NOT NULL ${where} GROUP BY grid_code`,
      )
      .all();
  }

  /** Per department, cases dispatched to it in a window: how many, disposed, disposed in time, still open. */
  departmentRanking(from: number, to: number): { departmentId: number; dispatched: number; disposed: number; onTime: number; open: number }[] {
    return this.db
      .statement<{ departmentId: number; dispatched: number; disposed: number; onTime: number; open: number }>(
        'wall.departmentRanking',
        `SELECT department_id AS departmentId, count(*) AS dispatched,
                sum(CASE WHEN disposed_at IS NOT NULL THEN 1 ELSE 0 END) AS disposed,
                sum(CASE WHEN disposed_at IS NOT NULL AND (deadline_at IS NULL OR disposed_at <= deadline_at) THEN 1 ELSE 0 END) AS onTime,
                sum(CASE WHEN state NOT IN ${TERMINAL} THEN 1 ELSE 0 END) AS open
         FROM cases WHERE department_id IS NOT NULL AND dispatched_at >= ? AND dispatched_at < ?
         GROUP BY department_id`,
      )
      .all([from, to]);
  }

  /** The latest case events, newest first: the wall's ticker. */
  latestEvents(limit: number): TickerRow[] {
    return this.db
      .statement<TickerRow>(
        'wall.latestEvents',
        `SELECT e.id, e.at, e.case_id AS caseId, c.case_no AS caseNo, e.action, e.to_state AS toState, c.class_code AS classCode,
                c.kind, c.grid_code AS gridCode, c.urgent
         FROM case_events e JOIN cases c ON c.id = e.case_id ORDER BY e.id DESC LIMIT ?`,
      )
      .all([limit]);
  }
}
