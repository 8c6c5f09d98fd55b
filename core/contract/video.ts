// The video API's shapes: cameras as the console sees them, relay health, layouts and tours,
// and the messages of the live stream WebSocket (/api/video/live/:id).
import { Type, type Static } from 'typebox';

export const CameraKind = Type.Enum(['police', 'city', 'vehicle', 'body']);
export type CameraKind = Static<typeof CameraKind>;

/**
 * unknown: never reached yet; online: answers ONVIF; offline: no answer (refused, timed out);
 * auth_failed: the credentials are refused; bad_response: answers that are not ONVIF;
 * stream_failed: ONVIF answers but the stream cannot be opened.
 */
export const CameraStatus = Type.Enum(['unknown', 'online', 'offline', 'auth_failed', 'bad_response', 'stream_failed']);
export type CameraStatus = Static<typeof CameraStatus>;

export const CameraProfile = Type.Object({
  token: Type.String(),
  name: Type.String(),
  width: Type.Number(),
  height: Type.Number(),
  fps: Type.Number(),
  kbps: Type.Number(),
  encoding: Type.String(),
  streamUri: Type.String(),
  /** What the stream itself carries (RFC 6381, e.g. avc1.42C01E, hev1.1.6.L93.B0): seen by the relay or ffprobe; absent until then. */
  codec: Type.Optional(Type.Union([Type.String(), Type.Null()])),
});
export type CameraProfile = Static<typeof CameraProfile>;

export const CameraPreset = Type.Object({
  token: Type.String(),
  name: Type.String(),
});
export type CameraPreset = Static<typeof CameraPreset>;

// Recording (录像), playback (录像回放) and clips (issue 15)
/** off; continuous (全天); schedule (weekly 计划); events (around each event, with pre/post seconds). */
export const RecordingMode = Type.Enum(['off', 'continuous', 'schedule', 'events']);
export type RecordingMode = Static<typeof RecordingMode>;

/**
 * recording: segments are being written; standby: events mode, writing a pre-roll that is kept
 * only around events; waiting: outside the schedule; off: no plan; error: the stream or the
 * disk failed (message says why; it retries); disk_full: stopped to keep the disk from filling.
 */
export const RecordingState = Type.Enum(['off', 'recording', 'standby', 'waiting', 'error', 'disk_full']);
export type RecordingState = Static<typeof RecordingState>;

export const RecordingStatus = Type.Object({
  cameraId: Type.Number(),
  mode: RecordingMode,
  state: RecordingState,
  message: Type.Union([Type.String(), Type.Null()]),
  since: Type.Union([Type.String(), Type.Null()]),
});
export type RecordingStatus = Static<typeof RecordingStatus>;

export const CameraView = Type.Object({
  id: Type.Number(),
  code: Type.String(),
  name: Type.String(),
  kind: CameraKind,
  lon: Type.Number(),
  lat: Type.Number(),
  heightM: Type.Number(),
  headingDeg: Type.Number(),
  gridCode: Type.Union([Type.String(), Type.Null()]),
  departmentId: Type.Union([Type.Number(), Type.Null()]),
  ptz: Type.Boolean(),
  onvifUrl: Type.Union([Type.String(), Type.Null()]),
  /** A camera without ONVIF, registered by its plain RTSP URL (without credentials); null for ONVIF cameras. */
  rtspUrl: Type.Union([Type.String(), Type.Null()]),
  username: Type.Union([Type.String(), Type.Null()]),
  /** Whether a password is stored; the password itself never leaves the server. */
  hasPassword: Type.Boolean(),
  simulated: Type.Boolean(),
  manufacturer: Type.Union([Type.String(), Type.Null()]),
  model: Type.Union([Type.String(), Type.Null()]),
  firmware: Type.Union([Type.String(), Type.Null()]),
  serial: Type.Union([Type.String(), Type.Null()]),
  profiles: Type.Array(CameraProfile),
  mainProfile: Type.Union([Type.String(), Type.Null()]),
  subProfile: Type.Union([Type.String(), Type.Null()]),
  presets: Type.Array(CameraPreset),
  status: CameraStatus,
  statusMessage: Type.Union([Type.String(), Type.Null()]),
  statusAt: Type.Union([Type.String(), Type.Null()]),
  /** How its recording goes (shown on the wall and in the list); absent when not asked. */
  recording: Type.Optional(RecordingStatus),
});
export type CameraView = Static<typeof CameraView>;

