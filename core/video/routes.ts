// The video API: the camera registry (ONVIF add, probe, discovery), nearest cameras for the
// map, live streams over WebSocket, relay health, PTZ, snapshots as case evidence, saved
// layouts and tours.
import type { WebSocket } from 'ws';
import { Type, type Static } from 'typebox';
import { attachmentView, caseView, eventView } from '../workflow/cases/index.js';
import type { Actor } from '../workflow/cases/index.js';
import type { LiveCloseCode, LiveMessage, RelaysResponse, RoleCode, SessionUser, StreamKind } from '../contract/index.js';
import { AppError } from '../runtime/errors.js';
import { authorize, type GridhallApp } from '../server/authorize.js';
import { ADMINS, VIDEO_OPERATORS, VIDEO_REPORTERS } from '../contract/roles.js';
import type { CountyContext } from '../server/context.js';
import { withErrors } from '../server/schemas.js';
import { scanInterfaces } from './discovery.js';
import type { Relay, RelayViewer } from './relay.js';
import { RelayLimitError } from './relays.js';
import { cameraEventRoutes } from './events/routes.js';
import { recordingRoutes } from './recording/routes.js';


const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
const KindSchema = Type.Union([Type.Literal('police'), Type.Literal('city'), Type.Literal('vehicle'), Type.Literal('body')]);
const GridSchema = Type.Union([Type.Literal(1), Type.Literal(4), Type.Literal(9), Type.Literal(16), Type.Literal(25), Type.Literal(36)]);

const CameraBody = Type.Object(
  {
    code: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_-]{1,40}$' })),
    name: Type.String({ minLength: 1, maxLength: 100 }),
    kind: KindSchema,
    lon: Type.Number({ minimum: -180, maximum: 180 }),
    lat: Type.Number({ minimum: -90, maximum: 90 }),
    heightM: Type.Optional(Type.Number({ minimum: 0, maximum: 500 })),
    headingDeg: Type.Optional(Type.Number({ minimum: 0, maximum: 360 })),
    address: Type.String({ minLength: 1, maxLength: 300, description: 'ONVIF device address (host[:port] or http://host[:port]/onvif/device_service), or a camera without ONVIF: its plain rtsp:// URL' }),
    username: Type.Optional(Type.String({ maxLength: 100 })),
    password: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);
const CameraPatch = Type.Partial(Type.Omit(CameraBody, ['code']), { additionalProperties: false });

const NearestQuery = Type.Object(
  {
    lon: Type.Number({ minimum: -180, maximum: 180 }),
    lat: Type.Number({ minimum: -90, maximum: 90 }),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 36, default: 4 })),
  },
  { additionalProperties: false },
);

const BusiestQuery = Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 36, default: 16 })) }, { additionalProperties: false });

const LiveQuery = Type.Object(
  {
    stream: Type.Optional(Type.Union([Type.Literal('main'), Type.Literal('sub')], { default: 'sub' })),
    token: Type.Optional(Type.String()),
    /** 1: the browser cannot decode H.265; an H.265 stream comes transcoded to H.264. */
    h264: Type.Optional(Type.Union([Type.Literal('1'), Type.Literal('0')])),
  },
  { additionalProperties: false },
);

const MoveBody = Type.Object(
  {
    pan: Type.Number({ minimum: -1, maximum: 1 }),
    tilt: Type.Number({ minimum: -1, maximum: 1 }),
    zoom: Type.Number({ minimum: -1, maximum: 1 }),
    timeoutS: Type.Optional(Type.Integer({ minimum: 1, maximum: 60 })),
  },
  { additionalProperties: false },
);
const PresetBody = Type.Object({ name: Type.String({ minLength: 1, maxLength: 60 }) }, { additionalProperties: false });
const PresetParams = Type.Object({ id: Type.Integer({ minimum: 1 }), token: Type.String({ minLength: 1, maxLength: 64 }) });

