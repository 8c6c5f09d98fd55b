// Cases, their event trail, their timers: the SQL of the case aggregate.
import type { Db } from '../../db/database.js';
import { CHAIN_START, chainHash } from '../../db/chain.js';
import { EVENT_CHAIN_COLUMNS } from '../../db/migrations/0701_case_event_chain.js';
import type { CaseState } from './states.js';

export type CaseKind = 'component' | 'event';

export interface CaseRow {
  id: number;
  caseNo: string;
  kind: CaseKind;
  standardId: string;
  classCode: string;
  source: string;
  state: CaseState;
  urgent: number;
  supervised: number;
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
  assigneeId: number | null;
  stepDeadlineAt: number | null;
  clockLimit: number;
  overdue: number;
  hangStartedAt: number | null;
  hangMs: number;
  extensionCount: number;
  reworkCount: number;
  returnCount: number;
  resumeState: CaseState | null;
  selfHandled: number;
  blacklisted: number;
  pendingRequest: string | null;
  /** The next timer of the case, if any (see migration 0100). */
  timerAt: number | null;
  timerKind: TimerKind | null;
}

export type TimerKind = 'due_soon' | 'overdue' | 'step_overdue';

export interface CaseEventRow {
  id: number;
  caseId: number;
  seq: number;
  at: number;
  actorId: number | null;
  actorRole: string | null;
  action: string;
  fromState: CaseState | null;
  toState: CaseState;
  comment: string | null;
  data: string | null;
}

const CASE_FIELDS: (keyof CaseRow)[] = [
  'id', 'caseNo', 'kind', 'standardId', 'classCode', 'source', 'state', 'urgent', 'supervised', 'description', 'address',
  'lon', 'lat', 'gridCode', 'communityCode', 'streetCode', 'componentId', 'departmentId', 'reporterId', 'reporterName',
  'reporterContact', 'reportedAt', 'registeredAt', 'dispatchedAt', 'disposedAt', 'closedAt', 'deadlineAt', 'updatedAt',
  'version', 'assigneeId', 'stepDeadlineAt', 'clockLimit', 'overdue', 'hangStartedAt', 'hangMs', 'extensionCount',
  'reworkCount', 'returnCount', 'resumeState', 'selfHandled', 'blacklisted', 'pendingRequest', 'timerAt', 'timerKind',
];

/** Fields an action may change; the rest are fixed at intake. */
const MUTABLE_FIELDS: (keyof CaseRow)[] = [
  'classCode', 'state', 'urgent', 'supervised', 'departmentId', 'registeredAt', 'dispatchedAt', 'disposedAt', 'closedAt',
  'deadlineAt', 'updatedAt', 'assigneeId', 'stepDeadlineAt', 'clockLimit', 'overdue', 'hangStartedAt', 'hangMs',
  'extensionCount', 'reworkCount', 'returnCount', 'resumeState', 'blacklisted', 'pendingRequest', 'timerAt', 'timerKind',
];

const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const SELECT_CASE = CASE_FIELDS.map((f) => `${snake(f)} AS ${f}`).join(', ');
/** An event's hashed fields, in the order of EVENT_CHAIN_COLUMNS. */
export function eventChainFields(e: Omit<CaseEventRow, 'id'>): unknown[] {
  return [e.caseId, e.seq, e.at, e.actorId, e.actorRole, e.action, e.fromState, e.toState, e.comment, e.data];
}

/** Cases whose last chain link the store remembers (a few hundred bytes each). */
const LAST_LINKS = 20_000;

const EVENT_SELECT = 'id, case_id AS caseId, seq, at, actor_id AS actorId, actor_role AS actorRole, action, from_state AS fromState, to_state AS toState, comment, data';

export interface CaseFilter {
  states?: CaseState[];
  classCode?: string;
  kind?: CaseKind;
  departmentId?: number;
  gridCode?: string;
  source?: string;
  from?: number;
  to?: number;
  overdue?: boolean;
  urgent?: boolean;
  assigneeId?: number;
  text?: string;
  /** Only the cases of this inspector: in their responsibility grids, given to them, or reported by them. */
  inspectorId?: number;
}

export interface AttachmentRow {
  id: number;
  caseId: number | null;
  eventId: number | null;
  kind: 'photo' | 'snapshot' | 'document';
  mime: string;
  bytes: number;
  sha256: string;
  file: string;
  originalName: string | null;
  uploadedBy: number | null;
  createdAt: number;
}

const ATTACHMENT_SELECT =
  'id, case_id AS caseId, event_id AS eventId, kind, mime, bytes, sha256, file, original_name AS originalName, uploaded_by AS uploadedBy, created_at AS createdAt';

