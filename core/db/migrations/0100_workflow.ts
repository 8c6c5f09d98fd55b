// 0100: the workflow (协同工作): settings, working calendar, time limits, auto-dispatch rules,
// blacklist, timers, attachments, and the case columns the flow needs.
export const sql = `
-- County-editable parameters ([U] defaults from DOMAIN.md), one JSON value per key.
CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  updated_by INTEGER REFERENCES users(id)
);

-- Working calendar: periods of a working day, and dated exceptions (holidays, 调休 workdays).
CREATE TABLE calendar_periods (
  id INTEGER PRIMARY KEY,
  start_min INTEGER NOT NULL CHECK (start_min BETWEEN 0 AND 1440),
  end_min INTEGER NOT NULL CHECK (end_min BETWEEN 0 AND 1440),
  CHECK (start_min < end_min)
);
CREATE TABLE calendar_days (
  date TEXT PRIMARY KEY CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  kind TEXT NOT NULL CHECK (kind IN ('holiday', 'workday')),
  name TEXT,
  source TEXT NOT NULL DEFAULT 'local' CHECK (source IN ('chinese-days', 'local'))
);

-- 处置时限 and per-step limits. class_code '*' is the default for a kind; stage 'dispose'
-- is the disposal limit, the others are per-node limits (受理, 核实, 立案, 派遣, 核查, 结案).
CREATE TABLE time_limits (
  id INTEGER PRIMARY KEY,
  standard_id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('component', 'event', '*')),
  class_code TEXT NOT NULL,
  stage TEXT NOT NULL CHECK (stage IN ('accept', 'verify', 'register', 'dispatch', 'dispose', 'check', 'close')),
  value REAL NOT NULL CHECK (value > 0),
  unit TEXT NOT NULL CHECK (unit IN ('work_hours', 'work_days', 'hours', 'days')),
  urgent_value REAL CHECK (urgent_value IS NULL OR urgent_value > 0),
  urgent_unit TEXT CHECK (urgent_unit IS NULL OR urgent_unit IN ('hours', 'days')),
  filing_condition TEXT,
  closing_condition TEXT,
  UNIQUE (standard_id, kind, class_code, stage)
);

-- 自动批转: class (and optionally area or grid) -> the responsible department.
CREATE TABLE dispatch_rules (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('component', 'event')),
  class_code TEXT NOT NULL,
  area_code TEXT,
  grid_code TEXT,
  department_id INTEGER NOT NULL REFERENCES departments(id),
  active INTEGER NOT NULL DEFAULT 1,
  note TEXT
);
CREATE INDEX dispatch_rules_class ON dispatch_rules(kind, class_code);

-- 黑名单: a class that keeps recurring in one grid.
CREATE TABLE blacklist (
  id INTEGER PRIMARY KEY,
  grid_code TEXT NOT NULL REFERENCES grids(code),
  kind TEXT NOT NULL,
  class_code TEXT NOT NULL,
  case_count INTEGER NOT NULL,
  first_at INTEGER NOT NULL,
  last_at INTEGER NOT NULL,
  flagged_at INTEGER NOT NULL,
  cleared_at INTEGER,
  UNIQUE (grid_code, kind, class_code)
);

CREATE TABLE attachments (
  id INTEGER PRIMARY KEY,
  case_id INTEGER REFERENCES cases(id),
  event_id INTEGER REFERENCES case_events(id),
  kind TEXT NOT NULL DEFAULT 'photo' CHECK (kind IN ('photo', 'snapshot', 'document')),
  mime TEXT NOT NULL,
  bytes INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  file TEXT NOT NULL,
  original_name TEXT,
  uploaded_by INTEGER REFERENCES users(id),
  created_at INTEGER NOT NULL
);
CREATE INDEX attachments_case ON attachments(case_id);

ALTER TABLE cases ADD COLUMN assignee_id INTEGER REFERENCES users(id);
ALTER TABLE cases ADD COLUMN step_deadline_at INTEGER;
ALTER TABLE cases ADD COLUMN clock_limit INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN overdue INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN hang_started_at INTEGER;
ALTER TABLE cases ADD COLUMN hang_ms INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN extension_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN rework_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN return_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN resume_state TEXT;
ALTER TABLE cases ADD COLUMN self_handled INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN blacklisted INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN pending_request TEXT;
-- The case's next timer (due_soon, overdue, step_overdue). Timers live in the case row so
-- they survive a restart; firing clears or advances them in the same transaction, so each
-- fires once. Only open cases with a pending timer sit in the index.
ALTER TABLE cases ADD COLUMN timer_at INTEGER;
ALTER TABLE cases ADD COLUMN timer_kind TEXT CHECK (timer_kind IS NULL OR timer_kind IN ('due_soon', 'overdue', 'step_overdue'));
CREATE INDEX cases_timer ON cases(timer_at) WHERE timer_at IS NOT NULL;
CREATE INDEX cases_open_class ON cases(class_code, state);
CREATE INDEX cases_assignee ON cases(assignee_id, state) WHERE assignee_id IS NOT NULL;
DROP INDEX cases_department;
CREATE INDEX cases_department ON cases(department_id, state) WHERE department_id IS NOT NULL;
`;
