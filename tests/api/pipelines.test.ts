// 地下管线 through the county's importer: a GeoJSON of pipe segments with the field names of a
// 管线探测 delivery, a CSV of pipes given by start and end points (a table without shapes) and
// a CSV of wells; then what lies under a case (pipes within 50 m and their owners), and the
// pipes under a manhole cover and under its sensor.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../core/runtime/clock.js';
import { seedIntakeCounty, gridCode } from '../support/intake-county.js';
import { importFile, upload, waitForJob, type Job } from './import-helpers.js';
import { ADMIN_PASSWORD, startTestCounty, type TestCounty } from './support.js';

const NOW = Date.parse('2026-11-18T10:00:00+08:00');
let county: TestCounty;
let admin: string;
let dir: string;
const COVER = '9901010101000001'; // 上水井盖 over well W-JS-001

beforeAll(async () => {
  county = await startTestCounty({ clock: new ManualClock(NOW) });
  await seedIntakeCounty(county.server.county.db, ADMIN_PASSWORD, NOW - 86_400_000);
  await county.server.county.db.exec(
    `INSERT INTO components (id, standard_id, class_code, name, lon, lat, grid_code) VALUES ('${COVER}', 'GB/T 30428.2-2013', '0101', '上水井盖', 118.0962, 28.40015, '${gridCode(1, 2)}')`,
  );
  admin = await county.login();
  dir = mkdtempSync(path.join(os.tmpdir(), 'gridhall-pipes-'));
  // Along 青禾大道 (latitude 28.4): a water main 1.5 m north of the centreline, gas 3 m south, a storm drain on the line.
  const north = (m: number) => 28.4 + m / 111_000;
  const feature = (props: Record<string, unknown>, coords: number[][]) => ({ type: 'Feature', properties: props, geometry: { type: 'LineString', coordinates: coords } });
  writeFileSync(
    path.join(dir, 'pipes.geojson'),
    JSON.stringify({
      type: 'FeatureCollection',
      features: [
        feature({ GXBH: 'JS-001', GXLX: '给水', GJ: 'DN300', MS: 1.4, CZ: '球墨铸铁', QSDW: '青禾县自来水公司', JSND: '2012年' }, [[118.092, north(1.5)], [118.1, north(1.5)]]),
        feature({ GXBH: 'JS-002', GXLX: 'JS', GJ: 200, MS: 1.2, CZ: 'PE', QSDW: '青禾县自来水公司', JSND: 2019 }, [[118.1, north(1.5)], [118.108, north(1.5)]]),
        feature({ GXBH: 'RQ-001', GXLX: '燃气', GJ: 'Φ160', MS: 1.0, CZ: 'PE', QSDW: '青禾燃气有限公司', JSND: '2015-06-01' }, [[118.092, north(-3)], [118.108, north(-3)]]),
        feature({ GXBH: 'YS-001', GXLX: '雨水', GJ: '800×600', MS: 2.1, CZ: '钢筋混凝土', QSDW: '县市政局', JSND: 2008 }, [[118.092, 28.4], [118.108, 28.4]]),
        feature({ GXBH: 'DL-009', GXLX: '电力', GJ: 150, MS: 0.8, CZ: '铜', QSDW: '国网青禾供电公司', JSND: 2020 }, [[118.1, 28.4025], [118.1, 28.409]]),
      ],
    }),
  );
  writeFileSync(
    path.join(dir, 'telecom.csv'),
    '管线编号,管线类型,管径,起点埋深,终点埋深,材质,权属单位,建设年代,起点X,起点Y,终点X,终点Y\n' +
      `TX-001,通信,100,0.9,1.1,PVC,中国电信青禾分公司,2016,118.094,${north(4)},118.099,${north(4)}\n` +
      `TX-002,热水,100,0.9,1.1,钢,青禾热力,2016,118.094,${north(-5)},118.099,${north(-5)}\n`,
  );
  writeFileSync(
    path.join(dir, 'wells.csv'),
    '井编号,管线类型,井深,权属单位,部件标识码,经度,纬度\n' +
      `W-JS-001,给水,1.6,青禾县自来水公司,${COVER},118.0962,${north(1.5)}\n` +
      `W-YS-001,雨水,2.4,县市政局,,118.0962,28.40027\n` +
      'W-BAD-1,不明,1.0,,,118.0962,28.4\n',
  );
});

afterAll(async () => {
  await county.stop();
  rmSync(dir, { recursive: true, force: true });
});

type Near = { radiusM: number; pipes: { code: string; kind: string; distanceM: number; owner: string; diameterMm: number; depthM: number; year: number }[]; owners: { owner: string; count: number }[] };

