// A year the chinese-days package does not know yet (2027 while it stops at 2026): the
// fixed-date statutory holidays are seeded, the year is flagged as missing its 调休, and a
// newer package's days take over from the seeded ones.
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteDb } from '../../core/db/sqlite.js';
import { applyMigrations } from '../../core/db/migrate.js';
import { silentLogger } from '../../core/runtime/log.js';
import { CalendarService } from '../../core/workflow/calendar/service.js';
import { calendarWarnings, packageYears, seedCalendar } from '../../core/workflow/calendar/seed.js';
import { CalendarStore } from '../../core/workflow/calendar/store.js';
import { SettingsStore } from '../../core/workflow/settings/store.js';

const at = (local: string) => Date.parse(`${local}+08:00`);
const H = 3_600_000;
const TODAY = at('2026-12-07T10:00'); // the package knows 2026 and not 2027
let db: SqliteDb | undefined;

async function county(now = TODAY) {
  db = new SqliteDb(':memory:', silentLogger);
  await applyMigrations(db);
  const store = new CalendarStore(db);
  await seedCalendar(store, now);
  const service = new CalendarService(store, new SettingsStore(db));
  return { store, service };
}
afterEach(async () => {
  await db?.close();
  db = undefined;
});

describe('a year the holiday package does not know', () => {
  it('is 2027 with this package (a newer package moves these tests to its first unknown year)', () => {
    expect(Math.max(...packageYears())).toBe(2026);
  });

  it('gets 元旦, 劳动节 and 国庆节 as holidays: 1 January 2027 is not a working day', async () => {
    const { store, service } = await county();
    const days = await store.daysBetween('2027-01-01', '2027-12-31');
    expect(days.map((d) => `${d.date} ${d.name} ${d.source}`)).toEqual([
      '2027-01-01 元旦 statutory',
      '2027-05-01 劳动节 statutory',
      '2027-05-02 劳动节 statutory',
      '2027-10-01 国庆节 statutory',
      '2027-10-02 国庆节 statutory',
      '2027-10-03 国庆节 statutory',
    ]);
    const cal = await service.current();
    expect(cal.isWorkingDay(cal.dayIndex(at('2027-01-01T10:00')))).toBe(false);
    expect(cal.isWorkingDay(cal.dayIndex(at('2027-01-04T10:00')))).toBe(true);
    // Thursday 31 December 16:00 + 4 working hours: 2 h that day, the rest on Monday 4 January
    // (1 January is a holiday, then the weekend).
    const due = cal.addWorkingMs(at('2026-12-31T16:00'), 4 * H);
    expect(new Date(due + 8 * H).toISOString().slice(0, 16)).toBe('2027-01-04T10:00');
  });

  it('is flagged from October: the 调休 days of 2027 are missing', async () => {
    const { store } = await county();
    const warnings = await calendarWarnings(store, TODAY);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ kind: 'year_incomplete', year: 2027 });
    expect(warnings[0]!.message.zh).toContain('2027 年的节假日安排尚未录入');
    expect(warnings[0]!.message.zh).toContain('调休');
    // In June 2026 next year is not yet a concern.
    expect(await calendarWarnings(store, at('2026-06-01T10:00'))).toEqual([]);
  });

  it('stops being flagged once the county enters a make-up working day for it', async () => {
    const { store } = await county();
    await store.upsertDay({ date: '2027-02-20', kind: 'workday', name: '春节调休', source: 'local' });
    expect(await calendarWarnings(store, TODAY)).toEqual([]);
  });

  it('keeps the seeded days and the county\'s own on a restart, and seeds nothing twice', async () => {
    const { store } = await county();
    await store.upsertDay({ date: '2027-02-20', kind: 'workday', name: '春节调休', source: 'local' });
    const before = await store.days();
    expect((await seedCalendar(store, TODAY)).days).toBe(0);
    expect(await store.days()).toEqual(before);
  });

  it('takes a newer package\'s days instead of the fixed-date ones, leaving the county\'s own', async () => {
    const { store } = await county();
    // As if this database had been seeded by a package that stopped at 2025: 2026 has only
    // the fixed-date holidays and one day the county entered itself.
    await db!.exec(`DELETE FROM calendar_days WHERE date LIKE '2026-%'`);
    await store.upsertDay({ date: '2026-01-01', kind: 'holiday', name: '元旦', source: 'statutory' });
    await store.upsertDay({ date: '2026-10-10', kind: 'holiday', name: '县庆', source: 'local' });
    await seedCalendar(store, TODAY);
    const days = await store.daysBetween('2026-01-01', '2026-12-31');
    expect(days.some((d) => d.source === 'statutory')).toBe(false);
    expect(days.find((d) => d.date === '2026-01-01')).toMatchObject({ source: 'chinese-days' });
    // The county's entry wins over the package's 调休 Saturday of 10 October.
    expect(days.find((d) => d.date === '2026-10-10')).toMatchObject({ kind: 'holiday', name: '县庆', source: 'local' });
    expect(days.filter((d) => d.source === 'chinese-days').length).toBeGreaterThan(20);
  });

  it('seeds every unknown year up to next year when the clock is further on', async () => {
    const { store } = await county(at('2029-03-01T10:00'));
    for (const year of [2027, 2028, 2029, 2030]) expect(await store.daysBetween(`${year}-01-01`, `${year}-12-31`)).toHaveLength(6);
    expect((await calendarWarnings(store, at('2029-03-01T10:00'))).map((w) => w.year)).toEqual([2029]);
  });
});
