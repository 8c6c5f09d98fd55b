// A local plane around a centre point: metres east (x) and north (y) <-> WGS84 lon/lat.
// The scale is the WGS84 ellipsoid's at the centre latitude (meridian and prime-vertical
// radii of curvature), so within 5 km of the centre positions stay within a metre and
// areas within 0.05 %: good for a county's built-up area, not for a province.

const WGS84_A = 6378137;
const WGS84_E2 = 0.0066943799901413165;
const DEG = Math.PI / 180;

export interface LocalFrame {
  readonly centerLon: number;
  readonly centerLat: number;
  /** Metres per degree of longitude and of latitude at the centre. */
  readonly metresPerDegLon: number;
  readonly metresPerDegLat: number;
  lon(x: number): number;
  lat(y: number): number;
  x(lon: number): number;
  y(lat: number): number;
}

export function localFrame(centerLon: number, centerLat: number): LocalFrame {
  const sin = Math.sin(centerLat * DEG);
  const w = Math.sqrt(1 - WGS84_E2 * sin * sin);
  const primeVertical = WGS84_A / w;
  const meridian = (WGS84_A * (1 - WGS84_E2)) / (w * w * w);
  const metresPerDegLon = primeVertical * Math.cos(centerLat * DEG) * DEG;
  const metresPerDegLat = meridian * DEG;
  return {
    centerLon,
    centerLat,
    metresPerDegLon,
    metresPerDegLat,
    lon: (x) => centerLon + x / metresPerDegLon,
    lat: (y) => centerLat + y / metresPerDegLat,
    x: (lon) => (lon - centerLon) * metresPerDegLon,
    y: (lat) => (lat - centerLat) * metresPerDegLat,
  };
}

/** Degrees rounded to 7 decimals (about 1 cm), the precision Gridhall stores. */
export function roundDeg(v: number): number {
  return Math.round(v * 1e7) / 1e7;
}
