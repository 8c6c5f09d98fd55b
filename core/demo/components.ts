// 部件 placed as a survey would find them: covers and grates in and beside the carriageway,
// trees, lamps and poles on the sidewalk, bins and cabinets at its back, signs at the shop
// fronts, signals and name plates at junctions, toilets and fitness sets inside blocks,
// railings and flood walls along the river. Each rule is data: class, where, how often.
import { makeComponentId } from '../base/components/index.js';
import type { ComponentRow, ComponentState } from '../base/components/index.js';
import type { DepartmentRow } from '../base/departments/index.js';
import type { Point } from '../base/geo/index.js';
import type { TownBlocks, Zone } from './blocks.js';
import { CLASS_OWNERS, streetOfficeCode } from './departments.js';
import { cellSides, sidePoint, type CellSide } from './frontage.js';
import type { GridLayout } from './grids.js';
import type { Lattice } from './lattice.js';
import type { Random } from './random.js';
import type { SizeProfile } from './sizes.js';
import { streetsAtNode, type StreetKind, type StreetNetwork, type StreetPlan } from './streets.js';

/** Where across a street a thing stands, from its centreline into the block. */
type Spot = 'carriageway' | 'kerb' | 'sidewalk' | 'back' | 'frontage';

interface StreetRule {
  classCode: string;
  /** Metres between neighbours on one side of the street, by street kind. */
  every: Partial<Record<StreetKind, number>>;
  spot: Spot;
  /** Only beside blocks of these zones / never beside these. */
  zones?: Zone[];
  notZones?: Zone[];
  /** Share of streets that have it at all (e.g. only some lanes have trees). */
  streetShare?: number;
}

const NOT_ON_WATER: Zone[] = ['river'];
const SHOPS: Zone[] = ['centre', 'oldTown', 'market', 'residential', 'hospital', 'school'];

