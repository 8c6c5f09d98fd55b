// The demo county, generated into an empty database: 青禾县, a synthetic county (admin code
// 990101: province code 99 does not exist, so it can never pass for real data). Everything
// follows from the seed: same seed and `now`, same county, row for row.
// First the county is planned in memory (pure), then written in one transaction, so a
// failure leaves no half county behind.
import { AreaStore, type AreaRow } from '../base/areas/index.js';
import { LandFeatureStore, StreetStore } from '../base/basemap/index.js';
import { BuildingStore } from '../base/buildings/index.js';
import { ComponentStore } from '../base/components/index.js';
import { CountyStore } from '../base/county/index.js';
import type { Db } from '../db/database.js';
import { DepartmentStore } from '../base/departments/index.js';
import { CameraStore, SensorStore, VehicleStore } from '../base/devices/index.js';
import { GBT_30428_2, seedClassRows, seedDictionary } from '../base/dictionary/index.js';
import { bboxOfPoints } from '../base/geo/index.js';
import { GridStore } from '../base/grids/index.js';
import { PlaceStore } from '../base/places/index.js';
import { cellsGeometry, planAreas } from './areas.js';
import { landFeatureRows, streetRows } from './basemap.js';
import { planBlocks } from './blocks.js';
import { planBuildings } from './buildings.js';
import { planComponents } from './components.js';
import { planDepartments, streetOfficeCode } from './departments.js';
import { planCameras, planSensors, planVehicles } from './devices.js';
import { planGrids } from './grids.js';
import { planHistory, type HistoryGrid, type PlannedCase } from './history.js';
import type { HistoryIds } from './replay.js';
import { buildLattice } from './lattice.js';
import { planPlaces } from './places.js';
import { Random } from './random.js';
import { SIZE_PROFILES, type DemoSize } from './sizes.js';
import { planStaff, type PlannedStaff } from './staff.js';
import { planStreets } from './streets.js';
import { planMuck, planPipelines } from './underground.js';
import { PipelineStore, WellStore } from '../base/pipelines/index.js';
import { MuckPermitStore, MuckSiteStore, MuckTruckStore } from '../channels/jt808/index.js';

export type { DemoSize } from './sizes.js';
export type { PlannedStaff } from './staff.js';

/** The fixed identity of the demo county. */
export const DEMO_COUNTY = {
  adminCode: '990101',
  name: '青禾县（示范·合成数据）',
  nameEn: 'Qinghe County (demo, synthetic)',
  centerLon: 118.1,
  centerLat: 28.4,
} as const;

/** Planning steps, then writing steps (write:*). */
export type DemoStep =
  | 'layout'
  | 'buildings'
  | 'devices'
  | 'components'
  | 'places'
  | 'history'
  | 'write:areas'
  | 'write:map'
  | 'write:components'
  | 'write:places'
  | 'write:history'
  | 'done';

/** Share of the total work done when each step starts (measured on the full county). */
const STEP_START: Record<DemoStep, number> = {
  layout: 0,
  buildings: 0.02,
  devices: 0.03,
  components: 0.04,
  places: 0.16,
  history: 0.18,
  'write:areas': 0.4,
  'write:map': 0.42,
  'write:components': 0.45,
  'write:places': 0.7,
  'write:history': 0.73,
  done: 1,
};

export interface DemoOptions {
  size: DemoSize;
  seed: number;
  /** The end of the history (ms since epoch); also the county's creation time. */
  now: number;
  /** Creates one user (in core/auth) and returns its id; called inside the transaction. */
  createUser: (staff: PlannedStaff) => Promise<number>;
  /** Called as each step starts, with the share of the whole work done so far (0..1). */
  onProgress?: (step: DemoStep, fraction: number) => void;
  /**
   * Writes the planned history: the county server replays it through the workflow engine
   * (core/demo/replay.ts), so every trail is a real one.
   */
  writeHistory: (plan: readonly PlannedCase[], ids: HistoryIds) => Promise<{ cases: number; events: number }>;
}

