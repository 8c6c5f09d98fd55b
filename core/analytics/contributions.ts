// What one case adds to the aggregates: a list of (where, measure) units derived from its
// facts. Aggregates are sums of these over all cases. When a case changes, the observer
// subtracts what its old facts added and adds what its new facts add; the rebuild simply
// adds every case's. Both use this one function, so they cannot disagree.
import { dueToClose, PUBLIC_SOURCES, type CaseFacts } from './facts.js';

/** Flow measures of the summary (grid × class × source × day × hour), each at its own event time. */
export const FLOW_MEASURES = ['reported', 'registered', 'dispatched', 'disposed', 'closed', 'overdue', 'voided', 'rejected'] as const;
export type FlowMeasure = (typeof FLOW_MEASURES)[number];

/** Scopes of the cohort counters: a region, a department, or a person in a position (岗位). */
export const COUNTER_SCOPES = ['grid', 'department', 'inspector', 'acceptor', 'shift_leader', 'dispatcher'] as const;
export type CounterScope = (typeof COUNTER_SCOPES)[number];

/**
 * Counter measures by scope, with the day each is counted on. These are the §4.1 base counts.
 * grid: 上报数 on the report day; the rest on the 立案 day (a case's cohort).
 * department: on the day the department got the case (its current 派遣), exceptions on their own day.
 * persons: on the day of their own action.
 */
export const COUNTER_MEASURES = {
  grid: ['reported', 'registered', 'public', 'voided', 'due', 'closed', 'closedOnTime', 'closedLate', 'overdueOpen'],
  department: ['assigned', 'toDispose', 'disposed', 'disposedOnTime', 'due', 'closed', 'closedOnTime', 'overdue', 'reworked', 'returned', 'extended', 'hung'],
  inspector: ['reported', 'validReported', 'verifyTasks', 'verifyOnTime', 'checkTasks', 'checkOnTime'],
  acceptor: ['accepted', 'acceptedOnTime', 'verifySent', 'verifySentOnTime', 'checkSent', 'checkSentOnTime'],
  shift_leader: ['registered', 'registeredOnTime', 'accurate', 'closed', 'closedOnTime'],
  dispatcher: ['dispatched', 'dispatchedOnTime', 'accurate'],
} as const satisfies Record<CounterScope, readonly string[]>;

/** Local day and hour of an instant (the county's calendar). */
export interface DayClock {
  dayIndex(ms: number): number;
  hourOf(ms: number): number;
}

export const SEP = '\u001f';

/**
 * Adds the case's units to `into` with sign `sign` (+1 or -1). Keys follow the tables' primary
 * keys (summary: day, grid, kind, class, source, hour; counters: scope, day, subject), so sorted
 * keys write the B-trees in order.
 */
