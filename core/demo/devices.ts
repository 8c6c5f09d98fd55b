// Cameras, IoT sensors and vehicles of the demo county. Police (天网) cameras watch the
// busiest junctions, the city's own cameras the markets, schools, plazas and riverside; a few
// ride on enforcement vehicles and some are worn by officers. Water-level gauges sit at the
// low points by the river; smart covers on manholes in the centre.
import type { ComponentRow } from '../base/components/index.js';
import type { CameraKind, CameraRow, SensorRow, VehicleKind, VehicleRow } from '../base/devices/index.js';
import type { DepartmentRow } from '../base/departments/index.js';
import type { Point } from '../base/geo/index.js';
import type { TownBlocks } from './blocks.js';
import { cornerSites, type ComponentSite } from './components.js';
import { cellSides, sidePoint } from './frontage.js';
import type { GridLayout } from './grids.js';
import type { Lattice } from './lattice.js';
import type { Random } from './random.js';
import type { SizeProfile } from './sizes.js';
import type { StreetNetwork } from './streets.js';

export interface CameraPlan {
  cameras: CameraRow[];
  /** Fixed cameras, surveyed as components of class 0136 (监控电子眼) too. */
  sites: ComponentSite[];
}

interface Placed {
  cell: number;
  at: Point;
  name: string;
  /** Lattice direction the camera looks along. */
  look: Point;
}

const CAMERA_HEIGHT: Record<CameraKind, [number, number]> = { police: [6, 8], city: [4, 6], vehicle: [2.4, 2.6], body: [1.4, 1.6] };
const CAMERA_PREFIX: Record<CameraKind, string> = { police: 'P', city: 'C', vehicle: 'V', body: 'B' };
/** 天网 cameras are the police's, shared with the centre; the rest are the city-management bureau's. */
const CAMERA_OWNER: Record<CameraKind, string> = { police: 'GAJ', city: 'CGJ', vehicle: 'CGJ', body: 'CGJ' };

