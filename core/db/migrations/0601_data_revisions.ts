// 0601: a revision number per kind of base data an import writes (grids, components, places,
// departments, users). The import bumps it in the same transaction as its write. A staged
// import notes the revision when it starts staging and applies only if it is unchanged, so
// two imports of the same kind (the console's and a command line's) can never interleave.
export const sql = `
CREATE TABLE data_revisions (
  entity TEXT PRIMARY KEY CHECK (entity IN ('grids', 'components', 'places', 'departments', 'users')),
  revision INTEGER NOT NULL CHECK (revision > 0),
  changed_at INTEGER NOT NULL,
  job_id INTEGER REFERENCES import_jobs(id)
);
`;
