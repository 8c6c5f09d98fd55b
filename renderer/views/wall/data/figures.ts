// The figures the wall's panels show, read from the analytics aggregates (issue 6:
// GET /api/analytics/summary, GET /api/analytics/grid-fill), the one source of counts that the
// heatmaps and the evaluation also read.
import type { AnalyticsSummary, GridFillResponse } from '../../../../core/contract/index';

export interface WallFigures {
  today: { reported: number; registered: number; dispatched: number; closed: number; overdue: number; open: number };
  /** This month so far (DOMAIN.md §4.2: 结案率 and 按期结案率 over 应结案数). */
  rates: { closeRate: number | null; onTimeRate: number | null };
  trend: { date: string; reported: number; closed: number }[];
  /** Reports of the last 7 days by class. */
  classes: { name: string; nameEn: string | null; count: number }[];
  /** Reports of the last 7 days by grid. */
  topGrids: { gridCode: string; label: string; count: number }[];
  /** This month's evaluation of departments, best first. */
  departments: { name: string; score: number; grade: string | null; ranked: boolean; sample: number }[];
}

/** Rates arrive as percentages (93.72); two decimals, as the evaluation prints them. */
function percent(rate: number | null): number | null {
  return rate === null ? null : Math.round(rate * 100) / 100;
}

export function wallFigures(a: AnalyticsSummary): WallFigures {
  return {
    today: {
      reported: a.today.reported,
      registered: a.today.registered,
      dispatched: a.today.dispatched,
      closed: a.today.closed,
      // Overdue now: open cases past their deadline (a wall shows what needs doing).
      overdue: a.open.overdue,
      open: a.open.total,
    },
    rates: { closeRate: percent(a.month.closeRate), onTimeRate: percent(a.month.onTimeCloseRate) },
    trend: a.trend7.map((d) => ({ date: d.date, reported: d.reported, closed: d.closed })),
    classes: a.classes.map((c) => ({ name: c.name, nameEn: c.nameEn, count: c.n })),
    topGrids: a.topGrids.map((g) => ({ gridCode: g.code, label: g.community ? `${g.community} ${g.code.slice(-3)}` : g.code.slice(-6), count: g.n })),
    departments: a.departments.filter((d) => d.score !== null).map((d) => ({ name: d.name, score: Math.round(d.score! * 10) / 10, grade: d.grade, ranked: d.rank !== null, sample: d.sample })),
  };
}

export type GridMeasure = GridFillResponse['measure'];

/** A value per grid code for the grid layer's fill. */
export interface GridFillValues {
  measure: GridMeasure;
  max: number;
  values: Record<string, number>;
}

export function gridFillValues(answer: GridFillResponse): GridFillValues {
  return { measure: answer.measure, max: answer.max, values: Object.fromEntries(answer.grids.map((g) => [g.code, g.n])) };
}
