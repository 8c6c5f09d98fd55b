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
});
export type CameraProfile = Static<typeof CameraProfile>;

export const CameraPreset = Type.Object({
  token: Type.String(),
  name: Type.String(),
});
export type CameraPreset = Static<typeof CameraPreset>;

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
});
export type CameraView = Static<typeof CameraView>;

export const NearestCamera = Type.Object({
  ...CameraView.properties,
  distanceM: Type.Number(),
});
export type NearestCamera = Static<typeof NearestCamera>;

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
});
export type RelayHealth = Static<typeof RelayHealth>;

export const RelaysResponse = Type.Object({
  limit: Type.Number(),
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
