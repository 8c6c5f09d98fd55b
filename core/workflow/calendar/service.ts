// The calendar in use: built from its rows once, rebuilt when the county edits it.
import type { SettingsStore } from '../settings/store.js';
import { WorkingCalendar } from './calendar.js';
import type { CalendarStore } from './store.js';

export class CalendarService {
  private current: WorkingCalendar | undefined;

  constructor(
    private readonly store: CalendarStore,
    private readonly settings: SettingsStore,
  ) {}

  get calendar(): WorkingCalendar {
    if (!this.current) {
      const { utcOffsetMinutes, weekendDays } = await this.settings.get('calendar');
      const days = await this.store.days();
      this.current = new WorkingCalendar({
        periods: await this.store.periods(),
        weekendDays,
        holidays: days.filter((d) => d.kind === 'holiday').map((d) => d.date),
        workdays: days.filter((d) => d.kind === 'workday').map((d) => d.date),
        utcOffsetMinutes,
      });
    }
    return this.current;
  }

  /** Call after the county edits periods, days or calendar settings. */
  invalidate(): void {
    this.current = undefined;
  }
}
