// What the command wall reads from core (TypeBox schemas and their Static<> types).
import { Type, type Static } from 'typebox';

export const BasemapInfo = Type.Object({
  revision: Type.String(),
  bbox: Type.Object({
    west: Type.Number(),
    south: Type.Number(),
    east: Type.Number(),
    north: Type.Number(),
  }),
  minZoom: Type.Number(),
  maxZoom: Type.Number(),
  tileSize: Type.Number(),
  /** Template with {z}/{x}/{y}. */
  url: Type.String(),
});
export type BasemapInfo = Static<typeof BasemapInfo>;

export const TilesetInfo = Type.Object({
  id: Type.Number(),
  name: Type.String(),
  kind: Type.Enum(['buildings', 'external']),
  visible: Type.Boolean(),
  url: Type.String(),
  tiles: Type.Union([Type.Number(), Type.Null()]),
  bytes: Type.Union([Type.Number(), Type.Null()]),
  generatedMs: Type.Union([Type.Number(), Type.Null()]),
  /** How many buildings the tileset draws (core's own buildings tileset), null for a registered folder. */
  buildings: Type.Union([Type.Number(), Type.Null()]),
  updatedAt: Type.String(),
  folder: Type.String(),
});
export type TilesetInfo = Static<typeof TilesetInfo>;

export const ComponentClassInfo = Type.Object({
  code: Type.String(),
  level: Type.Enum(['big', 'small']),
  bigCode: Type.String(),
  name: Type.String(),
  nameEn: Type.Union([Type.String(), Type.Null()]),
});
export type ComponentClassInfo = Static<typeof ComponentClassInfo>;

export const WallComponentsMeta = Type.Object({
  count: Type.Number(),
  revision: Type.String(),
  adminCode: Type.Union([Type.String(), Type.Null()]),
  states: Type.Array(Type.String()),
  classes: Type.Array(ComponentClassInfo),
  url: Type.String(),
});
export type WallComponentsMeta = Static<typeof WallComponentsMeta>;

export const ComponentDetail = Type.Object({
  id: Type.String(),
  classCode: Type.String(),
  className: Type.Union([Type.String(), Type.Null()]),
  classNameEn: Type.Union([Type.String(), Type.Null()]),
  state: Type.Enum(['intact', 'damaged', 'lost', 'occupied']),
  ownerName: Type.Union([Type.String(), Type.Null()]),
  maintainerName: Type.Union([Type.String(), Type.Null()]),
  gridCode: Type.Union([Type.String(), Type.Null()]),
  lon: Type.Number(),
  lat: Type.Number(),
  createdDate: Type.Union([Type.String(), Type.Null()]),
  dataSource: Type.Union([Type.String(), Type.Null()]),
});
export type ComponentDetail = Static<typeof ComponentDetail>;

export const WallCase = Type.Object({
  id: Type.Number(),
  caseNo: Type.String(),
  state: Type.String(),
  kind: Type.Enum(['component', 'event']),
  classCode: Type.String(),
  urgent: Type.Boolean(),
  overdue: Type.Boolean(),
  lon: Type.Number(),
  lat: Type.Number(),
  gridCode: Type.Union([Type.String(), Type.Null()]),
  departmentId: Type.Union([Type.Number(), Type.Null()]),
  reportedAt: Type.Union([Type.String(), Type.Null()]),
  deadlineAt: Type.Union([Type.String(), Type.Null()]),
  description: Type.String(),
});
export type WallCase = Static<typeof WallCase>;

/** The payload of case.created / case.updated / case.overdue on /api/events. */
export const CaseEventData = Type.Object({
  id: Type.Number(),
  caseNo: Type.String(),
  state: Type.String(),
  kind: Type.Enum(['component', 'event']),
  classCode: Type.String(),
  source: Type.String(),
  urgent: Type.Boolean(),
  overdue: Type.Boolean(),
  lon: Type.Union([Type.Number(), Type.Null()]),
  lat: Type.Union([Type.Number(), Type.Null()]),
  gridCode: Type.Union([Type.String(), Type.Null()]),
  departmentId: Type.Union([Type.Number(), Type.Null()]),
  deadlineAt: Type.Union([Type.Number(), Type.Null()]),
  version: Type.Number(),
  actions: Type.Array(Type.String()),
});
export type CaseEventData = Static<typeof CaseEventData>;

