// The small demo county, generated into real SQLite files in a temporary folder.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AreaStore } from '../../core/base/areas/store.js';
import { ComponentStore } from '../../core/base/components/store.js';
import { checkComponentId } from '../../core/base/components/ids.js';
import { CountyStore } from '../../core/base/county/store.js';
import type { Db } from '../../core/db/database.js';
import { SqliteDb } from '../../core/db/sqlite.js';
import { applyMigrations } from '../../core/db/migrate.js';
import { DEMO_COUNTY, generateDemoCounty, type DemoCounts } from '../../core/demo/generate.js';
import { localFrame } from '../../core/base/geo/frame.js';
import { pointInPolygon, signedRingArea, type Ring } from '../../core/base/geo/polygon.js';
import { checkGridCode } from '../../core/base/grids/codes.js';
import { GridStore, type GridRow } from '../../core/base/grids/store.js';
import { PlaceStore } from '../../core/base/places/store.js';
import { silentLogger } from '../../core/runtime/log.js';
import { CASE_STATES } from '../../core/workflow/cases/states.js';
import { insertTestUser, replayedHistory } from '../helpers/demo-users.js';

const NOW = Date.UTC(2026, 10, 22, 2, 0); // 2026-11-22 10:00 in China
const SEED = 20261122;
const folder = mkdtempSync(path.join(tmpdir(), 'gridhall-demo-'));
let fileNo = 0;

async function generate(seed: number): Promise<{ db: Db; counts: DemoCounts }> {
  const db = new SqliteDb(path.join(folder, `county-${++fileNo}.db`), silentLogger);
  await applyMigrations(db);
  const counts = await generateDemoCounty(db, { size: 'small', seed, now: NOW, createUser: insertTestUser(db), writeHistory: await replayedHistory(db, NOW) });
  return { db, counts };
}

const TABLES = [
  'county', 'areas', 'grids', 'class_standards', 'classes', 'departments', 'users', 'user_roles', 'inspector_grids',
  'components', 'cameras', 'sensors', 'vehicles', 'buildings', 'streets', 'land_features', 'places', 'cases', 'case_events',
];

async function checksum(db: Db): Promise<string> {
  const hash = createHash('sha256');
  for (const table of TABLES) {
    for (const row of await db.statement(`test.dump.${table}`, `SELECT * FROM ${table} ORDER BY rowid`).raw()) hash.update(JSON.stringify(row));
  }
  return hash.digest('hex');
}

const all = async <T>(db: Db, sql: string, params?: unknown[]) => await db.statement<T>(`test.${sql}`, sql).all(params);
const polygonOf = (geometry: string) => (JSON.parse(geometry) as { coordinates: Ring[] }).coordinates;

let county: { db: Db; counts: DemoCounts };
beforeAll(async () => {
  county = await generate(SEED);
});
afterAll(async () => {
  await county.db.close();
  rmSync(folder, { recursive: true, force: true });
});

