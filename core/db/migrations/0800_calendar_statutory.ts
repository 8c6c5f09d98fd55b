// 0800: a third source of calendar days, 'statutory': the fixed-date statutory holidays
// (元旦, 劳动节, 国庆节) seeded for a year the chinese-days package does not know yet. SQLite
// cannot change a CHECK in place, so the table is rebuilt with its rows.
export const sql = `
CREATE TABLE calendar_days_0800 (
  date TEXT PRIMARY KEY CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  kind TEXT NOT NULL CHECK (kind IN ('holiday', 'workday')),
  name TEXT,
  source TEXT NOT NULL DEFAULT 'local' CHECK (source IN ('chinese-days', 'statutory', 'local'))
);
INSERT INTO calendar_days_0800 (date, kind, name, source) SELECT date, kind, name, source FROM calendar_days;
DROP TABLE calendar_days;
ALTER TABLE calendar_days_0800 RENAME TO calendar_days;
`;
