// The county's clock face: every time Gridhall writes for people (exports, reports, file names,
// case descriptions, camera overlays) is in the county's time zone (setting calendar.timeZone,
// an IANA name, default Asia/Shanghai), never the server machine's. Pure Intl, no library.

import { zonedParts } from '../contract/zone.js';

export { isTimeZone, zonedParts, type ZonedParts } from '../contract/zone.js';

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

/** Minutes the zone is ahead of UTC at that instant (480 for Asia/Shanghai). */
export function zoneOffsetMinutes(timeZone: string, at: number): number {
  const p = zonedParts(at, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return Math.round((asUtc - Math.floor(at / 1000) * 1000) / 60_000);
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** "2026-11-18" in the zone. */
export function zonedDate(ms: number, timeZone: string): string {
  const p = zonedParts(ms, timeZone);
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}`;
}

/** "2026-11-18 09:05:33" in the zone: for exports and reports people read. */
export function zonedDateTime(ms: number, timeZone: string): string {
  const p = zonedParts(ms, timeZone);
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}`;
}

/** "2026-11-18T09:05:33+08:00": ISO 8601 with the zone's offset, for machines that want both. */
export function zonedIso(ms: number, timeZone: string): string {
  const offset = zoneOffsetMinutes(timeZone, ms);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${zonedDateTime(ms, timeZone).replace(' ', 'T')}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** The instant a county date ("2026-11-18") begins in the zone (its local midnight). */
export function zonedMidnight(date: string, timeZone: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(y, m - 1, d);
  // Two passes: the offset at the guess, then at the corrected instant (daylight-saving edges).
  const first = wall - zoneOffsetMinutes(timeZone, wall) * 60_000;
  return wall - zoneOffsetMinutes(timeZone, first) * 60_000;
}
