// What the routes of a running county share: one database, one clock, one logger, one event hub.
import type { AuthService } from '../base/people/index.js';
import type { AuthStore } from '../base/people/index.js';
import type { Clock } from '../runtime/clock.js';
import type { GridhallConfig } from '../runtime/config.js';
import type { Db } from '../db/database.js';
import type { Logger } from '../runtime/log.js';
import type { CountyServices } from '../app/index.js';
import type { EventHub } from './events.js';
import type { AdminService } from '../admin/index.js';
import type { VideoService } from '../video/index.js';
import type { RecordingService } from '../video/recording/index.js';
import type { CameraEventService } from '../video/events/index.js';

export interface CountyContext extends CountyServices {
  config: GridhallConfig;
  db: Db;
  clock: Clock;
  log: Logger;
  events: EventHub;
  authStore: AuthStore;
  auth: AuthService;
  version: string;
  /** 应用维护: the administrator's edits, each with its audit row. */
  admin: AdminService;
  /** The camera registry and the relays (one pull per camera). */
  video: VideoService;
  /** Recording, playback, clips: riding the relays' pulls. */
  recordings: RecordingService;
  /** Camera events (ONVIF pull points) → timeline, wall, alarms and cases. */
  cameraEvents: CameraEventService;
}