// Spacings are per side of the street, as surveyed in a Chinese county town.
const STREET_RULES: readonly StreetRule[] = [
  { classCode: '0402', every: { main: 9, secondary: 10, lane: 14 }, spot: 'sidewalk', notZones: ['river', 'industrial'], streetShare: 0.75 },
  { classCode: '0402', every: { main: 9, secondary: 10 }, spot: 'sidewalk', zones: ['industrial'] },
  { classCode: '0403', every: { main: 35, secondary: 40 }, spot: 'sidewalk', notZones: NOT_ON_WATER },
  { classCode: '0118', every: { main: 32, secondary: 35, lane: 40 }, spot: 'sidewalk' },
  { classCode: '0117', every: { main: 90, secondary: 70, lane: 50 }, spot: 'back', notZones: NOT_ON_WATER },
  { classCode: '0104', every: { main: 30, secondary: 34, lane: 40 }, spot: 'kerb', notZones: NOT_ON_WATER },
  { classCode: '0103', every: { main: 40, secondary: 45, lane: 55 }, spot: 'carriageway', notZones: NOT_ON_WATER },
  { classCode: '0102', every: { main: 45, secondary: 48, lane: 50 }, spot: 'carriageway', notZones: NOT_ON_WATER },
  { classCode: '0101', every: { main: 75, secondary: 85, lane: 100 }, spot: 'carriageway', notZones: NOT_ON_WATER },
  { classCode: '0105', every: { main: 65, secondary: 85, lane: 140 }, spot: 'sidewalk', notZones: NOT_ON_WATER },
  { classCode: '0106', every: { main: 110, secondary: 130 }, spot: 'sidewalk', notZones: NOT_ON_WATER },
  { classCode: '0107', every: { main: 65, secondary: 80, lane: 130 }, spot: 'sidewalk', notZones: NOT_ON_WATER },
  { classCode: '0108', every: { main: 130, secondary: 150, lane: 240 }, spot: 'sidewalk', notZones: NOT_ON_WATER },
  { classCode: '0109', every: { main: 140, secondary: 170 }, spot: 'sidewalk', notZones: NOT_ON_WATER },
  { classCode: '0111', every: { main: 95, secondary: 110, lane: 170 }, spot: 'carriageway', notZones: NOT_ON_WATER },
  { classCode: '0112', every: { main: 300, secondary: 450 }, spot: 'sidewalk', notZones: NOT_ON_WATER },
  { classCode: '0113', every: { main: 120, secondary: 120, lane: 150 }, spot: 'back', notZones: NOT_ON_WATER },
  { classCode: '0114', every: { main: 600, secondary: 650, lane: 450 }, spot: 'carriageway', notZones: NOT_ON_WATER },
  { classCode: '0115', every: { main: 240, secondary: 280, lane: 380 }, spot: 'back', notZones: NOT_ON_WATER },
  { classCode: '0116', every: { main: 200, secondary: 240, lane: 330 }, spot: 'back', notZones: NOT_ON_WATER },
  { classCode: '0127', every: { main: 160, secondary: 200 }, spot: 'carriageway', zones: ['centre'] },
  { classCode: '0129', every: { main: 380 }, spot: 'carriageway', notZones: NOT_ON_WATER, streetShare: 0.3 },
  { classCode: '0130', every: { main: 700, secondary: 900 }, spot: 'carriageway', notZones: NOT_ON_WATER },
  { classCode: '0134', every: { secondary: 320, lane: 380 }, spot: 'frontage', notZones: ['river', 'riverPark', 'park'] },
  { classCode: '0209', every: { main: 95, secondary: 130, lane: 280 }, spot: 'sidewalk' },
  { classCode: '0211', every: { main: 36, secondary: 110 }, spot: 'kerb', notZones: NOT_ON_WATER },
  { classCode: '0212', every: { main: 200, secondary: 180 }, spot: 'back', zones: ['centre', 'oldTown', 'school', 'market', 'hospital', 'government'] },
  { classCode: '0202', every: { main: 55, secondary: 55 }, spot: 'kerb', zones: ['centre'] },
  { classCode: '0305', every: { main: 65, secondary: 75, lane: 110 }, spot: 'back' },
  { classCode: '0306', every: { main: 55, secondary: 65 }, spot: 'frontage', zones: ['centre', 'oldTown', 'market'] },
  { classCode: '0307', every: { main: 26, secondary: 30, lane: 45 }, spot: 'frontage', zones: SHOPS },
  { classCode: '0404', every: { main: 75 }, spot: 'sidewalk', zones: ['centre', 'government'] },
  { classCode: '0407', every: { main: 190, secondary: 240 }, spot: 'back', notZones: NOT_ON_WATER },
  { classCode: '0408', every: { main: 14, secondary: 14, lane: 16 }, spot: 'frontage', zones: ['park', 'riverPark'] },
  { classCode: '0501', every: { secondary: 380, lane: 280 }, spot: 'frontage', zones: ['residential', 'oldTown'] },
  { classCode: '0121', every: { main: 650 }, spot: 'back', zones: ['centre', 'oldTown'] },
  { classCode: '0122', every: { main: 480, secondary: 650 }, spot: 'back', notZones: NOT_ON_WATER },
  { classCode: '0123', every: { main: 600, secondary: 800 }, spot: 'back', notZones: NOT_ON_WATER },
  { classCode: '0124', every: { main: 1400 }, spot: 'back', zones: ['centre'] },
  { classCode: '0125', every: { main: 450, secondary: 600 }, spot: 'back', zones: ['centre', 'school', 'market', 'hospital'] },
  { classCode: '0137', every: { main: 480, secondary: 560 }, spot: 'back', notZones: ['river', 'industrial'] },
  { classCode: '0204', every: { main: 800 }, spot: 'kerb', zones: ['centre', 'hospital'] },
  { classCode: '0215', every: { main: 1500 }, spot: 'back', notZones: NOT_ON_WATER },
  { classCode: '0120', every: { main: 55, secondary: 60 }, spot: 'sidewalk', zones: ['centre', 'riverPark', 'plaza'] },
];

