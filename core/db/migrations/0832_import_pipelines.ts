// 0832: the importer takes pipelines and wells too. SQLite cannot change a CHECK in place,
// so the three tables that name the targets are copied into new ones. The children are
// rebuilt with the parent, so nothing ever points at a dropped table (foreign keys stay on).
const TARGETS = "'grids', 'components', 'places', 'departments', 'users', 'pipelines', 'wells'";
export const sql = `
CREATE TABLE import_jobs_v2 (
  id INTEGER PRIMARY KEY,
  target TEXT NOT NULL CHECK (target IN (${TARGETS})),
  file_name TEXT NOT NULL,
  format TEXT,
  crs TEXT,
  dry_run INTEGER NOT NULL DEFAULT 0,
  status TEXT NOT NULL CHECK (status IN ('running', 'done', 'failed', 'rejected')),
  user_id INTEGER REFERENCES users(id),
  started_at INTEGER NOT NULL,
  finished_at INTEGER,
  inserted INTEGER NOT NULL DEFAULT 0,
  updated INTEGER NOT NULL DEFAULT 0,
  unchanged INTEGER NOT NULL DEFAULT 0,
  errors INTEGER NOT NULL DEFAULT 0,
  warnings INTEGER NOT NULL DEFAULT 0,
  report TEXT
);
INSERT INTO import_jobs_v2 SELECT id, target, file_name, format, crs, dry_run, status, user_id, started_at, finished_at, inserted, updated, unchanged, errors, warnings, report FROM import_jobs;

CREATE TABLE import_changes_v2 (
  id INTEGER PRIMARY KEY,
  job_id INTEGER NOT NULL REFERENCES import_jobs_v2(id),
  entity TEXT NOT NULL,
  entity_key TEXT NOT NULL,
  changes TEXT NOT NULL,
  at INTEGER NOT NULL
);
INSERT INTO import_changes_v2 SELECT id, job_id, entity, entity_key, changes, at FROM import_changes;

CREATE TABLE data_revisions_v2 (
  entity TEXT PRIMARY KEY CHECK (entity IN (${TARGETS})),
  revision INTEGER NOT NULL CHECK (revision > 0),
  changed_at INTEGER NOT NULL,
  job_id INTEGER REFERENCES import_jobs_v2(id)
);
INSERT INTO data_revisions_v2 SELECT entity, revision, changed_at, job_id FROM data_revisions;

DROP TABLE import_changes;
DROP TABLE data_revisions;
DROP TABLE import_jobs;
ALTER TABLE import_jobs_v2 RENAME TO import_jobs;
ALTER TABLE import_changes_v2 RENAME TO import_changes;
ALTER TABLE data_revisions_v2 RENAME TO data_revisions;
CREATE INDEX import_changes_key ON import_changes(entity, entity_key);
CREATE INDEX import_changes_job ON import_changes(job_id);
`;
