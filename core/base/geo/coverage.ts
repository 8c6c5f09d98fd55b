// Do unit grids tile the county? Two checks on polygons in a local metric plane:
// - overlaps, by vector geometry: for each pair whose boxes meet (Flatbush), a vertex of one
//   lying inside the other by more than a tolerance, or two edges crossing properly. Shared
//   edges and T-junctions (a vertex on a neighbour's edge) are not overlaps.
// - gaps, by raster: polygons are scan-filled at cell centres (even-odd, half-open, so two
//   grids sharing an edge never both or neither take a cell); a cell two grids take is an
//   overlap (this catches overlaps whose edges line up, which the vector test cannot see),
//   and empty cells not reachable from the raster's border are holes in the coverage. The cell size is chosen to keep the raster
//   under RASTER_CELLS, so a gap narrower than a cell can slip through; the report says the size.
import Flatbush from 'flatbush';
import { localFrame } from './frame.js';
import { pointInRing, type Point, type Ring } from './polygon.js';

export interface CoveragePolygon {
  /** The caller's label (a grid code). */
  id: string;
  /** Rings in lon/lat degrees: outer first, then holes. */
  rings: readonly Ring[];
}

export interface Overlap {
  a: string;
  b: string;
  lon: number;
  lat: number;
}

export interface Gap {
  lon: number;
  lat: number;
  areaM2: number;
}

export interface CoverageReport {
  overlaps: Overlap[];
  gaps: Gap[];
  cellM: number;
}

const RASTER_CELLS = 12_000_000;
/** Metres within which points count as touching. */
const TOLERANCE_M = 0.05;

type Plane = { rings: Point[][]; box: [number, number, number, number] };

function toPlane(p: CoveragePolygon, x: (lon: number) => number, y: (lat: number) => number): Plane {
  const rings = p.rings.map((r) => r.map(([lon, lat]) => [x(lon), y(lat)] as Point));
  let w = Infinity, s = Infinity, e = -Infinity, n = -Infinity;
  for (const [px, py] of rings[0] ?? []) {
    w = Math.min(w, px); e = Math.max(e, px); s = Math.min(s, py); n = Math.max(n, py);
  }
  return { rings, box: [w, s, e, n] };
}

function distanceToSegment(px: number, py: number, a: Point, b: Point): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - a[0]) * dx + (py - a[1]) * dy) / len2));
  return Math.hypot(px - (a[0] + t * dx), py - (a[1] + t * dy));
}

function distanceToBoundary(px: number, py: number, rings: Point[][]): number {
  let best = Infinity;
  for (const ring of rings) for (let k = 0; k + 1 < ring.length; k++) best = Math.min(best, distanceToSegment(px, py, ring[k]!, ring[k + 1]!));
  return best;
}

function strictlyInside(px: number, py: number, poly: Plane): boolean {
  const [outer, ...holes] = poly.rings;
  if (!outer || !pointInRing(px, py, outer) || holes.some((h) => pointInRing(px, py, h))) return false;
  return distanceToBoundary(px, py, poly.rings) > TOLERANCE_M;
}

/** Orientation of c against a→b with a tolerance in metres: -1, 0 (touching) or 1. */
function side(a: Point, b: Point, c: Point): number {
  const len = Math.hypot(b[0] - a[0], b[1] - a[1]) || 1;
  const cross = ((b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])) / len;
  return Math.abs(cross) <= TOLERANCE_M ? 0 : Math.sign(cross);
}

