// A surveying firm's delivery: GBK Shapefiles in CGCS2000 3° Gauss-Krüger zone 39.
import { mkdirSync, openSync, readFileSync, statSync, truncateSync, writeFileSync, closeSync, writeSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ImportStore } from '../../core/admin/imports/store.js';
import { metresBetween } from '../support/geodesy.js';
import { ADMIN_CODE, CELL_LAT, CELL_LON, gk39, gridCodeAt, LAT0, LON0, makeImportCounty, writeGridShapefile, type ImportCounty } from '../support/import-county.js';
import { CGCS2000_GK3_39_PRJ, ShapefileWriter, XIAN80_PRJ } from '../support/shapefile-writer.js';

interface Known {
  id: string;
  lon: number;
  lat: number;
  name: string;
  state: string;
  grid: string;
}

/** Deterministic points spread over the lattice, each with its expected grid. */
function knownPoints(n: number): Known[] {
  const out: Known[] = [];
  for (let k = 0; k < n; k++) {
    const col = k % 4;
    const row = Math.floor(k / 4) % 3;
    const fx = 0.1 + ((k * 37) % 80) / 100;
    const fy = 0.1 + ((k * 53) % 80) / 100;
    out.push({
      id: `${ADMIN_CODE}0101${String(k + 1).padStart(6, '0')}`,
      lon: LON0 + (col + fx) * CELL_LON,
      lat: LAT0 + (row + fy) * CELL_LAT,
      name: k % 2 ? '上水井盖' : '雨水箅子旁上水井盖',
      state: k % 5 === 0 ? '破损' : '完好',
      grid: gridCodeAt(col, row),
    });
  }
  return out;
}

function writeComponents(dir: string, points: Known[], options: { prj?: string; encodingOverride?: Map<number, 'utf-8'>; name?: string } = {}): string {
  mkdirSync(dir, { recursive: true });
  const w = new ShapefileWriter({
    base: path.join(dir, options.name ?? '部件_井盖'),
    shapeType: 'point',
    encoding: 'gbk',
    prj: options.prj ?? CGCS2000_GK3_39_PRJ,
    fields: [
      { name: 'OBJID', type: 'C', length: 16 },
      { name: 'OBJNAME', type: 'C', length: 40 },
      { name: 'OBJSTATE', type: 'C', length: 8 },
      { name: 'BGID', type: 'C', length: 15 },
      { name: 'ORDATE', type: 'D', length: 8 },
    ],
  });
  if (options.encodingOverride) w.encodingOverride = options.encodingOverride;
  for (const p of points) {
    const [x, y] = gk39(p.lon, p.lat);
    w.add({ kind: 'point', x, y, props: { OBJID: p.id, OBJNAME: p.name, OBJSTATE: p.state, BGID: p.grid, ORDATE: '20240315' } });
  }
  return w.close();
}

let county: ImportCounty;
beforeEach(async () => {
  county = await makeImportCounty();
});
afterEach(async () => await county.close());

const count = (table: string) => county.db.statement<{ n: number }>(`t.count.${table}`, `SELECT count(*) AS n FROM ${table}`).getNow()!.n;

