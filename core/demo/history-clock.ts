// Time arithmetic for the demo history, in China Standard Time (UTC+8, no daylight saving):
// working hours 08:00-12:00 and 14:00-18:00 on working days (weekends and statutory holidays
// off, 调休 Saturdays on, from chinese-days), the centre's 07:00-22:00 duty, and the
// inspectors' 08:00-18:00 patrols. The calendar module of the workflow will own the real
// rules; this only has to make a believable past.
import chineseDays from 'chinese-days';

export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;
const UTC8 = 8 * HOUR;

const WORKING_PERIODS: readonly [number, number][] = [
  [8, 12],
  [14, 18],
];

export function localDayStart(ms: number): number {
  return Math.floor((ms + UTC8) / DAY) * DAY - UTC8;
}

export function localHour(ms: number): number {
  return Math.floor(((ms + UTC8) % DAY) / HOUR);
}

/** YYYY-MM-DD in China. */
export function localDate(ms: number): string {
  return new Date(ms + UTC8).toISOString().slice(0, 10);
}

export class WorkCalendar {
  private readonly workdays = new Map<number, boolean>();
  private readonly holidays = new Map<number, string>();

  /** Whether the local day starting at `dayStart` is a working day. */
  isWorkday(dayStart: number): boolean {
    let work = this.workdays.get(dayStart);
    if (work === undefined) {
      work = chineseDays.isWorkday(localDate(dayStart));
      this.workdays.set(dayStart, work);
    }
    return work;
  }

  /** The holiday's name ('Spring Festival,春节,...') for statutory holidays, else ''. */
  holidayName(dayStart: number): string {
    let name = this.holidays.get(dayStart);
    if (name === undefined) {
      const detail = chineseDays.getDayDetail(localDate(dayStart));
      name = !detail.work && !/day$/i.test(detail.name) ? detail.name : '';
      this.holidays.set(dayStart, name);
    }
    return name;
  }

  /** `start` plus `hours` of working time (工作时); 0 hours gives the next working moment. */
  addWorkingHours(start: number, hours: number): number {
    let remaining = hours * HOUR;
    let t = start;
    for (let guard = 0; guard < 4000; guard++) {
      const day = localDayStart(t);
      if (this.isWorkday(day)) {
        for (const [from, to] of WORKING_PERIODS) {
          const periodEnd = day + to * HOUR;
          if (t >= periodEnd) continue;
          const s = Math.max(t, day + from * HOUR);
          if (remaining <= periodEnd - s) return s + remaining;
          remaining -= periodEnd - s;
          t = periodEnd;
        }
      }
      t = day + DAY;
    }
    throw new Error(`working time from ${new Date(start).toISOString()} plus ${hours} h ran past the calendar`);
  }
}

/** Moves `t` into the daily window [fromHour, toHour) local time, starting the next window if past it. */
export function intoWindow(t: number, fromHour: number, toHour: number, lateness: number): number {
  const day = localDayStart(t);
  const hour = (t - day) / HOUR;
  if (hour < fromHour) return day + fromHour * HOUR + lateness;
  if (hour >= toHour) return day + DAY + fromHour * HOUR + lateness;
  return t;
}
