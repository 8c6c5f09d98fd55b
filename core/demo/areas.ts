// 行政区划 of the demo county: streets/towns (街道 001-099, 镇 100-199) cut along main roads and
// the river, each split along roads into communities (社区) and, in towns, villages (村, 200-).
// Boundaries are traced along the lattice, so areas, grids and streets share their edges.
import { makeCommunityCode, makeStreetCode } from '../base/grids/index.js';
import { pointInRing, signedRingArea, type Point } from '../base/geo/index.js';
import type { TownBlocks } from './blocks.js';
import type { Lattice } from './lattice.js';
import { COMMUNITY_WORDS, SUBDISTRICT_NAMES, TOWN_NAMES } from './names.js';
import type { Random } from './random.js';
import type { SizeProfile, StreetLevel } from './sizes.js';
import type { Axis, StreetKind, StreetNetwork } from './streets.js';

export interface StreetAreaPlan {
  /** 9 digits. */
  code: string;
  name: string;
  level: StreetLevel;
  cells: number[];
}

export interface CommunityPlan {
  /** 12 digits. */
  code: string;
  name: string;
  streetCode: string;
  village: boolean;
  cells: number[];
}

export interface AreaPlan {
  streets: StreetAreaPlan[];
  communities: CommunityPlan[];
  /** Index into communities for each cell in town, else -1. */
  communityOfCell: Int32Array;
}

interface Block {
  region: number;
  bx: number;
  by: number;
  cells: number[];
}

export function planAreas(lattice: Lattice, blocks: TownBlocks, net: StreetNetwork, profile: SizeProfile, rng: Random, adminCode: string): AreaPlan {
  const r = lattice.riverRow;
  const lineKind = lineKinds(lattice, net);
  const bands = [
    { levels: profile.streetLevels.north, cells: blocks.cells.filter((c) => lattice.cellJ(c) >= r) },
    { levels: profile.streetLevels.south, cells: blocks.cells.filter((c) => lattice.cellJ(c) < r) },
  ];

  // Regions: each band cut west->east along main roads into as many parts as it has streets/towns.
  const regions: { level: StreetLevel; cells: number[] }[] = [];
  for (const band of bands) {
    const cuts = quantileCuts(band.cells.map((c) => lattice.cellI(c)), band.levels.length, (line) => lineKind.v[line], 6);
    band.levels.forEach((level, k) => {
      const cells = band.cells.filter((c) => {
        const i = lattice.cellI(c);
        return (k === 0 || i >= cuts[k - 1]!) && (k === band.levels.length - 1 || i < cuts[k]!);
      });
      regions.push({ level, cells });
    });
  }

  // Communities: each region cut into a few columns and rows along roads.
  const communityBlocks: Block[] = [];
  regions.forEach((region, regionIndex) => {
    const target = Math.max(1, Math.round(region.cells.length / profile.cellsPerCommunity));
    const is = region.cells.map((c) => lattice.cellI(c));
    const js = region.cells.map((c) => lattice.cellJ(c));
    const width = lattice.xs[Math.max(...is) + 1]! - lattice.xs[Math.min(...is)]!;
    const height = lattice.ys[Math.max(...js) + 1]! - lattice.ys[Math.min(...js)]!;
    const kx = Math.max(1, Math.round(Math.sqrt((target * width) / height)));
    const ky = Math.max(1, Math.round(target / kx));
    const xCuts = quantileCuts(is, kx, (line) => lineKind.v[line], 2);
    const yCuts = quantileCuts(js, ky, (line) => lineKind.h[line], 2);
    const byKey = new Map<string, Block>();
    for (const c of region.cells) {
      const bx = xCuts.filter((cut) => lattice.cellI(c) >= cut).length;
      const by = yCuts.filter((cut) => lattice.cellJ(c) >= cut).length;
      const key = `${bx},${by}`;
      if (!byKey.has(key)) byKey.set(key, { region: regionIndex, bx, by, cells: [] });
      byKey.get(key)!.cells.push(c);
    }
    const list = [...byKey.values()];
    mergeSmall(lattice, list, (region.cells.length / list.length) * 0.4);
    communityBlocks.push(...list);
  });

  // Codes: 街道 001.. and 镇 101.. in order north band west->east, then south band.
  let subdistricts = 0;
  let towns = 0;
  const streets: StreetAreaPlan[] = regions.map((region) => {
    const segment = region.level === 'town' ? 101 + towns : 1 + subdistricts;
    const name = region.level === 'town' ? TOWN_NAMES[towns++ % TOWN_NAMES.length]! : SUBDISTRICT_NAMES[subdistricts++ % SUBDISTRICT_NAMES.length]!;
    return { code: makeStreetCode(adminCode, segment), name, level: region.level, cells: region.cells };
  });

  const words = rng.shuffle([...COMMUNITY_WORDS]);
  const communities: CommunityPlan[] = [];
  const communityOfCell = new Int32Array(lattice.nx * lattice.ny).fill(-1);
  streets.forEach((street, regionIndex) => {
    // Within a street: north to south, then west to east (as grids are numbered).
    const own = communityBlocks.filter((b) => b.region === regionIndex).sort((a, b) => b.by - a.by || a.bx - b.bx);
    // In a town the blocks farthest from the county centre are villages (村).
    const distance = (b: Block) => Math.min(...b.cells.map((c) => Math.hypot(...lattice.cellCenter(c))));
    const far = [...own].sort((a, b) => distance(b) - distance(a)).slice(0, street.level === 'town' ? Math.floor(own.length / 2) : 0);
    let communityNo = 0;
    let villageNo = 200;
    for (const block of own) {
      const village = far.includes(block);
      const segment = village ? ++villageNo : ++communityNo;
      const word = words.pop() ?? `第${communities.length + 1}`;
      const index = communities.length;
      communities.push({
        code: makeCommunityCode(street.code, segment),
        name: `${word}${village ? '村' : '社区'}`,
        streetCode: street.code,
        village,
        cells: block.cells,
      });
      for (const c of block.cells) communityOfCell[c] = index;
    }
  });
  return { streets, communities, communityOfCell };
}

