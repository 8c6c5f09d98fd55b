// Buildings inside the blocks: slab housing facing south with sunlight spacing, low
// courtyard houses in the old town, towers in the centre, sheds in the industrial area,
// landmark buildings for schools, hospitals, the government and markets.
import type { BuildingRow } from '../base/buildings/index.js';
import type { TownBlocks, Zone } from './blocks.js';
import { cellSides, sideInset } from './frontage.js';
import type { GridLayout } from './grids.js';
import type { Lattice } from './lattice.js';
import { ESTATE_SUFFIXES, ESTATE_WORDS, chineseNumeral } from './names.js';
import type { Random } from './random.js';
import type { SizeProfile } from './sizes.js';
import type { StreetNetwork } from './streets.js';

export interface Estate {
  name: string;
  /** The housing blocks it spans (one to three side by side). */
  cells: number[];
}

export interface BuildingPlan {
  buildings: BuildingRow[];
  /** Residential compounds (小区), one per housing block, for names and geocoding. */
  estates: Estate[];
}

/** A footprint in lattice metres: [west, south, east, north], with its height and name. */
interface Footprint {
  box: [number, number, number, number];
  height: number;
  floors: number;
  name: string | null;
}

/** Setback from the kerb-side half of a street, metres, by street kind. */
const SETBACK = { main: 8, secondary: 5, lane: 1.5 } as const;

const NO_BUILDINGS: ReadonlySet<Zone> = new Set(['river', 'riverPark', 'plaza']);

export function planBuildings(lattice: Lattice, blocks: TownBlocks, net: StreetNetwork, grids: GridLayout, profile: SizeProfile, rng: Random): BuildingPlan {
  const buildings: BuildingRow[] = [];
  const estates: Estate[] = [];
  const estateNames = new Set<string>();
  const phases = new Map<string, number>();
  const newEstateName = () => {
    for (let attempt = 0; attempt < 30; attempt++) {
      const name = rng.pick(ESTATE_WORDS) + rng.pick(ESTATE_SUFFIXES);
      if (!estateNames.has(name)) {
        estateNames.add(name);
        return name;
      }
    }
    // Every word is taken: build the next phase (二期, 三期...) of an existing estate.
    const base = rng.pick([...estateNames].filter((n) => !n.endsWith('期')));
    const phase = (phases.get(base) ?? 1) + 1;
    phases.set(base, phase);
    return `${base}${chineseNumeral(phase)}期`;
  };
  let estate: Estate | undefined;
  let estateSpan = 0;
  const buildingsOf = new Map<Estate, number>();
  let towersLeft = profile.towers;
  const south = lattice.riverRow;

  for (const cell of blocks.cells) {
    const zone = blocks.zone[cell]!;
    if (NO_BUILDINGS.has(zone)) continue;
    const sides = cellSides(lattice, net, cell);
    const oldTown = zone === 'oldTown';
    const inset = sides.map((s) => sideInset(s, s.street ? (oldTown && s.street.kind === 'lane' ? 0.5 : SETBACK[s.street.kind]) : 0, 4));
    const [sIn, eIn, nIn, wIn] = inset as [number, number, number, number];
    const i = lattice.cellI(cell);
    const j = lattice.cellJ(cell);
    const box: [number, number, number, number] = [lattice.xs[i]! + wIn, lattice.ys[j]! + sIn, lattice.xs[i + 1]! - eIn, lattice.ys[j + 1]! - nIn];
    if (box[2] - box[0] < 12 || box[3] - box[1] < 12) continue;
    const landmark = blocks.landmarkOf[cell]! >= 0 ? blocks.landmarks[blocks.landmarkOf[cell]!] : undefined;

    let footprints: Footprint[];
    switch (zone) {
      case 'residential': {
        // Some older housing blocks are self-built houses on small plots (自建房), not estates.
        if (j > south && rng.chance(0.2)) {
          footprints = courtyards(box, rng, 3, 5);
          estate = undefined;
          break;
        }
        // An estate runs over one to three blocks side by side along a row.
        const previous = i > 0 ? lattice.cell(i - 1, j) : -1;
        if (!estate || estate.cells.length >= estateSpan || estate.cells.at(-1) !== previous) {
          estate = { name: newEstateName(), cells: [] };
          estateSpan = rng.int(1, 3);
          estates.push(estate);
        }
        estate.cells.push(cell);
        footprints = housing(box, rng, j < south);
        // Buildings are numbered through the whole estate: 锦绣花园1栋, 2栋...
        let number = buildingsOf.get(estate) ?? 0;
        for (const f of footprints) f.name = `${estate.name}${++number}栋`;
        buildingsOf.set(estate, number);
        break;
      }
      case 'oldTown':
        footprints = courtyards(box, rng, 2, 4);
        break;
      case 'centre': {
        const tower = towersLeft > 0 && rng.chance(0.25);
        if (tower) towersLeft--;
        footprints = centreBlock(box, rng, tower);
        break;
      }
      case 'industrial':
        footprints = sheds(box, rng);
        break;
      default:
        footprints = landmarkBuildings(zone, box, rng, landmark?.name ?? null, landmark !== undefined && landmark.i0 === i && landmark.j0 === j);
    }

    const gridIndex = grids.gridOfCell[cell]!;
    const gridCode = gridIndex >= 0 ? grids.grids[gridIndex]!.code : null;
    for (const f of footprints) {
      if (profile.buildingDensity < 1 && !rng.chance(profile.buildingDensity)) continue;
      const [w, s, e, n] = f.box;
      const corners = [[w, s], [e, s], [e, n], [w, n], [w, s]].map(([x, y]) => [...lattice.lonLat(x!, y!)]);
      const [cLon, cLat] = lattice.lonLat((w + e) / 2, (s + n) / 2);
      buildings.push({
        id: buildings.length + 1,
        gridCode,
        name: f.name,
        heightM: Math.round(f.height * 10) / 10,
        floors: f.floors,
        footprint: JSON.stringify({ type: 'Polygon', coordinates: [corners] }),
        centerLon: cLon,
        centerLat: cLat,
      });
    }
  }
  return { buildings, estates };
}

