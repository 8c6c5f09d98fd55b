// Settings rows: one JSON value per key, with the defaults filling what a county left unset.
import type { Db } from '../../db/database.js';
import { DEFAULT_TIME_ZONE, isTimeZone, zoneOffsetMinutes } from '../../runtime/zone.js';
import { DEFAULT_SETTINGS, type SettingsMap } from './defaults.js';

/** Values computed from others when read: the calendar's offset comes from its time zone. */
function derived<K extends keyof SettingsMap>(key: K, value: SettingsMap[K]): SettingsMap[K] {
  if (key !== 'calendar') return value;
  const calendar = value as SettingsMap['calendar'];
  const timeZone = isTimeZone(calendar.timeZone) ? calendar.timeZone : DEFAULT_TIME_ZONE;
  return { ...calendar, timeZone, utcOffsetMinutes: zoneOffsetMinutes(timeZone, Date.now()) } as SettingsMap[K];
}

/**
 * How long a cached setting, limit or calendar is trusted. On the county box one server owns
 * the file, and it drops its caches when it edits them. Servers sharing a PostgreSQL database
 * see each other's edits within this time.
 */
export function cacheLifetimeMs(db: Db): number {
  return db.dialect === 'postgres' ? 2000 : Infinity;
}

export class SettingsStore {
  private cache: Partial<SettingsMap> = {};
  private cachedAt = 0;
  private readonly lifetimeMs: number;

  constructor(private readonly db: Db) {
    this.lifetimeMs = cacheLifetimeMs(db);
  }

  async get<K extends keyof SettingsMap>(key: K): Promise<SettingsMap[K]> {
    if (performance.now() - this.cachedAt > this.lifetimeMs) {
      this.cache = {};
      this.cachedAt = performance.now();
    }
    const cached = this.cache[key];
    if (cached) return cached;
    const row = await this.db.statement<{ value: string }>('settings.get', 'SELECT value FROM settings WHERE key = ?').get([key]);
    const value = derived(key, { ...DEFAULT_SETTINGS[key], ...(row ? (JSON.parse(row.value) as Partial<SettingsMap[K]>) : {}) } as SettingsMap[K]);
    this.cache[key] = value;
    return value;
  }

  async set<K extends keyof SettingsMap>(key: K, value: SettingsMap[K], now: number, userId: number | null): Promise<void> {
    await this.db
      .statement(
        'settings.set',
        `INSERT INTO settings (key, value, updated_at, updated_by) VALUES (?, ?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
      )
      .run([key, JSON.stringify(value), now, userId]);
    delete this.cache[key];
  }
}
