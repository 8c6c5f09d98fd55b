// Working time in the browser, from GET /api/calendar: whether an instant lies inside a
// working period of a working day, and how much working time passed between two instants.
// The server gives each case's remaining time when it is read; the workbench subtracts the
// working time that has passed since, so the countdown stops over lunch, nights and holidays.
import type { CalendarResponse } from '../../../core/contract/index.js';

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

export class WorkingClock {
  private readonly offsetMs: number;
  private readonly weekend: Set<number>;
  private readonly holidays = new Set<string>();
  private readonly workdays = new Set<string>();
  private readonly periods: { start: number; end: number }[];
  /** Working time in one ordinary working day (8 h for 08–12 and 14–18). */
  readonly dayLengthMs: number;

  constructor(calendar: CalendarResponse) {
    this.offsetMs = calendar.utcOffsetMinutes * MINUTE_MS;
    this.weekend = new Set(calendar.weekendDays);
    for (const day of calendar.days) (day.kind === 'holiday' ? this.holidays : this.workdays).add(day.date);
    this.periods = [...calendar.periods]
      .sort((a, b) => a.startMin - b.startMin)
      .map((p) => ({ start: p.startMin * MINUTE_MS, end: p.endMin * MINUTE_MS }));
    this.dayLengthMs = this.periods.reduce((sum, p) => sum + p.end - p.start, 0);
  }

  private isWorkingDay(day: number): boolean {
    const date = new Date(day * DAY_MS).toISOString().slice(0, 10);
    if (this.workdays.has(date)) return true;
    if (this.holidays.has(date)) return false;
    // Day 0 (1970-01-01) was a Thursday.
    return !this.weekend.has((day + 4) % 7);
  }

  /** Whether the instant lies inside a working period of a working day. */
  isWorking(ms: number): boolean {
    const local = ms + this.offsetMs;
    const day = Math.floor(local / DAY_MS);
    if (!this.isWorkingDay(day)) return false;
    const time = local - day * DAY_MS;
    return this.periods.some((p) => time >= p.start && time < p.end);
  }

  /** Working time between two instants (negative when `to` is before `from`). */
  workingBetween(from: number, to: number): number {
    if (to < from) return -this.workingBetween(to, from);
    const a = from + this.offsetMs;
    const b = to + this.offsetMs;
    let total = 0;
    for (let day = Math.floor(a / DAY_MS); day * DAY_MS < b; day++) {
      if (!this.isWorkingDay(day)) continue;
      const midnight = day * DAY_MS;
      for (const p of this.periods) total += Math.max(0, Math.min(b, midnight + p.end) - Math.max(a, midnight + p.start));
    }
    return total;
  }
}

/** A remaining time read at `readAt`, counted down to `now` in working or clock time. */
export function remainingAt(remainingMs: number, readAt: number, now: number, clock: WorkingClock | null, clockLimit: boolean): number {
  const passed = clockLimit || !clock ? now - readAt : clock.workingBetween(readAt, now);
  return remainingMs - passed;
}
