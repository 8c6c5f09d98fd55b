// 环比 / 同比 of the heatmap explorer against periods the county's records do not cover: a county
// whose first case was reported on 2026-11-18 has no "previous year", so the explorer must say so
// (null, not covered) instead of dividing by the few cases of the records' first day.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parsePeriod, recordsCover } from '../../core/analytics/period.js';
import { AnalyticsService } from '../../core/analytics/service.js';
import { DictionaryStore } from '../../core/base/dictionary/store.js';
import { HeatmapService } from '../../core/analytics/heatmap/service.js';
import { START, workflowFixture, type WorkflowFixture } from '../support/workflow-fixture.js';

let f: WorkflowFixture;
let heatmap: HeatmapService;
const DAY = 86_400_000;

beforeEach(async () => {
  f = await workflowFixture();
  const analytics = new AnalyticsService(f.db, f.cases, f.calendars, f.limits, new DictionaryStore(f.db), f.clock);
  analytics.attach(f.workflow);
  heatmap = new HeatmapService(analytics);
  // Records begin on 2026-11-18 (START): 3 cases that day, 5 on 2026-12-18, 2 on 2027-11-18.
  const report = async (n: number) => {
    for (let i = 0; i < n; i++) await f.workflow.report(f.newCase(), f.actors.inspector);
  };
  await report(3);
  f.clock.set(START + 30 * DAY);
  await report(5);
  f.clock.set(START + 365 * DAY);
  await report(2);
});
afterEach(async () => await f.close());

describe('comparisons need records covering the period compared with', () => {
  it('records cover a period that starts on or after their first day', () => {
    const first = parsePeriod({ from: '2026-11-18', to: '2026-11-18' }).fromDay;
    expect(recordsCover(first, parsePeriod({ from: '2026-11-18', to: '2026-12-01' }))).toBe(true);
    expect(recordsCover(first, parsePeriod({ period: '2026-12' }))).toBe(true);
    expect(recordsCover(first, parsePeriod({ period: '2026-11' }))).toBe(false);
    expect(recordsCover(null, parsePeriod({ period: '2026-12' }))).toBe(false);
  });

  it('gives no 环比 or 同比 when the records begin inside the period compared with', async () => {
    // The year after the first case: the previous year holds only its first day (3 cases).
    const t = (await heatmap.explore({ from: '2026-11-19', to: '2027-11-18' })).trend;
    expect(t.total).toBe(7);
    expect(t.previous).toBe(3);
    expect({ mom: t.mom, covered: t.previousCovered }).toEqual({ mom: null, covered: false });
    expect({ yoy: t.yoy, covered: t.lastYearCovered }).toEqual({ yoy: null, covered: false });
    expect(t.dataFrom).toBe('2026-11-18');
    // The year-ago line has no months before the records begin: gaps, not zeros.
    expect(t.lastYear.map((b) => b.n)).toEqual(Array(13).fill(null));
    expect(t.current.map((b) => b.n)).toEqual([0, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2]);
  });

  it('compares when the records cover the period compared with', async () => {
    // December 2026 against November, which began before the records: no 环比.
    expect((await heatmap.explore({ period: '2026-12' })).trend.mom).toBeNull();
    // 2026-12-18 – 2027-01-16 against 2026-11-18 – 2026-12-17: covered, 5 cases against 3.
    const t = (await heatmap.explore({ from: '2026-12-18', to: '2027-01-16' })).trend;
    expect({ previous: t.previous, covered: t.previousCovered, mom: t.mom }).toEqual({ previous: 3, covered: true, mom: 66.67 });
    expect(t.current[0]).toEqual({ label: '2026-12-18', n: 5, days: 1, partial: false });
    // 2027-11-18 against 2026-11-18: both covered, 2 cases against 3; the year-ago day has its value.
    const day = (await heatmap.explore({ from: '2027-11-18', to: '2027-11-18' })).trend;
    expect({ yoy: day.yoy, covered: day.lastYearCovered, lastYear: day.lastYear }).toEqual({ yoy: -33.33, covered: true, lastYear: [{ label: '2026-11-18', n: 3, days: 1, partial: false }] });
    // Its previous day is covered too, and had no cases: no percentage from nothing.
    expect({ mom: day.mom, covered: day.previousCovered }).toEqual({ mom: null, covered: true });
  });

  it('leaves a gap for the days of a period before the records begin', async () => {
    const t = (await heatmap.explore({ from: '2026-11-16', to: '2026-11-19' })).trend;
    expect(t.current).toEqual([
      { label: '2026-11-16', n: null, days: 1, partial: false },
      { label: '2026-11-17', n: null, days: 1, partial: false },
      { label: '2026-11-18', n: 3, days: 1, partial: false },
      { label: '2026-11-19', n: 0, days: 1, partial: false },
    ]);
  });
});

describe('a period that is not over yet', () => {
  it('marks the current month partial with its days so far, and has no value for months to come', async () => {
    // The county's today is 2027-11-18 (START + 365 days): November has run 18 of its 30 days.
    const t = (await heatmap.explore({ period: '2027' })).trend;
    expect(t.unit).toBe('month');
    expect(t.periodPartial).toBe(true);
    const november = t.current.find((b) => b.label === '2027-11')!;
    expect(november).toEqual({ label: '2027-11', n: 2, days: 18, partial: true });
    expect(t.current.find((b) => b.label === '2027-10')).toEqual({ label: '2027-10', n: 0, days: 31, partial: false });
    // December has not begun: a gap, not a month of no cases.
    expect(t.current.find((b) => b.label === '2027-12')).toEqual({ label: '2027-12', n: null, days: 0, partial: false });
    expect(t.current.filter((b) => b.partial).map((b) => b.label)).toEqual(['2027-11']);
  });

  it('marks today partial in a daily trend, and a month the period cuts at its start', async () => {
    const days = (await heatmap.explore({ from: '2027-11-16', to: '2027-11-19' })).trend;
    expect(days.current.map((b) => [b.label, b.n, b.partial])).toEqual([
      ['2027-11-16', 0, false],
      ['2027-11-17', 0, false],
      ['2027-11-18', 2, true],
      ['2027-11-19', null, false],
    ]);
    const cut = (await heatmap.explore({ from: '2026-11-19', to: '2027-11-18' })).trend;
    expect(cut.periodPartial).toBe(false);
    expect(cut.current[0]).toEqual({ label: '2026-11', n: 0, days: 12, partial: true });
    expect(cut.current.at(-1)).toEqual({ label: '2027-11', n: 2, days: 18, partial: true });
    expect(cut.current.slice(1, -1).every((b) => !b.partial)).toBe(true);
  });
});
