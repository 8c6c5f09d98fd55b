// The command line as an operator uses it: gridhall import with a progress bar and a report,
// exit code 1 on a refused file, then gridhall backup FILE.zip and gridhall restore.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteDb } from '../../core/db/sqlite.js';
import { silentLogger } from '../../core/runtime/log.js';
import { ADMIN_CODE, CELL_LAT, CELL_LON, LAT0, LON0, writeGridShapefile } from '../support/import-county.js';
import { startTestCounty } from './support.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const scratch = mkdtempSync(path.join(os.tmpdir(), 'gridhall-cli-test-'));
const dataDir = path.join(scratch, 'data');

function gridhall(...args: string[]) {
  const r = spawnSync(process.execPath, [path.join(root, 'bin', 'gridhall.mjs'), ...args, '--data', dataDir], {
    cwd: root, encoding: 'utf8', env: { ...process.env, GRIDHALL_FROM_SOURCE: '1', GRIDHALL_DATA: '' }, timeout: 120_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

beforeAll(async () => {
  // A county folder made by a first start of the server, then stopped.
  const county = await startTestCounty({ dataDir });
  await county.stop();
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('gridhall import', () => {
  it('imports grids then components, printing the report', async () => {
    const grids = gridhall('import', 'grids', writeGridShapefile(path.join(scratch, 'g')), '--county-name', '测试县');
    expect(grids.code, grids.err).toBe(0);
    expect(grids.out).toContain('written: 12 new, 0 updated, 0 unchanged');
    const csv = path.join(scratch, 'bins.csv');
    writeFileSync(csv, `编号,经度,纬度\n${ADMIN_CODE}0305000001,${LON0 + CELL_LON / 2},${LAT0 + CELL_LAT / 2}\n`);
    const components = gridhall('import', 'components', csv, '--map', 'id=编号', '--crs', 'wgs84');
    expect(components.code, components.err).toBe(0);
    expect(components.out).toContain('written: 1 new');
    const db = new SqliteDb(path.join(dataDir, 'gridhall.db'), silentLogger, { readonly: true });
    expect((await db.statement<{ grid_code: string }>('t.c', 'SELECT grid_code FROM components').get())?.grid_code).toBe(`${ADMIN_CODE}001001001`);
    await db.close();
  });

  it('a refused file exits 1 and says why, by row', () => {
    const csv = path.join(scratch, 'bad.csv');
    writeFileSync(csv, `OBJID,X,Y\n3501210305000001,${LON0},${LAT0}\n`);
    const r = gridhall('import', 'components', csv, '--crs', 'wgs84');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/ERROR id\.county ×1 \(lines 2\)/);
    expect(r.out).toContain('nothing was written');
  });

  it('an unknown coordinate system on the command line is refused with the forms it takes', () => {
    const r = gridhall('import', 'components', path.join(scratch, 'bins.csv'), '--crs', 'xian80');
    expect(r.code).not.toBe(0);
    expect(r.err).toMatch(/unknown coordinate system "xian80"/);
  });
});

describe('gridhall backup and restore', () => {
  it('offers in --help only options that exist (no --full)', () => {
    for (const command of ['backup', 'restore']) {
      const help = gridhall(command, '--help');
      expect(help.code).toBe(0);
      expect(help.out).not.toContain('--full');
    }
  });

  it('backs up to a zip and restores into a new folder, refusing an occupied one', () => {
    const zip = path.join(scratch, 'county.zip');
    expect(gridhall('backup', zip).code).toBe(0);
    const again = spawnSync(process.execPath, [path.join(root, 'bin', 'gridhall.mjs'), 'restore', zip, '--data', path.join(scratch, 'restored')], {
      cwd: root, encoding: 'utf8', env: { ...process.env, GRIDHALL_FROM_SOURCE: '1' },
    });
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toContain('Restored 测试县 (990101)');
    expect(existsSync(path.join(scratch, 'restored', 'gridhall.db'))).toBe(true);
    const occupied = gridhall('restore', zip);
    expect(occupied.code).not.toBe(0);
    expect(occupied.err).toMatch(/already holds a county/);
  });
});

describe('gridhall doctor --restore-drill', () => {
  it('fails without a backup, then restores the newest backup into a temporary folder and passes', () => {
    const none = gridhall('doctor', '--restore-drill', '--port', '0');
    expect(none.code).toBe(1);
    expect(none.out).toMatch(/FAILED +find +no backup found/);
    const backups = path.join(dataDir, 'backups');
    mkdirSync(backups, { recursive: true });
    expect(gridhall('backup', path.join(backups, 'gridhall-backup-202612010200.zip')).code).toBe(0);
    const drill = gridhall('doctor', '--restore-drill', '--port', '0');
    expect(drill.code, drill.out + drill.err).toBe(0);
    expect(drill.out).toContain('gridhall-backup-202612010200.zip');
    for (const step of ['restore', 'replay', 'case chain', 'audit chain', 'counts']) expect(drill.out).toMatch(new RegExp(`ok +${step}`));
    expect(drill.out).toMatch(/grids +12 +12 +12/);
    expect(drill.out).toContain('PASSED');
    expect(existsSync(path.join(backups, 'restore-drill.json'))).toBe(true);
  });
});
