// 单元网格 of the demo county: one block between streets is one grid of about 10,000 m²;
// the narrow river and riverside-park strips are taken two blocks at a time so they stay
// near that size. Numbered within each community north->south, then west->east (DB11).
import { makeGridCode } from '../base/grids/index.js';
import { bboxOfPoints, type BBox } from '../base/geo/index.js';
import { ringCentroid, signedRingArea, type Point } from '../base/geo/index.js';
import { roundDeg } from '../base/geo/index.js';
import type { AreaPlan } from './areas.js';
import type { TownBlocks, Zone } from './blocks.js';
import type { Lattice } from './lattice.js';

export interface GridPlan {
  code: string;
  communityCode: string;
  streetCode: string;
  /** Cells [i0,i1) x [j0,j1). */
  i0: number;
  j0: number;
  i1: number;
  j1: number;
  zone: Zone;
  /** Closed ring, WGS84 degrees. */
  ring: number[][];
  areaM2: number;
  center: Point;
  bbox: BBox;
}

export interface GridLayout {
  grids: GridPlan[];
  /** Index into grids for each cell in town, else -1. */
  gridOfCell: Int32Array;
}

const STRIP_ZONES: ReadonlySet<Zone> = new Set(['river', 'riverPark']);

export function planGrids(lattice: Lattice, blocks: TownBlocks, areas: AreaPlan): GridLayout {
  const { nx, ny } = lattice;
  const gridOfCell = new Int32Array(nx * ny).fill(-1);
  const shapes: { community: number; i0: number; j0: number; i1: number; j1: number }[] = [];
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      const c = lattice.cell(i, j);
      const community = areas.communityOfCell[c]!;
      if (community === -1) continue;
      const next = i + 1 < nx ? lattice.cell(i + 1, j) : -1;
      const pair = STRIP_ZONES.has(blocks.zone[c]!) && next !== -1 && areas.communityOfCell[next] === community && blocks.zone[next] === blocks.zone[c];
      shapes.push({ community, i0: i, j0: j, i1: pair ? i + 2 : i + 1, j1: j + 1 });
      if (pair) i++;
    }
  }

  const byCommunity = new Map<number, typeof shapes>();
  for (const s of shapes) {
    if (!byCommunity.has(s.community)) byCommunity.set(s.community, []);
    byCommunity.get(s.community)!.push(s);
  }
  const grids: GridPlan[] = [];
  areas.communities.forEach((community, index) => {
    const own = (byCommunity.get(index) ?? []).sort((a, b) => b.j0 - a.j0 || a.i0 - b.i0);
    own.forEach((s, k) => {
      const lattices = lattice.rectRing(s.i0, s.j0, s.i1, s.j1);
      const local = lattices.map(([x, y]) => lattice.local(x, y));
      const ring = lattices.map(([x, y]) => [...lattice.lonLat(x, y)]);
      ring.push(ring[0]!);
      const [cx, cy] = ringCentroid(local);
      const gridIndex = grids.length;
      grids.push({
        code: makeGridCode(community.code, k + 1),
        communityCode: community.code,
        streetCode: community.streetCode,
        i0: s.i0,
        j0: s.j0,
        i1: s.i1,
        j1: s.j1,
        zone: blocks.zone[lattice.cell(s.i0, s.j0)]!,
        ring,
        areaM2: Math.round(signedRingArea(local) * 10) / 10,
        center: [roundDeg(lattice.frame.lon(cx)), roundDeg(lattice.frame.lat(cy))],
        bbox: bboxOfPoints(ring as [number, number][]),
      });
      for (let j = s.j0; j < s.j1; j++) for (let i = s.i0; i < s.i1; i++) gridOfCell[lattice.cell(i, j)] = gridIndex;
    });
  });
  return { grids, gridOfCell };
}
