// Muck trucks in the console: the trucks with their live positions, sites, permits (准运证;
// admins add them), alarms with their track as evidence, and any truck's track for a day.
import { Type, type Static } from 'typebox';
import { bboxOfPoints } from '../../base/geo/index.js';
import { badRequest, notFound } from '../../runtime/errors.js';
import { authorize, type GridhallApp } from '../../server/authorize.js';
import type { CountyContext } from '../../server/context.js';
import { withErrors } from '../../server/schemas.js';

const HHMM = '^([01]\\d|2[0-3]):[0-5]\\d$|^24:00$';
const PermitBody = Type.Object(
  {
    code: Type.String({ minLength: 1, maxLength: 40 }),
    plate: Type.String({ minLength: 1, maxLength: 16 }),
    originSiteId: Type.Integer({ minimum: 1 }),
    disposalSiteId: Type.Integer({ minimum: 1 }),
    corridor: Type.Array(Type.Tuple([Type.Number({ minimum: -180, maximum: 180 }), Type.Number({ minimum: -90, maximum: 90 })]), { minItems: 2, maxItems: 5000 }),
    bufferM: Type.Number({ minimum: 5, maximum: 2000 }),
    validFrom: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }),
    validTo: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }),
    dayStart: Type.String({ pattern: HHMM }),
    dayEnd: Type.String({ pattern: HHMM }),
    maxSpeedKmh: Type.Number({ minimum: 5, maximum: 120 }),
  },
  { additionalProperties: false },
);
const TruckBody = Type.Object(
  {
    plate: Type.String({ minLength: 1, maxLength: 16 }),
    phone: Type.String({ pattern: '^\\d{1,20}$' }),
    company: Type.Optional(Type.String({ maxLength: 80 })),
  },
  { additionalProperties: false },
);

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

export function truckRoutes(app: GridhallApp, ctx: CountyContext): void {
  const tags = ['muck trucks (渣土车)'];
  const security = [{ bearer: [] }];
  const Id = Type.Object({ id: Type.Integer({ minimum: 1 }) });

  app.get('/api/trucks', { preHandler: authorize(), schema: { tags, security, summary: 'Muck trucks with their live position, today\'s permit and open alarms' } }, async () => {
    const items = await ctx.muckTrucks.list();
    return { items, online: items.filter((t) => t.online).length };
  });

  app.post(
    '/api/trucks',
    { preHandler: authorize(['admin']), schema: { tags, security, summary: 'Register a truck and its terminal\'s phone number (终端手机号)', body: TruckBody, response: withErrors(201) } },
    async (request, reply) => {
      const body = request.body as Static<typeof TruckBody>;
      await ctx.muckTrucks.registerTruck({ plate: body.plate, phone: body.phone, company: body.company ?? null });
      reply.code(201);
      return (await ctx.muckTrucks.list()).find((t) => t.plate === body.plate);
    },
  );

  app.get('/api/trucks/sites', { preHandler: authorize(), schema: { tags, security, summary: 'Origin sites (工地) and disposal sites (消纳场)' } }, async () => ({ items: await ctx.muckTrucks.siteList() }));

  app.get('/api/trucks/permits', { preHandler: authorize(), schema: { tags, security, summary: 'Permits (准运证) with their corridors' } }, async () => ({
    items: (await ctx.muckTrucks.permitList()).map(({ corridor, west: _w, south: _s, east: _e, north: _n, ...p }) => ({ ...p, corridor: (JSON.parse(corridor) as { coordinates: [number, number][] }).coordinates })),
  }));

  app.post(
    '/api/trucks/permits',
    { preHandler: authorize(['admin']), schema: { tags, security, summary: 'Issue a permit (准运证)', body: PermitBody, response: withErrors(201) } },
    async (request, reply) => {
      const b = request.body as Static<typeof PermitBody>;
      const truck = await ctx.muckTrucks.truckByPlate(b.plate);
      if (!truck) throw badRequest(`No truck ${b.plate} (未登记的车辆)`, 'plate');
      const sites = new Map((await ctx.muckTrucks.siteList()).map((s) => [s.id, s]));
      if (sites.get(b.originSiteId)?.kind !== 'origin') throw badRequest(`Site ${b.originSiteId} is not an origin site (工地)`, 'originSiteId');
      if (sites.get(b.disposalSiteId)?.kind !== 'disposal') throw badRequest(`Site ${b.disposalSiteId} is not a disposal site (消纳场)`, 'disposalSiteId');
      if (b.validTo < b.validFrom) throw badRequest('The permit ends before it starts', 'validTo');
      const id = await ctx.muckTrucks.issuePermit({
        code: b.code, truckId: truck.id, originSiteId: b.originSiteId, disposalSiteId: b.disposalSiteId,
        corridor: JSON.stringify({ type: 'LineString', coordinates: b.corridor }), bufferM: b.bufferM, validFrom: b.validFrom, validTo: b.validTo,
        dayStartMin: minutes(b.dayStart), dayEndMin: minutes(b.dayEnd), maxSpeedKmh: b.maxSpeedKmh, ...bboxOfPoints(b.corridor),
      });
      reply.code(201);
      return { id };
    },
  );

  app.get(
    '/api/trucks/alarms',
    { preHandler: authorize(), schema: { tags, security, summary: 'Alarms opened in the last hours (default 24) and every open one', querystring: Type.Object({ hours: Type.Optional(Type.Integer({ minimum: 1, maximum: 24 * 90 })) }) } },
    async (request) => ({ items: await ctx.muckTrucks.recentAlarms(((request.query as { hours?: number }).hours ?? 24) * 3_600_000) }),
  );

  app.get('/api/trucks/alarms/:id', { preHandler: authorize(), schema: { tags, security, summary: 'An alarm and its track (evidence)', params: Id } }, async (request) => {
    const alarm = await ctx.muckTrucks.alarm((request.params as { id: number }).id);
    if (!alarm) throw notFound('No such alarm');
    return alarm;
  });

  app.get('/api/trucks/alarms/of-case/:id', { preHandler: authorize(), schema: { tags, security, summary: 'The truck alarm that filed a case, with its track', params: Id } }, async (request) => {
    const alarm = await ctx.muckTrucks.alarmOfCase((request.params as { id: number }).id);
    if (!alarm) throw notFound('No truck alarm filed this case');
    return alarm;
  });

  app.get(
    '/api/trucks/:id/track',
    {
      preHandler: authorize(),
      schema: { tags, security, summary: 'A truck\'s track on a day (default today): [lon, lat, at, speedKmh]', params: Id, querystring: Type.Object({ date: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' })) }) },
    },
    async (request) => {
      const { id } = request.params as { id: number };
      const truck = await ctx.muckTrucks.get(id);
      if (!truck) throw notFound(`No truck ${id}`);
      const { date } = request.query as { date?: string };
      const cal = ctx.calendars.calendar;
      const day = date ? cal.dayIndex(Date.parse(`${date}T12:00:00Z`)) : cal.dayIndex(ctx.clock.now());
      const from = cal.dayStart(day);
      const to = cal.dayStart(day + 1);
      return { truck: { id: truck.id, plate: truck.plate, company: truck.company }, from: new Date(from).toISOString(), to: new Date(to).toISOString(), points: await ctx.muckTrucks.track(id, from, to) };
    },
  );
}