/** Expected number per block, by zone (interior points). */
const CELL_RULES: readonly { classCode: string; perCell: Partial<Record<Zone, number>> }[] = [
  { classCode: '0301', perCell: { residential: 0.04, oldTown: 0.15, centre: 0.08, market: 1, park: 0.5, riverPark: 0.08, plaza: 1 } },
  { classCode: '0303', perCell: { residential: 0.06, oldTown: 0.25, centre: 0.15, market: 1.5, park: 1, plaza: 1 } },
  { classCode: '0302', perCell: { residential: 0.35, oldTown: 0.6, school: 0.5, market: 1, hospital: 0.5 } },
  { classCode: '0304', perCell: { residential: 0.14, oldTown: 0.2, market: 0.5, industrial: 0.1 } },
  { classCode: '0305', perCell: { park: 6, plaza: 5, riverPark: 1.5, market: 2, school: 1 } },
  { classCode: '0126', perCell: { residential: 0.35, oldTown: 0.15, park: 2, riverPark: 0.3 } },
  { classCode: '0135', perCell: { residential: 0.12, centre: 0.1, industrial: 0.15 } },
  { classCode: '0133', perCell: { industrial: 0.09 } },
  { classCode: '0131', perCell: { oldTown: 0.3 } },
  { classCode: '0132', perCell: { oldTown: 0.2, market: 0.5 } },
  { classCode: '0138', perCell: { centre: 0.05, market: 0.5, oldTown: 0.04 } },
  { classCode: '0201', perCell: { residential: 0.06, centre: 0.25, market: 1, hospital: 0.5, government: 1, school: 0.3, park: 0.25 } },
  { classCode: '0401', perCell: { oldTown: 0.5, park: 2, school: 0.2, government: 1 } },
  { classCode: '0402', perCell: { park: 40, riverPark: 12, plaza: 8, school: 10, government: 10, residential: 4, hospital: 6 } },
  { classCode: '0405', perCell: { park: 1, riverPark: 1, residential: 0.25, plaza: 1, government: 1 } },
  { classCode: '0406', perCell: { plaza: 2, park: 1 } },
  { classCode: '0407', perCell: { park: 10, riverPark: 4, plaza: 8 } },
  { classCode: '0409', perCell: { park: 2, riverPark: 0.5 } },
  { classCode: '0410', perCell: { plaza: 1, park: 0.5 } },
  { classCode: '0119', perCell: { plaza: 20, park: 6, riverPark: 3 } },
  { classCode: '0120', perCell: { park: 8, plaza: 6 } },
  { classCode: '0118', perCell: { park: 6, riverPark: 3, plaza: 4 } },
  { classCode: '0502', perCell: { residential: 0.006, centre: 0.03, government: 1 } },
  { classCode: '0503', perCell: { oldTown: 0.1 } },
  { classCode: '0602', perCell: { construction: 1 } },
];

/** At junctions: [class, minimum junction rank, how many corners]. */
const JUNCTION_RULES: readonly { classCode: string; minRank: number; corners: number; share?: number }[] = [
  { classCode: '0210', minRank: 5, corners: 4 },
  { classCode: '0214', minRank: 5, corners: 1 },
  { classCode: '0213', minRank: 3, corners: 2 },
  { classCode: '0217', minRank: 6, corners: 1, share: 0.3 },
];

/** Along the river bank, inside the riverside park: [class, metres apart, metres from the water]. */
const RIVER_RULES: readonly { classCode: string; every: number; offset: number }[] = [
  { classCode: '0604', every: 12, offset: 1 },
  { classCode: '0606', every: 50, offset: 3 },
  { classCode: '0603', every: 160, offset: 2 },
  { classCode: '0120', every: 30, offset: 5 },
];

/** Special single components and the zones they stand in. */
const SPECIAL_ZONES: Readonly<Record<string, Zone[]>> = {
  '0205': ['centre', 'school', 'market'],
  '0206': ['centre'],
  '0308': ['park', 'centre', 'residential'],
  '0309': ['park', 'residential'],
  '0310': ['riverPark'],
  '0311': ['centre', 'construction', 'market'],
  '0601': ['industrial'],
  '0605': ['riverPark'],
};