const AttachBody = Type.Object(
  {
    attachmentId: Type.Integer({ minimum: 1 }),
    caseId: Type.Integer({ minimum: 1 }),
    version: Type.Integer({ minimum: 1 }),
    comment: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);
const NewCaseBody = Type.Object(
  {
    attachmentId: Type.Integer({ minimum: 1 }),
    kind: Type.Union([Type.Literal('component'), Type.Literal('event')]),
    classCode: Type.String({ pattern: '^[0-9]{4,5}$' }),
    description: Type.String({ minLength: 1, maxLength: 4000 }),
    urgent: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

const DiscoverBody = Type.Object(
  {
    interface: Type.String({ minLength: 7, maxLength: 45, description: 'IPv4 address of the interface to probe from' }),
    waitMs: Type.Optional(Type.Integer({ minimum: 500, maximum: 10_000, default: 3000 })),
  },
  { additionalProperties: false },
);

const LayoutBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 60 }),
    grid: GridSchema,
    tiles: Type.Array(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()]), { maxItems: 36 }),
  },
  { additionalProperties: false },
);
const TourBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 60 }),
    grid: GridSchema,
    intervalS: Type.Integer({ minimum: 5, maximum: 3600 }),
    cameraIds: Type.Array(Type.Integer({ minimum: 1 }), { minItems: 1, maxItems: 500 }),
  },
  { additionalProperties: false },
);

const actorOf = (user: SessionUser): Actor => ({ id: user.id, roles: user.roles, departmentId: user.departmentId });