export const NearestCamera = Type.Object({
  ...CameraView.properties,
  distanceM: Type.Number(),
});
export type NearestCamera = Static<typeof NearestCamera>;

/** A camera at one of the busiest places: the cases reported in its grid over the last 30 days. */
export const BusyCamera = Type.Object({
  ...CameraView.properties,
  caseCount: Type.Number(),
});
export type BusyCamera = Static<typeof BusyCamera>;

export const RelayState = Type.Enum(['starting', 'playing', 'reconnecting', 'stopped']);
export type RelayState = Static<typeof RelayState>;

export const StreamKind = Type.Enum(['main', 'sub']);
export type StreamKind = Static<typeof StreamKind>;

export const RelayHealth = Type.Object({
  cameraId: Type.Number(),
  stream: StreamKind,
  state: RelayState,
  message: Type.Union([Type.String(), Type.Null()]),
  viewers: Type.Number(),
  fps: Type.Number(),
  kbps: Type.Number(),
  lastFrameAt: Type.Union([Type.String(), Type.Null()]),
  startedAt: Type.String(),
  restarts: Type.Number(),
  codec: Type.Union([Type.String(), Type.Null()]),
  width: Type.Union([Type.Number(), Type.Null()]),
  height: Type.Union([Type.Number(), Type.Null()]),
  /** Milliseconds from the relay's start to its first frame (its own start time); null before. */
  firstFrameMs: Type.Union([Type.Number(), Type.Null()]),
  /** A recorder takes this stream too (the one pull serves live and recording). */
  recording: Type.Boolean(),
  /** A transcoder: it turns this codec (H.265) into H.264 for browsers that cannot decode it (转码中); null for a copy. */
  transcodedFrom: Type.Union([Type.String(), Type.Null()]),
});
export type RelayHealth = Static<typeof RelayHealth>;

export const RelaysResponse = Type.Object({
  limit: Type.Number(),
  /** At most this many transcoders (H.265 → H.264) run at once. */
  transcodeLimit: Type.Number(),
  relays: Type.Array(RelayHealth),
});
export type RelaysResponse = Static<typeof RelaysResponse>;

export const WallGrid = Type.Union([Type.Literal(1), Type.Literal(4), Type.Literal(9), Type.Literal(16), Type.Literal(25), Type.Literal(36)]);
export type WallGrid = Static<typeof WallGrid>;

export const WallLayout = Type.Object({
  id: Type.Number(),
  name: Type.String(),
  grid: WallGrid,
  /** One camera id (or null) per tile, row by row. */
  tiles: Type.Array(Type.Union([Type.Number(), Type.Null()])),
  updatedAt: Type.String(),
});
export type WallLayout = Static<typeof WallLayout>;

export const WallTour = Type.Object({
  id: Type.Number(),
  name: Type.String(),
  grid: WallGrid,
  intervalS: Type.Number(),
  cameraIds: Type.Array(Type.Number()),
  updatedAt: Type.String(),
});
export type WallTour = Static<typeof WallTour>;

export const DiscoveredCamera = Type.Object({
  address: Type.String(),
  endpoint: Type.String(),
  scopes: Type.Array(Type.String()),
  name: Type.Union([Type.String(), Type.Null()]),
  hardware: Type.Union([Type.String(), Type.Null()]),
  /** The id of the camera already registered at this address, if any. */
  registeredId: Type.Union([Type.Number(), Type.Null()]),
});
export type DiscoveredCamera = Static<typeof DiscoveredCamera>;

export const NetworkInterfaceOption = Type.Object({
  name: Type.String(),
  address: Type.String(),
  loopback: Type.Boolean(),
});
export type NetworkInterfaceOption = Static<typeof NetworkInterfaceOption>;

/** Text messages on /api/video/live/:id; binary messages are fMP4 (the first after "init" is the init segment). */
export const LiveMessage = Type.Union([Type.Object({
  type: Type.Literal('init'),
  codec: Type.String(),
  width: Type.Union([Type.Number(), Type.Null()]),
  height: Type.Union([Type.Number(), Type.Null()]),
  /** The camera sends this codec (H.265); the server transcodes it to H.264 while someone watches (转码中). */
  transcodedFrom: Type.Optional(Type.String()),
}), Type.Object({
  type: Type.Literal('state'),
  state: RelayState,
  message: Type.Union([Type.String(), Type.Null()]),
}), Type.Object({
  type: Type.Literal('stats'),
  fps: Type.Number(),
  kbps: Type.Number(),
  viewers: Type.Number(),
  lastFrameAt: Type.Union([Type.String(), Type.Null()]),
}), Type.Object({
  type: Type.Literal('error'),
  code: Type.Enum(['relay_limit', 'not_found', 'unauthorized', 'not_configured', 'bad_request']),
  message: Type.String(),
})]);
export type LiveMessage = Static<typeof LiveMessage>;

