// Which coordinate system a file is in: from its .prj (ESRI or OGC WKT), or, for tables
// without one, guessed from the numbers themselves. A guess is always reported as a guess.
import { CrsError, gkCentralMeridian, parseCrs, type CrsSpec } from './crs.js';

export interface PrjReading {
  crs: CrsSpec;
  /** The name the .prj gives itself, for the report. */
  name: string;
}

const LEGACY_DATUMS: [RegExp, string][] = [
  [/beijing[_ ]?1954|krasovsky|krassowsky/i, 'Beijing 1954'],
  [/xian[_ ]?1980|xi'an[_ ]?1980|iag[_ ]?1975|iag_75/i, 'Xian 1980'],
  [/new[_ ]?beijing/i, 'New Beijing'],
];

function quoted(wkt: string, keyword: string): string | undefined {
  return new RegExp(`${keyword}\\s*\\[\\s*"([^"]*)"`, 'i').exec(wkt)?.[1];
}

function parameter(wkt: string, name: string): number | undefined {
  const m = new RegExp(`PARAMETER\\s*\\[\\s*"${name}"\\s*,\\s*(-?[0-9.eE+-]+)`, 'i').exec(wkt);
  return m ? Number(m[1]) : undefined;
}

/** Reads a .prj. Throws CrsError naming the system when Gridhall cannot convert it exactly. */
export function readPrj(wkt: string): PrjReading {
  const text = wkt.trim();
  const name = quoted(text, 'PROJCS') ?? quoted(text, 'GEOGCS') ?? text.slice(0, 60);
  for (const [pattern, datum] of LEGACY_DATUMS) {
    if (pattern.test(text)) {
      throw new CrsError(
        `the .prj says ${datum} ("${name}"). Converting ${datum} to CGCS2000 needs the county's own 7-parameter transformation, ` +
          'which is not public: convert the file to CGCS2000 in the surveying software first',
      );
    }
  }
  const authority = /AUTHORITY\s*\[\s*"EPSG"\s*,\s*"?(\d+)"?\s*\]\s*\]\s*$/i.exec(text);
  if (authority) {
    try {
      return { crs: parseCrs(`EPSG:${authority[1]}`), name };
    } catch {
      // fall through to reading the parameters
    }
  }
  const geog = quoted(text, 'GEOGCS') ?? '';
  const datum = quoted(text, 'DATUM') ?? '';
  const spheroid = quoted(text, 'SPHEROID') ?? '';
  const isCgcs = /china[_ ]?2000|cgcs[_ ]?2000|china geodetic coordinate system 2000/i.test(`${geog} ${datum} ${spheroid}`);
  const isWgs = /wgs[_ ]?(19)?84/i.test(`${geog} ${datum}`);
  if (!/^PROJCS/i.test(text)) {
    if (isCgcs) return { crs: { kind: 'cgcs2000' }, name };
    if (isWgs) return { crs: { kind: 'wgs84' }, name };
    throw new CrsError(`unknown geographic coordinate system in the .prj: "${name}" (datum "${datum}"); Gridhall reads WGS84 and CGCS2000`);
  }
  const projection = quoted(text, 'PROJECTION') ?? '';
  if (!isCgcs) {
    throw new CrsError(`unknown projection in the .prj: "${name}" on datum "${datum || geog}"; Gridhall reads CGCS2000 Gauss-Krüger zones`);
  }
  if (!/gauss|kruger|transverse_mercator/i.test(projection)) {
    throw new CrsError(`unknown projection "${projection}" in the .prj ("${name}"); Gridhall reads CGCS2000 Gauss-Krüger zones`);
  }
  const cm = parameter(text, 'Central_Meridian');
  const fe = parameter(text, 'False_Easting') ?? 500_000;
  const scale = parameter(text, 'Scale_Factor') ?? 1;
  const lat0 = parameter(text, 'Latitude_Of_Origin') ?? 0;
  const fn = parameter(text, 'False_Northing') ?? 0;
  if (cm === undefined) throw new CrsError(`the .prj "${name}" has no Central_Meridian`);
  if (Math.abs(scale - 1) > 1e-9 || lat0 !== 0 || fn !== 0) {
    throw new CrsError(`the .prj "${name}" is a transverse Mercator with scale ${scale}, origin latitude ${lat0}, false northing ${fn}: not a Gauss-Krüger zone`);
  }
  const prefix = Math.floor(fe / 1_000_000);
  if (fe - prefix * 1_000_000 !== 500_000) throw new CrsError(`the .prj "${name}" has false easting ${fe}, not 500 000 m (plus a zone number)`);
  let zoneWidth: 3 | 6 = /3[_ -]?deg|3度/i.test(name) ? 3 : /6[_ -]?deg|6度/i.test(name) ? 6 : 3;
  if (prefix > 0) {
    if (gkCentralMeridian(3, prefix) === cm) zoneWidth = 3;
    else if (gkCentralMeridian(6, prefix) === cm) zoneWidth = 6;
    else throw new CrsError(`the .prj "${name}" puts zone ${prefix} in front of eastings, but central meridian ${cm}° is not that zone's`);
  }
  return { crs: { kind: 'gk', zoneWidth, centralMeridian: cm, zonePrefix: prefix > 0 }, name };
}

