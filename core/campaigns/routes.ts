// 专项普查 / 专项整治 over the API: setting one up, the list (closed ones too, searchable), a
// campaign's progress and its report (PDF, Excel), closing it; and the inspectors' side in the
// field API: their campaign grids, and a grid marked walked.
import type { GridhallApp } from '../server/authorize.js';
import type { CountyContext } from '../server/context.js';
import { route } from '../server/route.js';
import { campaignPdf, campaignXlsx } from './report.js';

export function campaignRoutes(app: GridhallApp, ctx: CountyContext): void {
  const offset = async () => (await ctx.settings.get('calendar')).utcOffsetMinutes;
  const countyName = async () => (await ctx.county.get())?.name ?? '';

  route(app, 'campaigns.list', async (request) => {
    const q = request.query;
    return ctx.campaigns.list(q.q?.trim() || null, q.open ?? false, q.limit ?? 50, q.offset ?? 0);
  });

  route(app, 'campaigns.create', async (request, reply) => {
    const id = await ctx.campaigns.create(request.body, request.user!.id);
    return reply.status(201).send(await ctx.campaigns.detail(id));
  });

  route(app, 'campaigns.get', async (request) => ctx.campaigns.detail(request.params.id));

  route(app, 'campaigns.close', async (request) => {
    const id = request.params.id;
    await ctx.campaigns.close(id, request.user!.id);
    return ctx.campaigns.detail(id);
  });

  route(app, 'campaigns.reportPdf', async (request, reply) => {
    const detail = await ctx.campaigns.detail(request.params.id);
    const pdf = await campaignPdf(detail, await countyName(), new Date(ctx.clock.now()), await offset());
    return reply.header('content-type', 'application/pdf').header('content-disposition', `attachment; filename="campaign-${detail.id}.pdf"; filename*=UTF-8''${encodeURIComponent(`专项报告-${detail.name}.pdf`)}`).send(pdf);
  });

  route(app, 'campaigns.reportXlsx', async (request, reply) => {
    const detail = await ctx.campaigns.detail(request.params.id);
    const xlsx = await campaignXlsx(detail, await countyName(), await offset());
    return reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="campaign-${detail.id}.xlsx"; filename*=UTF-8''${encodeURIComponent(`专项报告-${detail.name}.xlsx`)}`)
      .send(xlsx);
  });

  // 城管通: the inspector's campaign grids, and a grid marked walked (巡查完成).
  route(app, 'field.campaigns', async (request) => ({ items: await ctx.campaigns.tasksOf(request.user!.id) }));

  route(app, 'field.campaignGridDone', async (request) => ctx.campaigns.markCovered(request.params.id, request.params.gridCode, request.user!.id));
}
