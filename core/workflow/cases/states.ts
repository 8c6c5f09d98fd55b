// Case (案卷) states. DOMAIN.md §3.3 gives the canonical machine; names here are Gridhall's.
import type { Stage } from '../limits/index.js';

export const CASE_STATES = [
  'reported', // 待受理
  'verifying', // 待核实
  'accepted', // 已受理·待立案
  'not_accepted', // 不予受理
  'not_registered', // 不予立案
  'registered', // 已立案·待派遣
  'dispatched', // 已派遣·处置中
  'return_pending', // 回退待审批
  'extension_pending', // 延期待审批
  'hang_pending', // 挂账待审批
  'hanging', // 挂账: suspended; the clock stops
  'disposed', // 处置完成·待核查
  'checking', // 核查中
  'checked', // 核查通过·待结案
  'rework', // 返工: back to the same department
  'self_review', // 自行处置·待审核
  'closed', // 已结案
  'void', // 作废
] as const;

export type CaseState = (typeof CASE_STATES)[number];

export const TERMINAL_STATES: ReadonlySet<CaseState> = new Set(['not_accepted', 'not_registered', 'closed', 'void']);

export const STATE_LABELS: Record<CaseState, { zh: string; en: string }> = {
  reported: { zh: '待受理', en: 'Reported' },
  verifying: { zh: '待核实', en: 'Verifying' },
  accepted: { zh: '待立案', en: 'Accepted' },
  not_accepted: { zh: '不予受理', en: 'Not accepted' },
  not_registered: { zh: '不予立案', en: 'Not registered' },
  registered: { zh: '待派遣', en: 'Registered' },
  dispatched: { zh: '处置中', en: 'Dispatched' },
  return_pending: { zh: '回退待审批', en: 'Return requested' },
  extension_pending: { zh: '延期待审批', en: 'Extension requested' },
  hang_pending: { zh: '挂账待审批', en: 'Suspension requested' },
  hanging: { zh: '挂账', en: 'Suspended' },
  disposed: { zh: '待核查', en: 'Disposed' },
  checking: { zh: '核查中', en: 'Checking' },
  checked: { zh: '待结案', en: 'Checked' },
  rework: { zh: '返工', en: 'Rework' },
  self_review: { zh: '自处置待审核', en: 'Self-handled, in review' },
  closed: { zh: '已结案', en: 'Closed' },
  void: { zh: '作废', en: 'Void' },
};

/** Which per-step limit a state runs under (dispatched and rework run under the disposal limit). */
export const STATE_STAGE: Partial<Record<CaseState, Stage>> = {
  reported: 'accept',
  verifying: 'verify',
  accepted: 'register',
  registered: 'dispatch',
  dispatched: 'dispose',
  rework: 'dispose',
  return_pending: 'dispose',
  extension_pending: 'dispose',
  hang_pending: 'dispose',
  checking: 'check',
  disposed: 'check',
  checked: 'close',
  self_review: 'close',
};

/** States in which the disposal clock runs (挂账 stops it). */
export const DISPOSAL_CLOCK_STATES: ReadonlySet<CaseState> = new Set(['dispatched', 'rework', 'return_pending', 'extension_pending', 'hang_pending']);
