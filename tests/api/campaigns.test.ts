// 专项普查 / 专项整治 over HTTP on a small seeded county: a campaign over a drawn area gets one
// task per grid (each to its own inspector when they take part, the rest shared), inspectors
// see their grids in the field API, reports filed under the campaign are tagged and cover their
// grid, progress counts grids covered, problems found and closed, a closed campaign stays
// searchable, and the report comes as PDF and Excel.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CampaignDetail, CampaignSummary, FieldCampaignTask } from '../../core/contract/index.js';
import { ManualClock } from '../../core/runtime/clock.js';
import type { Actor } from '../../core/workflow/cases/workflow.js';
import { COUNTY, gridCode, pointIn, seedIntakeCounty, type SeededCounty } from '../support/intake-county.js';
import { postForm, reportForm } from '../support/intake-http.js';
import { ADMIN_PASSWORD, startTestCounty, type TestCounty } from './support.js';

const NOW = Date.parse('2026-11-18T10:00:00+08:00');
const clock = new ManualClock(NOW);
let county: TestCounty;
let seeded: SeededCounty;
let leader: string;
let inspector1: string;
let inspector2: string;
let campaign: CampaignDetail;

const CELL = 0.005;
/** Rows 0–2 of the 4×4 block: 12 grids (8 held by the two inspectors, 4 by nobody). */
const AREA = { type: 'Polygon' as const, coordinates: [[[COUNTY.west - 0.001, COUNTY.south - 0.001], [COUNTY.east + 0.001, COUNTY.south - 0.001], [COUNTY.east + 0.001, COUNTY.south + 3 * CELL - 0.001], [COUNTY.west - 0.001, COUNTY.south + 3 * CELL - 0.001], [COUNTY.west - 0.001, COUNTY.south - 0.001]]] };

beforeAll(async () => {
  county = await startTestCounty({ clock });
  seeded = await seedIntakeCounty(county.server.county.db, ADMIN_PASSWORD, NOW - 86_400_000);
  leader = await county.login('leader1');
  inspector1 = await county.login('inspector01');
  inspector2 = await county.login('inspector02');
});
afterAll(() => county.stop());

const report = (token: string, fields: Record<string, string | number>) =>
  postForm(`${county.url}/api/field/reports`, reportForm({ kind: 'event', classCode: '0102', description: '背街小巷暴露垃圾', ...fields } as never), { authorization: `Bearer ${token}` });