export interface CoordinateGuess {
  /** The system the numbers fit, or undefined when they fit nothing Gridhall reads. */
  crs?: CrsSpec;
  /** The two columns hold each other's values (latitude in the longitude column, northing in X). */
  swapped: boolean;
  /** Plain words for the report. */
  reason: string;
}

const inLon = (v: number) => v >= 73 && v <= 136;
const inLat = (v: number) => v >= 3 && v <= 54;
const inNorthing = (v: number) => v >= 300_000 && v <= 6_100_000;
const inPlainEasting = (v: number) => v >= 100_000 && v <= 900_000;

function prefixedZone(v: number): number | undefined {
  const zone = Math.floor(v / 1_000_000);
  const rest = v - zone * 1_000_000;
  if (rest < 100_000 || rest > 900_000) return undefined;
  return (zone >= 13 && zone <= 23) || (zone >= 25 && zone <= 45) ? zone : undefined;
}

/**
 * Looks at sample positions (x from the first coordinate column, y from the second) and says
 * what they are. `nearLon` (the county's centre) picks the central meridian of plain eastings.
 */
export function guessCrs(samples: readonly (readonly [number, number])[], nearLon?: number): CoordinateGuess {
  const pts = samples.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
  if (pts.length === 0) return { swapped: false, reason: 'no numeric coordinates to look at' };
  const all = (test: (x: number, y: number) => boolean) => pts.every(([x, y]) => test(x, y));
  if (all((x, y) => inLon(x) && inLat(y))) return { crs: { kind: 'wgs84' }, swapped: false, reason: 'degrees of longitude and latitude' };
  if (all((x, y) => inLat(x) && inLon(y))) {
    return { crs: { kind: 'wgs84' }, swapped: true, reason: 'the longitude column holds latitudes (3°–54°) and the latitude column longitudes (73°–136°)' };
  }
  const zoneOf = (v: number) => prefixedZone(v);
  const firstZone = zoneOf(pts[0]![0]);
  if (firstZone !== undefined && all((x, y) => zoneOf(x) === firstZone && inNorthing(y))) {
    const zoneWidth = firstZone <= 23 ? 6 : 3;
    const cm = gkCentralMeridian(zoneWidth, firstZone);
    if (nearLon !== undefined && Math.abs(cm - nearLon) > zoneWidth) {
      return { swapped: false, reason: `metres that would be Gauss-Krüger zone ${firstZone} (central meridian ${cm}°E), far from the county at ${nearLon.toFixed(1)}°E` };
    }
    return {
      crs: { kind: 'gk', zoneWidth, centralMeridian: cm, zonePrefix: true },
      swapped: false,
      reason: `metres with zone ${firstZone} in front of the eastings: CGCS2000 ${zoneWidth}° Gauss-Krüger`,
    };
  }
  const swappedZone = zoneOf(pts[0]![1]);
  if (swappedZone !== undefined && all((x, y) => zoneOf(y) === swappedZone && inNorthing(x))) {
    const zoneWidth = swappedZone <= 23 ? 6 : 3;
    return {
      crs: { kind: 'gk', zoneWidth, centralMeridian: gkCentralMeridian(zoneWidth, swappedZone), zonePrefix: true },
      swapped: true,
      reason: 'the X column holds northings and Y eastings (the surveyors\' X = north convention)',
    };
  }
  const plain = all((x, y) => inPlainEasting(x) && inNorthing(y) && y > 900_000);
  const plainSwapped = !plain && all((x, y) => inPlainEasting(y) && inNorthing(x) && x > 900_000);
  if (plain || plainSwapped) {
    const swapped = plainSwapped;
    if (nearLon === undefined) {
      return { swapped, reason: 'Gauss-Krüger metres without a zone number: choose the central meridian' };
    }
    const cm = Math.round(nearLon / 3) * 3;
    return {
      crs: { kind: 'gk', zoneWidth: 3, centralMeridian: cm, zonePrefix: false },
      swapped,
      reason: `Gauss-Krüger metres without a zone number; central meridian ${cm}°E assumed from the county's position${swapped ? ', and the X column holds northings' : ''}`,
    };
  }
  return { swapped: false, reason: 'the numbers fit neither degrees in China nor Gauss-Krüger metres' };
}