export interface DemoCounts {
  areas: number;
  grids: number;
  classes: number;
  departments: number;
  users: number;
  streets: number;
  landFeatures: number;
  buildings: number;
  components: number;
  cameras: number;
  sensors: number;
  vehicles: number;
  places: number;
  pipelines: number;
  wells: number;
  muckTrucks: number;
  cases: number;
  caseEvents: number;
}

/** Everything about the demo county, in memory, before it is written. */
export type DemoPlan = ReturnType<typeof planDemoCounty>;

export function planDemoCounty(size: DemoSize, seed: number, now: number, onProgress?: DemoOptions['onProgress']) {
  const profile = SIZE_PROFILES[size];
  const rng = new Random(`qinghe/${seed}/${size}`);
  const { adminCode } = DEMO_COUNTY;
  onProgress?.('layout', STEP_START.layout);
  const lattice = buildLattice(profile, rng.fork('lattice'), DEMO_COUNTY.centerLon, DEMO_COUNTY.centerLat);
  const blocks = planBlocks(lattice, profile, rng.fork('blocks'));
  const net = planStreets(lattice, blocks, profile, rng.fork('streets'));
  const areas = planAreas(lattice, blocks, net, profile, rng.fork('areas'), adminCode);
  const grids = planGrids(lattice, blocks, areas);
  const departments = planDepartments(areas.streets);
  const staff = planStaff(profile, departments, grids.grids, rng.fork('staff'));

  onProgress?.('buildings', STEP_START.buildings);
  const buildings = planBuildings(lattice, blocks, net, grids, profile, rng.fork('buildings'));

  onProgress?.('devices', STEP_START.devices);
  const cameraPlan = planCameras(lattice, blocks, net, grids, departments, profile, rng.fork('cameras'));
  const vehicles = planVehicles(lattice, net, departments, profile, cameraPlan.cameras, now, rng.fork('vehicles'));

  onProgress?.('components', STEP_START.components);
  const classes = seedClassRows().filter((c) => c.standardId === GBT_30428_2 && c.level === 'small');
  const componentNames = new Map(classes.filter((c) => c.kind === 'component').map((c) => [c.code, c.name]));
  const eventNames = new Map(classes.filter((c) => c.kind === 'event').map((c) => [c.code, c.name]));
  const componentPlan = planComponents(
    { lattice, blocks, net, grids, departments, profile, adminCode, standardId: GBT_30428_2, classNames: componentNames, cameraSites: cameraPlan.sites, now },
    rng.fork('components'),
  );
  const sensors = planSensors(lattice, blocks, net, grids, componentPlan.components, componentNames, profile, rng.fork('sensors'));

  onProgress?.('places', STEP_START.places);
  const places = planPlaces(lattice, blocks, net, grids, buildings.estates, componentPlan.busStops, rng.fork('places'));

  onProgress?.('history', STEP_START.history);
  const departmentCode = new Map(departments.map((d) => [d.id, d.code]));
  const history = planHistory({
    seed: `qinghe/${seed}/${size}`,
    count: profile.cases,
    now,
    grids: historyGrids(grids.grids, places),
    hotspots: blocks.landmarks.flatMap((l) => {
      const hot = { market: [300, 2.5], school: [200, 1.5], hospital: [250, 1.8], plaza: [200, 1.5] } as Record<string, [number, number]>;
      const spec = hot[l.kind];
      if (!spec) return [];
      const [lon, lat] = lattice.lonLat((lattice.xs[l.i0]! + lattice.xs[l.i1]!) / 2, (lattice.ys[l.j0]! + lattice.ys[l.j1]!) / 2);
      return [{ lon, lat, radiusM: spec[0], factor: spec[1] }];
    }),
    metresPerDeg: { lon: lattice.frame.metresPerDegLon, lat: lattice.frame.metresPerDegLat },
    components: componentPlan.components.map((c) => ({
      id: c.id,
      classCode: c.classCode,
      gridCode: c.gridCode ?? '',
      lon: c.lon,
      lat: c.lat,
      maintainerCode: c.maintainerDeptId === null ? null : (departmentCode.get(c.maintainerDeptId) ?? null),
    })),
    staff,
    streetOffices: new Map(areas.streets.map((s) => [s.code, streetOfficeCode(s.code)])),
    cameras: cameraPlan.cameras.filter((c) => c.kind === 'police' || c.kind === 'city'),
    sensors,
    classNames: { component: componentNames, event: eventNames },
  });
  markOpenComponentCases(componentPlan.components, history, now);

  // Under the streets, and the muck trucks on them.
  const streetLines = streetRows(lattice, net);
  const underground = planPipelines(streetLines, componentPlan.components, rng.fork('pipelines'));
  const constructionSites = blocks.landmarks
    .filter((l) => l.kind === 'construction')
    .map((l) => {
      const [lon, lat] = lattice.lonLat((lattice.xs[l.i0]! + lattice.xs[l.i1]!) / 2, (lattice.ys[l.j0]! + lattice.ys[l.j1]!) / 2);
      return { name: l.name, lon, lat };
    });
  const muck = planMuck(streetLines, constructionSites, [DEMO_COUNTY.centerLon, DEMO_COUNTY.centerLat], now, rng.fork('muck'));

  return { profile, lattice, blocks, net, areas, grids, departments, staff, buildings, cameras: cameraPlan.cameras, vehicles, components: componentPlan.components, sensors, places, history, underground, muck };
}

