// Polylines in lon/lat: the distance from a point to a line and a line's length, in metres,
// on the local plane around the point (good within a county).
import { localFrame } from './frame.js';

export type LonLat = readonly [number, number];

/** Metres from (lon, lat) to the nearest point of the polyline. */
export function distanceToLine(lon: number, lat: number, line: readonly LonLat[]): number {
  if (line.length === 0) return Infinity;
  const f = localFrame(lon, lat);
  let best = Infinity;
  let [px, py] = [f.x(line[0]![0]), f.y(line[0]![1])];
  if (line.length === 1) return Math.hypot(px, py);
  for (let k = 1; k < line.length; k++) {
    const qx = f.x(line[k]![0]);
    const qy = f.y(line[k]![1]);
    const dx = qx - px;
    const dy = qy - py;
    const len2 = dx * dx + dy * dy;
    const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, -(px * dx + py * dy) / len2));
    best = Math.min(best, Math.hypot(px + t * dx, py + t * dy));
    px = qx;
    py = qy;
  }
  return best;
}

/** Length of a polyline in metres. */
export function lineLength(line: readonly LonLat[]): number {
  if (line.length < 2) return 0;
  const f = localFrame(line[0]![0], line[0]![1]);
  let sum = 0;
  for (let k = 1; k < line.length; k++) sum += Math.hypot(f.x(line[k]![0]) - f.x(line[k - 1]![0]), f.y(line[k]![1]) - f.y(line[k - 1]![1]));
  return sum;
}

/** Metres between two points. */
export function distanceM(a: LonLat, b: LonLat): number {
  const f = localFrame(a[0], a[1]);
  return Math.hypot(f.x(b[0]), f.y(b[1]));
}