export function addContributions(f: CaseFacts, clock: DayClock, sign: number, into: Map<string, number>): void {
  const add = (key: string) => into.set(key, (into.get(key) ?? 0) + sign);
  const grid = f.gridCode ?? '';

  const flow = (measure: FlowMeasure, at: number | null) => {
    if (at === null) return;
    add(['S', clock.dayIndex(at), grid, f.kind, f.classCode, f.source, clock.hourOf(at), measure].join(SEP));
  };
  flow('reported', f.reportedAt);
  flow('registered', f.registeredAt);
  flow('dispatched', f.dispatches[0]?.at ?? null);
  flow('disposed', f.firstDisposedAt);
  flow('closed', f.closedAt);
  flow('overdue', f.firstOverdueAt);
  flow('voided', f.voidedAt);
  flow('rejected', f.rejectedAt);

  const count = (scope: CounterScope, subject: string | number | null, at: number | null, measure: string, when = true) => {
    if (!when || subject === null || at === null) return;
    add(['C', scope, clock.dayIndex(at), subject, measure].join(SEP));
  };

  // 区域 (grid): 上报 by report day; the 立案 cohort by registration day.
  count('grid', grid, f.reportedAt, 'reported');
  const due = dueToClose(f);
  const closed = f.closedAt !== null && f.state === 'closed';
  if (f.registeredAt !== null) {
    const r = f.registeredAt;
    count('grid', grid, r, 'registered');
    count('grid', grid, r, 'public', PUBLIC_SOURCES.has(f.source));
    count('grid', grid, r, 'voided', f.voidedAt !== null);
    count('grid', grid, r, 'due', due);
    count('grid', grid, r, 'closed', closed);
    count('grid', grid, r, 'closedOnTime', closed && !f.overdue);
    count('grid', grid, r, 'closedLate', closed && f.overdue);
    count('grid', grid, r, 'overdueOpen', f.overdue && !closed && f.voidedAt === null);
  }

  // 专业部门: the department holding the case, by the day it got it.
  if (f.departmentId !== null && f.dispatchedAt !== null) {
    const d = f.departmentId;
    const at = f.dispatchedAt;
    const live = f.voidedAt === null;
    const disposed = f.disposedAt !== null;
    count('department', d, at, 'assigned');
    count('department', d, at, 'toDispose', live && (disposed || f.overdue));
    count('department', d, at, 'disposed', disposed);
    count('department', d, at, 'disposedOnTime', disposed && !f.overdue);
    count('department', d, at, 'due', due);
    count('department', d, at, 'closed', closed);
    count('department', d, at, 'closedOnTime', closed && !f.overdue);
    count('department', d, at, 'overdue', f.overdue);
    count('department', d, at, 'reworked', f.reworksSinceDispatch > 0);
  }
  for (const r of f.returns) count('department', r.departmentId, r.at, 'returned');
  for (const x of f.extensions) count('department', x.departmentId, x.at, 'extended');
  for (const h of f.hangs) count('department', h.departmentId, h.at, 'hung');

  // 岗位: each person on the day of their own action.
  if (f.reporterRole === 'inspector') {
    count('inspector', f.reporterId, f.reportedAt, 'reported');
    count('inspector', f.reporterId, f.reportedAt, 'validReported', f.registeredAt !== null || (f.selfHandled && closed));
  }
  for (const t of f.verifyTasks) {
    count('inspector', t.assigneeId, t.sentAt, 'verifyTasks');
    count('inspector', t.assigneeId, t.sentAt, 'verifyOnTime', t.answeredAt !== null && t.answerOnTime);
    count('acceptor', t.senderId, t.sentAt, 'verifySent');
    count('acceptor', t.senderId, t.sentAt, 'verifySentOnTime', t.sendOnTime);
  }
  for (const t of f.checkTasks) {
    count('inspector', t.assigneeId, t.sentAt, 'checkTasks');
    count('inspector', t.assigneeId, t.sentAt, 'checkOnTime', t.answeredAt !== null && t.answerOnTime);
    count('acceptor', t.senderId, t.sentAt, 'checkSent');
    count('acceptor', t.senderId, t.sentAt, 'checkSentOnTime', t.sendOnTime);
  }
  count('acceptor', f.acceptorId, f.acceptedAt, 'accepted');
  count('acceptor', f.acceptorId, f.acceptedAt, 'acceptedOnTime', f.acceptOnTime);
  count('shift_leader', f.registrarId, f.registeredAt, 'registered');
  count('shift_leader', f.registrarId, f.registeredAt, 'registeredOnTime', f.registerOnTime);
  count('shift_leader', f.registrarId, f.registeredAt, 'accurate', f.voidedAt === null);
  if (f.closerRole === 'shift_leader') {
    count('shift_leader', f.closerId, f.closedAt, 'closed');
    count('shift_leader', f.closerId, f.closedAt, 'closedOnTime', f.closeOnTime);
  }
  for (const d of f.dispatches) {
    if (!d.byPerson) continue;
    count('dispatcher', d.actorId, d.at, 'dispatched');
    count('dispatcher', d.actorId, d.at, 'dispatchedOnTime', d.onTime);
    count('dispatcher', d.actorId, d.at, 'accurate', !d.returned);
  }
}

export interface SummaryKey {
  day: number;
  hour: number;
  grid: string;
  kind: string;
  classCode: string;
  source: string;
  measure: FlowMeasure;
}

export interface CounterKey {
  scope: CounterScope;
  subject: string;
  day: number;
  measure: string;
}

export function parseKey(key: string): { summary: SummaryKey } | { counter: CounterKey } {
  const parts = key.split(SEP);
  if (parts[0] === 'S') {
    const [, day, grid, kind, classCode, source, hour, measure] = parts;
    return { summary: { day: Number(day), hour: Number(hour), grid: grid!, kind: kind!, classCode: classCode!, source: source!, measure: measure as FlowMeasure } };
  }
  const [, scope, day, subject, measure] = parts;
  return { counter: { scope: scope as CounterScope, subject: subject!, day: Number(day), measure: measure! } };
}