export class CaseStore {
  constructor(private readonly db: Db) {}

  async insert(row: Omit<CaseRow, 'id'>): Promise<number> {
    const fields = CASE_FIELDS.filter((f) => f !== 'id');
    const stmt = this.db.statement(
      'cases.insert',
      `INSERT INTO cases (${fields.map(snake).join(', ')}) VALUES (${fields.map(() => '?').join(', ')})`,
    );
    return Number((await stmt.run(fields.map((f) => row[f as keyof typeof row]))).lastInsertRowid);
  }

  async get(id: number): Promise<CaseRow | undefined> {
    return await this.db.statement<CaseRow>('cases.get', `SELECT ${SELECT_CASE} FROM cases WHERE id = ?`).get([id]);
  }

  async getByNo(caseNo: string): Promise<CaseRow | undefined> {
    return await this.db.statement<CaseRow>('cases.getByNo', `SELECT ${SELECT_CASE} FROM cases WHERE case_no = ?`).get([caseNo]);
  }

  /** Writes the mutable fields if the stored version is still `expectedVersion`; false if someone else won. */
  async update(row: CaseRow, expectedVersion: number): Promise<boolean> {
    const stmt = this.db.statement(
      'cases.update',
      `UPDATE cases SET ${MUTABLE_FIELDS.map((f) => `${snake(f)} = ?`).join(', ')}, version = ? WHERE id = ? AND version = ?`,
    );
    return (await stmt.run([...MUTABLE_FIELDS.map((f) => row[f]), row.version, row.id, expectedVersion])).changes === 1;
  }

  /**
   * Appends an event, chained (SM3) to the case's previous event; run inside the action's
   * transaction, so the event and its link are one write.
   */
  /**
   * The chain link of the last event this store wrote for each recent case (a Map iterates
   * oldest first: the oldest go past LAST_LINKS). An action then needs no read of the previous
   * event: its insert carries the link it expects the previous event to have, and inserts
   * nothing when it has another (an action rolled back, another server wrote): then the link
   * is read and the insert made as before.
   */
  private readonly lastLinks = new Map<number, { seq: number; chain: string }>();

