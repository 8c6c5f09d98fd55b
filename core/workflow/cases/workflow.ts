// The workflow engine: interprets the transition table (transitions.ts). Every action is one
// SQLite transaction that checks role, state, version, guard and inputs, updates the case,
// appends one event row and reschedules the case's timers. Events go out after the commit.
import type { TimeLimit } from '../calendar/index.js';
import { WorkingCalendar } from '../calendar/index.js';
import type { CalendarService } from '../calendar/index.js';
import type { Clock } from '../../runtime/clock.js';
import type { RoleCode } from '../../contract/index.js';
import type { Db } from '../../db/database.js';
import { AppError, badRequest, conflict, forbidden, notFound } from '../../runtime/errors.js';
import { cleanText } from '../../runtime/inert-text.js';
import type { LimitsService } from '../limits/index.js';
import type { EventHub } from '../../server/events.js';
import type { SettingsStore } from '../settings/index.js';
import { DISPOSAL_CLOCK_STATES, STATE_LABELS, STATE_STAGE, TERMINAL_STATES, type CaseState } from './states.js';
import type { CaseEventRow, CaseKind, CaseRow, CaseStore } from './store.js';
import { TRANSITION_BY_ACTION, TRANSITIONS, type Transition } from './transitions.js';

export type ActorRole = RoleCode | 'system';

export interface Actor {
  /** null for the system (timers, auto-dispatch, channels without an account). */
  id: number | null;
  roles: readonly ActorRole[];
  departmentId: number | null;
}

export const SYSTEM_ACTOR: Actor = { id: null, roles: ['system'], departmentId: null };

export interface ActionInput {
  /** The case version the operator saw: a stale one gets 409. */
  version: number;
  comment?: string;
  departmentId?: number;
  extension?: TimeLimit;
  photoIds?: number[];
  assigneeId?: number;
}

export interface NewCase {
  kind: CaseKind;
  standardId: string;
  classCode: string;
  source: string;
  description: string;
  address: string | null;
  lon: number | null;
  lat: number | null;
  gridCode: string | null;
  communityCode: string | null;
  streetCode: string | null;
  componentId: string | null;
  urgent: boolean;
  selfHandled: boolean;
  reporterName: string | null;
  reporterContact: string | null;
  photoIds: number[];
}

/** What the workflow needs from other aggregates, injected so it stays testable. */
export interface WorkflowLookups {
  departmentActive(id: number): Promise<boolean>;
  inspectorsOfGrid(gridCode: string): Promise<number[]>;
  inspectorHoldsGrid(userId: number, gridCode: string): Promise<boolean>;
  isInspector(userId: number): Promise<boolean>;
  /** A matching 自动批转 rule's department, if any. */
  autoDispatchDepartment(row: CaseRow): Promise<{ departmentId: number; ruleId: number } | undefined>;
  /** Called at registration: whether the grid is now on the blacklist for this class. */
  checkBlacklist(row: CaseRow, now: number): Promise<boolean>;
}

export interface CaseChange {
  case: CaseRow;
  events: CaseEventRow[];
}

/** What an observer sees of one action: the case before (null for a new report), after, and the events appended. */
export interface ObservedChange {
  before: CaseRow | null;
  after: CaseRow;
  events: readonly CaseEventRow[];
}

/**
 * Called INSIDE the action's transaction, after the case row and its events are written, so
 * whatever it writes commits or rolls back with them (analytics can never drift from the cases).
 * It may return a function to run after the commit (in-memory state).
 */
export type CaseObserver = (change: ObservedChange) => Promise<void | (() => void)>;

const MAX_COMMENT = 2000;

/** The extension a pending 延期 request asks for (null when none is pending). */
export function requestedExtension(row: Pick<CaseRow, 'pendingRequest'>): TimeLimit | null {
  if (!row.pendingRequest) return null;
  return (JSON.parse(row.pendingRequest) as { extension?: TimeLimit }).extension ?? null;
}

/** The case-level event topics published on /api/events. */
export const CASE_TOPICS = { created: 'case.created', updated: 'case.updated', overdue: 'case.overdue', dueSoon: 'case.due_soon', stepOverdue: 'case.step_overdue' } as const;

