// 0300: the video wall. Cameras learn how to reach them over ONVIF (device address and
// credentials), what they offer (profiles with stream URIs, snapshot URI, PTZ and presets) and
// how they are (status with a message a person can read). Saved wall layouts and tours.
export const sql = `
ALTER TABLE cameras ADD COLUMN onvif_url TEXT;
ALTER TABLE cameras ADD COLUMN username TEXT;
ALTER TABLE cameras ADD COLUMN password TEXT;
-- 1 when the county's own simulator serves the camera (demo county): its address changes each start.
ALTER TABLE cameras ADD COLUMN simulated INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cameras ADD COLUMN manufacturer TEXT;
ALTER TABLE cameras ADD COLUMN model TEXT;
ALTER TABLE cameras ADD COLUMN firmware TEXT;
ALTER TABLE cameras ADD COLUMN serial TEXT;
-- JSON: [{token, name, width, height, fps, kbps, encoding, streamUri}]
ALTER TABLE cameras ADD COLUMN profiles TEXT;
ALTER TABLE cameras ADD COLUMN main_profile TEXT;
ALTER TABLE cameras ADD COLUMN sub_profile TEXT;
ALTER TABLE cameras ADD COLUMN snapshot_uri TEXT;
-- JSON: [{token, name}] as read from the camera's PTZ service
ALTER TABLE cameras ADD COLUMN presets TEXT;
ALTER TABLE cameras ADD COLUMN status TEXT NOT NULL DEFAULT 'unknown'
  CHECK (status IN ('unknown', 'online', 'offline', 'auth_failed', 'bad_response', 'stream_failed'));
ALTER TABLE cameras ADD COLUMN status_message TEXT;
ALTER TABLE cameras ADD COLUMN status_at INTEGER;
CREATE INDEX cameras_lon_lat ON cameras(lon, lat);
CREATE UNIQUE INDEX cameras_onvif_url ON cameras(onvif_url) WHERE onvif_url IS NOT NULL;

-- Named wall layouts, shared by the hall: a grid of 1/4/9/16/25/36 tiles and the camera in each.
CREATE TABLE video_layouts (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  grid INTEGER NOT NULL CHECK (grid IN (1, 4, 9, 16, 25, 36)),
  -- JSON array, one camera id (or null) per tile
  tiles TEXT NOT NULL,
  created_by INTEGER REFERENCES users(id),
  updated_at INTEGER NOT NULL
);

-- Tours (轮巡): a group of cameras cycled through the wall's tiles at an interval.
CREATE TABLE video_tours (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  grid INTEGER NOT NULL CHECK (grid IN (1, 4, 9, 16, 25, 36)),
  interval_s INTEGER NOT NULL CHECK (interval_s BETWEEN 5 AND 3600),
  -- JSON array of camera ids, in the order they are shown
  cameras TEXT NOT NULL,
  created_by INTEGER REFERENCES users(id),
  updated_at INTEGER NOT NULL
);
`;
