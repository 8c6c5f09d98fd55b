// 市民通: the public API behind the citizens' page, under /api/public (no account, no token),
// and the page itself at /citizen. Every route sits behind the flood guard (requests per
// minute per client address); filing a report also counts against the per-device and
// per-address quotas kept in SQLite, so a restart does not reset them.
import { createReadStream, existsSync } from 'node:fs';
import path from 'node:path';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { STATE_LABELS, TERMINAL_STATES } from '../../workflow/cases/index.js';
import type { CaseRow } from '../../workflow/cases/index.js';
import { SYSTEM_ACTOR } from '../../workflow/cases/index.js';
import { badRequest, conflict, notFound } from '../../runtime/errors.js';
import { authorize, type GridhallApp } from '../../server/authorize.js';
import { VIEWERS } from '../../contract/roles.js';
import type { CountyContext } from '../../server/context.js';
import { ErrorSchema, withErrors } from '../../server/schemas.js';
import { guardFlood } from '../intake/index.js';
import { classFields, placeFields, readMultipart } from '../intake/index.js';
import { formatTrackingCode, inertOptional, inertText, normalizeTrackingCode } from '../intake/index.js';

export const PUBLIC_PREFIX = '/api/public';

const LocateQuery = Type.Object({ lon: Type.Number({ minimum: -180, maximum: 180 }), lat: Type.Number({ minimum: -90, maximum: 90 }) });
const CodeParams = Type.Object({ code: Type.String({ maxLength: 20 }) });
const PhotoParams = Type.Object({ code: Type.String({ maxLength: 20 }), n: Type.Integer({ minimum: 1, maximum: 20 }) });
const RatingBody = Type.Object(
  { rating: Type.Integer({ minimum: 1, maximum: 5 }), comment: Type.Optional(Type.String({ maxLength: 2000 })) },
  { additionalProperties: false },
);

/** Coordinates rounded to about a metre: the page draws, it does not survey. */
const round5 = (v: number) => Math.round(v * 1e5) / 1e5;

function lineOf(geometry: string): number[][] {
  const g = JSON.parse(geometry) as { type: string; coordinates: number[][] | number[][][] };
  const coords = (g.type === 'Polygon' ? (g.coordinates as number[][][])[0] : (g.coordinates as number[][])) ?? [];
  return coords.map(([lon, lat]) => [round5(lon!), round5(lat!)]);
}

