// Coordinate systems a county's survey arrives in, and the one Gridhall stores: WGS84
// longitude/latitude in degrees. CGCS2000 (the national frame since 2008) and WGS84 agree to
// centimetres at county scale, so CGCS2000 geographic coordinates are taken as they are and
// CGCS2000 Gauss-Krüger grids are projected back to CGCS2000 geographic with proj4 (exact
// transverse Mercator, GRS80/CGCS2000 ellipsoid). GCJ-02 (AMap, Tencent) and BD-09 (Baidu) are
// obfuscated web-map systems; gcoord undoes them to about a metre.
import * as gcoordModule from 'gcoord';
import proj4 from 'proj4';

// gcoord is CommonJS whose types and runtime disagree about the default export: take the
// object either way, typed as the little of it used here.
interface Gcoord {
  transform(position: [number, number], from: string, to: string): [number, number];
  WGS84: string;
  GCJ02: string;
  BD09: string;
}
const gcoord = ((gcoordModule as unknown as { default?: Gcoord }).default ?? gcoordModule) as unknown as Gcoord;

export type CrsSpec =
  | { kind: 'wgs84' }
  | { kind: 'cgcs2000' }
  | { kind: 'gcj02' }
  | { kind: 'bd09' }
  /**
   * CGCS2000 Gauss-Krüger. `zoneWidth` 3 or 6; `centralMeridian` in degrees east;
   * `zonePrefix` true when eastings carry the zone number in front (39 500 000 m for zone 39).
   */
  | { kind: 'gk'; zoneWidth: 3 | 6; centralMeridian: number; zonePrefix: boolean };

export type CrsKind = CrsSpec['kind'];

export class CrsError extends Error {}

/** Converts one position to WGS84 [lon, lat]; throws nothing, returns NaN for garbage. */
export type ToWgs84 = (x: number, y: number) => [number, number];

const GRS80_TMERC = '+proj=tmerc +lat_0=0 +k=1 +y_0=0 +ellps=GRS80 +units=m +no_defs';

/** The zone of a Gauss-Krüger central meridian: 3° zones are numbered CM/3, 6° zones (CM+3)/6. */
export function gkZone(zoneWidth: 3 | 6, centralMeridian: number): number {
  return zoneWidth === 3 ? Math.round(centralMeridian / 3) : Math.round((centralMeridian + 3) / 6);
}

export function gkCentralMeridian(zoneWidth: 3 | 6, zone: number): number {
  return zoneWidth === 3 ? zone * 3 : zone * 6 - 3;
}

function checkGk(spec: Extract<CrsSpec, { kind: 'gk' }>): void {
  const { zoneWidth, centralMeridian } = spec;
  if (zoneWidth !== 3 && zoneWidth !== 6) throw new CrsError(`Gauss-Krüger zones are 3° or 6° wide, not ${String(zoneWidth)}°`);
  if (!(centralMeridian >= 72 && centralMeridian <= 138)) {
    throw new CrsError(`central meridian ${centralMeridian}° lies outside China (72°–138° E)`);
  }
  const step = zoneWidth === 3 ? centralMeridian % 3 : (centralMeridian + 3) % 6;
  if (Math.abs(step) > 1e-9) throw new CrsError(`${centralMeridian}° is not the central meridian of a ${zoneWidth}° zone`);
}

export function proj4Definition(spec: Extract<CrsSpec, { kind: 'gk' }>): string {
  checkGk(spec);
  const falseEasting = 500_000 + (spec.zonePrefix ? gkZone(spec.zoneWidth, spec.centralMeridian) * 1_000_000 : 0);
  return `${GRS80_TMERC} +lon_0=${spec.centralMeridian} +x_0=${falseEasting}`;
}

/** A converter from the spec's coordinates to WGS84 lon/lat. */
export function toWgs84(spec: CrsSpec): ToWgs84 {
  switch (spec.kind) {
    case 'wgs84':
    case 'cgcs2000':
      return (x, y) => [x, y];
    case 'gcj02':
      return (x, y) => gcoord.transform([x, y], gcoord.GCJ02, gcoord.WGS84);
    case 'bd09':
      return (x, y) => gcoord.transform([x, y], gcoord.BD09, gcoord.WGS84) as [number, number];
    case 'gk': {
      const converter = proj4(proj4Definition(spec), 'WGS84');
      return (x, y) => converter.forward([x, y]) as [number, number];
    }
  }
}

/** WGS84 lon/lat to the spec's coordinates (exports in a county's own grid, and tests). */
export function fromWgs84(spec: CrsSpec): ToWgs84 {
  switch (spec.kind) {
    case 'wgs84':
    case 'cgcs2000':
      return (x, y) => [x, y];
    case 'gcj02':
      return (x, y) => gcoord.transform([x, y], gcoord.WGS84, gcoord.GCJ02);
    case 'bd09':
      return (x, y) => gcoord.transform([x, y], gcoord.WGS84, gcoord.BD09) as [number, number];
    case 'gk': {
      const converter = proj4(proj4Definition(spec), 'WGS84');
      return (x, y) => converter.inverse([x, y]) as [number, number];
    }
  }
}

export function isGeographic(spec: CrsSpec): boolean {
  return spec.kind !== 'gk';
}