/** The best street kind on each lattice line (null where no street runs). */
function lineKinds(lattice: Lattice, net: StreetNetwork): Record<Axis, (StreetKind | null)[]> {
  const rank = { main: 3, secondary: 2, lane: 1 } as const;
  const kinds: Record<Axis, (StreetKind | null)[]> = {
    h: new Array<StreetKind | null>(lattice.ny + 1).fill(null),
    v: new Array<StreetKind | null>(lattice.nx + 1).fill(null),
  };
  for (const s of net.streets) {
    const current = kinds[s.axis][s.line];
    if (!current || rank[s.kind] > rank[current]) kinds[s.axis][s.line] = s.kind;
  }
  return kinds;
}

/** Cut positions that split values into `parts` equal shares, moved onto the nearest road line. */
function quantileCuts(values: number[], parts: number, kindOf: (line: number) => StreetKind | null | undefined, reach: number): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  const cuts: number[] = [];
  for (let k = 1; k < parts; k++) {
    const ideal = sorted[Math.floor((sorted.length * k) / parts)]!;
    let best = ideal;
    let bestScore = -Infinity;
    for (let line = ideal - reach; line <= ideal + reach; line++) {
      const kind = kindOf(line);
      const score = (kind === 'main' ? 3 : kind === 'secondary' ? 2 : kind === 'lane' ? 0.5 : 0) - Math.abs(line - ideal) * 0.4;
      if (score > bestScore) {
        bestScore = score;
        best = line;
      }
    }
    if (cuts.length === 0 || best > cuts[cuts.length - 1]!) cuts.push(best);
  }
  return cuts;
}

