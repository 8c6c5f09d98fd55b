// 0831: underground pipelines (地下管线, issue 18): pipe segments and wells (检查井), imported
// or generated; a well may sit under a manhole-cover component.
export const sql = `
CREATE TABLE pipelines (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL CHECK (kind IN ('water', 'drainage', 'gas', 'power', 'telecom', 'heat')),
  diameter_mm REAL,
  depth_m REAL,
  material TEXT,
  owner TEXT,
  year INTEGER,
  geometry TEXT NOT NULL,
  length_m REAL NOT NULL,
  west REAL NOT NULL, south REAL NOT NULL, east REAL NOT NULL, north REAL NOT NULL,
  changed_date TEXT
);
CREATE INDEX pipelines_box ON pipelines(west, east, south, north);

CREATE TABLE pipe_wells (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL CHECK (kind IN ('water', 'drainage', 'gas', 'power', 'telecom', 'heat')),
  lon REAL NOT NULL,
  lat REAL NOT NULL,
  depth_m REAL,
  owner TEXT,
  component_id TEXT,
  changed_date TEXT
);
CREATE INDEX pipe_wells_place ON pipe_wells(lon, lat);
CREATE INDEX pipe_wells_component ON pipe_wells(component_id) WHERE component_id IS NOT NULL;
`;