/** A short label: `CGCS2000 3° GK zone 39 (CM 117°E)`. */
export function describeCrs(spec: CrsSpec): string {
  switch (spec.kind) {
    case 'wgs84':
      return 'WGS84 (EPSG:4326)';
    case 'cgcs2000':
      return 'CGCS2000 geographic (EPSG:4490)';
    case 'gcj02':
      return 'GCJ-02 (AMap, Tencent)';
    case 'bd09':
      return 'BD-09 (Baidu)';
    case 'gk': {
      const zone = gkZone(spec.zoneWidth, spec.centralMeridian);
      const epsg = gkEpsg(spec);
      return `CGCS2000 ${spec.zoneWidth}° Gauss-Krüger ${spec.zonePrefix ? `zone ${zone}` : `CM ${spec.centralMeridian}°E`}${epsg ? ` (EPSG:${epsg})` : ''}`;
    }
  }
}

// EPSG numbering of the CGCS2000 Gauss-Krüger systems:
//   4491-4501: 6° zones 13-23 (zone prefix)    4502-4512: 6° CM 75°-135°E (no prefix)
//   4513-4533: 3° zones 25-45 (zone prefix)    4534-4554: 3° CM 75°-135°E (no prefix)
function gkEpsg(spec: Extract<CrsSpec, { kind: 'gk' }>): number | undefined {
  const zone = gkZone(spec.zoneWidth, spec.centralMeridian);
  if (spec.zoneWidth === 6) {
    if (zone < 13 || zone > 23) return undefined;
    return spec.zonePrefix ? 4491 + zone - 13 : 4502 + zone - 13;
  }
  if (zone < 25 || zone > 45) return undefined;
  return spec.zonePrefix ? 4513 + zone - 25 : 4534 + zone - 25;
}

function fromEpsg(code: number): CrsSpec | undefined {
  if (code === 4326) return { kind: 'wgs84' };
  if (code === 4490) return { kind: 'cgcs2000' };
  if (code >= 4491 && code <= 4501) return { kind: 'gk', zoneWidth: 6, centralMeridian: gkCentralMeridian(6, code - 4491 + 13), zonePrefix: true };
  if (code >= 4502 && code <= 4512) return { kind: 'gk', zoneWidth: 6, centralMeridian: gkCentralMeridian(6, code - 4502 + 13), zonePrefix: false };
  if (code >= 4513 && code <= 4533) return { kind: 'gk', zoneWidth: 3, centralMeridian: gkCentralMeridian(3, code - 4513 + 25), zonePrefix: true };
  if (code >= 4534 && code <= 4554) return { kind: 'gk', zoneWidth: 3, centralMeridian: gkCentralMeridian(3, code - 4534 + 25), zonePrefix: false };
  return undefined;
}

/**
 * Reads a CRS as typed on the command line or stored with a job:
 * `wgs84`, `cgcs2000`, `gcj02`, `bd09`, `EPSG:4527`, `gk3:39` (3° zone 39, prefixed eastings),
 * `gk3-cm:117` (3°, central meridian 117°E, plain eastings), `gk6:20`, `gk6-cm:117`.
 */
export function parseCrs(text: string): CrsSpec {
  const t = text.trim().toLowerCase().replace(/\s+/g, '');
  if (t === 'wgs84' || t === 'wgs-84' || t === 'epsg:4326') return { kind: 'wgs84' };
  if (t === 'cgcs2000' || t === 'epsg:4490') return { kind: 'cgcs2000' };
  if (t === 'gcj02' || t === 'gcj-02' || t === 'amap') return { kind: 'gcj02' };
  if (t === 'bd09' || t === 'bd-09' || t === 'baidu') return { kind: 'bd09' };
  const epsg = /^epsg:(\d{4,5})$/.exec(t);
  if (epsg) {
    const spec = fromEpsg(Number(epsg[1]));
    if (!spec) throw new CrsError(`EPSG:${epsg[1]} is not a coordinate system Gridhall reads (WGS84, CGCS2000 and its Gauss-Krüger zones)`);
    return spec;
  }
  const gk = /^(?:cgcs2000-)?gk([36])(-cm)?:(\d{1,3}(?:\.\d+)?)$/.exec(t);
  if (gk) {
    const zoneWidth = Number(gk[1]) as 3 | 6;
    const value = Number(gk[3]);
    const spec: CrsSpec = gk[2]
      ? { kind: 'gk', zoneWidth, centralMeridian: value, zonePrefix: false }
      : { kind: 'gk', zoneWidth, centralMeridian: gkCentralMeridian(zoneWidth, value), zonePrefix: true };
    checkGk(spec);
    return spec;
  }
  throw new CrsError(
    `unknown coordinate system "${text}": use wgs84, cgcs2000, gcj02, bd09, EPSG:<code>, gk3:<zone>, gk3-cm:<meridian>, gk6:<zone> or gk6-cm:<meridian>`,
  );
}

/** The inverse of parseCrs: the short text form. */
export function formatCrs(spec: CrsSpec): string {
  if (spec.kind !== 'gk') return spec.kind;
  return spec.zonePrefix ? `gk${spec.zoneWidth}:${gkZone(spec.zoneWidth, spec.centralMeridian)}` : `gk${spec.zoneWidth}-cm:${spec.centralMeridian}`;
}
