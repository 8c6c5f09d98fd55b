// The seven stages of 数字城管 work (CJJ/T 106-2010; DOMAIN.md §3.1), each with its standard
// name and the short label the console used before. A case state belongs to one stage; the
// per-step time limits (limits/defaults.ts) fall inside them. 综合评价 holds no case state:
// it is the evaluation of the other six.
import type { Stage as LimitStage } from '../limits/index.js';
import type { CaseState } from './states.js';

export const WORKFLOW_STAGES = [
  { id: 'collect', name: { zh: '信息收集', en: 'Information collection' }, short: { zh: '信息收集', en: 'Collect' }, limitStages: ['accept', 'verify'] },
  { id: 'file', name: { zh: '案卷建立', en: 'Case filing' }, short: { zh: '立案', en: 'Register' }, limitStages: ['register'] },
  { id: 'dispatch', name: { zh: '任务派遣', en: 'Task dispatch' }, short: { zh: '派遣', en: 'Dispatch' }, limitStages: ['dispatch'] },
  { id: 'dispose', name: { zh: '任务处理', en: 'Task handling' }, short: { zh: '处置', en: 'Dispose' }, limitStages: ['dispose'] },
  { id: 'feedback', name: { zh: '处理反馈', en: 'Handling feedback' }, short: { zh: '反馈', en: 'Feedback' }, limitStages: [] },
  { id: 'close', name: { zh: '核实结案', en: 'Verification and closing' }, short: { zh: '核查结案', en: 'Check & close' }, limitStages: ['check', 'close'] },
  { id: 'evaluate', name: { zh: '综合评价', en: 'Evaluation' }, short: { zh: '综合评价', en: 'Evaluate' }, limitStages: [] },
] as const satisfies readonly { id: string; name: { zh: string; en: string }; short: { zh: string; en: string }; limitStages: readonly LimitStage[] }[];

export type WorkflowStageId = (typeof WORKFLOW_STAGES)[number]['id'];

/** Which stage a case in each state is at (a closed or voided case has finished 核实结案). */
export const STATE_WORKFLOW_STAGE: Record<CaseState, WorkflowStageId> = {
  reported: 'collect',
  verifying: 'collect',
  accepted: 'file',
  not_accepted: 'collect',
  not_registered: 'file',
  registered: 'dispatch',
  dispatched: 'dispose',
  return_pending: 'dispose',
  extension_pending: 'dispose',
  hang_pending: 'dispose',
  hanging: 'dispose',
  rework: 'dispose',
  self_review: 'close',
  disposed: 'feedback',
  checking: 'close',
  checked: 'close',
  closed: 'close',
  void: 'close',
};

/** The stage a state is at, with its position (1–7), standard name and short label. */
export function stageOf(state: CaseState): { id: WorkflowStageId; index: number; name: { zh: string; en: string }; short: { zh: string; en: string } } {
  const index = WORKFLOW_STAGES.findIndex((s) => s.id === STATE_WORKFLOW_STAGE[state]);
  const s = WORKFLOW_STAGES[index]!;
  return { id: s.id, index: index + 1, name: s.name, short: s.short };
}

/** The limit stages' place among the seven (受理 and 核实 are 信息收集; 核查 and 结案 are 核实结案). */
export function workflowStageOfLimit(stage: LimitStage): WorkflowStageId {
  return WORKFLOW_STAGES.find((s) => (s.limitStages as readonly LimitStage[]).includes(stage))!.id;
}