function crossing(p: Plane, q: Plane): Point | undefined {
  for (const r of p.rings) {
    for (let i = 0; i + 1 < r.length; i++) {
      const a = r[i]!, b = r[i + 1]!;
      for (const s of q.rings) {
        for (let j = 0; j + 1 < s.length; j++) {
          const c = s[j]!, d = s[j + 1]!;
          if (Math.max(a[0], b[0]) < Math.min(c[0], d[0]) || Math.max(c[0], d[0]) < Math.min(a[0], b[0])) continue;
          if (Math.max(a[1], b[1]) < Math.min(c[1], d[1]) || Math.max(c[1], d[1]) < Math.min(a[1], b[1])) continue;
          const s1 = side(a, b, c), s2 = side(a, b, d), s3 = side(c, d, a), s4 = side(c, d, b);
          if (s1 * s2 < 0 && s3 * s4 < 0) return [(a[0] + b[0] + c[0] + d[0]) / 4, (a[1] + b[1] + c[1] + d[1]) / 4];
        }
      }
    }
  }
  return undefined;
}

function overlapPoint(p: Plane, q: Plane): Point | undefined {
  for (const v of p.rings[0] ?? []) if (strictlyInside(v[0], v[1], q)) return v;
  for (const v of q.rings[0] ?? []) if (strictlyInside(v[0], v[1], p)) return v;
  return crossing(p, q);
}

/**
 * Marks the cells whose centres the polygon holds with its number (index + 1); a cell that
 * already has another owner is an overlap, reported through `clash`.
 */
function scanFill(poly: Plane, own: number, owner: Int32Array, cols: number, rows: number, x0: number, y0: number, cell: number, clash: (other: number, cellIndex: number) => void): void {
  const [, s, , n] = poly.box;
  const rowFrom = Math.max(0, Math.floor((s - y0) / cell - 0.5));
  const rowTo = Math.min(rows - 1, Math.ceil((n - y0) / cell));
  const xs: number[] = [];
  for (let r = rowFrom; r <= rowTo; r++) {
    const y = y0 + (r + 0.5) * cell;
    xs.length = 0;
    for (const ring of poly.rings) {
      for (let k = 0, m = ring.length - 1; k < ring.length; m = k++) {
        const [xk, yk] = ring[k]!;
        const [xm, ym] = ring[m]!;
        if (yk > y !== ym > y) xs.push(((xm - xk) * (y - yk)) / (ym - yk) + xk);
      }
    }
    xs.sort((a, b) => a - b);
    for (let k = 0; k + 1 < xs.length; k += 2) {
      // cell c is inside when its centre x0 + (c + 0.5) * cell satisfies xs[k] <= centre < xs[k+1]
      const from = Math.max(0, Math.ceil((xs[k]! - x0) / cell - 0.5));
      const to = Math.min(cols - 1, Math.ceil((xs[k + 1]! - x0) / cell - 0.5) - 1);
      for (let c = from; c <= to; c++) {
        const k = r * cols + c;
        const before = owner[k]!;
        if (before !== 0 && before !== own) clash(before, k);
        else owner[k] = own;
      }
    }
  }
}

