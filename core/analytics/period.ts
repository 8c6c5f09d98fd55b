// Reporting periods: a month, quarter, year, or any range of days, in the county's local days.
// Bad input gets a plain 400: empty or malformed dates, reversed ranges, absurd spans.
import { badRequest } from '../runtime/errors.js';

const DAY_MS = 86_400_000;
/** The longest range any analytics query accepts: ten years (a city's history fits). */
export const MAX_RANGE_DAYS = 3660;
const EARLIEST = Date.UTC(2000, 0, 1) / DAY_MS;
const LATEST = Date.UTC(2100, 0, 1) / DAY_MS;

export interface Period {
  /** First local day (days since 1970-01-01). */
  fromDay: number;
  /** Day after the last (exclusive). */
  toDay: number;
  /** What a report calls it: 2026-03, 2026-Q1, 2026, or 2026-03-01 – 2026-03-15. */
  label: string;
  kind: 'month' | 'quarter' | 'year' | 'range';
}

export function dayOfDate(date: string, field: string): number {
  if (date.trim() === '') throw badRequest(`${field} is empty: give a date as YYYY-MM-DD (请填写日期)`, field);
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date.trim());
  if (!m) throw badRequest(`${field} "${date}" is not a date as YYYY-MM-DD (日期格式应为 YYYY-MM-DD)`, field);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) {
    throw badRequest(`${field} "${date}" is not a real date (日期不存在)`, field);
  }
  const day = ms / DAY_MS;
  if (day < EARLIEST || day >= LATEST) throw badRequest(`${field} ${date} is outside 2000–2099 (日期超出范围)`, field);
  return day;
}

export function dateOfDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Same calendar day one year earlier (29 Feb → 28 Feb). */
export function dayYearBefore(day: number): number {
  const d = new Date(day * DAY_MS);
  const y = d.getUTCFullYear() - 1;
  const last = new Date(Date.UTC(y, d.getUTCMonth() + 1, 0)).getUTCDate();
  return Date.UTC(y, d.getUTCMonth(), Math.min(d.getUTCDate(), last)) / DAY_MS;
}

/** A named period (2026-03, 2026-Q1, 2026) or from/to dates (both inclusive). */
export function parsePeriod(q: { period?: string; from?: string; to?: string }): Period {
  if (q.period !== undefined) {
    const p = q.period.trim();
    let m: RegExpExecArray | null;
    if ((m = /^(\d{4})-(\d{2})$/.exec(p))) {
      const y = Number(m[1]);
      const mo = Number(m[2]);
      if (mo < 1 || mo > 12) throw badRequest(`period "${p}": no month ${mo}`, 'period');
      return checked(Date.UTC(y, mo - 1, 1) / DAY_MS, Date.UTC(y, mo, 1) / DAY_MS, p, 'month');
    }
    if ((m = /^(\d{4})-Q([1-4])$/i.exec(p))) {
      const y = Number(m[1]);
      const qn = Number(m[2]);
      return checked(Date.UTC(y, (qn - 1) * 3, 1) / DAY_MS, Date.UTC(y, qn * 3, 1) / DAY_MS, `${y}-Q${qn}`, 'quarter');
    }
    if ((m = /^(\d{4})$/.exec(p))) {
      const y = Number(m[1]);
      return checked(Date.UTC(y, 0, 1) / DAY_MS, Date.UTC(y + 1, 0, 1) / DAY_MS, p, 'year');
    }
    throw badRequest(`period "${p}" is not a month (2026-03), quarter (2026-Q1) or year (2026)`, 'period');
  }
  if (q.from === undefined || q.to === undefined) throw badRequest('Give a period, or both from and to dates (请选择时间范围)', q.from === undefined ? 'from' : 'to');
  const fromDay = dayOfDate(q.from, 'from');
  const lastDay = dayOfDate(q.to, 'to');
  if (lastDay < fromDay) throw badRequest(`from ${q.from} is after to ${q.to} (开始日期晚于结束日期)`, 'to');
  return checked(fromDay, lastDay + 1, `${dateOfDay(fromDay)} – ${dateOfDay(lastDay)}`, 'range');
}

function checked(fromDay: number, toDay: number, label: string, kind: Period['kind']): Period {
  if (fromDay < EARLIEST || toDay > LATEST) throw badRequest(`${label} is outside 2000–2099 (时间超出范围)`, 'period');
  if (toDay - fromDay > MAX_RANGE_DAYS) {
    throw badRequest(`${toDay - fromDay} days is too long a range: at most ${MAX_RANGE_DAYS} (ten years) (时间范围过长)`, 'to');
  }
  return { fromDay, toDay, label, kind };
}

/**
 * How many calendar months a period spans, for the per-month count bands: each calendar month
 * it touches counts as the share of that month's own days it covers. A calendar month is exactly
 * 1 (December is not 31 / 30.4375 = 1.0185 months), a quarter 3, a year 12, and a range from
 * 16 February to 15 March is 13/28 + 15/31.
 */
export function monthsIn(p: Pick<Period, 'fromDay' | 'toDay'>): number {
  let months = 0;
  let day = p.fromDay;
  while (day < p.toDay) {
    const d = new Date(day * DAY_MS);
    const monthStart = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) / DAY_MS;
    const nextMonth = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) / DAY_MS;
    const end = Math.min(nextMonth, p.toDay);
    months += (end - day) / (nextMonth - monthStart);
    day = end;
  }
  return months;
}

/** The period of equal length just before (环比). */
export function previousPeriod(p: Period): Period {
  if (p.kind === 'month') {
    const d = new Date(p.fromDay * DAY_MS);
    const from = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 1, 1) / DAY_MS;
    return { fromDay: from, toDay: p.fromDay, label: dateOfDay(from).slice(0, 7), kind: 'month' };
  }
  const len = p.toDay - p.fromDay;
  return { fromDay: p.fromDay - len, toDay: p.fromDay, label: `${dateOfDay(p.fromDay - len)} – ${dateOfDay(p.fromDay - 1)}`, kind: 'range' };
}

/** The same days one year before (同比). */
export function yearBeforePeriod(p: Period): Period {
  const fromDay = dayYearBefore(p.fromDay);
  const toDay = dayYearBefore(p.toDay);
  return { fromDay, toDay, label: `${dateOfDay(fromDay)} – ${dateOfDay(toDay - 1)}`, kind: p.kind };
}

/**
 * Whether the county's records, beginning on firstDay (null: no cases yet), cover the whole of a
 * period. A comparison against a period the records do not cover compares with days that were
 * never recorded, not with days that had no cases: 环比 / 同比 against it mean nothing.
 */
export function recordsCover(firstDay: number | null, p: Pick<Period, 'fromDay'>): boolean {
  return firstDay !== null && firstDay <= p.fromDay;
}

/** Change in percent, or null when the base is zero. */
export function changePercent(now: number, base: number): number | null {
  return base === 0 ? null : Math.round(((now - base) / base) * 10000) / 100;
}
