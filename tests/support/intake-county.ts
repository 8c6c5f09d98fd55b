// A small county seeded into a running test server, enough for the intake channels: a 4×4
// block of unit grids around (118.10, 28.40), two streets with door plates, departments,
// one user per centre role, two inspectors (each holding four grids), sensors and vehicles.
// It is independent of the demo county generator, so the tests pin exact places and numbers.
import { AuthStore } from '../../core/base/people/store.js';
import { hashPassword } from '../../core/base/people/passwords.js';
import type { RoleCode } from '../../core/contract/index.js';
import type { Db } from '../../core/db/database.js';

export const COUNTY = { west: 118.09, south: 28.39, east: 118.11, north: 28.41, center: [118.1, 28.4] as const };
const CELL = 0.005;
export const COMMUNITY = '990101001001';

/** The grid code of cell (i east, j north), i, j in 0..3. */
export function gridCode(i: number, j: number): string {
  return `${COMMUNITY}${String(j * 4 + i + 1).padStart(3, '0')}`;
}

/** A point inside cell (i, j). */
export function pointIn(i: number, j: number): { lon: number; lat: number } {
  return { lon: COUNTY.west + (i + 0.5) * CELL, lat: COUNTY.south + (j + 0.5) * CELL };
}

export interface SeededCounty {
  users: Record<'acceptor' | 'leader' | 'dispatcher' | 'sanitation' | 'inspector1' | 'inspector2', number>;
  departments: { sanitation: number; roads: number; centre: number };
}

const ring = (x: number, y: number, d: number) => [[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]];

export async function seedIntakeCounty(db: Db, password: string, now = Date.now()): Promise<SeededCounty> {
  const statements: string[] = [
    `INSERT INTO county (id, admin_code, name, center_lon, center_lat, west, south, east, north, synthetic, created_at)
       VALUES (1, '990101', '青禾县', ${COUNTY.center[0]}, ${COUNTY.center[1]}, ${COUNTY.west}, ${COUNTY.south}, ${COUNTY.east}, ${COUNTY.north}, 1, ${now})`,
    `INSERT INTO areas (code, level, parent_code, name) VALUES ('990101', 'county', NULL, '青禾县'), ('990101001', 'street', '990101', '城关街道'), ('${COMMUNITY}', 'community', '990101001', '东门社区')`,
    `INSERT INTO departments (id, code, name, kind) VALUES (1, 'HWS', '环卫所', 'department'), (2, 'SZJ', '市政局', 'department'), (3, 'JDZX', '监督指挥中心', 'centre')`,
  ];
  for (let j = 0; j < 4; j++) {
    for (let i = 0; i < 4; i++) {
      const x = COUNTY.west + i * CELL;
      const y = COUNTY.south + j * CELL;
      const geometry = JSON.stringify({ type: 'Polygon', coordinates: [ring(x, y, CELL)] });
      statements.push(
        `INSERT INTO grids (code, community_code, area_m2, geometry, center_lon, center_lat, west, south, east, north)
         VALUES ('${gridCode(i, j)}', '${COMMUNITY}', 244000, '${geometry}', ${x + CELL / 2}, ${y + CELL / 2}, ${x}, ${y}, ${x + CELL}, ${y + CELL})`,
      );
    }
  }
  // 青禾大道 runs east-west along y = 28.4, 文昌路 north-south along x = 118.1.
  const streets: [string, string, number[][]][] = [
    ['青禾大道', 'main', [[118.09, 28.4], [118.1, 28.4], [118.11, 28.4]]],
    ['文昌路', 'secondary', [[118.1, 28.39], [118.1, 28.4], [118.1, 28.41]]],
  ];
  for (const [name, kind, coords] of streets) {
    const xs = coords.map((c) => c[0]!);
    const ys = coords.map((c) => c[1]!);
    statements.push(
      `INSERT INTO streets (name, kind, width_m, geometry, west, south, east, north) VALUES ('${name}', '${kind}', 24, '${JSON.stringify({ type: 'LineString', coordinates: coords })}', ${Math.min(...xs)}, ${Math.min(...ys)}, ${Math.max(...xs)}, ${Math.max(...ys)})`,
    );
    statements.push(`INSERT INTO places (kind, name, street_name, house_no, lon, lat, grid_code) VALUES ('street', '${name}', '${name}', NULL, ${coords[1]![0]}, ${coords[1]![1]}, NULL)`);
  }
  for (let n = 1; n <= 20; n++) {
    const lon = 118.0905 + n * 0.0009;
    const lat = 28.4002;
    const i = Math.floor((lon - COUNTY.west) / CELL);
    const j = Math.floor((lat - COUNTY.south) / CELL);
    statements.push(`INSERT INTO places (kind, name, street_name, house_no, lon, lat, grid_code) VALUES ('doorplate', '青禾大道${n * 2}号', '青禾大道', '${n * 2}号', ${lon}, ${lat}, '${gridCode(i, j)}')`);
  }
  statements.push(`INSERT INTO places (kind, name, street_name, house_no, lon, lat, grid_code) VALUES ('poi', '青禾县人民医院', NULL, NULL, 118.1062, 28.4062, '${gridCode(3, 3)}')`);
  // Sensors: two water-level gauges and a smart manhole cover; vehicles: one of each kind.
  statements.push(
    `INSERT INTO sensors (id, code, name, kind, lon, lat, grid_code) VALUES
       (1, 'WL001', '青禾大道下穿通道积水监测', 'water_level', 118.0925, 28.4012, '${gridCode(0, 2)}'),
       (2, 'WL002', '文昌路低洼处积水监测', 'water_level', 118.1012, 28.3925, '${gridCode(2, 0)}'),
       (3, 'MC001', '青禾大道12号智能井盖', 'manhole_cover', 118.0962, 28.4003, '${gridCode(1, 2)}')`,
    `INSERT INTO vehicles (id, code, plate, kind, department_id) VALUES
       (1, 'SW01', '赣E·S0001', 'sweeper', 1), (2, 'SP01', '赣E·S0002', 'sprinkler', 1), (3, 'EN01', '赣E·Z0003', 'enforcement', 3)`,
  );
  await db.transaction(async () => {
    for (const sql of statements) await db.exec(sql);
  });

  const auth = new AuthStore(db);
  const hash = await hashPassword(password);
  const make = async (username: string, roles: RoleCode[], departmentId: number, gridCodes: string[] = []) =>
    await auth.createUser({ username, displayName: username, passwordHash: hash, roles, departmentId, gridCodes }, now);
  const users = await db.transaction(async () => ({
    acceptor: await make('acceptor1', ['acceptor'], 3),
    leader: await make('leader1', ['shift_leader'], 3),
    dispatcher: await make('dispatcher1', ['dispatcher'], 3),
    sanitation: await make('hws1', ['department'], 1),
    // inspector01 walks the western half's lower cells, inspector02 the eastern.
    inspector1: await make('inspector01', ['inspector'], 3, [gridCode(0, 0), gridCode(1, 0), gridCode(0, 1), gridCode(1, 1)]),
    inspector2: await make('inspector02', ['inspector'], 3, [gridCode(2, 0), gridCode(3, 0), gridCode(2, 1), gridCode(3, 1)]),
  }));
  return { users, departments: { sanitation: 1, roads: 2, centre: 3 } };
}
