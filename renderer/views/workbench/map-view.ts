// The mini map's geometry: a local flat projection around a centre (a county is small enough
// that metres east and north are straight lines), fitting a box, and clipping lines to view.
import type { Position } from '../../../core/contract/index.js';

const METERS_PER_DEGREE = 111_320;

export interface MapView {
  centerLon: number;
  centerLat: number;
  /** Ground metres one SVG unit covers. */
  metersPerUnit: number;
}

export interface Box {
  west: number;
  south: number;
  east: number;
  north: number;
}

const cosLat = (lat: number) => Math.cos((lat * Math.PI) / 180);

export function project(view: MapView, width: number, height: number, [lon, lat]: Position): [number, number] {
  const x = ((lon - view.centerLon) * METERS_PER_DEGREE * cosLat(view.centerLat)) / view.metersPerUnit;
  const y = ((lat - view.centerLat) * METERS_PER_DEGREE) / view.metersPerUnit;
  return [width / 2 + x, height / 2 - y];
}

export function unproject(view: MapView, width: number, height: number, x: number, y: number): Position {
  const lon = view.centerLon + ((x - width / 2) * view.metersPerUnit) / (METERS_PER_DEGREE * cosLat(view.centerLat));
  const lat = view.centerLat + ((height / 2 - y) * view.metersPerUnit) / METERS_PER_DEGREE;
  return [lon, lat];
}

export function boxOf(view: MapView, width: number, height: number): Box {
  const [west, north] = unproject(view, width, height, 0, 0);
  const [east, south] = unproject(view, width, height, width, height);
  return { west, south, east, north };
}

/** The view that shows the box whole, with `padding` units spare on every side. */
export function fitBox(box: Box, width: number, height: number, padding = 16, minMeters = 120): MapView {
  const centerLat = (box.south + box.north) / 2;
  const widthM = Math.max((box.east - box.west) * METERS_PER_DEGREE * cosLat(centerLat), minMeters);
  const heightM = Math.max((box.north - box.south) * METERS_PER_DEGREE, minMeters);
  const metersPerUnit = Math.max(widthM / Math.max(width - 2 * padding, 1), heightM / Math.max(height - 2 * padding, 1));
  return { centerLon: (box.west + box.east) / 2, centerLat, metersPerUnit };
}

export function zoom(view: MapView, factor: number): MapView {
  return { ...view, metersPerUnit: Math.min(Math.max(view.metersPerUnit / factor, 0.05), 200) };
}

/** Moves the view so the map slides by (dx, dy) units with the pointer. */
export function pan(view: MapView, dx: number, dy: number): MapView {
  return {
    ...view,
    centerLon: view.centerLon - (dx * view.metersPerUnit) / (METERS_PER_DEGREE * cosLat(view.centerLat)),
    centerLat: view.centerLat + (dy * view.metersPerUnit) / METERS_PER_DEGREE,
  };
}

/** Liang–Barsky: the part of segment a→b inside [0,w]×[0,h], or null. */
export function clipSegment(a: [number, number], b: [number, number], w: number, h: number): [[number, number], [number, number]] | null {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  let t0 = 0;
  let t1 = 1;
  const edges: [number, number][] = [
    [-dx, a[0]],
    [dx, w - a[0]],
    [-dy, a[1]],
    [dy, h - a[1]],
  ];
  for (const [p, q] of edges) {
    if (p === 0) {
      if (q < 0) return null;
      continue;
    }
    const r = q / p;
    if (p < 0) t0 = Math.max(t0, r);
    else t1 = Math.min(t1, r);
    if (t0 > t1) return null;
  }
  return [
    [a[0] + t0 * dx, a[1] + t0 * dy],
    [a[0] + t1 * dx, a[1] + t1 * dy],
  ];
}

/**
 * Where to write a line's name: on its longest visible piece, at a quarter, half or three
 * quarters along (whichever keeps furthest from the `avoid` points, such as the case marker),
 * turned to read left to right.
 */
export function labelPlacement(
  points: [number, number][],
  w: number,
  h: number,
  avoid: readonly [number, number][] = [],
): { x: number; y: number; angle: number; length: number } | null {
  let piece: [[number, number], [number, number]] | null = null;
  let length = 0;
  for (let k = 1; k < points.length; k++) {
    const clipped = clipSegment(points[k - 1]!, points[k]!, w, h);
    if (!clipped) continue;
    const l = Math.hypot(clipped[1][0] - clipped[0][0], clipped[1][1] - clipped[0][1]);
    if (l > length) {
      piece = clipped;
      length = l;
    }
  }
  if (!piece) return null;
  const [[x1, y1], [x2, y2]] = piece;
  let angle = (Math.atan2(y2 - y1, x2 - x1) * 180) / Math.PI;
  if (angle > 90) angle -= 180;
  if (angle < -90) angle += 180;
  const room = (x: number, y: number) => Math.min(Infinity, ...avoid.map(([ax, ay]) => Math.hypot(x - ax, y - ay)));
  const spots = [0.5, 0.25, 0.75].map((f) => ({ x: x1 + f * (x2 - x1), y: y1 + f * (y2 - y1) }));
  const best = spots.reduce((a, b) => (room(b.x, b.y) > room(a.x, a.y) + 1 ? b : a));
  return { x: best.x, y: best.y, angle, length };
}