describe('the small demo county', () => {
  it('is labelled synthetic, with admin code 990101, and has the planned size', async () => {
    const row = (await new CountyStore(county.db).get())!;
    expect(row.adminCode).toBe('990101');
    expect(row.synthetic).toBe(true);
    expect(row.name).toContain('合成数据');
    expect(row.nameEn).toContain('synthetic');
    expect(row.west).toBeLessThan(DEMO_COUNTY.centerLon);
    expect(row.east).toBeGreaterThan(DEMO_COUNTY.centerLon);
    const { counts } = county;
    expect(counts.grids).toBeGreaterThanOrEqual(100);
    expect(counts.grids).toBeLessThanOrEqual(150);
    expect(counts.components).toBeGreaterThan(4000);
    expect(counts.buildings).toBeGreaterThan(200);
    expect(counts.cameras).toBeGreaterThanOrEqual(15);
    expect(counts.cases).toBeGreaterThan(850);
    expect(counts.cases).toBeLessThan(1150);
  });

  it('is the same for the same seed, row for row, and different for another seed', async () => {
    const again = await generate(SEED);
    const other = await generate(SEED + 1);
    try {
      expect(await checksum(again.db)).toBe(await checksum(county.db));
      expect(await checksum(other.db)).not.toBe(await checksum(county.db));
    } finally {
      await again.db.close();
      await other.db.close();
    }
  });

  it('refuses to generate into a database that already holds a county', async () => {
    await expect(generateDemoCounty(county.db, { size: 'small', seed: SEED, now: NOW, createUser: async () => 0, writeHistory: async () => ({ cases: 0, events: 0 }) })).rejects.toThrow(/already holds a county/);
  });

  it('codes every component with a valid 16-digit ID of this county and its class', async () => {
    const rows = await all<{ id: string; classCode: string }>(county.db, 'SELECT id, class_code AS classCode FROM components');
    const refused = rows.map((r) => checkComponentId(r.id, { adminCode: '990101', classCode: r.classCode, digits: 16 })).filter((c) => !c.ok);
    expect(refused).toEqual([]);
    expect(new Set(rows.map((r) => r.classCode)).size).toBeGreaterThan(40);
  });

  it('puts every component inside the polygon of its grid', async () => {
    const grids = new Map((await new GridStore(county.db).list({ limit: 10_000 })).map((g) => [g.code, polygonOf(g.geometry)]));
    const rows = await all<{ id: string; gridCode: string; lon: number; lat: number }>(county.db, 'SELECT id, grid_code AS gridCode, lon, lat FROM components');
    const outside = rows.filter((c) => !pointInPolygon(c.lon, c.lat, grids.get(c.gridCode) ?? []));
    expect(outside.map((c) => c.id)).toEqual([]);
  });

  it('codes every grid from its community, and numbers each community from 001', async () => {
    const grids = await new GridStore(county.db).list({ limit: 10_000 });
    expect(grids.map((g) => checkGridCode(g.code, g.communityCode)).filter((c) => !c.ok)).toEqual([]);
    const communities = await new AreaStore(county.db).list({ level: 'community' });
    for (const community of communities) {
      const own = grids.filter((g) => g.communityCode === community.code).map((g) => Number(g.code.slice(12)));
      expect(own.sort((a, b) => a - b)).toEqual(own.map((_, k) => k + 1));
    }
  });

  it('tiles the built-up area with grids of about 10,000 m² that neither overlap nor leave gaps', async () => {
    const frame = localFrame(DEMO_COUNTY.centerLon, DEMO_COUNTY.centerLat);
    const metres = (ring: Ring): Ring => ring.map(([lon, lat]) => [frame.x(lon), frame.y(lat)] as const);
    const grids: GridRow[] = await new GridStore(county.db).list({ limit: 10_000 });
    const areas = grids.map((g) => signedRingArea(metres(polygonOf(g.geometry)[0]!)));
    grids.forEach((g, k) => expect(Math.abs(areas[k]! - g.areaM2)).toBeLessThan(g.areaM2 * 0.002));
    const mean = areas.reduce((a, b) => a + b, 0) / areas.length;
    expect(mean).toBeGreaterThan(8500);
    expect(mean).toBeLessThan(11500);

    // No gaps, no overlaps: the grids add up to the county's outline...
    const outline = JSON.parse((await new AreaStore(county.db).get('990101'))!.geometry!) as { type: string; coordinates: Ring[] | Ring[][] };
    const polygons = (outline.type === 'Polygon' ? [outline.coordinates] : outline.coordinates) as Ring[][];
    const countyArea = polygons.reduce((sum, rings) => sum + rings.reduce((s, ring) => s + signedRingArea(metres(ring)), 0), 0);
    expect(Math.abs(areas.reduce((a, b) => a + b, 0) - countyArea)).toBeLessThan(countyArea * 0.001);
    // ...and points spread over each grid fall in exactly that one grid.
    const rings = grids.map((g) => polygonOf(g.geometry));
    for (const g of grids) {
      for (const [fx, fy] of [[0.5, 0.5], [0.1, 0.1], [0.9, 0.2], [0.2, 0.9], [0.85, 0.85]] as const) {
        const lon = g.west + (g.east - g.west) * fx;
        const lat = g.south + (g.north - g.south) * fy;
        const holders = rings.filter((r) => pointInPolygon(lon, lat, r)).length;
        expect(holders).toBeLessThanOrEqual(1);
      }
      expect(rings.filter((r) => pointInPolygon(g.centerLon, g.centerLat, r))).toHaveLength(1);
    }
  });

  it('gives every grid exactly one inspector, and every planned person a user', async () => {
    const perGrid = await all<{ n: number }>(county.db, 'SELECT count(i.user_id) AS n FROM grids g LEFT JOIN inspector_grids i ON i.grid_code = g.code GROUP BY g.code');
    expect(new Set(perGrid.map((r) => r.n))).toEqual(new Set([1]));
    const roles = await all<{ role: string }>(county.db, 'SELECT DISTINCT role_code AS role FROM user_roles ORDER BY role');
    expect(roles.map((r) => r.role)).toEqual(['acceptor', 'analyst', 'department', 'dispatcher', 'inspector', 'leader', 'shift_leader']);
  });

  it('spreads the year of history over working hours, with the big event classes on top', async () => {
    const hours = new Array<number>(24).fill(0);
    const cases = await all<{ reportedAt: number; classCode: string; kind: string }>(county.db, 'SELECT reported_at AS reportedAt, class_code AS classCode, kind FROM cases');
    for (const c of cases) hours[new Date(c.reportedAt + 8 * 3_600_000).getUTCHours()]!++;
    const peak = hours.indexOf(Math.max(...hours));
    expect([8, 9, 10, 11, 14, 15, 16, 17]).toContain(peak);
    const working = [8, 9, 10, 11, 14, 15, 16, 17].reduce((sum, h) => sum + hours[h]!, 0);
    expect(working / cases.length).toBeGreaterThan(0.6);
    expect(hours.slice(0, 6).reduce((a, b) => a + b, 0) / cases.length).toBeLessThan(0.05);
    const first = Math.min(...cases.map((c) => c.reportedAt));
    expect(NOW - first).toBeGreaterThan(360 * 86_400_000);
    const byClass = new Map<string, number>();
    for (const c of cases.filter((x) => x.kind === 'event')) byClass.set(c.classCode, (byClass.get(c.classCode) ?? 0) + 1);
    const top = [...byClass.entries()].sort((a, b) => b[1] - a[1]).slice(0, 4).map(([code]) => code);
    expect(top).toContain('0505');
  });

  it('keeps each case consistent with its event trail, and ties component cases to real components', async () => {
    const cases = await all<{ id: number; caseNo: string; state: string; componentId: string | null; kind: string }>(
      county.db,
      'SELECT id, case_no AS caseNo, state, component_id AS componentId, kind FROM cases',
    );
    const events = await all<{ caseId: number; seq: number; at: number; fromState: string | null; toState: string }>(
      county.db,
      'SELECT case_id AS caseId, seq, at, from_state AS fromState, to_state AS toState FROM case_events ORDER BY case_id, seq',
    );
    const trail = new Map<number, typeof events>();
    for (const e of events) {
      if (!trail.has(e.caseId)) trail.set(e.caseId, []);
      trail.get(e.caseId)!.push(e);
    }
    const states = new Set<string>(CASE_STATES);
    for (const c of cases) {
      expect(c.caseNo).toMatch(/^20\d{6}\d{5}$/);
      const own = trail.get(c.id)!;
      expect(own[0]!.fromState).toBeNull();
      own.forEach((e, k) => {
        expect(states.has(e.toState)).toBe(true);
        if (k > 0) {
          expect(e.at).toBeGreaterThanOrEqual(own[k - 1]!.at);
          expect(e.fromState).toBe(own[k - 1]!.toState);
        }
      });
      expect(own.at(-1)!.toState).toBe(c.state);
    }
    expect(new Set(cases.map((c) => c.caseNo)).size).toBe(cases.length);
    const components = new ComponentStore(county.db);
    const componentCases = cases.filter((c) => c.kind === 'component');
    expect(componentCases.length).toBeGreaterThan(50);
    for (const c of componentCases) expect(await components.get(c.componentId!)).toBeDefined();
    const closed = cases.filter((c) => c.state === 'closed').length;
    expect(closed / cases.length).toBeGreaterThan(0.85);
  });

  it('finds places by door plate, by name, and by point', async () => {
    const places = new PlaceStore(county.db);
    const plate = (await places.list({ kind: 'doorplate', limit: 1 }))[0]!;
    expect((await places.doorplate(plate.streetName!, plate.houseNo!))?.id).toBe(plate.id);
    expect((await places.search(plate.streetName!, 5)).length).toBeGreaterThan(0);
    const school = (await places.list({ kind: 'poi', limit: 100 })).find((p) => /学|校/.test(p.name))!;
    expect((await places.search(school.name, 5))[0]?.id).toBe(school.id);
    expect((await places.list({ bbox: { west: school.lon - 1e-4, south: school.lat - 1e-4, east: school.lon + 1e-4, north: school.lat + 1e-4 } })).map((p) => p.id)).toContain(school.id);
    const grids = new GridStore(county.db);
    const component = (await new ComponentStore(county.db).list({ limit: 1, offset: 100 }))[0]!;
    expect((await grids.gridAt(component.lon, component.lat))?.code).toBe(component.gridCode);
  });

  it('lays pipelines of every kind under its streets, with wells under its manhole covers, and gives its muck trucks permits along the streets', async () => {
    const { counts, db } = county;
    expect(counts.pipelines).toBeGreaterThan(500);
    const kinds = await db.statement<{ kind: string; n: number }>('test.pipeKinds', 'SELECT kind, count(*) AS n FROM pipelines GROUP BY kind').all();
    expect(kinds.map((k) => k.kind).sort()).toEqual(['drainage', 'gas', 'heat', 'power', 'telecom', 'water']);
    const linked = (await db.statement<{ n: number; covers: number }>('test.wellCovers', "SELECT count(*) AS n, sum(c.class_code IN ('0101','0102','0103','0105','0107','0109')) AS covers FROM pipe_wells w JOIN components c ON c.id = w.component_id").get())!;
    expect(linked.n).toBeGreaterThan(50);
    expect(linked.covers).toBe(linked.n);
    expect(counts.muckTrucks).toBeGreaterThanOrEqual(4);
    const permits = await db.statement<{ corridor: string; lon: number; lat: number; radius: number }>('test.permits', 'SELECT p.corridor, s.lon, s.lat, s.radius_m AS radius FROM muck_permits p JOIN muck_sites s ON s.id = p.origin_site_id').all();
    expect(permits.length).toBe(counts.muckTrucks);
    for (const p of permits) {
      const [lon, lat] = (JSON.parse(p.corridor) as { coordinates: [number, number][] }).coordinates[0]!;
      // The corridor leaves from its origin site.
      expect(Math.hypot((lon - p.lon) * 97_900, (lat - p.lat) * 111_000)).toBeLessThan(p.radius);
    }
  });
});
