// The street network on the lattice: a few named main roads (大道/路) about 900 m apart,
// secondary streets about 300 m apart, lanes (巷) on the other lattice lines where blocks
// are cut through, the two riverside roads along 青禾河, bridges where main and secondary
// roads cross the river. Streets run along lattice lines; their centrelines bound the grids.
import type { Point } from '../base/geo/index.js';
import type { TownBlocks, Zone } from './blocks.js';
import type { Lattice } from './lattice.js';
import { MAIN_ROADS_EW, MAIN_ROADS_NS, OLD_TOWN_STREETS, RIVER_ROADS, SECONDARY_STREETS, chineseNumeral } from './names.js';
import type { Random } from './random.js';
import type { SizeProfile } from './sizes.js';

export type StreetKind = 'main' | 'secondary' | 'lane';
export type Axis = 'h' | 'v';

export interface StreetPlan {
  /** 1-based: the row id in the streets table. */
  id: number;
  name: string;
  kind: StreetKind;
  widthM: number;
  /** h: runs west->east along row line `line`; v: runs south->north along column line `line`. */
  axis: Axis;
  line: number;
  /** Edges [from, to) along the line (i for h, j for v). */
  from: number;
  to: number;
}

export interface Junction {
  i: number;
  j: number;
  /** Indices into streets, distinct, biggest first. */
  streets: number[];
  /** main 3 + secondary 2 + lane 1 of the two biggest streets. */
  rank: number;
}

export interface StreetNetwork {
  streets: StreetPlan[];
  /** Street index of each horizontal edge h(i,j) = j*nx+i, or -1. */
  hStreet: Int32Array;
  /** Street index of each vertical edge v(i,j) = j*(nx+1)+i, or -1. */
  vStreet: Int32Array;
  junctions: Junction[];
}

interface LineClass {
  kind: StreetKind | null;
  name: string;
  width: number;
}

const KIND_RANK: Record<StreetKind, number> = { main: 3, secondary: 2, lane: 1 };

const LANE_KEEP: Partial<Record<Zone, number>> = {
  oldTown: 0.95,
  centre: 0.75,
  residential: 0.72,
  industrial: 0.2,
  park: 0.15,
  construction: 0.5,
};

export function hIndex(lattice: Lattice, i: number, j: number): number {
  return j * lattice.nx + i;
}
export function vIndex(lattice: Lattice, i: number, j: number): number {
  return j * (lattice.nx + 1) + i;
}