export class Workflow {
  private readonly observers: CaseObserver[] = [];

  constructor(
    private readonly db: Db,
    private readonly store: CaseStore,
    private readonly calendars: CalendarService,
    private readonly limits: LimitsService,
    private readonly settings: SettingsStore,
    private readonly lookups: WorkflowLookups,
    private readonly clock: Clock,
    private readonly events?: EventHub,
  ) {}

  private async calendar(): Promise<WorkingCalendar> {
    return await this.calendars.current();
  }

  /** Adds an observer of every change the workflow makes (see CaseObserver). */
  observe(observer: CaseObserver): void {
    this.observers.push(observer);
  }

  /** Runs fn in one transaction and tells the observers, inside it, what changed; their after-commit work runs after it. */
  private async observed(fn: () => Promise<{ before: CaseRow | null; change: CaseChange }>): Promise<CaseChange> {
    const afterCommit: (() => void)[] = [];
    const change = await this.db.transaction(async () => {
      const { before, change } = await fn();
      if (change.events.length === 0) return change;
      for (const observer of this.observers) {
        const after = await observer({ before, after: change.case, events: change.events });
        if (after) afterCommit.push(after);
      }
      return change;
    });
    for (const run of afterCommit) run();
    return change;
  }

  /** The actions this actor may take on this case now (what the console offers). */
  async allowedActions(row: CaseRow, actor: Actor): Promise<Transition[]> {
    const allowed: Transition[] = [];
    for (const t of TRANSITIONS) {
      if (!this.roleFor(t, actor)) continue;
      if (!this.stateAllows(t, row.state)) continue;
      if (await this.guardPasses(t, row, actor)) allowed.push(t);
    }
    return allowed;
  }

  /** Creates a case in 待受理 (or 自处置待审核 for a self-handled inspector report). */
  async report(input: NewCase, actor: Actor, at = this.clock.now()): Promise<CaseChange> {
    const change = await this.observed(async () => {
      await this.checkPhotos(input.photoIds, null);
      const state: CaseState = input.selfHandled ? 'self_review' : 'reported';
      const row: Omit<CaseRow, 'id'> = {
        caseNo: await this.nextCaseNo(at),
        kind: input.kind,
        standardId: input.standardId,
        classCode: input.classCode,
        source: input.source,
        state,
        urgent: input.urgent ? 1 : 0,
        supervised: 0,
        description: input.description,
        address: input.address,
        lon: input.lon,
        lat: input.lat,
        gridCode: input.gridCode,
        communityCode: input.communityCode,
        streetCode: input.streetCode,
        componentId: input.componentId,
        departmentId: null,
        reporterId: actor.id,
        reporterName: input.reporterName,
        reporterContact: input.reporterContact,
        reportedAt: at,
        registeredAt: null,
        dispatchedAt: null,
        disposedAt: null,
        closedAt: null,
        deadlineAt: null,
        updatedAt: at,
        version: 1,
        assigneeId: null,
        stepDeadlineAt: null,
        clockLimit: 0,
        overdue: 0,
        hangStartedAt: null,
        hangMs: 0,
        extensionCount: 0,
        reworkCount: 0,
        returnCount: 0,
        resumeState: null,
        selfHandled: input.selfHandled ? 1 : 0,
        blacklisted: 0,
        pendingRequest: null,
        timerAt: null,
        timerKind: null,
      };
      const id = await this.store.insert(row);
      const created: CaseRow = { id, ...row };
      await this.setStepDeadline(created, at);
      await this.setTimer(created, at);
      await this.store.update(created, 1);
      const data: Record<string, unknown> = { source: input.source, kind: input.kind, classCode: input.classCode };
      if (input.photoIds.length) data.photoIds = input.photoIds;
      if (created.stepDeadlineAt !== null) data.stepDeadlineAt = created.stepDeadlineAt;
      const event = await this.appendEvent(created, actor, 'report', null, state, null, data, at);
      for (const photo of input.photoIds) await this.store.linkAttachment(photo, id, event.id);
      return { before: null, change: { case: created, events: [event] } };
    });
    this.publish(CASE_TOPICS.created, change);
    return change;
  }

