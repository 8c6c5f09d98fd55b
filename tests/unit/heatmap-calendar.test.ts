// The calendar strip of the heatmap explorer: month labels that do not run into each other.
import { describe, expect, it } from 'vitest';
import { calendarMonthLabel } from '../../renderer/views/heatmap/charts';

describe('calendar month labels', () => {
  it('leaves out a first month the year entered on its 23rd, so 11月 and 12月 do not crowd', () => {
    const label = (year: number, month: number, zh = true) => calendarMonthLabel('2025-11-23', '2026-11-22', year, month, zh);
    expect(label(2025, 11)).toBe('');
    expect(label(2025, 12)).toBe('12月');
    expect(label(2026, 11)).toBe('11月');
    expect(label(2026, 3, false)).toBe('Mar');
  });

  it('keeps the first month when the period starts early in it, or lies within it', () => {
    expect(calendarMonthLabel('2026-01-01', '2026-12-31', 2026, 1, true)).toBe('1月');
    expect(calendarMonthLabel('2026-11-20', '2026-11-22', 2026, 11, false)).toBe('Nov');
  });
});