const COVERS = /^01(0[1-9]|1[0-4]|2[7-9]|30)$/;

export interface ComponentSite {
  classCode: string;
  cell: number;
  /** Lattice metres. */
  at: Point;
}

export interface ComponentPlan {
  components: ComponentRow[];
  /** Bus shelters with the street they stand on: the stops get names as places. */
  busStops: { componentId: string; street: StreetPlan; lon: number; lat: number; gridCode: string | null }[];
}

export interface ComponentContext {
  lattice: Lattice;
  blocks: TownBlocks;
  net: StreetNetwork;
  grids: GridLayout;
  departments: readonly DepartmentRow[];
  profile: SizeProfile;
  adminCode: string;
  standardId: string;
  classNames: ReadonlyMap<string, string>;
  /** Where the fixed cameras stand: each is also surveyed as a 0136 监控电子眼. */
  cameraSites: readonly ComponentSite[];
  now: number;
}

export function planComponents(ctx: ComponentContext, rng: Random): ComponentPlan {
  const { lattice, blocks, net, profile } = ctx;
  const density = profile.componentDensity;
  const sites: ComponentSite[] = [];
  const busSites: { index: number; street: StreetPlan }[] = [];
  const streetHas = new Map<string, boolean>();

  // Along streets, block by block and side by side.
  for (const cell of blocks.cells) {
    const zone = blocks.zone[cell]!;
    for (const side of cellSides(lattice, net, cell)) {
      const street = side.street;
      if (!street) continue;
      const usable = side.length - side.startMargin - side.endMargin;
      if (usable <= 2) continue;
      for (const rule of STREET_RULES) {
        const every = rule.every[street.kind];
        if (every === undefined) continue;
        if (rule.zones && !rule.zones.includes(zone)) continue;
        if (rule.notZones?.includes(zone)) continue;
        if (rule.streetShare !== undefined && !shareOf(streetHas, `${rule.classCode}/${street.id}`, rule.streetShare, rng)) continue;
        placeAlong(side, usable, every / density, rule.spot, rule.classCode, street, rng, sites);
      }
      // Bus shelters: about one stop every 450-600 m along main and secondary roads.
      const stopEvery = street.kind === 'main' ? 450 : street.kind === 'secondary' ? 650 : 0;
      if (stopEvery > 0 && zone !== 'river' && rng.chance(side.length / stopEvery)) {
        const along = side.startMargin + rng.range(0.3, 0.7) * usable;
        busSites.push({ index: sites.length, street });
        sites.push({ classCode: '0203', cell, at: sidePoint(side, along, spotOffset('back', street, rng)) });
        sites.push({ classCode: '0128', cell, at: sidePoint(side, Math.min(along + 6, side.length - side.endMargin), spotOffset('carriageway', street, rng)) });
      }
    }
    // Inside the block.
    for (const rule of CELL_RULES) {
      const expected = (rule.perCell[zone] ?? 0) * density;
      if (expected <= 0) continue;
      const count = rng.poisson(expected);
      for (let k = 0; k < count; k++) sites.push({ classCode: rule.classCode, cell, at: interiorPoint(lattice, net, cell, rng) });
    }
  }

  // At junctions.
  for (const junction of net.junctions) {
    for (const rule of JUNCTION_RULES) {
      if (junction.rank < rule.minRank || (rule.share !== undefined && !rng.chance(rule.share))) continue;
      const corners = cornerSites(lattice, net, blocks, junction.i, junction.j);
      for (const corner of corners.slice(0, rule.corners)) sites.push({ classCode: rule.classCode, ...corner });
    }
  }

  // Bridges where roads cross the river, and the river bank.
  const r = lattice.riverRow;
  for (const s of net.streets) {
    if (s.axis !== 'v' || s.from > r || s.to <= r) continue;
    const east = lattice.cell(s.line, r);
    const west = lattice.cell(s.line - 1, r);
    const cell = blocks.inTown[east] ? east : west;
    const sign = cell === east ? 1 : -1;
    sites.push({ classCode: '0208', cell, at: [lattice.xs[s.line]! + sign * 2, (lattice.ys[r]! + lattice.ys[r + 1]!) / 2] });
  }
  for (const cell of blocks.cells) {
    const j = lattice.cellJ(cell);
    if (blocks.zone[cell] !== 'riverPark') continue;
    // The bank is the park's edge that faces the river row; roads crossing to a bridge are kept clear.
    const sides = cellSides(lattice, net, cell);
    const bank = sides.find((side) => side.side === (j === r + 1 ? 'south' : 'north'))!;
    const from = sides[3]!.street ? sides[3]!.street.widthM / 2 + 1 : 1;
    const to = bank.length - (sides[1]!.street ? sides[1]!.street.widthM / 2 + 1 : 1);
    for (const rule of RIVER_RULES) {
      for (let along = from + rng.range(0, rule.every); along < to; along += rule.every / density) {
        sites.push({ classCode: rule.classCode, cell, at: sidePoint(bank, along, rule.offset) });
      }
    }
  }

  // Special single components, and the surveyed cameras.
  for (const [classCode, count] of Object.entries(profile.specials)) {
    const candidates = blocks.cells.filter((c) => SPECIAL_ZONES[classCode]?.includes(blocks.zone[c]!));
    for (let k = 0; k < count && candidates.length > 0; k++) {
      sites.push({ classCode, cell: rng.pick(candidates), at: [0, 0] });
      const last = sites[sites.length - 1]!;
      last.at = interiorPoint(lattice, net, last.cell, rng);
    }
  }
  sites.push(...ctx.cameraSites);

  return toRows(ctx, sites, busSites, rng);
}