  /** Takes one action on a case. Throws AppError (404, 403, 409, 400) and changes nothing on refusal. */
  async act(caseId: number, action: string, input: ActionInput, actor: Actor, at = this.clock.now()): Promise<CaseChange> {
    const change = await this.observed(async () => {
      const seen: { before?: CaseRow } = {};
      const done = await this.actInTransaction(caseId, action, input, actor, at, {}, seen);
      return { before: seen.before ?? null, change: done };
    });
    this.publish(CASE_TOPICS.updated, change);
    return change;
  }

  private async actInTransaction(
    caseId: number,
    action: string,
    input: ActionInput,
    actor: Actor,
    at: number,
    note: Record<string, unknown> = {},
    seen?: { before?: CaseRow },
  ): Promise<CaseChange> {
    const transition = TRANSITION_BY_ACTION.get(action);
    if (!transition) throw notFound(`Unknown action "${action}"`);
    const current = await this.store.get(caseId);
    if (!current) throw notFound(`No case with id ${caseId} (案卷不存在)`);
    // The observers see the case as it was before this action.
    if (seen) seen.before = current;
    const role = this.roleFor(transition, actor);
    if (!role) {
      throw forbidden(`"${transition.label.zh}" needs the role ${transition.roles.join(' or ')} (无权执行: ${transition.label.zh})`);
    }
    if (!this.stateAllows(transition, current.state)) {
      throw conflict(
        `"${transition.label.zh}" is not allowed while the case is ${STATE_LABELS[current.state].zh} (${current.state}) (当前状态不允许此操作)`,
        'state',
      );
    }
    if (input.version !== current.version) {
      throw conflict(`The case changed since you opened it (version ${input.version}, now ${current.version}); reload it (案卷已被他人更新，请刷新)`, 'version');
    }
    if (!(await this.guardPasses(transition, current, actor))) {
      throw forbidden(
        transition.guard === 'own_department'
          ? 'Only the department the case was dispatched to may do this (仅承办部门可操作)'
          : 'Only the inspector of this task or grid may do this (仅该网格监督员可操作)',
      );
    }
    const comment = await this.checkRequirements(transition, input, current);

    const next: CaseRow = { ...current, version: current.version + 1, updatedAt: at };
    const data: Record<string, unknown> = { ...note };
    const toState = transition.to === 'same' ? current.state : transition.to === 'resume' ? (current.resumeState ?? 'dispatched') : transition.to;
    next.state = toState;
    if (transition.to === 'resume') next.resumeState = null;
    await this.applyEffects(transition, current, next, input, data, at);
    if (toState !== current.state) {
      await this.setStepDeadline(next, at);
      // The step's limit goes into the trail, so on-time indicators (按时核实, 按时派遣...) replay exactly.
      if (next.stepDeadlineAt !== null) data.stepDeadlineAt = next.stepDeadlineAt;
    }
    await this.setTimer(next, at);

    if (!await this.store.update(next, current.version)) {
      throw conflict('Someone else acted on this case at the same moment; reload it (案卷已被他人更新，请刷新)', 'version');
    }
    const event = await this.appendEvent(next, actor, action, current.state, toState, comment, data, at, role);
    for (const photo of input.photoIds ?? []) await this.store.linkAttachment(photo, caseId, event.id);
    const change: CaseChange = { case: next, events: [event] };

    if (transition.effects.includes('auto_dispatch')) {
      const rule = await this.lookups.autoDispatchDepartment(next);
      if (rule && (await this.lookups.departmentActive(rule.departmentId))) {
        const dispatched = await this.actInTransaction(caseId, 'dispatch', { version: next.version, departmentId: rule.departmentId }, SYSTEM_ACTOR, at, {
          auto: true,
          ruleId: rule.ruleId,
        });
        return { case: dispatched.case, events: [event, ...dispatched.events] };
      }
    }
    return change;
  }

  private roleFor(t: Transition, actor: Actor): ActorRole | undefined {
    if (actor.roles.includes('system')) return 'system';
    return actor.roles.find((r) => (t.roles as readonly string[]).includes(r));
  }

  private stateAllows(t: Transition, state: CaseState): boolean {
    return t.from === 'any_open' ? !TERMINAL_STATES.has(state) : t.from.includes(state);
  }

