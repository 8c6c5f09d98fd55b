// Seeds the calendar: default working periods, and China's statutory holidays and 调休
// make-up days from the maintained chinese-days package (editable afterwards: a year the
// package does not know yet is entered by the county when the State Council publishes it).
import { createRequire } from 'node:module';
import { DEFAULT_PERIODS } from './calendar.js';
import type { CalendarStore } from './store.js';

interface ChineseDaysData {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

function holidayName(raw: string): string {
  // "National Day,国庆节,3" -> "国庆节"
  return raw.split(',')[1] ?? raw;
}

export async function seedCalendar(store: CalendarStore): Promise<{ periods: number; days: number }> {
  let periods = 0;
  if ((await store.periods()).length === 0) {
    await store.replacePeriods(DEFAULT_PERIODS);
    periods = DEFAULT_PERIODS.length;
  }
  let days = 0;
  if (await store.countDays() === 0) {
    const require = createRequire(import.meta.url);
    const data = require('chinese-days/dist/chinese-days.json') as ChineseDaysData;
    for (const [date, name] of Object.entries(data.holidays)) {
      await store.upsertDay({ date, kind: 'holiday', name: holidayName(name), source: 'chinese-days' });
      days++;
    }
    for (const [date, name] of Object.entries(data.workdays)) {
      await store.upsertDay({ date, kind: 'workday', name: holidayName(name), source: 'chinese-days' });
      days++;
    }
  }
  return { periods, days };
}
