// The case API: intake, queries and queues, one REST action per transition, the duplicate
// hint and the workflow table the console reads to offer only the allowed actions.
import { Type, type Static } from 'typebox';
import type { RoleCode, SessionUser } from '../../contract/index.js';
import { badRequest, notFound } from '../../runtime/errors.js';
import { SOURCES, type CaseSource } from '../../channels/intake/service.js';
import { authorize, type GridhallApp } from '../../server/authorize.js';
import { CASE_FILERS } from '../../contract/roles.js';
import type { CountyContext } from '../../server/context.js';
import { withErrors } from '../../server/schemas.js';
import { QUEUES, QUEUE_BY_ID } from './queues.js';
import { STATE_WORKFLOW_STAGE, WORKFLOW_STAGES } from './stages.js';
import { CASE_STATES, STATE_LABELS, TERMINAL_STATES, type CaseState } from './states.js';
import type { CaseFilter, CaseRow } from './store.js';
import { TRANSITIONS } from './transitions.js';
import { attachmentView, caseView, eventView } from './view.js';
import type { Actor } from './workflow.js';


const CaseBody = Type.Object(
  {
    kind: Type.Union([Type.Literal('component'), Type.Literal('event')]),
    classCode: Type.String({ pattern: '^[0-9]{4,5}$' }),
    description: Type.String({ maxLength: 4000 }),
    source: Type.Optional(Type.Union(SOURCES.map((s) => Type.Literal(s)))),
    // Ranges are checked by the intake, which can tell swapped coordinates from wrong ones.
    lon: Type.Optional(Type.Number()),
    lat: Type.Optional(Type.Number()),
    address: Type.Optional(Type.String({ maxLength: 256 })),
    componentId: Type.Optional(Type.String({ pattern: '^[0-9]{16,17}$' })),
    urgent: Type.Optional(Type.Boolean()),
    selfHandled: Type.Optional(Type.Boolean()),
    reporterName: Type.Optional(Type.String({ maxLength: 64 })),
    reporterContact: Type.Optional(Type.String({ maxLength: 64 })),
    photoIds: Type.Optional(Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 9 })),
  },
  { additionalProperties: false },
);

const ActionBody = Type.Object(
  {
    version: Type.Integer({ minimum: 1 }),
    comment: Type.Optional(Type.String({ maxLength: 2000 })),
    departmentId: Type.Optional(Type.Integer({ minimum: 1 })),
    extension: Type.Optional(
      Type.Object(
        {
          value: Type.Number({ exclusiveMinimum: 0, maximum: 1000 }),
          unit: Type.Union([Type.Literal('work_hours'), Type.Literal('work_days'), Type.Literal('hours'), Type.Literal('days')]),
        },
        { additionalProperties: false },
      ),
    ),
    photoIds: Type.Optional(Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 9 })),
    assigneeId: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);