/** Slab blocks in rows facing south, spaced for winter sun; point towers for the tallest. Named by the caller. */
function housing(box: [number, number, number, number], rng: Random, newDistrict: boolean): Footprint[] {
  const [w, s, e, n] = box;
  const floors = rng.pick(newDistrict ? [11, 18, 18, 26, 32] : [6, 6, 7, 11, 18]);
  const height = floors * 3;
  const tower = floors >= 26;
  const depth = tower ? rng.range(18, 24) : rng.range(11, 14);
  const spacing = Math.max(10, height * (tower ? 0.55 : 0.85));
  const out: Footprint[] = [];
  for (let y = s; y + depth <= n; y += depth + spacing) {
    let x = w;
    while (x < e) {
      const length = tower ? depth : rng.range(36, 60);
      if (x + length > e) break;
      out.push({ box: [x, y, x + length, y + depth], height, floors, name: null });
      x += length + rng.range(8, 14);
    }
  }
  return out;
}

/** Low houses on small lots: the old town's grain, and self-built housing. */
function courtyards(box: [number, number, number, number], rng: Random, minFloors: number, maxFloors: number): Footprint[] {
  const [w, s, e, n] = box;
  const out: Footprint[] = [];
  const lot = rng.range(15, 19);
  for (let y = s; y + lot <= n + 0.01; y += lot) {
    for (let x = w; x + lot <= e + 0.01; x += lot) {
      if (rng.chance(0.2)) continue; // a courtyard or a lane
      const floors = rng.int(minFloors, maxFloors);
      out.push({ box: [x + 1, y + 1, x + lot - rng.range(2, 5), y + lot - rng.range(2, 5)], height: floors * 3.3, floors, name: null });
    }
  }
  return out;
}

/** A podium and one or two towers; now and then one of the county's few skyscrapers. */
function centreBlock(box: [number, number, number, number], rng: Random, skyscraper: boolean): Footprint[] {
  const [w, s, e, n] = box;
  const out: Footprint[] = [];
  const podiumFloors = rng.int(3, 5);
  out.push({ box: [w, s, Math.min(e, w + rng.range(45, 70)), Math.min(n, s + rng.range(25, 35))], height: podiumFloors * 4.5, floors: podiumFloors, name: null });
  const towers = skyscraper ? 1 : rng.int(1, 2);
  for (let k = 0; k < towers; k++) {
    const floors = skyscraper ? rng.int(40, 52) : rng.int(15, 32);
    const size = rng.range(22, 30);
    const x = k === 0 ? e - size : w + 4;
    const y = n - size;
    if (x < w || y < s + 30) continue;
    out.push({ box: [x, y, x + size, y + size], height: floors * 3.2, floors, name: null });
  }
  return out;
}

function sheds(box: [number, number, number, number], rng: Random): Footprint[] {
  const [w, s, e, n] = box;
  const out: Footprint[] = [];
  const mid = (w + e) / 2 + rng.range(-8, 8);
  const height = rng.range(8, 15);
  out.push({ box: [w, s, mid - 6, n - 18], height, floors: 1, name: null });
  if (rng.chance(0.7)) out.push({ box: [mid + 6, s, e, n - 18], height: rng.range(8, 15), floors: rng.int(1, 2), name: null });
  out.push({ box: [w, n - 14, w + Math.min(30, e - w), n], height: 12, floors: 3, name: null });
  return out;
}

function landmarkBuildings(zone: Zone, box: [number, number, number, number], rng: Random, name: string | null, main: boolean): Footprint[] {
  const [w, s, e, n] = box;
  const named = (suffix: string) => (name && main ? `${name}${suffix}` : null);
  const slab = (x0: number, y0: number, length: number, depth: number, floors: number, title: string | null, storey = 3.6): Footprint => ({
    box: [x0, y0, Math.min(e, x0 + length), Math.min(n, y0 + depth)],
    height: floors * storey,
    floors,
    name: title,
  });
  switch (zone) {
    case 'school':
      // Teaching blocks on one half; the sports ground keeps the other half open.
      return [slab(w, n - 14, 55, 14, rng.int(4, 5), named('教学楼')), slab(w, n - 40, 45, 14, 4, named('实验楼'))];
    case 'hospital':
      return main ? [slab(w, s, 45, 28, rng.int(8, 14), named('门诊楼'), 4), slab(e - 30, n - 22, 30, 22, rng.int(12, 18), named('住院楼'))] : [slab(w, s, 35, 20, 5, null)];
    case 'government':
      return [slab(w + 10, n - 28, 60, 25, 8, named('办公楼'), 3.8), slab(w, s, 30, 15, 4, null), slab(e - 30, s, 30, 15, 4, null)];
    case 'market':
      return [slab(w, s, Math.min(55, e - w), Math.min(38, n - s), 2, named('交易大厅'), 5)];
    case 'construction':
      // Going up: the frame stands a few floors short of its final height.
      return [slab(w + 5, s + 5, 40, 18, rng.int(3, 14), null, 3)];
    case 'park':
      return rng.chance(0.5) ? [slab((w + e) / 2 - 5, (s + n) / 2 - 5, 10, 10, 1, null, 5)] : [];
    default:
      return [];
  }
}