export function planCameras(lattice: Lattice, blocks: TownBlocks, net: StreetNetwork, grids: GridLayout, departments: readonly DepartmentRow[], profile: SizeProfile, rng: Random): CameraPlan {
  const deptId = (code: string) => departments.find((d) => d.code === code)?.id ?? null;
  const cameras: CameraRow[] = [];
  const sites: ComponentSite[] = [];
  const add = (kind: CameraKind, p: Placed) => {
    const [lon, lat] = lattice.lonLat(p.at[0], p.at[1]);
    const [lo, hi] = CAMERA_HEIGHT[kind];
    const gridIndex = grids.gridOfCell[p.cell]!;
    const number = cameras.filter((c) => c.kind === kind).length + 1;
    cameras.push({
      id: cameras.length + 1,
      code: `${CAMERA_PREFIX[kind]}${String(number).padStart(4, '0')}`,
      name: p.name,
      kind,
      lon,
      lat,
      heightM: Math.round(rng.range(lo, hi) * 10) / 10,
      headingDeg: lattice.bearing(p.at[0], p.at[1], p.look[0], p.look[1]),
      ptz: kind === 'police' ? rng.chance(0.3) : kind === 'city' ? rng.chance(0.5) : false,
      gridCode: gridIndex >= 0 ? grids.grids[gridIndex]!.code : null,
      departmentId: deptId(CAMERA_OWNER[kind]),
    });
    if (kind === 'police' || kind === 'city') sites.push({ classCode: '0136', cell: p.cell, at: p.at });
  };

  // 天网: the busiest junctions first; the camera stands on a corner and looks into the crossing.
  const junctions = rng.shuffle([...net.junctions]).sort((a, b) => b.rank - a.rank);
  for (const junction of junctions.slice(0, profile.cameras.police)) {
    const corner = cornerSites(lattice, net, blocks, junction.i, junction.j)[0];
    if (!corner) continue;
    const [a, b] = junction.streets.map((id) => net.streets[id]!.name);
    const name = b !== undefined && b !== a ? `${a}与${b}交叉口` : `${a}路口`;
    add('police', { ...corner, name, look: [lattice.xs[junction.i]! - corner.at[0], lattice.ys[junction.j]! - corner.at[1]] });
  }

  // 城管: landmarks first (gates of markets, schools, plazas, parks, hospitals), then busy streets.
  const watched = blocks.landmarks.filter((l) => l.kind !== 'government');
  const streetSides = blocks.cells
    .filter((c) => ['oldTown', 'centre', 'riverPark', 'market'].includes(blocks.zone[c]!))
    .flatMap((c) => cellSides(lattice, net, c).filter((s) => s.street));
  for (let k = 0; k < profile.cameras.city; k++) {
    let landmark = k < watched.length * 2 ? watched[k % watched.length] : undefined;
    let side = landmark ? cellSides(lattice, net, lattice.cell(landmark.i0, landmark.j0)).filter((s) => s.street)[k < watched.length ? 0 : 1] : undefined;
    if (!side) {
      // No street at that gate (or no landmark left): watch a busy street instead.
      landmark = undefined;
      side = streetSides.length > 0 ? rng.pick(streetSides) : undefined;
    }
    if (!side?.street) continue;
    const along = side.startMargin + rng.range(0.2, 0.8) * Math.max(1, side.length - side.startMargin - side.endMargin);
    const at = sidePoint(side, along, side.street.widthM / 2 - 0.8);
    const name = landmark ? `${landmark.name}${k < watched.length ? '门口' : '周边'}` : `${side.street.name}${rng.int(1, 60) * 2}号附近`;
    add('city', { cell: side.cell, at, name, look: [side.dx * (rng.chance(0.5) ? 1 : -1), side.dy] });
  }

  // Worn by officers: where they were last seen on patrol in the centre and old town.
  for (let k = 0; k < profile.cameras.body && streetSides.length > 0; k++) {
    const side = rng.pick(streetSides);
    const at = sidePoint(side, side.length / 2, (side.street?.widthM ?? 8) / 2 - 1);
    add('body', { cell: side.cell, at, name: `执法记录仪${String(k + 1).padStart(2, '0')}`, look: [side.dx, side.dy] });
  }
  return { cameras, sites };
}

/** Vehicles on the streets where they last reported; enforcement vehicles carry the vehicle cameras. */
export function planVehicles(
  lattice: Lattice,
  net: StreetNetwork,
  departments: readonly DepartmentRow[],
  profile: SizeProfile,
  cameras: CameraRow[],
  now: number,
  rng: Random,
): VehicleRow[] {
  const deptId = (code: string) => departments.find((d) => d.code === code)?.id ?? null;
  const roads = net.streets.filter((s) => s.kind !== 'lane');
  const vehicles: VehicleRow[] = [];
  const kinds: [VehicleKind, number, string, string][] = [
    ['sweeper', profile.vehicles.sweeper, 'HWS', 'SW'],
    ['sprinkler', profile.vehicles.sprinkler, 'HWS', 'SP'],
    ['enforcement', profile.vehicles.enforcement, 'CGJ', 'EN'],
  ];
  const letters = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
  for (const [kind, count, department, prefix] of kinds) {
    for (let k = 0; k < count && roads.length > 0; k++) {
      const street = rng.pick(roads);
      const edge = rng.int(street.from, street.to - 1) + rng.next();
      const forward = rng.chance(0.5);
      const offset = (forward ? 1 : -1) * street.widthM * 0.15;
      const at: Point = street.axis === 'h' ? [lerp(lattice.xs, edge), lattice.ys[street.line]! - offset] : [lattice.xs[street.line]! + offset, lerp(lattice.ys, edge)];
      const dir: Point = street.axis === 'h' ? [forward ? 1 : -1, 0] : [0, forward ? 1 : -1];
      const [lon, lat] = lattice.lonLat(at[0], at[1]);
      // 禾 is no province's plate prefix: these plates cannot be mistaken for real ones.
      const plate = `禾A·${letters[rng.int(0, letters.length - 1)]}${String(rng.int(0, 9999)).padStart(4, '0')}`;
      vehicles.push({
        id: vehicles.length + 1,
        code: `${prefix}${String(k + 1).padStart(2, '0')}`,
        plate,
        kind,
        departmentId: deptId(department),
        lon,
        lat,
        headingDeg: lattice.bearing(at[0], at[1], dir[0], dir[1]),
        seenAt: now - rng.int(5, 600) * 1000,
      });
    }
  }
  // Vehicle-mounted cameras travel with the enforcement vehicles.
  const enforcement = vehicles.filter((v) => v.kind === 'enforcement');
  for (let k = 0; k < profile.cameras.vehicle && enforcement.length > 0; k++) {
    const v = enforcement[k % enforcement.length]!;
    cameras.push({
      id: cameras.length + 1,
      code: `V${String(k + 1).padStart(4, '0')}`,
      name: `${v.plate} 车载`,
      kind: 'vehicle',
      lon: v.lon!,
      lat: v.lat!,
      heightM: 2.5,
      headingDeg: v.headingDeg ?? 0,
      ptz: false,
      gridCode: null,
      departmentId: v.departmentId,
    });
  }
  return vehicles;
}

