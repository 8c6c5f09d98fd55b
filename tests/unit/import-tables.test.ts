// Tables with coordinate columns: a CSV of points taken from a web map (GCJ-02), a CSV whose
// columns are the wrong way round, Excel sheets of departments and users, GeoJSON places.
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { metresBetween, wgs84ToGcj02 } from '../support/geodesy.js';
import { ADMIN_CODE, CELL_LAT, CELL_LON, LAT0, LON0, makeImportCounty, type ImportCounty } from '../support/import-county.js';

let county: ImportCounty;
beforeEach(async () => {
  county = await makeImportCounty();
});
afterEach(async () => await county.close());

const known = Array.from({ length: 25 }, (_, k) => ({
  id: `${ADMIN_CODE}0305${String(k + 1).padStart(6, '0')}`,
  lon: LON0 + (0.2 + (k % 5) * 0.75) * CELL_LON,
  lat: LAT0 + (0.2 + Math.floor(k / 5) * 0.5) * CELL_LAT,
}));

function gcjCsv(file: string, options: { swap?: boolean; encoding?: 'gbk' | 'utf-8'; extraLine?: string } = {}): string {
  const lines = ['部件标识码,部件名称,经度,纬度'];
  for (const p of known) {
    const [x, y] = wgs84ToGcj02(p.lon, p.lat);
    lines.push(options.swap ? `${p.id},垃圾箱,${y.toFixed(7)},${x.toFixed(7)}` : `${p.id},垃圾箱,${x.toFixed(7)},${y.toFixed(7)}`);
  }
  if (options.extraLine) lines.push(options.extraLine);
  const text = lines.join('\r\n') + '\r\n';
  writeFileSync(file, options.encoding === 'gbk' ? iconv.encode(text, 'gbk') : text);
  return file;
}

const stored = () =>
  county.db.statement<{ id: string; lon: number; lat: number; name: string }>('t.c', 'SELECT id, lon, lat, name FROM components ORDER BY id').allNow();

describe('a CSV of points from a web map (GCJ-02)', () => {
  it('lands every point within 5 m of its true position, read from GBK text', async () => {
    const file = gcjCsv(path.join(county.dir, '垃圾箱.csv'), { encoding: 'gbk' });
    const report = await county.run({ target: 'components', file, crs: { kind: 'gcj02' } });
    expect(report.errors).toBe(0);
    expect(report.encoding).toMatch(/^GBK/);
    const rows = stored();
    expect(rows).toHaveLength(known.length);
    for (const [k, p] of known.entries()) {
      expect(metresBetween([rows[k]!.lon, rows[k]!.lat], [p.lon, p.lat])).toBeLessThan(5);
      expect(rows[k]!.name).toBe('垃圾箱');
    }
  });

  it('taken as WGS84 by mistake, the same points would be hundreds of metres off: the choice matters', async () => {
    const file = gcjCsv(path.join(county.dir, 'wgs.csv'));
    await county.run({ target: 'components', file, crs: { kind: 'wgs84' } });
    const rows = stored();
    expect(metresBetween([rows[0]!.lon, rows[0]!.lat], [known[0]!.lon, known[0]!.lat])).toBeGreaterThan(100);
  });

  it('swapped longitude and latitude columns are detected and named, and nothing is written', async () => {
    const file = gcjCsv(path.join(county.dir, 'swapped.csv'), { swap: true });
    const report = await county.run({ target: 'components', file, crs: { kind: 'gcj02' } });
    const issue = report.issues.find((i) => i.code === 'crs.swapped');
    expect(issue?.message).toMatch(/longitude column holds latitudes/);
    expect(stored()).toHaveLength(0);
    const fixed = await county.run({ target: 'components', file, crs: { kind: 'gcj02' }, swapAxes: true });
    expect(fixed.errors).toBe(0);
    expect(metresBetween([stored()[0]!.lon, stored()[0]!.lat], [known[0]!.lon, known[0]!.lat])).toBeLessThan(5);
  });

  it('one row with its two numbers swapped is named by its line number', async () => {
    const [x, y] = wgs84ToGcj02(known[0]!.lon, known[0]!.lat);
    const file = gcjCsv(path.join(county.dir, 'one.csv'), { extraLine: `${ADMIN_CODE}0305000099,垃圾箱,${y.toFixed(6)},${x.toFixed(6)}` });
    const report = await county.run({ target: 'components', file, crs: { kind: 'gcj02' }, swapAxes: false });
    expect(report.issues.filter((i) => i.code === 'point.swapped').map((i) => i.row)).toEqual([known.length + 2]);
    expect(stored()).toHaveLength(0);
  });

  it('a broken CSV (missing ID column, non-numeric coordinates) gives a report and writes nothing', async () => {
    const file = path.join(county.dir, 'broken.csv');
    writeFileSync(file, `编号,经度,纬度\n1,abc,28.4\n`);
    const report = await county.run({ target: 'components', file, crs: { kind: 'wgs84' } });
    expect(report.issues.map((i) => i.code)).toContain('field.unmapped');
    expect(stored()).toHaveLength(0);
  });
});

