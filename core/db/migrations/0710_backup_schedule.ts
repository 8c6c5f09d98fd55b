// 0710: scheduled backups (issue 19, 数据备份恢复). One row per backup made: a scheduled one
// carries the slot it was made for (the county time it was due, epoch ms), unique, so a slot
// is claimed once whatever restarts; a run still `running` when the server starts again was
// cut off and is marked `interrupted`. `backup_schedule.since`: slots before it never fire
// (a schedule set or changed at 15:00 does not fire for 02:00 of the same day).
export const sql = `
CREATE TABLE backup_runs (
  id INTEGER PRIMARY KEY,
  slot INTEGER UNIQUE,
  trigger TEXT NOT NULL CHECK (trigger IN ('schedule', 'manual')),
  attempts INTEGER NOT NULL DEFAULT 1,
  started_at INTEGER NOT NULL,
  finished_at INTEGER,
  state TEXT NOT NULL CHECK (state IN ('running', 'ok', 'failed', 'interrupted')),
  file TEXT,
  bytes INTEGER,
  sha256 TEXT,
  copy_file TEXT,
  copy_state TEXT CHECK (copy_state IN ('ok', 'failed')),
  message TEXT
);
CREATE INDEX backup_runs_started ON backup_runs(started_at);
CREATE TABLE backup_schedule (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  since INTEGER NOT NULL
);
`;
