// 0720: 告警中心. One row per alarm: what happened (kind, severity, title), what it is about (a
// case, a device, a place), and what people did about it (new → seen → handled, who and when).
// `source_key` joins repeats: while an alarm with the same key is not handled, the producer's
// next raise bumps `repeats` and `last_at` instead of adding a row.
export const sql = `
CREATE TABLE alarms (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (length(kind) BETWEEN 1 AND 40),
  severity TEXT NOT NULL CHECK (severity IN ('critical', 'major', 'minor', 'info')),
  title TEXT NOT NULL,
  title_en TEXT,
  detail TEXT,
  detail_en TEXT,
  source_key TEXT,
  state TEXT NOT NULL DEFAULT 'new' CHECK (state IN ('new', 'seen', 'handled')),
  raised_at INTEGER NOT NULL,
  last_at INTEGER NOT NULL,
  repeats INTEGER NOT NULL DEFAULT 1 CHECK (repeats >= 1),
  cleared_at INTEGER,
  seen_at INTEGER,
  seen_by INTEGER REFERENCES users(id),
  handled_at INTEGER,
  handled_by INTEGER REFERENCES users(id),
  handled_note TEXT,
  case_id INTEGER REFERENCES cases(id),
  department_id INTEGER REFERENCES departments(id),
  device_kind TEXT,
  device_id INTEGER,
  device_code TEXT,
  lon REAL CHECK (lon IS NULL OR lon BETWEEN -180 AND 180),
  lat REAL CHECK (lat IS NULL OR lat BETWEEN -90 AND 90),
  grid_code TEXT,
  data TEXT
);
CREATE INDEX alarms_by_kind ON alarms (kind, id);
CREATE INDEX alarms_by_state ON alarms (state, id);
CREATE INDEX alarms_open_by_key ON alarms (source_key) WHERE state <> 'handled' AND source_key IS NOT NULL;
CREATE INDEX alarms_by_case ON alarms (case_id) WHERE case_id IS NOT NULL;
`;
