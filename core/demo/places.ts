// 地理编码 base data of the demo county: door plates (门牌) along every street, odd numbers on
// one side and even on the other, growing with distance from the street's start (west or
// north end); the streets themselves; estates (小区); landmarks and bus stops as POIs.
import type { PlaceRow } from '../base/places/index.js';
import type { TownBlocks, Zone } from './blocks.js';
import type { Estate } from './buildings.js';
import type { ComponentPlan } from './components.js';
import { cellSides, sidePoint } from './frontage.js';
import type { GridLayout } from './grids.js';
import type { Lattice } from './lattice.js';
import type { Random } from './random.js';
import { streetLine, type StreetNetwork } from './streets.js';

/** Metres between door plates along one side, by street kind. */
const PLATE_SPACING = { main: 30, secondary: 24, lane: 18 } as const;
const NO_PLATES: ReadonlySet<Zone> = new Set(['river', 'riverPark', 'park', 'plaza']);

export function planPlaces(
  lattice: Lattice,
  blocks: TownBlocks,
  net: StreetNetwork,
  grids: GridLayout,
  estates: readonly Estate[],
  busStops: ComponentPlan['busStops'],
  rng: Random,
): PlaceRow[] {
  const places: PlaceRow[] = [];
  const gridCodeOf = (cell: number) => {
    const g = grids.gridOfCell[cell]!;
    return g >= 0 ? grids.grids[g]!.code : null;
  };
  const add = (kind: PlaceRow['kind'], name: string, streetName: string | null, houseNo: string | null, x: number, y: number, cell: number) => {
    const [lon, lat] = lattice.lonLat(x, y);
    places.push({ id: places.length + 1, kind, name, streetName, houseNo, lon, lat, gridCode: gridCodeOf(cell) });
  };

  // Streets: one place per name, at the middle of its longest stretch.
  const longest = new Map<string, (typeof net.streets)[number]>();
  for (const s of net.streets) {
    const best = longest.get(s.name);
    if (!best || s.to - s.from > best.to - best.from) longest.set(s.name, s);
  }
  for (const s of longest.values()) {
    const mid = Math.floor((s.from + s.to) / 2);
    const [ci, cj] = s.axis === 'h' ? [mid, s.line] : [s.line, mid];
    const above = ci < lattice.nx && cj < lattice.ny && blocks.inTown[lattice.cell(ci, cj)] === 1;
    const cell = above ? lattice.cell(ci, cj) : s.axis === 'h' ? lattice.cell(ci, cj - 1) : lattice.cell(ci - 1, cj);
    const line = streetLine(lattice, s);
    const [x, y] = line[Math.floor(line.length / 2)]!;
    const nudge = above ? 1 : -1;
    add('street', s.name, s.name, null, s.axis === 'v' ? x + nudge : x, s.axis === 'h' ? y + nudge : y, cell);
  }

  // Door plates.
  const taken = new Set<string>();
  const lineLength = lattice.ys[lattice.ny]! - lattice.ys[0]!;
  for (const cell of blocks.cells) {
    if (NO_PLATES.has(blocks.zone[cell]!)) continue;
    for (const side of cellSides(lattice, net, cell)) {
      const street = side.street;
      if (!street) continue;
      const spacing = PLATE_SPACING[street.kind];
      const usable = side.length - side.startMargin - side.endMargin;
      // Named roads count from the start of their line (so stretches of one road never repeat
      // a number); lanes from their own start.
      const runStart = street.kind === 'lane' ? (street.axis === 'h' ? lattice.xs[street.from]! - lattice.xs[0]! : lattice.ys[street.to]! - lattice.ys[0]!) : 0;
      // Walking west->east or north->south, odd numbers are on the left (north or east).
      const odd = side.side === 'south' || side.side === 'west';
      for (let along = side.startMargin + rng.range(2, spacing); along < side.startMargin + usable; along += spacing) {
        const position = side.lineOffset + along;
        const distance = street.axis === 'h' ? position - runStart : (street.kind === 'lane' ? runStart : lineLength) - position;
        const number = 2 * Math.floor(Math.abs(distance) / 10) + (odd ? 1 : 2);
        const houseNo = `${number}号`;
        const key = `${street.name}/${houseNo}`;
        if (taken.has(key)) continue;
        taken.add(key);
        const [x, y] = sidePoint(side, along, street.widthM / 2 + 2);
        add('doorplate', `${street.name}${houseNo}`, street.name, houseNo, x, y, cell);
      }
    }
  }

  // Estates and landmarks at their blocks' centres.
  for (const e of estates) {
    const cell = e.cells[Math.floor(e.cells.length / 2)]!;
    const [x, y] = lattice.cellCenter(cell);
    add('estate', e.name, null, null, x, y, cell);
  }
  for (const l of blocks.landmarks) {
    const x = (lattice.xs[l.i0]! + lattice.xs[l.i1]!) / 2;
    const y = (lattice.ys[l.j0]! + lattice.ys[l.j1]!) / 2;
    const cell = lattice.cell(Math.min(l.i0 + Math.floor((l.i1 - l.i0) / 2), l.i1 - 1), Math.min(l.j0 + Math.floor((l.j1 - l.j0) / 2), l.j1 - 1));
    add('poi', l.name, null, null, x, y, cell);
  }

  // Bus stops take the name of the nearest landmark or estate within a short walk.
  const named = places.filter((p) => p.kind === 'poi' || p.kind === 'estate');
  const stopNames = new Set<string>();
  for (const stop of busStops) {
    let best: PlaceRow | undefined;
    let bestDistance = Infinity;
    for (const p of named) {
      const d = Math.hypot((p.lon - stop.lon) * lattice.frame.metresPerDegLon, (p.lat - stop.lat) * lattice.frame.metresPerDegLat);
      if (d < bestDistance) {
        bestDistance = d;
        best = p;
      }
    }
    let name = best && bestDistance < 250 ? `${best.name}站` : `${stop.street.name}站`;
    for (let n = 2; stopNames.has(name); n++) name = `${name.replace(/(\d+)?站$/, '')}${n}站`;
    stopNames.add(name);
    places.push({ id: places.length + 1, kind: 'poi', name, streetName: stop.street.name, houseNo: null, lon: stop.lon, lat: stop.lat, gridCode: stop.gridCode });
  }
  return places;
}