function shareOf(memo: Map<string, boolean>, key: string, share: number, rng: Random): boolean {
  let has = memo.get(key);
  if (has === undefined) {
    has = rng.chance(share);
    memo.set(key, has);
  }
  return has;
}

/** Metres from the street centreline to where a thing of this spot stands. */
function spotOffset(spot: Spot, street: StreetPlan, rng: Random): number {
  const w = street.widthM;
  // Lanes are all carriageway; wider streets keep a fifth of their width each side for sidewalks.
  const halfCarriageway = street.kind === 'lane' ? w / 2 : 0.3 * w;
  switch (spot) {
    case 'carriageway':
      return Math.max(0.4, rng.range(0.15, 0.85) * halfCarriageway);
    case 'kerb':
      return Math.max(0.4, halfCarriageway - 0.4);
    case 'sidewalk':
      return halfCarriageway + (street.kind === 'lane' ? 0.6 : 1.2);
    case 'back':
      return street.kind === 'lane' ? halfCarriageway + 1.2 : w / 2 - 1;
    case 'frontage':
      return w / 2 + rng.range(1.5, 3.5);
  }
}

function placeAlong(side: CellSide, usable: number, every: number, spot: Spot, classCode: string, street: StreetPlan, rng: Random, out: ComponentSite[]) {
  const jitter = Math.min(every * 0.1, 3);
  for (let along = rng.range(0, every); along < usable; along += every) {
    const at = Math.min(usable, Math.max(0, along + rng.range(-jitter, jitter)));
    out.push({ classCode, cell: side.cell, at: sidePoint(side, side.startMargin + at, spotOffset(spot, street, rng)) });
  }
}

/** A point inside the block, clear of the streets around it. */
function interiorPoint(lattice: Lattice, net: StreetNetwork, cell: number, rng: Random): Point {
  const [s, e, n, w] = cellSides(lattice, net, cell).map((side) => (side.street ? side.street.widthM / 2 + 3 : 3)) as [number, number, number, number];
  const i = lattice.cellI(cell);
  const j = lattice.cellJ(cell);
  const x0 = lattice.xs[i]! + w;
  const x1 = lattice.xs[i + 1]! - e;
  const y0 = lattice.ys[j]! + s;
  const y1 = lattice.ys[j + 1]! - n;
  return [x0 < x1 ? rng.range(x0, x1) : (x0 + x1) / 2, y0 < y1 ? rng.range(y0, y1) : (y0 + y1) / 2];
}