describe('importing pipelines', () => {
  it('imports pipe segments from GeoJSON with a delivery\'s field names', async () => {
    const job = await importFile(county, admin, 'pipelines', [path.join(dir, 'pipes.geojson')]);
    expect(job.report!.counts.inserted).toBe(5);
    const pipe = await county.call<{ code: string; kind: string; diameterMm: number; depthM: number; material: string; owner: string; year: number }>('GET', '/api/pipelines/1', { token: admin });
    expect(pipe.body).toMatchObject({ code: 'JS-001', kind: 'water', diameterMm: 300, depthM: 1.4, material: '球墨铸铁', owner: '青禾县自来水公司', year: 2012 });
  });

  it('imports pipes given by start and end columns (a table without shapes)', async () => {
    const up = await upload(county, admin, [path.join(dir, 'telecom.csv')]);
    const start = await county.call<Job>('POST', '/api/imports', { token: admin, body: { uploadId: up.body.uploadId, target: 'pipelines', crs: 'wgs84' } });
    const job = await waitForJob(county, admin, start.body.id);
    // "热水" is a heat pipe (热力): both rows are in; the depth is the mean of the two ends.
    expect(job.status).toBe('done');
    expect(job.report!.counts.inserted).toBe(2);
    const near = await county.call<Near>('GET', `/api/pipelines/near?lon=118.096&lat=${28.4 + 4 / 111_000}&radius=2`, { token: admin });
    expect(near.body.pipes.map((p) => [p.code, p.kind, p.depthM])).toEqual([['TX-001', 'telecom', 1]]);
  });

  it('imports wells, linking a well to its manhole-cover component, and rejects an unreadable kind', async () => {
    const up = await upload(county, admin, [path.join(dir, 'wells.csv')]);
    const start = await county.call<Job>('POST', '/api/imports', { token: admin, body: { uploadId: up.body.uploadId, target: 'wells', crs: 'wgs84' } });
    const job = await waitForJob(county, admin, start.body.id);
    expect(job.report!.errors).toBe(1);
    expect(job.report!.groups.map((g) => g.code)).toContain('value.kind');
    expect(job.report!.written).toBe(false);
    // Without the bad row the file goes in.
    writeFileSync(path.join(dir, 'wells.csv'), (await import('node:fs')).readFileSync(path.join(dir, 'wells.csv'), 'utf8').split('\n').filter((l) => !l.startsWith('W-BAD')).join('\n'));
    const again = await importFile(county, admin, 'wells', [path.join(dir, 'wells.csv')], { crs: 'wgs84' });
    expect(again.report!.counts.inserted).toBe(2);
    const cover = await county.call<{ well: { code: string }; pipes: { code: string }[] }>('GET', `/api/pipelines/of-component/${COVER}`, { token: admin });
    expect(cover.body.well.code).toBe('W-JS-001');
    expect(cover.body.pipes[0]!.code).toBe('JS-001');
    // The smart manhole cover MC001 (118.0962, 28.4003) has no component: the nearest well within 5 m is its well.
    const sensor = await county.call<{ well: { code: string }; pipes: { code: string }[] }>('GET', '/api/pipelines/of-sensor/3', { token: admin });
    expect(sensor.body.well.code).toBe('W-YS-001');
  });
});

describe('a case lists the pipes under it', () => {
  it('lists pipes within 50 m of a case, nearest first, with their owners', async () => {
    const acceptor = await county.login('acceptor1', ADMIN_PASSWORD);
    const filed = await county.call<{ case: { id: number } }>('POST', '/api/cases', {
      token: acceptor,
      body: { source: 'hotline', kind: 'event', classCode: '0406', description: '青禾大道路面冒水，疑似水管爆裂', lon: 118.0965, lat: 28.40005 },
    });
    expect(filed.status).toBe(201);
    const near = await county.call<Near>('GET', `/api/pipelines/near-case/${filed.body.case.id}`, { token: acceptor });
    expect(near.body.radiusM).toBe(50);
    // The case is 5.5 m north of the centreline: the telecom duct (4 m north) is nearest, then the water main (1.5 m north).
    expect(near.body.pipes.map((p) => p.code)).toEqual(['TX-001', 'JS-001', 'YS-001', 'RQ-001', 'TX-002']);
    expect(near.body.pipes[1]).toMatchObject({ kind: 'water', owner: '青禾县自来水公司', diameterMm: 300 });
    expect(near.body.pipes[1]!.distanceM).toBeGreaterThan(0.5);
    expect(near.body.owners.map((o) => o.owner).sort()).toEqual(['中国电信青禾分公司', '县市政局', '青禾燃气有限公司', '青禾热力', '青禾县自来水公司'].sort());
    // The power cable 440 m away is not under this case; it is under a wider search.
    expect(near.body.pipes.some((p) => p.code === 'DL-009')).toBe(false);
    const wide = await county.call<Near>('GET', `/api/pipelines/near-case/${filed.body.case.id}?radius=500`, { token: acceptor });
    expect(wide.body.pipes.some((p) => p.code === 'DL-009')).toBe(true);
  });

  it('sends the network to the wall shaped for drawing', async () => {
    const pack = await county.call<{ kinds: string[]; pipes: [number, number, number, number, number[]][]; wells: unknown[] }>('GET', '/api/pipelines/wall', { token: admin });
    expect(pack.body.pipes).toHaveLength(7);
    expect(pack.body.wells).toHaveLength(2);
    const water = pack.body.pipes.find((p) => p[0] === 1)!;
    expect([pack.body.kinds[water[1]], water[2], water[3], water[4].length]).toEqual(['water', 300, 1.4, 4]);
  });
});
