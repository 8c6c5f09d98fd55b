// 0600: the county's own data (issue 8): import jobs and what each changed, the audit trail
// of administration, the grid roster (一格六员), the mapping between the two class standards,
// and a stable code for places so a re-import updates a door plate instead of duplicating it.
export const sql = `
CREATE TABLE import_jobs (
  id INTEGER PRIMARY KEY,
  target TEXT NOT NULL CHECK (target IN ('grids', 'components', 'places', 'departments', 'users')),
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

-- Rows an import changed (变更): the fields that differ, before and after. New rows are counted
-- on the job, not listed one by one.
CREATE TABLE import_changes (
  id INTEGER PRIMARY KEY,
  job_id INTEGER NOT NULL REFERENCES import_jobs(id),
  entity TEXT NOT NULL,
  entity_key TEXT NOT NULL,
  changes TEXT NOT NULL,
  at INTEGER NOT NULL
);
CREATE INDEX import_changes_key ON import_changes(entity, entity_key);
CREATE INDEX import_changes_job ON import_changes(job_id);

-- 应用维护: who changed what, when, with the row before and after (JSON).
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  user_id INTEGER REFERENCES users(id),
  username TEXT,
  entity TEXT NOT NULL,
  entity_key TEXT NOT NULL,
  action TEXT NOT NULL CHECK (action IN ('create', 'update', 'delete')),
  before TEXT,
  after TEXT
);
CREATE INDEX audit_log_at ON audit_log(at);
CREATE INDEX audit_log_entity ON audit_log(entity, entity_key);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

-- 一格六员: per grid one named person for each duty; user_id when the person has an account.
CREATE TABLE grid_roster (
  grid_code TEXT NOT NULL REFERENCES grids(code),
  duty TEXT NOT NULL CHECK (duty IN ('leader', 'inspector', 'sanitation', 'community', 'patroller', 'volunteer')),
  name TEXT NOT NULL,
  phone TEXT,
  user_id INTEGER REFERENCES users(id),
  PRIMARY KEY (grid_code, duty)
);

-- Old class -> new class (GB/T 30428.2-2013 -> GB/T 47678.5-2026), edited in 应用维护.
CREATE TABLE class_mappings (
  from_standard TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('component', 'event')),
  from_code TEXT NOT NULL,
  to_standard TEXT NOT NULL,
  to_kind TEXT NOT NULL CHECK (to_kind IN ('component', 'event')),
  to_code TEXT NOT NULL,
  note TEXT,
  PRIMARY KEY (from_standard, kind, from_code, to_standard)
);

ALTER TABLE places ADD COLUMN code TEXT;
ALTER TABLE places ADD COLUMN changed_date TEXT;
CREATE UNIQUE INDEX places_code ON places(code) WHERE code IS NOT NULL;
ALTER TABLE departments ADD COLUMN changed_date TEXT;
`;