export function planStreets(lattice: Lattice, blocks: TownBlocks, profile: SizeProfile, rng: Random): StreetNetwork {
  const { nx, ny, riverRow: r } = lattice;
  let iMin = nx;
  let iMax = 0;
  let jMin = ny;
  let jMax = 0;
  for (const c of blocks.cells) {
    iMin = Math.min(iMin, lattice.cellI(c));
    iMax = Math.max(iMax, lattice.cellI(c) + 1);
    jMin = Math.min(jMin, lattice.cellJ(c));
    jMax = Math.max(jMax, lattice.cellJ(c) + 1);
  }

  const nsTargets = [0, ...[1, 2, 3, 4, 5, 6].flatMap((k) => [k * profile.mainSpacing, -k * profile.mainSpacing])];
  const vClass = classifyLines(lattice.xs, iMin, iMax, nsTargets, profile, rng, new Set(), MAIN_ROADS_NS, (line) => oldTownShare(lattice, blocks, 'v', line));
  vClass.forEach((c, k) => {
    if (c.name === MAIN_ROADS_NS[0]) vClass[k] = { ...c, width: 50 };
  });
  const riverY = lattice.warp.riverY;
  const ewTargets: number[] = [];
  for (let k = 0; k < 12; k++) ewTargets.push(riverY + 430 + k * profile.mainSpacing, riverY - 430 - k * profile.mainSpacing);
  const banks = new Set([r, r + 1]);
  const hClass = classifyLines(lattice.ys, jMin, jMax, ewTargets, profile, rng, banks, MAIN_ROADS_EW, (line) => oldTownShare(lattice, blocks, 'h', line), {
    [r - 1]: { kind: 'secondary', name: RIVER_ROADS.south, width: 24 },
    [r + 2]: { kind: 'secondary', name: RIVER_ROADS.north, width: 24 },
  });

  const hStreet = new Int32Array((ny + 1) * nx).fill(-1);
  const vStreet = new Int32Array(ny * (nx + 1)).fill(-1);
  const streets: StreetPlan[] = [];
  const inTown = (i: number, j: number) => i >= 0 && j >= 0 && i < nx && j < ny && blocks.inTown[lattice.cell(i, j)] === 1;
  const landmark = (i: number, j: number) => (i >= 0 && j >= 0 && i < nx && j < ny ? blocks.landmarkOf[lattice.cell(i, j)]! : -1);
  const zoneAt = (i: number, j: number): Zone | undefined => (inTown(i, j) ? blocks.zone[lattice.cell(i, j)] : undefined);

  const layLine = (axis: Axis, line: number, cls: LineClass) => {
    if (cls.kind === null) return;
    const length = axis === 'h' ? nx : ny;
    const eligible: boolean[] = [];
    let runLeft = 0;
    let keepRun = true;
    for (let k = 0; k < length; k++) {
      // The two cells beside edge k of this line.
      const [ai, aj, bi, bj] = axis === 'h' ? [k, line - 1, k, line] : [line - 1, k, line, k];
      let ok = inTown(ai, aj) || inTown(bi, bj);
      const la = landmark(ai, aj);
      if (la !== -1 && la === landmark(bi, bj)) ok = false;
      if (cls.kind === 'lane') {
        if (axis === 'v' && k >= r - 1 && k <= r + 1) ok = false;
        if (runLeft === 0) {
          runLeft = rng.int(2, 6);
          const z = zoneAt(ai, aj) ?? zoneAt(bi, bj);
          keepRun = rng.chance((z && LANE_KEEP[z]) ?? 0.6);
        }
        runLeft--;
        if (!keepRun) ok = false;
      }
      eligible.push(ok);
    }
    let k = 0;
    while (k < length) {
      if (!eligible[k]) {
        k++;
        continue;
      }
      const from = k;
      while (k < length && eligible[k]) k++;
      const oldTown = cls.kind === 'lane' && zoneAt(axis === 'h' ? from : line, axis === 'h' ? line : from) === 'oldTown';
      const width = cls.kind === 'lane' ? (oldTown ? rng.int(5, 6) : rng.int(7, 10)) : cls.width;
      const index = streets.length;
      streets.push({ id: index + 1, name: cls.name, kind: cls.kind, widthM: width, axis, line, from, to: k });
      for (let e = from; e < k; e++) {
        if (axis === 'h') hStreet[hIndex(lattice, e, line)] = index;
        else vStreet[vIndex(lattice, line, e)] = index;
      }
    }
  };
  hClass.forEach((cls, line) => layLine('h', line, cls));
  vClass.forEach((cls, line) => layLine('v', line, cls));

  nameLanes(lattice, streets, hStreet, vStreet, hClass, vClass);
  return { streets, hStreet, vStreet, junctions: findJunctions(lattice, streets, hStreet, vStreet) };
}