function lerp(lines: Float64Array, position: number): number {
  const k = Math.floor(position);
  const f = position - k;
  return lines[k]! + (lines[k + 1]! - lines[k]!) * f;
}

/** Water-level gauges at low points beside the river; smart covers on sewer and storm manholes. */
export function planSensors(
  lattice: Lattice,
  blocks: TownBlocks,
  net: StreetNetwork,
  grids: GridLayout,
  components: readonly ComponentRow[],
  classNames: ReadonlyMap<string, string>,
  profile: SizeProfile,
  rng: Random,
): SensorRow[] {
  const sensors: SensorRow[] = [];
  const r = lattice.riverRow;
  // Low points: the ends of the bridges, where the riverside roads dip.
  const bridgeEnds = net.streets
    .filter((s) => s.axis === 'v' && s.from <= r - 1 && s.to >= r + 2)
    .flatMap((s) => [r - 1, r + 1].map((j) => ({ street: s, cell: lattice.cell(s.line, j) })))
    .filter((b) => blocks.inTown[b.cell]);
  const points = rng.shuffle(bridgeEnds);
  for (let k = 0; k < profile.sensors.waterLevel && points.length > 0; k++) {
    const { street, cell } = points[k % points.length]!;
    const j = lattice.cellJ(cell);
    const at: Point = [lattice.xs[street.line]! + street.widthM / 2 + 2 + k * 0.5, (lattice.ys[j]! + lattice.ys[j + 1]!) / 2];
    const [lon, lat] = lattice.lonLat(at[0], at[1]);
    const gridIndex = grids.gridOfCell[cell]!;
    sensors.push({
      id: sensors.length + 1,
      code: `WL${String(k + 1).padStart(3, '0')}`,
      name: `${street.name}${j > r ? '北' : '南'}桥头易涝点水位`,
      kind: 'water_level',
      lon,
      lat,
      gridCode: gridIndex >= 0 ? grids.grids[gridIndex]!.code : null,
      componentId: null,
      status: 'normal',
    });
  }
  const covers = components.filter((c) => (c.classCode === '0102' || c.classCode === '0103' || c.classCode === '0111') && c.state === 'intact');
  for (let k = 0; k < profile.sensors.manholeCover && covers.length > 0; k++) {
    const cover = covers.splice(rng.int(0, covers.length - 1), 1)[0]!;
    sensors.push({
      id: sensors.length + 1,
      code: `MC${String(k + 1).padStart(3, '0')}`,
      name: `智能井盖·${classNames.get(cover.classCode) ?? cover.classCode}`,
      kind: 'manhole_cover',
      lon: cover.lon,
      lat: cover.lat,
      gridCode: cover.gridCode,
      componentId: cover.id,
      status: 'normal',
    });
  }
  // One gauge offline and one cover in alarm: what a wall shows on an ordinary day.
  if (sensors.length > 2) {
    sensors[0]!.status = 'offline';
    sensors[sensors.length - 1]!.status = 'alarm';
  }
  return sensors;
}
