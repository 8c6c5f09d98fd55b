// Importing building footprints from GeoJSON (`gridhall import buildings FILE.geojson`):
// every feature is checked first and the problems are reported by feature number; only a
// file with no problem is written, in one transaction, so nothing is ever half-imported.
import type { Db } from '../../db/database.js';
import type { BBox } from '../geo/index.js';
import type { GridStore } from '../grids/index.js';
import { localFrame } from '../geo/index.js';
import { ringCentroid, signedRingArea, type Ring } from '../geo/index.js';
import type { BuildingRow, BuildingStore } from './store.js';

export interface ImportProblem {
  /** 1-based feature number in the file (0: the file as a whole). */
  feature: number;
  message: string;
}

export type NewBuilding = Omit<BuildingRow, 'id' | 'gridCode'>;

export interface ParsedBuildings {
  features: number;
  buildings: NewBuilding[];
  problems: ImportProblem[];
}

export interface ParseOptions {
  /** Property holding the height in metres; by default the usual names are tried. */
  heightField?: string;
  /** Storey height used when only a floor count is given. */
  floorHeightM?: number;
  /** The county's extent; footprints far outside it are refused (swapped coordinates, wrong projection). */
  bounds?: BBox;
}

const HEIGHT_FIELDS = ['height', 'height_m', 'HEIGHT', 'Height', 'building:height', '高度', 'GD'];
const FLOOR_FIELDS = ['floors', 'FLOORS', 'floor', 'levels', 'building:levels', '层数', 'CS'];
const NAME_FIELDS = ['name', 'NAME', 'Name', '名称', 'MC'];
/** Taller than any building on Earth: a unit mistake (centimetres, feet × 10). */
const MAX_HEIGHT_M = 1000;
const BOUNDS_MARGIN_DEG = 0.05;

function numberOf(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value.trim().replace(/m$/i, ''));
    return Number.isNaN(n) ? Number.NaN : n;
  }
  return undefined;
}

/** The problem with one ring, if any; a ring left open is closed, as many tools write them. */
function checkRing(raw: unknown, where: string): { ring: [number, number][] } | { error: string } {
  if (!Array.isArray(raw)) return { error: `${where} is not a list of positions` };
  const ring: [number, number][] = [];
  for (const [k, p] of raw.entries()) {
    if (!Array.isArray(p) || p.length < 2 || typeof p[0] !== 'number' || typeof p[1] !== 'number' || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) {
      return { error: `${where}, position ${k + 1} is not [longitude, latitude]` };
    }
    const [lon, lat] = p as [number, number];
    if (lon < -180 || lon > 180 || lat < -90 || lat > 90) {
      const swapped = Math.abs(lon) <= 90 && Math.abs(lat) <= 180;
      return { error: `${where}, position ${k + 1} (${lon}, ${lat}) is outside longitude -180..180 / latitude -90..90${swapped ? ': longitude and latitude look swapped' : ' (not WGS84 degrees?)'}` };
    }
    ring.push([lon, lat]);
  }
  const first = ring[0];
  const last = ring[ring.length - 1];
  if (first && last && (first[0] !== last[0] || first[1] !== last[1])) ring.push([first[0], first[1]]);
  if (new Set(ring.map(([x, y]) => `${x},${y}`)).size < 3) return { error: `${where} has fewer than 3 distinct corners` };
  return { ring };
}

function pick(properties: Record<string, unknown>, names: readonly string[]): { field: string; value: unknown } | undefined {
  for (const field of names) if (properties[field] !== undefined && properties[field] !== null && properties[field] !== '') return { field, value: properties[field] };
  return undefined;
}

