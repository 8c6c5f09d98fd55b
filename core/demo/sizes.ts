// The two sizes of the demo county, as data. 'full' matches the field facts in DOMAIN.md
// (20 km² built-up, ~2,000 grids, ~170,000 components, ~340 cameras, ~30,000 cases a year);
// 'small' is a corner of it for tests: the same rules on ~120 grids.

export type DemoSize = 'full' | 'small';

/** 街道 (subdistrict, codes 001-099) or 镇 (town, codes 100-199). */
export type StreetLevel = 'subdistrict' | 'town';

export interface SizeProfile {
  /** Semi-axes of the built-up outline (a noisy superellipse), metres. */
  semiAxisX: number;
  semiAxisY: number;
  /** Mean spacing of the lane lattice: blocks of about cell² m². */
  cellSize: number;
  /** River width and riverside park depth, metres. */
  riverWidth: number;
  riverParkDepth: number;
  /** Spacing of main and secondary roads along each axis, metres. */
  mainSpacing: number;
  secondarySpacing: number;
  /** Streets/towns north of the river (west to east), then south of it. */
  streetLevels: { north: StreetLevel[]; south: StreetLevel[] };
  /** Cells per community: a community is about this many unit grids. */
  cellsPerCommunity: number;
  landmarks: Record<'park' | 'plaza' | 'school' | 'market' | 'hospital' | 'government' | 'construction', number>;
  /** Tall towers in the centre (超高层). */
  towers: number;
  /** Multiplies every component density (1 = a full survey). */
  componentDensity: number;
  /** Multiplies buildings per block. */
  buildingDensity: number;
  cameras: { police: number; city: number; vehicle: number; body: number };
  sensors: { waterLevel: number; manholeCover: number };
  vehicles: { sweeper: number; sprinkler: number; enforcement: number };
  staff: { inspectors: number; acceptors: number; shiftLeaders: number; dispatchers: number };
  /** Cases in the year of history. */
  cases: number;
  /** Special single components (monitoring stations, footbridges...). */
  specials: Record<string, number>;
}

export const SIZE_PROFILES: Record<DemoSize, SizeProfile> = {
  full: {
    semiAxisX: 2760,
    semiAxisY: 2150,
    cellSize: 100,
    riverWidth: 70,
    riverParkDepth: 55,
    mainSpacing: 880,
    secondarySpacing: 300,
    streetLevels: { north: ['town', 'subdistrict', 'subdistrict', 'subdistrict'], south: ['subdistrict', 'town'] },
    cellsPerCommunity: 28,
    landmarks: { park: 3, plaza: 3, school: 22, market: 10, hospital: 2, government: 1, construction: 15 },
    towers: 4,
    componentDensity: 1,
    buildingDensity: 1,
    cameras: { police: 200, city: 76, vehicle: 4, body: 60 },
    sensors: { waterLevel: 10, manholeCover: 20 },
    vehicles: { sweeper: 8, sprinkler: 6, enforcement: 6 },
    staff: { inspectors: 40, acceptors: 6, shiftLeaders: 3, dispatchers: 3 },
    cases: 30_000,
    specials: { '0205': 2, '0206': 1, '0308': 3, '0309': 1, '0310': 3, '0311': 4, '0601': 3, '0605': 1 },
  },
  small: {
    semiAxisX: 640,
    semiAxisY: 520,
    cellSize: 100,
    riverWidth: 50,
    riverParkDepth: 45,
    mainSpacing: 880,
    secondarySpacing: 300,
    streetLevels: { north: ['subdistrict'], south: ['town'] },
    cellsPerCommunity: 16,
    landmarks: { park: 1, plaza: 1, school: 2, market: 2, hospital: 1, government: 1, construction: 2 },
    towers: 1,
    componentDensity: 0.5,
    buildingDensity: 1,
    cameras: { police: 12, city: 6, vehicle: 1, body: 3 },
    sensors: { waterLevel: 2, manholeCover: 4 },
    vehicles: { sweeper: 1, sprinkler: 1, enforcement: 1 },
    staff: { inspectors: 4, acceptors: 2, shiftLeaders: 1, dispatchers: 1 },
    cases: 1_000,
    specials: { '0308': 1, '0310': 1, '0311': 1, '0601': 1 },
  },
};