  async appendEvent(event: Omit<CaseEventRow, 'id'>): Promise<number> {
    const fields = eventChainFields(event);
    const known = this.lastLinks.get(event.caseId);
    let id: number | undefined;
    let chain: string;
    if (event.seq > 1 && known?.seq === event.seq - 1) {
      chain = chainHash(known.chain, fields);
      const inserted = await this.db
        .statement(
          'cases.appendEventAfter',
          `INSERT INTO case_events (${EVENT_CHAIN_COLUMNS}, chain) SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?
           WHERE EXISTS (SELECT 1 FROM case_events WHERE case_id = ? AND seq = ? AND chain = ?)`,
          // PostgreSQL types a bare parameter of a SELECT list as text: each gets its column's type.
          `INSERT INTO case_events (${EVENT_CHAIN_COLUMNS}, chain)
           SELECT CAST(? AS bigint), CAST(? AS bigint), CAST(? AS bigint), CAST(? AS bigint), CAST(? AS text), CAST(? AS text), CAST(? AS text), CAST(? AS text), CAST(? AS text), CAST(? AS text), CAST(? AS text)
           WHERE EXISTS (SELECT 1 FROM case_events WHERE case_id = ? AND seq = ? AND chain = ?)`,
        )
        .run([...fields, chain, event.caseId, event.seq - 1, known.chain]);
      if (inserted.changes === 1) id = Number(inserted.lastInsertRowid);
    }
    if (id === undefined) {
      const previous =
        event.seq <= 1
          ? CHAIN_START
          : ((await this.db.statement<{ chain: string | null }>('cases.eventChain', 'SELECT chain FROM case_events WHERE case_id = ? AND seq = ?').get([event.caseId, event.seq - 1]))?.chain ?? CHAIN_START);
      chain = chainHash(previous, fields);
      id = Number(
        (await this.db
          .statement('cases.appendEvent', `INSERT INTO case_events (${EVENT_CHAIN_COLUMNS}, chain) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
          .run([...fields, chain]))
          .lastInsertRowid,
      );
    }
    this.lastLinks.delete(event.caseId);
    this.lastLinks.set(event.caseId, { seq: event.seq, chain: chain! });
    if (this.lastLinks.size > LAST_LINKS) this.lastLinks.delete(this.lastLinks.keys().next().value!);
    return id;
  }

  /** Every event with its stored link, in case and seq order, for checking the chains. */
  allEventChains(): AsyncIterable<Omit<CaseEventRow, 'id'> & { id: number; caseNo: string | null; chain: string | null }> {
    return this.db
      .statement<Omit<CaseEventRow, 'id'> & { id: number; caseNo: string | null; chain: string | null }>(
        'cases.allEventChains',
        `SELECT e.id, e.case_id AS caseId, e.seq, e.at, e.actor_id AS actorId, e.actor_role AS actorRole, e.action, e.from_state AS fromState,
                e.to_state AS toState, e.comment, e.data, e.chain, c.case_no AS caseNo
         FROM case_events e LEFT JOIN cases c ON c.id = e.case_id ORDER BY e.case_id, e.seq`,
      )
      .iterate();
  }

  async events(caseId: number): Promise<CaseEventRow[]> {
    return await this.db.statement<CaseEventRow>('cases.events', `SELECT ${EVENT_SELECT} FROM case_events WHERE case_id = ? ORDER BY seq`).all([caseId]);
  }

  /** Every event in case order, for replaying the whole trail without loading it at once. */
  allEventsByCase(): AsyncIterable<CaseEventRow> {
    return this.db.statement<CaseEventRow>('cases.allEvents', `SELECT ${EVENT_SELECT} FROM case_events ORDER BY case_id, seq`).iterate();
  }

  allCases(): AsyncIterable<CaseRow> {
    return this.db.statement<CaseRow>('cases.all', `SELECT ${SELECT_CASE} FROM cases ORDER BY id`).iterate();
  }

  /**
   * 个人信息保护法: the reporter's name and contact on cases closed before `before` are
   * removed (the case, its place and its trail stay). Returns how many cases were anonymised.
   */
  async anonymiseReporters(before: number): Promise<number> {
    return (await this.db
      .statement(
        'cases.anonymiseReporters',
        'UPDATE cases SET reporter_name = NULL, reporter_contact = NULL WHERE closed_at IS NOT NULL AND closed_at < ? AND (reporter_name IS NOT NULL OR reporter_contact IS NOT NULL)',
      )
      .run([before])).changes;
  }

  async count(): Promise<number> {
    return (await this.db.statement<{ n: number }>('cases.count', 'SELECT count(*) AS n FROM cases').get() ?? { n: 0 }).n;
  }

  /** The highest case number issued on a day ('YYYYMMDD'), for the next daily sequence. */
  /**
   * The next serial of a day's case numbers, from the day's counter row, inside the action's
   * transaction: two servers on one database never hand out the same number. The first
   * number of a day continues after any case already numbered that day (a county from before
   * the counter).
   */
  async nextCaseSerial(day: string): Promise<number> {
    const row = await this.db
      .statement<{ last: number }>(
        'cases.nextSerial',
        `INSERT INTO case_counters (day, last)
         VALUES (@day, 1 + coalesce((SELECT CAST(substr(max(case_no), 9) AS INTEGER) FROM cases WHERE case_no >= @lo AND case_no < @hi), 0))
         ON CONFLICT (day) DO UPDATE SET last = case_counters.last + 1
         RETURNING last`,
      )
      .get({ day, lo: `${day}00000`, hi: `${day}99999~` });
    return row!.last;
  }

  async lastCaseNoOfDay(day: string): Promise<string | undefined> {
    return (await this.db
      .statement<{ no: string | null }>('cases.lastNoOfDay', "SELECT max(case_no) AS no FROM cases WHERE case_no >= ? AND case_no < ?")
      .get([`${day}00000`, `${day}99999~`]))?.no ?? undefined;
  }

  async list(filter: CaseFilter, limit: number, offset: number): Promise<{ total: number; rows: CaseRow[] }> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.states?.length) {
      where.push(`state IN (${filter.states.map(() => '?').join(', ')})`);
      params.push(...filter.states);
    }
    const eq: [keyof CaseFilter, string][] = [
      ['classCode', 'class_code'], ['kind', 'kind'], ['departmentId', 'department_id'], ['gridCode', 'grid_code'],
      ['source', 'source'], ['assigneeId', 'assignee_id'],
    ];
    for (const [key, column] of eq) {
      if (filter[key] !== undefined) {
        where.push(`${column} = ?`);
        params.push(filter[key]);
      }
    }
    if (filter.inspectorId !== undefined) {
      where.push('(grid_code IN (SELECT grid_code FROM inspector_grids WHERE user_id = ?) OR assignee_id = ? OR reporter_id = ?)');
      params.push(filter.inspectorId, filter.inspectorId, filter.inspectorId);
    }
    if (filter.from !== undefined) {
      where.push('reported_at >= ?');
      params.push(filter.from);
    }
    if (filter.to !== undefined) {
      where.push('reported_at < ?');
      params.push(filter.to);
    }
    if (filter.overdue !== undefined) {
      where.push('overdue = ?');
      params.push(filter.overdue ? 1 : 0);
    }
    if (filter.urgent !== undefined) {
      where.push('urgent = ?');
      params.push(filter.urgent ? 1 : 0);
    }
    if (filter.text && /^[A-Z]?\d{6,13}$/.test(filter.text)) {
      // A case number, or the start of one (a day): an index range, not a scan.
      where.push('case_no >= ? AND case_no < ?');
      params.push(filter.text, `${filter.text}~`);
    } else if (filter.text) {
      where.push("(description LIKE ? ESCAPE '\\' OR address LIKE ? ESCAPE '\\')");
      const like = `%${filter.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      params.push(like, like);
    }
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    // The clause itself names the statement, so each shape is prepared once.
    const total = (await this.db.statement<{ n: number }>(`cases.count ${clause}`, `SELECT count(*) AS n FROM cases ${clause}`).get(params))?.n ?? 0;
    const rows = await this.db
      .statement<CaseRow>(`cases.list ${clause}`, `SELECT ${SELECT_CASE} FROM cases ${clause} ORDER BY updated_at DESC, id DESC LIMIT ? OFFSET ?`)
      .all([...params, limit, offset]);
    return { total, rows };
  }

  /** Open cases of a class inside a box: candidates for the duplicate hint. */
  async openOfClassIn(kind: CaseKind, classCode: string, west: number, south: number, east: number, north: number, closedStates: string[]): Promise<CaseRow[]> {
    return await this.db
      .statement<CaseRow>(
        'cases.openOfClassIn',
        `SELECT ${SELECT_CASE} FROM cases WHERE class_code = ? AND kind = ? AND state NOT IN (${closedStates.map(() => '?').join(', ')})
         AND lon BETWEEN ? AND ? AND lat BETWEEN ? AND ? LIMIT 50`,
      )
      .all([classCode, kind, ...closedStates, west, east, south, north]);
  }

  /** Registered-or-later cases of a class in a grid since a time (blacklist counting). */
  async countInGridSince(gridCode: string, kind: CaseKind, classCode: string, since: number): Promise<number> {
    return (
      (await this.db
        .statement<{ n: number }>(
          'cases.countInGridSince',
          "SELECT count(*) AS n FROM cases WHERE grid_code = ? AND kind = ? AND class_code = ? AND reported_at >= ? AND state NOT IN ('not_accepted', 'not_registered', 'void')",
        )
        .get([gridCode, kind, classCode, since]))?.n ?? 0
    );
  }

  // Timers ----------------------------------------------------------------------------

  /** Cases whose next timer is due. */
  async due(now: number, limit: number): Promise<CaseRow[]> {
    return await this.db.statement<CaseRow>('cases.due', `SELECT ${SELECT_CASE} FROM cases WHERE timer_at <= ? ORDER BY timer_at LIMIT ?`).all([now, limit]);
  }

  /** Moves a case's timer on if it is still the one expected; false if it already fired. */
  async advanceTimer(id: number, expectedAt: number, expectedKind: TimerKind, nextAt: number | null, nextKind: TimerKind | null): Promise<boolean> {
    return (
      (await this.db
        .statement('cases.advanceTimer', 'UPDATE cases SET timer_at = ?, timer_kind = ? WHERE id = ? AND timer_at = ? AND timer_kind = ?')
        .run([nextAt, nextKind, id, expectedAt, expectedKind])).changes === 1
    );
  }

  // Attachments -----------------------------------------------------------------------

  async insertAttachment(row: Omit<AttachmentRow, 'id'>): Promise<number> {
    return Number(
      (await this.db
        .statement(
          'attachments.insert',
          `INSERT INTO attachments (case_id, event_id, kind, mime, bytes, sha256, file, original_name, uploaded_by, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run([row.caseId, row.eventId, row.kind, row.mime, row.bytes, row.sha256, row.file, row.originalName, row.uploadedBy, row.createdAt]))
        .lastInsertRowid,
    );
  }

  async attachment(id: number): Promise<AttachmentRow | undefined> {
    return await this.db.statement<AttachmentRow>('attachments.get', `SELECT ${ATTACHMENT_SELECT} FROM attachments WHERE id = ?`).get([id]);
  }

  async attachmentsOfCase(caseId: number): Promise<AttachmentRow[]> {
    return await this.db.statement<AttachmentRow>('attachments.ofCase', `SELECT ${ATTACHMENT_SELECT} FROM attachments WHERE case_id = ? ORDER BY id`).all([caseId]);
  }

  async linkAttachment(id: number, caseId: number, eventId: number): Promise<void> {
    await this.db.statement('attachments.link', 'UPDATE attachments SET case_id = ?, event_id = ? WHERE id = ?').run([caseId, eventId, id]);
  }
}
