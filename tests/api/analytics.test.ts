// The analytics API over HTTP: heatmap panels and exports, the wall's summary and grid fills,
// the evaluation with its drill-downs, settings and reports, and the 400s for bad input.
import ExcelJS from 'exceljs';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../core/workflow/cases/workflow.js';
import type { HeatmapResponse } from '../../core/contract/index.js';
import type { OpenedCounty } from '../../core/app/county.js';
import { ManualClock } from '../../core/runtime/clock.js';
import { ADMIN_PASSWORD, startTestCounty, type TestCounty } from './support.js';

let county: TestCounty;
let token: string;
let ctx: OpenedCounty;

const GRID_A = '990101001001001';
const GRID_B = '990101001002001';
const ring = (x: number, y: number) => JSON.stringify({ type: 'Polygon', coordinates: [[[x, y], [x + 0.01, y], [x + 0.01, y + 0.01], [x, y + 0.01], [x, y]]] });

/** A two-community county, four staff and two departments, straight into the database. */
async function seedCounty(): Promise<Record<'inspector' | 'acceptor' | 'leader' | 'dispatcher' | 'sanitation', Actor>> {
  await ctx.db.exec(`
    INSERT INTO county (id, admin_code, name, center_lon, center_lat, west, south, east, north, synthetic, created_at)
      VALUES (1, '990101', '测试县', 118.105, 28.405, 118.1, 28.4, 118.12, 28.41, 1, 0);
    INSERT INTO areas (code, level, parent_code, name) VALUES ('990101', 'county', NULL, '测试县'),
      ('990101001', 'street', '990101', '城关街道'), ('990101001001', 'community', '990101001', '东门社区'), ('990101001002', 'community', '990101001', '西门社区');
    INSERT INTO grids (code, community_code, area_m2, geometry, center_lon, center_lat, west, south, east, north) VALUES
      ('${GRID_A}', '990101001001', 10000, '${ring(118.1, 28.4)}', 118.105, 28.405, 118.1, 28.4, 118.11, 28.41),
      ('${GRID_B}', '990101001002', 10000, '${ring(118.11, 28.4)}', 118.115, 28.405, 118.11, 28.4, 118.12, 28.41);
    INSERT INTO departments (id, code, name, kind) VALUES (1, 'HW', '环卫处', 'department'), (2, 'SZ', '市政处', 'department'), (3, 'ZX', '监督指挥中心', 'centre');
  `);
  const user = async (username: string, roles: Actor['roles'], departmentId: number | null, grids: string[] = []): Promise<Actor> => ({
    id: await ctx.authStore.createUser({ username, displayName: username, passwordHash: 'x', roles: roles as never, departmentId, gridCodes: grids }, 0),
    roles,
    departmentId,
  });
  ctx.analytics.invalidateDimensions();
  return {
    inspector: await user('inspector1', ['inspector'], 3, [GRID_A, GRID_B]),
    acceptor: await user('acceptor1', ['acceptor'], 3),
    leader: await user('leader1', ['shift_leader'], 3),
    dispatcher: await user('dispatcher1', ['dispatcher'], 3),
    sanitation: await user('hw', ['department'], 1),
  };
}

// The server runs on a clock of its own, at 01:30 on 19 November in the county (17:30 on the
// 18th in UTC): every case below is the county's 19 November, whatever the machine's zone or hour.
const clock = new ManualClock(Date.parse('2026-11-18T17:30:00Z'));
const today = () => '2026-11-19';