  private async guardPasses(t: Transition, row: CaseRow, actor: Actor): Promise<boolean> {
    if (!t.guard || actor.roles.includes('system')) return true;
    switch (t.guard) {
      case 'own_department':
        return actor.departmentId !== null && actor.departmentId === row.departmentId;
      case 'task_inspector':
        if (actor.id === null) return false;
        if (row.assigneeId !== null) return row.assigneeId === actor.id;
        return row.gridCode !== null && (await this.lookups.inspectorHoldsGrid(actor.id, row.gridCode));
    }
  }

  private async checkRequirements(t: Transition, input: ActionInput, row: CaseRow): Promise<string | null> {
    const comment = cleanText(input.comment ?? '');
    if (comment.length > MAX_COMMENT) throw badRequest(`The comment is longer than ${MAX_COMMENT} characters`, 'comment');
    for (const need of t.requires) {
      switch (need) {
        case 'comment':
          if (!comment) throw badRequest(`"${t.label.zh}" needs a comment saying why or what was done (请填写意见)`, 'comment');
          break;
        case 'photo':
          if ((await this.settings.get('workflow')).photoRequiredOnDispose && !input.photoIds?.length) {
            throw badRequest(`"${t.label.zh}" needs at least one photo of the result (请上传处置照片)`, 'photoIds');
          }
          break;
        case 'department':
          if (input.departmentId === undefined) throw badRequest('Choose the department to dispatch to (请选择处置部门)', 'departmentId');
          if (!(await this.lookups.departmentActive(input.departmentId))) throw badRequest(`No active department with id ${input.departmentId}`, 'departmentId');
          break;
        case 'extension':
          if (!input.extension) throw badRequest('Say how much more time is needed (请填写延期时长)', 'extension');
          break;
      }
    }
    if (input.extension !== undefined) {
      if (!t.requires.includes('extension') && !t.accepts?.includes('extension')) {
        throw badRequest(`"${t.label.zh}" takes no extension (此操作不涉及延期时长)`, 'extension');
      }
      if (!(input.extension.value > 0)) throw badRequest('An extension must be longer than zero (延期时长须大于零)', 'extension');
    }
    if (input.photoIds?.length) await this.checkPhotos(input.photoIds, row.id);
    if (input.assigneeId !== undefined && !(await this.lookups.isInspector(input.assigneeId))) {
      throw badRequest(`User ${input.assigneeId} is not an active inspector (监督员)`, 'assigneeId');
    }
    return comment || null;
  }

  private async checkPhotos(photoIds: number[], caseId: number | null): Promise<void> {
    for (const id of photoIds) {
      const photo = await this.store.attachment(id);
      if (!photo) throw badRequest(`No uploaded photo with id ${id}`, 'photoIds');
      if (photo.caseId !== null && photo.caseId !== caseId) throw badRequest(`Photo ${id} belongs to another case`, 'photoIds');
    }
  }

