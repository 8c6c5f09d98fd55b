// A synthetic county for the command wall's tests and benchmark, written through core's own
// stores into a running county: grids of 100 m, streets, a river, parks, buildings, components,
// cameras, sensors, vehicles, staff and a week of cases driven through the real workflow.
// 'small' is a few blocks (fast e2e); 'full' is the 20 km² county of DOMAIN.md (about 2,000
// grids and 170,000 components). The demo county generator (core/demo) supersedes it where present.
import { hashPassword } from '../../core/auth/passwords.js';
import type { Actor } from '../../core/cases/workflow.js';
import type { RoleCode } from '../../core/contract/index.js';
import type { ComponentRow, ComponentState } from '../../core/components/store.js';
import { AreaStore } from '../../core/areas/store.js';
import { BuildingStore, type BuildingRow } from '../../core/buildings/store.js';
import { LandFeatureStore, StreetStore, type LandFeatureRow, type StreetRow } from '../../core/basemap/store.js';
import { CameraStore, SensorStore, VehicleStore, type CameraKind, type SensorStatus, type VehicleKind } from '../../core/devices/store.js';
import { localFrame } from '../../core/geo/frame.js';
import type { CountyContext } from '../../core/server/context.js';

export type WallCountySize = 'small' | 'full';

export const WALL_ADMIN_CODE = '990101';
export const WALL_CENTER = { lon: 118.1, lat: 28.4 };
const CELL_M = 100;

interface Plan {
  cellsX: number;
  cellsY: number;
  components: number;
  cameras: number;
  sensors: number;
  vehicles: number;
  cases: number;
}

const PLANS: Record<WallCountySize, Plan> = {
  small: { cellsX: 14, cellsY: 10, components: 3_000, cameras: 24, sensors: 12, vehicles: 6, cases: 40 },
  full: { cellsX: 45, cellsY: 45, components: 170_000, cameras: 340, sensors: 120, vehicles: 40, cases: 400 },
};

/** Deterministic numbers (mulberry32), so every run draws the same county. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const round7 = (v: number) => Math.round(v * 1e7) / 1e7;

export interface WallCounty {
  size: WallCountySize;
  bbox: { west: number; south: number; east: number; north: number };
  /** A component known to exist, and where it is (for picking tests). */
  knownComponent: { id: string; lon: number; lat: number; classCode: string };
  grids: string[];
  /** Staff who can file and move cases; each has the password given. */
  users: Record<'acceptor' | 'inspector' | 'leader' | 'dispatcher', string>;
  buildings: number;
  components: number;
}