const ListQuery = Type.Object(
  {
    state: Type.Optional(Type.String({ description: 'comma-separated states' })),
    queue: Type.Optional(Type.String()),
    kind: Type.Optional(Type.Union([Type.Literal('component'), Type.Literal('event')])),
    classCode: Type.Optional(Type.String({ pattern: '^[0-9]{4,5}$' })),
    departmentId: Type.Optional(Type.Integer({ minimum: 1 })),
    gridCode: Type.Optional(Type.String({ pattern: '^[0-9]{15}$' })),
    source: Type.Optional(Type.String()),
    from: Type.Optional(Type.String({ format: 'date-time' })),
    to: Type.Optional(Type.String({ format: 'date-time' })),
    overdue: Type.Optional(Type.Boolean()),
    urgent: Type.Optional(Type.Boolean()),
    q: Type.Optional(Type.String({ maxLength: 100 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
  },
  { additionalProperties: false },
);

const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });

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
  const view = (row: CaseRow) => caseView(row, ctx.calendars.calendar, ctx.clock.now());

  app.get(
    '/api/workflow',
    { preHandler: authorize(), schema: { tags: ['cases'], summary: 'States, transitions and queues of the workflow', security: [{ bearer: [] }] } },
    async () => ({
      stages: WORKFLOW_STAGES.map((s, i) => ({ id: s.id, index: i + 1, name: s.name, short: s.short, limitStages: s.limitStages, states: CASE_STATES.filter((x) => STATE_WORKFLOW_STAGE[x] === s.id) })),
      states: CASE_STATES.map((s) => ({ state: s, label: STATE_LABELS[s], terminal: TERMINAL_STATES.has(s), stage: STATE_WORKFLOW_STAGE[s] })),
      transitions: TRANSITIONS,
      queues: QUEUES,
      sources: SOURCES,
      sourcesByRole: SOURCES_BY_ROLE,
    }),
  );

  app.post(
    '/api/cases',
    {
      preHandler: authorize(CASE_FILERS),
      schema: { tags: ['cases'], summary: 'File a new case (信息收集)', security: [{ bearer: [] }], body: CaseBody, response: withErrors(201) },
    },
    async (request, reply) => {
      const user = request.user!;
      const body = request.body as Static<typeof CaseBody>;
      const allowed = user.roles.flatMap((r) => SOURCES_BY_ROLE[r] ?? []);
      const source = body.source ?? (body.selfHandled ? 'self' : allowed[0]);
      if (!source || !allowed.includes(source)) {
        throw badRequest(`Your roles may not file cases from source "${body.source}"`, 'source');
      }
      const selfHandled = body.selfHandled === true || source === 'self';
      if (selfHandled && !user.roles.includes('inspector')) throw badRequest('Only inspectors file self-handled cases (自行处置)', 'selfHandled');
      if (selfHandled && !body.photoIds?.length) throw badRequest('A self-handled report needs a photo of the result (自行处置须附处置后照片)', 'photoIds');
      const change = await ctx.intake.report({ ...body, source, selfHandled }, actorOf(user));
      return reply.status(201).send({ case: view(change.case) });
    },
  );

  app.get(
    '/api/cases',
    { preHandler: authorize(), schema: { tags: ['cases'], summary: 'Cases with filters and paging', security: [{ bearer: [] }], querystring: ListQuery, response: withErrors(200) } },
    async (request) => {
      const q = request.query as Static<typeof ListQuery>;
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
      return { total, items: rows.map(view) };
    },
  );

  app.get(
    '/api/cases/queues',
    { preHandler: authorize(), schema: { tags: ['cases'], summary: "The signed-in user's work queues with counts", security: [{ bearer: [] }] } },
    async (request) => {
      const user = request.user!;
      return await Promise.all(
        QUEUES.filter((queue) => user.roles.includes(queue.role)).map(async (queue) => {
          const filter: CaseFilter = { states: queue.states };
          if (queue.scope === 'assigned_to_me') filter.assigneeId = user.id;
          if (queue.scope === 'my_department') filter.departmentId = user.departmentId ?? -1;
          return { id: queue.id, role: queue.role, label: queue.label, count: (await ctx.cases.list(filter, 1, 0)).total };
        }),
      );
    },
  );

  app.get(
    '/api/cases/duplicates',
    {
      preHandler: authorize(),
      schema: {
        tags: ['cases'],
        summary: 'Open cases of the same class near a point (shown before filing)',
        security: [{ bearer: [] }],
        querystring: Type.Object({
          kind: Type.Union([Type.Literal('component'), Type.Literal('event')]),
          classCode: Type.String({ pattern: '^[0-9]{4,5}$' }),
          lon: Type.Number({ minimum: -180, maximum: 180 }),
          lat: Type.Number({ minimum: -90, maximum: 90 }),
        }),
      },
    },
    async (request) => {
      const { kind, classCode, lon, lat } = request.query as { kind: 'component' | 'event'; classCode: string; lon: number; lat: number };
      const radius = (await ctx.settings.get('duplicate')).radiusM;
      const dLat = radius / 111_320;
      const dLon = radius / (111_320 * Math.cos((lat * Math.PI) / 180));
      const near = await ctx.cases.openOfClassIn(kind, classCode, lon - dLon, lat - dLat, lon + dLon, lat + dLat, [...TERMINAL_STATES]);
      const withDistance = near
        .map((c) => ({ c, m: Math.hypot(((c.lon! - lon) * 111_320 * Math.cos((lat * Math.PI) / 180)), (c.lat! - lat) * 111_320) }))
        .filter((x) => x.m <= radius)
        .sort((a, b) => a.m - b.m);
      return { radiusM: radius, items: withDistance.map((x) => ({ ...view(x.c), distanceM: Math.round(x.m) })) };
    },
  );

  app.get(
    '/api/cases/:id',
    { preHandler: authorize(), schema: { tags: ['cases'], summary: 'A case with its timeline, photos and the actions open to you', security: [{ bearer: [] }], params: IdParams, response: withErrors(200) } },
    async (request) => {
      const { id } = request.params as Static<typeof IdParams>;
      const row = await ctx.cases.get(id);
      if (!row) throw notFound(`No case with id ${id} (案卷不存在)`);
      const user = request.user!;
      if (user.roles.length === 1 && user.roles[0] === 'department' && row.departmentId !== user.departmentId) {
        throw notFound(`No case with id ${id} (案卷不存在)`);
      }
      return {
        case: view(row),
        events: (await ctx.cases.events(id)).map(eventView),
        attachments: (await ctx.cases.attachmentsOfCase(id)).map(attachmentView),
        actions: (await ctx.workflow.allowedActions(row, actorOf(user))).map((t) => ({ action: t.action, label: t.label, requires: t.requires, accepts: t.accepts ?? [] })),
      };
    },
  );

  for (const t of TRANSITIONS) {
    app.post(
      `/api/cases/:id/${t.action.replaceAll('_', '-')}`,
      {
        preHandler: authorize(),
        schema: {
          tags: ['case actions'],
          summary: `${t.label.zh} (${t.label.en})`,
          description: `From ${t.from === 'any_open' ? 'any open state' : t.from.join(', ')} to ${t.to}. Roles: ${t.roles.join(', ')}. Requires: ${t.requires.join(', ') || 'nothing more'}.${t.accepts?.length ? ` Accepts: ${t.accepts.join(', ')}.` : ''}`,
          security: [{ bearer: [] }],
          params: IdParams,
          body: ActionBody,
          response: withErrors(200),
        },
      },
      async (request) => {
        const { id } = request.params as Static<typeof IdParams>;
        const change = await ctx.workflow.act(id, t.action, request.body as Static<typeof ActionBody>, actorOf(request.user!));
        return { case: view(change.case), events: change.events.map(eventView) };
      },
    );
  }
}
