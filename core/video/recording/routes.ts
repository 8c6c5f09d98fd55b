// The recording API: plans, the overview, each camera's timeline, segment files for the player,
// events, clips (cut, attach to a case, export with a manifest into the audit trail).
import { createReadStream, existsSync } from 'node:fs';
import { Type, type Static } from 'typebox';
import { caseView, eventView } from '../../workflow/cases/index.js';
import type { SessionUser } from '../../contract/index.js';
import { RECORDING_PLANNERS, VIDEO_OPERATORS } from '../../contract/roles.js';
import { badRequest, notFound } from '../../runtime/errors.js';
import { authorize, type GridhallApp } from '../../server/authorize.js';
import type { CountyContext } from '../../server/context.js';
import { withErrors } from '../../server/schemas.js';
import { clipView, type RecordingService } from './service.js';


const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
const NameParams = Type.Object({ name: Type.String({ maxLength: 120 }) });
const Time = Type.String({ minLength: 1, maxLength: 40, description: 'ISO 8601 time (or epoch milliseconds)' });
const PlanBody = Type.Object(
  {
    mode: Type.Union([Type.Literal('off'), Type.Literal('continuous'), Type.Literal('schedule'), Type.Literal('events')]),
    stream: Type.Optional(Type.Union([Type.Literal('main'), Type.Literal('sub')])),
    schedule: Type.Optional(Type.Array(Type.Object({ day: Type.Integer({ minimum: 1, maximum: 7 }), from: Type.String({ maxLength: 5 }), to: Type.String({ maxLength: 5 }) }, { additionalProperties: false }), { maxItems: 70 })),
    preS: Type.Optional(Type.Integer({ minimum: 0, maximum: 300 })),
    postS: Type.Optional(Type.Integer({ minimum: 0, maximum: 3600 })),
    retainDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650 })),
    priority: Type.Optional(Type.Integer({ minimum: 1, maximum: 9 })),
  },
  { additionalProperties: false },
);
const PlayableQuery = Type.Object({ h264: Type.Optional(Type.Union([Type.Literal('1'), Type.Literal('0')])) }, { additionalProperties: false });
const WindowQuery = Type.Object({ from: Time, to: Time }, { additionalProperties: false });
const EventBody = Type.Object({ topic: Type.String({ minLength: 1, maxLength: 120 }), at: Type.Optional(Time) }, { additionalProperties: false });
const ClipBody = Type.Object(
  { from: Time, to: Time, caseId: Type.Optional(Type.Integer({ minimum: 1 })), reason: Type.Optional(Type.String({ maxLength: 500 })) },
  { additionalProperties: false },
);
const AttachBody = Type.Object({ caseId: Type.Integer({ minimum: 1 }), version: Type.Integer({ minimum: 1 }), comment: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false });
const ExportBody = Type.Object({ reason: Type.String({ minLength: 2, maxLength: 500 }) }, { additionalProperties: false });

/** A time from the API: ISO 8601 or epoch milliseconds. */
export function parseTime(text: string, field: string): number {
  const ms = /^\d{10,14}$/.test(text) ? Number(text) : Date.parse(text);
  if (!Number.isFinite(ms)) throw badRequest(`"${text}" is not a time: use ISO 8601, e.g. 2026-12-07T14:10:00+08:00 (时间格式无效)`, field);
  return ms;
}

