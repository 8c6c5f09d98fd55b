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
  /** How its recording goes (shown on the wall and in the list); absent when not asked. */
  recording?: RecordingStatus;
}

export interface NearestCamera extends CameraView {
  distanceM: number;
}

/** A camera at one of the busiest places: the cases reported in its grid over the last 30 days. */
export interface BusyCamera extends CameraView {
  caseCount: number;
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
  /** Milliseconds from the relay's start to its first frame (its own start time); null before. */
  firstFrameMs: number | null;
  /** A recorder takes this stream too (the one pull serves live and recording). */
  recording: boolean;
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


// Recording (录像), playback (录像回放) and clips (issue 15)

/** off; continuous (全天); schedule (weekly 计划); events (around each event, with pre/post seconds). */
export type RecordingMode = 'off' | 'continuous' | 'schedule' | 'events';

/** One weekly span in county time: day 1 (Monday) … 7 (Sunday), from/to as HH:MM (to may be 24:00). */
export interface ScheduleSpan {
  day: number;
  from: string;
  to: string;
}

export interface RecordingPlan {
  cameraId: number;
  mode: RecordingMode;
  stream: StreamKind;
  schedule: ScheduleSpan[];
  preS: number;
  postS: number;
  retainDays: number;
  /** 1 (lowest) … 9: a full disk stops the lowest first. */
  priority: number;
  updatedAt: string | null;
}

/**
 * recording: segments are being written; standby: events mode, writing a pre-roll that is kept
 * only around events; waiting: outside the schedule; off: no plan; error: the stream or the
 * disk failed (message says why; it retries); disk_full: stopped to keep the disk from filling.
 */
export type RecordingState = 'off' | 'recording' | 'standby' | 'waiting' | 'error' | 'disk_full';

export interface RecordingStatus {
  cameraId: number;
  mode: RecordingMode;
  state: RecordingState;
  message: string | null;
  since: string | null;
}

export interface RecordedRange {
  /** ISO times. */
  start: string;
  end: string;
}

export interface RecordedSegment extends RecordedRange {
  id: number;
  bytes: number;
  codec: string | null;
  width: number | null;
  height: number | null;
}

export interface Timeline {
  cameraId: number;
  from: string;
  to: string;
  /** Recorded spans, adjacent segments merged (gaps under 2 s closed). */
  ranges: RecordedRange[];
  segments: RecordedSegment[];
  events: { id: number; at: string; topic: string; source: string }[];
  /** Cases reported in the camera's grid in the window. */
  cases: { id: number; number: string; reportedAt: string; description: string }[];
}

export interface RecordingOverview {
  quotaBytes: number;
  usedBytes: number;
  freeBytes: number | null;
  statuses: RecordingStatus[];
}

export interface VideoClip {
  id: number;
  cameraId: number;
  askedFrom: string;
  askedTo: string;
  /** What the file really holds: from the keyframe at or before the in point to the end of the last frame. */
  startedAt: string;
  endedAt: string;
  bytes: number;
  sha256: string;
  caseId: number | null;
  reason: string | null;
  createdAt: string;
  /** GET it with the session's token. */
  url: string;
}

/** The manifest written beside an exported clip (复制视频资料) and into the audit trail. */
export interface ClipManifest {
  clipId: number;
  camera: { id: number; code: string; name: string };
  place: { lon: number; lat: number; gridCode: string | null };
  startedAt: string;
  endedAt: string;
  sha256: string;
  bytes: number;
  exportedBy: { id: number; username: string };
  exportedAt: string;
  reason: string;
  caseId: number | null;
  file: string;
}
