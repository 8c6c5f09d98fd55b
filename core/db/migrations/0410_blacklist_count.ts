// 0410: the blacklist count at each registration (same grid, kind and class since a day)
// walked every case of the grid in the window (cases_grid) or every case of the class
// (cases_open_class), reading each case row for its state: its cost grew with the data (issue
// 20). This index answers it from the cases of that grid and class within the window alone, and
// holds the state, so the count never reads the table.
export const sql = `
CREATE INDEX cases_grid_class ON cases(grid_code, class_code, kind, reported_at, state);
`;
