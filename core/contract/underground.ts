// 渣土车 (muck trucks on JT/T 808) and 地下管线 (underground pipelines) as the console sees them.
import { Type, type Static } from 'typebox';

export const MuckAlarmKind = Type.Enum(['off_corridor', 'outside_hours', 'unpermitted_site', 'speeding', 'silent']);
export type MuckAlarmKind = Static<typeof MuckAlarmKind>;

export const PipeKind = Type.Enum(['water', 'drainage', 'gas', 'power', 'telecom', 'heat']);
export type PipeKind = Static<typeof PipeKind>;

export const TruckItem = Type.Object({
  id: Type.Number(),
  plate: Type.String(),
  company: Type.Union([Type.String(), Type.Null()]),
  phone: Type.String(),
  registered: Type.Boolean(),
  lon: Type.Union([Type.Number(), Type.Null()]),
  lat: Type.Union([Type.Number(), Type.Null()]),
  speedKmh: Type.Union([Type.Number(), Type.Null()]),
  headingDeg: Type.Union([Type.Number(), Type.Null()]),
  seenAt: Type.Union([Type.String(), Type.Null()]),
  online: Type.Boolean(),
  permitCode: Type.Union([Type.String(), Type.Null()]),
  openAlarms: Type.Array(MuckAlarmKind),
});
export type TruckItem = Static<typeof TruckItem>;

export const TruckPermit = Type.Object({
  id: Type.Number(),
  code: Type.String(),
  truckId: Type.Number(),
  plate: Type.String(),
  originSiteId: Type.Number(),
  disposalSiteId: Type.Number(),
  origin: Type.String(),
  disposal: Type.String(),
  /** [lon, lat] along the corridor. */
  corridor: Type.Array(Type.Tuple([Type.Number(), Type.Number()])),
  bufferM: Type.Number(),
  validFrom: Type.String(),
  validTo: Type.String(),
  dayStartMin: Type.Number(),
  dayEndMin: Type.Number(),
  maxSpeedKmh: Type.Number(),
});
export type TruckPermit = Static<typeof TruckPermit>;

export const TruckSite = Type.Object({
  id: Type.Number(),
  code: Type.String(),
  name: Type.String(),
  kind: Type.Enum(['origin', 'disposal']),
  lon: Type.Number(),
  lat: Type.Number(),
  radiusM: Type.Number(),
});
export type TruckSite = Static<typeof TruckSite>;

export const TruckAlarm = Type.Object({
  id: Type.Number(),
  truckId: Type.Number(),
  plate: Type.String(),
  kind: MuckAlarmKind,
  label: Type.Object({
    zh: Type.String(),
    en: Type.String(),
  }),
  openedAt: Type.String(),
  closedAt: Type.Union([Type.String(), Type.Null()]),
  lon: Type.Union([Type.Number(), Type.Null()]),
  lat: Type.Union([Type.Number(), Type.Null()]),
  detail: Type.String(),
  caseId: Type.Union([Type.Number(), Type.Null()]),
  /** With the alarm's own page: [lon, lat, epoch ms, km/h] from 30 minutes before it. */
  track: Type.Optional(Type.Array(Type.Tuple([Type.Number(), Type.Number(), Type.Number(), Type.Number()]))),
});
export type TruckAlarm = Static<typeof TruckAlarm>;

export const TruckTrack = Type.Object({
  truck: Type.Object({
    id: Type.Number(),
    plate: Type.String(),
    company: Type.Union([Type.String(), Type.Null()]),
  }),
  from: Type.String(),
  to: Type.String(),
  points: Type.Array(Type.Tuple([Type.Number(), Type.Number(), Type.Number(), Type.Number()])),
});
export type TruckTrack = Static<typeof TruckTrack>;

/** The network for the wall: pipes [id, kind index, diameter mm, depth m, flat lon/lat...], wells [id, kind index, lon, lat, depth m]. */
export const PipelinePack = Type.Object({
  kinds: Type.Array(PipeKind),
  pipes: Type.Array(Type.Tuple([Type.Number(), Type.Number(), Type.Number(), Type.Number(), Type.Array(Type.Number())])),
  wells: Type.Array(Type.Tuple([Type.Number(), Type.Number(), Type.Number(), Type.Number(), Type.Number()])),
});
export type PipelinePack = Static<typeof PipelinePack>;

export const PipeItem = Type.Object({
  id: Type.Number(),
  code: Type.String(),
  kind: PipeKind,
  kindLabel: Type.Object({
    zh: Type.String(),
    en: Type.String(),
  }),
  diameterMm: Type.Union([Type.Number(), Type.Null()]),
  depthM: Type.Union([Type.Number(), Type.Null()]),
  material: Type.Union([Type.String(), Type.Null()]),
  owner: Type.Union([Type.String(), Type.Null()]),
  year: Type.Union([Type.Number(), Type.Null()]),
  lengthM: Type.Number(),
  coordinates: Type.Array(Type.Tuple([Type.Number(), Type.Number()])),
  changedDate: Type.Union([Type.String(), Type.Null()]),
  distanceM: Type.Optional(Type.Number()),
});
export type PipeItem = Static<typeof PipeItem>;

/** A well (检查井) as the register keeps it. */
export const Well = Type.Object({
  id: Type.Number(),
  code: Type.String(),
  kind: PipeKind,
  lon: Type.Number(),
  lat: Type.Number(),
  depthM: Type.Union([Type.Number(), Type.Null()]),
  owner: Type.Union([Type.String(), Type.Null()]),
  /** The manhole-cover component (井盖) over the well. */
  componentId: Type.Union([Type.String(), Type.Null()]),
  changedDate: Type.Union([Type.String(), Type.Null()]),
});
export type Well = Static<typeof Well>;

/** A well near a place, with its distance. */
export const WellNear = Type.Object({ ...Well.properties, distanceM: Type.Number() });
export type WellNear = Static<typeof WellNear>;

/** GET /api/pipelines/of-component/:id: the well under a manhole cover and the pipes it opens onto. */
export const WellPipes = Type.Object({ well: Type.Union([Well, WellNear]), pipes: Type.Array(PipeItem) });
export type WellPipes = Static<typeof WellPipes>;

/** GET /api/pipelines/of-sensor/:id: the same, for a sensor's cover. */
export const SensorWellPipes = Type.Object({ sensor: Type.Object({ id: Type.Number(), code: Type.String(), name: Type.String() }), ...WellPipes.properties });
export type SensorWellPipes = Static<typeof SensorWellPipes>;

export const WellItem = Type.Object({
  ...Well.properties,
  kindLabel: Type.Object({
    zh: Type.String(),
    en: Type.String(),
  }),
  pipes: Type.Array(PipeItem),
  sensors: Type.Array(Type.Object({
    id: Type.Number(),
    code: Type.String(),
    name: Type.String(),
  })),
});
export type WellItem = Static<typeof WellItem>;

export const PipesNear = Type.Object({
  radiusM: Type.Number(),
  pipes: Type.Array(PipeItem),
  owners: Type.Array(Type.Object({
    owner: Type.String(),
    kinds: Type.Array(PipeKind),
    count: Type.Number(),
  })),
  wells: Type.Array(WellNear),
});
export type PipesNear = Static<typeof PipesNear>;
