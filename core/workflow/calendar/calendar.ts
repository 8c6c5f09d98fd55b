// The county's working calendar (工作日历) and working-time arithmetic for deadlines.
// Non-urgent limits count only working periods (e.g. 08:00–12:00 and 14:00–18:00, so
// 1 工作日 = 8 工作时), skipping weekends and statutory holidays but counting 调休 make-up
// days; urgent limits count clock time. All times are epoch milliseconds; days are local
// dates in the county's UTC offset (China has one zone and no daylight saving).

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

export interface WorkingPeriod {
  /** Minutes after local midnight. */
  startMin: number;
  endMin: number;
}

export type LimitUnit =
  | 'work_hours' // 工作时
  | 'work_days' // 工作日 (one working day's length of working time)
  | 'hours' // 小时, clock time (紧急)
  | 'days'; // 天, calendar days

export interface TimeLimit {
  value: number;
  unit: LimitUnit;
}

export interface CalendarSpec {
  periods: WorkingPeriod[];
  /** Days of the week that are rest days unless listed as workdays (0 = Sunday). */
  weekendDays: number[];
  /** 'YYYY-MM-DD' dates that are statutory holidays (休). */
  holidays: Iterable<string>;
  /** 'YYYY-MM-DD' dates that are make-up working days (调休上班). */
  workdays: Iterable<string>;
  utcOffsetMinutes: number;
}

export const DEFAULT_PERIODS: WorkingPeriod[] = [
  { startMin: 8 * 60, endMin: 12 * 60 },
  { startMin: 14 * 60, endMin: 18 * 60 },
];

/** How far a deadline search may run before the calendar is declared broken (no working time). */
const MAX_DAYS = 3 * 366;

export class CalendarError extends Error {}

export class WorkingCalendar {
  readonly periods: WorkingPeriod[];
  readonly utcOffsetMs: number;
  private readonly weekend: Set<number>;
  private readonly holidays: Set<string>;
  private readonly workdays: Set<string>;
  /** Working time in one ordinary working day. */
  readonly dayLengthMs: number;

  constructor(spec: CalendarSpec) {
    const periods = [...spec.periods].sort((a, b) => a.startMin - b.startMin);
    for (const [i, p] of periods.entries()) {
      if (!(p.startMin >= 0 && p.endMin <= 24 * 60 && p.startMin < p.endMin)) {
        throw new CalendarError(`working period ${i + 1} must run forwards within one day`);
      }
      const prev = periods[i - 1];
      if (prev && prev.endMin > p.startMin) throw new CalendarError('working periods must not overlap');
    }
    if (periods.length === 0) throw new CalendarError('the calendar needs at least one working period');
    this.periods = periods;
    this.utcOffsetMs = spec.utcOffsetMinutes * MINUTE_MS;
    this.weekend = new Set(spec.weekendDays);
    this.holidays = new Set(spec.holidays);
    this.workdays = new Set(spec.workdays);
    this.dayLengthMs = periods.reduce((sum, p) => sum + (p.endMin - p.startMin) * MINUTE_MS, 0);
  }

  /** The local day number (days since 1970-01-01 local) holding the instant. */
  dayIndex(ms: number): number {
    return Math.floor((ms + this.utcOffsetMs) / DAY_MS);
  }

  /** Epoch ms of local midnight starting the day. */
  dayStart(dayIndex: number): number {
    return dayIndex * DAY_MS - this.utcOffsetMs;
  }

  dateKey(dayIndex: number): string {
    return new Date(dayIndex * DAY_MS).toISOString().slice(0, 10);
  }

  isWorkingDay(dayIndex: number): boolean {
    const key = this.dateKey(dayIndex);
    if (this.workdays.has(key)) return true;
    if (this.holidays.has(key)) return false;
    const weekday = (((dayIndex + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
    return !this.weekend.has(weekday);
  }

  isWorkingTime(ms: number): boolean {
    const day = this.dayIndex(ms);
    if (!this.isWorkingDay(day)) return false;
    const minute = (ms - this.dayStart(day)) / MINUTE_MS;
    return this.periods.some((p) => minute >= p.startMin && minute < p.endMin);
  }

  /** The instant when `durationMs` of working time, counted from `start`, has passed. */
  addWorkingMs(start: number, durationMs: number): number {
    if (durationMs <= 0) return start;
    let remaining = durationMs;
    let day = this.dayIndex(start);
    for (let n = 0; n < MAX_DAYS; n++, day++) {
      if (!this.isWorkingDay(day)) continue;
      const base = this.dayStart(day);
      for (const p of this.periods) {
        const from = Math.max(start, base + p.startMin * MINUTE_MS);
        const to = base + p.endMin * MINUTE_MS;
        if (from >= to) continue;
        if (remaining <= to - from) return from + remaining;
        remaining -= to - from;
      }
    }
    throw new CalendarError(`no working time within ${MAX_DAYS} days: check the calendar`);
  }

  /** Working time between two instants (negative when `to` is before `from`). */
  workingMsBetween(from: number, to: number): number {
    if (to < from) return -this.workingMsBetween(to, from);
    let total = 0;
    const last = this.dayIndex(to);
    for (let day = this.dayIndex(from); day <= last; day++) {
      if (!this.isWorkingDay(day)) continue;
      const base = this.dayStart(day);
      for (const p of this.periods) {
        const a = Math.max(from, base + p.startMin * MINUTE_MS);
        const b = Math.min(to, base + p.endMin * MINUTE_MS);
        if (b > a) total += b - a;
      }
    }
    return total;
  }

  /** Whether a limit counts clock time (urgent hours, calendar days) rather than working time. */
  static isClockLimit(limit: TimeLimit): boolean {
    return limit.unit === 'hours' || limit.unit === 'days';
  }

  limitMs(limit: TimeLimit): number {
    switch (limit.unit) {
      case 'work_hours':
      case 'hours':
        return limit.value * 3_600_000;
      case 'work_days':
        return limit.value * this.dayLengthMs;
      case 'days':
        return limit.value * DAY_MS;
    }
  }

  /** The deadline for a limit started at `start`. */
  deadline(start: number, limit: TimeLimit): number {
    const ms = this.limitMs(limit);
    return WorkingCalendar.isClockLimit(limit) ? start + ms : this.addWorkingMs(start, ms);
  }

  /** Moves a deadline by a pause (挂账): the time the clock stood still is added back. */
  shiftForPause(deadline: number, pausedFrom: number, pausedTo: number, clock: boolean): number {
    if (pausedTo <= pausedFrom) return deadline;
    if (clock) return deadline + (pausedTo - pausedFrom);
    return this.addWorkingMs(deadline, this.workingMsBetween(pausedFrom, pausedTo));
  }

  /** Extends a deadline by an approved extension (延期). */
  extend(deadline: number, extension: TimeLimit): number {
    const ms = this.limitMs(extension);
    return WorkingCalendar.isClockLimit(extension) ? deadline + ms : this.addWorkingMs(deadline, ms);
  }

  /** Working time left until a deadline (negative when overdue); clock time for clock limits. */
  remaining(now: number, deadline: number, clock: boolean): number {
    return clock ? deadline - now : this.workingMsBetween(now, deadline);
  }
}