/** The corners of a junction that lie in town, each just off the kerbs of both streets. */
export function cornerSites(lattice: Lattice, net: StreetNetwork, blocks: TownBlocks, i: number, j: number): { cell: number; at: Point }[] {
  const [west, east, south, north] = streetsAtNode(lattice, net, i, j);
  const half = (id: number) => (id === -1 ? 0 : net.streets[id]!.widthM / 2);
  const hx = Math.max(half(south), half(north)) + 1.5;
  const hy = Math.max(half(west), half(east)) + 1.5;
  const out: { cell: number; at: Point }[] = [];
  // NE, SW, NW, SE: diagonal pairs first, so two corners face each other across the junction.
  for (const [di, dj] of [[0, 0], [-1, -1], [-1, 0], [0, -1]] as const) {
    const ci = i + di;
    const cj = j + dj;
    if (ci < 0 || cj < 0 || ci >= lattice.nx || cj >= lattice.ny) continue;
    const cell = lattice.cell(ci, cj);
    if (!blocks.inTown[cell] || blocks.zone[cell] === 'river') continue;
    out.push({ cell, at: [lattice.xs[i]! + (di === 0 ? hx : -hx), lattice.ys[j]! + (dj === 0 ? hy : -hy)] });
  }
  return out;
}

function toRows(ctx: ComponentContext, sites: ComponentSite[], busSites: { index: number; street: StreetPlan }[], rng: Random): ComponentPlan {
  const { lattice, grids, departments, adminCode, standardId, classNames, now } = ctx;
  const deptId = new Map(departments.map((d) => [d.code, d.id]));
  const serials = new Map<string, number>();
  const day = 86_400_000;
  const isoDate = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
  // The survey was done two to three years ago; changes since are dated in the last half year.
  const surveyStart = now - 3 * 365 * day;
  const components: ComponentRow[] = [];
  const idOfSite: string[] = [];
  for (const site of sites) {
    const serial = (serials.get(site.classCode) ?? 0) + 1;
    serials.set(site.classCode, serial);
    const id = makeComponentId(adminCode, site.classCode, serial);
    idOfSite.push(id);
    const gridIndex = grids.gridOfCell[site.cell]!;
    const grid = gridIndex >= 0 ? grids.grids[gridIndex]! : undefined;
    const owners = CLASS_OWNERS[site.classCode] ?? { owners: ['CGJ'] };
    const office = grid ? streetOfficeCode(grid.streetCode) : 'CGJ';
    const resolve = (code: string) => deptId.get(code === 'street' ? office : code) ?? null;
    const owner = owners.owners.length > 0 ? resolve(rng.pick(owners.owners)) : null;
    const maintainer = owners.maintainer !== undefined ? resolve(owners.maintainer) : owner;
    const state = componentState(site.classCode, rng);
    const [lon, lat] = lattice.lonLat(site.at[0], site.at[1]);
    components.push({
      id,
      standardId,
      classCode: site.classCode,
      name: classNames.get(site.classCode) ?? null,
      state,
      ownerDeptId: owner,
      maintainerDeptId: maintainer,
      gridCode: grid?.code ?? null,
      lon,
      lat,
      dataSource: '实测',
      note: null,
      createdDate: isoDate(surveyStart + rng.range(0, 365) * day),
      changedDate: state === 'intact' ? null : isoDate(now - rng.range(1, 180) * day),
    });
  }
  const busStops = busSites.map(({ index, street }) => {
    const c = components[index]!;
    return { componentId: idOfSite[index]!, street, lon: c.lon, lat: c.lat, gridCode: c.gridCode };
  });
  return { components, busStops };
}

/** Mostly intact (完好); a few damaged, covers now and then lost, some occupied. */
function componentState(classCode: string, rng: Random): ComponentState {
  const roll = rng.next();
  if (roll < 0.025) return 'damaged';
  if (roll < 0.031) return COVERS.test(classCode) ? 'lost' : 'damaged';
  if (roll < 0.04) return 'occupied';
  return 'intact';
}
