// 地下管线 in the console: the network for the wall, a pipe's or a well's attributes, what lies
// under a place or a case (pipes within a distance and their owners), and the pipes under a
// manhole cover or its sensor.
import { notFound } from '../../runtime/errors.js';
import type { GridhallApp } from '../../server/authorize.js';
import type { CountyContext } from '../../server/context.js';
import { route } from '../../server/route.js';

export function pipelineRoutes(app: GridhallApp, ctx: CountyContext): void {
  route(app, 'pipelines.wall', async () => ctx.pipelines.wallPack());

  route(app, 'pipelines.near', async (request) => {
    const { lon, lat, radius = 50 } = request.query;
    return { radiusM: radius, ...await ctx.pipelines.near(lon, lat, radius) };
  });

  route(app, 'pipelines.nearCase', async (request) => {
    const c = await ctx.cases.get(request.params.id);
    if (!c) throw notFound('No such case');
    const radius = request.query.radius ?? 50;
    if (c.lon === null || c.lat === null) return { radiusM: radius, pipes: [], owners: [], wells: [] };
    return { radiusM: radius, ...await ctx.pipelines.near(c.lon, c.lat, radius) };
  });

  route(app, 'pipelines.get', async (request) => {
    const pipe = await ctx.pipelines.pipe(request.params.id);
    if (!pipe) throw notFound('No such pipe');
    return pipe;
  });

  route(app, 'pipelines.well', async (request) => {
    const well = await ctx.pipelines.well(request.params.id);
    if (!well) throw notFound('No such well');
    const sensors = well.componentId ? (await ctx.sensors.onComponent(well.componentId)).map((s) => ({ id: s.id, code: s.code, name: s.name })) : [];
    return { ...well, sensors };
  });

  route(app, 'pipelines.ofComponent', async (request) => {
    const found = await ctx.pipelines.ofComponent(request.params.id);
    if (!found) throw notFound('No well under this component');
    return found;
  });

  route(app, 'pipelines.ofSensor', async (request) => {
    const sensor = await ctx.sensors.registered(request.params.id);
    if (!sensor) throw notFound('No such sensor');
    const found = sensor.componentId ? await ctx.pipelines.ofComponent(sensor.componentId) : undefined;
    if (found) return { sensor: { id: sensor.id, code: sensor.code, name: sensor.name }, ...found };
    // A sensor without a cover component: the nearest well within 5 m.
    const near = (await ctx.pipelines.near(sensor.lon, sensor.lat, 5)).wells[0];
    if (!near) throw notFound('No well under this sensor');
    return { sensor: { id: sensor.id, code: sensor.code, name: sensor.name }, well: near, pipes: await ctx.pipelines.pipesOfWell(near) };
  });
}
