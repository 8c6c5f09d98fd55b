// Plane polygon arithmetic on rings of [x, y] pairs (metres or degrees alike).
// GeoJSON rings are closed (first point repeated last); these functions accept either.

export type Point = readonly [number, number];
export type Ring = readonly Point[];

/** Signed shoelace area: positive when the ring runs counter-clockwise. */
export function signedRingArea(ring: Ring): number {
  let sum = 0;
  const n = ring.length;
  for (let k = 0; k < n; k++) {
    const a = ring[k]!;
    const b = ring[(k + 1) % n]!;
    sum += a[0] * b[1] - b[0] * a[1];
  }
  return sum / 2;
}

/** Even-odd ray casting; points exactly on an edge may fall either way. */
export function pointInRing(x: number, y: number, ring: Ring): boolean {
  let inside = false;
  const n = ring.length;
  for (let k = 0, m = n - 1; k < n; m = k++) {
    const [xk, yk] = ring[k]!;
    const [xm, ym] = ring[m]!;
    if (yk > y !== ym > y && x < ((xm - xk) * (y - yk)) / (ym - yk) + xk) inside = !inside;
  }
  return inside;
}

/** A GeoJSON Polygon's coordinates: the outer ring, then holes. */
export function pointInPolygon(x: number, y: number, rings: readonly Ring[]): boolean {
  const [outer, ...holes] = rings;
  if (!outer || !pointInRing(x, y, outer)) return false;
  return !holes.some((hole) => pointInRing(x, y, hole));
}

export function ringCentroid(ring: Ring): Point {
  let cx = 0;
  let cy = 0;
  let twiceArea = 0;
  const n = ring.length;
  for (let k = 0; k < n; k++) {
    const a = ring[k]!;
    const b = ring[(k + 1) % n]!;
    const cross = a[0] * b[1] - b[0] * a[1];
    twiceArea += cross;
    cx += (a[0] + b[0]) * cross;
    cy += (a[1] + b[1]) * cross;
  }
  if (twiceArea === 0) return ring[0] ?? [0, 0];
  return [cx / (3 * twiceArea), cy / (3 * twiceArea)];
}

/** Distance in plane units from a point to the nearest edge of a ring (0 on an edge). */
export function distanceToRing(x: number, y: number, ring: Ring): number {
  let best = Infinity;
  for (let k = 0; k + 1 < ring.length; k++) {
    const [ax, ay] = ring[k]!;
    const [bx, by] = ring[k + 1]!;
    const dx = bx - ax;
    const dy = by - ay;
    const len2 = dx * dx + dy * dy;
    const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / len2));
    best = Math.min(best, Math.hypot(x - (ax + t * dx), y - (ay + t * dy)));
  }
  return best;
}
