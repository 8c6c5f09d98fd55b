// Replays the demo county's planned year through the real workflow engine, so every case
// of the demo history has a trail that `gridhall verify` accepts, deadlines from the
// county's own time limits and calendar, and overdue flags set the way the server sets them.
import type { AuthStore } from '../base/people/index.js';
import type { Actor, Workflow } from '../workflow/cases/index.js';
import type { SettingsStore } from '../workflow/settings/index.js';
import type { PlannedAction, PlannedCase } from './history.js';

/** The ids the generator gave usernames and department codes, and the dictionary in use. */
export interface HistoryIds {
  userId: ReadonlyMap<string, number>;
  departmentId: ReadonlyMap<string, number>;
  standardId: string;
}

/** Planned sources → the workflow's sources. */
const SOURCE: Record<PlannedCase['source'], string> = {
  inspector: 'inspector',
  hotline: 'hotline',
  app: 'citizen',
  video: 'video',
  iot: 'iot',
  leader: 'leader',
  media: 'media',
};


export interface ReplayDeps {
  workflow: Workflow;
  auth: AuthStore;
  settings: SettingsStore;
}

/** What the replay wrote; `stopped` lists planned cases the workflow refused a step of (a plan defect). */
export interface ReplayResult {
  cases: number;
  events: number;
  stopped: string[];
}

export async function replayHistory(deps: ReplayDeps, plan: readonly PlannedCase[], ids: HistoryIds, onProgress?: (fraction: number) => void): Promise<ReplayResult> {
  const actors = new Map<string, Actor>();
  const actorOf = async (username: string | null): Promise<Actor> => {
    if (username === null) return { id: null, roles: ['system'], departmentId: null };
    let actor = actors.get(username);
    if (!actor) {
      const id = ids.userId.get(username);
      const user = id === undefined ? undefined : await deps.auth.userById(id);
      if (!user) throw new Error(`demo history names an unknown user ${username}`);
      actor = { id: user.id, roles: await deps.auth.rolesOf(user.id), departmentId: user.departmentId };
      actors.set(username, actor);
    }
    return actor;
  };
  const departmentOf = (data: Record<string, unknown> | null): number => {
    const code = data?.department;
    const id = typeof code === 'string' ? ids.departmentId.get(code) : undefined;
    if (id === undefined) throw new Error(`demo history dispatches to an unknown department ${String(code)}`);
    return id;
  };

  // Disposal photos are a rule for people; the demo's planned disposals carry none.
  const workflowSettings = await deps.settings.get('workflow');
  await deps.settings.set('workflow', { ...workflowSettings, photoRequiredOnDispose: false }, 0, null);
  let events = 0;
  const stopped: string[] = [];
  try {
    const ordered = [...plan].sort((a, b) => a.reportedAt - b.reportedAt);
    for (const [k, planned] of ordered.entries()) {
      const replayed = await replayCase(deps.workflow, planned, ids.standardId, actorOf, departmentOf);
      events += replayed.events;
      // A step the workflow refuses is a defect of the plan, not a reason to leave a county
      // without a demo: the case keeps the valid trail it has so far, and the caller says so.
      if (replayed.refused) stopped.push(`${planned.caseNo}: ${replayed.refused}`);
      if (onProgress && k % 500 === 0) onProgress(k / ordered.length);
    }
  } finally {
    await deps.settings.set('workflow', workflowSettings, 0, null);
  }
  return { cases: plan.length - stopped.length, events, stopped };
}