export const WallCamera = Type.Object({
  id: Type.Number(),
  code: Type.String(),
  name: Type.String(),
  kind: Type.Enum(['police', 'city', 'vehicle', 'body']),
  lon: Type.Number(),
  lat: Type.Number(),
  headingDeg: Type.Number(),
  ptz: Type.Boolean(),
  gridCode: Type.Optional(Type.Union([Type.String(), Type.Null()])),
});
export type WallCamera = Static<typeof WallCamera>;

export const WallSensor = Type.Object({
  id: Type.Number(),
  code: Type.String(),
  name: Type.String(),
  kind: Type.Enum(['water_level', 'manhole_cover']),
  lon: Type.Number(),
  lat: Type.Number(),
  status: Type.Enum(['normal', 'alarm', 'offline']),
  gridCode: Type.Union([Type.String(), Type.Null()]),
  componentId: Type.Union([Type.String(), Type.Null()]),
});
export type WallSensor = Static<typeof WallSensor>;

export const WallVehicle = Type.Object({
  id: Type.Number(),
  code: Type.String(),
  plate: Type.String(),
  kind: Type.Enum(['sweeper', 'sprinkler', 'enforcement', 'patrol']),
  lon: Type.Number(),
  lat: Type.Number(),
  headingDeg: Type.Number(),
  seenAt: Type.Union([Type.String(), Type.Null()]),
  departmentId: Type.Union([Type.Number(), Type.Null()]),
});
export type WallVehicle = Static<typeof WallVehicle>;

export const WallDevices = Type.Object({
  cameras: Type.Array(WallCamera),
  sensors: Type.Array(WallSensor),
  vehicles: Type.Array(WallVehicle),
});
export type WallDevices = Static<typeof WallDevices>;

export const WallGridOutline = Type.Object({
  code: Type.String(),
  communityCode: Type.String(),
  center: Type.Tuple([Type.Number(), Type.Number()]),
  ring: Type.Array(Type.Tuple([Type.Number(), Type.Number()])),
});
export type WallGridOutline = Static<typeof WallGridOutline>;

export const TickerItem = Type.Object({
  id: Type.Number(),
  at: Type.String(),
  caseId: Type.Number(),
  caseNo: Type.String(),
  action: Type.String(),
  toState: Type.String(),
  classCode: Type.String(),
  kind: Type.String(),
  gridCode: Type.Union([Type.String(), Type.Null()]),
  urgent: Type.Boolean(),
});
export type TickerItem = Static<typeof TickerItem>;

/** GET /api/cases/:id, the parts the wall shows. */
export const CaseDetail = Type.Object({
  case: Type.Object({
    id: Type.Number(),
    caseNo: Type.String(),
    kind: Type.Enum(['component', 'event']),
    classCode: Type.String(),
    source: Type.String(),
    state: Type.String(),
    stateLabel: Type.Object({
      zh: Type.String(),
      en: Type.String(),
    }),
    urgent: Type.Boolean(),
    overdue: Type.Boolean(),
    description: Type.String(),
    address: Type.Union([Type.String(), Type.Null()]),
    lon: Type.Union([Type.Number(), Type.Null()]),
    lat: Type.Union([Type.Number(), Type.Null()]),
    gridCode: Type.Union([Type.String(), Type.Null()]),
    componentId: Type.Union([Type.String(), Type.Null()]),
    departmentId: Type.Union([Type.Number(), Type.Null()]),
    reportedAt: Type.String(),
    deadlineAt: Type.Union([Type.String(), Type.Null()]),
    remainingMs: Type.Union([Type.Number(), Type.Null()]),
  }),
  events: Type.Array(Type.Object({
    id: Type.Number(),
    seq: Type.Number(),
    at: Type.String(),
    action: Type.String(),
    fromState: Type.Union([Type.String(), Type.Null()]),
    toState: Type.String(),
    comment: Type.Union([Type.String(), Type.Null()]),
    actorRole: Type.Union([Type.String(), Type.Null()]),
  })),
});
export type CaseDetail = Static<typeof CaseDetail>;