/**
 * Close codes of the live socket: 4401 unauthorized, 4404 no such camera, 4409 camera not
 * configured for ONVIF, 4429 relay limit reached (retry later). 4401/4404/4409 mean "do not retry".
 */
export const LiveCloseCode = Type.Union([Type.Literal(4401), Type.Literal(4404), Type.Literal(4409), Type.Literal(4429)]);
export type LiveCloseCode = Static<typeof LiveCloseCode>;

/** One weekly span in county time: day 1 (Monday) … 7 (Sunday), from/to as HH:MM (to may be 24:00). */
export const ScheduleSpan = Type.Object({
  day: Type.Number(),
  from: Type.String(),
  to: Type.String(),
});
export type ScheduleSpan = Static<typeof ScheduleSpan>;

export const RecordingPlan = Type.Object({
  cameraId: Type.Number(),
  mode: RecordingMode,
  stream: StreamKind,
  schedule: Type.Array(ScheduleSpan),
  preS: Type.Number(),
  postS: Type.Number(),
  retainDays: Type.Number(),
  /** 1 (lowest) … 9: a full disk stops the lowest first. */
  priority: Type.Number(),
  updatedAt: Type.Union([Type.String(), Type.Null()]),
});
export type RecordingPlan = Static<typeof RecordingPlan>;

export const RecordedRange = Type.Object({
  /** ISO times. */
  start: Type.String(),
  end: Type.String(),
});
export type RecordedRange = Static<typeof RecordedRange>;

export const RecordedSegment = Type.Object({
  ...RecordedRange.properties,
  id: Type.Number(),
  bytes: Type.Number(),
  codec: Type.Union([Type.String(), Type.Null()]),
  width: Type.Union([Type.Number(), Type.Null()]),
  height: Type.Union([Type.Number(), Type.Null()]),
});
export type RecordedSegment = Static<typeof RecordedSegment>;

export const Timeline = Type.Object({
  cameraId: Type.Number(),
  from: Type.String(),
  to: Type.String(),
  /** Recorded spans, adjacent segments merged (gaps under 2 s closed). */
  ranges: Type.Array(RecordedRange),
  segments: Type.Array(RecordedSegment),
  events: Type.Array(Type.Object({
    id: Type.Number(),
    at: Type.String(),
    topic: Type.String(),
    source: Type.String(),
  })),
  /** Cases reported in the camera's grid in the window. */
  cases: Type.Array(Type.Object({
    id: Type.Number(),
    number: Type.String(),
    reportedAt: Type.String(),
    description: Type.String(),
  })),
});
export type Timeline = Static<typeof Timeline>;

export const RecordingOverview = Type.Object({
  quotaBytes: Type.Number(),
  usedBytes: Type.Number(),
  freeBytes: Type.Union([Type.Number(), Type.Null()]),
  statuses: Type.Array(RecordingStatus),
});
export type RecordingOverview = Static<typeof RecordingOverview>;

export const VideoClip = Type.Object({
  id: Type.Number(),
  cameraId: Type.Number(),
  askedFrom: Type.String(),
  askedTo: Type.String(),
  /** What the file really holds: from the keyframe at or before the in point to the end of the last frame. */
  startedAt: Type.String(),
  endedAt: Type.String(),
  bytes: Type.Number(),
  sha256: Type.String(),
  caseId: Type.Union([Type.Number(), Type.Null()]),
  reason: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  /** GET it with the session's token. */
  url: Type.String(),
});
export type VideoClip = Static<typeof VideoClip>;

/** The manifest written beside an exported clip (复制视频资料) and into the audit trail. */
export const ClipManifest = Type.Object({
  clipId: Type.Number(),
  camera: Type.Object({
    id: Type.Number(),
    code: Type.String(),
    name: Type.String(),
  }),
  place: Type.Object({
    lon: Type.Number(),
    lat: Type.Number(),
    gridCode: Type.Union([Type.String(), Type.Null()]),
  }),
  startedAt: Type.String(),
  endedAt: Type.String(),
  sha256: Type.String(),
  bytes: Type.Number(),
  exportedBy: Type.Object({
    id: Type.Number(),
    username: Type.String(),
  }),
  exportedAt: Type.String(),
  reason: Type.String(),
  caseId: Type.Union([Type.Number(), Type.Null()]),
  file: Type.String(),
});
export type ClipManifest = Static<typeof ClipManifest>;

