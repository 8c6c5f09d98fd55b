// Month labels of the explorer's calendar strip. Pure: no imports, so core's tests load it as is.
const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * A month's label on the calendar strip. None for a first month the period enters after its 15th
 * (a week or two wide, its label would run into the next month's) unless it is the only one; and
 * over more than half a year, where a month is narrower than its label in the panel, only the
 * odd months (1月, 3月, ... 11月) are named.
 */
export function calendarMonthLabel(from: string, to: string, year: number, month: number, zh: boolean): string {
  const [fromYear, fromMonth, fromDay] = from.split('-').map(Number) as [number, number, number];
  const [toYear, toMonth] = to.split('-').map(Number) as [number, number];
  const months = (toYear - fromYear) * 12 + (toMonth - fromMonth) + 1;
  if (year === fromYear && month === fromMonth && fromDay > 15 && months > 1) return '';
  if (months > 6 && month % 2 === 0) return '';
  return zh ? `${month}月` : MONTHS_EN[month - 1]!;
}