async function replayCase(
  workflow: Workflow,
  c: PlannedCase,
  standardId: string,
  actorOf: (username: string | null) => Promise<Actor>,
  departmentOf: (data: Record<string, unknown> | null) => number,
): Promise<{ events: number; refused?: string }> {
  const [first, ...rest] = c.actions;
  if (!first || first.action !== 'report') throw new Error(`planned case ${c.caseNo} does not start with a report`);
  let change: Awaited<ReturnType<Workflow['report']>>;
  try {
    change = await workflow.report(reportOf(c, standardId), await reporterActor(first, actorOf), first.at);
  } catch (error) {
    return { events: 0, refused: `report: ${error instanceof Error ? error.message : String(error)}` };
  }
  const id = change.case.id;
  let count = change.events.length;
  const act = async (action: string, a: PlannedAction, who: string | null, extra: Record<string, unknown> = {}, at = a.at) => {
    change = await workflow.act(id, action, { version: change.case.version, ...(a.comment ? { comment: a.comment } : {}), ...extra }, await actorOf(who), at);
    count += change.events.length;
  };
  for (const a of rest) {
    try {
      await step(a);
    } catch (error) {
      // Each action is its own transaction: what failed left nothing behind.
      return { events: count, refused: `${a.action} at ${new Date(a.at).toISOString()}: ${error instanceof Error ? error.message : String(error)}` };
    }
  }
  return { events: count };

  async function step(a: PlannedAction): Promise<void> {
    switch (a.action) {
      case 'send_verify':
      case 'send_check': {
        // The task goes to the inspector the plan sends to the site.
        const task = c.actions.find((x) => x.at >= a.at && x.action === (a.action === 'send_verify' ? 'verify' : 'check'));
        const assignee = task?.actor ? (await actorOf(task.actor)).id : null;
        await act(a.action, a, a.actor, assignee ? { assigneeId: assignee } : {});
        break;
      }
      case 'accept':
      case 'register':
      case 'void':
      case 'supervise':
      case 'dispose':
      case 'close':
        // A verification that found the problem already accepted the case.
        if (a.action === 'accept' && change.case.state === 'accepted') break;
        await act(a.action, a, a.actor);
        break;
      case 'verify':
        await act(a.data?.found === false ? 'verify_deny' : 'verify_confirm', a, a.actor);
        break;
      case 'not_accept':
        if (change.case.state !== 'not_accepted') await act('reject', a, a.actor);
        break;
      case 'not_register':
        await act('decline', a, a.actor);
        break;
      case 'dispatch':
        await act('dispatch', a, a.actor, { departmentId: departmentOf(a.data) });
        break;
      case 'redispatch':
        // 返工 goes back to the same department in this workflow: nothing to dispatch.
        break;
      // Requests and their decisions are separate steps: a plan cut at `now` between them
      // leaves the request waiting (待审批), as the county's history has it.
      case 'return':
        await act('return_request', a, a.actor);
        break;
      case 'extend':
        await act('extend_request', a, a.actor, { extension: { value: Number(a.data?.hours ?? 8), unit: 'work_hours' } });
        break;
      case 'hang':
        await act('hang_request', a, a.actor);
        break;
      case 'return_approve':
      case 'extend_approve':
      case 'hang_approve':
      case 'hang_resume':
        await act(a.action, a, a.actor);
        break;
      case 'check':
        await act(a.data?.passed === false ? 'check_fail' : 'check_pass', a, a.actor);
        break;
      default:
        throw new Error(`demo history has an action the workflow does not know: ${a.action}`);
    }
  }
}

/** The report that opens a planned case, as the intake channels would file it. */
function reportOf(c: PlannedCase, standardId: string): Parameters<Workflow['report']>[0] {
  return {
    kind: c.kind,
    standardId,
    classCode: c.classCode,
    source: SOURCE[c.source],
    description: c.description,
    address: c.address,
    lon: c.lon,
    lat: c.lat,
    gridCode: c.gridCode,
    communityCode: c.communityCode,
    streetCode: c.streetCode,
    componentId: c.componentId,
    urgent: c.urgent,
    selfHandled: false,
    reporterName: c.reporter.name,
    reporterContact: c.reporter.contact,
    photoIds: [],
  };
}

async function reporterActor(report: PlannedAction, actorOf: (username: string | null) => Promise<Actor>): Promise<Actor> {
  return report.actor === null ? { id: null, roles: ['system'], departmentId: null } : await actorOf(report.actor);
}