export function videoRoutes(app: GridhallApp, ctx: CountyContext): void {
  const service = ctx.video;
  const recording = recordingRoutes(app, ctx);
  cameraEventRoutes(app, ctx);
  app.addHook('onReady', async () => service.start());
  app.addHook('onClose', async () => service.close());
  const tags = ['video'];
  /** Cameras with their recording state (the list and the wall show it). */
  const withRecording = async <T extends { id: number }>(cameras: T[]): Promise<T[]> => {
    const states = await recording.allStatuses();
    return cameras.map((c) => {
      const status = states.get(c.id);
      return status ? { ...c, recording: status } : c;
    });
  };
  const security = [{ bearer: [] }];
  const view = (row: Parameters<typeof caseView>[0], viewer: { roles: readonly RoleCode[] }) => caseView(row, ctx.calendars.calendar, ctx.clock.now(), viewer);

  // Registry

  app.get('/api/cameras', { preHandler: authorize(), schema: { tags, summary: 'Every camera with its ONVIF state and recording state', security, response: withErrors(200) } }, async () => await withRecording(await service.list()));

  app.get(
    '/api/cameras/nearest',
    {
      preHandler: authorize(),
      schema: { tags, summary: 'The cameras nearest a point, nearest first (for the map)', security, querystring: NearestQuery, response: withErrors(200) },
    },
    async (request) => {
      const q = request.query as Static<typeof NearestQuery>;
      return await service.nearest(q.lon, q.lat, q.limit ?? 4);
    },
  );

  app.get(
    '/api/video/busiest',
    {
      preHandler: authorize(),
      schema: { tags, summary: 'Cameras at the busiest places (most cases in their grid over 30 days), busiest first: the wall\'s default tour', security, querystring: BusiestQuery, response: withErrors(200) },
    },
    async (request) => await service.busiest((request.query as Static<typeof BusiestQuery>).limit ?? 16),
  );

  app.get('/api/cameras/:id', { preHandler: authorize(), schema: { tags, summary: 'One camera', security, params: IdParams, response: withErrors(200) } }, async (request) =>
    await service.get((request.params as Static<typeof IdParams>).id),
  );

  app.post(
    '/api/cameras',
    { preHandler: authorize(ADMINS), schema: { tags, summary: 'Register a camera by its ONVIF address and credentials, then read it', security, body: CameraBody, response: withErrors(201) } },
    async (request, reply) => reply.status(201).send(await service.add(request.body as Static<typeof CameraBody>)),
  );

  app.patch(
    '/api/cameras/:id',
    { preHandler: authorize(ADMINS), schema: { tags, summary: 'Move a camera or change how to reach it', security, params: IdParams, body: CameraPatch, response: withErrors(200) } },
    async (request) => service.update((request.params as Static<typeof IdParams>).id, request.body as Static<typeof CameraPatch>),
  );

  app.delete(
    '/api/cameras/:id',
    { preHandler: authorize(ADMINS), schema: { tags, summary: 'Remove a camera from the registry', security, params: IdParams } },
    async (request, reply) => {
      await service.remove((request.params as Static<typeof IdParams>).id);
      return reply.status(204).send();
    },
  );

  app.post(
    '/api/cameras/:id/probe',
    { preHandler: authorize(VIDEO_OPERATORS), schema: { tags, summary: 'Read the camera again over ONVIF and update its state', security, params: IdParams, response: withErrors(200) } },
    async (request) => service.probe((request.params as Static<typeof IdParams>).id),
  );

  app.get('/api/video/interfaces', { preHandler: authorize(ADMINS), schema: { tags, summary: 'Network interfaces a discovery scan can use', security, response: withErrors(200) } }, async () =>
    scanInterfaces(),
  );

  app.post(
    '/api/video/discover',
    { preHandler: authorize(ADMINS), schema: { tags, summary: 'Scan one interface for ONVIF cameras (WS-Discovery)', security, body: DiscoverBody, response: withErrors(200) } },
    async (request) => {
      const body = request.body as Static<typeof DiscoverBody>;
      return service.discover(body.interface, body.waitMs ?? 3000);
    },
  );

  // Streams

  app.get(
    '/api/video/relays',
    { preHandler: authorize(), schema: { tags, summary: 'Health of every relayed stream: fps, bitrate, viewers, last frame', security, response: withErrors(200) } },
    async (): Promise<RelaysResponse> => ({ limit: service.relays.limit, transcodeLimit: service.relays.transcodeLimit, relays: service.relays.health() }),
  );

  app.get(
    '/api/video/live/:id',
    {
      websocket: true,
      schema: { tags, summary: 'Live fMP4 over WebSocket (?stream=sub|main&token=): text messages are LiveMessage, binary ones fMP4', params: IdParams, querystring: LiveQuery },
    },
    async (socket, request) => {
      const { id } = request.params as Static<typeof IdParams>;
      const query = request.query as Static<typeof LiveQuery>;
      const user = request.user ?? (query.token ? await ctx.auth.authenticate(query.token) : undefined);
      const refuse = (code: LiveCloseCode, message: LiveMessage) => {
        socket.send(JSON.stringify(message));
        socket.close(code, message.type === 'error' ? message.code : 'closed');
      };
      if (!user) return refuse(4401, { type: 'error', code: 'unauthorized', message: 'Sign in first (登录后再试)' });
      const stream: StreamKind = query.stream ?? 'sub';
      const viewer: RelayViewer = {
        send: (data) => {
          if (socket.readyState === socket.OPEN) socket.send(data);
        },
        bufferedAmount: () => (socket as WebSocket).bufferedAmount,
      };
      let relay: Relay;
      try {
        await service.get(id);
        relay = await service.relays.attach(id, stream, viewer, query.h264 === '1');
      } catch (error) {
        if (error instanceof RelayLimitError) return refuse(4429, { type: 'error', code: 'relay_limit', message: error.message });
        if (error instanceof AppError && error.code === 'not_found') return refuse(4404, { type: 'error', code: 'not_found', message: error.message });
        if (error instanceof AppError) return refuse(4409, { type: 'error', code: 'not_configured', message: error.message });
        throw error;
      }
      const leave = () => service.relays.detach(relay, viewer);
      socket.on('close', leave);
      socket.on('error', leave);
    },
  );

  // PTZ

  app.post(
    '/api/cameras/:id/ptz/move',
    { preHandler: authorize(VIDEO_OPERATORS), schema: { tags, summary: 'Continuous PTZ move (velocities -1..1; zoom > 0 zooms in); the camera stops after timeoutS', security, params: IdParams, body: MoveBody } },
    async (request, reply) => {
      const body = request.body as Static<typeof MoveBody>;
      await service.move((request.params as Static<typeof IdParams>).id, body, body.timeoutS);
      return reply.status(204).send();
    },
  );

  app.post('/api/cameras/:id/ptz/stop', { preHandler: authorize(VIDEO_OPERATORS), schema: { tags, summary: 'Stop pan, tilt and zoom', security, params: IdParams } }, async (request, reply) => {
    await service.stop((request.params as Static<typeof IdParams>).id);
    return reply.status(204).send();
  });

  app.post(
    '/api/cameras/:id/ptz/presets',
    { preHandler: authorize(VIDEO_OPERATORS), schema: { tags, summary: 'Save the current position as a named preset; returns the presets', security, params: IdParams, body: PresetBody, response: withErrors(200) } },
    async (request) => service.savePreset((request.params as Static<typeof IdParams>).id, (request.body as Static<typeof PresetBody>).name),
  );

  app.post(
    '/api/cameras/:id/ptz/presets/:token/goto',
    { preHandler: authorize(VIDEO_OPERATORS), schema: { tags, summary: 'Turn to a preset', security, params: PresetParams } },
    async (request, reply) => {
      const { id, token } = request.params as Static<typeof PresetParams>;
      await service.gotoPreset(id, token);
      return reply.status(204).send();
    },
  );

  app.delete(
    '/api/cameras/:id/ptz/presets/:token',
    { preHandler: authorize(VIDEO_OPERATORS), schema: { tags, summary: 'Remove a preset; returns the presets', security, params: PresetParams, response: withErrors(200) } },
    async (request) => {
      const { id, token } = request.params as Static<typeof PresetParams>;
      return service.removePreset(id, token);
    },
  );

  // Snapshots and evidence

  app.get('/api/cameras/:id/snapshot', { preHandler: authorize(), schema: { tags, summary: 'A JPEG of what the camera shows now (not kept)', security, params: IdParams } }, async (request, reply) => {
    const jpeg = await service.snapshot((request.params as Static<typeof IdParams>).id);
    return reply.type('image/jpeg').header('Cache-Control', 'no-store').send(jpeg);
  });

  app.post(
    '/api/cameras/:id/snapshots',
    { preHandler: authorize(VIDEO_OPERATORS), schema: { tags, summary: 'Take a snapshot and keep it as evidence (an attachment of kind snapshot)', security, params: IdParams, response: withErrors(201) } },
    async (request, reply) => {
      const row = await service.captureEvidence((request.params as Static<typeof IdParams>).id, request.user!.id);
      return reply.status(201).send(attachmentView(row));
    },
  );

  app.post(
    '/api/video/evidence/attach',
    { preHandler: authorize(), schema: { tags, summary: 'Put a kept snapshot on an existing case (as a note with the photo)', security, body: AttachBody, response: withErrors(200) } },
    async (request) => {
      const body = request.body as Static<typeof AttachBody>;
      const change = await service.attachToCase(body.caseId, { version: body.version, attachmentId: body.attachmentId, comment: body.comment?.trim() || '视频抓拍取证' }, actorOf(request.user!));
      return { case: view(change.case, request.user!), events: change.events.map(eventView) };
    },
  );

  app.post(
    '/api/cameras/:id/evidence/case',
    { preHandler: authorize(VIDEO_REPORTERS), schema: { tags, summary: 'Open a new case from video at the camera\'s place, with a kept snapshot', security, params: IdParams, body: NewCaseBody, response: withErrors(201) } },
    async (request, reply) => {
      const change = await service.openCase((request.params as Static<typeof IdParams>).id, request.body as Static<typeof NewCaseBody>, actorOf(request.user!));
      return reply.status(201).send({ case: view(change.case, request.user!) });
    },
  );

  // Layouts and tours: saved by name, shared by the hall.

  const named = [
    { path: '/api/video/layouts', what: 'wall layouts', body: LayoutBody, list: async () => await service.listLayouts(), save: service.saveLayout.bind(service), remove: service.deleteLayout.bind(service) },
    { path: '/api/video/tours', what: 'tours (轮巡)', body: TourBody, list: async () => await service.listTours(), save: service.saveTour.bind(service), remove: service.deleteTour.bind(service) },
  ] as const;
  for (const n of named) {
    app.get(n.path, { preHandler: authorize(), schema: { tags, summary: `Saved ${n.what}`, security, response: withErrors(200) } }, async () => await n.list());
    app.post(
      n.path,
      { preHandler: authorize(VIDEO_OPERATORS), schema: { tags, summary: `Save one of the ${n.what} by name (the same name is replaced)`, security, body: n.body, response: withErrors(200) } },
      async (request) => await n.save(request.body as never, request.user!.id),
    );
    app.delete(`${n.path}/:id`, { preHandler: authorize(VIDEO_OPERATORS), schema: { tags, summary: `Delete one of the ${n.what}`, security, params: IdParams } }, async (request, reply) => {
      await n.remove((request.params as Static<typeof IdParams>).id);
      return reply.status(204).send();
    });
  }
}