/** Main roads at the targets (nearest lattice line), secondary streets between, lanes elsewhere. */
function classifyLines(
  positions: Float64Array,
  lo: number,
  hi: number,
  mainTargets: number[],
  profile: SizeProfile,
  rng: Random,
  forbidden: Set<number>,
  mainNames: readonly string[],
  oldTownShareOf: (line: number) => number,
  fixed: Record<number, LineClass> = {},
): LineClass[] {
  const classes: LineClass[] = Array.from(positions, () => ({ kind: 'lane' as StreetKind | null, name: '', width: 0 }));
  forbidden.forEach((line) => (classes[line] = { kind: null, name: '', width: 0 }));
  for (const [line, cls] of Object.entries(fixed)) classes[Number(line)] = cls;
  const usable = (line: number) => line > lo && line < hi && !forbidden.has(line) && fixed[line] === undefined;
  const nearest = (x: number) => {
    let best = -1;
    for (let line = 0; line < positions.length; line++) {
      if (!usable(line)) continue;
      if (best === -1 || Math.abs(positions[line]! - x) < Math.abs(positions[best]! - x)) best = line;
    }
    return best;
  };

  // Targets come nearest-first, so names are handed out from the middle outwards.
  let nameIndex = 0;
  const named: number[] = Object.keys(fixed).map(Number);
  for (const target of mainTargets) {
    const jittered = target === 0 ? 0 : target + rng.range(-0.12, 0.12) * profile.mainSpacing;
    if (jittered < positions[lo]! + 150 || jittered > positions[hi]! - 150) continue;
    const line = nearest(jittered);
    if (line === -1 || classes[line]!.kind !== 'lane' || named.some((n) => Math.abs(n - line) < 3)) continue;
    classes[line] = { kind: 'main', name: mainNames[nameIndex++ % mainNames.length]!, width: rng.chance(0.5) ? 36 : 40 };
    named.push(line);
  }

  // Secondary streets between named lines (and out to the edges of town).
  const stops = [...new Set([lo, hi, ...named])].sort((a, b) => a - b);
  const secondaryNames = rng.shuffle([...SECONDARY_STREETS]);
  const oldTownNames = rng.shuffle([...OLD_TOWN_STREETS]);
  for (let s = 0; s + 1 < stops.length; s++) {
    const a = stops[s]!;
    const b = stops[s + 1]!;
    const gap = positions[b]! - positions[a]!;
    const count = Math.max(0, Math.round(gap / profile.secondarySpacing) - 1);
    for (let n = 1; n <= count; n++) {
      const line = nearest(positions[a]! + (gap * n) / (count + 1));
      if (line === -1 || classes[line]!.kind !== 'lane') continue;
      const list = oldTownShareOf(line) > 0.25 && oldTownNames.length > 0 ? oldTownNames : secondaryNames;
      classes[line] = { kind: 'secondary', name: list.pop() ?? `${secondaryNames.length}号路`, width: rng.pick([20, 24, 26]) };
    }
  }
  return classes;
}

function oldTownShare(lattice: Lattice, blocks: TownBlocks, axis: Axis, line: number): number {
  const length = axis === 'h' ? lattice.nx : lattice.ny;
  let old = 0;
  let built = 0;
  for (let k = 0; k < length; k++) {
    const [i, j] = axis === 'h' ? [k, line] : [line, k];
    if (i >= lattice.nx || j >= lattice.ny) continue;
    const c = lattice.cell(i, j);
    if (!blocks.inTown[c]) continue;
    built++;
    if (blocks.zone[c] === 'oldTown') old++;
  }
  return built === 0 ? 0 : old / built;
}

