// 专项普查 / 专项整治: setting one up, the list, a campaign's progress and report, closing it; and
// the inspectors' side in the field API (their campaign grids, a grid marked walked).
import { Type } from 'typebox';
import { CampaignDetail, CampaignInput, CampaignSummary, FieldCampaignTask } from '../campaigns.js';
import { IdParams } from '../common.js';
import { Binary, endpoint } from '../endpoint.js';
import { CASE_FILERS, INSPECTORS, VIEWERS } from '../roles.js';

const tag = 'campaigns (专项)';
/** Who reads campaigns: the centre's staff and whoever files cases. */
const READERS = [...new Set([...VIEWERS, ...CASE_FILERS])];
/** Who runs campaigns: the centre's shift leaders, dispatchers and leaders, and the administrator. */
const ORGANISERS = ['shift_leader', 'dispatcher', 'leader', 'admin'] as const;

export const campaignEndpoints = {
  'campaigns.list': endpoint({
    method: 'GET', path: '/api/campaigns', access: READERS, tag, summary: 'Campaigns, newest first; q searches names and descriptions; closed ones included unless open=true',
    query: Type.Object({
      q: Type.Optional(Type.String({ maxLength: 60 })),
      open: Type.Optional(Type.Boolean()),
      limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
      offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
    }),
    responses: { 200: Type.Object({ total: Type.Number(), items: Type.Array(CampaignSummary) }) },
  }),
  'campaigns.create': endpoint({
    method: 'POST', path: '/api/campaigns', access: ORGANISERS, tag, summary: 'Set up a campaign: classes, area, window, targets, inspectors (tasks per grid)',
    body: CampaignInput,
    responses: { 201: CampaignDetail },
  }),
  'campaigns.get': endpoint({
    method: 'GET', path: '/api/campaigns/:id', access: READERS, tag, summary: 'A campaign with its progress, inspectors, grids and cases',
    params: IdParams,
    responses: { 200: CampaignDetail },
  }),
  'campaigns.close': endpoint({
    method: 'POST', path: '/api/campaigns/:id/close', access: ORGANISERS, tag, summary: 'Close a campaign (it stays searchable)',
    params: IdParams,
    responses: { 200: CampaignDetail },
  }),
  'campaigns.reportPdf': endpoint({
    method: 'GET', path: '/api/campaigns/:id/report.pdf', access: VIEWERS, tag, summary: 'The campaign report as PDF',
    params: IdParams,
    responses: { 200: Binary('application/pdf') },
  }),
  'campaigns.reportXlsx': endpoint({
    method: 'GET', path: '/api/campaigns/:id/report.xlsx', access: VIEWERS, tag, summary: 'The campaign report as an Excel workbook',
    params: IdParams,
    responses: { 200: Binary('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet') },
  }),
  'field.campaigns': endpoint({
    method: 'GET', path: '/api/field/campaigns', access: INSPECTORS, tag: 'field (城管通)', summary: 'My grids in the campaigns running now',
    responses: { 200: Type.Object({ items: Type.Array(FieldCampaignTask) }) },
  }),
  'field.campaignGridDone': endpoint({
    method: 'POST', path: '/api/field/campaigns/:id/grids/:gridCode/done', access: INSPECTORS, tag: 'field (城管通)', summary: 'Mark my campaign grid walked (巡查完成)',
    params: Type.Object({ id: Type.Integer({ minimum: 1 }), gridCode: Type.String({ pattern: '^[0-9]{15}$' }) }),
    responses: { 200: Type.Object({ coveredAt: Type.String() }) },
  }),
};
