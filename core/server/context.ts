// What the routes of a running county share: one database, one clock, one logger, one event hub.
import type { AuthService } from '../auth/service.js';
import type { AuthStore } from '../auth/store.js';
import type { Clock } from '../clock.js';
import type { GridhallConfig } from '../config.js';
import type { Db } from '../db/database.js';
import type { Logger } from '../log.js';
import type { CountyServices } from '../services.js';
import type { EventHub } from './events.js';

export interface CountyContext extends CountyServices {
  config: GridhallConfig;
  db: Db;
  clock: Clock;
  log: Logger;
  events: EventHub;
  authStore: AuthStore;
  auth: AuthService;
  version: string;
}
