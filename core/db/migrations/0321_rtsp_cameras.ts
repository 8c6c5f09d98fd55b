// 0321: cameras without ONVIF (a drone, a mobile unit, an old encoder) registered by their plain
// RTSP URL (credentials in their own columns); ffprobe says what the stream carries.
export const sql = `
ALTER TABLE cameras ADD COLUMN rtsp_url TEXT;
CREATE UNIQUE INDEX cameras_rtsp_url ON cameras(rtsp_url) WHERE rtsp_url IS NOT NULL;
`;
