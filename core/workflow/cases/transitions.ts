// The workflow as data: every action a case can take, from which states, by which roles,
// to which state, what it requires and what it does. The engine (workflow.ts) interprets
// this table; the console reads it (GET /api/workflow) to offer only the allowed actions.
import type { RoleCode } from '../../contract/index.js';
import type { CaseState } from './states.js';

export type Requirement =
  | 'comment' // a reason or result in words
  | 'photo' // at least one attached photo (处置反馈: a county setting)
  | 'department' // the disposal department to dispatch to
  | 'extension'; // the extension asked for (申请延期) or granted (同意延期)

export type Guard =
  | 'own_department' // the acting department must be the case's department
  | 'task_inspector'; // the inspector must be the assignee, or hold the case's grid

export type Effect =
  | 'assign_inspector' // 核实/核查 task to the grid's inspector (or the one named)
  | 'set_department' // 派遣: the department takes the case, the disposal clock starts
  | 'clear_department' // 回退 approved: back to the centre for 改派
  | 'remember_state' // entering a pending state: remember where to go back to
  | 'store_request' // keep the pending request (extension asked for)
  | 'apply_extension' // 延期 approved: the deadline moves by the extension granted (the one asked, unless the approver grants another)
  | 'pause_clock' // 挂账 approved: the clock stops
  | 'resume_clock' // 挂账恢复: the clock runs again, the deadline moves by the pause
  | 'count_rework' // 返工数 +1
  | 'count_return' // 回退数 +1
  | 'mark_registered' // 立案 time; a grid where the class keeps recurring goes on the 黑名单
  | 'auto_dispatch' // 立案: a matching 自动批转 rule dispatches at once
  | 'flag_supervised' // 督办
  | 'flag_urgent' // 急件
  | 'mark_disposed' // 处置反馈 time
  | 'mark_closed'; // 结案 time

export interface Transition {
  action: string;
  label: { zh: string; en: string };
  from: readonly CaseState[] | 'any_open';
  /** 'same' keeps the state (a flag or a note); 'resume' returns to the remembered state. */
  to: CaseState | 'same' | 'resume';
  roles: readonly RoleCode[];
  requires: readonly Requirement[];
  /** Inputs it takes when given, beyond what it requires (同意延期: a grant other than the one asked). An extension given to an action that neither requires nor accepts one is refused. */
  accepts?: readonly Requirement[];
  guard?: Guard;
  effects: readonly Effect[];
}

const DISPOSING: readonly CaseState[] = ['dispatched', 'rework'];
const VOIDABLE: readonly CaseState[] = [
  'accepted', 'registered', 'dispatched', 'rework', 'return_pending', 'extension_pending', 'hang_pending', 'hanging', 'disposed', 'checking', 'checked',
];
const SUPERVISABLE: readonly CaseState[] = ['registered', 'dispatched', 'rework', 'return_pending', 'extension_pending', 'hang_pending', 'hanging', 'disposed', 'checking', 'checked'];
const CENTRE: readonly RoleCode[] = ['acceptor', 'shift_leader', 'dispatcher', 'leader'];
const APPROVERS: readonly RoleCode[] = ['dispatcher', 'shift_leader', 'leader'];