describe('a campaign', () => {
  it('is set up over a drawn area: one task per grid, own grids to their inspectors, the rest shared', async () => {
    const res = await county.call<CampaignDetail>('POST', '/api/campaigns', {
      token: leader,
      body: { name: '背街小巷环境卫生专项整治', kind: 'rectification', classes: ['event:0102', 'event:0103'], area: { polygon: AREA }, from: '2026-11-16', to: '2026-12-15', targets: { coverage: 90, closeRate: 80 }, inspectorIds: [seeded.users.inspector1, seeded.users.inspector2] },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    campaign = res.body;
    expect(campaign.state).toBe('active');
    expect(campaign.grids).toHaveLength(12);
    const of = (code: string) => campaign.grids.find((g) => g.code === code)!.inspectorId;
    expect([gridCode(0, 0), gridCode(1, 0), gridCode(0, 1), gridCode(1, 1)].map(of)).toEqual(Array(4).fill(seeded.users.inspector1));
    expect([gridCode(2, 0), gridCode(3, 0), gridCode(2, 1), gridCode(3, 1)].map(of)).toEqual(Array(4).fill(seeded.users.inspector2));
    expect(campaign.inspectors.map((i) => i.grids)).toEqual([6, 6]);
    expect(campaign.progress).toMatchObject({ gridsTotal: 12, gridsCovered: 0, coverage: 0, found: 0, closed: 0, closeRate: null, met: { coverage: false, closeRate: false } });
  });

  it('refuses a bad set-up with the field named', async () => {
    const base = { name: '空', kind: 'survey', classes: ['event:0102'], area: { grids: [gridCode(0, 0)] }, from: '2026-11-16', to: '2026-11-30', targets: { coverage: 100, closeRate: 100 }, inspectorIds: [seeded.users.inspector1] };
    const bad = async (body: object) => (await county.call<{ field: string }>('POST', '/api/campaigns', { token: leader, body: { ...base, ...body } })).body.field;
    expect(await bad({ classes: ['event:9999'] })).toBe('classes/0');
    expect(await bad({ area: { grids: ['990101001001099'] } })).toBe('area/grids/0');
    expect(await bad({ from: '2026-12-01', to: '2026-11-01' })).toBe('to');
    expect(await bad({ inspectorIds: [seeded.users.acceptor] })).toBe('inspectorIds/0');
    expect(await bad({ area: { polygon: { type: 'Polygon', coordinates: [[[100, 10], [100.1, 10], [100.1, 10.1], [100, 10]]] } } })).toBe('area');
    expect((await county.call('POST', '/api/campaigns', { token: inspector1, body: base })).status).toBe(403);
  });

  it('gives each inspector their grids in the field API, and tags the reports filed under it', async () => {
    const tasks = (await county.call<{ items: FieldCampaignTask[] }>('GET', '/api/field/campaigns', { token: inspector1 })).body.items;
    expect(tasks).toHaveLength(6);
    expect(tasks[0]).toMatchObject({ campaignId: campaign.id, campaignName: '背街小巷环境卫生专项整治', kind: 'rectification', coveredAt: null });
    // A report under the campaign in an own grid: tagged, and the grid is covered.
    const filed = await report(inspector1, { ...pointIn(0, 0), campaignId: campaign.id });
    expect(filed.status).toBe(201);
    // Not a class of the campaign: refused, nothing filed.
    const wrong = await report(inspector1, { ...pointIn(1, 0), classCode: '0110', campaignId: campaign.id });
    expect(wrong.status).toBe(400);
    expect(wrong.body.field).toBe('classCode');
    // A report without the campaign is not tagged.
    expect((await report(inspector1, { ...pointIn(1, 1) })).status).toBe(201);
    // A grid walked with nothing to report; another's grid cannot be marked.
    expect((await county.call('POST', `/api/field/campaigns/${campaign.id}/grids/${gridCode(1, 0)}/done`, { token: inspector1 })).status).toBe(200);
    expect((await county.call('POST', `/api/field/campaigns/${campaign.id}/grids/${gridCode(1, 0)}/done`, { token: inspector2 })).status).toBe(404);
    const detail = (await county.call<CampaignDetail>('GET', `/api/campaigns/${campaign.id}`, { token: leader })).body;
    expect(detail.cases.map((c) => c.id)).toEqual([filed.body.case.id]);
    expect(detail.progress).toMatchObject({ gridsCovered: 2, coverage: 16.67, found: 1, closed: 0, closeRate: 0 });
    expect(detail.grids.find((g) => g.code === gridCode(0, 0))).toMatchObject({ found: 1, closed: 0 });
    expect(detail.inspectors.find((i) => i.id === seeded.users.inspector1)).toMatchObject({ covered: 2, found: 1 });

    // The tagged case goes through the workflow to 结案: the campaign counts it closed.
    const ctx = county.server.county;
    await ctx.settings.set('workflow', { ...await ctx.settings.get('workflow'), photoRequiredOnDispose: false }, clock.now(), null);
    const id = filed.body.case.id as number;
    const actor = async (userId: number): Promise<Actor> => ({ id: userId, roles: await ctx.authStore.rolesOf(userId), departmentId: (await ctx.authStore.userById(userId))!.departmentId });
    const act = async (action: string, userId: number, extra = {}) => {
      clock.advance(60_000);
      await ctx.workflow.act(id, action, { version: (await ctx.cases.get(id))!.version, comment: '同意', ...extra }, await actor(userId));
    };
    await act('accept', seeded.users.acceptor);
    await act('register', seeded.users.leader);
    if ((await ctx.cases.get(id))!.state === 'registered') await act('dispatch', seeded.users.dispatcher, { departmentId: seeded.departments.sanitation });
    await act('dispose', seeded.users.sanitation);
    await act('send_check', seeded.users.acceptor, { assigneeId: seeded.users.inspector1 });
    await act('check_pass', seeded.users.inspector1);
    await act('close', seeded.users.leader);
    expect((await ctx.cases.get(id))!.state).toBe('closed');
    const after = (await county.call<CampaignDetail>('GET', `/api/campaigns/${campaign.id}`, { token: leader })).body;
    expect(after.progress).toMatchObject({ found: 1, closed: 1, closeRate: 100, met: { closeRate: true, coverage: false } });
  });

  it('reports as PDF and Excel', async () => {
    const pdf = await fetch(`${county.url}/api/campaigns/${campaign.id}/report.pdf`, { headers: { authorization: `Bearer ${leader}` } });
    expect(pdf.status).toBe(200);
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
    const xlsx = await fetch(`${county.url}/api/campaigns/${campaign.id}/report.xlsx`, { headers: { authorization: `Bearer ${leader}` } });
    expect(xlsx.status).toBe(200);
    expect(Buffer.from(await xlsx.arrayBuffer()).subarray(0, 2).toString()).toBe('PK');
  });

  it('once closed, gives no more tasks and stays searchable', async () => {
    expect((await county.call<CampaignDetail>('POST', `/api/campaigns/${campaign.id}/close`, { token: leader })).body.state).toBe('closed');
    expect((await county.call<{ items: FieldCampaignTask[] }>('GET', '/api/field/campaigns', { token: inspector1 })).body.items).toEqual([]);
    expect((await report(inspector1, { ...pointIn(0, 1), campaignId: campaign.id })).status).toBe(400);
    const found = (await county.call<{ total: number; items: CampaignSummary[] }>('GET', '/api/campaigns?q=背街小巷', { token: leader })).body;
    expect(found.items.map((c) => [c.name, c.state])).toEqual([['背街小巷环境卫生专项整治', 'closed']]);
    expect((await county.call<{ total: number }>('GET', '/api/campaigns?q=背街小巷&open=true', { token: leader })).body.total).toBe(0);
  });
});
