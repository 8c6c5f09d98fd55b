// What a muck truck's permit (准运证) allows, as data read by one small interpreter: the rules
// a position report can break. Pure: no database, no clock.
import { distanceM, distanceToLine, type LonLat } from '../../base/geo/index.js';
import type { MuckAlarmKind, MuckPermitRow, MuckSiteRow } from './store.js';

/** Below this a truck counts as standing (loading, tipping, parked). */
export const STANDING_KMH = 5;

export interface PermitView {
  row: MuckPermitRow;
  line: LonLat[];
}

export interface RulePosition {
  lon: number;
  lat: number;
  speedKmh: number;
  /** The terminal's own overspeed flag (报警标志 bit 1). */
  overspeedFlag: boolean;
  /** Local date YYYY-MM-DD and minute of the day. */
  date: string;
  minute: number;
}

export interface Breach {
  kind: MuckAlarmKind;
  /** Chinese first, for the case description. */
  detail: string;
}

const hhmm = (m: number) => `${String(Math.floor(m / 60) % 24).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

export function inWindow(minute: number, start: number, end: number): boolean {
  if (start === end) return true; // all day
  return start < end ? minute >= start && minute < end : minute >= start || minute < end;
}

/** The permit that covers a local date (the first by id when two overlap). */
export function permitOn(permits: readonly PermitView[], date: string): PermitView | undefined {
  return permits.find((p) => p.row.validFrom <= date && p.row.validTo >= date);
}

/**
 * Every rule the report breaks. A truck without a permit for the day breaks the hours rule when
 * it drives; a truck standing inside a site that is not its origin or disposal site is at an
 * unpermitted site; the corridor holds anywhere except inside its own two sites.
 */
export function breaches(p: RulePosition, permit: PermitView | undefined, sites: ReadonlyMap<number, MuckSiteRow>): Breach[] {
  const out: Breach[] = [];
  const moving = p.speedKmh >= STANDING_KMH;
  if (!permit) {
    if (moving) out.push({ kind: 'outside_hours', detail: `${p.date} 无有效准运证仍在行驶` });
    return out;
  }
  const r = permit.row;
  if (moving && !inWindow(p.minute, r.dayStartMin, r.dayEndMin)) {
    out.push({ kind: 'outside_hours', detail: `${hhmm(p.minute)} 不在准运时段 ${hhmm(r.dayStartMin)}–${hhmm(r.dayEndMin)} 内行驶` });
  }
  const own = [sites.get(r.originSiteId), sites.get(r.disposalSiteId)].filter((s): s is MuckSiteRow => s !== undefined);
  const inside = (s: MuckSiteRow) => distanceM([s.lon, s.lat], [p.lon, p.lat]) <= s.radiusM;
  if (!own.some(inside)) {
    const off = distanceToLine(p.lon, p.lat, permit.line);
    if (off > r.bufferM) out.push({ kind: 'off_corridor', detail: `偏离准运路线 ${Math.round(off)} 米（允许 ${r.bufferM} 米）` });
  }
  if (!moving) {
    for (const s of sites.values()) {
      if (s.id !== r.originSiteId && s.id !== r.disposalSiteId && inside(s)) {
        out.push({ kind: 'unpermitted_site', detail: `停靠在非准运${s.kind === 'origin' ? '工地' : '消纳场'}「${s.name}」` });
        break;
      }
    }
  }
  if (p.speedKmh > r.maxSpeedKmh || p.overspeedFlag) {
    out.push({ kind: 'speeding', detail: `车速 ${p.speedKmh.toFixed(1)} km/h，限速 ${r.maxSpeedKmh} km/h${p.overspeedFlag ? '（终端超速报警）' : ''}` });
  }
  return out;
}

export const ALARM_LABELS: Record<MuckAlarmKind, { zh: string; en: string }> = {
  off_corridor: { zh: '偏离路线', en: 'Off the corridor' },
  outside_hours: { zh: '非准运时段', en: 'Outside permitted hours' },
  unpermitted_site: { zh: '非准运场地', en: 'At an unpermitted site' },
  speeding: { zh: '超速', en: 'Speeding' },
  silent: { zh: '终端离线', en: 'Terminal silent' },
};