export const TRANSITIONS: readonly Transition[] = [
  // 受理
  { action: 'send_verify', label: { zh: '发核实', en: 'Send to verify' }, from: ['reported'], to: 'verifying', roles: ['acceptor'], requires: [], effects: ['assign_inspector'] },
  { action: 'verify_confirm', label: { zh: '核实属实', en: 'Verified' }, from: ['verifying'], to: 'accepted', roles: ['inspector'], requires: [], guard: 'task_inspector', effects: [] },
  { action: 'verify_deny', label: { zh: '核实不属实', en: 'Not confirmed' }, from: ['verifying'], to: 'not_accepted', roles: ['inspector'], requires: ['comment'], guard: 'task_inspector', effects: [] },
  { action: 'accept', label: { zh: '案卷登记', en: 'Accept' }, from: ['reported'], to: 'accepted', roles: ['acceptor'], requires: [], effects: [] },
  { action: 'reject', label: { zh: '不予受理', en: 'Do not accept' }, from: ['reported', 'verifying'], to: 'not_accepted', roles: ['acceptor'], requires: ['comment'], effects: [] },
  // 立案
  { action: 'register', label: { zh: '立案', en: 'Register' }, from: ['accepted'], to: 'registered', roles: ['shift_leader'], requires: [], effects: ['mark_registered', 'auto_dispatch'] },
  { action: 'decline', label: { zh: '不予立案', en: 'Do not register' }, from: ['accepted'], to: 'not_registered', roles: ['shift_leader'], requires: ['comment'], effects: [] },
  // 派遣
  { action: 'dispatch', label: { zh: '派遣', en: 'Dispatch' }, from: ['registered'], to: 'dispatched', roles: ['dispatcher'], requires: ['department'], effects: ['set_department'] },
  // 处置 and its side flows
  { action: 'dispose', label: { zh: '处置反馈', en: 'Report disposal' }, from: DISPOSING, to: 'disposed', roles: ['department'], requires: ['comment', 'photo'], guard: 'own_department', effects: ['mark_disposed'] },
  { action: 'return_request', label: { zh: '申请回退', en: 'Request return' }, from: DISPOSING, to: 'return_pending', roles: ['department'], requires: ['comment'], guard: 'own_department', effects: ['remember_state'] },
  { action: 'return_approve', label: { zh: '同意回退', en: 'Approve return' }, from: ['return_pending'], to: 'registered', roles: ['dispatcher'], requires: [], effects: ['clear_department', 'count_return'] },
  { action: 'return_reject', label: { zh: '驳回回退', en: 'Refuse return' }, from: ['return_pending'], to: 'resume', roles: ['dispatcher'], requires: ['comment'], effects: [] },
  { action: 'extend_request', label: { zh: '申请延期', en: 'Request extension' }, from: DISPOSING, to: 'extension_pending', roles: ['department'], requires: ['comment', 'extension'], guard: 'own_department', effects: ['remember_state', 'store_request'] },
  { action: 'extend_approve', label: { zh: '同意延期', en: 'Approve extension' }, from: ['extension_pending'], to: 'resume', roles: APPROVERS, requires: [], accepts: ['extension'], effects: ['apply_extension'] },
  { action: 'extend_reject', label: { zh: '驳回延期', en: 'Refuse extension' }, from: ['extension_pending'], to: 'resume', roles: APPROVERS, requires: ['comment'], effects: [] },
  { action: 'hang_request', label: { zh: '申请挂账', en: 'Request suspension' }, from: DISPOSING, to: 'hang_pending', roles: ['department'], requires: ['comment'], guard: 'own_department', effects: ['remember_state'] },
  { action: 'hang_approve', label: { zh: '同意挂账', en: 'Approve suspension' }, from: ['hang_pending'], to: 'hanging', roles: ['dispatcher', 'leader'], requires: [], effects: ['pause_clock'] },
  { action: 'hang_reject', label: { zh: '驳回挂账', en: 'Refuse suspension' }, from: ['hang_pending'], to: 'resume', roles: ['dispatcher', 'leader'], requires: ['comment'], effects: [] },
  { action: 'hang_resume', label: { zh: '挂账恢复', en: 'Resume' }, from: ['hanging'], to: 'resume', roles: ['dispatcher', 'leader'], requires: [], effects: ['resume_clock'] },
  // 核查 and 结案
  { action: 'send_check', label: { zh: '发核查', en: 'Send to check' }, from: ['disposed'], to: 'checking', roles: ['acceptor'], requires: [], effects: ['assign_inspector'] },
  { action: 'check_pass', label: { zh: '核查通过', en: 'Check passed' }, from: ['checking'], to: 'checked', roles: ['inspector'], requires: [], guard: 'task_inspector', effects: [] },
  { action: 'check_fail', label: { zh: '核查不通过(返工)', en: 'Check failed (rework)' }, from: ['checking'], to: 'rework', roles: ['inspector'], requires: ['comment'], guard: 'task_inspector', effects: ['count_rework'] },
  { action: 'close', label: { zh: '结案', en: 'Close' }, from: ['checked'], to: 'closed', roles: ['shift_leader'], requires: [], effects: ['mark_closed'] },
  { action: 'void', label: { zh: '作废', en: 'Void' }, from: VOIDABLE, to: 'void', roles: ['shift_leader'], requires: ['comment'], effects: [] },
  // 自行处置 (an inspector fixed it on the spot)
  { action: 'self_approve', label: { zh: '自处置审核通过', en: 'Approve self-handling' }, from: ['self_review'], to: 'closed', roles: ['shift_leader'], requires: [], effects: ['mark_closed'] },
  { action: 'self_reject', label: { zh: '自处置驳回', en: 'Refuse self-handling' }, from: ['self_review'], to: 'accepted', roles: ['shift_leader'], requires: ['comment'], effects: [] },
  // Flags and notes
  { action: 'supervise', label: { zh: '督办', en: 'Supervise' }, from: SUPERVISABLE, to: 'same', roles: ['dispatcher', 'leader'], requires: ['comment'], effects: ['flag_supervised'] },
  { action: 'mark_urgent', label: { zh: '设为急件', en: 'Mark urgent' }, from: ['reported', 'verifying', 'accepted', 'registered'], to: 'same', roles: ['acceptor', 'shift_leader'], requires: [], effects: ['flag_urgent'] },
  { action: 'note', label: { zh: '备注', en: 'Note' }, from: 'any_open', to: 'same', roles: [...CENTRE, 'department', 'inspector'], requires: ['comment'], effects: [] },
];

export const TRANSITION_BY_ACTION: ReadonlyMap<string, Transition> = new Map(TRANSITIONS.map((t) => [t.action, t]));

/** Actions recorded in the trail that are not user transitions. */
export const SYSTEM_ACTIONS = ['report', 'overdue', 'due_soon', 'step_overdue'] as const;
