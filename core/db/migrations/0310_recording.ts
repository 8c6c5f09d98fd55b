// 0310: recording (录像). A plan per camera (mode, stream, weekly schedule, seconds around
// events, retention, priority), the index of the segment files under <data>/recordings/, the
// events that marked them, and the clips cut from them as evidence.
export const sql = `
CREATE TABLE recording_plans (
  camera_id INTEGER PRIMARY KEY REFERENCES cameras(id) ON DELETE CASCADE,
  mode TEXT NOT NULL CHECK (mode IN ('off', 'continuous', 'schedule', 'events')),
  stream TEXT NOT NULL DEFAULT 'sub' CHECK (stream IN ('main', 'sub')),
  -- JSON: [{day: 1..7 (Monday = 1), from: 'HH:MM', to: 'HH:MM'}] in county time
  schedule TEXT NOT NULL DEFAULT '[]',
  pre_s INTEGER NOT NULL DEFAULT 10 CHECK (pre_s BETWEEN 0 AND 300),
  post_s INTEGER NOT NULL DEFAULT 30 CHECK (post_s BETWEEN 0 AND 3600),
  retain_days INTEGER NOT NULL DEFAULT 30 CHECK (retain_days BETWEEN 1 AND 3650),
  -- 1 (lowest) .. 9 (highest): a full disk stops the lowest first
  priority INTEGER NOT NULL DEFAULT 5 CHECK (priority BETWEEN 1 AND 9),
  updated_by INTEGER REFERENCES users(id),
  updated_at INTEGER NOT NULL
);

-- One row per segment file (fragmented MP4, copied, starting at a keyframe). No foreign key to
-- cameras: a removed camera's recordings stay until retention takes them.
CREATE TABLE recording_segments (
  id INTEGER PRIMARY KEY,
  camera_id INTEGER NOT NULL,
  stream TEXT NOT NULL,
  started_at INTEGER NOT NULL,
  ended_at INTEGER NOT NULL,
  -- relative to the data folder
  file TEXT NOT NULL,
  bytes INTEGER NOT NULL DEFAULT 0,
  codec TEXT,
  width INTEGER,
  height INTEGER,
  -- events mode: 0 until an event's window covers it (unkept segments go once out of the pre-roll)
  kept INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX recording_segments_camera ON recording_segments(camera_id, started_at);
CREATE INDEX recording_segments_ended ON recording_segments(ended_at);

CREATE TABLE recording_events (
  id INTEGER PRIMARY KEY,
  camera_id INTEGER NOT NULL,
  at INTEGER NOT NULL,
  topic TEXT NOT NULL,
  source TEXT NOT NULL DEFAULT 'manual'
);
CREATE INDEX recording_events_camera ON recording_events(camera_id, at);

-- Clips as evidence: cut at keyframes without transcoding; the true span is what the file holds.
CREATE TABLE video_clips (
  id INTEGER PRIMARY KEY,
  camera_id INTEGER NOT NULL,
  asked_from INTEGER NOT NULL,
  asked_to INTEGER NOT NULL,
  started_at INTEGER NOT NULL,
  ended_at INTEGER NOT NULL,
  file TEXT NOT NULL,
  bytes INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  case_id INTEGER REFERENCES cases(id),
  reason TEXT,
  created_by INTEGER REFERENCES users(id),
  created_at INTEGER NOT NULL
);
CREATE INDEX video_clips_case ON video_clips(case_id);
`;
