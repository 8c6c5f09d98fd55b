// Imports over HTTP, as the console drives them: upload, preview, dry run, import; the server
// keeps answering while a large import runs in its worker.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_CODE, CELL_LAT, CELL_LON, gk39, LAT0, LON0, writeGridShapefile } from '../support/import-county.js';
import { CGCS2000_GK3_39_PRJ, ShapefileWriter } from '../support/shapefile-writer.js';
import { partsOf, upload as uploadFiles, waitForJob as waitFor, type Job } from './import-helpers.js';
import { startTestCounty, type TestCounty } from './support.js';

let county: TestCounty;
let token: string;
beforeAll(async () => {
  county = await startTestCounty();
  token = await county.login();
});
afterAll(async () => {
  await county.stop();
});

const upload = (files: string[]) => uploadFiles(county, token, files);
const waitForJob = (id: number, onRunning?: (job: Job) => Promise<void>) => waitFor(county, token, id, onRunning);

describe('importing over the API', () => {
  it('refuses anyone but an administrator', async () => {
    const res = await county.call('GET', '/api/imports/targets');
    expect(res.status).toBe(401);
  });

  it('uploads a Shapefile\'s parts, previews it with the mapping and system found, and imports the grids', async () => {
    const dir = path.join(county.dataDir, 'fixtures', 'grids');
    const shp = writeGridShapefile(dir);
    const up = await upload(partsOf(shp));
    expect(up.status).toBe(200);
    expect(up.body.files.sort()).toEqual(['单元网格.dbf', '单元网格.prj', '单元网格.shp', '单元网格.shx']);
    const preview = await county.call<{ mapping: Record<string, string>; crs: { text: string; source: string }; polygons: unknown[]; rows: { props: Record<string, unknown> }[]; encoding: string }>(
      'POST', '/api/imports/preview', { token, body: { uploadId: up.body.uploadId, target: 'grids' } });
    expect(preview.status).toBe(200);
    expect(preview.body.mapping).toMatchObject({ code: 'BGID', streetName: 'JDMC', communityName: 'SQMC' });
    expect(preview.body.crs).toMatchObject({ text: 'gk3:39', source: 'prj' });
    expect(preview.body.polygons).toHaveLength(12);
    expect(preview.body.rows[0]!.props.SQMC).toBe('东门社区');
    const start = await county.call<Job>('POST', '/api/imports', { token, body: { uploadId: up.body.uploadId, target: 'grids', countyName: '测试县' } });
    expect(start.status).toBe(202);
    const job = await waitForJob(start.body.id);
    expect(job.failure).toBeUndefined();
    expect(job.status).toBe('done');
    expect(job.report?.counts.inserted).toBe(12);
    const health = await county.call<{ county: { name: string; adminCode: string }; counts: { grids: number } }>('GET', '/api/health');
    expect(health.body.county).toMatchObject({ name: '测试县', adminCode: ADMIN_CODE });
    expect(health.body.counts.grids).toBe(12);
  });

  it('keeps answering while 80,000 components import in the worker, and case actions go through before it ends', async () => {
    const acceptor = await county.call<{ id: number }>('POST', '/api/admin/users', {
      token, body: { username: 'acceptor-imp', displayName: '受理员', departmentId: null, phone: null, active: true, roles: ['acceptor'], gridCodes: [], password: 'acceptor-password-1' },
    });
    expect(acceptor.status).toBe(200);
    const acceptorToken = await county.firstSignIn('acceptor-imp', 'acceptor-password-1', 'Acceptor-password-2');
    const dir = path.join(county.dataDir, 'fixtures', 'big');
    mkdirSync(dir, { recursive: true });
    const w = new ShapefileWriter({ base: path.join(dir, 'components'), shapeType: 'point', encoding: 'gbk', prj: CGCS2000_GK3_39_PRJ, fields: [{ name: 'OBJID', type: 'C', length: 16 }, { name: 'OBJNAME', type: 'C', length: 20 }] });
    const n = 80_000;
    for (let k = 0; k < n; k++) {
      const [x, y] = gk39(LON0 + ((k % 400) / 400) * 4 * CELL_LON, LAT0 + (Math.floor(k / 400) / 300) * 3 * CELL_LAT);
      w.add({ kind: 'point', x, y, props: { OBJID: `${ADMIN_CODE}0118${String(k + 1).padStart(6, '0')}`, OBJNAME: '路灯' } });
    }
    // The job is held before its apply (the import service's gate), so what the test checks
    // while it runs depends on the job's state, not on how fast the worker is.
    const fractions = new Set<number>();
    const unsubscribe = county.server.county.events.subscribe((m) => {
      if (m.topic === 'import.progress') fractions.add((m.data as { fraction: number }).fraction);
    });
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let reachedApply!: () => void;
    const atApply = new Promise<void>((resolve) => (reachedApply = resolve));
    county.server.county.imports.applyGate = () => {
      reachedApply();
      return held;
    };
    try {
      const up = await upload(partsOf(w.close()));
      const start = await county.call<Job>('POST', '/api/imports', { token, body: { uploadId: up.body.uploadId, target: 'components' } });
      expect(start.status).toBe(202);
      await atApply;
      // Every row is checked and staged; the job is running and the server answers reads and writes.
      const running = (await county.call<Job>('GET', `/api/imports/${start.body.id}`, { token })).body;
      expect(running.status).toBe('running');
      expect(running.progress?.phase).toBe('apply');
      for (let k = 0; k < 3; k++) expect((await county.call('GET', '/api/health')).status).toBe(200);
      // A hotline case filed while the import runs: a workflow transaction on the server's connection.
      const report = await county.call('POST', '/api/cases', {
        token: acceptorToken,
        body: { kind: 'event', classCode: '0102', description: '导入期间的热线案件', lon: LON0 + 0.5 * CELL_LON, lat: LAT0 + 0.5 * CELL_LAT, address: '测试路 1 号', source: 'hotline' },
      });
      expect(report.status).toBe(201);
      expect((await county.call<Job>('GET', `/api/imports/${start.body.id}`, { token })).body.status).toBe('running');
      release();
      const job = await waitForJob(start.body.id);
      expect(job.status).toBe('done');
      expect(job.report?.counts).toMatchObject({ rows: n, inserted: n });
      expect(fractions.size).toBeGreaterThan(1);
    } finally {
      release();
      county.server.county.imports.applyGate = null;
      unsubscribe();
    }
    const stored = await county.server.county.db.statement<{ n: number }>('t.components', 'SELECT count(*) AS n FROM components').get();
    expect(stored?.n).toBe(n);
  });

  it('a second grid delivery that overlaps is refused with row numbers, and the county stays as it was', async () => {
    const dir = path.join(county.dataDir, 'fixtures', 'overlap');
    const shp = writeGridShapefile(dir, { shift: { col: 2, row: 0, dLon: CELL_LON / 2 } });
    const up = await upload(partsOf(shp));
    const start = await county.call<Job>('POST', '/api/imports', { token, body: { uploadId: up.body.uploadId, target: 'grids' } });
    const job = await waitForJob(start.body.id);
    expect(job.status).toBe('rejected');
    expect(job.report?.written).toBe(false);
    expect(job.report?.errors).toBeGreaterThan(0);
  });

  it('refuses a declared 2 GB upload before reading it', async () => {
    const res = await fetch(`${county.url}/api/imports/uploads`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'multipart/form-data; boundary=x', 'content-length': String(2 * 1024 ** 3) },
      body: '--x--',
    }).catch((e: unknown) => e);
    // The server answers 413 at once (or closes on the lying client); it never waits for 2 GB.
    if (res instanceof Response) expect(res.status).toBe(413);
    expect((await county.call('GET', '/api/health')).status).toBe(200);
  });
});
