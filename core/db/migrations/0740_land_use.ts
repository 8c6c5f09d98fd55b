// 0740: land use (用地) on the base map. land_features took water, green and plazas; the base
// map also draws housing, commerce, industry, public services (schools, hospitals, government)
// and building sites, so the CHECK widens. SQLite cannot alter a CHECK: the table is rebuilt
// with its rows (ids kept).
export const sql = `
CREATE TABLE land_features_0740 (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('water', 'green', 'plaza', 'residential', 'commercial', 'industrial', 'public', 'construction')),
  name TEXT,
  geometry TEXT NOT NULL,
  west REAL,
  south REAL,
  east REAL,
  north REAL
);
INSERT INTO land_features_0740 (id, kind, name, geometry, west, south, east, north)
  SELECT id, kind, name, geometry, west, south, east, north FROM land_features;
DROP TABLE land_features;
ALTER TABLE land_features_0740 RENAME TO land_features;
`;
