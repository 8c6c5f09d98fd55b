// 专项普查 / 专项整治 over the API: setting one up, the list (closed ones too, searchable), a
// campaign's progress and its report (PDF, Excel), closing it; and the inspectors' side in the
// field API: their campaign grids, and a grid marked walked.
import { Type, type Static } from 'typebox';
import { CASE_FILERS, INSPECTORS, VIEWERS } from '../contract/roles.js';
import { authorize, type GridhallApp } from '../server/authorize.js';
import type { CountyContext } from '../server/context.js';
import { withErrors } from '../server/schemas.js';
import type { CampaignInput } from '../contract/campaigns.js';
import { campaignPdf, campaignXlsx } from './report.js';

const strict = { additionalProperties: false };
const DATE = '^[0-9]{4}-[0-9]{2}-[0-9]{2}$';
const Polygon = Type.Object({ type: Type.Literal('Polygon'), coordinates: Type.Array(Type.Array(Type.Array(Type.Number(), { minItems: 2, maxItems: 3 }), { minItems: 4, maxItems: 1000 }), { minItems: 1, maxItems: 20 }) }, strict);
const CampaignBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 60 }),
    kind: Type.Union([Type.Literal('survey'), Type.Literal('rectification')]),
    description: Type.Optional(Type.Union([Type.String({ maxLength: 2000 }), Type.Null()])),
    classes: Type.Array(Type.String({ maxLength: 20 }), { minItems: 1, maxItems: 50 }),
    area: Type.Union([Type.Object({ grids: Type.Array(Type.String({ pattern: '^[0-9]{15}$' }), { minItems: 1, maxItems: 20_000 }) }, strict), Type.Object({ polygon: Polygon }, strict)]),
    from: Type.String({ pattern: DATE }),
    to: Type.String({ pattern: DATE }),
    targets: Type.Object({ coverage: Type.Integer({ minimum: 1, maximum: 100 }), closeRate: Type.Integer({ minimum: 1, maximum: 100 }) }, strict),
    inspectorIds: Type.Array(Type.Integer({ minimum: 1 }), { minItems: 1, maxItems: 500 }),
  },
  strict,
);
const ListQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 60 })),
  open: Type.Optional(Type.Boolean()),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
});
const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
/** Who runs campaigns: the centre's shift leaders and leaders, and the administrator. */
const ORGANISERS = ['shift_leader', 'dispatcher', 'leader', 'admin'] as const;

export function campaignRoutes(app: GridhallApp, ctx: CountyContext): void {
  const tags = ['campaigns (专项)'];
  const security = [{ bearer: [] }];
  const offset = async () => (await ctx.settings.get('calendar')).utcOffsetMinutes;
  const countyName = async () => (await ctx.county.get())?.name ?? '';

  app.get('/api/campaigns', { preHandler: authorize([...VIEWERS, ...CASE_FILERS]), schema: { tags, security, summary: 'Campaigns, newest first; q searches names and descriptions; closed ones included unless open=true', querystring: ListQuery, response: withErrors(200) } }, async (request) => {
    const q = request.query as Static<typeof ListQuery>;
    return await ctx.campaigns.list(q.q?.trim() || null, q.open ?? false, q.limit ?? 50, q.offset ?? 0);
  });

  app.post('/api/campaigns', { preHandler: authorize(ORGANISERS), schema: { tags, security, summary: 'Set up a campaign: classes, area, window, targets, inspectors (tasks per grid)', body: CampaignBody, response: withErrors(201) } }, async (request, reply) => {
    const id = await ctx.campaigns.create(request.body as Static<typeof CampaignBody> as CampaignInput, request.user!.id);
    return reply.status(201).send(await ctx.campaigns.detail(id));
  });

  app.get('/api/campaigns/:id', { preHandler: authorize([...VIEWERS, ...CASE_FILERS]), schema: { tags, security, summary: 'A campaign with its progress, inspectors, grids and cases', params: IdParams, response: withErrors(200) } }, async (request) =>
    await ctx.campaigns.detail((request.params as { id: number }).id),
  );

  app.post('/api/campaigns/:id/close', { preHandler: authorize(ORGANISERS), schema: { tags, security, summary: 'Close a campaign (it stays searchable)', params: IdParams, response: withErrors(200) } }, async (request) => {
    const id = (request.params as { id: number }).id;
    await ctx.campaigns.close(id, request.user!.id);
    return await ctx.campaigns.detail(id);
  });

  app.get('/api/campaigns/:id/report.pdf', { preHandler: authorize(VIEWERS), schema: { tags, security, summary: 'The campaign report as PDF', params: IdParams } }, async (request, reply) => {
    const detail = await ctx.campaigns.detail((request.params as { id: number }).id);
    const pdf = await campaignPdf(detail, await countyName(), new Date(ctx.clock.now()), await offset());
    return reply.header('content-type', 'application/pdf').header('content-disposition', `attachment; filename="campaign-${detail.id}.pdf"; filename*=UTF-8''${encodeURIComponent(`专项报告-${detail.name}.pdf`)}`).send(pdf);
  });

  app.get('/api/campaigns/:id/report.xlsx', { preHandler: authorize(VIEWERS), schema: { tags, security, summary: 'The campaign report as an Excel workbook', params: IdParams } }, async (request, reply) => {
    const detail = await ctx.campaigns.detail((request.params as { id: number }).id);
    const xlsx = await campaignXlsx(detail, await countyName(), await offset());
    return reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="campaign-${detail.id}.xlsx"; filename*=UTF-8''${encodeURIComponent(`专项报告-${detail.name}.xlsx`)}`)
      .send(xlsx);
  });

  // 城管通: the inspector's campaign grids, and a grid marked walked (巡查完成).
  app.get('/api/field/campaigns', { preHandler: authorize(INSPECTORS), schema: { tags: ['field (城管通)'], security, summary: 'My grids in the campaigns running now', response: withErrors(200) } }, async (request) => ({
    items: await ctx.campaigns.tasksOf(request.user!.id),
  }));

  app.post(
    '/api/field/campaigns/:id/grids/:gridCode/done',
    { preHandler: authorize(INSPECTORS), schema: { tags: ['field (城管通)'], security, summary: 'Mark my campaign grid walked (巡查完成)', params: Type.Object({ id: Type.Integer({ minimum: 1 }), gridCode: Type.String({ pattern: '^[0-9]{15}$' }) }), response: withErrors(200) } },
    async (request) => {
      const p = request.params as { id: number; gridCode: string };
      return await ctx.campaigns.markCovered(p.id, p.gridCode, request.user!.id);
    },
  );
}