export function checkCoverage(polygons: readonly CoveragePolygon[], options: { raster?: boolean } = {}): CoverageReport {
  if (polygons.length === 0) return { overlaps: [], gaps: [], cellM: 0 };
  let w = Infinity, s = Infinity, e = -Infinity, n = -Infinity;
  for (const p of polygons) {
    for (const [lon, lat] of p.rings[0] ?? []) {
      w = Math.min(w, lon); e = Math.max(e, lon); s = Math.min(s, lat); n = Math.max(n, lat);
    }
  }
  const frame = localFrame((w + e) / 2, (s + n) / 2);
  const planes = polygons.map((p) => toPlane(p, frame.x, frame.y));
  const index = new Flatbush(planes.length);
  for (const p of planes) index.add(p.box[0] - TOLERANCE_M, p.box[1] - TOLERANCE_M, p.box[2] + TOLERANCE_M, p.box[3] + TOLERANCE_M);
  index.finish();

  const overlaps: Overlap[] = [];
  planes.forEach((p, i) => {
    for (const j of index.search(...p.box)) {
      if (j <= i) continue;
      const hit = overlapPoint(p, planes[j]!);
      if (hit) overlaps.push({ a: polygons[i]!.id, b: polygons[j]!.id, lon: frame.lon(hit[0]), lat: frame.lat(hit[1]) });
    }
  });

  const gaps: Gap[] = [];
  let cellM = 0;
  if (options.raster !== false) {
    const width = frame.x(e) - frame.x(w);
    const height = frame.y(n) - frame.y(s);
    cellM = Math.max(0.25, Math.sqrt((width * height) / RASTER_CELLS));
    const x0 = frame.x(w) - 2 * cellM;
    const y0 = frame.y(s) - 2 * cellM;
    const cols = Math.ceil(width / cellM) + 4;
    const rows = Math.ceil(height / cellM) + 4;
    const owner = new Int32Array(cols * rows);
    const seenPairs = new Set(overlaps.map((o) => `${o.a}|${o.b}`));
    planes.forEach((p, i) =>
      scanFill(p, i + 1, owner, cols, rows, x0, y0, cellM, (other, k) => {
        const a = polygons[other - 1]!.id;
        const b = polygons[i]!.id;
        if (seenPairs.has(`${a}|${b}`) || seenPairs.has(`${b}|${a}`)) return;
        seenPairs.add(`${a}|${b}`);
        const r = Math.floor(k / cols);
        overlaps.push({ a, b, lon: frame.lon(x0 + (k - r * cols + 0.5) * cellM), lat: frame.lat(y0 + (r + 0.5) * cellM) });
      }),
    );
    // 0 empty, 1 covered, 2 outside (reached from the border), 3 a labelled hole.
    const cover = new Uint8Array(cols * rows);
    for (let k = 0; k < owner.length; k++) if (owner[k] !== 0) cover[k] = 1;
    // Flood the outside from the border: 2 marks outside.
    const queue = new Int32Array(cols * rows);
    let head = 0, tail = 0;
    const push = (k: number) => {
      if (cover[k] === 0) {
        cover[k] = 2;
        queue[tail++] = k;
      }
    };
    for (let c = 0; c < cols; c++) { push(c); push((rows - 1) * cols + c); }
    for (let r = 0; r < rows; r++) { push(r * cols); push(r * cols + cols - 1); }
    while (head < tail) {
      const k = queue[head++]!;
      const r = Math.floor(k / cols), c = k - r * cols;
      if (c > 0) push(k - 1);
      if (c < cols - 1) push(k + 1);
      if (r > 0) push(k - cols);
      if (r < rows - 1) push(k + cols);
    }
    // What is still 0 is enclosed: label each hole.
    for (let k = 0; k < cover.length; k++) {
      if (cover[k] !== 0) continue;
      head = 0; tail = 0;
      cover[k] = 3;
      queue[tail++] = k;
      let sx = 0, sy = 0;
      while (head < tail) {
        const q = queue[head++]!;
        const r = Math.floor(q / cols), c = q - r * cols;
        sx += c; sy += r;
        for (const nb of [c > 0 ? q - 1 : -1, c < cols - 1 ? q + 1 : -1, r > 0 ? q - cols : -1, r < rows - 1 ? q + cols : -1]) {
          if (nb >= 0 && cover[nb] === 0) {
            cover[nb] = 3;
            queue[tail++] = nb;
          }
        }
      }
      const areaM2 = tail * cellM * cellM;
      if (tail >= 2 && areaM2 >= 1) {
        gaps.push({ lon: frame.lon(x0 + (sx / tail + 0.5) * cellM), lat: frame.lat(y0 + (sy / tail + 0.5) * cellM), areaM2: Math.round(areaM2) });
      }
    }
  }
  return { overlaps, gaps, cellM: Math.round(cellM * 100) / 100 };
}

/** Does any ring of the polygon hold the point? (Used for the outside-the-county test.) */
export function ringsHold(rings: readonly Ring[], lon: number, lat: number): boolean {
  const [outer, ...holes] = rings;
  return !!outer && pointInRing(lon, lat, outer) && !holes.some((h) => pointInRing(lon, lat, h));
}