/** Writes the county into an empty county database; refuses one that already has a county. */
export async function seedWallCounty(ctx: CountyContext, options: { size?: WallCountySize; password: string; seed?: number }): Promise<WallCounty> {
  const size = options.size ?? 'small';
  const plan = PLANS[size];
  const random = rng(options.seed ?? 4);
  if (ctx.county.get()) throw new Error('the county already has data: seedWallCounty writes into an empty one');
  const frame = localFrame(WALL_CENTER.lon, WALL_CENTER.lat);
  const widthM = plan.cellsX * CELL_M;
  const heightM = plan.cellsY * CELL_M;
  const x0 = -widthM / 2;
  const y0 = -heightM / 2;
  const pt = (x: number, y: number): [number, number] => [round7(frame.lon(x)), round7(frame.lat(y))];
  const rect = (x: number, y: number, w: number, h: number) => [[pt(x, y), pt(x + w, y), pt(x + w, y + h), pt(x, y + h), pt(x, y)]];
  const bbox = { west: pt(x0, y0)[0], south: pt(x0, y0)[1], east: pt(x0 + widthM, y0 + heightM)[0], north: pt(x0 + widthM, y0 + heightM)[1] };
  const now = ctx.clock.now();
  const passwordHash = await hashPassword(options.password);
  const standardId = ctx.dictionary.activeStandard()!.id;

  // Communities are blocks of 10 × 10 cells; a row of communities is one street (街道).
  const communityOf = (i: number, j: number) => ({ street: Math.floor(j / 10) + 1, community: Math.floor(i / 10) + 1 });
  const code3 = (n: number) => String(n).padStart(3, '0');
  const gridCode = (i: number, j: number) => {
    const { street, community } = communityOf(i, j);
    const seq = (j % 10) * 10 + (i % 10) + 1;
    return `${WALL_ADMIN_CODE}${code3(street)}${code3(community)}${code3(seq)}`;
  };
  const cellOf = (x: number, y: number) => ({
    i: Math.min(plan.cellsX - 1, Math.max(0, Math.floor((x - x0) / CELL_M))),
    j: Math.min(plan.cellsY - 1, Math.max(0, Math.floor((y - y0) / CELL_M))),
  });

  // The river runs west to east through the lower third; parks and a plaza sit beside it.
  const riverY = y0 + heightM * 0.3;
  const riverAt = (x: number) => riverY + 25 * Math.sin(x / 180);
  const riverHalf = 22;
  const isRiver = (x: number, y: number) => Math.abs(y - riverAt(x)) < riverHalf + 8;
  const parks = [
    { x: x0 + 2 * CELL_M, y: y0 + Math.round(plan.cellsY * 0.55) * CELL_M, w: 2 * CELL_M, h: 2 * CELL_M, name: '人民公园' },
    { x: x0 + (plan.cellsX - 4) * CELL_M, y: y0 + Math.round(plan.cellsY * 0.7) * CELL_M, w: 2 * CELL_M, h: CELL_M, name: '滨江绿地' },
  ];
  const plaza = { x: x0 + Math.round(plan.cellsX / 2) * CELL_M + 20, y: y0 + Math.round(plan.cellsY * 0.6) * CELL_M + 20, w: 60, h: 60, name: '市民广场' };
  const inRect = (x: number, y: number, r: { x: number; y: number; w: number; h: number }) => x >= r.x && x <= r.x + r.w && y >= r.y && y <= r.y + r.h;
  const isOpenSpace = (x: number, y: number) => isRiver(x, y) || parks.some((p) => inRect(x, y, p)) || inRect(x, y, plaza);

  // Streets on cell edges: main every 5 cells, secondary in between every other cell.
  const streetNamesX = ['青禾大道', '解放路', '人民路', '中山路', '建设路', '和平路', '文化路', '东湖路', '滨江路', '光明路'];
  const streetNamesY = ['府前街', '新华街', '长安街', '胜利街', '朝阳街', '东风街', '育才街', '民主街', '西门街', '南门街'];
  const streets: StreetRow[] = [];
  const lines: { horizontal: boolean; at: number; kind: StreetRow['kind']; name: string }[] = [];
  for (let j = 1; j < plan.cellsY; j += 2) lines.push({ horizontal: true, at: y0 + j * CELL_M, kind: j % 5 === 0 ? 'main' : 'secondary', name: streetNamesY[Math.floor(j / 2) % streetNamesY.length]! + (j > 20 ? String(Math.floor(j / 20)) : '') });
  for (let i = 1; i < plan.cellsX; i += 2) lines.push({ horizontal: false, at: x0 + i * CELL_M, kind: i % 5 === 0 ? 'main' : 'secondary', name: streetNamesX[Math.floor(i / 2) % streetNamesX.length]! + (i > 20 ? String(Math.floor(i / 20)) : '') });
  lines.forEach((line, k) => {
    const coords = line.horizontal ? [pt(x0, line.at), pt(x0 + widthM, line.at)] : [pt(line.at, y0), pt(line.at, y0 + heightM)];
    const [a, b] = coords as [[number, number], [number, number]];
    streets.push({
      id: k + 1,
      name: line.name,
      kind: line.kind,
      widthM: line.kind === 'main' ? 30 : 16,
      geometry: JSON.stringify({ type: 'LineString', coordinates: coords }),
      west: Math.min(a[0], b[0]),
      south: Math.min(a[1], b[1]),
      east: Math.max(a[0], b[0]),
      north: Math.max(a[1], b[1]),
    });
  });
  const nearStreet = (x: number, y: number, margin: number) => lines.some((l) => Math.abs((l.horizontal ? y : x) - l.at) < margin);

  const land: LandFeatureRow[] = [];
  const riverRing: [number, number][] = [];
  for (let x = x0; x <= x0 + widthM; x += 50) riverRing.push(pt(x, riverAt(x) - riverHalf));
  for (let x = x0 + widthM; x >= x0; x -= 50) riverRing.push(pt(x, riverAt(x) + riverHalf));
  riverRing.push(riverRing[0]!);
  const boxOf = (ring: readonly (readonly [number, number])[]) => ({
    west: Math.min(...ring.map((p) => p[0])),
    south: Math.min(...ring.map((p) => p[1])),
    east: Math.max(...ring.map((p) => p[0])),
    north: Math.max(...ring.map((p) => p[1])),
  });
  land.push({ id: 1, kind: 'water', name: '青禾江', geometry: JSON.stringify({ type: 'Polygon', coordinates: [riverRing] }), ...boxOf(riverRing) });
  parks.forEach((p, k) => {
    const ring = rect(p.x, p.y, p.w, p.h);
    land.push({ id: 2 + k, kind: 'green', name: p.name, geometry: JSON.stringify({ type: 'Polygon', coordinates: ring }), ...boxOf(ring[0]!) });
  });
  const plazaRing = rect(plaza.x, plaza.y, plaza.w, plaza.h);
  land.push({ id: 10, kind: 'plaza', name: plaza.name, geometry: JSON.stringify({ type: 'Polygon', coordinates: plazaRing }), ...boxOf(plazaRing[0]!) });

  // Buildings: one to four boxes per cell, clear of streets, water and parks; a few towers.
  const buildings: BuildingRow[] = [];
  for (let j = 0; j < plan.cellsY; j++) {
    for (let i = 0; i < plan.cellsX; i++) {
      const cx = x0 + i * CELL_M;
      const cy = y0 + j * CELL_M;
      const count = 1 + Math.floor(random() * 4);
      for (let b = 0; b < count; b++) {
        const w = 14 + random() * 26;
        const h = 12 + random() * 22;
        const bx = cx + 12 + random() * (CELL_M - 24 - w);
        const by = cy + 12 + random() * (CELL_M - 24 - h);
        const corners = [[bx, by], [bx + w, by], [bx + w, by + h], [bx, by + h]] as const;
        if (corners.some(([x, y]) => isOpenSpace(x, y) || nearStreet(x, y, 12))) continue;
        const tower = random() < 0.06;
        const heightOf = tower ? 60 + random() * 70 : 9 + random() * 30;
        const floors = Math.max(1, Math.round(heightOf / 3));
        const centre = pt(bx + w / 2, by + h / 2);
        buildings.push({
          id: buildings.length + 1,
          gridCode: gridCode(i, j),
          name: tower ? `${streetNamesX[i % streetNamesX.length]}大厦` : null,
          heightM: Math.round(floors * 3 * 10) / 10,
          floors,
          footprint: JSON.stringify({ type: 'Polygon', coordinates: rect(bx, by, w, h) }),
          centerLon: centre[0],
          centerLat: centre[1],
        });
      }
    }
  }

  // Components: the common classes weighted like a survey (covers, lamps, trees, signs...).
  const smallClasses = ctx.dictionary.list(standardId, 'component').filter((c) => c.level === 'small').map((c) => c.code);
  const common = ['0101', '0102', '0103', '0104', '0105', '0118', '0117', '0209', '0211', '0213'].filter((c) => smallClasses.includes(c));
  const serials = new Map<string, number>();
  const states: ComponentState[] = ['intact', 'damaged', 'lost', 'occupied'];
  const departmentIds = [1, 2, 3, 4, 5, 6];
  const components: ComponentRow[] = [];
  for (let k = 0; k < plan.components; k++) {
    const classCode = random() < 0.7 ? common[Math.floor(random() * common.length)]! : smallClasses[Math.floor(random() * smallClasses.length)]!;
    const serial = (serials.get(classCode) ?? 0) + 1;
    serials.set(classCode, serial);
    // Most components stand along streets.
    const line = lines[Math.floor(random() * lines.length)]!;
    const along = random() * (line.horizontal ? widthM : heightM) + (line.horizontal ? x0 : y0);
    const off = (random() < 0.5 ? -1 : 1) * (8 + random() * 10);
    const x = line.horizontal ? along : line.at + off;
    const y = line.horizontal ? line.at + off : along;
    const { i, j } = cellOf(x, y);
    const [lon, lat] = pt(x, y);
    const roll = random();
    components.push({
      id: `${WALL_ADMIN_CODE}${classCode}${String(serial).padStart(6, '0')}`,
      standardId,
      classCode,
      name: null,
      state: roll < 0.96 ? 'intact' : states[1 + Math.floor(random() * 3)]!,
      ownerDeptId: departmentIds[Math.floor(random() * departmentIds.length)]!,
      maintainerDeptId: null,
      gridCode: gridCode(i, j),
      lon,
      lat,
      dataSource: '实测',
      note: null,
      createdDate: '2026-03-01',
      changedDate: null,
    });
  }

  const cameraKinds: CameraKind[] = ['police', 'police', 'police', 'city', 'city', 'vehicle', 'body'];
  const cameras = Array.from({ length: plan.cameras }, (_, k) => {
    const line = lines[k % lines.length]!;
    const along = (line.horizontal ? x0 : y0) + random() * (line.horizontal ? widthM : heightM);
    const x = line.horizontal ? along : line.at + 10;
    const y = line.horizontal ? line.at + 10 : along;
    const [lon, lat] = pt(x, y);
    const { i, j } = cellOf(x, y);
    return { id: k + 1, code: `CAM${String(k + 1).padStart(4, '0')}`, name: `${line.name}${k + 1}号探头`, kind: cameraKinds[k % cameraKinds.length]!, lon, lat, heightM: 6, headingDeg: Math.round(random() * 360), ptz: k % 4 === 0, gridCode: gridCode(i, j), departmentId: 1 };
  });

  const sensorStatuses: SensorStatus[] = ['normal', 'normal', 'normal', 'normal', 'normal', 'alarm', 'offline'];
  const covers = components.filter((c) => c.classCode.startsWith('010') && c.classCode !== '0104');
  const sensors = Array.from({ length: plan.sensors }, (_, k) => {
    const water = k % 3 === 0;
    const x = x0 + random() * widthM;
    const cover = covers[Math.floor(random() * covers.length)];
    const [lon, lat] = water || !cover ? pt(x, riverAt(x) + riverHalf + 6) : [cover.lon, cover.lat];
    const { i, j } = cellOf(frame.x(lon), frame.y(lat));
    return {
      id: k + 1,
      code: `IOT${String(k + 1).padStart(4, '0')}`,
      name: water ? `积水监测点${k + 1}` : `智能井盖${k + 1}`,
      kind: water ? ('water_level' as const) : ('manhole_cover' as const),
      lon,
      lat,
      gridCode: gridCode(i, j),
      componentId: water || !cover ? null : cover.id,
      status: sensorStatuses[k % sensorStatuses.length]!,
    };
  });

  const vehicleKinds: VehicleKind[] = ['sweeper', 'sprinkler', 'enforcement', 'patrol'];
  const vehicles = Array.from({ length: plan.vehicles }, (_, k) => {
    const line = lines[(k * 3) % lines.length]!;
    const along = (line.horizontal ? x0 : y0) + random() * (line.horizontal ? widthM : heightM);
    const [lon, lat] = line.horizontal ? pt(along, line.at) : pt(line.at, along);
    return { id: k + 1, code: `VEH${String(k + 1).padStart(3, '0')}`, plate: `闽A·${String(10000 + k * 37).slice(-5)}`, kind: vehicleKinds[k % vehicleKinds.length]!, departmentId: 1 + (k % 2), lon, lat, headingDeg: line.horizontal ? 90 : 0, seenAt: now };
  });

  const gridCodes: string[] = [];
  ctx.db.transaction(() => {
    ctx.county.insert({ adminCode: WALL_ADMIN_CODE, name: '青禾县', nameEn: 'Qinghe County', centerLon: WALL_CENTER.lon, centerLat: WALL_CENTER.lat, ...bbox, synthetic: true, createdAt: now });
    const areas = new AreaStore(ctx.db);
    areas.insertMany([{ code: WALL_ADMIN_CODE, level: 'county', parentCode: null, name: '青禾县', geometry: null }]);
    const streetCount = Math.ceil(plan.cellsY / 10);
    const communityCount = Math.ceil(plan.cellsX / 10);
    for (let s = 1; s <= streetCount; s++) {
      const street = `${WALL_ADMIN_CODE}${code3(s)}`;
      areas.insertMany([{ code: street, level: 'street', parentCode: WALL_ADMIN_CODE, name: `第${s}街道`, geometry: null }]);
      for (let c = 1; c <= communityCount; c++) areas.insertMany([{ code: `${street}${code3(c)}`, level: 'community', parentCode: street, name: `第${s}-${c}社区`, geometry: null }]);
    }
    ctx.grids.insertMany(
      (function* () {
        for (let j = 0; j < plan.cellsY; j++) {
          for (let i = 0; i < plan.cellsX; i++) {
            const code = gridCode(i, j);
            gridCodes.push(code);
            const ring = rect(x0 + i * CELL_M, y0 + j * CELL_M, CELL_M, CELL_M);
            const centre = pt(x0 + (i + 0.5) * CELL_M, y0 + (j + 0.5) * CELL_M);
            yield { code, communityCode: code.slice(0, 12), areaM2: CELL_M * CELL_M, geometry: JSON.stringify({ type: 'Polygon', coordinates: ring }), centerLon: centre[0], centerLat: centre[1], ...boxOf(ring[0]!), changedAt: null };
          }
        }
      })(),
    );
    ctx.departments.insertMany([
      { id: 1, code: 'HW', name: '环卫处', kind: 'department', parentId: null, level: 1, phone: null, active: true },
      { id: 2, code: 'SZ', name: '市政处', kind: 'department', parentId: null, level: 1, phone: null, active: true },
      { id: 3, code: 'YL', name: '园林处', kind: 'department', parentId: null, level: 1, phone: null, active: true },
      { id: 4, code: 'ZF', name: '城管执法大队', kind: 'department', parentId: null, level: 1, phone: null, active: true },
      { id: 5, code: 'GD', name: '供电公司', kind: 'enterprise', parentId: null, level: 1, phone: null, active: true },
      { id: 6, code: 'TX', name: '通信公司', kind: 'enterprise', parentId: null, level: 1, phone: null, active: true },
      { id: 7, code: 'ZX', name: '监督指挥中心', kind: 'centre', parentId: null, level: 1, phone: null, active: true },
    ]);
    new StreetStore(ctx.db).insertMany(streets);
    new LandFeatureStore(ctx.db).insertMany(land);
    new BuildingStore(ctx.db).insertMany(buildings);
    ctx.components.insertMany(components);
    new CameraStore(ctx.db).insertMany(cameras);
    new SensorStore(ctx.db).insertMany(sensors);
    new VehicleStore(ctx.db).insertMany(vehicles);
    ctx.places.insertMany(
      streets.map((s, k) => {
        const [[ax, ay], [bx, by]] = (JSON.parse(s.geometry) as { coordinates: [number, number][] }).coordinates as [[number, number], [number, number]];
        const lon = round7(ax + (bx - ax) * 0.37);
        const lat = round7(ay + (by - ay) * 0.37);
        const { i, j } = cellOf(frame.x(lon), frame.y(lat));
        return { id: k + 1, kind: 'doorplate' as const, name: `${s.name}${(k + 1) * 2}号`, streetName: s.name, houseNo: `${(k + 1) * 2}号`, lon, lat, gridCode: gridCode(i, j) };
      }),
    );
  });

  const users = { acceptor: 'acceptor1', inspector: 'inspector01', leader: 'leader1', dispatcher: 'dispatcher1' } as const;
  const mk = (username: string, displayName: string, roles: RoleCode[], departmentId: number | null, grids: string[] = []): Actor => ({
    id: ctx.authStore.createUser({ username, displayName, passwordHash, roles, departmentId, gridCodes: grids }, now),
    roles,
    departmentId,
  });
  const actors = {
    acceptor: mk(users.acceptor, '受理员一', ['acceptor'], 7),
    inspector: mk(users.inspector, '监督员01', ['inspector'], 7, gridCodes),
    leader: mk(users.leader, '值班长一', ['shift_leader', 'leader'], 7),
    dispatcher: mk(users.dispatcher, '派遣员一', ['dispatcher'], 7),
    departments: [1, 2, 3, 4].map((d) => mk(`dept${d}`, `部门${d}`, ['department'], d)),
  };

  driveCases(ctx, actors, plan.cases, random, components, now);
  const known = components[Math.floor(components.length / 2)]!;
  return {
    size,
    bbox,
    knownComponent: { id: known.id, lon: known.lon, lat: known.lat, classCode: known.classCode },
    grids: gridCodes,
    users,
    buildings: buildings.length,
    components: components.length,
  };
}

