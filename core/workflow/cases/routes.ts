// The case API: intake, queries and queues, one REST action per transition, the duplicate
// hint and the workflow table the console reads to offer only the allowed actions.
import type { RoleCode, SessionUser } from '../../contract/index.js';
import { badRequest, notFound } from '../../runtime/errors.js';
import { SOURCES, type CaseSource } from '../../channels/intake/index.js';
import type { GridhallApp } from '../../server/authorize.js';
import type { CountyContext } from '../../server/context.js';
import { route } from '../../server/route.js';
import { QUEUES, QUEUE_BY_ID } from './queues.js';
import { STATE_WORKFLOW_STAGE, WORKFLOW_STAGES } from './stages.js';
import { CASE_STATES, STATE_LABELS, TERMINAL_STATES, type CaseState } from './states.js';
import type { CaseFilter, CaseRow } from './store.js';
import { TRANSITIONS, TRANSITION_BY_ACTION } from './transitions.js';
import { attachmentView, caseView, eventView } from './view.js';
import type { Actor } from './workflow.js';


/** Which sources each role may file under; the first is its default. */
const SOURCES_BY_ROLE: Partial<Record<RoleCode, CaseSource[]>> = {
  inspector: ['inspector', 'self'],
  acceptor: ['hotline', 'citizen', 'video', 'leader', 'media', 'iot', 'open311'],
  shift_leader: ['leader', 'media', 'video', 'hotline'],
  dispatcher: ['video'],
  leader: ['leader'],
};

function actorOf(user: SessionUser): Actor {
  return { id: user.id, roles: user.roles, departmentId: user.departmentId };
}

function parseStates(raw: string | undefined): CaseState[] | undefined {
  if (!raw) return undefined;
  const states = raw.split(',').map((s) => s.trim()).filter(Boolean);
  for (const s of states) if (!(CASE_STATES as readonly string[]).includes(s)) throw badRequest(`Unknown state "${s}"`, 'state');
  return states as CaseState[];
}

function parseTime(raw: string | undefined, field: string): number | undefined {
  if (raw === undefined) return undefined;
  const ms = Date.parse(raw);
  if (Number.isNaN(ms)) throw badRequest(`${field} is not a date-time`, field);
  return ms;
}

