// Exports of what is on screen: GET /api/exports/{grids|components|cases}.{geojson|csv|xlsx}
// with the same filters the lists take (bbox, grid, class, state; for cases the case list's).
import { Type, type Static } from 'typebox';
import type { CaseFilter, CaseRow } from '../../workflow/cases/index.js';
import { CASE_STATES, type CaseState } from '../../workflow/cases/index.js';
import type { ComponentRow } from '../../base/components/index.js';
import { badRequest, forbidden } from '../../runtime/errors.js';
import type { FastifyRequest } from 'fastify';
import type { SessionUser } from '../../contract/index.js';
import { parseBBox, type BBox } from '../../base/geo/index.js';
import type { GridRow } from '../../base/grids/index.js';
import { authorize, type GridhallApp } from '../../server/authorize.js';
import type { CountyContext } from '../../server/context.js';
import { CONTENT_TYPES, exportStream, type ExportFormat, type ExportSpec } from './writers.js';
import { DEFAULT_TIME_ZONE, zonedDate, zonedDateTime, zonedIso, zonedMidnight } from '../../runtime/zone.js';

const PAGE = 5000;
const Format = Type.Union([Type.Literal('geojson'), Type.Literal('csv'), Type.Literal('xlsx')]);
const STATE_ZH: Record<string, string> = { intact: '完好', damaged: '破损', lost: '丢失', occupied: '占用' };

function bboxOf(text: string | undefined): BBox | undefined {
  if (!text) return undefined;
  const b = parseBBox(text);
  if ('error' in b) throw badRequest(b.error, 'bbox');
  return b;
}

async function* paged<Row>(fetch: (limit: number, offset: number) => Promise<Row[]>): AsyncIterable<Row[]> {
  for (let offset = 0; ; offset += PAGE) {
    const rows = await fetch(PAGE, offset);
    if (rows.length) yield rows;
    if (rows.length < PAGE) return;
    await new Promise<void>((resolve) => setImmediate(resolve)); // let other requests in between pages
  }
}

const wktOf = (geometry: string) => {
  const g = JSON.parse(geometry) as { coordinates: [number, number][][] };
  return `POLYGON(${g.coordinates.map((r) => `(${r.map(([x, y]) => `${x} ${y}`).join(', ')})`).join(', ')})`;
};

/** Roles that see the whole county's cases (the command centre, leaders, analysts). */
const COUNTY_WIDE = new Set(['acceptor', 'shift_leader', 'dispatcher', 'leader', 'analyst', 'admin']);

/**
 * Which cases a user may export: the whole county for the command centre's roles, a
 * department's own cases for 专业部门, an inspector's own grids and tasks; nothing else.
 */
export function caseScope(user: SessionUser): Pick<CaseFilter, 'departmentId' | 'inspectorId'> {
  if (user.roles.some((r) => COUNTY_WIDE.has(r))) return {};
  if (user.roles.includes('department')) return { departmentId: user.departmentId ?? -1 };
  if (user.roles.includes('inspector')) return { inspectorId: user.id };
  throw forbidden('Your roles may not export cases (无权导出案件)');
}