/** Folds blocks smaller than `minimum` cells into the neighbour they share most edges with. */
function mergeSmall(lattice: Lattice, list: Block[], minimum: number): void {
  for (;;) {
    const small = list.filter((b) => b.cells.length < minimum).sort((a, b) => a.cells.length - b.cells.length)[0];
    if (!small || list.length === 1) return;
    const owner = new Map<number, Block>();
    for (const b of list) for (const c of b.cells) owner.set(c, b);
    const shared = new Map<Block, number>();
    for (const c of small.cells) {
      const i = lattice.cellI(c);
      const j = lattice.cellJ(c);
      for (const [di, dj] of [[1, 0], [-1, 0], [0, 1], [0, -1]] as const) {
        const ni = i + di;
        const nj = j + dj;
        if (ni < 0 || nj < 0 || ni >= lattice.nx || nj >= lattice.ny) continue;
        const other = owner.get(lattice.cell(ni, nj));
        if (other && other !== small) shared.set(other, (shared.get(other) ?? 0) + 1);
      }
    }
    const target = [...shared.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
    if (!target) return;
    target.cells.push(...small.cells);
    target.cells.sort((a, b) => a - b);
    list.splice(list.indexOf(small), 1);
  }
}

/**
 * The outline of a set of cells as lattice-metre rings: outer rings anticlockwise, holes
 * clockwise. Where two cells touch only at a corner the rings are kept apart.
 */
export function traceCells(lattice: Lattice, cells: readonly number[]): Point[][] {
  const { nx, ny } = lattice;
  const member = new Set(cells);
  const has = (i: number, j: number) => i >= 0 && j >= 0 && i < nx && j < ny && member.has(lattice.cell(i, j));
  const node = (i: number, j: number) => j * (nx + 1) + i;
  interface Edge {
    ai: number;
    aj: number;
    bi: number;
    bj: number;
    used: boolean;
  }
  const out = new Map<number, Edge[]>();
  const add = (ai: number, aj: number, bi: number, bj: number) => {
    const key = node(ai, aj);
    if (!out.has(key)) out.set(key, []);
    out.get(key)!.push({ ai, aj, bi, bj, used: false });
  };
  for (const c of cells) {
    const i = lattice.cellI(c);
    const j = lattice.cellJ(c);
    if (!has(i, j - 1)) add(i, j, i + 1, j);
    if (!has(i + 1, j)) add(i + 1, j, i + 1, j + 1);
    if (!has(i, j + 1)) add(i + 1, j + 1, i, j + 1);
    if (!has(i - 1, j)) add(i, j + 1, i, j);
  }
  const rings: Point[][] = [];
  for (const edges of out.values()) {
    for (const first of edges) {
      if (first.used) continue;
      const ring: Point[] = [];
      let edge: Edge | undefined = first;
      while (edge && !edge.used) {
        edge.used = true;
        ring.push([lattice.xs[edge.ai]!, lattice.ys[edge.aj]!], ...lattice.edgeInterior(edge.ai, edge.aj, edge.bi, edge.bj));
        const dx: number = edge.bi - edge.ai;
        const dy: number = edge.bj - edge.aj;
        const next: Edge[] = (out.get(node(edge.bi, edge.bj)) ?? []).filter((e) => !e.used);
        // Prefer the left-most turn: it keeps corner-touching cells in separate rings.
        const turn = (e: Edge): number => {
          const cross = dx * (e.bj - e.aj) - dy * (e.bi - e.ai);
          return cross > 0 ? 0 : cross === 0 ? 1 : 2;
        };
        edge = next.sort((a, b) => turn(a) - turn(b))[0];
      }
      rings.push(ring);
    }
  }
  return rings;
}

/** GeoJSON Polygon or MultiPolygon (WGS84) of a set of cells. */
export function cellsGeometry(lattice: Lattice, cells: readonly number[]): { type: 'Polygon' | 'MultiPolygon'; coordinates: number[][][] | number[][][][] } {
  const rings = traceCells(lattice, cells);
  const outers = rings.filter((ring) => signedRingArea(ring) > 0);
  const holes = rings.filter((ring) => signedRingArea(ring) < 0);
  const polygons = outers.map((outer) => [outer, ...holes.filter((h) => pointInRing(h[0]![0], h[0]![1], outer))]);
  const toLonLat = (ring: Point[]) => {
    const coords = ring.map(([x, y]) => [...lattice.lonLat(x, y)]);
    coords.push(coords[0]!);
    return coords;
  };
  const coordinates = polygons.map((poly) => poly.map(toLonLat));
  return coordinates.length === 1 ? { type: 'Polygon', coordinates: coordinates[0]! } : { type: 'MultiPolygon', coordinates };
}