  private async applyEffects(t: Transition, current: CaseRow, next: CaseRow, input: ActionInput, data: Record<string, unknown>, at: number): Promise<void> {
    for (const effect of t.effects) {
      switch (effect) {
        case 'assign_inspector': {
          const assignee = input.assigneeId ?? (current.gridCode ? (await this.lookups.inspectorsOfGrid(current.gridCode))[0] : undefined) ?? null;
          next.assigneeId = assignee;
          data.assigneeId = assignee;
          break;
        }
        case 'set_department': {
          const departmentId = input.departmentId!;
          next.departmentId = departmentId;
          next.dispatchedAt = at;
          if (next.registeredAt === null) next.registeredAt = at;
          const limit = await this.disposalLimit(next);
          next.clockLimit = WorkingCalendar.isClockLimit(limit) ? 1 : 0;
          next.deadlineAt = (await this.calendar()).deadline(at, limit);
          next.overdue = 0;
          data.departmentId = departmentId;
          data.deadlineAt = next.deadlineAt;
          data.limit = limit;
          break;
        }
        case 'clear_department':
          data.previousDepartmentId = next.departmentId;
          next.departmentId = null;
          next.deadlineAt = null;
          next.dispatchedAt = null;
          next.overdue = 0;
          next.pendingRequest = null;
          break;
        case 'remember_state':
          next.resumeState = current.state;
          break;
        case 'store_request':
          next.pendingRequest = JSON.stringify({ extension: input.extension });
          data.extension = input.extension;
          break;
        case 'apply_extension': {
          // The approver grants what was asked, or another amount (shorter, as a rule); the trail keeps both.
          const requested = requestedExtension(current);
          const granted = input.extension ?? requested;
          if (!granted) throw badRequest('No extension was requested or given (请填写批准的延期时长)', 'extension');
          if (current.deadlineAt !== null) next.deadlineAt = (await this.calendar()).extend(current.deadlineAt, granted);
          next.extensionCount = current.extensionCount + 1;
          next.pendingRequest = null;
          if (next.deadlineAt !== null && next.deadlineAt > at) next.overdue = 0;
          if (requested) data.requested = requested;
          data.extension = granted;
          data.deadlineAt = next.deadlineAt;
          break;
        }
        case 'pause_clock':
          next.hangStartedAt = at;
          break;
        case 'resume_clock':
          if (current.hangStartedAt !== null && current.deadlineAt !== null) {
            next.deadlineAt = (await this.calendar()).shiftForPause(current.deadlineAt, current.hangStartedAt, at, current.clockLimit === 1);
            next.hangMs = current.hangMs + (at - current.hangStartedAt);
            if (next.deadlineAt > at) next.overdue = 0;
          }
          next.hangStartedAt = null;
          data.deadlineAt = next.deadlineAt;
          break;
        case 'count_rework':
          next.reworkCount = current.reworkCount + 1;
          break;
        case 'count_return':
          next.returnCount = current.returnCount + 1;
          break;
        case 'flag_supervised':
          next.supervised = 1;
          break;
        case 'flag_urgent':
          next.urgent = 1;
          break;
        case 'mark_disposed':
          next.disposedAt = at;
          if (next.deadlineAt !== null && at > next.deadlineAt) next.overdue = 1;
          break;
        case 'mark_closed':
          next.closedAt = at;
          next.assigneeId = null;
          break;
        case 'mark_registered':
          next.registeredAt = at;
          if (await this.lookups.checkBlacklist(next, at)) next.blacklisted = 1;
          break;
        case 'auto_dispatch':
          break; // after the update: see actInTransaction
      }
    }
    // The inspector's task ends when it is answered.
    if ((current.state === 'verifying' || current.state === 'checking') && next.state !== current.state) next.assigneeId = null;
  }

  private async disposalLimit(row: CaseRow): Promise<TimeLimit> {
    const limit = await this.limits.limit(row.kind, row.classCode, 'dispose', row.urgent === 1);
    return limit ?? { value: 3, unit: 'work_days' };
  }

  private async setStepDeadline(row: CaseRow, at: number): Promise<void> {
    const stage = STATE_STAGE[row.state];
    if (!stage || TERMINAL_STATES.has(row.state)) {
      row.stepDeadlineAt = null;
      return;
    }
    if (stage === 'dispose') {
      row.stepDeadlineAt = row.deadlineAt;
      return;
    }
    const limit = await this.limits.limit(row.kind, row.classCode, stage, row.urgent === 1);
    row.stepDeadlineAt = limit ? (await this.calendar()).deadline(at, limit) : null;
  }

  /** Sets the case's next timer for its state: due-soon then overdue while the disposal clock runs, else the step limit. */
  private async setTimer(row: CaseRow, at: number): Promise<void> {
    row.timerAt = null;
    row.timerKind = null;
    if (TERMINAL_STATES.has(row.state) || row.state === 'hanging') return;
    if (DISPOSAL_CLOCK_STATES.has(row.state)) {
      if (row.deadlineAt === null || row.dispatchedAt === null || row.overdue === 1) return;
      const dueSoonAt = await this.dueSoonAt(row);
      if (dueSoonAt > at) {
        row.timerAt = dueSoonAt;
        row.timerKind = 'due_soon';
      } else {
        row.timerAt = row.deadlineAt;
        row.timerKind = 'overdue';
      }
      return;
    }
    if (row.stepDeadlineAt !== null) {
      row.timerAt = row.stepDeadlineAt;
      row.timerKind = 'step_overdue';
    }
  }

