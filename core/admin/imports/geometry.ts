// Geometry of import rows: the point or polygon of a record, converted to WGS84 and rounded
// to 1e-7° (about a centimetre), with a plain sentence when it cannot be had.
import type { ToWgs84 } from '../../base/crs/index.js';
import { localFrame, roundDeg } from '../../base/geo/index.js';
import { ringCentroid, signedRingArea } from '../../base/geo/index.js';
import type { Geometry, Position, SourceRecord } from '../formats/index.js';
import type { FieldMapping } from './targets.js';
import { num } from './values.js';

export type Converted<T> = { ok: true; value: T } | { ok: false; code: string; message: string; params?: Record<string, string | number> };

/** Raw source coordinates of a point row, before conversion (for guessing the system). */
export function rawPoint(rec: SourceRecord, mapping: FieldMapping): [number, number] | undefined {
  const g = rec.geometry;
  if (g?.type === 'Point') return g.coordinates;
  if (g?.type === 'MultiPoint' && g.coordinates.length === 1) return g.coordinates[0];
  if (mapping.x === undefined || mapping.y === undefined) return undefined;
  const x = num(rec.props[mapping.x]);
  const y = num(rec.props[mapping.y]);
  return x === null || y === null ? undefined : [x, y];
}

/** First positions of any geometry, for guessing the system from a sample. */
export function samplePositions(g: Geometry | null): Position[] {
  if (!g) return [];
  switch (g.type) {
    case 'Point':
      return [g.coordinates];
    case 'MultiPoint':
    case 'LineString':
      return g.coordinates.slice(0, 2);
    case 'MultiLineString':
    case 'Polygon':
      return (g.coordinates[0] ?? []).slice(0, 2);
    case 'MultiPolygon':
      return (g.coordinates[0]?.[0] ?? []).slice(0, 2);
  }
}

const finite = (p: Position) => Number.isFinite(p[0]) && Number.isFinite(p[1]);

export function convertPoint(raw: [number, number], convert: ToWgs84, swap: boolean): Converted<[number, number]> {
  const [x, y] = swap ? [raw[1], raw[0]] : raw;
  const out = convert(x, y);
  if (!finite(out) || Math.abs(out[0]) > 180 || Math.abs(out[1]) > 90) {
    return { ok: false, code: 'point.invalid', message: `coordinates ${x}, ${y} do not convert to a place on Earth`, params: { x, y } };
  }
  return { ok: true, value: [roundDeg(out[0]), roundDeg(out[1])] };
}

export interface PolygonValue {
  rings: Position[][];
  areaM2: number;
  center: [number, number];
  box: { west: number; south: number; east: number; north: number };
}

/** One polygon (a MultiPolygon of one part is accepted), closed, counter-clockwise outside. */
export function convertPolygon(g: Geometry | null, convert: ToWgs84, swap: boolean): Converted<PolygonValue> {
  if (!g) return { ok: false, code: 'geometry.missing', message: 'the record has no shape' };
  let rings: Position[][];
  if (g.type === 'Polygon') rings = g.coordinates;
  else if (g.type === 'MultiPolygon' && g.coordinates.length === 1) rings = g.coordinates[0]!;
  else if (g.type === 'MultiPolygon') {
    return { ok: false, code: 'geometry.multipart', message: `the shape has ${g.coordinates.length} separate parts; a unit grid is one polygon`, params: { parts: g.coordinates.length } };
  } else return { ok: false, code: 'geometry.type', message: `the shape is a ${g.type}, not a polygon`, params: { type: g.type } };
  const out: Position[][] = [];
  for (const ring of rings) {
    const conv: Position[] = [];
    for (const p of ring) {
      const c = convertPoint([p[0], p[1]], convert, swap);
      if (!c.ok) return c;
      conv.push(c.value);
    }
    const first = conv[0];
    const last = conv[conv.length - 1];
    if (first && last && (first[0] !== last[0] || first[1] !== last[1])) conv.push([first[0], first[1]]);
    if (conv.length < 4) return { ok: false, code: 'geometry.invalid', message: `a ring has ${conv.length} points; a polygon needs at least 4 (closed)` };
    out.push(conv);
  }
  if (out.length === 0) return { ok: false, code: 'geometry.missing', message: 'the polygon has no rings' };
  const outer = out[0]!;
  let west = Infinity, south = Infinity, east = -Infinity, north = -Infinity;
  for (const [lon, lat] of outer) {
    west = Math.min(west, lon); east = Math.max(east, lon); south = Math.min(south, lat); north = Math.max(north, lat);
  }
  const frame = localFrame((west + east) / 2, (south + north) / 2);
  const plane = (r: Position[]) => r.map(([lon, lat]) => [frame.x(lon), frame.y(lat)] as const);
  const outerArea = signedRingArea(plane(outer));
  if (outerArea < 0) out[0] = [...outer].reverse();
  const holesArea = out.slice(1).reduce((sum, r) => sum + Math.abs(signedRingArea(plane(r))), 0);
  const areaM2 = Math.abs(outerArea) - holesArea;
  if (!(areaM2 > 0.01)) return { ok: false, code: 'geometry.invalid', message: 'the polygon has no area' };
  const c = ringCentroid(out[0]!);
  const center: [number, number] = [roundDeg(c[0]), roundDeg(c[1])];
  return { ok: true, value: { rings: out, areaM2: Math.round(areaM2 * 100) / 100, center, box: { west, south, east, north } } };
}