/** A week of cases through the real workflow, each left at a stage as a county would have them. */
function driveCases(
  ctx: CountyContext,
  actors: { acceptor: Actor; inspector: Actor; leader: Actor; dispatcher: Actor; departments: Actor[] },
  count: number,
  random: () => number,
  components: ComponentRow[],
  now: number,
): void {
  const eventClasses = ctx.dictionary.list(ctx.dictionary.activeStandard()!.id, 'event').filter((c) => c.level === 'small').map((c) => c.code);
  const HOUR = 3_600_000;
  for (let k = 0; k < count; k++) {
    const at = now - Math.floor(random() * 7 * 24) * HOUR - 3 * HOUR;
    const onComponent = random() < 0.4;
    const component = components[Math.floor(random() * components.length)]!;
    const lonLat = { lon: component.lon + (random() - 0.5) * 0.0006, lat: component.lat + (random() - 0.5) * 0.0006 };
    const lon = onComponent ? component.lon : lonLat.lon;
    const lat = onComponent ? component.lat : lonLat.lat;
    const located = ctx.geocoder.reverse(lon, lat);
    const change = ctx.workflow.report(
      {
        kind: onComponent ? 'component' : 'event',
        standardId: ctx.dictionary.activeStandard()!.id,
        classCode: onComponent ? component.classCode : eventClasses[Math.floor(random() * Math.min(eventClasses.length, 20))]!,
        description: onComponent ? '部件破损，需维修' : '发现问题，请处置',
        source: 'inspector',
        address: located.address,
        lon,
        lat,
        gridCode: located.gridCode,
        communityCode: located.gridCode?.slice(0, 12) ?? null,
        streetCode: located.gridCode?.slice(0, 9) ?? null,
        componentId: onComponent ? component.id : null,
        urgent: random() < 0.08,
        selfHandled: false,
        reporterName: null,
        reporterContact: null,
        photoIds: [],
      },
      actors.inspector,
      at,
    );
    let c = change.case;
    const step = (action: string, actor: Actor, extra: Record<string, unknown> = {}, minutes = 20) => {
      const t = Math.min(now, c.updatedAt + minutes * 60_000);
      c = ctx.workflow.act(c.id, action, { version: c.version, ...extra }, actor, t).case;
    };
    const depth = random();
    if (depth < 0.1) continue;
    step('accept', actors.acceptor);
    if (depth < 0.2) continue;
    step('register', actors.leader);
    if (c.state === 'registered') {
      const dept = actors.departments[Math.floor(random() * actors.departments.length)]!;
      step('dispatch', actors.dispatcher, { departmentId: dept.departmentId });
    }
    if (depth < 0.55 || c.state !== 'dispatched') continue;
    const dept = actors.departments.find((d) => d.departmentId === c.departmentId)!;
    const photo = ctx.cases.insertAttachment({ caseId: null, eventId: null, kind: 'photo', mime: 'image/jpeg', bytes: 10, sha256: `wall-${k}`, file: 'none.jpg', originalName: null, uploadedBy: null, createdAt: c.updatedAt });
    step('dispose', dept, { comment: '已处置', photoIds: [photo] }, 60 + Math.floor(random() * 2000));
    if (depth < 0.65) continue;
    step('send_check', actors.acceptor, { assigneeId: actors.inspector.id });
    step('check_pass', actors.inspector);
    step('close', actors.leader);
  }
}
