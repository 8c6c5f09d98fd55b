// A small hand-made county for the workbench's tests, seeded through the stores into a
// running server: three by four unit grids on two streets with door plates, the centre and
// three departments, and one account per role sharing the admin password.
import { AreaStore } from '../../core/base/areas/store.js';
import { hashPassword } from '../../core/base/people/passwords.js';
import type { RoleCode } from '../../core/contract/index.js';
import type { OpenedCounty } from '../../core/app/county.js';
import type { GridRow } from '../../core/base/grids/store.js';
import type { PlaceRow } from '../../core/base/places/store.js';

export const COUNTY_CODE = '990101';
const STREET_CODE = `${COUNTY_CODE}001`;
const COMMUNITY_CODE = `${STREET_CODE}001`;
const WEST = 118.1;
const SOUTH = 28.4;
const CELL = 0.001;
const COLUMNS = 4;
const ROWS = 3;

/** The accounts, by what they do in the flow. */
export const STAFF = {
  acceptor: { username: 'acceptor1', roles: ['acceptor'] as RoleCode[], name: '受理员甲' },
  shiftLeader: { username: 'leader1', roles: ['shift_leader'] as RoleCode[], name: '值班长乙' },
  dispatcher: { username: 'dispatcher1', roles: ['dispatcher'] as RoleCode[], name: '派遣员丙' },
  inspector: { username: 'inspector01', roles: ['inspector'] as RoleCode[], name: '监督员丁' },
  sanitation: { username: 'dept-hw', roles: ['department'] as RoleCode[], name: '环卫处' },
  roads: { username: 'dept-sz', roles: ['department'] as RoleCode[], name: '市政处' },
  leader: { username: 'leader', roles: ['leader'] as RoleCode[], name: '中心主任' },
} as const;

export const DEPARTMENTS = { centre: 1, sanitation: 2, roads: 3, greening: 4 } as const;

const square = (x: number, y: number) => [
  [x, y],
  [x + CELL, y],
  [x + CELL, y + CELL],
  [x, y + CELL],
  [x, y],
];

/** Grid codes run 001.. from the south-west, row by row. */
export function gridCode(column: number, row: number): string {
  return `${COMMUNITY_CODE}${String(row * COLUMNS + column + 1).padStart(3, '0')}`;
}

