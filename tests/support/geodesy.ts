// Independent reference formulas for tests: Gauss-Krüger forward (Krüger's series in n, to
// n⁴: sub-millimetre within a zone) on the CGCS2000 ellipsoid, and the GCJ-02 offset as
// published. Written apart from core (which uses proj4 and gcoord) so the tests can catch
// a wrong zone, axis or ellipsoid instead of agreeing with themselves.
const A = 6378137;
const F = 1 / 298.257222101;
const DEG = Math.PI / 180;

export function gaussKrugerForward(lon: number, lat: number, centralMeridian: number, falseEasting: number): [number, number] {
  const n = F / (2 - F);
  const e = Math.sqrt(F * (2 - F));
  const rectifying = (A / (1 + n)) * (1 + (n * n) / 4 + (n ** 4) / 64);
  const alpha = [n / 2 - (2 * n * n) / 3 + (5 * n ** 3) / 16 + (41 * n ** 4) / 180, (13 * n * n) / 48 - (3 * n ** 3) / 5 + (557 * n ** 4) / 1440, (61 * n ** 3) / 240 - (103 * n ** 4) / 140, (49561 * n ** 4) / 161280];
  const phi = lat * DEG;
  const dLambda = (lon - centralMeridian) * DEG;
  const t = Math.sinh(Math.atanh(Math.sin(phi)) - e * Math.atanh(e * Math.sin(phi)));
  const xiP = Math.atan2(t, Math.cos(dLambda));
  const etaP = Math.atanh(Math.sin(dLambda) / Math.sqrt(1 + t * t));
  let xi = xiP;
  let eta = etaP;
  alpha.forEach((a, k) => {
    const j = 2 * (k + 1);
    xi += a * Math.sin(j * xiP) * Math.cosh(j * etaP);
    eta += a * Math.cos(j * xiP) * Math.sinh(j * etaP);
  });
  return [falseEasting + rectifying * eta, rectifying * xi];
}

function offsetLat(x: number, y: number): number {
  let r = -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
  r += ((20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2) / 3;
  r += ((20 * Math.sin(y * Math.PI) + 40 * Math.sin((y / 3) * Math.PI)) * 2) / 3;
  r += ((160 * Math.sin((y / 12) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30)) * 2) / 3;
  return r;
}

function offsetLon(x: number, y: number): number {
  let r = 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
  r += ((20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2) / 3;
  r += ((20 * Math.sin(x * Math.PI) + 40 * Math.sin((x / 3) * Math.PI)) * 2) / 3;
  r += ((150 * Math.sin((x / 12) * Math.PI) + 300 * Math.sin((x / 30) * Math.PI)) * 2) / 3;
  return r;
}

/** WGS84 -> GCJ-02 (the offset AMap and Tencent apply). */
export function wgs84ToGcj02(lon: number, lat: number): [number, number] {
  const a = 6378245.0;
  const ee = 0.00669342162296594323;
  let dLat = offsetLat(lon - 105, lat - 35);
  let dLon = offsetLon(lon - 105, lat - 35);
  const radLat = lat * DEG;
  let magic = Math.sin(radLat);
  magic = 1 - ee * magic * magic;
  const sqrtMagic = Math.sqrt(magic);
  dLat = (dLat * 180) / (((a * (1 - ee)) / (magic * sqrtMagic)) * Math.PI);
  dLon = (dLon * 180) / ((a / sqrtMagic) * Math.cos(radLat) * Math.PI);
  return [lon + dLon, lat + dLat];
}

/** Metres between two WGS84 points (haversine on the mean radius: fine at these distances). */
export function metresBetween(a: readonly [number, number], b: readonly [number, number]): number {
  const R = 6371008.8;
  const dLat = (b[1] - a[1]) * DEG;
  const dLon = (b[0] - a[0]) * DEG;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * DEG) * Math.cos(b[1] * DEG) * Math.sin(dLon / 2) ** 2;
  return 2 * R * Math.asin(Math.sqrt(h));
}
