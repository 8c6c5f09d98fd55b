// Exports filtered as on screen, and a full backup that restores into a working county with
// the same answers.
import ExcelJS from 'exceljs';
import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restoreBackup } from '../../core/admin/backup/backup.js';
import { ADMIN_CODE, CELL_LAT, CELL_LON, gridCodeAt, LAT0, LON0, writeGridShapefile } from '../support/import-county.js';
import { importFile, partsOf } from './import-helpers.js';
import { startTestCounty, type TestCounty } from './support.js';

let county: TestCounty;
let token: string;
const scratch = mkdtempSync(path.join(os.tmpdir(), 'gridhall-backup-test-'));

beforeAll(async () => {
  county = await startTestCounty();
  token = await county.login();
  await importFile(county, token, 'grids', partsOf(writeGridShapefile(path.join(scratch, 'grids'))), { countyName: '测试县' });
  const lines = ['OBJID,OBJNAME,OBJSTATE,X,Y'];
  for (let k = 0; k < 40; k++) {
    const col = k % 4;
    lines.push(`${ADMIN_CODE}0305${String(k + 1).padStart(6, '0')},垃圾箱,${k % 3 ? '完好' : '破损'},${(LON0 + (col + 0.5) * CELL_LON).toFixed(7)},${(LAT0 + 0.5 * CELL_LAT).toFixed(7)}`);
  }
  writeFileSync(path.join(scratch, 'bins.csv'), lines.join('\n'));
  await importFile(county, token, 'components', [path.join(scratch, 'bins.csv')], { crs: 'wgs84' });
  const created = await county.call('POST', '/api/admin/users', { token, body: { username: 'op1', displayName: '甲', departmentId: null, phone: null, active: true, roles: ['acceptor'], gridCodes: [], password: 'Intake-pass-2026' } });
  expect(created.status).toBe(200);
  const op = await county.firstSignIn('op1', 'Intake-pass-2026', 'Intake-pass-2027');
  for (const d of ['井盖缺失', '垃圾满溢', '路面积水']) {
    const res = await county.call('POST', '/api/cases', { token: op, body: { kind: 'event', classCode: '0102', description: d, lon: LON0 + 0.0005, lat: LAT0 + 0.0004 } });
    expect(res.status).toBe(201);
  }
});
afterAll(async () => {
  await county.stop();
  rmSync(scratch, { recursive: true, force: true });
});

async function download(route: string): Promise<Buffer> {
  const res = await fetch(county.url + route, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  return Buffer.from(await res.arrayBuffer());
}

describe('exports, filtered as on screen', () => {
  it('components of one grid as CSV: a BOM, Chinese headers, only that grid', async () => {
    const text = (await download(`/api/exports/components.csv?gridCode=${gridCodeAt(1, 0)}`)).toString('utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const rows = text.trim().split('\r\n');
    expect(rows[0]).toContain('部件标识码 OBJID');
    expect(rows).toHaveLength(1 + 10);
    expect(rows.slice(1).every((r) => r.includes(gridCodeAt(1, 0)))).toBe(true);
  });

  it('damaged components as GeoJSON points in WGS84', async () => {
    const doc = JSON.parse((await download('/api/exports/components.geojson?state=damaged')).toString('utf8')) as { features: { geometry: { coordinates: number[] }; properties: { state: string } }[] };
    expect(doc.features).toHaveLength(14);
    expect(doc.features.every((f) => f.properties.state === '破损')).toBe(true);
    expect(doc.features[0]!.geometry.coordinates[1]).toBeCloseTo(LAT0 + 0.5 * CELL_LAT, 6);
  });

  it('grids and cases as Excel workbooks', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await download('/api/exports/grids.xlsx')) as never);
    const sheet = wb.worksheets[0]!;
    expect(sheet.getRow(1).getCell(1).value).toBe('网格编码 BGID');
    expect(sheet.rowCount).toBe(13);
    const cases = new ExcelJS.Workbook();
    await cases.xlsx.load((await download('/api/exports/cases.xlsx?q=' + encodeURIComponent('垃圾'))) as never);
    expect(cases.worksheets[0]!.rowCount).toBe(2);
  });
});

describe('backup and restore', () => {
  it('a full backup restores into a new folder as the same county: same answers, same sign-ins', async () => {
    const zip = path.join(scratch, 'backup.zip');
    writeFileSync(zip, await download('/api/admin/backup'));
    const target = path.join(scratch, 'restored');
    const manifest = await restoreBackup(zip, target);
    expect(manifest.county).toEqual({ adminCode: ADMIN_CODE, name: '测试县' });
    const again = await startTestCounty({ dataDir: target });
    try {
      const t2 = await again.login();
      for (const route of ['/api/health', '/api/cases?limit=50', '/api/admin/limits', '/api/departments', '/api/admin/users', `/api/admin/roster/${gridCodeAt(0, 0)}`]) {
        const [a, b] = [await county.call('GET', route, { token }), await again.call('GET', route, { token: t2 })];
        expect(b.status, route).toBe(200);
        expect(b.body, route).toEqual(a.body);
      }
      await again.login('op1', 'Intake-pass-2027');
    } finally {
      await again.stop();
    }
  });

  it('refuses to restore over a folder that holds a county, and refuses a damaged backup', async () => {
    const zip = path.join(scratch, 'backup2.zip');
    writeFileSync(zip, await download('/api/admin/backup'));
    await expect(restoreBackup(zip, county.dataDir)).rejects.toThrow(/already holds a county/);
    const broken = path.join(scratch, 'broken.zip');
    writeFileSync(broken, readFileSync(zip));
    truncateSync(broken, Math.floor(statSync(broken).size / 2));
    const target = path.join(scratch, 'never');
    await expect(restoreBackup(broken, target)).rejects.toThrow();
    expect(() => statSync(path.join(target, 'gridhall.db'))).toThrow();
  });
});
