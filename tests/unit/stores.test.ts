// The base-data stores on a hand-made fixture: rows in TypeScript shape, filters, paging,
// and the schema's guards on component IDs and classes.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AreaStore } from '../../core/base/areas/store.js';
import { ComponentStore, type ComponentRow } from '../../core/base/components/store.js';
import { CountyStore } from '../../core/base/county/store.js';
import { SqliteDb } from '../../core/db/sqlite.js';
import { applyMigrations } from '../../core/db/migrate.js';
import { MAX_PAGE_SIZE } from '../../core/db/table.js';
import { DepartmentStore } from '../../core/base/departments/store.js';
import { CameraStore } from '../../core/base/devices/store.js';
import { GBT_30428_2, seedDictionary } from '../../core/base/dictionary/seed.js';
import { GridStore } from '../../core/base/grids/store.js';
import { silentLogger } from '../../core/runtime/log.js';

let db: SqliteDb;
const square = (lon: number, lat: number, d: number) =>
  JSON.stringify({ type: 'Polygon', coordinates: [[[lon, lat], [lon + d, lat], [lon + d, lat + d], [lon, lat + d], [lon, lat]]] });
const component = (serial: number, classCode: string, lon: number, lat: number): ComponentRow => ({
  id: `990101${classCode}${String(serial).padStart(6, '0')}`,
  standardId: GBT_30428_2,
  classCode,
  name: null,
  state: 'intact',
  ownerDeptId: 1,
  maintainerDeptId: 1,
  gridCode: '990101001001001',
  lon,
  lat,
  dataSource: '实测',
  note: null,
  createdDate: '2024-05-01',
  changedDate: null,
});

beforeEach(async () => {
  db = new SqliteDb(':memory:', silentLogger);
  await applyMigrations(db);
  await seedDictionary(db);
  await db.transaction(async () => {
    await new CountyStore(db).insert({ adminCode: '990101', name: '测试县', nameEn: null, centerLon: 118.1, centerLat: 28.4, west: 118, south: 28.3, east: 118.2, north: 28.5, synthetic: true, createdAt: 0 });
    await new AreaStore(db).insertMany([
      { code: '990101', level: 'county', parentCode: null, name: '测试县', geometry: null },
      { code: '990101001', level: 'street', parentCode: '990101', name: '城关街道', geometry: null },
      { code: '990101001001', level: 'community', parentCode: '990101001', name: '书院社区', geometry: null },
    ]);
    await new GridStore(db).insertMany([
      { code: '990101001001001', communityCode: '990101001001', areaM2: 10_000, geometry: square(118.1, 28.4, 0.001), centerLon: 118.1005, centerLat: 28.4005, west: 118.1, south: 28.4, east: 118.101, north: 28.401, changedAt: null },
    ]);
    await new DepartmentStore(db).insertMany([{ id: 1, code: 'SZS', name: '市政工程管理所', kind: 'department', parentId: null, level: 1, phone: null, active: true }]);
  });
});
afterEach(async () => await db.close());

describe('base-data stores', () => {
  it('read rows back in TypeScript shape, booleans as booleans', async () => {
    expect(await new CountyStore(db).get()).toMatchObject({ adminCode: '990101', synthetic: true, nameEn: null });
    expect(await new DepartmentStore(db).getByCode('SZS')).toMatchObject({ id: 1, active: true, level: 1 });
    expect((await new AreaStore(db).list({ parentCode: '990101001' })).map((a) => a.name)).toEqual(['书院社区']);
  });

  it('list components by bbox and class together, in ID order, with paging clamped', async () => {
    const store = new ComponentStore(db);
    await db.transaction(async () => await store.insertMany([component(2, '0103', 118.1002, 28.4002), component(1, '0103', 118.1001, 28.4001), component(1, '0402', 118.1003, 28.4003), component(3, '0103', 118.1009, 28.4009)]));
    const view = { west: 118.1, south: 28.4, east: 118.1005, north: 28.4005 };
    expect((await store.list({ bbox: view, classCode: '0103' })).map((c) => c.id)).toEqual(['9901010103000001', '9901010103000002']);
    expect((await store.list({ bbox: view })).length).toBe(3);
    expect((await store.list({ limit: 1, offset: 1 })).map((c) => c.id)).toEqual(['9901010103000002']);
    expect((await store.list({ limit: 10 ** 9 })).length).toBe(4);
    expect(MAX_PAGE_SIZE).toBeLessThan(10 ** 9);
    expect(await store.count()).toBe(4);
    expect(await store.maxSerial('990101', '0103')).toBe(3);
    expect(await store.countByClass()).toEqual([{ classCode: '0103', count: 3 }, { classCode: '0402', count: 1 }]);
    expect((await new GridStore(db).gridAt(118.1001, 28.4001))?.code).toBe('990101001001001');
    expect(await new GridStore(db).gridAt(118.2, 28.4)).toBeUndefined();
  });

  it('refuse a component of another county, and one coded with an event-only class', async () => {
    const store = new ComponentStore(db);
    await expect(db.transaction(async () => await store.insertMany([{ ...component(1, '0103', 118.1, 28.4), id: '3205080103000001' }]))).rejects.toThrow(/county admin code/);
    // 0199 exists only as an event class (其他市容环境问题): the foreign key on (standard, kind, code) refuses it.
    await expect(db.transaction(async () => await store.insertMany([component(1, '0199', 118.1, 28.4)]))).rejects.toThrow(/FOREIGN KEY/);
    expect(await store.count()).toBe(0);
  });

  it('list cameras by kind and find them by code', async () => {
    const cameras = new CameraStore(db);
    await db.transaction(async () =>
      await cameras.insertMany([
        { id: 1, code: 'P0001', name: '路口', kind: 'police', lon: 118.1, lat: 28.4, heightM: 7, headingDeg: 90, ptz: true, gridCode: null, departmentId: null },
        { id: 2, code: 'C0001', name: '市场', kind: 'city', lon: 118.1, lat: 28.4, heightM: 5, headingDeg: 0, ptz: false, gridCode: null, departmentId: 1 },
      ]),
    );
    expect((await cameras.list({ kind: 'city' })).map((c) => c.code)).toEqual(['C0001']);
    expect((await cameras.getByCode('P0001'))?.ptz).toBe(true);
  });
});
