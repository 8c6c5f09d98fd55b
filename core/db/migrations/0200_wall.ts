// 0200: the command wall's 3D models. One row per tileset the wall may show: the buildings
// tileset core generates from the buildings table, and tileset folders registered by path
// (实景三维 oblique photogrammetry), each shown instead of or alongside the others.
export const sql = `
CREATE TABLE tilesets (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('buildings', 'external')),
  -- The folder holding tileset.json: absolute for a registered one, under the data folder for ours.
  folder TEXT NOT NULL UNIQUE,
  visible INTEGER NOT NULL DEFAULT 1,
  -- For 'buildings': the state of the buildings table it was made from.
  source_revision TEXT,
  tiles INTEGER,
  bytes INTEGER,
  generated_ms INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX tilesets_one_buildings ON tilesets(kind) WHERE kind = 'buildings';
`;