export function citizenRoutes(app: GridhallApp, ctx: CountyContext): void {
  const streets = ctx.streets;
  const land = ctx.landFeatures;
  let basemapCache: { etag: string; body: string } | undefined;

  const classLabel = async (row: CaseRow) => (await ctx.dictionary.get(row.standardId, row.kind, row.classCode))?.name ?? row.classCode;

  /** The photos the citizen sent with the report (those of its report event), in the order sent. */
  async function ownPhotos(row: CaseRow) {
    const report = (await ctx.cases.events(row.id)).find((e) => e.action === 'report');
    return report ? (await ctx.cases.attachmentsOfCase(row.id)).filter((a) => a.eventId === report.id && a.kind === 'photo') : [];
  }

  async function statusView(row: CaseRow, token: string) {
    const terminal = TERMINAL_STATES.has(row.state);
    const code = formatTrackingCode(token);
    const steps = (await ctx.cases
      .events(row.id))
      .filter((e) => e.action === 'report' || e.fromState !== e.toState)
      .map((e) => ({ at: new Date(e.at).toISOString(), state: e.toState, label: STATE_LABELS[e.toState] }));
    const lastComment = [...await ctx.cases.events(row.id)].reverse().find((e) => e.comment && e.toState === row.state)?.comment ?? null;
    const rating = await ctx.intakeStore.ratingOf(row.id);
    return {
      trackingCode: code,
      caseNo: row.caseNo,
      status: terminal ? 'closed' : 'open',
      state: row.state,
      stateLabel: STATE_LABELS[row.state],
      className: await classLabel(row),
      description: row.description,
      address: row.address,
      reportedAt: new Date(row.reportedAt).toISOString(),
      updatedAt: new Date(row.updatedAt).toISOString(),
      closedAt: row.closedAt === null ? null : new Date(row.closedAt).toISOString(),
      result: terminal ? lastComment : null,
      steps,
      rating: rating ? { rating: rating.rating, comment: rating.comment, at: new Date(rating.createdAt).toISOString() } : null,
      canRate: terminal && !rating,
      /** The citizen's own photos, each read with the tracking code (no account). */
      photos: (await ownPhotos(row)).map((_, k) => ({ url: `${PUBLIC_PREFIX}/reports/${encodeURIComponent(code)}/photos/${k + 1}` })),
    };
  }

  async function byCode(raw: string): Promise<{ row: CaseRow; token: string }> {
    const token = normalizeTrackingCode(raw);
    const submission = token ? await ctx.intakeStore.submissionByToken(token) : undefined;
    const row = submission && await ctx.cases.get(submission.caseId);
    if (!submission || !row) throw notFound('No report with this tracking code (查询码不存在，请核对)');
    return { row, token: submission.token };
  }

  app.register(
    async (scope) => {
      const pub = scope as unknown as GridhallApp;
      await guardFlood(pub, async () => (await ctx.settings.get('intake')).publicRequestsPerMinute);
      const tags = ['public (市民通)'];

      pub.get('/county', { schema: { tags, summary: 'The county: name, extent, centre, time zone' } }, async () => {
        const c = await ctx.county.get();
        const timeZone = (await ctx.settings.get('calendar')).timeZone;
        return c
          ? { name: c.name, center: { lon: c.centerLon, lat: c.centerLat }, bbox: { west: c.west, south: c.south, east: c.east, north: c.north }, timeZone }
          : { name: null, center: null, bbox: null, timeZone };
      });

      pub.get('/services', { schema: { tags, summary: 'Problem types: the common ones first, then every small class by big class' } }, async () => {
        const standard = await ctx.dictionary.activeStandard();
        if (!standard) return { common: [], groups: [] };
        const rows = await ctx.dictionary.list(standard.id);
        const item = (r: (typeof rows)[number]) => ({ kind: r.kind, code: r.code, name: r.name, nameEn: r.nameEn });
        const groups = rows
          .filter((r) => r.level === 'big')
          .map((big) => ({ kind: big.kind, code: big.code, name: big.name, nameEn: big.nameEn, items: rows.filter((r) => r.level === 'small' && r.kind === big.kind && r.bigCode === big.code).map(item) }))
          .filter((g) => g.items.length > 0);
        const common = (await ctx.settings
          .get('intake'))
          .commonClasses.map((key) => {
            const [kind, code] = key.split(':');
            return rows.find((r) => r.level === 'small' && r.kind === kind && r.code === code);
          })
          .filter((r) => r !== undefined)
          .map(item);
        return { common, groups };
      });

      pub.get('/basemap', { schema: { tags, summary: 'Streets, water and green space, simplified, for the page\'s map' } }, async (request, reply) => {
        if (!basemapCache) {
          const body = JSON.stringify({
            streets: (await streets.list({ limit: 10_000 })).map((s) => ({ name: s.name, kind: s.kind, line: lineOf(s.geometry) })),
            areas: (await land.list({ limit: 10_000 })).map((f) => ({ kind: f.kind, ring: lineOf(f.geometry) })),
          });
          basemapCache = { etag: `"${body.length.toString(36)}-${await streets.count()}-${await land.count()}"`, body };
        }
        void reply.header('ETag', basemapCache.etag).header('Cache-Control', 'public, max-age=600');
        if (request.headers['if-none-match'] === basemapCache.etag) return reply.status(304).send();
        return reply.type('application/json; charset=utf-8').send(basemapCache.body);
      });

      pub.get('/locate', { schema: { tags, summary: 'The address and grid nearest a point, and whether it lies in the county', querystring: LocateQuery } }, async (request) => {
        const { lon, lat } = request.query as Static<typeof LocateQuery>;
        const c = await ctx.county.get();
        const inCounty = !c || (lon >= c.west && lon <= c.east && lat >= c.south && lat <= c.north);
        if (!inCounty) return { inCounty, address: null, gridCode: null };
        const located = await ctx.geocoder.reverse(lon, lat);
        return { inCounty, address: located.address, gridCode: located.gridCode };
      });

      pub.post(
        '/reports',
        {
          schema: {
            tags,
            summary: 'File a report (multipart: kind, classCode, description, lon+lat or address, up to 3 photos); answers with the tracking code',
            consumes: ['multipart/form-data'],
            response: { ...withErrors(201), 413: ErrorSchema, 415: ErrorSchema, 429: ErrorSchema },
          },
        },
        async (request, reply) => fileReport(request, reply),
      );

      pub.get('/reports/:code', { schema: { tags, summary: 'Status of a report by its tracking code', params: CodeParams, response: withErrors(200) } }, async (request) => {
        const { row, token } = await byCode((request.params as { code: string }).code);
        return await statusView(row, token);
      });

      pub.get('/reports/:code/photos/:n', { schema: { tags, summary: 'One of the photos the citizen sent with the report (n from 1), by its tracking code', params: PhotoParams } }, async (request, reply) => {
        const { code, n } = request.params as Static<typeof PhotoParams>;
        const { row } = await byCode(code);
        const photo = (await ownPhotos(row))[n - 1];
        const file = photo && ctx.attachments.pathOf(photo);
        if (!photo || !file || !existsSync(file)) throw notFound(`This report has no photo ${n} (没有这张照片)`);
        return reply.type(photo.mime).header('Cache-Control', 'private, max-age=3600').header('X-Content-Type-Options', 'nosniff').send(createReadStream(file));
      });

      pub.post(
        '/reports/:code/rating',
        { schema: { tags, summary: '满意度回访: rate the handling once the case is closed', params: CodeParams, body: RatingBody, response: withErrors(201) } },
        async (request, reply) => {
          const { row, token } = await byCode((request.params as { code: string }).code);
          const body = request.body as Static<typeof RatingBody>;
          if (!TERMINAL_STATES.has(row.state)) throw conflict('The case is still being handled; rate it once it is closed (案件办结后才能评价)', 'rating');
          if (await ctx.intakeStore.ratingOf(row.id)) throw conflict('This report has been rated already (已评价)', 'rating');
          await ctx.intakeStore.insertRating({ caseId: row.id, rating: body.rating, comment: inertOptional(body.comment, 'comment', 500), channel: 'citizen', createdAt: ctx.clock.now() });
          ctx.events.publish('case.rated', { caseId: row.id, caseNo: row.caseNo, rating: body.rating });
          return reply.status(201).send(await statusView((await ctx.cases.get(row.id))!, token));
        },
      );
    },
    { prefix: PUBLIC_PREFIX },
  );

  // The centre reads the ratings (满意度) beside the cases.
  app.get(
    '/api/intake/ratings',
    { preHandler: authorize(VIEWERS), schema: { tags: ['intake'], summary: 'Citizens\' ratings (满意度回访): recent ones and the satisfaction rate', security: [{ bearer: [] }] } },
    async () => {
      const rows = await ctx.intakeStore.recentRatings(200);
      const satisfied = rows.filter((r) => r.rating >= 4).length;
      return {
        count: rows.length,
        satisfactionRate: rows.length ? satisfied / rows.length : null,
        items: await Promise.all(rows.map(async (r) => ({ caseId: r.caseId, caseNo: (await ctx.cases.get(r.caseId))?.caseNo ?? null, rating: r.rating, comment: r.comment, at: new Date(r.createdAt).toISOString() }))),
      };
    },
  );

  // The page: a second, light entry of the renderer build (no Cesium), mobile first. The
  // console's static files include citizen/index.html, served at /citizen/ with the console's CSP.
  app.get('/citizen', { schema: { hide: true } }, async (_request, reply) => {
    const built = ctx.config.rendererDir !== undefined && existsSync(path.join(ctx.config.rendererDir, 'citizen', 'index.html'));
    if (!built) return reply.status(503).type('text/plain; charset=utf-8').send('市民通页面尚未构建 (npm run build)');
    return reply.redirect('/citizen/', 302);
  });

  async function fileReport(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
    const { fields, photos } = await readMultipart(request, await ctx.settings.get('intake'));
    const { kind, classCode } = classFields(fields);
    const description = inertText(fields.description ?? '', 'description', 1000);
    if (description.length < 2) throw badRequest('Say in a few words what is wrong (请简要描述问题)', 'description');
    const { lon, lat } = placeFields(fields);
    const address = inertOptional(fields.address, 'address', 200);
    if (lon === undefined && !address) throw badRequest('Place the problem on the map or type the address (请在地图上选点或填写地址)', 'lon');
    const device = request.headers['x-device-id'];
    const deviceId = typeof device === 'string' && /^[A-Za-z0-9-]{8,64}$/.test(device) ? device : null;
    const done = await ctx.submissions.submit(
      {
        source: 'citizen',
        kind,
        classCode,
        description,
        lon,
        lat,
        address,
        reporterName: inertOptional(fields.name, 'name', 32),
        reporterContact: inertOptional(fields.phone, 'phone', 32),
      },
      photos,
      { channel: 'citizen', device: deviceId, address: request.ip, quota: true, phone: inertOptional(fields.phone, 'phone', 32) },
      SYSTEM_ACTOR,
    );
    return reply.status(201).send(await statusView(done.change.case, done.submission.token));
  }
}
