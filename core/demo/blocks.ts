// Which lattice cells are built up, and what each block is: river, riverside park, old town,
// centre, housing, industry, or a landmark (school, market, hospital, park, plaza...).
import type { Lattice } from './lattice.js';
import type { Random } from './random.js';
import type { SizeProfile } from './sizes.js';
import { LANDMARK_NAMES } from './names.js';

export type Zone =
  | 'river'
  | 'riverPark'
  | 'oldTown'
  | 'centre'
  | 'residential'
  | 'industrial'
  | 'park'
  | 'plaza'
  | 'school'
  | 'market'
  | 'hospital'
  | 'government'
  | 'construction';

export type LandmarkKind = keyof SizeProfile['landmarks'];

export interface Landmark {
  kind: LandmarkKind;
  name: string;
  /** Cells [i0,i1) x [j0,j1). */
  i0: number;
  j0: number;
  i1: number;
  j1: number;
}

export interface TownBlocks {
  /** 1 where the cell is inside the built-up area. */
  inTown: Uint8Array;
  /** Zone of each cell (meaningful where inTown). */
  zone: Zone[];
  /** Index into landmarks, or -1. */
  landmarkOf: Int32Array;
  landmarks: Landmark[];
  /** Cells in town, in lattice order. */
  cells: number[];
}

const LANDMARK_SHAPES: Record<LandmarkKind, [number, number]> = {
  park: [2, 2],
  plaza: [1, 1],
  school: [2, 1],
  market: [1, 1],
  hospital: [2, 1],
  government: [1, 1],
  construction: [1, 1],
};

/** Zones a landmark may replace. */
const LANDMARK_SITES: Record<LandmarkKind, Zone[]> = {
  park: ['residential', 'centre'],
  plaza: ['centre'],
  school: ['residential', 'oldTown', 'centre'],
  market: ['oldTown', 'residential'],
  hospital: ['centre', 'residential'],
  government: ['centre'],
  construction: ['residential', 'industrial'],
};

export function planBlocks(lattice: Lattice, profile: SizeProfile, rng: Random): TownBlocks {
  const { nx, ny, riverRow } = lattice;
  const ax = profile.semiAxisX;
  const ay = profile.semiAxisY;
  const riverY = lattice.warp.riverY;
  const phases = [rng.range(0, 2 * Math.PI), rng.range(0, 2 * Math.PI), rng.range(0, 2 * Math.PI)];
  const inTown = new Uint8Array(nx * ny);
  const zone: Zone[] = new Array<Zone>(nx * ny).fill('residential');

  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      const c = lattice.cell(i, j);
      const [x, y] = lattice.cellCenter(c);
      // A superellipse with a wobbly rim: towns grow along roads, not in circles.
      const u = x / ax;
      const v = y / ay;
      const theta = Math.atan2(v, u);
      const radius = (Math.abs(u) ** 2.5 + Math.abs(v) ** 2.5) ** (1 / 2.5);
      const rim = 1 + 0.07 * Math.sin(3 * theta + phases[0]!) + 0.05 * Math.sin(5 * theta + phases[1]!) + 0.03 * Math.sin(8 * theta + phases[2]!);
      if (radius < rim) inTown[c] = 1;
      zone[c] = baseZone(j, x, y, riverRow, riverY, ax, ay);
    }
  }

  const landmarkOf = new Int32Array(nx * ny).fill(-1);
  const landmarks: Landmark[] = [];
  const kinds = Object.keys(profile.landmarks) as LandmarkKind[];
  for (const kind of kinds) {
    const names = [...LANDMARK_NAMES[kind]];
    for (let n = 0; n < profile.landmarks[kind]; n++) {
      const [w, h] = LANDMARK_SHAPES[kind];
      for (let attempt = 0; attempt < 400; attempt++) {
        const i0 = rng.int(1, nx - w - 1);
        const j0 = rng.int(1, ny - h - 1);
        if (!siteFree(lattice, inTown, zone, landmarkOf, LANDMARK_SITES[kind], i0, j0, w, h)) continue;
        const index = landmarks.length;
        const name = names.length > 0 ? names.splice(rng.int(0, names.length - 1), 1)[0]! : `${LANDMARK_NAMES[kind][0]}${n + 1}`;
        landmarks.push({ kind, name, i0, j0, i1: i0 + w, j1: j0 + h });
        for (let j = j0; j < j0 + h; j++) {
          for (let i = i0; i < i0 + w; i++) {
            landmarkOf[lattice.cell(i, j)] = index;
            zone[lattice.cell(i, j)] = kind;
          }
        }
        break;
      }
    }
  }

  const cells: number[] = [];
  for (let c = 0; c < nx * ny; c++) if (inTown[c]) cells.push(c);
  return { inTown, zone, landmarkOf, landmarks, cells };
}

function baseZone(j: number, x: number, y: number, riverRow: number, riverY: number, ax: number, ay: number): Zone {
  if (j === riverRow) return 'river';
  if (j === riverRow - 1 || j === riverRow + 1) return 'riverPark';
  const inEllipse = (cx: number, cy: number, rx: number, ry: number) => ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 < 1;
  // The old town sits on the north bank, west of the centre; the centre grew east of it.
  if (j > riverRow && inEllipse(-0.22 * ax, riverY + 0.18 * ay, 0.22 * ax, 0.17 * ay)) return 'oldTown';
  if (j > riverRow && inEllipse(0.14 * ax, riverY + 0.45 * ay, 0.25 * ax, 0.2 * ay)) return 'centre';
  // Industry lies south-east, across the river from the old town.
  if (j < riverRow && x > 0.3 * ax) return 'industrial';
  return 'residential';
}

function siteFree(
  lattice: Lattice,
  inTown: Uint8Array,
  zone: Zone[],
  landmarkOf: Int32Array,
  sites: Zone[],
  i0: number,
  j0: number,
  w: number,
  h: number,
): boolean {
  // The site itself must be free and suitable; a ring of one cell around it must hold no landmark.
  for (let j = j0 - 1; j <= j0 + h; j++) {
    for (let i = i0 - 1; i <= i0 + w; i++) {
      const c = lattice.cell(i, j);
      if (landmarkOf[c] !== -1) return false;
      const inside = i >= i0 && i < i0 + w && j >= j0 && j < j0 + h;
      if (inside && (!inTown[c] || !sites.includes(zone[c]!))) return false;
    }
  }
  return true;
}
