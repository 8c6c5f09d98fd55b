// Vehicles over HTTP and WebSocket: terminals (or their gateway) post position reports with a
// key of scope `vehicles`; the console reads the live positions and each day's track.
// WebSocket /api/ingest/vehicles/ws?api_key=...: each message is one report or an array of
// them (JSON); each is answered with {accepted, rejected}.
import { Type, type Static } from 'typebox';
import { AppError, notFound } from '../../runtime/errors.js';
import { keyOfRequest } from '../intake/index.js';
import { authorize, type GridhallApp } from '../../server/authorize.js';
import type { CountyContext } from '../../server/context.js';
import { withErrors } from '../../server/schemas.js';
import type { VehicleReport } from './service.js';

const Report = Type.Object(
  {
    code: Type.String({ minLength: 1, maxLength: 32 }),
    lon: Type.Number({ minimum: -180, maximum: 180 }),
    lat: Type.Number({ minimum: -90, maximum: 90 }),
    at: Type.Optional(Type.Union([Type.String({ format: 'date-time' }), Type.Integer({ minimum: 0 })])),
    speedKmh: Type.Optional(Type.Number({ minimum: 0, maximum: 300 })),
    headingDeg: Type.Optional(Type.Number({ minimum: 0, maximum: 360 })),
    crs: Type.Optional(Type.Union([Type.Literal('wgs84'), Type.Literal('cgcs2000'), Type.Literal('gcj02')])),
  },
  { additionalProperties: false },
);
const IngestBody = Type.Object({ reports: Type.Array(Report, { minItems: 1, maxItems: 1000 }) }, { additionalProperties: false });

function toReport(r: Static<typeof Report>): VehicleReport {
  return { ...r, at: typeof r.at === 'string' ? Date.parse(r.at) : r.at };
}

/** A WebSocket message as reports, or an error sentence. */
function parseMessage(text: string): VehicleReport[] | string {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return 'not JSON';
  }
  const list = Array.isArray(json) ? json : [json];
  if (list.length === 0 || list.length > 1000) return 'send 1 to 1000 reports a message';
  const reports: VehicleReport[] = [];
  for (const item of list) {
    const r = item as Record<string, unknown>;
    if (typeof r?.code !== 'string' || typeof r.lon !== 'number' || typeof r.lat !== 'number') return 'each report needs code, lon and lat';
    const at = typeof r.at === 'string' ? Date.parse(r.at) : typeof r.at === 'number' ? r.at : undefined;
    reports.push({
      code: r.code.slice(0, 32),
      lon: r.lon,
      lat: r.lat,
      at,
      speedKmh: typeof r.speedKmh === 'number' ? r.speedKmh : null,
      headingDeg: typeof r.headingDeg === 'number' ? r.headingDeg : null,
      crs: r.crs === 'gcj02' ? 'gcj02' : 'wgs84',
    });
  }
  return reports;
}

export function vehicleRoutes(app: GridhallApp, ctx: CountyContext): void {
  const tags = ['vehicles'];
  const security = [{ bearer: [] }];

  app.post(
    '/api/ingest/vehicles',
    { schema: { tags, summary: 'Position reports (X-Api-Key of scope vehicles); up to 1,000 a request', body: IngestBody, response: withErrors(200) } },
    async (request) => {
      await ctx.channelKeys.verify(keyOfRequest(request), 'vehicles');
      return await ctx.vehicles.ingest((request.body as Static<typeof IngestBody>).reports.map(toReport));
    },
  );

  app.get('/api/ingest/vehicles/ws', { websocket: true, schema: { hide: true } }, async (socket, request) => {
    try {
      await ctx.channelKeys.verify(keyOfRequest(request), 'vehicles');
    } catch (error) {
      socket.close(4403, error instanceof AppError ? error.message.slice(0, 100) : 'forbidden');
      return;
    }
    socket.on('message', (data) => void (async () => {
      const parsed = parseMessage(String(data));
      if (typeof parsed === 'string') {
        socket.send(JSON.stringify({ error: 'bad_request', message: parsed }));
        return;
      }
      try {
        socket.send(JSON.stringify(await ctx.vehicles.ingest(parsed)));
      } catch (error) {
        ctx.log.error({ err: error }, 'vehicle ingest failed');
        socket.send(JSON.stringify({ error: 'internal', message: 'ingest failed' }));
      }
    })());
  });

  app.get('/api/vehicles', { preHandler: authorize(), schema: { tags, security, summary: 'Vehicles with their live position' } }, async () => {
    const items = await ctx.vehicles.list();
    return { items, online: items.filter((v) => v.online).length };
  });

  app.get(
    '/api/vehicles/:id/track',
    {
      preHandler: authorize(),
      schema: {
        tags,
        security,
        summary: 'A vehicle\'s track on a day (default today): [lon, lat, at, speedKmh]',
        params: Type.Object({ id: Type.Integer({ minimum: 1 }) }),
        querystring: Type.Object({ date: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' })) }),
      },
    },
    async (request) => {
      const { id } = request.params as { id: number };
      const vehicle = await ctx.vehicles.get(id);
      if (!vehicle) throw notFound(`No vehicle ${id}`);
      const { date } = request.query as { date?: string };
      const cal = ctx.calendars.calendar;
      const day = date ? cal.dayIndex(Date.parse(`${date}T12:00:00Z`)) : cal.dayIndex(ctx.clock.now());
      const from = cal.dayStart(day);
      const to = cal.dayStart(day + 1);
      return { vehicle: await ctx.vehicles.view(vehicle), from: new Date(from).toISOString(), to: new Date(to).toISOString(), points: await ctx.vehicles.track(id, from, to) };
    },
  );
}