// Camera events → alarms and cases (issue 15): rules (系统维护), what each did, and each camera's subscription.

/** The topics the simulator and most cameras raise, by their ONVIF names (prefixes dropped). */
export const CAMERA_EVENT_TOPICS = {
  motion: 'RuleEngine/CellMotionDetector/Motion',
  tamper: 'VideoSource/GlobalSceneChange/ImagingService',
  line_crossing: 'RuleEngine/LineDetector/Crossed',
  illegal_parking: 'RuleEngine/FieldDetector/ObjectsInside',
} as const;

const HhMm = Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$|^24:00$', description: 'county time HH:MM' });

export const CameraEventRuleInput = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 80 }),
    /** The ONVIF topic without prefixes (or its beginning), e.g. RuleEngine/CellMotionDetector/Motion. */
    topic: Type.String({ minLength: 1, maxLength: 200 }),
    /** The cameras it watches; empty: every camera. */
    cameraIds: Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 1000 }),
    /** An alarm on the wall (告警中心), or a case with the still and a clip (through the intake, source video). */
    action: Type.Union([Type.Literal('alarm'), Type.Literal('case')]),
    caseKind: Type.Optional(Type.Union([Type.Literal('component'), Type.Literal('event')])),
    classCode: Type.Optional(Type.String({ maxLength: 10 })),
    /** The working window in county time (from > to spans midnight). */
    fromTime: Type.Optional(HhMm),
    toTime: Type.Optional(HhMm),
    /** One case (or alarm) per camera within this many seconds; repeats are counted on it. */
    dedupS: Type.Optional(Type.Integer({ minimum: 0, maximum: 86_400 })),
    /** The clip: seconds before and after the event. */
    preS: Type.Optional(Type.Integer({ minimum: 0, maximum: 300 })),
    postS: Type.Optional(Type.Integer({ minimum: 0, maximum: 600 })),
    enabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type CameraEventRuleInput = Static<typeof CameraEventRuleInput>;

export const CameraEventRule = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  topic: Type.String(),
  cameraIds: Type.Array(Type.Integer()),
  action: Type.Union([Type.Literal('alarm'), Type.Literal('case')]),
  caseKind: Type.Union([Type.Literal('component'), Type.Literal('event'), Type.Null()]),
  classCode: Type.Union([Type.String(), Type.Null()]),
  fromTime: Type.String(),
  toTime: Type.String(),
  dedupS: Type.Integer(),
  preS: Type.Integer(),
  postS: Type.Integer(),
  enabled: Type.Boolean(),
  updatedAt: Type.String(),
});
export type CameraEventRule = Static<typeof CameraEventRule>;

export const CameraEventHit = Type.Object({
  id: Type.Integer(),
  ruleId: Type.Integer(),
  cameraId: Type.Integer(),
  topic: Type.String(),
  at: Type.String(),
  /** Events folded into this one by de-duplication (1: only itself). */
  repeats: Type.Integer(),
  caseId: Type.Union([Type.Integer(), Type.Null()]),
  alarmId: Type.Union([Type.Integer(), Type.Null()]),
  clipId: Type.Union([Type.Integer(), Type.Null()]),
  note: Type.Union([Type.String(), Type.Null()]),
});
export type CameraEventHit = Static<typeof CameraEventHit>;

export const CameraSubscription = Type.Object({
  cameraId: Type.Integer(),
  state: Type.Union([Type.Literal('subscribing'), Type.Literal('subscribed'), Type.Literal('failed')]),
  message: Type.Union([Type.String(), Type.Null()]),
  /** Events received since the server started. */
  received: Type.Integer(),
  lastEventAt: Type.Union([Type.String(), Type.Null()]),
});
export type CameraSubscription = Static<typeof CameraSubscription>;

export const CameraEventsOverview = Type.Object({
  rules: Type.Array(CameraEventRule),
  subscriptions: Type.Array(CameraSubscription),
  hits: Type.Array(CameraEventHit),
});
export type CameraEventsOverview = Static<typeof CameraEventsOverview>;
