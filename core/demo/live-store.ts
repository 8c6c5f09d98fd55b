// What the live demo's staff look at before they act: the open cases with the fields that
// decide who works them next, the demo staff, and where cases of a class usually went.
// Reads only; every change goes through the workflow.
import type { Db } from '../db/database.js';
import type { CaseState } from '../workflow/cases/index.js';

export interface OpenCase {
  id: number;
  state: CaseState;
  kind: 'component' | 'event';
  classCode: string;
  source: string;
  streetCode: string | null;
  departmentId: number | null;
  assigneeId: number | null;
  urgent: boolean;
  overdue: boolean;
  supervised: boolean;
  returnCount: number;
  hangStartedAt: number | null;
  updatedAt: number;
}

const OPEN_STATES: readonly CaseState[] = [
  'reported', 'verifying', 'accepted', 'registered', 'dispatched', 'return_pending', 'extension_pending', 'hang_pending', 'hanging',
  'disposed', 'checking', 'checked', 'rework',
];

export class LiveQueues {
  constructor(private readonly db: Db) {}

  /** Every open case (the demo county holds a few hundred), least recently changed first. */
  async open(): Promise<OpenCase[]> {
    return (await this.db
      .statement<Omit<OpenCase, 'urgent' | 'overdue' | 'supervised'> & { urgent: number; overdue: number; supervised: number }>(
        'demo.live.open',
        `SELECT id, state, kind, class_code AS classCode, source, street_code AS streetCode, department_id AS departmentId,
                assignee_id AS assigneeId, urgent, overdue, supervised, return_count AS returnCount,
                hang_started_at AS hangStartedAt, updated_at AS updatedAt
         FROM cases WHERE state IN (${OPEN_STATES.map((s) => `'${s}'`).join(', ')}) ORDER BY updated_at, id`,
      )
      .all())
      .map((r) => ({ ...r, urgent: r.urgent === 1, overdue: r.overdue === 1, supervised: r.supervised === 1 }));
  }

  /** Inspectors (of those given) with no verify or check task open. */
  async idleInspectors(inspectorIds: readonly number[]): Promise<number[]> {
    const busy = new Set(
      (await this.db
        .statement<{ id: number }>('demo.live.busyInspectors', "SELECT DISTINCT assignee_id AS id FROM cases WHERE state IN ('verifying', 'checking') AND assignee_id IS NOT NULL")
        .all())
        .map((r) => r.id),
    );
    return inspectorIds.filter((id) => !busy.has(id));
  }

  /** The department cases of this class (in this street, when given) were most often dispatched to. */
  async usualDepartment(kind: string, classCode: string, streetCode: string | null): Promise<number | null> {
    const row =
      streetCode === null
        ? await this.db
            .statement<{ id: number }>(
              'demo.live.usualDepartment',
              `SELECT department_id AS id FROM cases WHERE class_code = ? AND kind = ? AND department_id IS NOT NULL
               GROUP BY department_id ORDER BY count(*) DESC, department_id LIMIT 1`,
            )
            .get([classCode, kind])
        : await this.db
            .statement<{ id: number }>(
              'demo.live.usualDepartmentInStreet',
              `SELECT department_id AS id FROM cases WHERE class_code = ? AND kind = ? AND street_code = ? AND department_id IS NOT NULL
               GROUP BY department_id ORDER BY count(*) DESC, department_id LIMIT 1`,
            )
            .get([classCode, kind, streetCode]);
    return row?.id ?? null;
  }
}
