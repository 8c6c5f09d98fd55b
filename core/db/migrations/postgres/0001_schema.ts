// PostgreSQL 0001: the county schema as SQLite's migrations 0001-0832 leave it, written for
// PostgreSQL (made by scripts/postgres-schema.mjs, then read through): a PostgreSQL county
// starts at today's schema, so SQLite's earlier steps (table rebuilds, renames) are folded
// into this one. Every later migration gets its own PostgreSQL text beside its SQLite one.
// bigint for ids and epoch-ms times, double precision for coordinates (4-byte real is about
// 0.8 m at 119°E), GLOB checks as anchored regular expressions, the append-only trails
// (case_events, audit_log) and the other RAISE triggers as plpgsql trigger functions.
export const sql = `
CREATE FUNCTION gridhall_keep_id_sequence() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
  -- A row written with its own id (the demo county, a restore) moves the sequence past it.
  IF NEW.id > coalesce(pg_sequence_last_value(TG_ARGV[0]::regclass), 0) THEN
    PERFORM setval(TG_ARGV[0]::regclass, NEW.id);
  END IF;
  RETURN NEW;
END $f$;

CREATE SEQUENCE county_id_seq;

CREATE TABLE county (
  id bigint PRIMARY KEY DEFAULT nextval('county_id_seq') CHECK (id = 1),
  admin_code text NOT NULL CHECK (length(admin_code) = 6 AND admin_code !~ '^.*[^0-9].*$'),
  name text NOT NULL,
  name_en text,
  center_lon double precision NOT NULL,
  center_lat double precision NOT NULL,
  west double precision NOT NULL, south double precision NOT NULL, east double precision NOT NULL, north double precision NOT NULL,
  synthetic bigint NOT NULL DEFAULT 0,
  created_at bigint NOT NULL
);

ALTER SEQUENCE county_id_seq OWNED BY county.id;

CREATE TRIGGER county_keep_id BEFORE INSERT ON county FOR EACH ROW EXECUTE FUNCTION gridhall_keep_id_sequence('county_id_seq');

CREATE TABLE areas (
  code text PRIMARY KEY CHECK (code !~ '^.*[^0-9].*$'),
  level text NOT NULL CHECK (level IN ('county', 'street', 'community')),
  parent_code text REFERENCES areas(code),
  name text NOT NULL,
  geometry text,
  CHECK ((level = 'county' AND length(code) = 6)
      OR (level = 'street' AND length(code) = 9 AND substr(code, 1, 6) = parent_code)
      OR (level = 'community' AND length(code) = 12 AND substr(code, 1, 9) = parent_code))
);

CREATE TABLE grids (
  code text PRIMARY KEY CHECK (length(code) = 15 AND code !~ '^.*[^0-9].*$'),
  community_code text NOT NULL REFERENCES areas(code),
  area_m2 double precision NOT NULL CHECK (area_m2 > 0),
  geometry text NOT NULL,
  center_lon double precision NOT NULL,
  center_lat double precision NOT NULL,
  west double precision NOT NULL, south double precision NOT NULL, east double precision NOT NULL, north double precision NOT NULL,
  changed_at bigint,
  CHECK (substr(code, 1, 12) = community_code)
);

CREATE TABLE class_standards (
  id text PRIMARY KEY,
  name text NOT NULL,
  small_code_digits bigint NOT NULL CHECK (small_code_digits IN (2, 3)),
  component_id_digits bigint NOT NULL CHECK (component_id_digits IN (16, 17)),
  active bigint NOT NULL DEFAULT 0
);

CREATE TABLE classes (
  standard_id text NOT NULL REFERENCES class_standards(id),
  kind text NOT NULL CHECK (kind IN ('component', 'event')),
  code text NOT NULL CHECK (code !~ '^.*[^0-9].*$'),
  level text NOT NULL CHECK (level IN ('big', 'small')),
  big_code text NOT NULL CHECK (length(big_code) = 2),
  name text NOT NULL,
  name_en text,
  local_extension bigint NOT NULL DEFAULT 0,
  sort bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (standard_id, kind, code),
  CHECK ((level = 'big' AND code = big_code) OR (level = 'small' AND substr(code, 1, 2) = big_code))
);

CREATE SEQUENCE departments_id_seq;

CREATE TABLE departments (
  id bigint PRIMARY KEY DEFAULT nextval('departments_id_seq'),
  code text NOT NULL UNIQUE,
  name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('centre', 'department', 'street', 'enterprise')),
  parent_id bigint REFERENCES departments(id),
  level bigint NOT NULL DEFAULT 1 CHECK (level IN (1, 2)),
  phone text,
  active bigint NOT NULL DEFAULT 1
, changed_date text);

ALTER SEQUENCE departments_id_seq OWNED BY departments.id;

CREATE TRIGGER departments_keep_id BEFORE INSERT ON departments FOR EACH ROW EXECUTE FUNCTION gridhall_keep_id_sequence('departments_id_seq');

CREATE TABLE roles (
  code text PRIMARY KEY,
  name_zh text NOT NULL,
  name_en text NOT NULL
);

CREATE SEQUENCE users_id_seq;

CREATE TABLE users (
  id bigint PRIMARY KEY DEFAULT nextval('users_id_seq'),
  username text NOT NULL UNIQUE,
  display_name text NOT NULL,
  password_hash text NOT NULL,
  department_id bigint REFERENCES departments(id),
  phone text,
  active bigint NOT NULL DEFAULT 1,
  created_at bigint NOT NULL
, must_change_password bigint NOT NULL DEFAULT 0, password_changed_at bigint);

ALTER SEQUENCE users_id_seq OWNED BY users.id;

CREATE TRIGGER users_keep_id BEFORE INSERT ON users FOR EACH ROW EXECUTE FUNCTION gridhall_keep_id_sequence('users_id_seq');

CREATE TABLE user_roles (
  user_id bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  role_code text NOT NULL REFERENCES roles(code),
  PRIMARY KEY (user_id, role_code)
);

CREATE TABLE sessions (
  token_hash text PRIMARY KEY,
  user_id bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at bigint NOT NULL,
  expires_at bigint NOT NULL
, last_seen_at bigint);

CREATE TABLE inspector_grids (
  user_id bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  grid_code text NOT NULL REFERENCES grids(code),
  PRIMARY KEY (user_id, grid_code)
);

CREATE SEQUENCE cameras_id_seq;

CREATE TABLE cameras (
  id bigint PRIMARY KEY DEFAULT nextval('cameras_id_seq'),
  code text NOT NULL UNIQUE,
  name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('police', 'city', 'vehicle', 'body')),
  lon double precision NOT NULL, lat double precision NOT NULL,
  height_m double precision NOT NULL DEFAULT 6,
  heading_deg double precision NOT NULL DEFAULT 0,
  ptz bigint NOT NULL DEFAULT 0,
  grid_code text REFERENCES grids(code),
  department_id bigint REFERENCES departments(id)
, onvif_url text, username text, password text, simulated bigint NOT NULL DEFAULT 0, manufacturer text, model text, firmware text, serial text, profiles text, main_profile text, sub_profile text, snapshot_uri text, presets text, status text NOT NULL DEFAULT 'unknown'
  CHECK (status IN ('unknown', 'online', 'offline', 'auth_failed', 'bad_response', 'stream_failed')), status_message text, status_at bigint, rtsp_url text);

ALTER SEQUENCE cameras_id_seq OWNED BY cameras.id;

CREATE TRIGGER cameras_keep_id BEFORE INSERT ON cameras FOR EACH ROW EXECUTE FUNCTION gridhall_keep_id_sequence('cameras_id_seq');

CREATE SEQUENCE vehicles_id_seq;

CREATE TABLE vehicles (
  id bigint PRIMARY KEY DEFAULT nextval('vehicles_id_seq'),
  code text NOT NULL UNIQUE,
  plate text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('sweeper', 'sprinkler', 'enforcement', 'patrol')),
  department_id bigint REFERENCES departments(id),
  lon double precision, lat double precision, heading_deg double precision,
  seen_at bigint
, speed_kmh double precision);

ALTER SEQUENCE vehicles_id_seq OWNED BY vehicles.id;

CREATE TRIGGER vehicles_keep_id BEFORE INSERT ON vehicles FOR EACH ROW EXECUTE FUNCTION gridhall_keep_id_sequence('vehicles_id_seq');

CREATE SEQUENCE buildings_id_seq;

CREATE TABLE buildings (
  id bigint PRIMARY KEY DEFAULT nextval('buildings_id_seq'),
  grid_code text REFERENCES grids(code),
  name text,
  height_m double precision NOT NULL CHECK (height_m > 0),
  floors bigint,
  footprint text NOT NULL,
  center_lon double precision NOT NULL, center_lat double precision NOT NULL
);

ALTER SEQUENCE buildings_id_seq OWNED BY buildings.id;

CREATE TRIGGER buildings_keep_id BEFORE INSERT ON buildings FOR EACH ROW EXECUTE FUNCTION gridhall_keep_id_sequence('buildings_id_seq');

CREATE SEQUENCE streets_id_seq;

CREATE TABLE streets (
  id bigint PRIMARY KEY DEFAULT nextval('streets_id_seq'),
  name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('main', 'secondary', 'lane')),
  width_m double precision NOT NULL,
  geometry text NOT NULL
, west double precision, south double precision, east double precision, north double precision);

ALTER SEQUENCE streets_id_seq OWNED BY streets.id;

CREATE TRIGGER streets_keep_id BEFORE INSERT ON streets FOR EACH ROW EXECUTE FUNCTION gridhall_keep_id_sequence('streets_id_seq');

CREATE SEQUENCE places_id_seq;

CREATE TABLE places (
  id bigint PRIMARY KEY DEFAULT nextval('places_id_seq'),
  kind text NOT NULL CHECK (kind IN ('doorplate', 'poi', 'estate', 'street')),
  name text NOT NULL,
  street_name text,
  house_no text,
  lon double precision NOT NULL, lat double precision NOT NULL,
  grid_code text REFERENCES grids(code)
, code text, changed_date text);

ALTER SEQUENCE places_id_seq OWNED BY places.id;

CREATE TRIGGER places_keep_id BEFORE INSERT ON places FOR EACH ROW EXECUTE FUNCTION gridhall_keep_id_sequence('places_id_seq');

CREATE SEQUENCE cases_id_seq;

CREATE TABLE cases (
  id bigint PRIMARY KEY DEFAULT nextval('cases_id_seq'),
  case_no text NOT NULL UNIQUE,
  kind text NOT NULL CHECK (kind IN ('component', 'event')),
  standard_id text NOT NULL REFERENCES class_standards(id),
  class_code text NOT NULL,
  source text NOT NULL,
  state text NOT NULL,
  urgent bigint NOT NULL DEFAULT 0,
  supervised bigint NOT NULL DEFAULT 0,
  description text NOT NULL DEFAULT '',
  address text,
  lon double precision, lat double precision,
  grid_code text REFERENCES grids(code),
  community_code text,
  street_code text,
  component_id text,
  department_id bigint REFERENCES departments(id),
  reporter_id bigint REFERENCES users(id),
  reporter_name text,
  reporter_contact text,
  reported_at bigint NOT NULL,
  registered_at bigint,
  dispatched_at bigint,
  disposed_at bigint,
  closed_at bigint,
  deadline_at bigint,
  updated_at bigint NOT NULL,
  version bigint NOT NULL DEFAULT 1
, assignee_id bigint REFERENCES users(id), step_deadline_at bigint, clock_limit bigint NOT NULL DEFAULT 0, overdue bigint NOT NULL DEFAULT 0, hang_started_at bigint, hang_ms bigint NOT NULL DEFAULT 0, extension_count bigint NOT NULL DEFAULT 0, rework_count bigint NOT NULL DEFAULT 0, return_count bigint NOT NULL DEFAULT 0, resume_state text, self_handled bigint NOT NULL DEFAULT 0, blacklisted bigint NOT NULL DEFAULT 0, pending_request text, timer_at bigint, timer_kind text CHECK (timer_kind IS NULL OR timer_kind IN ('due_soon', 'overdue', 'step_overdue')));

ALTER SEQUENCE cases_id_seq OWNED BY cases.id;

CREATE TRIGGER cases_keep_id BEFORE INSERT ON cases FOR EACH ROW EXECUTE FUNCTION gridhall_keep_id_sequence('cases_id_seq');

CREATE SEQUENCE case_events_id_seq;

CREATE TABLE case_events (
  id bigint PRIMARY KEY DEFAULT nextval('case_events_id_seq'),
  case_id bigint NOT NULL REFERENCES cases(id),
  seq bigint NOT NULL,
  at bigint NOT NULL,
  actor_id bigint REFERENCES users(id),
  actor_role text,
  action text NOT NULL,
  from_state text,
  to_state text NOT NULL,
  comment text,
  data text, chain text,
  UNIQUE (case_id, seq)
);

ALTER SEQUENCE case_events_id_seq OWNED BY case_events.id;

CREATE TRIGGER case_events_keep_id BEFORE INSERT ON case_events FOR EACH ROW EXECUTE FUNCTION gridhall_keep_id_sequence('case_events_id_seq');

CREATE TABLE components (
  id text PRIMARY KEY CHECK (id !~ '^.*[^0-9].*$'),
  standard_id text NOT NULL REFERENCES class_standards(id),
  class_kind text NOT NULL DEFAULT 'component' CHECK (class_kind = 'component'),
  class_code text NOT NULL,
  name text,
  state text NOT NULL DEFAULT 'intact' CHECK (state IN ('intact', 'damaged', 'lost', 'occupied')),
  owner_dept_id bigint REFERENCES departments(id),
  maintainer_dept_id bigint REFERENCES departments(id),
  grid_code text REFERENCES grids(code),
  lon double precision NOT NULL CHECK (lon BETWEEN -180 AND 180),
  lat double precision NOT NULL CHECK (lat BETWEEN -90 AND 90),
  data_source text,
  note text,
  created_date text,
  changed_date text,
  CHECK ((length(id) = 16 AND length(class_code) = 4) OR (length(id) = 17 AND length(class_code) = 5)),
  CHECK (substr(id, 7, length(class_code)) = class_code),
  FOREIGN KEY (standard_id, class_kind, class_code) REFERENCES classes(standard_id, kind, code) DEFERRABLE INITIALLY DEFERRED
);

CREATE SEQUENCE sensors_id_seq;

CREATE TABLE sensors (
  id bigint PRIMARY KEY DEFAULT nextval('sensors_id_seq'),
  code text NOT NULL UNIQUE,
  name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('water_level', 'manhole_cover')),
  lon double precision NOT NULL, lat double precision NOT NULL,
  grid_code text REFERENCES grids(code),
  component_id text REFERENCES components(id),
  status text NOT NULL DEFAULT 'normal' CHECK (status IN ('normal', 'alarm', 'offline'))
, last_value double precision, last_seen_at bigint, alarm_above double precision, clear_below double precision);

ALTER SEQUENCE sensors_id_seq OWNED BY sensors.id;

CREATE TRIGGER sensors_keep_id BEFORE INSERT ON sensors FOR EACH ROW EXECUTE FUNCTION gridhall_keep_id_sequence('sensors_id_seq');

CREATE TABLE settings (
  key text PRIMARY KEY,
  value text NOT NULL,
  updated_at bigint NOT NULL,
  updated_by bigint REFERENCES users(id)
);

CREATE SEQUENCE calendar_periods_id_seq;

CREATE TABLE calendar_periods (
  id bigint PRIMARY KEY DEFAULT nextval('calendar_periods_id_seq'),
  start_min bigint NOT NULL CHECK (start_min BETWEEN 0 AND 1440),
  end_min bigint NOT NULL CHECK (end_min BETWEEN 0 AND 1440),
  CHECK (start_min < end_min)
);

ALTER SEQUENCE calendar_periods_id_seq OWNED BY calendar_periods.id;

CREATE TRIGGER calendar_periods_keep_id BEFORE INSERT ON calendar_periods FOR EACH ROW EXECUTE FUNCTION gridhall_keep_id_sequence('calendar_periods_id_seq');

CREATE SEQUENCE time_limits_id_seq;

CREATE TABLE time_limits (
  id bigint PRIMARY KEY DEFAULT nextval('time_limits_id_seq'),
  standard_id text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('component', 'event', '*')),
  class_code text NOT NULL,
  stage text NOT NULL CHECK (stage IN ('accept', 'verify', 'register', 'dispatch', 'dispose', 'check', 'close')),
  value double precision NOT NULL CHECK (value > 0),
  unit text NOT NULL CHECK (unit IN ('work_hours', 'work_days', 'hours', 'days')),
  urgent_value double precision CHECK (urgent_value IS NULL OR urgent_value > 0),
  urgent_unit text CHECK (urgent_unit IS NULL OR urgent_unit IN ('hours', 'days')),
  filing_condition text,
  closing_condition text,
  UNIQUE (standard_id, kind, class_code, stage)
);

ALTER SEQUENCE time_limits_id_seq OWNED BY time_limits.id;

CREATE TRIGGER time_limits_keep_id BEFORE INSERT ON time_limits FOR EACH ROW EXECUTE FUNCTION gridhall_keep_id_sequence('time_limits_id_seq');

CREATE SEQUENCE dispatch_rules_id_seq;

CREATE TABLE dispatch_rules (
  id bigint PRIMARY KEY DEFAULT nextval('dispatch_rules_id_seq'),
  kind text NOT NULL CHECK (kind IN ('component', 'event')),
  class_code text NOT NULL,
  area_code text,
  grid_code text,
  department_id bigint NOT NULL REFERENCES departments(id),
  active bigint NOT NULL DEFAULT 1,
  note text
);

ALTER SEQUENCE dispatch_rules_id_seq OWNED BY dispatch_rules.id;

CREATE TRIGGER dispatch_rules_keep_id BEFORE INSERT ON dispatch_rules FOR EACH ROW EXECUTE FUNCTION gridhall_keep_id_sequence('dispatch_rules_id_seq');

CREATE SEQUENCE blacklist_id_seq;

CREATE TABLE blacklist (
  id bigint PRIMARY KEY DEFAULT nextval('blacklist_id_seq'),
  grid_code text NOT NULL REFERENCES grids(code),
  kind text NOT NULL,
  class_code text NOT NULL,
  case_count bigint NOT NULL,
  first_at bigint NOT NULL,
  last_at bigint NOT NULL,
  flagged_at bigint NOT NULL,
  cleared_at bigint,
  UNIQUE (grid_code, kind, class_code)
);

ALTER SEQUENCE blacklist_id_seq OWNED BY blacklist.id;

CREATE TRIGGER blacklist_keep_id BEFORE INSERT ON blacklist FOR EACH ROW EXECUTE FUNCTION gridhall_keep_id_sequence('blacklist_id_seq');

CREATE SEQUENCE attachments_id_seq;

CREATE TABLE attachments (
  id bigint PRIMARY KEY DEFAULT nextval('attachments_id_seq'),
  case_id bigint REFERENCES cases(id),
  event_id bigint REFERENCES case_events(id),
  kind text NOT NULL DEFAULT 'photo' CHECK (kind IN ('photo', 'snapshot', 'document')),
  mime text NOT NULL,
  bytes bigint NOT NULL,
  sha256 text NOT NULL,
  file text NOT NULL,
  original_name text,
  uploaded_by bigint REFERENCES users(id),
  created_at bigint NOT NULL
);

ALTER SEQUENCE attachments_id_seq OWNED BY attachments.id;

CREATE TRIGGER attachments_keep_id BEFORE INSERT ON attachments FOR EACH ROW EXECUTE FUNCTION gridhall_keep_id_sequence('attachments_id_seq');

CREATE TABLE case_counters (
  day text PRIMARY KEY CHECK (length(day) = 8),
  last bigint NOT NULL CHECK (last > 0)
);

CREATE SEQUENCE tilesets_id_seq;

CREATE TABLE tilesets (
  id bigint PRIMARY KEY DEFAULT nextval('tilesets_id_seq'),
  name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('buildings', 'external')),
  -- The folder holding tileset.json: absolute for a registered one, under the data folder for ours.
  folder text NOT NULL UNIQUE,
  visible bigint NOT NULL DEFAULT 1,
  -- For 'buildings': the state of the buildings table it was made from.
  source_revision text,
  tiles bigint,
  bytes bigint,
  generated_ms bigint,
  created_at bigint NOT NULL,
  updated_at bigint NOT NULL
);

ALTER SEQUENCE tilesets_id_seq OWNED BY tilesets.id;

CREATE TRIGGER tilesets_keep_id BEFORE INSERT ON tilesets FOR EACH ROW EXECUTE FUNCTION gridhall_keep_id_sequence('tilesets_id_seq');

CREATE SEQUENCE video_layouts_id_seq;

CREATE TABLE video_layouts (
  id bigint PRIMARY KEY DEFAULT nextval('video_layouts_id_seq'),
  name text NOT NULL UNIQUE,
  grid bigint NOT NULL CHECK (grid IN (1, 4, 9, 16, 25, 36)),
  -- JSON array, one camera id (or null) per tile
  tiles text NOT NULL,
  created_by bigint REFERENCES users(id),
  updated_at bigint NOT NULL
);

ALTER SEQUENCE video_layouts_id_seq OWNED BY video_layouts.id;

CREATE TRIGGER video_layouts_keep_id BEFORE INSERT ON video_layouts FOR EACH ROW EXECUTE FUNCTION gridhall_keep_id_sequence('video_layouts_id_seq');

CREATE SEQUENCE video_tours_id_seq;

CREATE TABLE video_tours (
  id bigint PRIMARY KEY DEFAULT nextval('video_tours_id_seq'),
  name text NOT NULL UNIQUE,
  grid bigint NOT NULL CHECK (grid IN (1, 4, 9, 16, 25, 36)),
  interval_s bigint NOT NULL CHECK (interval_s BETWEEN 5 AND 3600),
  -- JSON array of camera ids, in the order they are shown
  cameras text NOT NULL,
  created_by bigint REFERENCES users(id),
  updated_at bigint NOT NULL
);

ALTER SEQUENCE video_tours_id_seq OWNED BY video_tours.id;

CREATE TRIGGER video_tours_keep_id BEFORE INSERT ON video_tours FOR EACH ROW EXECUTE FUNCTION gridhall_keep_id_sequence('video_tours_id_seq');

CREATE SEQUENCE recording_plans_camera_id_seq;

CREATE TABLE recording_plans (
  camera_id bigint PRIMARY KEY DEFAULT nextval('recording_plans_camera_id_seq') REFERENCES cameras(id) ON DELETE CASCADE,
  mode text NOT NULL CHECK (mode IN ('off', 'continuous', 'schedule', 'events')),
  stream text NOT NULL DEFAULT 'sub' CHECK (stream IN ('main', 'sub')),
  -- JSON: [{day: 1..7 (Monday = 1), from: 'HH:MM', to: 'HH:MM'}] in county time
  schedule text NOT NULL DEFAULT '[]',
  pre_s bigint NOT NULL DEFAULT 10 CHECK (pre_s BETWEEN 0 AND 300),
  post_s bigint NOT NULL DEFAULT 30 CHECK (post_s BETWEEN 0 AND 3600),
  retain_days bigint NOT NULL DEFAULT 30 CHECK (retain_days BETWEEN 1 AND 3650),
  -- 1 (lowest) .. 9 (highest): a full disk stops the lowest first
  priority bigint NOT NULL DEFAULT 5 CHECK (priority BETWEEN 1 AND 9),
  updated_by bigint REFERENCES users(id),
  updated_at bigint NOT NULL
);

ALTER SEQUENCE recording_plans_camera_id_seq OWNED BY recording_plans.camera_id;

CREATE SEQUENCE recording_segments_id_seq;

CREATE TABLE recording_segments (
  id bigint PRIMARY KEY DEFAULT nextval('recording_segments_id_seq'),
  camera_id bigint NOT NULL,
  stream text NOT NULL,
  started_at bigint NOT NULL,
  ended_at bigint NOT NULL,
  -- relative to the data folder
  file text NOT NULL,
  bytes bigint NOT NULL DEFAULT 0,
  codec text,
  width bigint,
  height bigint,
  -- events mode: 0 until an event's window covers it (unkept segments go once out of the pre-roll)
  kept bigint NOT NULL DEFAULT 1
);

ALTER SEQUENCE recording_segments_id_seq OWNED BY recording_segments.id;

CREATE TRIGGER recording_segments_keep_id BEFORE INSERT ON recording_segments FOR EACH ROW EXECUTE FUNCTION gridhall_keep_id_sequence('recording_segments_id_seq');

CREATE SEQUENCE recording_events_id_seq;

CREATE TABLE recording_events (
  id bigint PRIMARY KEY DEFAULT nextval('recording_events_id_seq'),
  camera_id bigint NOT NULL,
  at bigint NOT NULL,
  topic text NOT NULL,
  source text NOT NULL DEFAULT 'manual'
);

ALTER SEQUENCE recording_events_id_seq OWNED BY recording_events.id;

CREATE TRIGGER recording_events_keep_id BEFORE INSERT ON recording_events FOR EACH ROW EXECUTE FUNCTION gridhall_keep_id_sequence('recording_events_id_seq');

CREATE SEQUENCE video_clips_id_seq;

CREATE TABLE video_clips (
  id bigint PRIMARY KEY DEFAULT nextval('video_clips_id_seq'),
  camera_id bigint NOT NULL,
  asked_from bigint NOT NULL,
  asked_to bigint NOT NULL,
  started_at bigint NOT NULL,
  ended_at bigint NOT NULL,
  file text NOT NULL,
  bytes bigint NOT NULL,
  sha256 text NOT NULL,
  case_id bigint REFERENCES cases(id),
  reason text,
  created_by bigint REFERENCES users(id),
  created_at bigint NOT NULL
);

ALTER SEQUENCE video_clips_id_seq OWNED BY video_clips.id;

CREATE TRIGGER video_clips_keep_id BEFORE INSERT ON video_clips FOR EACH ROW EXECUTE FUNCTION gridhall_keep_id_sequence('video_clips_id_seq');

CREATE SEQUENCE camera_event_rules_id_seq;

CREATE TABLE camera_event_rules (
  id bigint PRIMARY KEY DEFAULT nextval('camera_event_rules_id_seq'),
  name text NOT NULL,
  -- the ONVIF topic without prefixes, or its beginning: RuleEngine/CellMotionDetector/Motion
  topic text NOT NULL,
  -- JSON array of camera ids; [] = every camera
  camera_ids text NOT NULL DEFAULT '[]',
  action text NOT NULL CHECK (action IN ('alarm', 'case')),
  case_kind text CHECK (case_kind IN ('component', 'event')),
  class_code text,
  -- county time, HH:MM; from > to spans midnight
  from_time text NOT NULL DEFAULT '00:00',
  to_time text NOT NULL DEFAULT '24:00',
  dedup_s bigint NOT NULL DEFAULT 600 CHECK (dedup_s BETWEEN 0 AND 86400),
  pre_s bigint NOT NULL DEFAULT 10 CHECK (pre_s BETWEEN 0 AND 300),
  post_s bigint NOT NULL DEFAULT 20 CHECK (post_s BETWEEN 0 AND 600),
  enabled bigint NOT NULL DEFAULT 1,
  updated_by bigint REFERENCES users(id),
  updated_at bigint NOT NULL
);

ALTER SEQUENCE camera_event_rules_id_seq OWNED BY camera_event_rules.id;

CREATE TRIGGER camera_event_rules_keep_id BEFORE INSERT ON camera_event_rules FOR EACH ROW EXECUTE FUNCTION gridhall_keep_id_sequence('camera_event_rules_id_seq');

CREATE SEQUENCE camera_event_hits_id_seq;

CREATE TABLE camera_event_hits (
  id bigint PRIMARY KEY DEFAULT nextval('camera_event_hits_id_seq'),
  rule_id bigint NOT NULL REFERENCES camera_event_rules(id) ON DELETE CASCADE,
  camera_id bigint NOT NULL,
  topic text NOT NULL,
  at bigint NOT NULL,
  -- events within the de-duplication window after this one, folded into it
  repeats bigint NOT NULL DEFAULT 1,
  case_id bigint REFERENCES cases(id),
  alarm_id bigint,
  clip_id bigint,
  -- what went wrong making the case or its evidence, in words
  note text
);

ALTER SEQUENCE camera_event_hits_id_seq OWNED BY camera_event_hits.id;

CREATE TRIGGER camera_event_hits_keep_id BEFORE INSERT ON camera_event_hits FOR EACH ROW EXECUTE FUNCTION gridhall_keep_id_sequence('camera_event_hits_id_seq');

CREATE TABLE analytics_summary (
  day bigint NOT NULL,            -- local day number (days since 1970-01-01 in the county)
  grid_code text NOT NULL,         -- '' when the case has no grid
  kind text NOT NULL,
  class_code text NOT NULL,
  source text NOT NULL,
  hour bigint NOT NULL CHECK (hour BETWEEN 0 AND 23),
  reported bigint NOT NULL DEFAULT 0,
  registered bigint NOT NULL DEFAULT 0,
  dispatched bigint NOT NULL DEFAULT 0,
  disposed bigint NOT NULL DEFAULT 0,
  closed bigint NOT NULL DEFAULT 0,
  overdue bigint NOT NULL DEFAULT 0,
  voided bigint NOT NULL DEFAULT 0,
  rejected bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (day, grid_code, kind, class_code, source, hour)
);

CREATE TABLE analytics_counters (
  scope text NOT NULL,
  day bigint NOT NULL,
  subject text NOT NULL,
  measure text NOT NULL,
  value bigint NOT NULL,
  PRIMARY KEY (scope, day, subject, measure)
);

CREATE TABLE analytics_state (
  key text PRIMARY KEY,
  value bigint NOT NULL
);

CREATE SEQUENCE channel_keys_id_seq;

CREATE TABLE channel_keys (
  id bigint PRIMARY KEY DEFAULT nextval('channel_keys_id_seq'),
  name text NOT NULL,
  scope text NOT NULL CHECK (scope IN ('open311', 'sensors', 'vehicles')),
  key_hash text NOT NULL UNIQUE,
  key_hint text NOT NULL,
  created_at bigint NOT NULL,
  created_by bigint REFERENCES users(id),
  revoked_at bigint,
  last_used_at bigint,
  use_count bigint NOT NULL DEFAULT 0
);

ALTER SEQUENCE channel_keys_id_seq OWNED BY channel_keys.id;

CREATE TRIGGER channel_keys_keep_id BEFORE INSERT ON channel_keys FOR EACH ROW EXECUTE FUNCTION gridhall_keep_id_sequence('channel_keys_id_seq');

CREATE SEQUENCE case_submissions_case_id_seq;

CREATE TABLE case_submissions (
  case_id bigint PRIMARY KEY DEFAULT nextval('case_submissions_case_id_seq') REFERENCES cases(id),
  channel text NOT NULL,
  token text NOT NULL UNIQUE,
  key_id bigint REFERENCES channel_keys(id),
  user_id bigint REFERENCES users(id),
  client_ref text,
  device_hash text,
  address_hash text,
  account_id text,
  email text,
  phone text,
  first_name text,
  last_name text,
  media_url text,
  attributes text,
  created_at bigint NOT NULL
);

ALTER SEQUENCE case_submissions_case_id_seq OWNED BY case_submissions.case_id;

CREATE SEQUENCE case_ratings_case_id_seq;

CREATE TABLE case_ratings (
  case_id bigint PRIMARY KEY DEFAULT nextval('case_ratings_case_id_seq') REFERENCES cases(id),
  rating bigint NOT NULL CHECK (rating BETWEEN 1 AND 5),
  comment text,
  channel text NOT NULL,
  created_at bigint NOT NULL
);

ALTER SEQUENCE case_ratings_case_id_seq OWNED BY case_ratings.case_id;

CREATE TABLE inspector_positions (
  user_id bigint NOT NULL REFERENCES users(id),
  at bigint NOT NULL,
  lon double precision NOT NULL CHECK (lon BETWEEN -180 AND 180),
  lat double precision NOT NULL CHECK (lat BETWEEN -90 AND 90),
  accuracy_m double precision,
  grid_code text,
  in_own_grid bigint NOT NULL,
  PRIMARY KEY (user_id, at)
);

CREATE TABLE sensor_readings (
  sensor_id bigint NOT NULL,
  at bigint NOT NULL,
  value double precision NOT NULL,
  PRIMARY KEY (sensor_id, at)
);

CREATE SEQUENCE sensor_incidents_id_seq;

CREATE TABLE sensor_incidents (
  id bigint PRIMARY KEY DEFAULT nextval('sensor_incidents_id_seq'),
  sensor_id bigint NOT NULL REFERENCES sensors(id),
  started_at bigint NOT NULL,
  ended_at bigint,
  threshold double precision NOT NULL,
  peak_value double precision NOT NULL,
  readings bigint NOT NULL DEFAULT 1,
  case_id bigint REFERENCES cases(id)
);

ALTER SEQUENCE sensor_incidents_id_seq OWNED BY sensor_incidents.id;

CREATE TRIGGER sensor_incidents_keep_id BEFORE INSERT ON sensor_incidents FOR EACH ROW EXECUTE FUNCTION gridhall_keep_id_sequence('sensor_incidents_id_seq');

CREATE TABLE vehicle_positions (
  vehicle_id bigint NOT NULL,
  at bigint NOT NULL,
  lon double precision NOT NULL,
  lat double precision NOT NULL,
  speed_kmh double precision,
  heading_deg double precision,
  PRIMARY KEY (vehicle_id, at)
);

CREATE TABLE grid_roster (
  grid_code text NOT NULL REFERENCES grids(code),
  duty text NOT NULL CHECK (duty IN ('leader', 'inspector', 'sanitation', 'community', 'patroller', 'volunteer')),
  name text NOT NULL,
  phone text,
  user_id bigint REFERENCES users(id),
  PRIMARY KEY (grid_code, duty)
);

CREATE TABLE class_mappings (
  from_standard text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('component', 'event')),
  from_code text NOT NULL,
  to_standard text NOT NULL,
  to_kind text NOT NULL CHECK (to_kind IN ('component', 'event')),
  to_code text NOT NULL,
  note text,
  PRIMARY KEY (from_standard, kind, from_code, to_standard)
);

CREATE TABLE trail_anchors (
  trail text PRIMARY KEY CHECK (trail IN ('audit_log', 'case_events')),
  -- rows with a smaller id were removed by the retention purge; the first kept row links to hash
  before_id bigint NOT NULL,
  hash text NOT NULL
);

CREATE SEQUENCE audit_log_id_seq;

CREATE TABLE audit_log (
  id bigint PRIMARY KEY DEFAULT nextval('audit_log_id_seq'),
  at bigint NOT NULL,
  user_id bigint REFERENCES users(id),
  username text,
  entity text NOT NULL,
  entity_key text NOT NULL,
  action text NOT NULL CHECK (action IN ('create', 'update', 'delete', 'sign_in', 'sign_in_failed', 'sign_out', 'session_expired', 'password_change', 'export', 'backup', 'purge')),
  before text,
  after text,
  address text,
  chain text NOT NULL
);

ALTER SEQUENCE audit_log_id_seq OWNED BY audit_log.id;

CREATE TRIGGER audit_log_keep_id BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION gridhall_keep_id_sequence('audit_log_id_seq');

CREATE TABLE password_history (
  user_id bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  password_hash text NOT NULL,
  changed_at bigint NOT NULL
);

CREATE SEQUENCE backup_runs_id_seq;

CREATE TABLE backup_runs (
  id bigint PRIMARY KEY DEFAULT nextval('backup_runs_id_seq'),
  slot bigint UNIQUE,
  trigger text NOT NULL CHECK (trigger IN ('schedule', 'manual')),
  attempts bigint NOT NULL DEFAULT 1,
  started_at bigint NOT NULL,
  finished_at bigint,
  state text NOT NULL CHECK (state IN ('running', 'ok', 'failed', 'interrupted')),
  file text,
  bytes bigint,
  sha256 text,
  copy_file text,
  copy_state text CHECK (copy_state IN ('ok', 'failed')),
  message text
);

ALTER SEQUENCE backup_runs_id_seq OWNED BY backup_runs.id;

CREATE TRIGGER backup_runs_keep_id BEFORE INSERT ON backup_runs FOR EACH ROW EXECUTE FUNCTION gridhall_keep_id_sequence('backup_runs_id_seq');

CREATE SEQUENCE backup_schedule_id_seq;

CREATE TABLE backup_schedule (
  id bigint PRIMARY KEY DEFAULT nextval('backup_schedule_id_seq') CHECK (id = 1),
  since bigint NOT NULL
);

ALTER SEQUENCE backup_schedule_id_seq OWNED BY backup_schedule.id;

CREATE TRIGGER backup_schedule_keep_id BEFORE INSERT ON backup_schedule FOR EACH ROW EXECUTE FUNCTION gridhall_keep_id_sequence('backup_schedule_id_seq');

CREATE SEQUENCE alarms_id_seq;

CREATE TABLE alarms (
  id bigint PRIMARY KEY DEFAULT nextval('alarms_id_seq'),
  kind text NOT NULL CHECK (length(kind) BETWEEN 1 AND 40),
  severity text NOT NULL CHECK (severity IN ('critical', 'major', 'minor', 'info')),
  title text NOT NULL,
  title_en text,
  detail text,
  detail_en text,
  source_key text,
  state text NOT NULL DEFAULT 'new' CHECK (state IN ('new', 'seen', 'handled')),
  raised_at bigint NOT NULL,
  last_at bigint NOT NULL,
  repeats bigint NOT NULL DEFAULT 1 CHECK (repeats >= 1),
  cleared_at bigint,
  seen_at bigint,
  seen_by bigint REFERENCES users(id),
  handled_at bigint,
  handled_by bigint REFERENCES users(id),
  handled_note text,
  case_id bigint REFERENCES cases(id),
  department_id bigint REFERENCES departments(id),
  device_kind text,
  device_id bigint,
  device_code text,
  lon double precision CHECK (lon IS NULL OR lon BETWEEN -180 AND 180),
  lat double precision CHECK (lat IS NULL OR lat BETWEEN -90 AND 90),
  grid_code text,
  data text
);

ALTER SEQUENCE alarms_id_seq OWNED BY alarms.id;

CREATE TRIGGER alarms_keep_id BEFORE INSERT ON alarms FOR EACH ROW EXECUTE FUNCTION gridhall_keep_id_sequence('alarms_id_seq');

CREATE SEQUENCE land_features_id_seq;

CREATE TABLE land_features (
  id bigint PRIMARY KEY DEFAULT nextval('land_features_id_seq'),
  kind text NOT NULL CHECK (kind IN ('water', 'green', 'plaza', 'residential', 'commercial', 'industrial', 'public', 'construction')),
  name text,
  geometry text NOT NULL,
  west double precision,
  south double precision,
  east double precision,
  north double precision
);

ALTER SEQUENCE land_features_id_seq OWNED BY land_features.id;

CREATE TRIGGER land_features_keep_id BEFORE INSERT ON land_features FOR EACH ROW EXECUTE FUNCTION gridhall_keep_id_sequence('land_features_id_seq');

CREATE TABLE calendar_days (
  date text PRIMARY KEY CHECK (date ~ '^[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]$'),
  kind text NOT NULL CHECK (kind IN ('holiday', 'workday')),
  name text,
  source text NOT NULL DEFAULT 'local' CHECK (source IN ('chinese-days', 'statutory', 'local'))
);

CREATE SEQUENCE notify_contacts_id_seq;

CREATE TABLE notify_contacts (
  id bigint PRIMARY KEY DEFAULT nextval('notify_contacts_id_seq'),
  -- department_contact (联系人), department_head (负责人), leader (领导), shift_leader (值班长)
  kind text NOT NULL CHECK (kind IN ('department_contact', 'department_head', 'leader', 'shift_leader')),
  department_id bigint REFERENCES departments(id),
  name text NOT NULL,
  phone text,
  email text,
  -- A WeCom group robot's webhook (…/cgi-bin/webhook/send?key=…) and a DingTalk robot's (…/robot/send?access_token=…) with its 加签 secret.
  wecom_webhook text,
  dingtalk_webhook text,
  dingtalk_secret text,
  active bigint NOT NULL DEFAULT 1,
  created_at bigint NOT NULL,
  updated_at bigint NOT NULL,
  CHECK (kind NOT IN ('department_contact', 'department_head') OR department_id IS NOT NULL)
);

ALTER SEQUENCE notify_contacts_id_seq OWNED BY notify_contacts.id;

CREATE TRIGGER notify_contacts_keep_id BEFORE INSERT ON notify_contacts FOR EACH ROW EXECUTE FUNCTION gridhall_keep_id_sequence('notify_contacts_id_seq');

CREATE TABLE notify_schedule (
  rule_id text NOT NULL,
  case_id bigint NOT NULL REFERENCES cases(id),
  due_at bigint NOT NULL,
  deadline_at bigint NOT NULL,
  PRIMARY KEY (rule_id, case_id)
);

CREATE SEQUENCE notify_messages_id_seq;

CREATE TABLE notify_messages (
  id bigint PRIMARY KEY DEFAULT nextval('notify_messages_id_seq'),
  rule_id text NOT NULL,
  event text NOT NULL,
  case_id bigint REFERENCES cases(id),
  -- At most one message per rule and subject: rule:case (rule:case:department for a dispatch), rule:date for a digest.
  dedupe_key text NOT NULL UNIQUE,
  title text NOT NULL,
  body text NOT NULL,
  created_at bigint NOT NULL
);

ALTER SEQUENCE notify_messages_id_seq OWNED BY notify_messages.id;

CREATE TRIGGER notify_messages_keep_id BEFORE INSERT ON notify_messages FOR EACH ROW EXECUTE FUNCTION gridhall_keep_id_sequence('notify_messages_id_seq');

CREATE SEQUENCE notify_deliveries_id_seq;

CREATE TABLE notify_deliveries (
  id bigint PRIMARY KEY DEFAULT nextval('notify_deliveries_id_seq'),
  message_id bigint NOT NULL REFERENCES notify_messages(id),
  channel text NOT NULL CHECK (channel IN ('sms', 'wecom', 'dingtalk', 'email')),
  contact_id bigint REFERENCES notify_contacts(id),
  recipient text NOT NULL,
  target text NOT NULL,
  status text NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
  attempts bigint NOT NULL DEFAULT 0,
  next_attempt_at bigint NOT NULL,
  -- Set when quiet hours held it back: until when.
  held_until bigint,
  last_error text,
  provider_ref text,
  sent_at bigint,
  created_at bigint NOT NULL,
  updated_at bigint NOT NULL
);

ALTER SEQUENCE notify_deliveries_id_seq OWNED BY notify_deliveries.id;

CREATE TRIGGER notify_deliveries_keep_id BEFORE INSERT ON notify_deliveries FOR EACH ROW EXECUTE FUNCTION gridhall_keep_id_sequence('notify_deliveries_id_seq');

CREATE SEQUENCE campaigns_id_seq;

CREATE TABLE campaigns (
  id bigint PRIMARY KEY DEFAULT nextval('campaigns_id_seq'),
  name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('survey', 'rectification')),
  description text,
  -- JSON array of "kind:code" (event:0102, component:0103)
  classes text NOT NULL,
  -- JSON GeoJSON Polygon when the area was drawn; NULL when grids were picked
  area_polygon text,
  starts_at bigint NOT NULL,
  ends_at bigint NOT NULL,
  -- Targets: share of the grids to cover (%), share of the problems found to close (%)
  target_coverage bigint NOT NULL CHECK (target_coverage BETWEEN 1 AND 100),
  target_close_rate bigint NOT NULL CHECK (target_close_rate BETWEEN 1 AND 100),
  closed_at bigint,
  closed_by bigint REFERENCES users(id),
  created_by bigint REFERENCES users(id),
  created_at bigint NOT NULL,
  CHECK (starts_at < ends_at)
);

ALTER SEQUENCE campaigns_id_seq OWNED BY campaigns.id;

CREATE TRIGGER campaigns_keep_id BEFORE INSERT ON campaigns FOR EACH ROW EXECUTE FUNCTION gridhall_keep_id_sequence('campaigns_id_seq');

CREATE TABLE campaign_inspectors (
  campaign_id bigint NOT NULL REFERENCES campaigns(id),
  user_id bigint NOT NULL REFERENCES users(id),
  PRIMARY KEY (campaign_id, user_id)
);

CREATE TABLE campaign_grids (
  campaign_id bigint NOT NULL REFERENCES campaigns(id),
  grid_code text NOT NULL REFERENCES grids(code),
  inspector_id bigint REFERENCES users(id),
  covered_at bigint,
  covered_by bigint REFERENCES users(id),
  PRIMARY KEY (campaign_id, grid_code)
);

CREATE TABLE campaign_cases (
  campaign_id bigint NOT NULL REFERENCES campaigns(id),
  case_id bigint NOT NULL REFERENCES cases(id),
  grid_code text,
  tagged_at bigint NOT NULL,
  PRIMARY KEY (campaign_id, case_id)
);

CREATE SEQUENCE muck_sites_id_seq;

CREATE TABLE muck_sites (
  id bigint PRIMARY KEY DEFAULT nextval('muck_sites_id_seq'),
  code text NOT NULL UNIQUE,
  name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('origin', 'disposal')),
  lon double precision NOT NULL,
  lat double precision NOT NULL,
  radius_m double precision NOT NULL CHECK (radius_m > 0)
);

ALTER SEQUENCE muck_sites_id_seq OWNED BY muck_sites.id;

CREATE TRIGGER muck_sites_keep_id BEFORE INSERT ON muck_sites FOR EACH ROW EXECUTE FUNCTION gridhall_keep_id_sequence('muck_sites_id_seq');

CREATE SEQUENCE muck_trucks_id_seq;

CREATE TABLE muck_trucks (
  id bigint PRIMARY KEY DEFAULT nextval('muck_trucks_id_seq'),
  plate text NOT NULL UNIQUE,
  plate_color bigint NOT NULL DEFAULT 2,
  company text,
  phone text NOT NULL UNIQUE,
  terminal_id text,
  maker text,
  model text,
  auth_code text,
  registered_at bigint,
  authenticated_at bigint,
  lon double precision,
  lat double precision,
  speed_kmh double precision,
  heading_deg double precision,
  seen_at bigint
);

ALTER SEQUENCE muck_trucks_id_seq OWNED BY muck_trucks.id;

CREATE TRIGGER muck_trucks_keep_id BEFORE INSERT ON muck_trucks FOR EACH ROW EXECUTE FUNCTION gridhall_keep_id_sequence('muck_trucks_id_seq');

CREATE TABLE muck_positions (
  truck_id bigint NOT NULL REFERENCES muck_trucks(id),
  at bigint NOT NULL,
  lon double precision NOT NULL,
  lat double precision NOT NULL,
  speed_kmh double precision NOT NULL,
  heading_deg double precision NOT NULL,
  alarm_flags bigint NOT NULL DEFAULT 0,
  status_flags bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (truck_id, at)
);

CREATE SEQUENCE muck_permits_id_seq;

CREATE TABLE muck_permits (
  id bigint PRIMARY KEY DEFAULT nextval('muck_permits_id_seq'),
  code text NOT NULL UNIQUE,
  truck_id bigint NOT NULL REFERENCES muck_trucks(id),
  origin_site_id bigint NOT NULL REFERENCES muck_sites(id),
  disposal_site_id bigint NOT NULL REFERENCES muck_sites(id),
  corridor text NOT NULL,
  buffer_m double precision NOT NULL CHECK (buffer_m > 0),
  valid_from text NOT NULL,
  valid_to text NOT NULL,
  day_start_min bigint NOT NULL CHECK (day_start_min BETWEEN 0 AND 1439),
  day_end_min bigint NOT NULL CHECK (day_end_min BETWEEN 0 AND 1440),
  max_speed_kmh double precision NOT NULL CHECK (max_speed_kmh > 0),
  west double precision NOT NULL, south double precision NOT NULL, east double precision NOT NULL, north double precision NOT NULL
);

ALTER SEQUENCE muck_permits_id_seq OWNED BY muck_permits.id;

CREATE TRIGGER muck_permits_keep_id BEFORE INSERT ON muck_permits FOR EACH ROW EXECUTE FUNCTION gridhall_keep_id_sequence('muck_permits_id_seq');

CREATE SEQUENCE muck_alarms_id_seq;

CREATE TABLE muck_alarms (
  id bigint PRIMARY KEY DEFAULT nextval('muck_alarms_id_seq'),
  truck_id bigint NOT NULL REFERENCES muck_trucks(id),
  permit_id bigint REFERENCES muck_permits(id),
  kind text NOT NULL CHECK (kind IN ('off_corridor', 'outside_hours', 'unpermitted_site', 'speeding', 'silent')),
  opened_at bigint NOT NULL,
  closed_at bigint,
  lon double precision,
  lat double precision,
  detail text NOT NULL,
  case_id bigint REFERENCES cases(id),
  track text
);

ALTER SEQUENCE muck_alarms_id_seq OWNED BY muck_alarms.id;

CREATE TRIGGER muck_alarms_keep_id BEFORE INSERT ON muck_alarms FOR EACH ROW EXECUTE FUNCTION gridhall_keep_id_sequence('muck_alarms_id_seq');

CREATE SEQUENCE pipelines_id_seq;

CREATE TABLE pipelines (
  id bigint PRIMARY KEY DEFAULT nextval('pipelines_id_seq'),
  code text NOT NULL UNIQUE,
  kind text NOT NULL CHECK (kind IN ('water', 'drainage', 'gas', 'power', 'telecom', 'heat')),
  diameter_mm double precision,
  depth_m double precision,
  material text,
  owner text,
  year bigint,
  geometry text NOT NULL,
  length_m double precision NOT NULL,
  west double precision NOT NULL, south double precision NOT NULL, east double precision NOT NULL, north double precision NOT NULL,
  changed_date text
);

ALTER SEQUENCE pipelines_id_seq OWNED BY pipelines.id;

CREATE TRIGGER pipelines_keep_id BEFORE INSERT ON pipelines FOR EACH ROW EXECUTE FUNCTION gridhall_keep_id_sequence('pipelines_id_seq');

CREATE SEQUENCE pipe_wells_id_seq;

CREATE TABLE pipe_wells (
  id bigint PRIMARY KEY DEFAULT nextval('pipe_wells_id_seq'),
  code text NOT NULL UNIQUE,
  kind text NOT NULL CHECK (kind IN ('water', 'drainage', 'gas', 'power', 'telecom', 'heat')),
  lon double precision NOT NULL,
  lat double precision NOT NULL,
  depth_m double precision,
  owner text,
  component_id text,
  changed_date text
);

ALTER SEQUENCE pipe_wells_id_seq OWNED BY pipe_wells.id;

CREATE TRIGGER pipe_wells_keep_id BEFORE INSERT ON pipe_wells FOR EACH ROW EXECUTE FUNCTION gridhall_keep_id_sequence('pipe_wells_id_seq');

CREATE SEQUENCE import_jobs_id_seq;

CREATE TABLE import_jobs (
  id bigint PRIMARY KEY DEFAULT nextval('import_jobs_id_seq'),
  target text NOT NULL CHECK (target IN ('grids', 'components', 'places', 'departments', 'users', 'pipelines', 'wells')),
  file_name text NOT NULL,
  format text,
  crs text,
  dry_run bigint NOT NULL DEFAULT 0,
  status text NOT NULL CHECK (status IN ('running', 'done', 'failed', 'rejected')),
  user_id bigint REFERENCES users(id),
  started_at bigint NOT NULL,
  finished_at bigint,
  inserted bigint NOT NULL DEFAULT 0,
  updated bigint NOT NULL DEFAULT 0,
  unchanged bigint NOT NULL DEFAULT 0,
  errors bigint NOT NULL DEFAULT 0,
  warnings bigint NOT NULL DEFAULT 0,
  report text
);

ALTER SEQUENCE import_jobs_id_seq OWNED BY import_jobs.id;

CREATE TRIGGER import_jobs_keep_id BEFORE INSERT ON import_jobs FOR EACH ROW EXECUTE FUNCTION gridhall_keep_id_sequence('import_jobs_id_seq');

CREATE SEQUENCE import_changes_id_seq;

CREATE TABLE import_changes (
  id bigint PRIMARY KEY DEFAULT nextval('import_changes_id_seq'),
  job_id bigint NOT NULL REFERENCES "import_jobs"(id),
  entity text NOT NULL,
  entity_key text NOT NULL,
  changes text NOT NULL,
  at bigint NOT NULL
);

ALTER SEQUENCE import_changes_id_seq OWNED BY import_changes.id;

CREATE TRIGGER import_changes_keep_id BEFORE INSERT ON import_changes FOR EACH ROW EXECUTE FUNCTION gridhall_keep_id_sequence('import_changes_id_seq');

CREATE TABLE data_revisions (
  entity text PRIMARY KEY CHECK (entity IN ('grids', 'components', 'places', 'departments', 'users', 'pipelines', 'wells')),
  revision bigint NOT NULL CHECK (revision > 0),
  changed_at bigint NOT NULL,
  job_id bigint REFERENCES "import_jobs"(id)
);

CREATE INDEX areas_parent ON areas(parent_code);

CREATE INDEX grids_community ON grids(community_code);

CREATE INDEX sessions_user ON sessions(user_id);

CREATE INDEX buildings_grid ON buildings(grid_code);

CREATE INDEX places_name ON places(name);

CREATE INDEX places_street ON places(street_name, house_no);

CREATE INDEX cases_state ON cases(state, updated_at);

CREATE INDEX cases_reported ON cases(reported_at);

CREATE INDEX cases_grid ON cases(grid_code, reported_at);

CREATE INDEX case_events_at ON case_events(at);

CREATE INDEX components_grid ON components(grid_code);

CREATE INDEX components_class ON components(class_code);

CREATE INDEX components_lon_lat ON components(lon, lat);

CREATE INDEX places_lon_lat ON places(lon, lat);

CREATE INDEX dispatch_rules_class ON dispatch_rules(kind, class_code);

CREATE INDEX attachments_case ON attachments(case_id);

CREATE INDEX cases_timer ON cases(timer_at) WHERE timer_at IS NOT NULL;

CREATE INDEX cases_open_class ON cases(class_code, state);

CREATE INDEX cases_assignee ON cases(assignee_id, state) WHERE assignee_id IS NOT NULL;

CREATE INDEX cases_department ON cases(department_id, state) WHERE department_id IS NOT NULL;

CREATE UNIQUE INDEX tilesets_one_buildings ON tilesets(kind) WHERE kind = 'buildings';

CREATE INDEX cameras_lon_lat ON cameras(lon, lat);

CREATE UNIQUE INDEX cameras_onvif_url ON cameras(onvif_url) WHERE onvif_url IS NOT NULL;

CREATE INDEX recording_segments_camera ON recording_segments(camera_id, started_at);

CREATE INDEX recording_segments_ended ON recording_segments(ended_at);

CREATE INDEX recording_events_camera ON recording_events(camera_id, at);

CREATE INDEX video_clips_case ON video_clips(case_id);

CREATE INDEX camera_event_hits_rule ON camera_event_hits(rule_id, camera_id, at);

CREATE UNIQUE INDEX cameras_rtsp_url ON cameras(rtsp_url) WHERE rtsp_url IS NOT NULL;

CREATE INDEX cases_grid_class ON cases(grid_code, class_code, kind, reported_at, state);

CREATE UNIQUE INDEX channel_keys_live_name ON channel_keys(lower(name)) WHERE revoked_at IS NULL;

CREATE INDEX case_submissions_device ON case_submissions(device_hash, created_at) WHERE device_hash IS NOT NULL;

CREATE INDEX case_submissions_address ON case_submissions(address_hash, created_at) WHERE address_hash IS NOT NULL;

CREATE UNIQUE INDEX case_submissions_client_ref
  ON case_submissions(channel, coalesce(user_id, 0), coalesce(key_id, 0), client_ref) WHERE client_ref IS NOT NULL;

CREATE UNIQUE INDEX sensor_incidents_open ON sensor_incidents(sensor_id) WHERE ended_at IS NULL;

CREATE INDEX sensor_incidents_started ON sensor_incidents(started_at);

CREATE UNIQUE INDEX places_code ON places(code) WHERE code IS NOT NULL;

CREATE INDEX audit_log_at ON audit_log(at);

CREATE INDEX audit_log_entity ON audit_log(entity, entity_key);

CREATE INDEX password_history_user ON password_history(user_id, changed_at);

CREATE INDEX backup_runs_started ON backup_runs(started_at);

CREATE INDEX alarms_by_kind ON alarms (kind, id);

CREATE INDEX alarms_by_state ON alarms (state, id);

CREATE INDEX alarms_open_by_key ON alarms (source_key) WHERE state <> 'handled' AND source_key IS NOT NULL;

CREATE INDEX alarms_by_case ON alarms (case_id) WHERE case_id IS NOT NULL;

CREATE INDEX notify_contacts_department ON notify_contacts(department_id, kind);

CREATE INDEX notify_schedule_due ON notify_schedule(due_at);

CREATE INDEX notify_messages_case ON notify_messages(case_id);

CREATE INDEX notify_deliveries_due ON notify_deliveries(status, next_attempt_at);

CREATE INDEX notify_deliveries_message ON notify_deliveries(message_id);

CREATE INDEX campaigns_window ON campaigns(closed_at, ends_at);

CREATE INDEX campaign_grids_inspector ON campaign_grids(inspector_id, campaign_id);

CREATE INDEX campaign_cases_case ON campaign_cases(case_id);

CREATE INDEX muck_permits_truck ON muck_permits(truck_id);

CREATE UNIQUE INDEX muck_alarms_open ON muck_alarms(truck_id, kind) WHERE closed_at IS NULL;

CREATE INDEX muck_alarms_opened ON muck_alarms(opened_at);

CREATE INDEX muck_alarms_case ON muck_alarms(case_id) WHERE case_id IS NOT NULL;

CREATE INDEX pipelines_box ON pipelines(west, east, south, north);

CREATE INDEX pipe_wells_place ON pipe_wells(lon, lat);

CREATE INDEX pipe_wells_component ON pipe_wells(component_id) WHERE component_id IS NOT NULL;

CREATE INDEX import_changes_key ON import_changes(entity, entity_key);

CREATE INDEX import_changes_job ON import_changes(job_id);

CREATE UNIQUE INDEX users_username_lower ON users (lower(username));

CREATE FUNCTION case_events_no_delete() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
  RAISE EXCEPTION 'case events are append-only' USING ERRCODE = 'check_violation';
  RETURN OLD;
END $f$;
CREATE TRIGGER case_events_no_delete BEFORE DELETE ON case_events FOR EACH ROW EXECUTE FUNCTION case_events_no_delete();

CREATE FUNCTION components_county_code() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
  IF substr(NEW.id, 1, 6) <> (SELECT admin_code FROM county WHERE id = 1) THEN
    RAISE EXCEPTION 'component id does not start with the county admin code' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $f$;
CREATE TRIGGER components_county_code BEFORE INSERT ON components FOR EACH ROW EXECUTE FUNCTION components_county_code();

CREATE FUNCTION audit_log_no_update() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
  RAISE EXCEPTION 'the audit log is append-only' USING ERRCODE = 'check_violation';
  RETURN NEW;
END $f$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_no_update();

CREATE FUNCTION audit_log_no_delete() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
  IF OLD.id >= (SELECT before_id FROM trail_anchors WHERE trail = 'audit_log') THEN
    RAISE EXCEPTION 'the audit log is append-only; only the retention purge removes old rows' USING ERRCODE = 'check_violation';
  END IF;
  RETURN OLD;
END $f$;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_no_delete();

CREATE FUNCTION trail_anchors_forward() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
  IF NEW.before_id < OLD.before_id THEN
    RAISE EXCEPTION 'a trail anchor only moves forward' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $f$;
CREATE TRIGGER trail_anchors_forward BEFORE UPDATE ON trail_anchors FOR EACH ROW EXECUTE FUNCTION trail_anchors_forward();

CREATE FUNCTION case_events_no_update() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
  RAISE EXCEPTION 'case events are append-only' USING ERRCODE = 'check_violation';
  RETURN NEW;
END $f$;
CREATE TRIGGER case_events_no_update BEFORE UPDATE ON case_events FOR EACH ROW EXECUTE FUNCTION case_events_no_update();

INSERT INTO roles (code, name_zh, name_en) VALUES ('inspector', '监督员', 'Inspector');
INSERT INTO roles (code, name_zh, name_en) VALUES ('acceptor', '受理员', 'Intake operator');
INSERT INTO roles (code, name_zh, name_en) VALUES ('shift_leader', '值班长', 'Shift leader');
INSERT INTO roles (code, name_zh, name_en) VALUES ('dispatcher', '派遣员', 'Dispatcher');
INSERT INTO roles (code, name_zh, name_en) VALUES ('department', '专业部门', 'Disposal department');
INSERT INTO roles (code, name_zh, name_en) VALUES ('leader', '领导', 'Leader');
INSERT INTO roles (code, name_zh, name_en) VALUES ('analyst', '分析员', 'Analyst');
INSERT INTO roles (code, name_zh, name_en) VALUES ('admin', '管理员', 'Administrator');
INSERT INTO roles (code, name_zh, name_en) VALUES ('security_admin', '安全管理员', 'Security administrator');
INSERT INTO roles (code, name_zh, name_en) VALUES ('auditor', '审计员', 'Auditor');
INSERT INTO trail_anchors (trail, before_id, hash) VALUES ('audit_log', 0, '0000000000000000000000000000000000000000000000000000000000000000');
`;