describe('unit grids from a GBK Shapefile in a Gauss-Krüger zone', () => {
  it('makes the county, its street and community with their Chinese names, and twelve grids that tile it', () => {
    expect(count('grids')).toBe(12);
    const c = county.db.statement<{ admin_code: string; name: string; west: number; north: number }>('t.county', 'SELECT admin_code, name, west, north FROM county').getNow()!;
    expect(c.admin_code).toBe(ADMIN_CODE);
    expect(c.name).toBe('测试县');
    expect(c.west).toBeCloseTo(LON0, 6);
    expect(c.north).toBeCloseTo(LAT0 + 3 * CELL_LAT, 6);
    const names = county.db.statement<{ code: string; name: string }>('t.areas', 'SELECT code, name FROM areas ORDER BY code').allNow();
    expect(names).toEqual([
      { code: '990101', name: '测试县' },
      { code: '990101001', name: '城关街道' },
      { code: '990101001001', name: '东门社区' },
    ]);
    const g = county.db.statement<{ area_m2: number }>('t.grid', 'SELECT area_m2 FROM grids WHERE code = ?').getNow([gridCodeAt(0, 0)])!;
    expect(g.area_m2).toBeGreaterThan(9_500);
    expect(g.area_m2).toBeLessThan(10_000);
  });

  it('refuses grids that overlap, writing none of them', async () => {
    const fresh = await makeImportCounty({ withGrids: false });
    try {
      const file = writeGridShapefile(path.join(fresh.dir, 'bad'), { shift: { col: 1, row: 1, dLon: CELL_LON * 0.3 } });
      const report = await fresh.run({ target: 'grids', file });
      expect(report.written).toBe(false);
      const overlap = report.groups.find((g) => g.code === 'grid.overlap');
      expect(overlap?.count).toBeGreaterThanOrEqual(1);
      expect(report.issues.find((i) => i.code === 'grid.overlap')?.message).toContain(gridCodeAt(1, 1));
      expect(fresh.db.statement<{ n: number }>('t.n', 'SELECT count(*) AS n FROM grids').getNow()!.n).toBe(0);
      expect(fresh.db.statement<{ n: number }>('t.c', 'SELECT count(*) AS n FROM county').getNow()!.n).toBe(0);
    } finally {
      await fresh.close();
    }
  });

  it('reports a hole left by a missing grid, with its place and size', async () => {
    const fresh = await makeImportCounty({ withGrids: false });
    try {
      const file = writeGridShapefile(path.join(fresh.dir, 'holey'), { skip: (col, row) => col === 1 && row === 1 });
      const report = await fresh.run({ target: 'grids', file, dryRun: true });
      const gap = report.issues.find((i) => i.code === 'grid.gap');
      expect(gap).toBeDefined();
      expect(Number(gap!.params!.area)).toBeGreaterThan(8_000);
      expect(Number(gap!.params!.area)).toBeLessThan(11_000);
      expect(Number(gap!.params!.lon)).toBeCloseTo(LON0 + 1.5 * CELL_LON, 4);
      expect(report.written).toBe(false);
    } finally {
      await fresh.close();
    }
  });
});

describe('components from a GBK Shapefile in CGCS2000 3° zone 39', () => {
  it('lands every point within 0.5 m of where it was surveyed, in the right grid, with its Chinese name', async () => {
    const points = knownPoints(60);
    const file = writeComponents(path.join(county.dir, 'delivery'), points);
    const report = await county.run({ target: 'components', file });
    expect(report.errors).toBe(0);
    expect(report.crsSource).toBe('prj');
    expect(report.crs).toContain('zone 39');
    expect(report.encoding).toMatch(/^GBK/);
    expect(report.counts.inserted).toBe(60);
    const stored = county.db.statement<{ id: string; lon: number; lat: number; name: string; state: string; grid_code: string; class_code: string }>(
      't.components', 'SELECT id, lon, lat, name, state, grid_code, class_code FROM components ORDER BY id').allNow();
    expect(stored).toHaveLength(60);
    for (const [k, p] of points.entries()) {
      const s = stored[k]!;
      expect(s.id).toBe(p.id);
      expect(metresBetween([s.lon, s.lat], [p.lon, p.lat])).toBeLessThan(0.5);
      expect(s.name).toBe(p.name);
      expect(s.state).toBe(p.state === '破损' ? 'damaged' : 'intact');
      expect(s.grid_code).toBe(p.grid);
      expect(s.class_code).toBe('0101');
    }
  });

  it('a dry run reports and writes nothing', async () => {
    const file = writeComponents(path.join(county.dir, 'dry'), knownPoints(10));
    const report = await county.run({ target: 'components', file, dryRun: true });
    expect(report.counts.inserted).toBe(10);
    expect(report.written).toBe(false);
    expect(count('components')).toBe(0);
  });

  it('re-importing a changed delivery updates exactly the changed rows and records what changed and when', async () => {
    const points = knownPoints(20);
    await county.run({ target: 'components', file: writeComponents(path.join(county.dir, 'v1'), points) });
    const changed = points.map((p) => ({ ...p }));
    changed[3]!.lon += 3 / 97_900; // moved about 3 m east
    changed[7]!.name = '污水井盖（改）';
    changed[11]!.state = '丢失';
    const report = await county.run({ target: 'components', file: writeComponents(path.join(county.dir, 'v2'), changed) });
    expect(report.counts).toMatchObject({ rows: 20, inserted: 0, updated: 3, unchanged: 17 });
    expect(count('components')).toBe(20);
    const store = new ImportStore(county.db);
    expect(Object.keys((await store.changesOf('component', points[3]!.id))[0]!.changes)).toEqual(['lon']);
    expect((await store.changesOf('component', points[7]!.id))[0]!.changes.name).toEqual([points[7]!.name, '污水井盖（改）']);
    expect((await store.changesOf('component', points[11]!.id))[0]!.changes.state).toEqual(['intact', 'lost']);
    expect(await store.changesOf('component', points[0]!.id)).toEqual([]);
    const dates = county.db.statement<{ id: string; changed_date: string }>('t.dates', 'SELECT id, changed_date FROM components').allNow();
    const byId = new Map(dates.map((d) => [d.id, d.changed_date]));
    expect(byId.get(points[7]!.id)).toBe('2026-11-22'); // the day of the second import
    expect(byId.get(points[0]!.id)).toBe('2024-03-15'); // untouched: its survey date
  });

  it('lists IDs of another county, unknown classes, duplicates and points outside the county by row, and writes nothing', async () => {
    const points = knownPoints(12);
    points[2]!.id = `350121010100000${3}`; // another county
    points[4]!.id = `${ADMIN_CODE}0199000005`; // class 0199 does not exist
    points[6]!.id = points[5]!.id; // duplicate
    points[8]!.lon += 0.2; // 20 km east
    const report = await county.run({ target: 'components', file: writeComponents(path.join(county.dir, 'bad'), points) });
    const rowsOf = (code: string) => report.issues.filter((i) => i.code === code).map((i) => i.row);
    expect(rowsOf('id.county')).toEqual([3]);
    expect(rowsOf('class.unknown')).toEqual([5]);
    expect(rowsOf('id.duplicate')).toEqual([7]);
    expect(rowsOf('point.outside')).toEqual([9]);
    expect(report.written).toBe(false);
    expect(count('components')).toBe(0);
  });
});

