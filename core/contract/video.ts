// The video API's shapes: cameras as the console sees them, relay health, layouts and tours,
// and the messages of the live stream WebSocket (/api/video/live/:id).

export type CameraKind = 'police' | 'city' | 'vehicle' | 'body';

/**
 * unknown: never reached yet; online: answers ONVIF; offline: no answer (refused, timed out);
 * auth_failed: the credentials are refused; bad_response: answers that are not ONVIF;
 * stream_failed: ONVIF answers but the stream cannot be opened.
 */
export type CameraStatus = 'unknown' | 'online' | 'offline' | 'auth_failed' | 'bad_response' | 'stream_failed';

export interface CameraProfile {
  token: string;
  name: string;
  width: number;
  height: number;
  fps: number;
  kbps: number;
  encoding: string;
  streamUri: string;
}

export interface CameraPreset {
  token: string;
  name: string;
}

export interface CameraView {
  id: number;
  code: string;
  name: string;
  kind: CameraKind;
  lon: number;
  lat: number;
  heightM: number;
  headingDeg: number;
  gridCode: string | null;
  departmentId: number | null;
  ptz: boolean;
  onvifUrl: string | null;
  username: string | null;
  /** Whether a password is stored; the password itself never leaves the server. */
  hasPassword: boolean;
  simulated: boolean;
  manufacturer: string | null;
  model: string | null;
  firmware: string | null;
  serial: string | null;
  profiles: CameraProfile[];
  mainProfile: string | null;
  subProfile: string | null;
  presets: CameraPreset[];
  status: CameraStatus;
  statusMessage: string | null;
  statusAt: string | null;
}

export interface NearestCamera extends CameraView {
  distanceM: number;
}

export type RelayState = 'starting' | 'playing' | 'reconnecting' | 'stopped';
export type StreamKind = 'main' | 'sub';

export interface RelayHealth {
  cameraId: number;
  stream: StreamKind;
  state: RelayState;
  message: string | null;
  viewers: number;
  fps: number;
  kbps: number;
  lastFrameAt: string | null;
  startedAt: string;
  restarts: number;
  codec: string | null;
  width: number | null;
  height: number | null;
}

export interface RelaysResponse {
  limit: number;
  relays: RelayHealth[];
}

export type WallGrid = 1 | 4 | 9 | 16 | 25 | 36;

export interface WallLayout {
  id: number;
  name: string;
  grid: WallGrid;
  /** One camera id (or null) per tile, row by row. */
  tiles: (number | null)[];
  updatedAt: string;
}

export interface WallTour {
  id: number;
  name: string;
  grid: WallGrid;
  intervalS: number;
  cameraIds: number[];
  updatedAt: string;
}

export interface DiscoveredCamera {
  address: string;
  endpoint: string;
  scopes: string[];
  name: string | null;
  hardware: string | null;
  /** The id of the camera already registered at this address, if any. */
  registeredId: number | null;
}

export interface NetworkInterfaceOption {
  name: string;
  address: string;
  loopback: boolean;
}

/** Text messages on /api/video/live/:id; binary messages are fMP4 (the first after "init" is the init segment). */
export type LiveMessage =
  | { type: 'init'; codec: string; width: number | null; height: number | null }
  | { type: 'state'; state: RelayState; message: string | null }
  | { type: 'stats'; fps: number; kbps: number; viewers: number; lastFrameAt: string | null }
  | { type: 'error'; code: 'relay_limit' | 'not_found' | 'unauthorized' | 'not_configured' | 'bad_request'; message: string };

/**
 * Close codes of the live socket: 4401 unauthorized, 4404 no such camera, 4409 camera not
 * configured for ONVIF, 4429 relay limit reached (retry later). 4401/4404/4409 mean "do not retry".
 */
export type LiveCloseCode = 4401 | 4404 | 4409 | 4429;

