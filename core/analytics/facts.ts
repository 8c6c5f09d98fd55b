// Per-case facts: a pure fold of one case's event trail (with the case's fixed attributes)
// into what every indicator of DOMAIN.md §4.1 needs: who reported, accepted, verified,
// registered, dispatched, disposed, checked and closed it, when, and whether on time.
// Incremental aggregates and the rebuild both go through this one fold, so they agree by
// construction; the observer re-folds the (short) trail of the changed case.
import type { CaseState } from '../workflow/cases/index.js';
import type { CaseEventRow, CaseRow } from '../workflow/cases/index.js';

/** A 核实 or 核查 task: sent by an acceptor to an inspector, answered (or not) on site. */
export interface TaskFact {
  assigneeId: number | null;
  senderId: number | null;
  sentAt: number;
  /** The send itself was within the step limit of the state it left (核实/核查按时派发). */
  sendOnTime: boolean;
  answeredAt: number | null;
  answerOnTime: boolean;
}

/** One 派遣 (a case returned and re-dispatched has several). */
export interface DispatchFact {
  actorId: number | null;
  byPerson: boolean;
  at: number;
  departmentId: number;
  onTime: boolean;
  /** 回退: the department sent it back (an inaccurate dispatch). */
  returned: boolean;
}

export interface DepartmentEventFact {
  departmentId: number;
  at: number;
}

export interface CaseFacts {
  caseId: number;
  kind: string;
  classCode: string;
  source: string;
  gridCode: string | null;
  selfHandled: boolean;
  reporterId: number | null;
  reporterRole: string | null;
  reportedAt: number;
  state: CaseState;
  /** 受理: the first acceptor decision (accept, reject or send to verify). */
  acceptorId: number | null;
  acceptedAt: number | null;
  acceptOnTime: boolean;
  verifyTasks: TaskFact[];
  checkTasks: TaskFact[];
  registeredAt: number | null;
  registrarId: number | null;
  registerOnTime: boolean;
  dispatches: DispatchFact[];
  /** The department holding the case now, and when it got it. */
  departmentId: number | null;
  dispatchedAt: number | null;
  deadlineAt: number | null;
  /** The case's 超期 flag exactly as the workflow keeps it (extensions and resumes can clear it). */
  overdue: boolean;
  firstOverdueAt: number | null;
  firstDisposedAt: number | null;
  disposedAt: number | null;
  /** 返工 since the current department got the case. */
  reworksSinceDispatch: number;
  reworks: number;
  returns: DepartmentEventFact[];
  extensions: DepartmentEventFact[];
  hangs: DepartmentEventFact[];
  closedAt: number | null;
  closerId: number | null;
  closerRole: string | null;
  closeOnTime: boolean;
  voidedAt: number | null;
  /** 不予受理 / 不予立案. */
  rejectedAt: number | null;
}

/** Fallback for trails written before step limits were recorded in the events. */
export type StepDeadlineFn = (state: CaseState, enteredAt: number, facts: CaseFacts) => number | null;

/** The case attributes the fold needs (fixed at intake; class as it is now). */
export type CaseAttributes = Pick<CaseRow, 'id' | 'kind' | 'classCode' | 'source' | 'gridCode' | 'selfHandled' | 'reporterId' | 'reportedAt'>;

interface EventData {
  assigneeId?: number | null;
  departmentId?: number;
  previousDepartmentId?: number | null;
  deadlineAt?: number | null;
  stepDeadlineAt?: number;
  auto?: boolean;
}

const ACCEPTOR_DECISIONS = new Set(['accept', 'reject', 'send_verify']);

function newFacts(c: CaseAttributes): CaseFacts {
  return {
    caseId: c.id,
    kind: c.kind,
    classCode: c.classCode,
    source: c.source,
    gridCode: c.gridCode,
    selfHandled: c.selfHandled === 1,
    reporterId: c.reporterId,
    reporterRole: null,
    reportedAt: c.reportedAt,
    state: 'reported',
    acceptorId: null,
    acceptedAt: null,
    acceptOnTime: true,
    verifyTasks: [],
    checkTasks: [],
    registeredAt: null,
    registrarId: null,
    registerOnTime: true,
    dispatches: [],
    departmentId: null,
    dispatchedAt: null,
    deadlineAt: null,
    overdue: false,
    firstOverdueAt: null,
    firstDisposedAt: null,
    disposedAt: null,
    reworksSinceDispatch: 0,
    reworks: 0,
    returns: [],
    extensions: [],
    hangs: [],
    closedAt: null,
    closerId: null,
    closerRole: null,
    closeOnTime: true,
    voidedAt: null,
    rejectedAt: null,
  };
}

/** A fold that can be continued: the observer keeps one per recently changed case. */
export class TrailFold {
  readonly facts: CaseFacts;
  /** The limit of the step the case is in now (set when the state was entered). */
  private stepDue: number | null = null;

  constructor(
    c: CaseAttributes,
    private readonly stepDeadline?: StepDeadlineFn,
  ) {
    this.facts = newFacts(c);
  }

