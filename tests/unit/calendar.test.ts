import { describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { CalendarError, DEFAULT_PERIODS, WorkingCalendar } from '../../core/workflow/calendar/calendar.js';

const require = createRequire(import.meta.url);
const data = require('chinese-days/dist/chinese-days.json') as { holidays: Record<string, string>; workdays: Record<string, string> };

/** China's calendar as the county starts with it: 08–12, 14–18, weekends off, statutory holidays and 调休. */
const cal = new WorkingCalendar({
  periods: DEFAULT_PERIODS,
  weekendDays: [0, 6],
  holidays: Object.keys(data.holidays),
  workdays: Object.keys(data.workdays),
  utcOffsetMinutes: 480,
});

const at = (local: string) => Date.parse(`${local}+08:00`);
const show = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
const H = 3_600_000;

describe('working-time deadlines', () => {
  it('skip the lunch break', () => {
    expect(show(cal.addWorkingMs(at('2026-11-18T11:00'), 2 * H))).toBe('2026-11-18 15:00');
  });

  it('land at the end of a period rather than at the next start', () => {
    expect(show(cal.addWorkingMs(at('2026-11-18T10:00'), 2 * H))).toBe('2026-11-18 12:00');
  });

  it('start counting at the next period when reported in the evening', () => {
    expect(show(cal.addWorkingMs(at('2026-11-18T21:30'), 1 * H))).toBe('2026-11-19 09:00');
  });

  it('skip the weekend', () => {
    // Friday 17:00 + 3 working hours: 1 h on Friday, 2 h on Monday morning.
    expect(show(cal.addWorkingMs(at('2026-11-20T17:00'), 3 * H))).toBe('2026-11-23 10:00');
  });

  it('skip statutory holidays (National Day 2026: Oct 1–7)', () => {
    // Wed 30 Sep 16:00 + 1 工作日 (8 h): 2 h that day, then nothing until Thu 8 Oct.
    expect(show(cal.deadline(at('2026-09-30T16:00'), { value: 1, unit: 'work_days' }))).toBe('2026-10-08 16:00');
  });

  it('count a 调休 make-up Saturday as a working day (Sat 10 Oct 2026)', () => {
    expect(show(cal.addWorkingMs(at('2026-10-09T17:00'), 3 * H))).toBe('2026-10-10 10:00');
  });

  it('count urgent limits in clock hours, through nights and holidays', () => {
    expect(show(cal.deadline(at('2026-10-01T23:00'), { value: 2, unit: 'hours' }))).toBe('2026-10-02 01:00');
  });

  it('measure working time between two instants, and negative when reversed', () => {
    expect(cal.workingMsBetween(at('2026-11-20T17:00'), at('2026-11-23T10:00'))).toBe(3 * H);
    expect(cal.workingMsBetween(at('2026-11-23T10:00'), at('2026-11-20T17:00'))).toBe(-3 * H);
  });
});

describe('挂账 and 延期 move the deadline', () => {
  const deadline = at('2026-11-19T16:00');

  it('a pause over working time adds that working time back', () => {
    // Suspended Wed 10:00, resumed Thu 10:00: 8 working hours stood still.
    const shifted = cal.shiftForPause(deadline, at('2026-11-18T10:00'), at('2026-11-19T10:00'), false);
    expect(show(shifted)).toBe('2026-11-20 16:00');
  });

  it('a pause over a weekend only adds the working time inside it', () => {
    const shifted = cal.shiftForPause(deadline, at('2026-11-21T09:00'), at('2026-11-23T08:00'), false);
    expect(shifted).toBe(deadline);
  });

  it('a clock-limit pause adds clock time', () => {
    expect(cal.shiftForPause(deadline, at('2026-11-18T10:00'), at('2026-11-18T13:00'), true)).toBe(deadline + 3 * H);
  });

  it('an approved extension of 2 工作日 adds 16 working hours', () => {
    expect(show(cal.extend(deadline, { value: 2, unit: 'work_days' }))).toBe('2026-11-23 16:00');
  });
});

describe('a broken calendar is refused clearly', () => {
  it('overlapping periods', () => {
    expect(() => new WorkingCalendar({ periods: [{ startMin: 480, endMin: 800 }, { startMin: 700, endMin: 900 }], weekendDays: [], holidays: [], workdays: [], utcOffsetMinutes: 480 })).toThrow(CalendarError);
  });

  it('no working day at all', () => {
    const never = new WorkingCalendar({ periods: DEFAULT_PERIODS, weekendDays: [0, 1, 2, 3, 4, 5, 6], holidays: [], workdays: [], utcOffsetMinutes: 480 });
    expect(() => never.addWorkingMs(at('2026-11-18T10:00'), H)).toThrow(/no working time/);
  });
});
