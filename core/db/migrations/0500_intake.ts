// 0500: the intake channels (issue 7). Channel keys for Open311 clients, sensor gateways and
// vehicle terminals (kept only as SHA-256 of a 256-bit random key); who filed each case through
// which channel, with its tracking code (查询码, also the Open311 token); citizens' ratings
// (满意度回访); inspectors' GPS tracks; sensor readings and incidents; vehicle tracks.
export const sql = `
CREATE TABLE channel_keys (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  scope TEXT NOT NULL CHECK (scope IN ('open311', 'sensors', 'vehicles')),
  key_hash TEXT NOT NULL UNIQUE,
  key_hint TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  created_by INTEGER REFERENCES users(id),
  revoked_at INTEGER,
  last_used_at INTEGER,
  use_count INTEGER NOT NULL DEFAULT 0
);
-- One live key per name; a revoked name can be given a new key.
CREATE UNIQUE INDEX channel_keys_live_name ON channel_keys(lower(name)) WHERE revoked_at IS NULL;

CREATE TABLE case_submissions (
  case_id INTEGER PRIMARY KEY REFERENCES cases(id),
  channel TEXT NOT NULL,
  token TEXT NOT NULL UNIQUE,
  key_id INTEGER REFERENCES channel_keys(id),
  user_id INTEGER REFERENCES users(id),
  client_ref TEXT,
  device_hash TEXT,
  address_hash TEXT,
  account_id TEXT,
  email TEXT,
  phone TEXT,
  first_name TEXT,
  last_name TEXT,
  media_url TEXT,
  attributes TEXT,
  created_at INTEGER NOT NULL
);
CREATE INDEX case_submissions_device ON case_submissions(device_hash, created_at) WHERE device_hash IS NOT NULL;
CREATE INDEX case_submissions_address ON case_submissions(address_hash, created_at) WHERE address_hash IS NOT NULL;
-- A client's retry of the same report (same idempotency reference) finds the first case.
CREATE UNIQUE INDEX case_submissions_client_ref
  ON case_submissions(channel, coalesce(user_id, 0), coalesce(key_id, 0), client_ref) WHERE client_ref IS NOT NULL;

CREATE TABLE case_ratings (
  case_id INTEGER PRIMARY KEY REFERENCES cases(id),
  rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
  comment TEXT,
  channel TEXT NOT NULL,
  created_at INTEGER NOT NULL
);

CREATE TABLE inspector_positions (
  user_id INTEGER NOT NULL REFERENCES users(id),
  at INTEGER NOT NULL,
  lon REAL NOT NULL CHECK (lon BETWEEN -180 AND 180),
  lat REAL NOT NULL CHECK (lat BETWEEN -90 AND 90),
  accuracy_m REAL,
  grid_code TEXT,
  in_own_grid INTEGER NOT NULL,
  PRIMARY KEY (user_id, at)
) WITHOUT ROWID;

ALTER TABLE sensors ADD COLUMN last_value REAL;
ALTER TABLE sensors ADD COLUMN last_seen_at INTEGER;
ALTER TABLE sensors ADD COLUMN alarm_above REAL;
ALTER TABLE sensors ADD COLUMN clear_below REAL;
-- Readings carry no foreign key: the ingest resolves every code first, and at tens of
-- thousands of rows a second the extra lookup per row is the cost that matters.
CREATE TABLE sensor_readings (
  sensor_id INTEGER NOT NULL,
  at INTEGER NOT NULL,
  value REAL NOT NULL,
  PRIMARY KEY (sensor_id, at)
) WITHOUT ROWID;
CREATE TABLE sensor_incidents (
  id INTEGER PRIMARY KEY,
  sensor_id INTEGER NOT NULL REFERENCES sensors(id),
  started_at INTEGER NOT NULL,
  ended_at INTEGER,
  threshold REAL NOT NULL,
  peak_value REAL NOT NULL,
  readings INTEGER NOT NULL DEFAULT 1,
  case_id INTEGER REFERENCES cases(id)
);
-- At most one incident per sensor is open at a time.
CREATE UNIQUE INDEX sensor_incidents_open ON sensor_incidents(sensor_id) WHERE ended_at IS NULL;
CREATE INDEX sensor_incidents_started ON sensor_incidents(started_at);

ALTER TABLE vehicles ADD COLUMN speed_kmh REAL;
CREATE TABLE vehicle_positions (
  vehicle_id INTEGER NOT NULL,
  at INTEGER NOT NULL,
  lon REAL NOT NULL,
  lat REAL NOT NULL,
  speed_kmh REAL,
  heading_deg REAL,
  PRIMARY KEY (vehicle_id, at)
) WITHOUT ROWID;
`;