export function caseRoutes(app: GridhallApp, ctx: CountyContext): void {
  const view = (row: CaseRow, viewer: { roles: readonly RoleCode[] }) => caseView(row, ctx.calendars.calendar, ctx.clock.now(), viewer);

  route(app, 'cases.workflow', async () => ({
      stages: WORKFLOW_STAGES.map((s, i) => ({ id: s.id, index: i + 1, name: s.name, short: s.short, limitStages: s.limitStages, states: CASE_STATES.filter((x) => STATE_WORKFLOW_STAGE[x] === s.id) })),
      states: CASE_STATES.map((s) => ({ state: s, label: STATE_LABELS[s], terminal: TERMINAL_STATES.has(s), stage: STATE_WORKFLOW_STAGE[s] })),
      // What the console needs of each transition (its guard and effects stay in core).
      transitions: TRANSITIONS.map(({ action, label, from, to, roles, requires, accepts }) => ({ action, label, from, to, roles, requires, ...(accepts ? { accepts } : {}) })),
      queues: QUEUES,
      sources: SOURCES,
      sourcesByRole: SOURCES_BY_ROLE,
  }));

  route(app, 'cases.create', async (request, reply) => {
      const user = request.user!;
      const body = request.body;
      const allowed = user.roles.flatMap((r) => SOURCES_BY_ROLE[r] ?? []);
      const source = body.source ?? (body.selfHandled ? 'self' : allowed[0]);
      if (!source || !allowed.includes(source)) {
        throw badRequest(`Your roles may not file cases from source "${body.source}"`, 'source');
      }
      const selfHandled = body.selfHandled === true || source === 'self';
      if (selfHandled && !user.roles.includes('inspector')) throw badRequest('Only inspectors file self-handled cases (自行处置)', 'selfHandled');
      if (selfHandled && !body.photoIds?.length) throw badRequest('A self-handled report needs a photo of the result (自行处置须附处置后照片)', 'photoIds');
      const change = await ctx.intake.report({ ...body, source, selfHandled }, actorOf(user));
      return reply.status(201).send({ case: view(change.case, request.user!) });
  });

  route(app, 'cases.list', async (request) => {
      const q = request.query;
      const user = request.user!;
      const filter: CaseFilter = {
        states: parseStates(q.state),
        kind: q.kind,
        classCode: q.classCode,
        departmentId: q.departmentId,
        gridCode: q.gridCode,
        source: q.source,
        from: parseTime(q.from, 'from'),
        to: parseTime(q.to, 'to'),
        overdue: q.overdue,
        urgent: q.urgent,
        text: q.q?.trim() || undefined,
      };
      if (filter.from !== undefined && filter.to !== undefined && filter.from > filter.to) throw badRequest('from is after to', 'from');
      if (q.queue) {
        const queue = QUEUE_BY_ID.get(q.queue);
        if (!queue) throw badRequest(`Unknown queue "${q.queue}"`, 'queue');
        filter.states = queue.states;
        if (queue.scope === 'assigned_to_me') filter.assigneeId = user.id;
        if (queue.scope === 'my_department') filter.departmentId = user.departmentId ?? -1;
      }
      // A department sees only its own cases.
      if (user.roles.length === 1 && user.roles[0] === 'department') filter.departmentId = user.departmentId ?? -1;
      const { total, rows } = await ctx.cases.list(filter, q.limit ?? 50, q.offset ?? 0);
      return { total, items: rows.map((r) => view(r, request.user!)) };
  });

  route(app, 'cases.queues', async (request) => {
      const user = request.user!;
      return (await Promise.all(QUEUES.filter((queue) => user.roles.includes(queue.role)).map(async (queue) => {
        const filter: CaseFilter = { states: queue.states };
        if (queue.scope === 'assigned_to_me') filter.assigneeId = user.id;
        if (queue.scope === 'my_department') filter.departmentId = user.departmentId ?? -1;
        return { id: queue.id, role: queue.role, label: queue.label, count: (await ctx.cases.list(filter, 1, 0)).total };
      })));
  });

  route(app, 'cases.duplicates', async (request) => {
      const { kind, classCode, lon, lat } = request.query;
      const radius = (await ctx.settings.get('duplicate')).radiusM;
      const dLat = radius / 111_320;
      const dLon = radius / (111_320 * Math.cos((lat * Math.PI) / 180));
      const near = await ctx.cases.openOfClassIn(kind, classCode, lon - dLon, lat - dLat, lon + dLon, lat + dLat, [...TERMINAL_STATES]);
      const withDistance = near
        .map((c) => ({ c, m: Math.hypot(((c.lon! - lon) * 111_320 * Math.cos((lat * Math.PI) / 180)), (c.lat! - lat) * 111_320) }))
        .filter((x) => x.m <= radius)
        .sort((a, b) => a.m - b.m);
      return { radiusM: radius, items: withDistance.map((x) => ({ ...view(x.c, request.user!), distanceM: Math.round(x.m) })) };
  });

  route(app, 'cases.get', async (request) => {
      const { id } = request.params;
      const row = await ctx.cases.get(id);
      if (!row) throw notFound(`No case with id ${id} (案卷不存在)`);
      const user = request.user!;
      if (user.roles.length === 1 && user.roles[0] === 'department' && row.departmentId !== user.departmentId) {
        throw notFound(`No case with id ${id} (案卷不存在)`);
      }
      return {
        case: view(row, request.user!),
        events: (await ctx.cases.events(id)).map(eventView),
        attachments: (await ctx.cases.attachmentsOfCase(id)).map(attachmentView),
        actions: (await ctx.workflow.allowedActions(row, actorOf(user))).map((t) => ({ action: t.action, label: t.label, requires: t.requires, accepts: t.accepts ?? [] })),
      };
  });

  route(app, 'cases.act', async (request) => {
    const { id, action } = request.params;
    const t = TRANSITION_BY_ACTION.get(action.replaceAll('-', '_'));
    if (!t) throw notFound(`No action ${action}`);
    const change = await ctx.workflow.act(id, t.action, request.body, actorOf(request.user!));
    return { case: view(change.case, request.user!), events: change.events.map(eventView) };
  });
}
