// The command wall's reads shaped for drawing: every component as columns, the open cases with a
// place, and the latest case events for the ticker. The panels' figures and the grid fill come
// from the analytics aggregates (core/analytics), the one source of truth for counts.
import type { Db } from '../db/database.js';

export interface WallCaseRow {
  id: number;
  caseNo: string;
  state: string;
  kind: 'component' | 'event';
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
  async componentColumns(): Promise<[string, string, string, number, number][]> {
    return await this.db.statement('wall.componentColumns', 'SELECT id, class_code, state, lon, lat FROM components ORDER BY id').raw() as [string, string, string, number, number][];
  }

  /** Count, highest id and a checksum of states: changes whenever a component is added, removed, moved or changes state. */
  async componentsRevision(): Promise<string> {
    const row = await this.db
      .statement<{ v: string }>(
        'wall.componentsRevision',
        "SELECT count(*) || ':' || ifnull(max(id), '') || ':' || ifnull(total(lon + lat), 0) || ':' || ifnull(sum(CASE state WHEN 'intact' THEN 0 WHEN 'damaged' THEN 1 WHEN 'lost' THEN 2 ELSE 3 END), 0) AS v FROM components",
      )
      .get();
    return row?.v ?? '';
  }

  async openCases(limit: number): Promise<WallCaseRow[]> {
    return await this.db
      .statement<WallCaseRow>(
        'wall.openCases',
        `SELECT id, case_no AS caseNo, state, kind, class_code AS classCode, urgent, overdue, lon, lat, grid_code AS gridCode,
                department_id AS departmentId, reported_at AS reportedAt, deadline_at AS deadlineAt, substr(description, 1, 80) AS description
         FROM cases WHERE state NOT IN ${TERMINAL} AND lon IS NOT NULL ORDER BY reported_at DESC LIMIT ?`,
      )
      .all([limit]);
  }

  /** The latest case events, newest first: the wall's ticker. */
  async latestEvents(limit: number): Promise<TickerRow[]> {
    return await this.db
      .statement<TickerRow>(
        'wall.latestEvents',
        `SELECT e.id, e.at, e.case_id AS caseId, c.case_no AS caseNo, e.action, e.to_state AS toState, c.class_code AS classCode,
                c.kind, c.grid_code AS gridCode, c.urgent
         FROM case_events e JOIN cases c ON c.id = e.case_id ORDER BY e.id DESC LIMIT ?`,
      )
      .all([limit]);
  }
}