beforeAll(async () => {
  county = await startTestCounty({ clock });
  ctx = county.server.county;
  token = await county.login('admin', ADMIN_PASSWORD);
  const who = await seedCounty();
  await ctx.settings.set('workflow', { ...await ctx.settings.get('workflow'), photoRequiredOnDispose: false }, clock.now(), null);
  const act = async (id: number, action: string, actor: Actor, extra: Record<string, unknown> = {}) =>
    await ctx.workflow.act(id, action, { version: (await ctx.cases.get(id))!.version, comment: '意见', ...extra }, actor);
  // Six cases in grid A (0102, four closed), two in grid B (0201, from the hotline).
  const report = async (classCode: string, grid: string, source: string) =>
    (await ctx.workflow.report(
      { kind: 'event', standardId: 'GB/T 30428.2-2013', classCode, source, description: '测试', address: grid === GRID_A ? '东门路 1 号' : '西门路 9 号', lon: grid === GRID_A ? 118.105 : 118.115, lat: 28.405, gridCode: grid, communityCode: grid.slice(0, 12), streetCode: grid.slice(0, 9), componentId: null, urgent: false, selfHandled: false, reporterName: null, reporterContact: null, photoIds: [] },
      source === 'inspector' ? who.inspector : who.acceptor,
    )).case.id;
  for (let i = 0; i < 6; i++) {
    const id = await report('0102', GRID_A, 'inspector');
    await act(id, 'accept', who.acceptor);
    await act(id, 'register', who.leader);
    await act(id, 'dispatch', who.dispatcher, { departmentId: 1 });
    if (i < 4) {
      await act(id, 'dispose', who.sanitation);
      await act(id, 'send_check', who.acceptor);
      await act(id, 'check_pass', who.inspector);
      await act(id, 'close', who.leader);
    }
  }
  for (let i = 0; i < 2; i++) await report('0201', GRID_B, 'hotline');
});

afterAll(async () => {
  await county?.stop();
});

const get = <T>(route: string) => county.call<T>('GET', route, { token });

