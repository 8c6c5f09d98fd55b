// 0320: camera events → alarms and cases (issue 15). Rules map an ONVIF event topic on some
// cameras, inside a daily window, to an alarm on the wall or a case (with the still and a clip);
// hits keep what each rule did, and de-duplicate: one case per rule and camera within dedup_s.
export const sql = `
CREATE TABLE camera_event_rules (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  -- the ONVIF topic without prefixes, or its beginning: RuleEngine/CellMotionDetector/Motion
  topic TEXT NOT NULL,
  -- JSON array of camera ids; [] = every camera
  camera_ids TEXT NOT NULL DEFAULT '[]',
  action TEXT NOT NULL CHECK (action IN ('alarm', 'case')),
  case_kind TEXT CHECK (case_kind IN ('component', 'event')),
  class_code TEXT,
  -- county time, HH:MM; from > to spans midnight
  from_time TEXT NOT NULL DEFAULT '00:00',
  to_time TEXT NOT NULL DEFAULT '24:00',
  dedup_s INTEGER NOT NULL DEFAULT 600 CHECK (dedup_s BETWEEN 0 AND 86400),
  pre_s INTEGER NOT NULL DEFAULT 10 CHECK (pre_s BETWEEN 0 AND 300),
  post_s INTEGER NOT NULL DEFAULT 20 CHECK (post_s BETWEEN 0 AND 600),
  enabled INTEGER NOT NULL DEFAULT 1,
  updated_by INTEGER REFERENCES users(id),
  updated_at INTEGER NOT NULL
);

CREATE TABLE camera_event_hits (
  id INTEGER PRIMARY KEY,
  rule_id INTEGER NOT NULL REFERENCES camera_event_rules(id) ON DELETE CASCADE,
  camera_id INTEGER NOT NULL,
  topic TEXT NOT NULL,
  at INTEGER NOT NULL,
  -- events within the de-duplication window after this one, folded into it
  repeats INTEGER NOT NULL DEFAULT 1,
  case_id INTEGER REFERENCES cases(id),
  alarm_id INTEGER,
  clip_id INTEGER,
  -- what went wrong making the case or its evidence, in words
  note TEXT
);
CREATE INDEX camera_event_hits_rule ON camera_event_hits(rule_id, camera_id, at);
`;
