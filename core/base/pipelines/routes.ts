// 地下管线 in the console: the network for the wall, a pipe's or a well's attributes, what lies
// under a place or a case (pipes within a distance and their owners), and the pipes under a
// manhole cover or its sensor.
import { Type } from 'typebox';
import { notFound } from '../../runtime/errors.js';
import { authorize, type GridhallApp } from '../../server/authorize.js';
import type { CountyContext } from '../../server/context.js';

const Radius = Type.Optional(Type.Number({ minimum: 1, maximum: 500, default: 50 }));

export function pipelineRoutes(app: GridhallApp, ctx: CountyContext): void {
  const tags = ['pipelines (地下管线)'];
  const security = [{ bearer: [] }];
  const Id = Type.Object({ id: Type.Integer({ minimum: 1 }) });

  app.get('/api/pipelines/wall', { preHandler: authorize(), schema: { tags, security, summary: 'The whole network shaped for drawing: pipes [id, kind, diameter mm, depth m, flat lon/lat] and wells [id, kind, lon, lat, depth m]' } }, async () =>
    await ctx.pipelines.wallPack(),
  );

  app.get(
    '/api/pipelines/near',
    { preHandler: authorize(), schema: { tags, security, summary: 'Pipes and wells within a distance of a point (default 50 m), nearest first, with their owners', querystring: Type.Object({ lon: Type.Number({ minimum: -180, maximum: 180 }), lat: Type.Number({ minimum: -90, maximum: 90 }), radius: Radius }) } },
    async (request) => {
      const { lon, lat, radius } = request.query as { lon: number; lat: number; radius?: number };
      return { radiusM: radius ?? 50, ...await ctx.pipelines.near(lon, lat, radius ?? 50) };
    },
  );

  app.get(
    '/api/pipelines/near-case/:id',
    { preHandler: authorize(), schema: { tags, security, summary: 'Pipes within a distance of a case\'s place (default 50 m) and their owners', params: Id, querystring: Type.Object({ radius: Radius }) } },
    async (request) => {
      const c = await ctx.cases.get((request.params as { id: number }).id);
      if (!c) throw notFound('No such case');
      const radius = (request.query as { radius?: number }).radius ?? 50;
      if (c.lon === null || c.lat === null) return { radiusM: radius, pipes: [], owners: [], wells: [] };
      return { radiusM: radius, ...await ctx.pipelines.near(c.lon, c.lat, radius) };
    },
  );

  app.get('/api/pipelines/:id', { preHandler: authorize(), schema: { tags, security, summary: 'A pipe\'s attributes', params: Id } }, async (request) => {
    const pipe = await ctx.pipelines.pipe((request.params as { id: number }).id);
    if (!pipe) throw notFound('No such pipe');
    return pipe;
  });

  app.get('/api/pipelines/wells/:id', { preHandler: authorize(), schema: { tags, security, summary: 'A well (检查井), its cover and the pipes it opens onto', params: Id } }, async (request) => {
    const well = await ctx.pipelines.well((request.params as { id: number }).id);
    if (!well) throw notFound('No such well');
    const sensors = well.componentId ? (await ctx.sensors.onComponent(well.componentId)).map((s) => ({ id: s.id, code: s.code, name: s.name })) : [];
    return { ...well, sensors };
  });

  app.get(
    '/api/pipelines/of-component/:id',
    { preHandler: authorize(), schema: { tags, security, summary: 'The well under a manhole-cover component and its pipes', params: Type.Object({ id: Type.String({ pattern: '^\\d{16,17}$' }) }) } },
    async (request) => {
      const found = await ctx.pipelines.ofComponent((request.params as { id: string }).id);
      if (!found) throw notFound('No well under this component');
      return found;
    },
  );

  app.get('/api/pipelines/of-sensor/:id', { preHandler: authorize(), schema: { tags, security, summary: 'The pipes under a sensor\'s manhole cover', params: Id } }, async (request) => {
    const sensor = await ctx.sensors.registered((request.params as { id: number }).id);
    if (!sensor) throw notFound('No such sensor');
    const found = sensor.componentId ? await ctx.pipelines.ofComponent(sensor.componentId) : undefined;
    if (found) return { sensor: { id: sensor.id, code: sensor.code, name: sensor.name }, ...found };
    // A sensor without a cover component: the nearest well within 5 m.
    const near = (await ctx.pipelines.near(sensor.lon, sensor.lat, 5)).wells[0];
    if (!near) throw notFound('No well under this sensor');
    return { sensor: { id: sensor.id, code: sensor.code, name: sensor.name }, well: near, pipes: await ctx.pipelines.pipesOfWell(near) };
  });
}
