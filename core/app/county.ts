// Opening a county: the data folder, the database and its migrations, the first admin,
// and the demo county when the folder is new. The composition root for everything else.
import { mkdirSync } from 'node:fs';
import { argon2Hasher } from '../base/people/index.js';
import { AuthService } from '../base/people/index.js';
import { AuthStore } from '../base/people/index.js';
import { type Clock, systemClock } from '../runtime/clock.js';
import type { GridhallConfig } from '../runtime/config.js';
import { openDatabase } from '../db/open.js';
import { applyMigrations } from '../db/migrate.js';
import { createLogger, type Logger } from '../runtime/log.js';
import { AdminService } from '../admin/index.js';
import { buildVideo } from './video.js';
import type { CountyContext } from '../server/context.js';
import { EventHub } from '../server/events.js';
import { buildServices } from './services.js';
import { bootstrapCounty, type ProgressFn } from './bootstrap.js';
import { version } from '../runtime/version.js';

export interface OpenCountyOptions {
  clock?: Clock;
  log?: Logger;
  onProgress?: ProgressFn;
}

export interface OpenedCounty extends CountyContext {
  /** Set once, when this start created the admin with a generated password: print it. */
  generatedAdminPassword?: string;
  demoCreated: boolean;
  /** Set when the demo staff got a password of their own (the admin existed before): print it. */
  demoPassword?: string;
  close(): Promise<void>;
}

import { databasePath } from '../db/files.js';
export { DB_FILE, databasePath } from '../db/files.js';

export async function openCounty(config: GridhallConfig, options: OpenCountyOptions = {}): Promise<OpenedCounty> {
  const clock = options.clock ?? systemClock;
  const log = options.log ?? createLogger(config.logLevel);
  mkdirSync(config.dataDir, { recursive: true });
  const db = await openDatabase(config.database ?? databasePath(config.dataDir), log, { synchronous: config.synchronous });
  try {
    await applyMigrations(db, undefined, clock.now());
    const authStore = new AuthStore(db);
    const events = new EventHub(() => clock.now());
    const services = buildServices(db, clock, events, authStore, config.dataDir, log);
    // 等保 account rules come from the county's security settings, read at each use.
    const auth = new AuthService(authStore, clock, argon2Hasher, services.audit, () => services.settings.get('security'));
    const base: Omit<CountyContext, 'admin' | 'video' | 'recordings' | 'cameraEvents'> = { config, db, clock, log, events, authStore, auth, version, ...services };
    // 应用维护 works across every base-data slice, so it is given the rest of the county.
    const ctx: CountyContext = Object.assign(base, { admin: new AdminService(base, base.audit, base.roster), ...buildVideo(base) });
    const admin = await auth.ensureAdmin(config.adminPassword);
    const boot = await bootstrapCounty(ctx, { adminPassword: admin.password, onProgress: options.onProgress });
    // Aggregates miss events written around the workflow (a bulk history): rebuild them from the trail.
    await ctx.analytics.ensureFresh(log, (done, total) => options.onProgress?.('analytics: rebuilding aggregates', done / Math.max(total, 1)));
    // The heatmap's columns load after the server answers (core/index.ts), or on first use.
    const opened: OpenedCounty = {
      ...ctx,
      demoCreated: boot.demoCreated,
      ...(boot.demoPassword ? { demoPassword: boot.demoPassword } : {}),
      close: async () => {
        // The heatmap columns as they stand, so the next start reads them instead of the table.
        try {
          await ctx.analytics.saveColumns();
        } catch (error) {
          log.warn({ err: error }, 'the heatmap columns were not saved; the next start reads the case table');
        }
        await db.close();
      },
    };
    if (admin.created && admin.generated && admin.password) opened.generatedAdminPassword = admin.password;
    return opened;
  } catch (error) {
    await db.close();
    throw error;
  }
}