/** Generates the demo county into an empty, migrated database and returns what it wrote. */
export async function generateDemoCounty(db: Db, options: DemoOptions): Promise<DemoCounts> {
  const countyStore = new CountyStore(db);
  if (await countyStore.count() > 0) throw new Error('this database already holds a county; the demo county is only generated into an empty one');
  const plan = planDemoCounty(options.size, options.seed, options.now, options.onProgress);
  const { lattice, areas, grids } = plan;
  const progress = (step: DemoStep) => options.onProgress?.(step, STEP_START[step]);

  const counts = await db.transaction(async (): Promise<DemoCounts> => {
    progress('write:areas');
    const allGrids = bboxOfPoints(grids.grids.flatMap((g) => [[g.bbox.west, g.bbox.south] as const, [g.bbox.east, g.bbox.north] as const]));
    await countyStore.insert({ ...DEMO_COUNTY, ...allGrids, synthetic: true, createdAt: options.now });
    await seedDictionary(db);

    const areaRows: AreaRow[] = [
      { code: DEMO_COUNTY.adminCode, level: 'county', parentCode: null, name: DEMO_COUNTY.name, geometry: JSON.stringify(cellsGeometry(lattice, plan.blocks.cells)) },
      ...areas.streets.map((s) => ({ code: s.code, level: 'street' as const, parentCode: DEMO_COUNTY.adminCode, name: s.name, geometry: JSON.stringify(cellsGeometry(lattice, s.cells)) })),
      ...areas.communities.map((c) => ({ code: c.code, level: 'community' as const, parentCode: c.streetCode, name: c.name, geometry: JSON.stringify(cellsGeometry(lattice, c.cells)) })),
    ];
    const areaCount = await new AreaStore(db).insertMany(areaRows);
    const gridCount = await new GridStore(db).insertMany(
      grids.grids.map((g) => ({
        code: g.code,
        communityCode: g.communityCode,
        areaM2: g.areaM2,
        geometry: JSON.stringify({ type: 'Polygon', coordinates: [g.ring] }),
        centerLon: g.center[0],
        centerLat: g.center[1],
        ...g.bbox,
        changedAt: null,
      })),
    );
    const departmentCount = await new DepartmentStore(db).insertMany(plan.departments);

    const userId = new Map<string, number>();
    for (const person of plan.staff) userId.set(person.username, await options.createUser(person));

    progress('write:map');
    const streetCount = await new StreetStore(db).insertMany(streetRows(lattice, plan.net));
    const landFeatureCount = await new LandFeatureStore(db).insertMany(landFeatureRows(lattice, plan.blocks, plan.net));
    const buildingCount = await new BuildingStore(db).insertMany(plan.buildings.buildings);
    progress('write:components');
    const componentCount = await new ComponentStore(db).insertMany(plan.components);
    const cameraCount = await new CameraStore(db).insertMany(plan.cameras);
    const sensorCount = await new SensorStore(db).insertMany(plan.sensors);
    const vehicleCount = await new VehicleStore(db).insertMany(plan.vehicles);
    progress('write:places');
    const placeCount = await new PlaceStore(db).insertMany(plan.places);
    const pipelineCount = await new PipelineStore(db).insertMany(plan.underground.pipes.map((p, k) => ({ id: k + 1, ...p })));
    const wellCount = await new WellStore(db).insertMany(plan.underground.wells.map((w, k) => ({ id: k + 1, ...w })));
    await new MuckSiteStore(db).insertMany(plan.muck.sites);
    const truckCount = await new MuckTruckStore(db).insertMany(plan.muck.trucks);
    await new MuckPermitStore(db).insertMany(plan.muck.permits);
    progress('write:history');
    const history = await options.writeHistory(plan.history, {
      userId,
      departmentId: new Map(plan.departments.map((d) => [d.code, d.id])),
      standardId: GBT_30428_2,
    });
    return {
      areas: areaCount,
      grids: gridCount,
      classes: seedClassRows().length,
      departments: departmentCount,
      users: userId.size,
      streets: streetCount,
      landFeatures: landFeatureCount,
      buildings: buildingCount,
      components: componentCount,
      cameras: cameraCount,
      sensors: sensorCount,
      vehicles: vehicleCount,
      places: placeCount,
      pipelines: pipelineCount,
      wells: wellCount,
      muckTrucks: truckCount,
      cases: history.cases,
      caseEvents: history.events,
    };
  });
  progress('done');
  return counts;
}

