// One clock: every time the console shows is the county's wall clock (its time zone from
// /api/health, setting calendar.timeZone, default Asia/Shanghai), whatever zone the browser is
// in. Views format through this module only; `Date#getHours()` and friends, `toLocale*String()`
// and `Intl.DateTimeFormat` without a timeZone read the browser's zone, and are not used.
import { ref } from 'vue';
import { isTimeZone, zonedParts, type ZonedParts } from '../../core/contract/zone.js';

export const DEFAULT_COUNTY_ZONE = 'Asia/Shanghai';

/** The county's IANA zone; reactive, so formatted times re-render when it is known. */
export const countyZone = ref(DEFAULT_COUNTY_ZONE);

/** Takes the county's zone; an unknown one keeps the current rather than falling to the browser's. */
export function setCountyZone(zone: string | null | undefined): void {
  if (zone && isTimeZone(zone)) countyZone.value = zone;
}

type Instant = number | string | Date;

const toMs = (t: Instant): number => (typeof t === 'number' ? t : typeof t === 'string' ? Date.parse(t) : t.getTime());

export type CountyParts = ZonedParts;

/** The county's wall-clock fields of an instant. */
export function countyParts(t: Instant): CountyParts {
  return zonedParts(toMs(t), countyZone.value);
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * The hall's numeric styles (the same in Chinese and English):
 * - `time` 09:05, `seconds` 09:05:33
 * - `date` 2026-11-18, `monthDay` 11-18
 * - `short` 11-18 09:05 (the year too when it is not this year's)
 * - `minute` 2026-11-18 09:05, `full` 2026-11-18 09:05:33
 */
export type TimeStyle = 'time' | 'seconds' | 'date' | 'monthDay' | 'short' | 'minute' | 'full';

/** A time as the county's clock reads it; '' for an invalid instant. */
export function formatTime(t: Instant, style: TimeStyle, now: number = Date.now()): string {
  const ms = toMs(t);
  if (!Number.isFinite(ms)) return '';
  const p = countyParts(ms);
  const hm = `${pad(p.hour)}:${pad(p.minute)}`;
  const date = `${p.year}-${pad(p.month)}-${pad(p.day)}`;
  switch (style) {
    case 'time':
      return hm;
    case 'seconds':
      return `${hm}:${pad(p.second)}`;
    case 'date':
      return date;
    case 'monthDay':
      return `${pad(p.month)}-${pad(p.day)}`;
    case 'short':
      return `${p.year === countyParts(now).year ? '' : `${p.year}-`}${pad(p.month)}-${pad(p.day)} ${hm}`;
    case 'minute':
      return `${date} ${hm}`;
    case 'full':
      return `${date} ${hm}:${pad(p.second)}`;
  }
}

/** Locale words (a weekday, a month name) in the county's zone: `Intl.DateTimeFormat` options plus the zone. */
export function formatLocale(t: Instant, locale: string, options: Intl.DateTimeFormatOptions): string {
  return new Intl.DateTimeFormat(locale, { ...options, timeZone: countyZone.value }).format(toMs(t));
}

/** The county's date today, "2026-11-18". */
export function countyToday(now: number = Date.now()): string {
  return formatTime(now, 'date');
}

/** The county's year now. */
export function countyYear(now: number = Date.now()): number {
  return countyParts(now).year;
}
