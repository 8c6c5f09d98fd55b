// Plain rows for the demo county's year of history: cases (案卷) and their event trail.
// The workflow owns the live case store (core/cases/store.ts); this only bulk-writes a
// finished past, written once into an empty county.
import type { Db } from '../db/database.js';
import { TableMap } from '../db/table.js';

export interface HistoryCaseRow {
  id: number;
  /** YYYYMMDD + 5-digit daily sequence. */
  caseNo: string;
  kind: 'component' | 'event';
  standardId: string;
  classCode: string;
  source: string;
  state: string;
  urgent: boolean;
  /** 督办: the centre is pressing the department. */
  supervised: boolean;
  description: string;
  address: string | null;
  lon: number | null;
  lat: number | null;
  gridCode: string | null;
  communityCode: string | null;
  streetCode: string | null;
  componentId: string | null;
  departmentId: number | null;
  reporterId: number | null;
  reporterName: string | null;
  reporterContact: string | null;
  reportedAt: number;
  registeredAt: number | null;
  dispatchedAt: number | null;
  disposedAt: number | null;
  closedAt: number | null;
  deadlineAt: number | null;
  updatedAt: number;
  version: number;
}

export interface HistoryEventRow {
  caseId: number;
  seq: number;
  at: number;
  actorId: number | null;
  actorRole: string | null;
  action: string;
  fromState: string | null;
  toState: string;
  comment: string | null;
  /** JSON text, or null. */
  data: string | null;
}

export class CaseHistoryStore {
  private readonly cases: TableMap<HistoryCaseRow>;
  private readonly events: TableMap<HistoryEventRow>;

  constructor(private readonly db: Db) {
    this.cases = new TableMap<HistoryCaseRow>(db, 'caseHistory.cases', 'cases', {
      id: 'id',
      caseNo: 'case_no',
      kind: 'kind',
      standardId: 'standard_id',
      classCode: 'class_code',
      source: 'source',
      state: 'state',
      urgent: { column: 'urgent', bool: true },
      supervised: { column: 'supervised', bool: true },
      description: 'description',
      address: 'address',
      lon: 'lon',
      lat: 'lat',
      gridCode: 'grid_code',
      communityCode: 'community_code',
      streetCode: 'street_code',
      componentId: 'component_id',
      departmentId: 'department_id',
      reporterId: 'reporter_id',
      reporterName: 'reporter_name',
      reporterContact: 'reporter_contact',
      reportedAt: 'reported_at',
      registeredAt: 'registered_at',
      dispatchedAt: 'dispatched_at',
      disposedAt: 'disposed_at',
      closedAt: 'closed_at',
      deadlineAt: 'deadline_at',
      updatedAt: 'updated_at',
      version: 'version',
    });
    this.events = new TableMap<HistoryEventRow>(db, 'caseHistory.events', 'case_events', {
      caseId: 'case_id',
      seq: 'seq',
      at: 'at',
      actorId: 'actor_id',
      actorRole: 'actor_role',
      action: 'action',
      fromState: 'from_state',
      toState: 'to_state',
      comment: 'comment',
      data: 'data',
    });
  }

  /** The id the next written case should take (cases are written with explicit ids). */
  nextCaseId(): number {
    const row = this.db.statement<{ id: number | null }>('caseHistory.maxId', 'SELECT max(id) AS id FROM cases').get();
    return (row?.id ?? 0) + 1;
  }

  /** Call inside a transaction. */
  insertCases(rows: Iterable<HistoryCaseRow>): number {
    return this.cases.insertMany(rows);
  }

  /** Call inside a transaction, after the cases they belong to. */
  insertEvents(rows: Iterable<HistoryEventRow>): number {
    return this.events.insertMany(rows);
  }

  getCase(id: number): HistoryCaseRow | undefined {
    return this.cases.one('get', 'id = ?', [id]);
  }

  eventsOf(caseId: number): HistoryEventRow[] {
    return this.events.many('ofCase', 'WHERE case_id = ? ORDER BY seq', [caseId]);
  }

  countCases(): number {
    return this.cases.count();
  }

  countEvents(): number {
    return this.events.count();
  }
}