/** Grids with the addresses a caller would give for them: door plates, else estates and POIs. */
function historyGrids(grids: DemoPlan['grids']['grids'], places: DemoPlan['places']): HistoryGrid[] {
  const plates = new Map<string, { name: string; lon: number; lat: number }[]>();
  const named = new Map<string, { name: string; lon: number; lat: number }[]>();
  for (const p of places) {
    if (p.gridCode === null || p.kind === 'street') continue;
    const into = p.kind === 'doorplate' ? plates : named;
    if (!into.has(p.gridCode)) into.set(p.gridCode, []);
    into.get(p.gridCode)!.push({ name: p.name, lon: p.lon, lat: p.lat });
  }
  return grids.map((g) => ({
    code: g.code,
    communityCode: g.communityCode,
    streetCode: g.streetCode,
    zone: g.zone,
    lon: g.center[0],
    lat: g.center[1],
    addresses: plates.get(g.code) ?? named.get(g.code) ?? [],
  }));
}

/** A component with an open case about it is not intact: the register says what the case says. */
function markOpenComponentCases(components: DemoPlan['components'], history: readonly PlannedCase[], now: number): void {
  const finished = new Set(['closed', 'void', 'not_accepted', 'not_registered']);
  const byId = new Map(components.map((c) => [c.id, c]));
  for (const c of history) {
    if (c.componentId === null || c.componentProblem === null || finished.has(c.state)) continue;
    const component = byId.get(c.componentId);
    if (!component) continue;
    component.state = c.componentProblem;
    component.changedDate = new Date(Math.min(c.reportedAt, now) + 8 * 3_600_000).toISOString().slice(0, 10);
  }
}