  /** When the due-soon warning fires: when the configured share of the disposal limit is left. */
  private async dueSoonAt(row: CaseRow): Promise<number> {
    const fraction = (await this.settings.get('workflow')).dueSoonFraction;
    const cal = await this.calendar();
    const start = row.dispatchedAt!;
    const deadline = row.deadlineAt!;
    return Math.round(
      row.clockLimit === 1
        ? deadline - fraction * (deadline - start)
        : cal.addWorkingMs(start, (1 - fraction) * cal.workingMsBetween(start, deadline)),
    );
  }

  private async appendEvent(
    row: CaseRow,
    actor: Actor,
    action: string,
    from: CaseState | null,
    to: CaseState,
    comment: string | null,
    data: Record<string, unknown>,
    at: number,
    role?: ActorRole,
  ): Promise<CaseEventRow> {
    const event: Omit<CaseEventRow, 'id'> = {
      caseId: row.id,
      seq: row.version,
      at,
      actorId: actor.id,
      actorRole: role ?? actor.roles[0] ?? null,
      action,
      fromState: from,
      toState: to,
      comment,
      data: Object.keys(data).length ? JSON.stringify(data) : null,
    };
    return { id: await this.store.appendEvent(event), ...event };
  }

  private async nextCaseNo(at: number): Promise<string> {
    const cal = await this.calendar();
    const day = cal.dateKey(cal.dayIndex(at)).replaceAll('-', '');
    const last = await this.store.nextCaseSerial(day);
    if (last > 99999) throw new AppError('unavailable', 'More than 99,999 cases in one day');
    return `${day}${String(last).padStart(5, '0')}`;
  }

  /** Fires the timers that are due (at start-up: those that came due while the server was down). Each fires once. */
  async fireDueTimers(now = this.clock.now(), batch = 500): Promise<number> {
    let fired = 0;
    for (;;) {
      const due = await this.store.due(now, batch);
      if (due.length === 0) return fired;
      for (const row of due) {
        let published = undefined as { topic: string; change: CaseChange } | undefined;
        await this.observed(async () => {
          published = await this.fireTimer(row, now);
          // Due-soon and step timers append no event, so observers hear only of 超期 (overdue).
          return { before: row, change: published?.change ?? { case: row, events: [] } };
        });
        if (published) {
          fired++;
          this.publish(published.topic, published.change);
        }
      }
    }
  }

  private async fireTimer(row: CaseRow, now: number): Promise<{ topic: string; change: CaseChange } | undefined> {
    const kind = row.timerKind!;
    const dueAt = row.timerAt!;
    if (kind === 'overdue') {
      const next: CaseRow = { ...row, overdue: 1, version: row.version + 1, updatedAt: now, timerAt: null, timerKind: null };
      if (!await this.store.update(next, row.version)) return undefined;
      const event = await this.appendEvent(next, SYSTEM_ACTOR, 'overdue', row.state, row.state, null, { deadlineAt: row.deadlineAt }, now, 'system');
      return { topic: CASE_TOPICS.overdue, change: { case: next, events: [event] } };
    }
    const nextAt = kind === 'due_soon' ? row.deadlineAt : null;
    const nextKind = kind === 'due_soon' ? 'overdue' : null;
    if (!await this.store.advanceTimer(row.id, dueAt, kind, nextAt, nextKind)) return undefined;
    return { topic: kind === 'due_soon' ? CASE_TOPICS.dueSoon : CASE_TOPICS.stepOverdue, change: { case: row, events: [] } };
  }

  private publish(topic: string, change: CaseChange): void {
    if (!this.events) return;
    const c = change.case;
    this.events.publish(topic, {
      id: c.id,
      caseNo: c.caseNo,
      state: c.state,
      kind: c.kind,
      classCode: c.classCode,
      source: c.source,
      urgent: c.urgent === 1,
      overdue: c.overdue === 1,
      lon: c.lon,
      lat: c.lat,
      gridCode: c.gridCode,
      departmentId: c.departmentId,
      deadlineAt: c.deadlineAt,
      version: c.version,
      actions: change.events.map((e) => e.action),
    });
  }
}