  /** Takes the next event of the trail (in seq order). */
  add(e: CaseEventRow): void {
    const f = this.facts;
    const data: EventData = e.data ? (JSON.parse(e.data) as EventData) : {};
    const onTime = this.stepDue === null || e.at <= this.stepDue;
    const from = e.fromState;
    switch (e.action) {
      case 'report':
        f.reporterRole = e.actorRole;
        if (e.actorId !== null) f.reporterId = e.actorId;
        f.reportedAt = e.at;
        break;
      case 'send_verify':
        f.verifyTasks.push({ assigneeId: data.assigneeId ?? null, senderId: e.actorId, sentAt: e.at, sendOnTime: onTime, answeredAt: null, answerOnTime: false });
        break;
      case 'verify_confirm':
      case 'verify_deny':
        answerTask(f.verifyTasks, e.at, onTime);
        break;
      case 'send_check':
        f.checkTasks.push({ assigneeId: data.assigneeId ?? null, senderId: e.actorId, sentAt: e.at, sendOnTime: onTime, answeredAt: null, answerOnTime: false });
        break;
      case 'check_pass':
        answerTask(f.checkTasks, e.at, onTime);
        break;
      case 'check_fail':
        answerTask(f.checkTasks, e.at, onTime);
        f.reworks++;
        f.reworksSinceDispatch++;
        break;
      case 'register':
        f.registeredAt = e.at;
        f.registrarId = e.actorId;
        f.registerOnTime = onTime;
        break;
      case 'dispatch': {
        const departmentId = data.departmentId!;
        f.dispatches.push({ actorId: e.actorId, byPerson: e.actorRole === 'dispatcher', at: e.at, departmentId, onTime, returned: false });
        f.departmentId = departmentId;
        f.dispatchedAt = e.at;
        f.deadlineAt = data.deadlineAt ?? null;
        f.overdue = false;
        f.reworksSinceDispatch = 0;
        if (f.registeredAt === null) f.registeredAt = e.at;
        break;
      }
      case 'return_approve': {
        const last = f.dispatches[f.dispatches.length - 1];
        if (last) last.returned = true;
        f.returns.push({ departmentId: data.previousDepartmentId ?? f.departmentId ?? 0, at: e.at });
        f.departmentId = null;
        f.dispatchedAt = null;
        f.deadlineAt = null;
        f.overdue = false;
        break;
      }
      case 'extend_approve':
        if (f.departmentId !== null) f.extensions.push({ departmentId: f.departmentId, at: e.at });
        if (data.deadlineAt !== undefined) f.deadlineAt = data.deadlineAt;
        if (f.deadlineAt !== null && f.deadlineAt > e.at) f.overdue = false;
        break;
      case 'hang_approve':
        if (f.departmentId !== null) f.hangs.push({ departmentId: f.departmentId, at: e.at });
        break;
      case 'hang_resume':
        if (data.deadlineAt !== undefined && data.deadlineAt !== null) {
          f.deadlineAt = data.deadlineAt;
          if (f.deadlineAt > e.at) f.overdue = false;
        }
        break;
      case 'dispose':
        f.firstDisposedAt ??= e.at;
        f.disposedAt = e.at;
        if (f.deadlineAt !== null && e.at > f.deadlineAt) {
          f.overdue = true;
          f.firstOverdueAt ??= e.at;
        }
        break;
      case 'overdue':
        f.overdue = true;
        f.firstOverdueAt ??= e.at;
        break;
      case 'close':
      case 'self_approve':
        f.closedAt = e.at;
        f.closerId = e.actorId;
        f.closerRole = e.actorRole;
        f.closeOnTime = onTime;
        break;
      case 'void':
        f.voidedAt = e.at;
        break;
      case 'reject':
      case 'decline':
        f.rejectedAt = e.at;
        break;
    }
    // A task withdrawn before its inspector answered (不予受理 during 核实, 作废 during 核查) is no task of theirs.
    if ((e.action === 'reject' && from === 'verifying') || e.action === 'void') dropOpenTasks(f);
    if (e.action === 'verify_deny') f.rejectedAt = e.at;
    if (ACCEPTOR_DECISIONS.has(e.action) && f.acceptedAt === null && from === 'reported') {
      f.acceptedAt = e.at;
      f.acceptorId = e.actorId;
      f.acceptOnTime = onTime;
    }
    f.state = e.toState;
    if (e.toState !== from) this.stepDue = data.stepDeadlineAt ?? (this.stepDeadline ? this.stepDeadline(e.toState, e.at, f) : null);
  }
}

/** Folds a case's events (in seq order) into its facts. */
export function foldTrail(c: CaseAttributes, events: readonly CaseEventRow[], stepDeadline?: StepDeadlineFn): CaseFacts {
  const fold = new TrailFold(c, stepDeadline);
  for (const e of events) fold.add(e);
  return fold.facts;
}

/** Answers the open task, if any (a 不予受理 during 核实 closes it unanswered by the inspector). */
function answerTask(tasks: TaskFact[], at: number, onTime: boolean): void {
  const open = tasks[tasks.length - 1];
  if (!open || open.answeredAt !== null) return;
  open.answeredAt = at;
  open.answerOnTime = onTime;
}

function dropOpenTasks(f: CaseFacts): void {
  for (const tasks of [f.verifyTasks, f.checkTasks]) {
    if (tasks.length && tasks[tasks.length - 1]!.answeredAt === null) tasks.pop();
  }
}

/** Public sources: a case the public found first counts as 监督举报 against the patrol. */
export const PUBLIC_SOURCES: ReadonlySet<string> = new Set(['hotline', 'citizen', 'open311', 'media']);

/** Whether the case counts in 应结案数: 处置数 + 超时未处置数 (DOMAIN.md §4.1), never a voided case. */
export function dueToClose(f: CaseFacts): boolean {
  return f.voidedAt === null && (f.firstDisposedAt !== null || f.overdue || f.closedAt !== null);
}
