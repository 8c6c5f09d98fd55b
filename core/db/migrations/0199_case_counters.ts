// 0199: case numbers from a counter row per day (updated inside the reporting transaction),
// not from a counter in one server's memory: servers sharing a database never collide.
export const sql = `
CREATE TABLE case_counters (
  day TEXT PRIMARY KEY CHECK (length(day) = 8),
  last INTEGER NOT NULL CHECK (last > 0)
);
`;
