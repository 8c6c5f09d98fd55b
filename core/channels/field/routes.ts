// 城管通: the inspectors' field API (reports with photos and GPS, their 核实/核查 tasks, GPS
// track uploads) and the centre's view of where every inspector is. Answering a task uses
// the case action routes (/api/cases/:id/verify-confirm, check-pass, ...).
import type { GridRow } from '../../base/grids/index.js';
import type { FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { caseView } from '../../workflow/cases/index.js';
import type { Actor } from '../../workflow/cases/index.js';
import type { RoleCode, SessionUser } from '../../contract/index.js';
import { badRequest, notFound } from '../../runtime/errors.js';
import { classFields, placeFields, readMultipart } from '../intake/index.js';
import { inertOptional, inertText } from '../intake/index.js';
import { authorize, type GridhallApp } from '../../server/authorize.js';
import { INSPECTORS, VIEWERS } from '../../contract/roles.js';
import type { CountyContext } from '../../server/context.js';
import { ErrorSchema, withErrors } from '../../server/schemas.js';

const TrackBody = Type.Object(
  {
    points: Type.Array(
      Type.Object(
        {
          at: Type.String({ format: 'date-time' }),
          lon: Type.Number({ minimum: -180, maximum: 180 }),
          lat: Type.Number({ minimum: -90, maximum: 90 }),
          accuracyM: Type.Optional(Type.Number({ minimum: 0, maximum: 10_000 })),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 500 },
    ),
  },
  { additionalProperties: false },
);

const DateQuery = Type.Object({ date: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' })) });
const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });

const actorOf = (user: SessionUser): Actor => ({ id: user.id, roles: user.roles, departmentId: user.departmentId });

export function fieldRoutes(app: GridhallApp, ctx: CountyContext): void {
  const tags = ['field (城管通)'];
  const security = [{ bearer: [] }];
  const inspector = authorize(INSPECTORS);
  const view = (row: Parameters<typeof caseView>[0], viewer: { roles: readonly RoleCode[] }) => caseView(row, ctx.calendars.calendar, ctx.clock.now(), viewer);

  /** The local day [start, end) of a YYYY-MM-DD date, today by default. */
  const dayRange = (date: string | undefined): [number, number] => {
    const cal = ctx.calendars.calendar;
    const day = date ? cal.dayIndex(Date.parse(`${date}T12:00:00Z`)) : cal.dayIndex(ctx.clock.now());
    return [cal.dayStart(day), cal.dayStart(day + 1)];
  };

  app.post(
    '/api/field/track',
    { preHandler: inspector, schema: { tags, security, summary: 'Upload GPS fixes (a batch, e.g. after being offline)', body: TrackBody, response: withErrors(200) } },
    async (request) => {
      const { points } = request.body as Static<typeof TrackBody>;
      return await ctx.field.record(request.user!.id, points.map((p) => ({ at: Date.parse(p.at), lon: p.lon, lat: p.lat, accuracyM: p.accuracyM ?? null })));
    },
  );

  app.post(
    '/api/field/reports',
    {
      preHandler: inspector,
      schema: {
        tags,
        security,
        summary: 'Report from the field (multipart: kind, classCode, description, lon, lat, accuracyM, address, componentId, selfHandled, urgent, clientRef, campaignId; photos)',
        consumes: ['multipart/form-data'],
        response: { ...withErrors(201), 413: ErrorSchema, 415: ErrorSchema },
      },
    },
    async (request, reply) => {
      const user = request.user!;
      const { fields, photos } = await readMultipart(request, { maxPhotos: 9, maxPhotoBytes: 10 * 1024 * 1024 });
      const { kind, classCode } = classFields(fields);
      const { lon, lat } = placeFields(fields);
      const selfHandled = fields.selfHandled === 'true' || fields.selfHandled === '1';
      const clientRef = inertOptional(fields.clientRef, 'clientRef', 64);
      const componentId = inertOptional(fields.componentId, 'componentId', 17);
      if (componentId !== null && !/^\d{16,17}$/.test(componentId)) throw badRequest('componentId must be 16 or 17 digits', 'componentId');
      if (selfHandled && photos.length === 0) throw badRequest('A self-handled report needs a photo of the result (自行处置须附处置后照片)', 'photo');
      if (fields.accuracyM !== undefined && fields.accuracyM !== '') {
        const accuracy = Number(fields.accuracyM);
        if (!(Number.isFinite(accuracy) && accuracy >= 0 && accuracy <= 10_000)) throw badRequest('accuracyM must be metres from 0 to 10000 (定位精度无效)', 'accuracyM');
      }
      // 专项: a report filed under a running campaign the inspector takes part in, of one of its classes, is tagged.
      const campaignId = fields.campaignId ? Number(fields.campaignId) : null;
      if (campaignId !== null && !(Number.isInteger(campaignId) && campaignId > 0)) throw badRequest('campaignId must be a campaign id', 'campaignId');
      if (campaignId !== null) await ctx.campaigns.checkReport(campaignId, user.id, kind, classCode);
      const done = await ctx.submissions.submit(
        {
          source: selfHandled ? 'self' : 'inspector',
          kind,
          classCode,
          description: inertText(fields.description ?? '', 'description', 4000),
          lon,
          lat,
          address: inertOptional(fields.address, 'address', 200),
          componentId,
          urgent: fields.urgent === 'true',
          selfHandled,
        },
        photos,
        { channel: 'inspector', userId: user.id, clientRef },
        actorOf(user),
      );
      if (campaignId !== null) await ctx.campaigns.tagReport(campaignId, done.change.case.id, done.change.case.gridCode, user.id);
      // Where the report was made is where the inspector stood.
      if (!done.replay && lon !== undefined && lat !== undefined) {
        const accuracy = Number(fields.accuracyM);
        await ctx.field.record(user.id, [{ at: ctx.clock.now(), lon, lat, accuracyM: Number.isFinite(accuracy) ? accuracy : null }]);
      }
      return reply.status(done.replay ? 200 : 201).send({ case: view(done.change.case, request.user!), replay: done.replay });
    },
  );

  app.get('/api/field/tasks', { preHandler: inspector, schema: { tags, security, summary: 'My 核实 and 核查 tasks, nearest first' } }, async (request) => {
    const user = request.user!;
    const last = await ctx.field.last(user.id);
    const withDistance = async (state: 'verifying' | 'checking') =>
      (await ctx.cases
        .list({ states: [state], assigneeId: user.id }, 200, 0))
        .rows.map((row) => ({
          ...view(row, request.user!),
          distanceM: last && row.lon !== null && row.lat !== null ? Math.round(Math.hypot((row.lon - last.lon) * 111_320 * Math.cos((last.lat * Math.PI) / 180), (row.lat - last.lat) * 111_320)) : null,
        }))
        .sort((a, b) => (a.distanceM ?? Infinity) - (b.distanceM ?? Infinity));
    return { verify: await withDistance('verifying'), check: await withDistance('checking') };
  });

  app.get('/api/field/me', { preHandler: inspector, schema: { tags, security, summary: 'My grids (with their outlines), my last fix, my shift' } }, async (request) => {
    const user = request.user!;
    const status = await ctx.field.statusOf(user.id, { username: user.username, displayName: user.displayName });
    const grids: GridRow[] = [];
    for (const code of status.grids) {
      const g = await ctx.grids.get(code);
      if (g) grids.push(g);
    }
    return { ...status, gridOutlines: grids.map((g) => ({ code: g.code, geometry: JSON.parse(g.geometry) as unknown })) };
  });

  app.get(
    '/api/field/inspectors',
    { preHandler: authorize(VIEWERS), schema: { tags, security, summary: 'Every inspector: last fix, on shift, online, outside their grids' } },
    async () => {
      const items = await ctx.field.all();
      return { items, outOfGrid: items.filter((i) => i.outOfGrid).length, online: items.filter((i) => i.online).length };
    },
  );

  app.get(
    '/api/field/inspectors/:id/track',
    { preHandler: authorize(VIEWERS), schema: { tags, security, summary: 'An inspector\'s track on a day (default today)', params: IdParams, querystring: DateQuery } },
    async (request: FastifyRequest) => {
      const { id } = request.params as Static<typeof IdParams>;
      if (!(await ctx.inspectors.inspectorUsers()).some((u) => u.id === id)) throw notFound(`No inspector ${id}`);
      const [from, to] = dayRange((request.query as Static<typeof DateQuery>).date);
      const points = await ctx.field.track(id, from, to);
      return { userId: id, from: new Date(from).toISOString(), to: new Date(to).toISOString(), points: points.map((p) => [p.lon, p.lat, p.at, p.inOwnGrid ? 1 : 0]) };
    },
  );
}
