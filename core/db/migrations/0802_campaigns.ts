// 0802: 专项普查 / 专项整治. A campaign names its classes, its area (grids, or a drawn polygon
// resolved to the grids whose centre lies inside), its window, its targets and its inspectors;
// each grid is one task for one inspector; reports filed under the campaign are tagged.
export const sql = `
CREATE TABLE campaigns (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('survey', 'rectification')),
  description TEXT,
  -- JSON array of "kind:code" (event:0102, component:0103)
  classes TEXT NOT NULL,
  -- JSON GeoJSON Polygon when the area was drawn; NULL when grids were picked
  area_polygon TEXT,
  starts_at INTEGER NOT NULL,
  ends_at INTEGER NOT NULL,
  -- Targets: share of the grids to cover (%), share of the problems found to close (%)
  target_coverage INTEGER NOT NULL CHECK (target_coverage BETWEEN 1 AND 100),
  target_close_rate INTEGER NOT NULL CHECK (target_close_rate BETWEEN 1 AND 100),
  closed_at INTEGER,
  closed_by INTEGER REFERENCES users(id),
  created_by INTEGER REFERENCES users(id),
  created_at INTEGER NOT NULL,
  CHECK (starts_at < ends_at)
);
CREATE INDEX campaigns_window ON campaigns(closed_at, ends_at);

CREATE TABLE campaign_inspectors (
  campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
  user_id INTEGER NOT NULL REFERENCES users(id),
  PRIMARY KEY (campaign_id, user_id)
);

-- One task per grid: who walks it, and when it was covered (a report filed there, or marked done).
CREATE TABLE campaign_grids (
  campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
  grid_code TEXT NOT NULL REFERENCES grids(code),
  inspector_id INTEGER REFERENCES users(id),
  covered_at INTEGER,
  covered_by INTEGER REFERENCES users(id),
  PRIMARY KEY (campaign_id, grid_code)
);
CREATE INDEX campaign_grids_inspector ON campaign_grids(inspector_id, campaign_id);

CREATE TABLE campaign_cases (
  campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
  case_id INTEGER NOT NULL REFERENCES cases(id),
  grid_code TEXT,
  tagged_at INTEGER NOT NULL,
  PRIMARY KEY (campaign_id, case_id)
);
CREATE INDEX campaign_cases_case ON campaign_cases(case_id);
`;
