// The calendar strip of the heatmap explorer: month labels that do not run into each other.
import { describe, expect, it } from 'vitest';
import { calendarMonthLabel } from '../../renderer/views/heatmap/calendar-labels.js';

describe('calendar month labels', () => {
  it('over a year names every other month and not a first month entered on its 23rd, so no two labels crowd', () => {
    const label = (year: number, month: number, zh = true) => calendarMonthLabel('2025-11-23', '2026-11-22', year, month, zh);
    const shown = [[2025, 11], [2025, 12], ...Array.from({ length: 11 }, (_, k) => [2026, k + 1])].map(([y, m]) => label(y!, m!)).filter(Boolean);
    expect(shown).toEqual(['1月', '3月', '5月', '7月', '9月', '11月']);
    expect(label(2026, 3, false)).toBe('Mar');
  });

  it('names every month of a quarter', () => {
    expect(['2026-09', '2026-10', '2026-11'].map((m) => calendarMonthLabel('2026-09-01', '2026-11-22', 2026, Number(m.slice(5)), true))).toEqual(['9月', '10月', '11月']);
  });

  it('keeps the first month when the period starts early in it, or lies within it', () => {
    expect(calendarMonthLabel('2026-01-01', '2026-12-31', 2026, 1, true)).toBe('1月');
    expect(calendarMonthLabel('2026-11-20', '2026-11-22', 2026, 11, false)).toBe('Nov');
  });
});
