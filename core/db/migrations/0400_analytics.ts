// 0400: analytics (热力分析 and 综合评价) aggregates, all derived from the case trail and kept
// in the workflow's own transactions: the flow summary by grid × class × source × day × hour,
// the cohort counters of DOMAIN.md §4.1 by region, department and person, and a watermark.
export const sql = `
CREATE TABLE analytics_summary (
  day INTEGER NOT NULL,            -- local day number (days since 1970-01-01 in the county)
  grid_code TEXT NOT NULL,         -- '' when the case has no grid
  kind TEXT NOT NULL,
  class_code TEXT NOT NULL,
  source TEXT NOT NULL,
  hour INTEGER NOT NULL CHECK (hour BETWEEN 0 AND 23),
  reported INTEGER NOT NULL DEFAULT 0,
  registered INTEGER NOT NULL DEFAULT 0,
  dispatched INTEGER NOT NULL DEFAULT 0,
  disposed INTEGER NOT NULL DEFAULT 0,
  closed INTEGER NOT NULL DEFAULT 0,
  overdue INTEGER NOT NULL DEFAULT 0,
  voided INTEGER NOT NULL DEFAULT 0,
  rejected INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (day, grid_code, kind, class_code, source, hour)
) WITHOUT ROWID;

-- Cohort counters: a day range is one contiguous stretch of the key for every scope.
CREATE TABLE analytics_counters (
  scope TEXT NOT NULL,
  day INTEGER NOT NULL,
  subject TEXT NOT NULL,
  measure TEXT NOT NULL,
  value INTEGER NOT NULL,
  PRIMARY KEY (scope, day, subject, measure)
) WITHOUT ROWID;

-- lastEventId: the trail event the aggregates include up to; stale = 1 when events arrived
-- that no observer saw (a bulk import), so the next start rebuilds.
CREATE TABLE analytics_state (
  key TEXT PRIMARY KEY,
  value INTEGER NOT NULL
);
`;
