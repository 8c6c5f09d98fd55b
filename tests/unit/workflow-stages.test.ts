// The seven stages (CJJ/T 106-2010, DOMAIN.md §3.1) by their standard names, beside the short
// labels, and where a case is among them as it moves.
import { afterEach, describe, expect, it } from 'vitest';
import { stageOf, WORKFLOW_STAGES, workflowStageOfLimit } from '../../core/workflow/cases/stages.js';
import { CASE_STATES } from '../../core/workflow/cases/states.js';
import { caseView } from '../../core/workflow/cases/view.js';
import { workflowFixture, type WorkflowFixture } from '../support/workflow-fixture.js';

let f: WorkflowFixture | undefined;
afterEach(async () => {
  await f?.close();
  f = undefined;
});

describe('the seven stages', () => {
  it('carry the standard names in order, with the short labels beside them', () => {
    expect(WORKFLOW_STAGES.map((s) => s.name.zh)).toEqual(['信息收集', '案卷建立', '任务派遣', '任务处理', '处理反馈', '核实结案', '综合评价']);
    expect(WORKFLOW_STAGES.map((s) => s.short.zh)).toEqual(['信息收集', '立案', '派遣', '处置', '反馈', '核查结案', '综合评价']);
  });

  it('hold every case state, and every per-step limit in exactly one stage', () => {
    for (const state of CASE_STATES) expect(stageOf(state).index).toBeGreaterThanOrEqual(1);
    expect((['accept', 'verify', 'register', 'dispatch', 'dispose', 'check', 'close'] as const).map(workflowStageOfLimit)).toEqual([
      'collect', 'collect', 'file', 'dispatch', 'dispose', 'close', 'close',
    ]);
  });

  it('follow a case: reported 信息收集 → registered 任务派遣 → dispatched 任务处理 → disposed 处理反馈 → closed 核实结案', async () => {
    const fx = (f = await workflowFixture());
    await fx.settings.set('workflow', { ...await fx.settings.get('workflow'), photoRequiredOnDispose: false }, fx.clock.now(), null);
    const id = (await fx.workflow.report(fx.newCase(), fx.actors.inspector)).case.id;
    const seen: string[] = [];
    const look = async () => {
      const v = caseView((await fx.cases.get(id))!, fx.calendars.calendar, fx.clock.now());
      seen.push(`${v.stage.index} ${v.stage.name.zh}（${v.stage.short.zh}）`);
    };
    const act = async (action: string, actor: (typeof fx.actors)[keyof typeof fx.actors], extra = {}) => {
      fx.clock.advance(1000);
      await fx.workflow.act(id, action, { version: (await fx.cases.get(id))!.version, comment: '意见', ...extra }, actor);
      await look();
    };
    await look();
    await act('accept', fx.actors.acceptor);
    await act('register', fx.actors.shiftLeader);
    await act('dispatch', fx.actors.dispatcher, { departmentId: fx.departments.sanitation });
    await act('dispose', fx.actors.sanitation);
    await act('send_check', fx.actors.acceptor);
    await act('check_pass', fx.actors.inspector);
    await act('close', fx.actors.shiftLeader);
    expect(seen).toEqual([
      '1 信息收集（信息收集）',
      '2 案卷建立（立案）',
      '3 任务派遣（派遣）',
      '4 任务处理（处置）',
      '5 处理反馈（反馈）',
      '6 核实结案（核查结案）',
      '6 核实结案（核查结案）',
      '6 核实结案（核查结案）',
    ]);
  });
});
