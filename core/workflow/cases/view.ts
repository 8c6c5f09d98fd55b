// How a case looks over the API: ISO times, flags as booleans, the deadline counted down in
// working time (or clock time for urgent limits).
import type { WorkingCalendar } from '../calendar/index.js';
import { stageOf } from './stages.js';
import { STATE_LABELS, TERMINAL_STATES } from './states.js';
import type { AttachmentRow, CaseEventRow, CaseRow } from './store.js';
import { requestedExtension } from './workflow.js';
import type { RoleCode } from '../../contract/index.js';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/**
 * Roles that call citizens back and so see their names and numbers whole (个人信息保护法:
 * the least that serves the purpose); everyone else sees them masked.
 */
export const PERSONAL_DATA_READERS: readonly RoleCode[] = ['acceptor', 'shift_leader'];

/** 张三 → 张*, 李小明 → 李**; 13812345678 → 138****5678. */
export function maskName(name: string | null): string | null {
  if (name === null) return null;
  const chars = [...name];
  return chars.length <= 1 ? '*' : chars[0] + '*'.repeat(Math.min(chars.length - 1, 3));
}

export function maskContact(contact: string | null): string | null {
  if (contact === null) return null;
  const digits = contact.replace(/\D/g, '');
  if (digits.length >= 7) return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
  const at = contact.indexOf('@');
  return at > 0 ? `${contact[0]}***${contact.slice(at)}` : '****';
}

export function caseView(c: CaseRow, calendar: WorkingCalendar, now: number, viewer?: { roles: readonly RoleCode[] }) {
  const whole = viewer === undefined || viewer.roles.some((r) => PERSONAL_DATA_READERS.includes(r));
  const open = !TERMINAL_STATES.has(c.state);
  const clock = c.clockLimit === 1;
  const remaining =
    open && c.deadlineAt !== null && c.disposedAt === null && c.state !== 'hanging'
      ? calendar.remaining(now, c.deadlineAt, clock)
      : null;
  const stepRemaining = open && c.stepDeadlineAt !== null && c.state !== 'hanging' ? calendar.remaining(now, c.stepDeadlineAt, clock) : null;
  return {
    id: c.id,
    caseNo: c.caseNo,
    kind: c.kind,
    standardId: c.standardId,
    classCode: c.classCode,
    source: c.source,
    state: c.state,
    stateLabel: STATE_LABELS[c.state],
    /** Which of the seven stages (信息收集 … 综合评价) the case is at: standard name and short label. */
    stage: stageOf(c.state),
    open,
    urgent: c.urgent === 1,
    supervised: c.supervised === 1,
    overdue: c.overdue === 1 || (remaining !== null && remaining < 0),
    selfHandled: c.selfHandled === 1,
    blacklisted: c.blacklisted === 1,
    description: c.description,
    address: c.address,
    lon: c.lon,
    lat: c.lat,
    gridCode: c.gridCode,
    communityCode: c.communityCode,
    streetCode: c.streetCode,
    componentId: c.componentId,
    departmentId: c.departmentId,
    assigneeId: c.assigneeId,
    reporterName: whole ? c.reporterName : maskName(c.reporterName),
    reporterContact: whole ? c.reporterContact : maskContact(c.reporterContact),
    reportedAt: iso(c.reportedAt)!,
    registeredAt: iso(c.registeredAt),
    dispatchedAt: iso(c.dispatchedAt),
    disposedAt: iso(c.disposedAt),
    closedAt: iso(c.closedAt),
    deadlineAt: iso(c.deadlineAt),
    stepDeadlineAt: iso(c.stepDeadlineAt),
    clockLimit: clock,
    remainingMs: remaining,
    stepRemainingMs: stepRemaining,
    hangMs: c.hangMs,
    reworkCount: c.reworkCount,
    returnCount: c.returnCount,
    extensionCount: c.extensionCount,
    /** While 延期待审批: the extension the department asked for (the approver may grant another). */
    requestedExtension: c.state === 'extension_pending' ? requestedExtension(c) : null,
    updatedAt: iso(c.updatedAt)!,
    version: c.version,
  };
}

export type CaseView = ReturnType<typeof caseView>;

export function eventView(e: CaseEventRow) {
  return {
    id: e.id,
    seq: e.seq,
    at: new Date(e.at).toISOString(),
    actorId: e.actorId,
    actorRole: e.actorRole,
    action: e.action,
    fromState: e.fromState,
    toState: e.toState,
    comment: e.comment,
    data: e.data ? (JSON.parse(e.data) as Record<string, unknown>) : null,
  };
}

export function attachmentView(a: AttachmentRow) {
  return { id: a.id, kind: a.kind, mime: a.mime, bytes: a.bytes, eventId: a.eventId, createdAt: new Date(a.createdAt).toISOString(), url: `/api/attachments/${a.id}` };
}