export function recordingRoutes(app: GridhallApp, ctx: CountyContext): RecordingService {
  const service = ctx.recordings;
  app.addHook('onReady', async () => service.start());
  app.addHook('onClose', async () => service.close());
  const tags = ['video'];
  const security = [{ bearer: [] }];
  const actor = (user: SessionUser) => ({ id: user.id, username: user.username });

  app.get('/api/video/recording', { preHandler: authorize(), schema: { tags, summary: 'Recording at a glance: quota, disk, every camera\'s recording state', security, response: withErrors(200) } }, async () =>
    await service.overview(),
  );

  app.post(
    '/api/video/recording/sweep',
    { preHandler: authorize(RECORDING_PLANNERS), schema: { tags, summary: 'Run retention, the quota and the disk check now (they also run every minute)', security, response: withErrors(200) } },
    async () => await service.sweep(),
  );

  app.get(
    '/api/cameras/:id/recording',
    { preHandler: authorize(), schema: { tags, summary: 'How a camera records (its plan) and how it goes', security, params: IdParams, response: withErrors(200) } },
    async (request) => {
      const { id } = request.params as Static<typeof IdParams>;
      return { plan: await service.plan(id), status: await service.status(id) };
    },
  );

  app.put(
    '/api/cameras/:id/recording',
    { preHandler: authorize(RECORDING_PLANNERS), schema: { tags, summary: 'Set how a camera records: off, continuous, weekly schedule or around events; stream, retention, priority', security, params: IdParams, body: PlanBody, response: withErrors(200) } },
    async (request) => {
      const { id } = request.params as Static<typeof IdParams>;
      const before = await service.plan(id);
      const plan = await service.savePlan(id, request.body as Static<typeof PlanBody>, request.user!.id);
      await ctx.audit.record(actor(request.user!), 'recording_plan', String(id), 'update', before, plan, ctx.clock.now(), request.ip);
      return { plan, status: await service.status(id) };
    },
  );

  app.get(
    '/api/cameras/:id/timeline',
    { preHandler: authorize(), schema: { tags, summary: 'A camera\'s recorded ranges, segments, events and cases in a window (≤ 31 days)', security, params: IdParams, querystring: WindowQuery, response: withErrors(200) } },
    async (request) => {
      const { id } = request.params as Static<typeof IdParams>;
      const q = request.query as Static<typeof WindowQuery>;
      return await service.timeline(id, parseTime(q.from, 'from'), parseTime(q.to, 'to'));
    },
  );

  app.get(
    '/api/video/segments/:id',
    { preHandler: authorize(), schema: { tags, summary: 'One recorded segment (fragmented MP4) for the player; ?h264=1: an H.265 segment as an H.264 copy (header X-Transcoded-From)', security, params: IdParams, querystring: PlayableQuery } },
    async (request, reply) => {
      const id = (request.params as Static<typeof IdParams>).id;
      if ((request.query as Static<typeof PlayableQuery>).h264 === '1') {
        const file = await service.playableSegment(id);
        if (file.transcoded) reply.header('X-Transcoded-From', file.transcoded);
        return reply.type('video/mp4').header('Cache-Control', 'private, max-age=60').send(createReadStream(file.path));
      }
      const file = await service.segmentFile(id);
      if (!existsSync(file.path)) throw notFound('The segment was removed by retention (录像已过保留期)');
      return reply.type('video/mp4').header('Cache-Control', 'private, max-age=60').send(createReadStream(file.path));
    },
  );

  app.post(
    '/api/cameras/:id/events',
    { preHandler: authorize(VIDEO_OPERATORS), schema: { tags, summary: 'Mark an event on a camera (kept on its timeline; in events mode the recording around it is kept)', security, params: IdParams, body: EventBody, response: withErrors(201) } },
    async (request, reply) => {
      const { id } = request.params as Static<typeof IdParams>;
      const body = request.body as Static<typeof EventBody>;
      return reply.status(201).send(await service.trigger(id, body.topic, body.at === undefined ? undefined : parseTime(body.at, 'at')));
    },
  );

  app.post(
    '/api/cameras/:id/clips',
    { preHandler: authorize(VIDEO_OPERATORS), schema: { tags, summary: 'Cut a clip from the recordings (at keyframes, no transcoding): true span, size and SHA-256', security, params: IdParams, body: ClipBody, response: withErrors(201) } },
    async (request, reply) => {
      const { id } = request.params as Static<typeof IdParams>;
      const body = request.body as Static<typeof ClipBody>;
      if (body.caseId !== undefined && !await ctx.cases.get(body.caseId)) throw badRequest(`No case ${body.caseId} (案件不存在)`, 'caseId');
      const clip = await service.cutClip(id, { from: parseTime(body.from, 'from'), to: parseTime(body.to, 'to'), caseId: body.caseId ?? null, reason: body.reason ?? null }, request.user!.id);
      return reply.status(201).send(clip);
    },
  );

  app.get('/api/video/clips/:id', { preHandler: authorize(), schema: { tags, summary: 'One clip', security, params: IdParams, response: withErrors(200) } }, async (request) => {
    const { id } = request.params as Static<typeof IdParams>;
    return clipView(await service.clip(id));
  });

  app.get(
    '/api/video/clips/:id/file',
    { preHandler: authorize(), schema: { tags, summary: 'The clip\'s MP4 (the evidence as cut); ?h264=1: an H.265 clip as an H.264 copy to play (header X-Transcoded-From)', security, params: IdParams, querystring: PlayableQuery } },
    async (request, reply) => {
      const id = (request.params as Static<typeof IdParams>).id;
      if ((request.query as Static<typeof PlayableQuery>).h264 === '1') {
        const file = await service.playableClip(id);
        if (file.transcoded) reply.header('X-Transcoded-From', file.transcoded);
        return reply.type('video/mp4').send(createReadStream(file.path));
      }
      return reply.type('video/mp4').send(createReadStream(await service.clipFile(id)));
    },
  );

  app.get('/api/cases/:id/clips', { preHandler: authorize(), schema: { tags, summary: 'The video clips attached to a case', security, params: IdParams, response: withErrors(200) } }, async (request) =>
    await service.clipsOfCase((request.params as Static<typeof IdParams>).id),
  );

  app.post(
    '/api/video/clips/:id/attach',
    { preHandler: authorize(), schema: { tags, summary: 'Put a clip on an open case (a note on its trail naming the clip and its hash)', security, params: IdParams, body: AttachBody, response: withErrors(200) } },
    async (request) => {
      const { id } = request.params as Static<typeof IdParams>;
      const body = request.body as Static<typeof AttachBody>;
      const clip = await service.clip(id);
      const user = request.user!;
      const comment = `${body.comment?.trim() || '视频片段取证'}：片段 #${id}，${new Date(clip.startedAt).toISOString()} – ${new Date(clip.endedAt).toISOString()}，SHA-256 ${clip.sha256}`;
      const change = await ctx.workflow.act(body.caseId, 'note', { version: body.version, comment }, { id: user.id, roles: user.roles, departmentId: user.departmentId });
      const attached = await service.setClipCase(id, body.caseId);
      return { clip: attached, case: caseView(change.case, ctx.calendars.calendar, ctx.clock.now()), events: change.events.map(eventView) };
    },
  );

  app.post(
    '/api/video/clips/:id/export',
    { preHandler: authorize(VIDEO_OPERATORS), schema: { tags, summary: 'Export a clip for the police or a court: a zip with the clip and a manifest; written to the audit trail', security, params: IdParams, body: ExportBody, response: withErrors(201) } },
    async (request, reply) => {
      const { id } = request.params as Static<typeof IdParams>;
      const done = await service.exportClip(id, (request.body as Static<typeof ExportBody>).reason.trim(), actor(request.user!), request.ip);
      return reply.status(201).send(done);
    },
  );

  app.get('/api/video/exports/:name', { preHandler: authorize(VIDEO_OPERATORS), schema: { tags, summary: 'An exported clip package (zip)', security, params: NameParams } }, async (request, reply) => {
    const file = service.exportFile((request.params as Static<typeof NameParams>).name);
    if (!existsSync(file)) throw notFound('No such export (导出文件不存在)');
    return reply.type('application/zip').header('Content-Disposition', `attachment; filename="${(request.params as Static<typeof NameParams>).name}"`).send(createReadStream(file));
  });

  return service;
}
