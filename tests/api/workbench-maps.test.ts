// The small routes the workbench draws and names with: grids and streets as GeoJSON, and
// staff names (the timeline's "who", the inspector picker).
import type { GridCollection, GridFeature, StaffResponse, StreetCollection } from '../../core/contract/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gridCode, seedWorkbenchCounty, STAFF } from '../support/workbench-county.js';
import { ADMIN_PASSWORD, startTestCounty, type TestCounty } from './support.js';

let county: TestCounty;
let token: string;
beforeAll(async () => {
  county = await startTestCounty();
  await seedWorkbenchCounty(county.server.county, ADMIN_PASSWORD);
  token = await county.login(STAFF.acceptor.username);
});
afterAll(async () => {
  await county?.stop();
});

describe('GET /api/grids', () => {
  it('gives one grid as a GeoJSON polygon feature', async () => {
    const res = await county.call<GridFeature>('GET', `/api/grids/${gridCode(1, 1)}`, { token });
    expect(res.status).toBe(200);
    expect(res.body.type).toBe('Feature');
    expect(res.body.properties.code).toBe(gridCode(1, 1));
    expect(res.body.geometry.type).toBe('Polygon');
    expect(res.body.geometry.coordinates[0]).toHaveLength(5);
    expect(res.body.properties.center[0]).toBeCloseTo(118.1015, 6);
  });

  it('answers an unknown grid with 404 and a malformed code with 400', async () => {
    expect((await county.call('GET', '/api/grids/990101001001999', { token })).status).toBe(404);
    expect((await county.call('GET', '/api/grids/12', { token })).status).toBe(400);
  });

  it('lists the grids meeting a box, and says when the limit cut the list', async () => {
    const box = 'west=118.1005&south=28.4005&east=118.1015&north=28.4012';
    const res = await county.call<GridCollection>('GET', `/api/grids?${box}`, { token });
    expect(res.status).toBe(200);
    expect(res.body.features.map((f) => f.id).sort()).toEqual([gridCode(0, 0), gridCode(1, 0), gridCode(0, 1), gridCode(1, 1)].sort());
    expect(res.body.truncated).toBe(false);
    const cut = await county.call<GridCollection>('GET', `/api/grids?${box}&limit=2`, { token });
    expect(cut.body.features).toHaveLength(2);
    expect(cut.body.truncated).toBe(true);
  });

  it('refuses a box whose west lies east of its east, naming the field', async () => {
    const res = await county.call('GET', '/api/grids?west=118.2&south=28.4&east=118.1&north=28.5', { token });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ field: 'west' });
  });

  it('needs a session', async () => {
    expect((await county.call('GET', `/api/grids/${gridCode(0, 0)}`)).status).toBe(401);
  });
});

describe('GET /api/basemap/streets', () => {
  it('gives the streets near a place as line features with names', async () => {
    const res = await county.call<StreetCollection>('GET', '/api/basemap/streets?bbox=118.1000,28.4000,118.1010,28.4020', { token });
    expect(res.status).toBe(200);
    expect(res.body.features.map((f) => f.properties.name)).toEqual(['青禾大道']);
    expect(res.body.features[0]!.geometry.type).toBe('LineString');
  });

  it('says what is wrong with a bad bbox', async () => {
    const res = await county.call<{ field: string; message: string }>('GET', '/api/basemap/streets?bbox=118.1,28.4,118.2', { token });
    expect(res.status).toBe(400);
    expect(res.body.field).toBe('bbox');
    expect(res.body.message).toMatch(/four numbers/);
  });
});

describe('GET /api/staff', () => {
  it('names users by id, with their roles', async () => {
    const me = await county.call<{ id: number }>('GET', '/api/auth/me', { token });
    const res = await county.call<StaffResponse>('GET', `/api/staff?ids=${me.body.id},999999`, { token });
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([{ id: me.body.id, displayName: STAFF.acceptor.name, roles: ['acceptor'], departmentId: 1 }]);
  });

  it("lists inspectors with the grid's own first", async () => {
    const res = await county.call<StaffResponse>('GET', `/api/staff?role=inspector&gridCode=${gridCode(0, 0)}`, { token });
    expect(res.body.items.map((u) => [u.displayName, u.holdsGrid])).toEqual([[STAFF.inspector.name, true]]);
    const elsewhere = await county.call<StaffResponse>('GET', '/api/staff?role=inspector&gridCode=990101001001999', { token });
    expect(elsewhere.body.items.map((u) => u.holdsGrid)).toEqual([false]);
  });

  it('refuses ids that are not numbers', async () => {
    const res = await county.call('GET', '/api/staff?ids=1,abc', { token });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ field: 'ids' });
  });
});
