// Stores the planned history as plain rows in cases and case_events, mapping usernames and
// department codes to the ids they were given. Rows are streamed, not held.
import { CaseHistoryStore, type HistoryCaseRow, type HistoryEventRow } from '../cases/history-store.js';
import type { Db } from '../db/database.js';
import type { PlannedCase } from './history.js';

export interface HistoryIds {
  userId: ReadonlyMap<string, number>;
  departmentId: ReadonlyMap<string, number>;
  standardId: string;
}

const FIRST = (c: PlannedCase, action: string) => c.actions.find((a) => a.action === action)?.at ?? null;
const LAST = (c: PlannedCase, action: string) => c.actions.findLast((a) => a.action === action)?.at ?? null;

/** Writes the cases and their events; call inside a transaction. */
export function writeHistory(db: Db, plan: readonly PlannedCase[], ids: HistoryIds): { cases: number; events: number } {
  const store = new CaseHistoryStore(db);
  const firstId = store.nextCaseId();
  const user = (username: string | null) => (username === null ? null : (ids.userId.get(username) ?? null));

  function* caseRows(): Generator<HistoryCaseRow> {
    for (let k = 0; k < plan.length; k++) {
      const c = plan[k]!;
      yield {
        id: firstId + k,
        caseNo: c.caseNo,
        kind: c.kind,
        standardId: ids.standardId,
        classCode: c.classCode,
        source: c.source,
        state: c.state,
        urgent: c.urgent,
        supervised: c.supervised,
        description: c.description,
        address: c.address,
        lon: c.lon,
        lat: c.lat,
        gridCode: c.gridCode,
        communityCode: c.communityCode,
        streetCode: c.streetCode,
        componentId: c.componentId,
        departmentId: c.departmentCode === null ? null : (ids.departmentId.get(c.departmentCode) ?? null),
        reporterId: user(c.reporter.username),
        reporterName: c.reporter.name,
        reporterContact: c.reporter.contact,
        reportedAt: c.reportedAt,
        registeredAt: FIRST(c, 'register'),
        dispatchedAt: FIRST(c, 'dispatch'),
        disposedAt: LAST(c, 'dispose'),
        closedAt: FIRST(c, 'close'),
        deadlineAt: c.deadlineAt,
        updatedAt: c.actions.at(-1)!.at,
        version: c.actions.length,
      };
    }
  }

  function* eventRows(): Generator<HistoryEventRow> {
    for (let k = 0; k < plan.length; k++) {
      const c = plan[k]!;
      for (let seq = 0; seq < c.actions.length; seq++) {
        const a = c.actions[seq]!;
        yield {
          caseId: firstId + k,
          seq: seq + 1,
          at: a.at,
          actorId: user(a.actor),
          actorRole: a.role,
          action: a.action,
          fromState: a.from,
          toState: a.to,
          comment: a.comment,
          data: a.data === null ? null : JSON.stringify(a.data),
        };
      }
    }
  }

  const cases = store.insertCases(caseRows());
  const events = store.insertEvents(eventRows());
  return { cases, events };
}