export async function seedWorkbenchCounty(county: OpenedCounty, password: string): Promise<void> {
  const now = county.clock.now();
  const grids: GridRow[] = [];
  for (let row = 0; row < ROWS; row++) {
    for (let column = 0; column < COLUMNS; column++) {
      const x = WEST + column * CELL;
      const y = SOUTH + row * CELL;
      grids.push({
        code: gridCode(column, row),
        communityCode: COMMUNITY_CODE,
        areaM2: 10_800,
        geometry: JSON.stringify({ type: 'Polygon', coordinates: [square(x, y)] }),
        centerLon: x + CELL / 2,
        centerLat: y + CELL / 2,
        west: x,
        south: y,
        east: x + CELL,
        north: y + CELL,
        changedAt: null,
      });
    }
  }
  const east = WEST + COLUMNS * CELL;
  const north = SOUTH + ROWS * CELL;
  // 青禾大道 runs west-east through the middle row; 文昌路 south-north between columns 1 and 2.
  const mainLat = SOUTH + 1.5 * CELL;
  const crossLon = WEST + 2 * CELL;
  const streets = [
    { id: 1, name: '青禾大道', kind: 'main' as const, widthM: 30, line: [[WEST - CELL, mainLat], [east + CELL, mainLat]] },
    { id: 2, name: '文昌路', kind: 'secondary' as const, widthM: 18, line: [[crossLon, SOUTH - CELL], [crossLon, north + CELL]] },
    { id: 3, name: '东门巷', kind: 'lane' as const, widthM: 6, line: [[WEST + 0.5 * CELL, SOUTH + 2.6 * CELL], [crossLon, SOUTH + 2.6 * CELL]] },
  ];
  const places: PlaceRow[] = [];
  let placeId = 1;
  // Door plates along 青禾大道 every 40 m: odd numbers on the north side, even on the south.
  for (let n = 1; n <= 30; n++) {
    const lon = WEST + 0.0002 + Math.floor((n - 1) / 2) * 0.0004 * 0.65;
    const lat = mainLat + (n % 2 === 1 ? 0.0001 : -0.0001);
    places.push({ id: placeId++, kind: 'doorplate', name: `青禾大道${n}号`, streetName: '青禾大道', houseNo: `${n}号`, lon, lat, gridCode: null });
  }
  places.push({ id: placeId++, kind: 'poi', name: '青禾县人民医院', streetName: '文昌路', houseNo: null, lon: crossLon + 0.0003, lat: SOUTH + 2.4 * CELL, gridCode: null });
  places.push({ id: placeId++, kind: 'street', name: '文昌路', streetName: '文昌路', houseNo: null, lon: crossLon, lat: mainLat, gridCode: null });

  await county.db.transaction(async () => {
    await county.county.insert({
      adminCode: COUNTY_CODE,
      name: '青禾县（测试）',
      nameEn: 'Qinghe (test)',
      centerLon: (WEST + east) / 2,
      centerLat: (SOUTH + north) / 2,
      west: WEST,
      south: SOUTH,
      east,
      north,
      synthetic: true,
      createdAt: now,
    });
    await new AreaStore(county.db).insertMany([
      { code: COUNTY_CODE, level: 'county', parentCode: null, name: '青禾县', geometry: null },
      { code: STREET_CODE, level: 'street', parentCode: COUNTY_CODE, name: '城关街道', geometry: null },
      { code: COMMUNITY_CODE, level: 'community', parentCode: STREET_CODE, name: '东门社区', geometry: null },
    ]);
    await county.grids.insertMany(grids);
    await county.streets.insertMany(
      streets.map((s) => ({
        id: s.id,
        name: s.name,
        kind: s.kind,
        widthM: s.widthM,
        geometry: JSON.stringify({ type: 'LineString', coordinates: s.line }),
        west: Math.min(s.line[0]![0]!, s.line[1]![0]!),
        south: Math.min(s.line[0]![1]!, s.line[1]![1]!),
        east: Math.max(s.line[0]![0]!, s.line[1]![0]!),
        north: Math.max(s.line[0]![1]!, s.line[1]![1]!),
      })),
    );
    const located = [];
    for (const p of places) located.push({ ...p, gridCode: (await county.grids.gridAt(p.lon, p.lat))?.code ?? null });
    await county.places.insertMany(located);
    await county.departments.insertMany([
      { id: DEPARTMENTS.centre, code: 'JDZX', name: '监督指挥中心', kind: 'centre', parentId: null, level: 1, phone: null, active: true },
      { id: DEPARTMENTS.sanitation, code: 'HW', name: '环卫处', kind: 'department', parentId: null, level: 1, phone: null, active: true },
      { id: DEPARTMENTS.roads, code: 'SZ', name: '市政处', kind: 'department', parentId: null, level: 1, phone: null, active: true },
      { id: DEPARTMENTS.greening, code: 'YL', name: '园林处', kind: 'department', parentId: null, level: 1, phone: null, active: true },
    ]);
  });
  const passwordHash = await hashPassword(password);
  const departmentOf: Partial<Record<keyof typeof STAFF, number>> = { sanitation: DEPARTMENTS.sanitation, roads: DEPARTMENTS.roads };
  await county.db.transaction(async () => {
    for (const [key, person] of Object.entries(STAFF) as [keyof typeof STAFF, (typeof STAFF)[keyof typeof STAFF]][]) {
      await county.authStore.createUser(
        {
          username: person.username,
          displayName: person.name,
          passwordHash,
          roles: [...person.roles],
          departmentId: departmentOf[key] ?? DEPARTMENTS.centre,
          gridCodes: key === 'inspector' ? grids.map((g) => g.code) : [],
        },
        now,
      );
    }
  });
}