describe('heatmap', () => {
  it('shows every case by grid, hour, day and class, and narrows when a filter changes', async () => {
    const all = await get<{ total: number; grids: { code: string; n: number }[]; classes: { key: string; name: string; n: number }[]; calendar: { n: number }[]; hourWeekday: number[][] }>(
      `/api/heatmap?from=${today()}&to=${today()}`,
    );
    expect(all.status).toBe(200);
    expect(all.body.total).toBe(8);
    expect(all.body.grids).toEqual(expect.arrayContaining([{ code: GRID_A, n: 6 }, { code: GRID_B, n: 2 }]));
    expect(all.body.classes[0]).toMatchObject({ key: 'event:0102', n: 6 });
    expect(all.body.calendar.reduce((s, d) => s + d.n, 0)).toBe(8);
    expect(all.body.hourWeekday.flat().reduce((s, n) => s + n, 0)).toBe(8);

    const big = await get<{ total: number }>(`/api/heatmap?from=${today()}&to=${today()}&classes=event:02`);
    expect(big.body.total).toBe(2);
    const open = await get<{ total: number }>(`/api/heatmap?from=${today()}&to=${today()}&states=open&sources=inspector`);
    expect(open.body.total).toBe(2);
    const community = await get<{ total: number }>(`/api/heatmap?from=${today()}&to=${today()}&area=990101001002`);
    expect(community.body.total).toBe(2);
  });

  it('lists the cases behind a cell, and exports the same numbers to Excel', async () => {
    const cell = await get<{ total: number; cases: { caseNo: string; className: string; gridCode: string }[] }>(`/api/heatmap/cases?from=${today()}&to=${today()}&grid=${GRID_B}`);
    expect(cell.status).toBe(200);
    expect(cell.body.total).toBe(2);
    expect(cell.body.cases.every((c) => c.gridCode === GRID_B)).toBe(true);

    const res = await fetch(`${county.url}/api/heatmap/export?format=xlsx&from=${today()}&to=${today()}`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
    const sheet = book.getWorksheet('网格案件数')!;
    const rows = new Map<string, number>();
    sheet.eachRow((row, n) => {
      if (n > 1) rows.set(String(row.getCell(1).value), Number(row.getCell(2).value));
    });
    expect(Object.fromEntries(rows)).toEqual({ [GRID_A]: 6, [GRID_B]: 2 });

    const csv = await fetch(`${county.url}/api/heatmap/export?format=csv&panel=classes&from=${today()}&to=${today()}`, { headers: { authorization: `Bearer ${token}` } });
    const text = await csv.text();
    expect(text.split('\r\n')[0]).toBe('\uFEFF类别,类别名称,案件数'.slice(1));
    expect(text).toContain('event:0102,');
  });

  it('gives 环比 and 同比 only against periods the records cover, and says so', async () => {
    type Trend = HeatmapResponse['trend'];
    // Every case was reported today: yesterday and a year ago were never recorded.
    const day = await get<{ trend: Trend }>(`/api/heatmap?from=${today()}&to=${today()}`);
    expect(day.body.trend).toMatchObject({ total: 8, mom: null, yoy: null, previousCovered: false, lastYearCovered: false, dataFrom: today() });
    expect(day.body.trend.lastYear).toEqual([{ label: expect.any(String), n: null, days: 1, partial: false }]);
    // Tomorrow against today is covered: 0 cases against 8 is −100 %; a year before tomorrow is not.
    const tomorrow = new Date(Date.parse(`${today()}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    const next = await get<{ trend: Trend }>(`/api/heatmap?from=${tomorrow}&to=${tomorrow}`);
    expect(next.body.trend).toMatchObject({ total: 0, previous: 8, mom: -100, previousCovered: true, yoy: null, lastYearCovered: false });
  });

  it('answers bad filters with a 400 that says what is wrong', async () => {
    const cases: [string, string][] = [
      [`from=${today()}&to=2020-01-01`, 'to'],
      ['from=&to=2026-01-01', 'from'],
      ['from=2026-02-30&to=2026-03-01', 'from'],
      ['from=1926-01-01&to=2026-01-01', 'from'],
      ['from=2000-01-01&to=2099-12-31', 'to'],
      [`from=${today()}&to=${today()}&classes=event:9999`, 'classes'],
      [`from=${today()}&to=${today()}&departments=77`, 'departments'],
      [`from=${today()}&to=${today()}&sources=pigeon`, 'sources'],
      [`from=${today()}&to=${today()}&area=123`, 'area'],
      ['period=2026-13', 'period'],
      ['', 'from'],
    ];
    for (const [query, field] of cases) {
      const res = await get<{ error: string; message: string; field: string }>(`/api/heatmap?${query}`);
      expect({ query, status: res.status, field: res.body.field }).toEqual({ query, status: 400, field });
      expect(res.body.message.length).toBeGreaterThan(10);
    }
  });
});

describe('the command wall', () => {
  it('reads the day and the grid fills from the same aggregates', async () => {
    const summary = await get<{ today: Record<string, number>; open: { total: number }; month: { closeRate: number | null; due: number }; trend7: unknown[]; topGrids: { code: string; n: number }[]; departments: { name: string; grade: string }[] }>(
      '/api/analytics/summary',
    );
    expect(summary.status).toBe(200);
    expect(summary.body.today).toMatchObject({ reported: 8, registered: 6, dispatched: 6, disposed: 4, closed: 4 });
    expect(summary.body.open.total).toBe(4);
    expect(summary.body.month).toMatchObject({ due: 4, closeRate: 100 });
    expect(summary.body.trend7).toHaveLength(7);
    expect(summary.body.topGrids[0]).toEqual({ code: GRID_A, community: '东门社区', n: 6 });
    expect(summary.body.departments[0]).toMatchObject({ name: '环卫处' });

    const open = await get<{ grids: { code: string; n: number }[] }>('/api/analytics/grid-fill?measure=open');
    expect(open.body.grids).toEqual(expect.arrayContaining([{ code: GRID_A, n: 2 }, { code: GRID_B, n: 2 }]));
    const closed = await get<{ grids: { code: string; n: number }[] }>('/api/analytics/grid-fill?measure=closed');
    expect(closed.body.grids).toEqual([{ code: GRID_A, n: 4 }]);
    expect((await get('/api/analytics/grid-fill?measure=open&from=2026-01-01')).status).toBe(400);
  });
});

describe('evaluation', () => {
  it('ranks regions and departments, and drills from a figure to exactly its cases', async () => {
    const month = today().slice(0, 7);
    const regions = await get<{ rows: { subject: string; name: string; counts: Record<string, number>; rates: Record<string, number | null>; grade: string }[] }>(
      `/api/evaluation?object=community&period=${month}`,
    );
    expect(regions.status).toBe(200);
    const east = regions.body.rows.find((r) => r.name === '东门社区')!;
    expect(east.counts).toMatchObject({ reported: 6, registered: 6, due: 4, closed: 4 });
    expect(east.rates.closeRate).toBe(100);
    const drill = await get<{ total: number; units: number; cases: { gridCode: string; state: string }[] }>(
      `/api/evaluation/cases?object=community&subject=${east.subject}&measure=registered&period=${month}`,
    );
    expect(drill.body).toMatchObject({ total: 6, units: 6 });
    expect(drill.body.cases.every((c) => c.gridCode === GRID_A)).toBe(true);

    expect((await get(`/api/evaluation/cases?object=department&subject=99&measure=assigned&period=${month}`)).status).toBe(400);
    expect((await get(`/api/evaluation/cases?object=department&subject=1&measure=nonsense&period=${month}`)).status).toBe(400);
    expect((await get('/api/evaluation?object=department&from=2026-05-01&to=2026-04-01')).status).toBe(400);
    expect((await get('/api/evaluation?object=planet&period=2026')).status).toBe(400);
  });

  it('keeps weights as county settings: a bad sum is refused, a good one changes the score', async () => {
    const current = await get<{ settings: { weights: Record<string, Record<string, number>>; bands: Record<string, { from: number; score: number }[]> } }>('/api/evaluation/settings');
    const settings = current.body.settings;
    const bad = structuredClone(settings);
    bad.weights.department!.caseCount = 50;
    const refused = await county.call<{ field: string }>('PUT', '/api/evaluation/settings', { token, body: bad });
    expect(refused.status).toBe(400);
    expect(refused.body.field).toBe('weights.department');

    const month = today().slice(0, 7);
    const before = await get<{ rows: { subject: string; score: number }[] }>(`/api/evaluation?object=department&period=${month}`);
    const good = structuredClone(settings);
    // Only the case-count term, and every count scoring 20: the department now scores 20 (grade E).
    good.weights.department = { caseCount: 100, closeRate: 0, onTimeDisposeRate: 0, reworkFree: 0 };
    good.bands.departmentCases = [{ from: 0, score: 20 }];
    expect((await county.call('PUT', '/api/evaluation/settings', { token, body: good })).status).toBe(200);
    const after = await get<{ rows: { subject: string; score: number; grade: string }[] }>(`/api/evaluation?object=department&period=${month}`);
    expect(before.body.rows.find((r) => r.subject === '1')!.score).toBe(100);
    expect(after.body.rows.find((r) => r.subject === '1')).toMatchObject({ score: 20, grade: 'E' });
    expect((await county.call('PUT', '/api/evaluation/settings', { token, body: settings })).status).toBe(200);
  });

  it('prints the report as a PDF and writes the same figures to Excel', async () => {
    const month = today().slice(0, 7);
    const pdf = await fetch(`${county.url}/api/evaluation/report?format=pdf&period=${month}`, { headers: { authorization: `Bearer ${token}` } });
    expect(pdf.status).toBe(200);
    const bytes = Buffer.from(await pdf.arrayBuffer());
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(bytes.length).toBeGreaterThan(20_000);
    mkdirSync(path.join('tests', 'artifacts', 'api'), { recursive: true });
    writeFileSync(path.join('tests', 'artifacts', 'api', 'evaluation-report.pdf'), bytes);

    const xlsx = await fetch(`${county.url}/api/evaluation/report?format=xlsx&period=${month}`, { headers: { authorization: `Bearer ${token}` } });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as never);
    const sheet = book.getWorksheet('专业部门')!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    const json = await get<{ rows: { name: string; counts: Record<string, number>; score: number }[] }>(`/api/evaluation?object=department&period=${month}`);
    const sanitation = json.body.rows.find((r) => r.name === '环卫处')!;
    let found = false;
    sheet.eachRow((row, n) => {
      if (n === 1 || row.getCell(3).value !== '环卫处') return;
      found = true;
      expect(row.getCell(header.indexOf('应处置数') + 1).value).toBe(sanitation.counts.toDispose);
      expect(row.getCell(header.indexOf('综合得分') + 1).value).toBe(sanitation.score);
    });
    expect(found).toBe(true);
  });
});
