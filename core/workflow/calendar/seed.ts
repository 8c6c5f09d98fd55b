// Seeds the calendar: default working periods, and China's statutory holidays and 调休
// make-up days from the maintained chinese-days package (editable afterwards: a year the
// package does not know yet is entered by the county when the State Council publishes it).
//
// A year the package does not know yet (2027 while the package stops at 2026) would otherwise
// be all working days but weekends: 1 January would count as a working day. Such a year gets
// the fixed-date statutory holidays at once (source 'statutory'), and calendarWarnings() says
// that its lunar holidays and 调休 days are still missing until the county enters them or a
// newer package brings them (its days then replace the fixed-date ones at the next start).
import { createRequire } from 'node:module';
import { DEFAULT_PERIODS } from './calendar.js';
import type { CalendarDay, CalendarStore } from './store.js';

interface ChineseDaysData {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

/**
 * The statutory holidays on fixed dates (全国年节及纪念日放假办法, as revised in 2024, in force from
 * 2025): 元旦 1 January, 劳动节 1–2 May, 国庆节 1–3 October. 春节, 清明, 端午 and 中秋 move with the
 * lunar calendar or the solar terms, and the 调休 days are set each year by the State Council.
 */
export const FIXED_STATUTORY_HOLIDAYS: readonly { monthDay: string; name: string }[] = [
  { monthDay: '01-01', name: '元旦' },
  { monthDay: '05-01', name: '劳动节' },
  { monthDay: '05-02', name: '劳动节' },
  { monthDay: '10-01', name: '国庆节' },
  { monthDay: '10-02', name: '国庆节' },
  { monthDay: '10-03', name: '国庆节' },
];

function holidayName(raw: string): string {
  // "National Day,国庆节,3" -> "国庆节"
  return raw.split(',')[1] ?? raw;
}

let packageDays: CalendarDay[] | undefined;

/** Every dated day the chinese-days package knows. */
function chineseDays(): CalendarDay[] {
  if (!packageDays) {
    const require = createRequire(import.meta.url);
    const data = require('chinese-days/dist/chinese-days.json') as ChineseDaysData;
    packageDays = [
      ...Object.entries(data.holidays).map(([date, name]): CalendarDay => ({ date, kind: 'holiday', name: holidayName(name), source: 'chinese-days' })),
      ...Object.entries(data.workdays).map(([date, name]): CalendarDay => ({ date, kind: 'workday', name: holidayName(name), source: 'chinese-days' })),
    ];
  }
  return packageDays;
}

/** The years the chinese-days package knows (it gives both their holidays and their 调休). */
export function packageYears(): Set<number> {
  return new Set(chineseDays().map((d) => Number(d.date.slice(0, 4))));
}

/** The county's local year at `now`. */
function localYear(now: number, utcOffsetMinutes: number): number {
  return new Date(now + utcOffsetMinutes * 60_000).getUTCFullYear();
}

export async function seedCalendar(store: CalendarStore, now: number, utcOffsetMinutes = 480): Promise<{ periods: number; days: number }> {
  let periods = 0;
  if ((await store.periods()).length === 0) {
    await store.replacePeriods(DEFAULT_PERIODS);
    periods = DEFAULT_PERIODS.length;
  }
  let days = 0;
  const seen = await store.yearsBySource();
  // The package's years not yet taken in: all of them on a first start, a newly published year
  // after an upgrade. Its days replace the fixed-date ones and leave the county's own entries alone.
  const years = packageYears();
  for (const year of years) {
    if (seen.get(year)?.has('chinese-days')) continue;
    await store.deleteYearOfSource(year, 'statutory');
    const local = new Set((await store.daysBetween(`${year}-01-01`, `${year}-12-31`)).map((d) => d.date));
    for (const day of chineseDays()) {
      if (!day.date.startsWith(`${year}-`) || local.has(day.date)) continue;
      await store.upsertDay(day);
      days++;
    }
  }
  // The years after the package's last, up to next year: the fixed-date holidays, once.
  const last = Math.max(...years);
  for (let year = last + 1; year <= localYear(now, utcOffsetMinutes) + 1; year++) {
    if (seen.has(year)) continue;
    for (const h of FIXED_STATUTORY_HOLIDAYS) {
      await store.upsertDay({ date: `${year}-${h.monthDay}`, kind: 'holiday', name: h.name, source: 'statutory' });
      days++;
    }
  }
  return { periods, days };
}

export interface CalendarWarning {
  kind: 'year_incomplete';
  year: number;
  message: { zh: string; en: string };
}

/**
 * Years the county is working in (this year; next year from October, when deadlines and plans
 * reach into it) whose 调休 days are missing: neither the package nor the county gave any.
 */
export async function calendarWarnings(store: CalendarStore, now: number, utcOffsetMinutes = 480): Promise<CalendarWarning[]> {
  const year = localYear(now, utcOffsetMinutes);
  const month = new Date(now + utcOffsetMinutes * 60_000).getUTCMonth() + 1;
  const years = month >= 10 ? [year, year + 1] : [year];
  const out: CalendarWarning[] = [];
  for (const y of years) {
    const rows = await store.daysBetween(`${y}-01-01`, `${y}-12-31`);
    const complete = rows.some((d) => d.source === 'chinese-days' || (d.source === 'local' && d.kind === 'workday'));
    if (complete) continue;
    const fixed = rows.some((d) => d.source === 'statutory');
    out.push({
      kind: 'year_incomplete',
      year: y,
      message: {
        zh: `${y} 年的节假日安排尚未录入：${fixed ? '已预置元旦、劳动节、国庆节的法定假日，' : ''}春节、清明、端午、中秋及调休上班日缺失，时限按普通工作日计算。请在 系统维护 › 工作日历 中按国务院办公厅通知补录。`,
        en: `The ${y} holiday schedule is not entered: ${fixed ? 'New Year, Labour Day and National Day are seeded; ' : ''}the Spring Festival, Qingming, Dragon Boat and Mid-Autumn holidays and the make-up working days (调休) are missing, so deadlines count those days as ordinary. Enter them in Administration › Calendar from the State Council notice.`,
      },
    });
  }
  return out;
}
