// Bounding boxes in lon/lat degrees: the filter every map query takes.

export interface BBox {
  west: number;
  south: number;
  east: number;
  north: number;
}

export function bboxOfPoints(points: Iterable<readonly [number, number]>): BBox {
  let west = Infinity;
  let south = Infinity;
  let east = -Infinity;
  let north = -Infinity;
  for (const [x, y] of points) {
    if (x < west) west = x;
    if (x > east) east = x;
    if (y < south) south = y;
    if (y > north) north = y;
  }
  return { west, south, east, north };
}

/** Parses "west,south,east,north" as typed into a query string; the message says what is wrong. */
export function parseBBox(text: string): BBox | { error: string } {
  const parts = text.split(',').map((p) => p.trim());
  if (parts.length !== 4) return { error: `bbox needs four numbers west,south,east,north; got ${parts.length} in "${text}"` };
  const [west, south, east, north] = parts.map(Number) as [number, number, number, number];
  if (![west, south, east, north].every(Number.isFinite)) return { error: `bbox "${text}" has a part that is not a number` };
  if (west < -180 || east > 180 || south < -90 || north > 90) return { error: `bbox "${text}" lies outside -180..180, -90..90` };
  if (west > east || south > north) return { error: `bbox "${text}" has west > east or south > north` };
  return { west, south, east, north };
}
