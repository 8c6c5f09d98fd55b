// Earth-centred, earth-fixed (ECEF) coordinates on the WGS84 ellipsoid, and the local
// east/north/up basis of a point: what 3D Tiles and Cesium place geometry in.
const WGS84_A = 6378137;
const WGS84_E2 = 0.0066943799901413165;
const DEG = Math.PI / 180;

export type Vec3 = [number, number, number];

/** Longitude and latitude in degrees, height in metres above the ellipsoid, to ECEF metres. */
export function ecef(lonDeg: number, latDeg: number, height = 0): Vec3 {
  const lon = lonDeg * DEG;
  const lat = latDeg * DEG;
  const sinLat = Math.sin(lat);
  const cosLat = Math.cos(lat);
  const n = WGS84_A / Math.sqrt(1 - WGS84_E2 * sinLat * sinLat);
  return [(n + height) * cosLat * Math.cos(lon), (n + height) * cosLat * Math.sin(lon), (n * (1 - WGS84_E2) + height) * sinLat];
}

export interface EnuBasis {
  east: Vec3;
  north: Vec3;
  up: Vec3;
}

/** Unit vectors east, north and up (the ellipsoid normal) at a point, in ECEF. */
export function enuBasis(lonDeg: number, latDeg: number): EnuBasis {
  const lon = lonDeg * DEG;
  const lat = latDeg * DEG;
  const sinLon = Math.sin(lon);
  const cosLon = Math.cos(lon);
  const sinLat = Math.sin(lat);
  const cosLat = Math.cos(lat);
  return {
    east: [-sinLon, cosLon, 0],
    north: [-sinLat * cosLon, -sinLat * sinLon, cosLat],
    up: [cosLat * cosLon, cosLat * sinLon, sinLat],
  };
}