/** Lanes take the name of the road they branch from: 人民路三巷 is the third lane off 人民路. */
function nameLanes(lattice: Lattice, streets: StreetPlan[], hStreet: Int32Array, vStreet: Int32Array, hClass: LineClass[], vClass: LineClass[]) {
  const counters = new Map<string, number>();
  const biggestAt = (i: number, j: number, axis: Axis): StreetPlan | undefined => {
    // Streets crossing node (i,j) on the other axis.
    const ids = axis === 'v' ? [hAt(lattice, hStreet, i - 1, j), hAt(lattice, hStreet, i, j)] : [vAt(lattice, vStreet, i, j - 1), vAt(lattice, vStreet, i, j)];
    return ids
      .filter((id) => id !== -1)
      .map((id) => streets[id]!)
      .filter((s) => s.kind !== 'lane')
      .sort((a, b) => KIND_RANK[b.kind] - KIND_RANK[a.kind])[0];
  };
  for (const s of streets) {
    if (s.kind !== 'lane') continue;
    const [si, sj, ei, ej] = s.axis === 'v' ? [s.line, s.from, s.line, s.to] : [s.from, s.line, s.to, s.line];
    let parent = biggestAt(si, sj, s.axis)?.name ?? biggestAt(ei, ej, s.axis)?.name;
    if (parent === undefined) {
      // A lane between lanes: name it after the nearest named road parallel to it.
      const classes = s.axis === 'v' ? vClass : hClass;
      for (let d = 1; d < classes.length && parent === undefined; d++) {
        for (const line of [s.line - d, s.line + d]) {
          const cls = classes[line];
          if (cls && cls.kind !== null && cls.kind !== 'lane') {
            parent = cls.name;
            break;
          }
        }
      }
    }
    const base = parent ?? '青禾';
    const n = (counters.get(base) ?? 0) + 1;
    counters.set(base, n);
    s.name = `${base}${chineseNumeral(n)}巷`;
  }
}

function hAt(lattice: Lattice, hStreet: Int32Array, i: number, j: number): number {
  return i < 0 || i >= lattice.nx || j < 0 || j > lattice.ny ? -1 : hStreet[hIndex(lattice, i, j)]!;
}
function vAt(lattice: Lattice, vStreet: Int32Array, i: number, j: number): number {
  return i < 0 || i > lattice.nx || j < 0 || j >= lattice.ny ? -1 : vStreet[vIndex(lattice, i, j)]!;
}

/** The street indices meeting at node (i,j): west, east, south, north (-1 where none). */
export function streetsAtNode(lattice: Lattice, net: Pick<StreetNetwork, 'hStreet' | 'vStreet'>, i: number, j: number): [number, number, number, number] {
  return [hAt(lattice, net.hStreet, i - 1, j), hAt(lattice, net.hStreet, i, j), vAt(lattice, net.vStreet, i, j - 1), vAt(lattice, net.vStreet, i, j)];
}

function findJunctions(lattice: Lattice, streets: StreetPlan[], hStreet: Int32Array, vStreet: Int32Array): Junction[] {
  const junctions: Junction[] = [];
  for (let j = 0; j <= lattice.ny; j++) {
    for (let i = 0; i <= lattice.nx; i++) {
      const arms = streetsAtNode(lattice, { hStreet, vStreet }, i, j);
      if (arms.filter((a) => a !== -1).length < 3) continue;
      const ids = [...new Set(arms.filter((a) => a !== -1))].sort((a, b) => KIND_RANK[streets[b]!.kind] - KIND_RANK[streets[a]!.kind] || a - b);
      const rank = ids.slice(0, 2).reduce((sum, id) => sum + KIND_RANK[streets[id]!.kind], 0);
      junctions.push({ i, j, streets: ids, rank });
    }
  }
  return junctions;
}

/** Half the widest street at a node: how far from the node a kerb-side thing must keep. */
export function nodeHalfWidth(lattice: Lattice, net: StreetNetwork, i: number, j: number): number {
  let half = 0;
  for (const id of streetsAtNode(lattice, net, i, j)) if (id !== -1) half = Math.max(half, net.streets[id]!.widthM / 2);
  return half;
}

/** The centreline in lattice metres, node to node with the curved-edge points between. */
export function streetLine(lattice: Lattice, s: StreetPlan): Point[] {
  const points: Point[] = [];
  for (let k = s.from; k < s.to; k++) {
    const [ai, aj, bi, bj] = s.axis === 'h' ? [k, s.line, k + 1, s.line] : [s.line, k, s.line, k + 1];
    points.push([lattice.xs[ai]!, lattice.ys[aj]!], ...lattice.edgeInterior(ai, aj, bi, bj));
  }
  const [ei, ej] = s.axis === 'h' ? [s.to, s.line] : [s.line, s.to];
  points.push([lattice.xs[ei]!, lattice.ys[ej]!]);
  return points;
}
