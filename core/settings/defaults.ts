// County-editable parameters and their defaults. Most are [U] in DOMAIN.md: sensible
// defaults that a county changes in 系统维护, never truths baked into code.
import type { TimeLimit } from '../calendar/calendar.js';

export interface WorkflowSettings {
  /** 处置反馈 must carry at least one photo. */
  photoRequiredOnDispose: boolean;
  /** A due-soon warning fires when this share of the disposal limit is left. */
  dueSoonFraction: number;
  /** Disposal limit for urgent cases (急件) when the class sets none: clock time. */
  urgentLimit: TimeLimit;
}

export interface BlacklistSettings {
  /** The same class this many times in one grid within windowDays flags the grid (黑名单). */
  threshold: number;
  windowDays: number;
}

export interface DuplicateSettings {
  /** An open case of the same class within this radius is shown before filing. */
  radiusM: number;
}

export interface CalendarSettings {
  utcOffsetMinutes: number;
  weekendDays: number[];
}

export interface DemoSettings {
  /** New reports per minute the demo county makes while it runs (0 stops it). */
  liveReportsPerMinute: number;
}

export interface SettingsMap {
  workflow: WorkflowSettings;
  blacklist: BlacklistSettings;
  duplicate: DuplicateSettings;
  calendar: CalendarSettings;
  demo: DemoSettings;
}

export const DEFAULT_SETTINGS: SettingsMap = {
  workflow: { photoRequiredOnDispose: true, dueSoonFraction: 0.2, urgentLimit: { value: 2, unit: 'hours' } },
  blacklist: { threshold: 3, windowDays: 30 },
  duplicate: { radiusM: 50 },
  calendar: { utcOffsetMinutes: 480, weekendDays: [0, 6] },
  demo: { liveReportsPerMinute: 2 },
};
