// Work queues (待办) per role, as data: which states each role works on, and whose they are.
import type { RoleCode } from '../../contract/index.js';
import type { CaseState } from './states.js';

export type QueueScope = 'all' | 'assigned_to_me' | 'my_department';

export interface QueueDef {
  id: string;
  role: RoleCode;
  label: { zh: string; en: string };
  states: CaseState[];
  scope: QueueScope;
}

export const QUEUES: readonly QueueDef[] = [
  { id: 'to_accept', role: 'acceptor', label: { zh: '待受理', en: 'To accept' }, states: ['reported'], scope: 'all' },
  { id: 'to_send_check', role: 'acceptor', label: { zh: '待发核查', en: 'To send for check' }, states: ['disposed'], scope: 'all' },
  { id: 'to_verify', role: 'inspector', label: { zh: '核实任务', en: 'Verify tasks' }, states: ['verifying'], scope: 'assigned_to_me' },
  { id: 'to_check', role: 'inspector', label: { zh: '核查任务', en: 'Check tasks' }, states: ['checking'], scope: 'assigned_to_me' },
  { id: 'to_register', role: 'shift_leader', label: { zh: '待立案', en: 'To register' }, states: ['accepted'], scope: 'all' },
  { id: 'to_close', role: 'shift_leader', label: { zh: '待结案', en: 'To close' }, states: ['checked'], scope: 'all' },
  { id: 'shift_approvals', role: 'shift_leader', label: { zh: '延期审批', en: 'Extensions' }, states: ['extension_pending'], scope: 'all' },
  { id: 'self_review', role: 'shift_leader', label: { zh: '自处置审核', en: 'Self-handled review' }, states: ['self_review'], scope: 'all' },
  { id: 'to_dispatch', role: 'dispatcher', label: { zh: '待派遣', en: 'To dispatch' }, states: ['registered'], scope: 'all' },
  { id: 'approvals', role: 'dispatcher', label: { zh: '待审批', en: 'Approvals' }, states: ['return_pending', 'extension_pending', 'hang_pending'], scope: 'all' },
  { id: 'hanging', role: 'dispatcher', label: { zh: '挂账案件', en: 'Suspended' }, states: ['hanging'], scope: 'all' },
  { id: 'to_dispose', role: 'department', label: { zh: '待处置', en: 'To dispose' }, states: ['dispatched', 'rework'], scope: 'my_department' },
  { id: 'dept_pending', role: 'department', label: { zh: '申请中', en: 'Requests pending' }, states: ['return_pending', 'extension_pending', 'hang_pending', 'hanging'], scope: 'my_department' },
  { id: 'leader_approvals', role: 'leader', label: { zh: '待审批', en: 'Approvals' }, states: ['extension_pending', 'hang_pending'], scope: 'all' },
];

export const QUEUE_BY_ID: ReadonlyMap<string, QueueDef> = new Map(QUEUES.map((q) => [q.id, q]));
