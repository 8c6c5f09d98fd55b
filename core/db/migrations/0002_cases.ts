// 0002: cases (案卷) and their append-only event trail. The workflow (协同工作) owns them;
// the foundation only needs somewhere to keep the demo county's history.
export const sql = `
CREATE TABLE cases (
  id INTEGER PRIMARY KEY,
  case_no TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL CHECK (kind IN ('component', 'event')),
  standard_id TEXT NOT NULL REFERENCES class_standards(id),
  class_code TEXT NOT NULL,
  source TEXT NOT NULL,
  state TEXT NOT NULL,
  urgent INTEGER NOT NULL DEFAULT 0,
  supervised INTEGER NOT NULL DEFAULT 0,
  description TEXT NOT NULL DEFAULT '',
  address TEXT,
  lon REAL, lat REAL,
  grid_code TEXT REFERENCES grids(code),
  community_code TEXT,
  street_code TEXT,
  component_id TEXT,
  department_id INTEGER REFERENCES departments(id),
  reporter_id INTEGER REFERENCES users(id),
  reporter_name TEXT,
  reporter_contact TEXT,
  reported_at INTEGER NOT NULL,
  registered_at INTEGER,
  dispatched_at INTEGER,
  disposed_at INTEGER,
  closed_at INTEGER,
  deadline_at INTEGER,
  updated_at INTEGER NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX cases_state ON cases(state, updated_at);
CREATE INDEX cases_reported ON cases(reported_at);
CREATE INDEX cases_grid ON cases(grid_code, reported_at);
CREATE INDEX cases_department ON cases(department_id, state);

CREATE TABLE case_events (
  id INTEGER PRIMARY KEY,
  case_id INTEGER NOT NULL REFERENCES cases(id),
  seq INTEGER NOT NULL,
  at INTEGER NOT NULL,
  actor_id INTEGER REFERENCES users(id),
  actor_role TEXT,
  action TEXT NOT NULL,
  from_state TEXT,
  to_state TEXT NOT NULL,
  comment TEXT,
  data TEXT,
  UNIQUE (case_id, seq)
);
CREATE INDEX case_events_at ON case_events(at);

-- The audit trail cannot be bent: events are only ever appended.
CREATE TRIGGER case_events_no_update BEFORE UPDATE ON case_events
BEGIN SELECT RAISE(ABORT, 'case events are append-only'); END;
CREATE TRIGGER case_events_no_delete BEFORE DELETE ON case_events
BEGIN SELECT RAISE(ABORT, 'case events are append-only'); END;
`;