describe('Excel sheets of departments and users', () => {
  async function workbook(file: string, header: string[], rows: (string | number)[][]): Promise<string> {
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('Sheet1');
    sheet.addRow(header);
    for (const r of rows) sheet.addRow(r);
    await wb.xlsx.writeFile(file);
    return file;
  }

  it('departments with parents below them, then users with roles, departments and grids', async () => {
    const deps = await workbook(path.join(county.dir, '部门.xlsx'), ['部门代码', '部门名称', '类型', '上级部门代码', '联系电话'], [
      ['HW01', '环卫一队', '部门', 'HW', '0591-1'],
      ['HW', '环卫处', '专业部门', '', '0591-2'],
      ['ZX', '监督指挥中心', '中心', '', ''],
    ]);
    const d = await county.run({ target: 'departments', file: deps });
    expect(d.errors).toBe(0);
    expect(d.counts.inserted).toBe(3);
    const child = county.db.statement<{ level: number; parent: string }>('t.dep', 'SELECT d.level, p.code AS parent FROM departments d JOIN departments p ON p.id = d.parent_id WHERE d.code = ?').getNow(['HW01']);
    expect(child).toEqual({ level: 2, parent: 'HW' });

    const users = await workbook(path.join(county.dir, '人员.xlsx'), ['用户名', '姓名', '角色', '部门', '手机', '责任网格'], [
      ['zhang3', '张三', '监督员', 'ZX', '13800000001', '990101001001001;990101001001002'],
      ['li4', '李四', '受理员、值班长', 'ZX', '13800000002', ''],
    ]);
    const u = await county.run({ target: 'users', file: users });
    expect(u.errors).toBe(0);
    expect(u.passwords?.map((p) => p.username)).toEqual(['zhang3', 'li4']);
    const roles = county.db.statement<{ role_code: string }>('t.roles', "SELECT role_code FROM user_roles r JOIN users u ON u.id = r.user_id WHERE u.username = 'li4' ORDER BY role_code").allNow();
    expect(roles.map((r) => r.role_code)).toEqual(['acceptor', 'shift_leader']);
    const grids = county.db.statement<{ n: number }>('t.grids', "SELECT count(*) AS n FROM inspector_grids g JOIN users u ON u.id = g.user_id WHERE u.username = 'zhang3'").getNow();
    expect(grids?.n).toBe(2);
  });

  it('a user sheet naming an unknown role or grid is refused by row', async () => {
    const users = await workbook(path.join(county.dir, 'bad.xlsx'), ['用户名', '姓名', '角色', '责任网格'], [
      ['a1', '甲', '监督员', '990101001001099'],
      ['b2', '乙', '巡逻员', ''],
    ]);
    const u = await county.run({ target: 'users', file: users });
    expect(u.issues.map((i) => [i.row, i.code])).toEqual([[2, 'grid.unknown'], [3, 'value.role']]);
    expect(county.db.statement<{ n: number }>('t.u', 'SELECT count(*) AS n FROM users').getNow()?.n).toBe(0);
  });
});

describe('broken files of each kind: a report, and nothing written', () => {
  it('a damaged workbook', async () => {
    const file = path.join(county.dir, 'damaged.xlsx');
    writeFileSync(file, Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(200, 7)]));
    const report = await county.run({ target: 'departments', file });
    expect(report.issues[0]).toMatchObject({ code: 'excel.invalid', row: 0 });
    expect(county.db.statement<{ n: number }>('t.d', 'SELECT count(*) AS n FROM departments').getNow()?.n).toBe(0);
  });

  it('a GeoJSON cut off in the middle', async () => {
    const file = path.join(county.dir, 'cut.geojson');
    writeFileSync(file, '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"名称":"甲"},"geometry":{"type":"Point","coordinates":[118.1');
    const report = await county.run({ target: 'places', file });
    expect(report.issues[0]).toMatchObject({ code: 'geojson.invalid' });
    expect(county.db.statement<{ n: number }>('t.p0', 'SELECT count(*) AS n FROM places').getNow()?.n).toBe(0);
  });

  it('numbers that are neither degrees in China nor Gauss-Krüger metres: an unknown system, said so', async () => {
    const file = path.join(county.dir, 'mercator.csv');
    writeFileSync(file, `OBJID,X,Y\n${ADMIN_CODE}0305000001,13146000.5,3299000.2\n`);
    const report = await county.run({ target: 'components', file });
    expect(report.issues[0]).toMatchObject({ code: 'crs.unknown' });
    expect(stored()).toHaveLength(0);
  });
});

describe('GeoJSON door plates', () => {
  it('are imported with their grid, and re-imported by address code without duplicates', async () => {
    const feature = (code: string, no: string, lon: number) => ({
      type: 'Feature', properties: { 地址编码: code, 类型: '门牌', 街路巷: '青禾大道', 门牌号: no, 名称: `青禾大道${no}` },
      geometry: { type: 'Point', coordinates: [lon, LAT0 + 0.0004] },
    });
    const file = path.join(county.dir, 'places.geojson');
    writeFileSync(file, JSON.stringify({ type: 'FeatureCollection', features: [feature('A1', '1号', LON0 + 0.0002), feature('A2', '3号', LON0 + 0.0012)] }));
    expect((await county.run({ target: 'places', file })).counts.inserted).toBe(2);
    writeFileSync(file, JSON.stringify({ type: 'FeatureCollection', features: [feature('A1', '1号', LON0 + 0.0003), feature('A2', '3号', LON0 + 0.0012)] }));
    const again = await county.run({ target: 'places', file });
    expect(again.counts).toMatchObject({ inserted: 0, updated: 1, unchanged: 1 });
    const rows = county.db.statement<{ code: string; grid_code: string }>('t.p', 'SELECT code, grid_code FROM places ORDER BY code').allNow();
    expect(rows).toEqual([{ code: 'A1', grid_code: '990101001001001' }, { code: 'A2', grid_code: '990101001001002' }]);
  });
});