export function exportRoutes(app: GridhallApp, ctx: CountyContext): void {
  const security = [{ bearer: [] }];
  const className = async (kind: 'component' | 'event', standardId: string, code: string) => (await ctx.dictionary.get(standardId, kind, code))?.name ?? null;
  const deptName = async (id: number | null) => (id === null ? null : ((await ctx.departments.get(id))?.name ?? null));
  // The county's time zone, read when an export starts (settings are asynchronous; the
  // columns' formatters are not).
  let timeZone = DEFAULT_TIME_ZONE;
  app.addHook('preHandler', async (request) => {
    if (request.url.startsWith('/api/exports/')) timeZone = (await ctx.settings.get('calendar')).timeZone;
  });
  const zone = () => timeZone;
  const stamp = () => zonedDate(ctx.clock.now(), zone());
  /** Times people read in Excel and CSV: the county's wall clock, "2026-11-18 09:05:00"; GeoJSON keeps the offset. */
  const timeOf = (format: ExportFormat) => (t: number | null) => (t === null ? null : format === 'geojson' ? zonedIso(t, zone()) : zonedDateTime(t, zone()));

  const ascii: Record<string, string> = { 单元网格: 'grids', 部件: 'components', 案件: 'cases' };
  const send = async <Row>(
    request: FastifyRequest,
    reply: { header(k: string, v: string): unknown; send(s: unknown): unknown },
    name: string,
    format: ExportFormat,
    spec: ExportSpec<Row>,
    scope: Record<string, unknown> = {},
  ) => {
    // 等保: every export is audited, with who, from where, what and with which filters.
    const user = request.user!;
    await ctx.audit.record({ id: user.id, username: user.username }, 'export', `${ascii[name] ?? 'export'}.${format}`, 'export', undefined, { query: request.query, scope }, ctx.clock.now(), request.ip);
    reply.header('content-type', CONTENT_TYPES[format]);
    // HTTP headers are Latin-1: an ASCII name, and the Chinese one in RFC 5987 form beside it.
    const file = `${name}-${stamp()}.${format}`;
    reply.header('content-disposition', `attachment; filename="${ascii[name] ?? 'export'}-${stamp()}.${format}"; filename*=UTF-8''${encodeURIComponent(file)}`);
    return reply.send(exportStream(format, spec));
  };

  const GridQuery = Type.Object({ bbox: Type.Optional(Type.String()), communityCode: Type.Optional(Type.String({ pattern: '^[0-9]{12}$' })) });
  app.get('/api/exports/grids.:format', { preHandler: authorize(), schema: { tags: ['exports'], summary: 'Unit grids as GeoJSON, CSV (with WKT) or Excel', security, params: Type.Object({ format: Format }), querystring: GridQuery } }, async (request, reply) => {
    const q = request.query as Static<typeof GridQuery>;
    const bbox = bboxOf(q.bbox);
    const areaName = async (code: string) => (await ctx.areas.get(code))?.name ?? null;
    const spec: ExportSpec<GridRow> = {
      sheet: '单元网格',
      columns: [
        { key: 'code', header: '网格编码 BGID', value: (g) => g.code, width: 18 },
        { key: 'communityCode', header: '社区代码', value: (g) => g.communityCode, width: 15 },
        { key: 'community', header: '社区', value: (g) => areaName(g.communityCode) },
        { key: 'street', header: '街道', value: (g) => areaName(g.communityCode.slice(0, 9)) },
        { key: 'areaM2', header: '面积(m²)', value: (g) => g.areaM2 },
        { key: 'centerLon', header: '中心经度', value: (g) => g.centerLon },
        { key: 'centerLat', header: '中心纬度', value: (g) => g.centerLat },
        ...((request.params as { format: ExportFormat }).format === 'geojson' ? [] : [{ key: 'wkt', header: '范围(WKT, WGS84)', value: (g: GridRow) => wktOf(g.geometry), width: 40 }]),
      ],
      geometry: (g) => JSON.parse(g.geometry) as unknown,
      pages: () => paged(async (limit, offset) => await ctx.grids.list({ bbox, communityCode: q.communityCode, limit, offset })),
    };
    return await send(request, reply, '单元网格', (request.params as { format: ExportFormat }).format, spec);
  });

  const ComponentQuery = Type.Object({
    bbox: Type.Optional(Type.String()), gridCode: Type.Optional(Type.String({ pattern: '^[0-9]{15}$' })),
    classCode: Type.Optional(Type.String({ pattern: '^[0-9]{4,5}$' })), state: Type.Optional(Type.Union(['intact', 'damaged', 'lost', 'occupied'].map((s) => Type.Literal(s)))),
  });
  app.get('/api/exports/components.:format', { preHandler: authorize(), schema: { tags: ['exports'], summary: 'Components as GeoJSON, CSV or Excel, filtered like the map', security, params: Type.Object({ format: Format }), querystring: ComponentQuery } }, async (request, reply) => {
    const q = request.query as Static<typeof ComponentQuery>;
    const bbox = bboxOf(q.bbox);
    const spec: ExportSpec<ComponentRow> = {
      sheet: '部件',
      columns: [
        { key: 'id', header: '部件标识码 OBJID', value: (c) => c.id, width: 20 },
        { key: 'classCode', header: '小类代码', value: (c) => c.classCode },
        { key: 'className', header: '小类名称', value: async (c) => await className('component', c.standardId, c.classCode) },
        { key: 'name', header: '名称 OBJNAME', value: (c) => c.name },
        { key: 'state', header: '状态 OBJSTATE', value: (c) => STATE_ZH[c.state] ?? c.state },
        { key: 'owner', header: '主管部门', value: async (c) => await deptName(c.ownerDeptId) },
        { key: 'maintainer', header: '养护单位', value: async (c) => await deptName(c.maintainerDeptId) },
        { key: 'gridCode', header: '所在单元网格 BGID', value: (c) => c.gridCode, width: 18 },
        { key: 'lon', header: '经度(WGS84)', value: (c) => c.lon },
        { key: 'lat', header: '纬度(WGS84)', value: (c) => c.lat },
        { key: 'createdDate', header: '初始日期', value: (c) => c.createdDate },
        { key: 'changedDate', header: '变更日期', value: (c) => c.changedDate },
        { key: 'dataSource', header: '数据来源', value: (c) => c.dataSource },
        { key: 'note', header: '备注', value: (c) => c.note },
      ],
      geometry: (c) => ({ type: 'Point', coordinates: [c.lon, c.lat] }),
      pages: () => paged(async (limit, offset) => await ctx.components.list({ bbox, gridCode: q.gridCode, classCode: q.classCode, state: q.state, limit, offset })),
    };
    return await send(request, reply, '部件', (request.params as { format: ExportFormat }).format, spec);
  });

  const CaseQuery = Type.Object({
    state: Type.Optional(Type.String()), kind: Type.Optional(Type.Union([Type.Literal('component'), Type.Literal('event')])),
    classCode: Type.Optional(Type.String({ pattern: '^[0-9]{4,5}$' })), departmentId: Type.Optional(Type.Integer({ minimum: 1 })),
    gridCode: Type.Optional(Type.String({ pattern: '^[0-9]{15}$' })), source: Type.Optional(Type.String({ maxLength: 20 })),
    from: Type.Optional(Type.String()), to: Type.Optional(Type.String()), overdue: Type.Optional(Type.Boolean()), urgent: Type.Optional(Type.Boolean()),
    q: Type.Optional(Type.String({ maxLength: 100 })),
  });
  app.get('/api/exports/cases.:format', { preHandler: authorize(), schema: { tags: ['exports'], summary: 'Cases as GeoJSON, CSV or Excel with the case list\'s filters', security, params: Type.Object({ format: Format }), querystring: CaseQuery } }, async (request, reply) => {
    const q = request.query as Static<typeof CaseQuery>;
    const time = (v: string | undefined, field: string) => {
      if (v === undefined) return undefined;
      // A plain date is a county day: from its midnight, to the end of it.
      if (/^\d{4}-\d{2}-\d{2}$/.test(v)) {
        const day = zonedMidnight(v, zone());
        return field === 'to' ? zonedMidnight(zonedDate(day + 36 * 3_600_000, zone()), zone()) - 1 : day;
      }
      const t = Date.parse(v);
      if (Number.isNaN(t)) throw badRequest(`${field} is not a date`, field);
      return t;
    };
    const states = q.state?.split(',').filter(Boolean) as CaseState[] | undefined;
    for (const s of states ?? []) if (!(CASE_STATES as readonly string[]).includes(s)) throw badRequest(`unknown state ${s}`, 'state');
    const filter: CaseFilter = {
      states, kind: q.kind, classCode: q.classCode, departmentId: q.departmentId, gridCode: q.gridCode, source: q.source,
      from: time(q.from, 'from'), to: time(q.to, 'to'), overdue: q.overdue, urgent: q.urgent, text: q.q?.trim() || undefined,
    };
    Object.assign(filter, caseScope(request.user!));
    const iso = timeOf((request.params as { format: ExportFormat }).format);
    const spec: ExportSpec<CaseRow> = {
      sheet: '案件',
      columns: [
        { key: 'caseNo', header: '案卷号', value: (c) => c.caseNo, width: 18 },
        { key: 'kind', header: '类型', value: (c) => (c.kind === 'component' ? '部件' : '事件') },
        { key: 'classCode', header: '小类代码', value: (c) => c.classCode },
        { key: 'className', header: '小类名称', value: async (c) => await className(c.kind, c.standardId, c.classCode) },
        { key: 'state', header: '状态', value: (c) => c.state },
        { key: 'source', header: '来源', value: (c) => c.source },
        { key: 'urgent', header: '急件', value: (c) => c.urgent === 1 },
        { key: 'description', header: '问题描述', value: (c) => c.description, width: 40 },
        { key: 'address', header: '地址', value: (c) => c.address, width: 30 },
        { key: 'gridCode', header: '单元网格', value: (c) => c.gridCode, width: 18 },
        { key: 'department', header: '处置部门', value: async (c) => await deptName(c.departmentId) },
        { key: 'lon', header: '经度(WGS84)', value: (c) => c.lon },
        { key: 'lat', header: '纬度(WGS84)', value: (c) => c.lat },
        { key: 'reportedAt', header: '上报时间', value: (c) => iso(c.reportedAt), width: 22 },
        { key: 'dispatchedAt', header: '派遣时间', value: (c) => iso(c.dispatchedAt), width: 22 },
        { key: 'deadlineAt', header: '处置时限', value: (c) => iso(c.deadlineAt), width: 22 },
        { key: 'closedAt', header: '结案时间', value: (c) => iso(c.closedAt), width: 22 },
        { key: 'overdue', header: '超期', value: (c) => c.overdue === 1 },
      ],
      geometry: (c) => (c.lon === null || c.lat === null ? null : { type: 'Point', coordinates: [c.lon, c.lat] }),
      pages: () => paged(async (limit, offset) => (await ctx.cases.list(filter, limit, offset)).rows),
    };
    return await send(request, reply, '案件', (request.params as { format: ExportFormat }).format, spec, caseScope(request.user!));
  });
}