describe('broken deliveries: a clear report and nothing written', () => {
  it('a truncated .shp', async () => {
    const file = writeComponents(path.join(county.dir, 'cut'), knownPoints(30));
    truncateSync(file, statSync(file).size - 50);
    const report = await county.run({ target: 'components', file });
    expect(report.groups.map((g) => g.code)).toContain('shp.truncated');
    expect(report.written).toBe(false);
    expect(count('components')).toBe(0);
  });

  it('a .dbf from another delivery (mismatched pair)', async () => {
    const a = writeComponents(path.join(county.dir, 'pair-a'), knownPoints(30));
    writeComponents(path.join(county.dir, 'pair-b'), knownPoints(25));
    writeFileSync(a.replace(/\.shp$/, '.dbf'), readFileSync(path.join(county.dir, 'pair-b', '部件_井盖.dbf')));
    const report = await county.run({ target: 'components', file: a });
    const issue = report.issues.find((i) => i.code === 'shp.mismatch');
    expect(issue?.message).toMatch(/30 shapes .* 25 records/);
    expect(count('components')).toBe(0);
  });

  it('a truncated .dbf', async () => {
    const file = writeComponents(path.join(county.dir, 'cutdbf'), knownPoints(30));
    const dbf = file.replace(/\.shp$/, '.dbf');
    truncateSync(dbf, statSync(dbf).size - 200);
    const report = await county.run({ target: 'components', file });
    expect(report.groups.map((g) => g.code)).toContain('dbf.truncated');
    expect(count('components')).toBe(0);
  });

  it('an unknown projection (Xian 1980) is named, not guessed', async () => {
    const file = writeComponents(path.join(county.dir, 'xian'), knownPoints(5), { prj: XIAN80_PRJ });
    const report = await county.run({ target: 'components', file });
    const issue = report.issues.find((i) => i.code === 'crs.unknown');
    expect(issue?.message).toContain('Xian 1980');
    expect(count('components')).toBe(0);
  });

  it('mixed encodings: every name is read right and the odd rows are named', async () => {
    const points = knownPoints(8);
    const file = writeComponents(path.join(county.dir, 'mixed'), points, { encodingOverride: new Map([[3, 'utf-8'], [6, 'utf-8']]) });
    const report = await county.run({ target: 'components', file });
    expect(report.issues.filter((i) => i.code === 'encoding.mixed').map((i) => i.row)).toEqual([3, 6]);
    const names = county.db.statement<{ name: string }>('t.names', 'SELECT name FROM components ORDER BY id').allNow().map((r) => r.name);
    expect(names).toEqual(points.map((p) => p.name));
  });

  it('a 2 GB file is refused before it is read', async () => {
    const file = path.join(county.dir, 'huge.csv');
    const fd = openSync(file, 'w');
    writeSync(fd, 'OBJID,X,Y\n');
    closeSync(fd);
    truncateSync(file, 2 * 1024 ** 3); // sparse: no disk used, nothing to read
    const report = await county.run({ target: 'components', file });
    expect(report.issues[0]).toMatchObject({ code: 'file.tooLarge' });
    expect(report.issues[0]!.message).toMatch(/2\.0 GB/);
    expect(report.counts.rows).toBe(0);
  });
});