export function parseBuildingsGeoJson(text: string, options: ParseOptions = {}): ParsedBuildings {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    return { features: 0, buildings: [], problems: [{ feature: 0, message: `The file is not JSON: ${(error as Error).message} (不是有效的 GeoJSON)` }] };
  }
  const d = doc as { type?: unknown; features?: unknown };
  const features = d?.type === 'FeatureCollection' && Array.isArray(d.features) ? (d.features as unknown[]) : d?.type === 'Feature' ? [doc] : null;
  if (!features) return { features: 0, buildings: [], problems: [{ feature: 0, message: 'The file is not a GeoJSON FeatureCollection of building footprints (需要 GeoJSON FeatureCollection)' }] };
  const floorHeight = options.floorHeightM ?? 3;
  const buildings: NewBuilding[] = [];
  const problems: ImportProblem[] = [];
  const b = options.bounds;
  features.forEach((raw, k) => {
    const n = k + 1;
    const problem = (message: string) => problems.push({ feature: n, message });
    const f = raw as { type?: unknown; geometry?: { type?: unknown; coordinates?: unknown } | null; properties?: Record<string, unknown> | null };
    if (typeof f !== 'object' || f === null || f.type !== 'Feature') return problem('is not a GeoJSON Feature');
    const g = f.geometry;
    if (!g) return problem('has no geometry (缺少几何)');
    if (g.type !== 'Polygon' && g.type !== 'MultiPolygon') return problem(`is a ${String(g.type)}, not a Polygon or MultiPolygon: a building needs a footprint (建筑须为面)`);
    if (!Array.isArray(g.coordinates) || g.coordinates.length === 0) return problem('has no coordinates (缺少坐标)');
    const props = f.properties ?? {};

    let heightM: number | undefined;
    let floorCount: number | undefined;
    const height = options.heightField ? (props[options.heightField] !== undefined ? { field: options.heightField, value: props[options.heightField] } : undefined) : pick(props, HEIGHT_FIELDS);
    if (height) {
      heightM = numberOf(height.value);
      if (heightM === undefined || Number.isNaN(heightM)) return problem(`has a height "${String(height.value)}" in "${height.field}" that is not a number (高度不是数字)`);
    } else if (!options.heightField) {
      const floors = pick(props, FLOOR_FIELDS);
      const count = floors ? numberOf(floors.value) : undefined;
      if (floors && (count === undefined || Number.isNaN(count) || count <= 0)) return problem(`has a floor count "${String(floors.value)}" in "${floors.field}" that is not a positive number (层数无效)`);
      if (count !== undefined) {
        floorCount = Math.round(count);
        heightM = count * floorHeight;
      }
    }
    if (heightM === undefined) {
      return problem(options.heightField ? `has no "${options.heightField}" property: its height is missing (缺少高度)` : `has no height: give "height" in metres or "floors" (缺少高度或层数)`);
    }
    if (heightM <= 0) return problem(`has a height of ${heightM} m; it must be above 0 (高度须大于 0)`);
    if (heightM > MAX_HEIGHT_M) return problem(`has a height of ${heightM} m, more than ${MAX_HEIGHT_M} m: centimetres or feet? (高度异常)`);

    const polygons = (g.type === 'Polygon' ? [g.coordinates] : g.coordinates) as unknown[];
    const parts: [number, number][][][] = [];
    for (const [p, polygon] of polygons.entries()) {
      if (!Array.isArray(polygon) || polygon.length === 0) return problem(`polygon ${p + 1} has no rings`);
      const rings: [number, number][][] = [];
      for (const [r, rawRing] of polygon.entries()) {
        const checked = checkRing(rawRing, `${polygons.length > 1 ? `polygon ${p + 1}, ` : ''}ring ${r + 1}`);
        if ('error' in checked) return problem(`${checked.error} (坐标无效)`);
        rings.push(checked.ring);
      }
      parts.push(rings);
    }
    const name = pick(props, NAME_FIELDS);
    for (const rings of parts) {
      const outer = rings[0]!;
      const [cLon, cLat] = ringCentroid(outer as Ring);
      if (b && (cLon < b.west - BOUNDS_MARGIN_DEG || cLon > b.east + BOUNDS_MARGIN_DEG || cLat < b.south - BOUNDS_MARGIN_DEG || cLat > b.north + BOUNDS_MARGIN_DEG)) {
        const swapped = cLat >= b.west - BOUNDS_MARGIN_DEG && cLat <= b.east + BOUNDS_MARGIN_DEG && cLon >= b.south - BOUNDS_MARGIN_DEG && cLon <= b.north + BOUNDS_MARGIN_DEG;
        return problem(`lies at ${cLon.toFixed(5)}, ${cLat.toFixed(5)}, outside the county${swapped ? ': longitude and latitude look swapped' : ''} (超出本县范围)`);
      }
      const frame = localFrame(cLon, cLat);
      const area = Math.abs(signedRingArea(outer.map(([lon, lat]) => [frame.x(lon), frame.y(lat)] as const)));
      if (area < 1) return problem(`has a footprint of ${area.toFixed(2)} m², too small to be a building (面积过小)`);
      buildings.push({
        name: name ? String(name.value).slice(0, 200) : null,
        heightM: Math.round(heightM * 100) / 100,
        floors: floorCount ?? Math.max(1, Math.round(heightM / floorHeight)),
        footprint: JSON.stringify({ type: 'Polygon', coordinates: rings }),
        centerLon: Math.round(cLon * 1e7) / 1e7,
        centerLat: Math.round(cLat * 1e7) / 1e7,
      });
    }
  });
  return { features: features.length, buildings, problems };
}

export interface WriteTargets {
  db: Db;
  buildings: BuildingStore;
  grids: GridStore;
}

/**
 * Writes checked buildings in one transaction (replacing the county's buildings when asked),
 * each placed in the unit grid under its centre. Progress is reported every 1,000 buildings.
 */
export async function writeBuildings(targets: WriteTargets, rows: readonly NewBuilding[], options: { replace?: boolean; onProgress?: (fraction: number) => void } = {}): Promise<{ written: number; removed: number }> {
  return await targets.db.transaction(async () => {
    const removed = options.replace ? await targets.buildings.deleteAll() : 0;
    let id = await targets.buildings.nextId();
    let written = 0;
    const withIds = async function* (): AsyncGenerator<BuildingRow> {
      for (const row of rows) {
        yield { ...row, id: id++, gridCode: (await targets.grids.gridAt(row.centerLon, row.centerLat))?.code ?? null };
        written++;
        if (written % 1000 === 0) options.onProgress?.(written / rows.length);
      }
    };
    await targets.buildings.insertMany(withIds());
    options.onProgress?.(1);
    return { written, removed };
  });
}
