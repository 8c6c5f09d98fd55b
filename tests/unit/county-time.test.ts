// One clock: core's zone arithmetic and the console's formatting module read the county's
// zone, never the process's. This file runs with the process in New York on purpose.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countyParts, countyToday, countyZone, formatLocale, formatTime, setCountyZone } from '../../renderer/i18n/time.js';
import { isTimeZone, zonedDate, zonedDateTime, zonedIso, zonedMidnight, zoneOffsetMinutes, zonedParts } from '../../core/runtime/zone.js';

const saved = process.env.TZ;
beforeAll(() => {
  process.env.TZ = 'America/New_York';
});
afterAll(() => {
  process.env.TZ = saved;
  setCountyZone('Asia/Shanghai');
});

/** 2026-12-07 23:06:05 in the county (UTC+8): 15:06 UTC, 10:06 in New York. */
const AT = Date.parse('2026-12-07T15:06:05Z');

describe('core/runtime/zone', () => {
  it('reads the wall clock of the county, not the process', () => {
    expect(new Date(AT).getHours()).toBe(10); // the process is in New York
    expect(zonedParts(AT, 'Asia/Shanghai')).toEqual({ year: 2026, month: 12, day: 7, hour: 23, minute: 6, second: 5, weekday: 1 });
    expect(zonedDateTime(AT, 'Asia/Shanghai')).toBe('2026-12-07 23:06:05');
    expect(zonedIso(AT, 'Asia/Shanghai')).toBe('2026-12-07T23:06:05+08:00');
    expect(zonedDate(AT + 1 * 3_600_000, 'Asia/Shanghai')).toBe('2026-12-08'); // 00:06 the next day there
    expect(zoneOffsetMinutes('Asia/Shanghai', AT)).toBe(480);
  });

  it('knows a zone with daylight saving and a midnight across its change', () => {
    expect(zoneOffsetMinutes('America/New_York', Date.parse('2026-07-01T12:00:00Z'))).toBe(-240);
    expect(zoneOffsetMinutes('America/New_York', AT)).toBe(-300);
    expect(zonedMidnight('2026-11-18', 'Asia/Shanghai')).toBe(Date.parse('2026-11-18T00:00:00+08:00'));
    expect(zonedMidnight('2026-03-08', 'America/New_York')).toBe(Date.parse('2026-03-08T00:00:00-05:00'));
    expect(zonedMidnight('2026-03-09', 'America/New_York')).toBe(Date.parse('2026-03-09T00:00:00-04:00'));
    expect(zonedIso(Date.parse('2026-07-01T12:00:00Z'), 'Asia/Kolkata')).toBe('2026-07-01T17:30:00+05:30');
  });

  it('tells a zone name from a made-up one', () => {
    expect(isTimeZone('Asia/Shanghai')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Asia/Nowhere')).toBe(false);
    expect(isTimeZone('+08:00; rm -rf')).toBe(false);
  });
});

describe('the console formatting module (renderer/i18n/time.ts)', () => {
  it('formats every style on the county clock', () => {
    setCountyZone('Asia/Shanghai');
    expect(formatTime(AT, 'time')).toBe('23:06');
    expect(formatTime(AT, 'seconds')).toBe('23:06:05');
    expect(formatTime(new Date(AT).toISOString(), 'date')).toBe('2026-12-07');
    expect(formatTime(AT, 'monthDay')).toBe('12-07');
    expect(formatTime(AT, 'short', AT)).toBe('12-07 23:06');
    expect(formatTime(AT, 'short', Date.parse('2027-02-01T00:00:00Z'))).toBe('2026-12-07 23:06');
    expect(formatTime(AT, 'minute')).toBe('2026-12-07 23:06');
    expect(formatTime(AT, 'full')).toBe('2026-12-07 23:06:05');
    expect(formatTime('not a date', 'full')).toBe('');
    expect(countyToday(AT + 3_600_000)).toBe('2026-12-08');
    expect(countyParts(AT).weekday).toBe(1);
    expect(formatLocale(AT, 'zh-CN', { weekday: 'long' })).toBe('星期一');
    expect(formatLocale(AT + 3_600_000, 'en', { weekday: 'long' })).toBe('Tuesday');
  });

  it('follows the county when its zone is set, and ignores a zone it does not know', () => {
    setCountyZone('Europe/London');
    expect(formatTime(AT, 'time')).toBe('15:06');
    setCountyZone('Mars/Olympus');
    expect(countyZone.value).toBe('Europe/London');
    setCountyZone('Asia/Shanghai');
    expect(formatTime(AT, 'time')).toBe('23:06');
  });
});
