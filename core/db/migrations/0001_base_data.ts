// 0001: the county's base data (基础数据): areas, unit grids, the class dictionary,
// components, departments, users and roles, device registries, buildings, streets, places.
// Coordinates are WGS84 longitude/latitude in degrees (CGCS2000 agrees to centimetres);
// geometries are GeoJSON geometry objects stored as JSON text.
export const sql = `
CREATE TABLE county (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  admin_code TEXT NOT NULL CHECK (length(admin_code) = 6 AND admin_code NOT GLOB '*[^0-9]*'),
  name TEXT NOT NULL,
  name_en TEXT,
  center_lon REAL NOT NULL,
  center_lat REAL NOT NULL,
  west REAL NOT NULL, south REAL NOT NULL, east REAL NOT NULL, north REAL NOT NULL,
  synthetic INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL
);

-- 行政区划: county (6 digits) -> street/town (9) -> community/village (12)
CREATE TABLE areas (
  code TEXT PRIMARY KEY CHECK (code NOT GLOB '*[^0-9]*'),
  level TEXT NOT NULL CHECK (level IN ('county', 'street', 'community')),
  parent_code TEXT REFERENCES areas(code),
  name TEXT NOT NULL,
  geometry TEXT,
  CHECK ((level = 'county' AND length(code) = 6)
      OR (level = 'street' AND length(code) = 9 AND substr(code, 1, 6) = parent_code)
      OR (level = 'community' AND length(code) = 12 AND substr(code, 1, 9) = parent_code))
);
CREATE INDEX areas_parent ON areas(parent_code);

-- 单元网格: GB/T 30428.1 15 digits = county(6) + street(3) + community(3) + sequence(3)
CREATE TABLE grids (
  code TEXT PRIMARY KEY CHECK (length(code) = 15 AND code NOT GLOB '*[^0-9]*'),
  community_code TEXT NOT NULL REFERENCES areas(code),
  area_m2 REAL NOT NULL CHECK (area_m2 > 0),
  geometry TEXT NOT NULL,
  center_lon REAL NOT NULL,
  center_lat REAL NOT NULL,
  west REAL NOT NULL, south REAL NOT NULL, east REAL NOT NULL, north REAL NOT NULL,
  changed_at INTEGER,
  CHECK (substr(code, 1, 12) = community_code)
);
CREATE INDEX grids_community ON grids(community_code);

-- The classification dictionary, versioned: one row per standard, then its classes.
CREATE TABLE class_standards (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  small_code_digits INTEGER NOT NULL CHECK (small_code_digits IN (2, 3)),
  component_id_digits INTEGER NOT NULL CHECK (component_id_digits IN (16, 17)),
  active INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE classes (
  standard_id TEXT NOT NULL REFERENCES class_standards(id),
  kind TEXT NOT NULL CHECK (kind IN ('component', 'event')),
  code TEXT NOT NULL CHECK (code NOT GLOB '*[^0-9]*'),
  level TEXT NOT NULL CHECK (level IN ('big', 'small')),
  big_code TEXT NOT NULL CHECK (length(big_code) = 2),
  name TEXT NOT NULL,
  name_en TEXT,
  local_extension INTEGER NOT NULL DEFAULT 0,
  sort INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (standard_id, kind, code),
  CHECK ((level = 'big' AND code = big_code) OR (level = 'small' AND substr(code, 1, 2) = big_code))
);

CREATE TABLE departments (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('centre', 'department', 'street', 'enterprise')),
  parent_id INTEGER REFERENCES departments(id),
  level INTEGER NOT NULL DEFAULT 1 CHECK (level IN (1, 2)),
  phone TEXT,
  active INTEGER NOT NULL DEFAULT 1
);

-- 部件: GB/T 30428.2 16 digits = county(6) + big(2) + small(2) + serial(6); 17 under GB/T 47678.5-2026
CREATE TABLE components (
  id TEXT PRIMARY KEY CHECK (id NOT GLOB '*[^0-9]*'),
  standard_id TEXT NOT NULL REFERENCES class_standards(id),
  class_code TEXT NOT NULL,
  name TEXT,
  state TEXT NOT NULL DEFAULT 'intact' CHECK (state IN ('intact', 'damaged', 'lost', 'occupied')),
  owner_dept_id INTEGER REFERENCES departments(id),
  maintainer_dept_id INTEGER REFERENCES departments(id),
  grid_code TEXT REFERENCES grids(code),
  lon REAL NOT NULL CHECK (lon BETWEEN -180 AND 180),
  lat REAL NOT NULL CHECK (lat BETWEEN -90 AND 90),
  data_source TEXT,
  note TEXT,
  created_date TEXT,
  changed_date TEXT,
  CHECK ((length(id) = 16 AND length(class_code) = 4) OR (length(id) = 17 AND length(class_code) = 5)),
  CHECK (substr(id, 7, length(class_code)) = class_code),
  FOREIGN KEY (standard_id, class_code) REFERENCES classes(standard_id, code) DEFERRABLE INITIALLY DEFERRED
);
CREATE INDEX components_grid ON components(grid_code);
CREATE INDEX components_class ON components(class_code);
CREATE TRIGGER components_county_code BEFORE INSERT ON components
WHEN substr(NEW.id, 1, 6) <> (SELECT admin_code FROM county WHERE id = 1)
BEGIN
  SELECT RAISE(ABORT, 'component id does not start with the county admin code');
END;

CREATE TABLE roles (
  code TEXT PRIMARY KEY,
  name_zh TEXT NOT NULL,
  name_en TEXT NOT NULL
);
INSERT INTO roles (code, name_zh, name_en) VALUES
  ('inspector', '监督员', 'Inspector'),
  ('acceptor', '受理员', 'Intake operator'),
  ('shift_leader', '值班长', 'Shift leader'),
  ('dispatcher', '派遣员', 'Dispatcher'),
  ('department', '专业部门', 'Disposal department'),
  ('leader', '领导', 'Leader'),
  ('analyst', '分析员', 'Analyst'),
  ('admin', '管理员', 'Administrator');

CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  username TEXT NOT NULL UNIQUE COLLATE NOCASE,
  display_name TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  department_id INTEGER REFERENCES departments(id),
  phone TEXT,
  active INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL
);
CREATE TABLE user_roles (
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  role_code TEXT NOT NULL REFERENCES roles(code),
  PRIMARY KEY (user_id, role_code)
);
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);
-- An inspector's responsibility grids (责任网格)
CREATE TABLE inspector_grids (
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  grid_code TEXT NOT NULL REFERENCES grids(code),
  PRIMARY KEY (user_id, grid_code)
);

-- Device registries; the video, intake and wall issues add their own columns and tables.
CREATE TABLE cameras (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('police', 'city', 'vehicle', 'body')),
  lon REAL NOT NULL, lat REAL NOT NULL,
  height_m REAL NOT NULL DEFAULT 6,
  heading_deg REAL NOT NULL DEFAULT 0,
  ptz INTEGER NOT NULL DEFAULT 0,
  grid_code TEXT REFERENCES grids(code),
  department_id INTEGER REFERENCES departments(id)
);
CREATE TABLE sensors (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('water_level', 'manhole_cover')),
  lon REAL NOT NULL, lat REAL NOT NULL,
  grid_code TEXT REFERENCES grids(code),
  component_id TEXT REFERENCES components(id),
  status TEXT NOT NULL DEFAULT 'normal' CHECK (status IN ('normal', 'alarm', 'offline'))
);
CREATE TABLE vehicles (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  plate TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('sweeper', 'sprinkler', 'enforcement', 'patrol')),
  department_id INTEGER REFERENCES departments(id),
  lon REAL, lat REAL, heading_deg REAL,
  seen_at INTEGER
);

CREATE TABLE buildings (
  id INTEGER PRIMARY KEY,
  grid_code TEXT REFERENCES grids(code),
  name TEXT,
  height_m REAL NOT NULL CHECK (height_m > 0),
  floors INTEGER,
  footprint TEXT NOT NULL,
  center_lon REAL NOT NULL, center_lat REAL NOT NULL
);
CREATE INDEX buildings_grid ON buildings(grid_code);

-- Streets, water and green space: what the county base map is drawn from.
CREATE TABLE streets (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('main', 'secondary', 'lane')),
  width_m REAL NOT NULL,
  geometry TEXT NOT NULL
);
CREATE TABLE land_features (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('water', 'green', 'plaza')),
  name TEXT,
  geometry TEXT NOT NULL
);

-- 地理编码 base data: place names and door plates (门楼牌), each with a point and a grid.
CREATE TABLE places (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('doorplate', 'poi', 'estate', 'street')),
  name TEXT NOT NULL,
  street_name TEXT,
  house_no TEXT,
  lon REAL NOT NULL, lat REAL NOT NULL,
  grid_code TEXT REFERENCES grids(code)
);
CREATE INDEX places_name ON places(name);
CREATE INDEX places_street ON places(street_name, house_no);
`;
