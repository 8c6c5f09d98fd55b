// Base-map rows of the demo county: street centrelines, 青禾河 running through the whole
// lattice, the riverside park along both banks, parks and plazas.
import type { LandFeatureRow, StreetRow } from '../base/basemap/index.js';
import { bboxOfPoints } from '../base/geo/index.js';
import type { Point } from '../base/geo/index.js';
import type { LandmarkKind, TownBlocks, Zone } from './blocks.js';
import { blockBox } from './frontage.js';
import type { Lattice } from './lattice.js';
import { RIVER_NAME } from './names.js';
import { streetLine, type StreetNetwork } from './streets.js';

export function streetRows(lattice: Lattice, net: StreetNetwork): StreetRow[] {
  return net.streets.map((s) => {
    const coordinates = streetLine(lattice, s).map(([x, y]) => lattice.lonLat(x, y));
    return { id: s.id, name: s.name, kind: s.kind, widthM: s.widthM, geometry: JSON.stringify({ type: 'LineString', coordinates }), ...bboxOfPoints(coordinates) };
  });
}

/** The land use each zone of the plan shows on the base map (river and parks are drawn as water and green). */
const ZONE_LAND: Partial<Record<Zone, LandFeatureRow['kind']>> = {
  oldTown: 'residential',
  residential: 'residential',
  centre: 'commercial',
  industrial: 'industrial',
};
const LANDMARK_LAND: Record<LandmarkKind, LandFeatureRow['kind'] | null> = {
  park: 'green',
  plaza: 'plaza',
  school: 'public',
  hospital: 'public',
  government: 'public',
  market: 'commercial',
  construction: 'construction',
};

export function landFeatureRows(lattice: Lattice, blocks: TownBlocks, net: StreetNetwork): LandFeatureRow[] {
  const rows: LandFeatureRow[] = [];
  const add = (kind: LandFeatureRow['kind'], name: string | null, ring: Point[]) => {
    const coordinates = ring.map(([x, y]) => lattice.lonLat(x, y));
    coordinates.push(coordinates[0]!);
    rows.push({ id: rows.length + 1, kind, name, geometry: JSON.stringify({ type: 'Polygon', coordinates: [coordinates] }), ...bboxOfPoints(coordinates) });
  };
  // Parks and plazas end at the kerb of the streets around them.
  const boxRing = (i0: number, j0: number, i1: number, j1: number): Point[] => {
    const [w, s, e, n] = blockBox(lattice, net, i0, j0, i1, j1, 1);
    return [[w, s], [e, s], [e, n], [w, n]];
  };
  const r = lattice.riverRow;
  // The river flows on beyond the built-up area: across the whole lattice.
  add('water', RIVER_NAME, lattice.rectRing(0, r, lattice.nx, r + 1));
  // The riverside park: each unbroken run of park cells on either bank.
  for (const row of [r - 1, r + 1]) {
    let i = 0;
    while (i < lattice.nx) {
      if (blocks.zone[lattice.cell(i, row)] !== 'riverPark' || !blocks.inTown[lattice.cell(i, row)]) {
        i++;
        continue;
      }
      const from = i;
      while (i < lattice.nx && blocks.inTown[lattice.cell(i, row)] && blocks.zone[lattice.cell(i, row)] === 'riverPark') i++;
      add('green', `${RIVER_NAME}滨河公园`, boxRing(from, row, i, row + 1));
    }
  }
  for (const l of blocks.landmarks) {
    const kind = LANDMARK_LAND[l.kind];
    if (kind) add(kind, l.name, boxRing(l.i0, l.j0, l.i1, l.j1));
  }
  // Land use (用地) of every other block in town, so the map reads as a town: housing, commerce, industry.
  for (const cell of blocks.cells) {
    if (blocks.landmarkOf[cell]! >= 0) continue;
    const kind = ZONE_LAND[blocks.zone[cell]!];
    if (!kind) continue;
    const i = cell % lattice.nx;
    const j = Math.floor(cell / lattice.nx);
    add(kind, null, boxRing(i, j, i + 1, j + 1));
  }
  return rows;
}
