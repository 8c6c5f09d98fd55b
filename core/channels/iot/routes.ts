// Sensors over HTTP: the ingest (a gateway posts batches with its X-Api-Key) and what the
// console reads (the sensors with their state, readings, incidents).
import { Type, type Static } from 'typebox';
import { badRequest, notFound } from '../../runtime/errors.js';
import { keyOfRequest } from '../intake/index.js';
import { authorize, type GridhallApp } from '../../server/authorize.js';
import type { CountyContext } from '../../server/context.js';
import { withErrors } from '../../server/schemas.js';

const IngestBody = Type.Object(
  {
    readings: Type.Array(
      Type.Object(
        {
          // A device's code: printable, not blank, no control or bidi characters.
          code: Type.String({ minLength: 1, maxLength: 32, pattern: '^(?=.*\\S)[^\\u0000-\\u001f\\u007f-\\u009f\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069]+$' }),
          // No sensor reads beyond a billion of its unit: a larger value is a broken gateway.
          value: Type.Number({ minimum: -1e9, maximum: 1e9 }),
          at: Type.Optional(Type.Union([Type.String({ format: 'date-time' }), Type.Integer({ minimum: 0 })])),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 5000 },
    ),
  },
  { additionalProperties: false },
);

const RangeQuery = Type.Object({ from: Type.Optional(Type.String({ format: 'date-time' })), to: Type.Optional(Type.String({ format: 'date-time' })) });

export function iotRoutes(app: GridhallApp, ctx: CountyContext): void {
  const tags = ['sensors (物联网)'];
  const security = [{ bearer: [] }];

  app.post(
    '/api/ingest/sensors',
    { schema: { tags, summary: 'Readings from a gateway (X-Api-Key of scope sensors); up to 5,000 a request', body: IngestBody, response: withErrors(200) } },
    async (request) => {
      await ctx.channelKeys.verify(keyOfRequest(request), 'sensors');
      const { readings } = request.body as Static<typeof IngestBody>;
      return await ctx.sensors.ingest(readings.map((r) => ({ code: r.code, value: r.value, at: typeof r.at === 'string' ? Date.parse(r.at) : r.at })));
    },
  );

  app.get('/api/sensors', { preHandler: authorize(), schema: { tags, security, summary: 'Sensors with their state, last value, thresholds and open incident' } }, async () => {
    const items = await ctx.sensors.list();
    return { items, alarms: items.filter((s) => s.status === 'alarm').length, offline: items.filter((s) => s.status === 'offline').length };
  });

  app.get(
    '/api/sensors/incidents',
    { preHandler: authorize(), schema: { tags, security, summary: 'Incidents, newest first', querystring: Type.Object({ open: Type.Optional(Type.Boolean()) }) } },
    async (request) => {
      const { open } = request.query as { open?: boolean };
      return {
        items: await Promise.all((await ctx.sensors.incidents(open === true)).map(async (i) => ({
          ...i,
          startedAt: new Date(i.startedAt).toISOString(),
          endedAt: i.endedAt === null ? null : new Date(i.endedAt).toISOString(),
          caseNo: i.caseId === null ? null : ((await ctx.cases.get(i.caseId))?.caseNo ?? null),
        }))),
      };
    },
  );

  app.get(
    '/api/sensors/:id/readings',
    { preHandler: authorize(), schema: { tags, security, summary: 'A sensor\'s readings (default: the last 24 hours)', params: Type.Object({ id: Type.Integer({ minimum: 1 }) }), querystring: RangeQuery } },
    async (request) => {
      const { id } = request.params as { id: number };
      const q = request.query as Static<typeof RangeQuery>;
      const sensor = await ctx.sensors.get(id);
      if (!sensor) throw notFound(`No sensor ${id}`);
      const to = q.to ? Date.parse(q.to) : ctx.clock.now() + 1;
      const from = q.from ? Date.parse(q.from) : to - 86_400_000;
      if (from > to) throw badRequest('from is after to', 'from');
      return { sensor, readings: await ctx.sensors.readings(id, from, to) };
    },
  );
}
