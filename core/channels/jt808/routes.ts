// Muck trucks in the console: the trucks with their live positions, sites, permits (准运证;
// admins add them), alarms with their track as evidence, and any truck's track for a day.
import { bboxOfPoints } from '../../base/geo/index.js';
import { badRequest, notFound } from '../../runtime/errors.js';
import type { GridhallApp } from '../../server/authorize.js';
import type { CountyContext } from '../../server/context.js';
import { route } from '../../server/route.js';

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

export function truckRoutes(app: GridhallApp, ctx: CountyContext): void {
  route(app, 'trucks.list', async () => {
    const items = await ctx.muckTrucks.list();
    return { items, online: items.filter((t) => t.online).length };
  });

  route(app, 'trucks.register', async (request, reply) => {
    const body = request.body;
    await ctx.muckTrucks.registerTruck({ plate: body.plate, phone: body.phone, company: body.company ?? null });
    const truck = (await ctx.muckTrucks.list()).find((t) => t.plate === body.plate);
    if (!truck) throw notFound(`Truck ${body.plate} was not registered`);
    return reply.code(201).send(truck);
  });

  route(app, 'trucks.sites', async () => ({ items: await ctx.muckTrucks.siteList() }));

  route(app, 'trucks.permits', async () => ({
    items: (await ctx.muckTrucks.permitList()).map(({ corridor, west: _w, south: _s, east: _e, north: _n, ...p }) => ({ ...p, corridor: (JSON.parse(corridor) as { coordinates: [number, number][] }).coordinates })),
  }));

  route(app, 'trucks.issuePermit', async (request, reply) => {
    const b = request.body;
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
    return reply.code(201).send({ id });
  });

  route(app, 'trucks.alarms', async (request) => ({ items: await ctx.muckTrucks.recentAlarms((request.query.hours ?? 24) * 3_600_000) }));

  route(app, 'trucks.alarm', async (request) => {
    const alarm = await ctx.muckTrucks.alarm(request.params.id);
    if (!alarm) throw notFound('No such alarm');
    return alarm;
  });

  route(app, 'trucks.alarmOfCase', async (request) => {
    const alarm = await ctx.muckTrucks.alarmOfCase(request.params.id);
    if (!alarm) throw notFound('No truck alarm filed this case');
    return alarm;
  });

  route(app, 'trucks.track', async (request) => {
    const { id } = request.params;
    const truck = await ctx.muckTrucks.get(id);
    if (!truck) throw notFound(`No truck ${id}`);
    const { date } = request.query;
    const cal = ctx.calendars.calendar;
    const day = date ? cal.dayIndex(Date.parse(`${date}T12:00:00Z`)) : cal.dayIndex(ctx.clock.now());
    const from = cal.dayStart(day);
    const to = cal.dayStart(day + 1);
    return { truck: { id: truck.id, plate: truck.plate, company: truck.company }, from: new Date(from).toISOString(), to: new Date(to).toISOString(), points: await ctx.muckTrucks.track(id, from, to) };
  });
}
