// The calendar in use: built from its rows once, rebuilt when the county edits it.
import type { SettingsStore } from '../settings/index.js';
import { WorkingCalendar } from './calendar.js';
import type { CalendarStore } from './store.js';

export class CalendarService {
  private loaded: WorkingCalendar | undefined;
  private loadedAt = 0;

  constructor(
    private readonly store: CalendarStore,
    private readonly settings: SettingsStore,
    /** How long a built calendar is trusted (Infinity: this process alone edits it). */
    private readonly lifetimeMs = Infinity,
  ) {}

  /** The calendar in force: built again after an edit, and when it is older than its lifetime. */
  async current(): Promise<WorkingCalendar> {
    if (!this.loaded || performance.now() - this.loadedAt > this.lifetimeMs) {
      const { utcOffsetMinutes, weekendDays } = await this.settings.get('calendar');
      const days = await this.store.days();
      this.loaded = new WorkingCalendar({
        periods: await this.store.periods(),
        weekendDays,
        holidays: days.filter((d) => d.kind === 'holiday').map((d) => d.date),
        workdays: days.filter((d) => d.kind === 'workday').map((d) => d.date),
        utcOffsetMinutes,
      });
      this.loadedAt = performance.now();
    }
    return this.loaded;
  }

  /** The calendar last built, for synchronous date arithmetic (views, exports); `current()` builds it. */
  get calendar(): WorkingCalendar {
    if (!this.loaded) throw new Error('the working calendar is not loaded yet (await calendars.current() first)');
    return this.loaded;
  }

  /** Call after the county edits periods, days or calendar settings. */
  async invalidate(): Promise<void> {
    this.loaded = undefined;
    await this.current();
  }
}
