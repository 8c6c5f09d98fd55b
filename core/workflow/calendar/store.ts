// The working calendar's rows: periods of the working day and dated exceptions.
import type { Db } from '../../db/database.js';
import type { WorkingPeriod } from './calendar.js';

export interface CalendarDay {
  date: string;
  kind: 'holiday' | 'workday';
  name: string | null;
  /** chinese-days: the package; statutory: a fixed-date holiday seeded for a year it does not know; local: the county's. */
  source: 'chinese-days' | 'statutory' | 'local';
}

export class CalendarStore {
  constructor(private readonly db: Db) {}

  async periods(): Promise<WorkingPeriod[]> {
    return (await this.db
      .statement<{ start_min: number; end_min: number }>('calendar.periods', 'SELECT start_min, end_min FROM calendar_periods ORDER BY start_min')
      .all())
      .map((r) => ({ startMin: r.start_min, endMin: r.end_min }));
  }

  async replacePeriods(periods: WorkingPeriod[]): Promise<void> {
    await this.db.statement('calendar.clearPeriods', 'DELETE FROM calendar_periods').run();
    const insert = this.db.statement('calendar.insertPeriod', 'INSERT INTO calendar_periods (start_min, end_min) VALUES (?, ?)');
    for (const p of periods) await insert.run([p.startMin, p.endMin]);
  }

  async days(): Promise<CalendarDay[]> {
    return await this.db
      .statement<CalendarDay>('calendar.days', 'SELECT date, kind, name, source FROM calendar_days ORDER BY date')
      .all();
  }

  async daysBetween(from: string, to: string): Promise<CalendarDay[]> {
    return await this.db
      .statement<CalendarDay>('calendar.daysBetween', 'SELECT date, kind, name, source FROM calendar_days WHERE date BETWEEN ? AND ? ORDER BY date')
      .all([from, to]);
  }

  async upsertDay(day: CalendarDay): Promise<void> {
    await this.db
      .statement(
        'calendar.upsertDay',
        `INSERT INTO calendar_days (date, kind, name, source) VALUES (?, ?, ?, ?)
         ON CONFLICT (date) DO UPDATE SET kind = excluded.kind, name = excluded.name, source = excluded.source`,
      )
      .run([day.date, day.kind, day.name, day.source]);
  }

  async deleteDay(date: string): Promise<boolean> {
    return (await this.db.statement('calendar.deleteDay', 'DELETE FROM calendar_days WHERE date = ?').run([date])).changes > 0;
  }

  /** For each year with dated days, the sources its days came from. */
  async yearsBySource(): Promise<Map<number, Set<CalendarDay['source']>>> {
    const out = new Map<number, Set<CalendarDay['source']>>();
    const rows = await this.db
      .statement<{ year: string; source: CalendarDay['source'] }>('calendar.yearsBySource', 'SELECT DISTINCT substr(date, 1, 4) AS year, source FROM calendar_days')
      .all();
    for (const r of rows) {
      const year = Number(r.year);
      if (!out.has(year)) out.set(year, new Set());
      out.get(year)!.add(r.source);
    }
    return out;
  }

  async deleteYearOfSource(year: number, source: CalendarDay['source']): Promise<number> {
    return (await this.db
      .statement('calendar.deleteYearOfSource', 'DELETE FROM calendar_days WHERE date BETWEEN ? AND ? AND source = ?')
      .run([`${year}-01-01`, `${year}-12-31`, source])).changes;
  }
}
