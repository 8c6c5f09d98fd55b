// 0830: muck trucks (渣土车) on JT/T 808 (issue 18): the trucks and their terminals, their
// position reports, the sites they load and tip at, permits (准运证) and alarms.
export const sql = `
-- 工地 (origin) and 消纳场 (disposal site): a circle around a point.
CREATE TABLE muck_sites (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('origin', 'disposal')),
  lon REAL NOT NULL,
  lat REAL NOT NULL,
  radius_m REAL NOT NULL CHECK (radius_m > 0)
);

-- A truck and its terminal (终端): the terminal's phone number (终端手机号, 20 BCD digits) is
-- how the JT/T 808 server knows it; the auth code is issued at registration.
CREATE TABLE muck_trucks (
  id INTEGER PRIMARY KEY,
  plate TEXT NOT NULL UNIQUE,
  plate_color INTEGER NOT NULL DEFAULT 2,
  company TEXT,
  phone TEXT NOT NULL UNIQUE,
  terminal_id TEXT,
  maker TEXT,
  model TEXT,
  auth_code TEXT,
  registered_at INTEGER,
  authenticated_at INTEGER,
  lon REAL,
  lat REAL,
  speed_kmh REAL,
  heading_deg REAL,
  seen_at INTEGER
);

CREATE TABLE muck_positions (
  truck_id INTEGER NOT NULL REFERENCES muck_trucks(id),
  at INTEGER NOT NULL,
  lon REAL NOT NULL,
  lat REAL NOT NULL,
  speed_kmh REAL NOT NULL,
  heading_deg REAL NOT NULL,
  alarm_flags INTEGER NOT NULL DEFAULT 0,
  status_flags INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (truck_id, at)
) WITHOUT ROWID;

-- 准运证: a truck may carry spoil from an origin site to a disposal site along a corridor (a
-- polyline buffered by buffer_m), between two dates, in daily hours (minutes after local
-- midnight; end before start means the window runs over midnight), at most max_speed_kmh.
CREATE TABLE muck_permits (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  truck_id INTEGER NOT NULL REFERENCES muck_trucks(id),
  origin_site_id INTEGER NOT NULL REFERENCES muck_sites(id),
  disposal_site_id INTEGER NOT NULL REFERENCES muck_sites(id),
  corridor TEXT NOT NULL,
  buffer_m REAL NOT NULL CHECK (buffer_m > 0),
  valid_from TEXT NOT NULL,
  valid_to TEXT NOT NULL,
  day_start_min INTEGER NOT NULL CHECK (day_start_min BETWEEN 0 AND 1439),
  day_end_min INTEGER NOT NULL CHECK (day_end_min BETWEEN 0 AND 1440),
  max_speed_kmh REAL NOT NULL CHECK (max_speed_kmh > 0),
  west REAL NOT NULL, south REAL NOT NULL, east REAL NOT NULL, north REAL NOT NULL
);
CREATE INDEX muck_permits_truck ON muck_permits(truck_id);

-- One alarm per episode: it opens when a rule is broken and closes when the truck keeps it
-- again; the case it filed carries the track around it.
CREATE TABLE muck_alarms (
  id INTEGER PRIMARY KEY,
  truck_id INTEGER NOT NULL REFERENCES muck_trucks(id),
  permit_id INTEGER REFERENCES muck_permits(id),
  kind TEXT NOT NULL CHECK (kind IN ('off_corridor', 'outside_hours', 'unpermitted_site', 'speeding', 'silent')),
  opened_at INTEGER NOT NULL,
  closed_at INTEGER,
  lon REAL,
  lat REAL,
  detail TEXT NOT NULL,
  case_id INTEGER REFERENCES cases(id),
  track TEXT
);
CREATE UNIQUE INDEX muck_alarms_open ON muck_alarms(truck_id, kind) WHERE closed_at IS NULL;
CREATE INDEX muck_alarms_opened ON muck_alarms(opened_at);
CREATE INDEX muck_alarms_case ON muck_alarms(case_id) WHERE case_id IS NOT NULL;
`;
