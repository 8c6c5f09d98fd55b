// The command wall's API on the small demo county over real HTTP: base-map tiles (drawn, cached,
// redrawn when the data changes), the buildings tileset (every building served once) and
// registered tileset folders (checked, served, never outside their folder), the component pack,
// one component or grid, a new case in the figures the panels read and in the ticker, and
// `gridhall import buildings` all-or-nothing from the command line.
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnalyticsSummary, GridFillResponse, TickerItem, TilesetInfo, WallComponentsMeta } from '../../core/contract/index.js';
import { StreetStore } from '../../core/base/basemap/store.js';
import { BuildingStore } from '../../core/base/buildings/store.js';
import { componentId, componentPosition, decodeComponentPack } from '../../renderer/views/wall/data/components.js';
import { ManualClock } from '../../core/runtime/clock.js';
import { ADMIN_PASSWORD, startTestCounty, type TestCounty } from './support.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
let county: TestCounty;
let token: string;
const scratch = mkdtempSync(path.join(os.tmpdir(), 'gridhall-wall-api-'));

async function bytes(route: string, auth = true): Promise<{ status: number; body: Buffer; type: string | null }> {
  const res = await fetch(county.url + route, { headers: auth ? { authorization: `Bearer ${token}` } : {} });
  return { status: res.status, body: Buffer.from(await res.arrayBuffer()), type: res.headers.get('content-type') };
}

function tileOf(lon: number, lat: number, z: number) {
  const n = 2 ** z;
  const s = Math.sin((lat * Math.PI) / 180);
  return { z, x: Math.floor(((lon + 180) / 360) * n), y: Math.floor((0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * n) };
}

// The server's own clock: the base map's revision cache (1 s) is passed by moving it, not by waiting.
const clock = new ManualClock(Date.parse('2026-11-20T02:00:00Z'));

beforeAll(async () => {
  county = await startTestCounty({ demoSize: 'small', clock });
  token = await county.login();
});

afterAll(async () => {
  await county?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

describe('the county base map', () => {
  it('draws tiles inside the county, caches them on disk, and draws afresh when the streets change', async () => {
    const info = (await county.call<{ basemap: { revision: string; url: string; bbox: { west: number; east: number } } }>('GET', '/api/basemap', { token })).body.basemap;
    const c = (await county.server.county.county.get())!;
    const { z, x, y } = tileOf(c.centerLon, c.centerLat, 16);
    const tile = await bytes(info.url.replace('{z}', String(z)).replace('{x}', String(x)).replace('{y}', String(y)));
    expect(tile.status).toBe(200);
    expect(tile.type).toBe('image/png');
    expect(tile.body.subarray(1, 4).toString()).toBe('PNG');
    expect(existsSync(path.join(county.dataDir, 'basemap', info.revision, '16', String(x), `${y}.png`))).toBe(true);
    // Far outside the county there is no tile; without a session there is none either.
    expect((await bytes(`/api/basemap/${info.revision}/16/0/0.png`)).status).toBe(404);
    expect((await bytes(info.url.replace('{z}', String(z)).replace('{x}', String(x)).replace('{y}', String(y)), false)).status).toBe(401);

    const db = county.server.county.db;
    await db.transaction(async () =>
      await new StreetStore(db).insertMany([
        { id: 99_999, name: '测试新路', kind: 'secondary', widthM: 20, geometry: JSON.stringify({ type: 'LineString', coordinates: [[c.west, c.centerLat], [c.east, c.centerLat]] }), west: c.west, south: c.centerLat, east: c.east, north: c.centerLat },
      ]),
    );
    clock.advance(1100); // past the base map's one-second revision cache
    const next = (await county.call<{ basemap: { revision: string } }>('GET', '/api/basemap', { token })).body.basemap;
    expect(next.revision).not.toBe(info.revision);
    expect(existsSync(path.join(county.dataDir, 'basemap', info.revision))).toBe(false);
  });
});

describe('the buildings tileset', () => {
  it('is made from the buildings table, and serves every building exactly once', async () => {
    const list = await county.call<{ items: TilesetInfo[] }>('GET', '/api/tilesets', { token });
    const buildings = list.body.items.find((t) => t.kind === 'buildings')!;
    expect(buildings.visible).toBe(true);
    const tileset = JSON.parse((await bytes(buildings.url)).body.toString()) as { asset: { version: string }; root: Tile };
    type Tile = { content?: { uri: string }; children?: Tile[] };
    expect(tileset.asset.version).toBe('1.1');
    const uris: string[] = [];
    const walk = (t: Tile) => {
      if (t.content) uris.push(t.content.uri);
      for (const c of t.children ?? []) walk(c);
    };
    walk(tileset.root);
    let features = 0;
    for (const uri of uris) {
      const glb = await bytes(buildings.url.replace('tileset.json', uri));
      expect(glb.status).toBe(200);
      expect(glb.type).toBe('model/gltf-binary');
      const json = JSON.parse(glb.body.subarray(20, 20 + glb.body.readUInt32LE(12)).toString());
      features += json.extensions.EXT_structural_metadata.propertyTables[0].count;
    }
    expect(features).toBe(await new BuildingStore(county.server.county.db).count());
  });

  it('never serves a file from outside a tileset folder', async () => {
    const buildings = (await county.call<{ items: TilesetInfo[] }>('GET', '/api/tilesets', { token })).body.items[0]!;
    const base = buildings.url.replace('tileset.json', '');
    expect((await bytes(base + '..%2F..%2Fgridhall.db')).status).toBe(404);
    expect((await bytes(base + '../../gridhall.db')).status).toBe(404);
    expect((await bytes(base + 'content/none.glb')).status).toBe(404);
  });
});

describe('registering a tileset folder (实景三维)', () => {
  it('refuses what is not a tileset, with a message that says why', async () => {
    const missing = path.join(scratch, 'nowhere');
    const empty = path.join(scratch, 'empty');
    const broken = path.join(scratch, 'broken');
    mkdirSync(empty);
    mkdirSync(broken);
    writeFileSync(path.join(broken, 'tileset.json'), '{"asset": ');
    const cases: [string, RegExp][] = [
      [missing, /No such folder/],
      [empty, /has no tileset\.json/],
      [broken, /not valid JSON/],
    ];
    for (const [folder, message] of cases) {
      const res = await county.call<{ error: string; message: string; field: string }>('POST', '/api/tilesets', { token, body: { folder } });
      expect(res.status).toBe(400);
      expect(res.body.field).toBe('folder');
      expect(res.body.message).toMatch(message);
    }
    const inspector = await county.login('inspector01', ADMIN_PASSWORD);
    expect((await county.call('POST', '/api/tilesets', { token: inspector, body: { folder: empty } })).status).toBe(403);
  });

  it('registers a real tileset folder, serves it, and lists it beside the buildings', async () => {
    const copy = path.join(scratch, 'oblique');
    cpSync(path.join(county.dataDir, 'tilesets', 'buildings'), copy, { recursive: true });
    const res = await county.call<{ tileset: TilesetInfo }>('POST', '/api/tilesets', { token, body: { folder: path.join(copy, 'tileset.json'), name: '城区实景三维' } });
    expect(res.status).toBe(201);
    expect(res.body.tileset.folder).toBe(copy);
    const again = await county.call('POST', '/api/tilesets', { token, body: { folder: copy } });
    expect(again.status).toBe(409);
    const served = await bytes(res.body.tileset.url);
    expect(served.status).toBe(200);
    expect(JSON.parse(served.body.toString()).asset.version).toBe('1.1');
    const list = await county.call<{ items: TilesetInfo[] }>('GET', '/api/tilesets', { token });
    expect(list.body.items.map((t) => t.name)).toEqual(['建筑白模', '城区实景三维']);
    const hidden = await county.call<{ tileset: TilesetInfo }>('PATCH', `/api/tilesets/${res.body.tileset.id}`, { token, body: { visible: false } });
    expect(hidden.body.tileset.visible).toBe(false);
  });
});

describe('the wall reads', () => {
  it('packs every component for drawing, with IDs and places as stored', async () => {
    const meta = (await county.call<WallComponentsMeta>('GET', '/api/wall/components', { token })).body;
    const store = county.server.county.components;
    expect(meta.count).toBe(await store.count());
    const bin = await bytes(meta.url);
    const pack = decodeComponentPack(new Uint8Array(bin.body).buffer);
    expect(pack.count).toBe(meta.count);
    for (const k of [0, Math.floor(pack.count / 2), pack.count - 1]) {
      const id = componentId(pack, meta.adminCode!, k)!;
      const row = (await store.get(id))!;
      expect(row).toBeDefined();
      const p = componentPosition(pack, k);
      expect(Math.abs(p.lon - row.lon)).toBeLessThan(1e-6);
      expect(Math.abs(p.lat - row.lat)).toBeLessThan(1e-6);
    }
  });

  it('gives one component by its ID and one grid by its code, and says when there is none', async () => {
    const row = (await county.server.county.components.list({ limit: 1 }))[0]!;
    const one = await county.call<{ component: { id: string; className: string; ownerName: string | null } }>('GET', `/api/components/${row.id}`, { token });
    expect(one.body.component.id).toBe(row.id);
    expect(one.body.component.className).toBeTruthy();
    expect((await county.call('GET', '/api/components/9901019999999999', { token })).status).toBe(404);
    expect((await county.call('GET', '/api/components/12ab', { token })).status).toBe(400);
    const grid = (await county.server.county.grids.list({ limit: 1 }))[0]!;
    const g = await county.call<{ id: string; geometry: { type: string } }>('GET', `/api/grids/${grid.code}`, { token });
    expect(g.body.id).toBe(grid.code);
    expect(g.body.geometry.type).toBe('Polygon');
  });

  it('shows a new case in the figures the panels read, first in the ticker, and among the open cases', async () => {
    const before = (await county.call<AnalyticsSummary>('GET', '/api/analytics/summary', { token })).body;
    const fillBefore = (await county.call<GridFillResponse>('GET', '/api/analytics/grid-fill?measure=open', { token })).body;
    const acceptor = await county.login('acceptor01', ADMIN_PASSWORD);
    const c = (await county.server.county.county.get())!;
    const filed = await county.call<{ case: { caseNo: string; id: number } }>('POST', '/api/cases', {
      token: acceptor,
      body: { kind: 'event', classCode: '0102', description: '暴露垃圾', lon: c.centerLon, lat: c.centerLat, source: 'hotline', urgent: true },
    });
    expect(filed.status).toBe(201);
    const after = (await county.call<AnalyticsSummary>('GET', '/api/analytics/summary', { token })).body;
    expect(after.today.reported).toBe(before.today.reported + 1);
    expect(after.open.total).toBe(before.open.total + 1);
    // The class panel names the class in both languages (the wall in English shows the English name).
    expect(after.classes.find((x) => x.key === 'event:0102')).toMatchObject({ name: '暴露垃圾', nameEn: expect.stringMatching(/\w/) });
    const fillAfter = (await county.call<GridFillResponse>('GET', '/api/analytics/grid-fill?measure=open', { token })).body;
    expect(fillAfter.total).toBe(fillBefore.total + 1);
    const ticker = (await county.call<{ items: TickerItem[] }>('GET', '/api/wall/ticker', { token })).body.items;
    expect(ticker[0]!.caseNo).toBe(filed.body.case.caseNo);
    expect(ticker[0]!.action).toBe('report');
    const open = (await county.call<{ items: { id: number; urgent: boolean }[] }>('GET', '/api/wall/cases', { token })).body.items;
    expect(open.find((x) => x.id === filed.body.case.id)?.urgent).toBe(true);
  });
});

describe('gridhall import buildings', () => {
  const run = promisify(execFile);
  const cli = (args: string[]) =>
    run(process.execPath, [path.join(root, 'bin', 'gridhall.mjs'), ...args, '--data', county.dataDir], { env: { ...process.env, GRIDHALL_FROM_SOURCE: '1' } }).then(
      (r) => ({ code: 0, out: r.stdout }),
      (e: { code: number; stdout: string }) => ({ code: e.code, out: e.stdout }),
    );

  it('refuses a file with bad features, writing nothing, and imports a good one with a new tileset', async () => {
    const store = new BuildingStore(county.server.county.db);
    const before = await store.count();
    const c = (await county.server.county.county.get())!;
    const square = (dx: number) => [[[c.centerLon + dx, c.centerLat], [c.centerLon + dx + 0.0002, c.centerLat], [c.centerLon + dx + 0.0002, c.centerLat + 0.0002], [c.centerLon + dx, c.centerLat + 0.0002], [c.centerLon + dx, c.centerLat]]];
    const bad = path.join(scratch, 'bad.geojson');
    writeFileSync(bad, JSON.stringify({ type: 'FeatureCollection', features: [
      { type: 'Feature', geometry: { type: 'Polygon', coordinates: square(0) }, properties: { height: 30 } },
      { type: 'Feature', geometry: { type: 'LineString', coordinates: [[c.centerLon, c.centerLat], [c.centerLon + 0.001, c.centerLat]] }, properties: { height: 30 } },
      { type: 'Feature', geometry: { type: 'Polygon', coordinates: square(0.001) }, properties: {} },
    ] }));
    const refused = await cli(['import', 'buildings', bad]);
    expect(refused.code).toBe(1);
    expect(refused.out).toMatch(/feature 2: is a LineString/);
    expect(refused.out).toMatch(/feature 3: has no height/);
    expect(refused.out).toMatch(/Nothing was imported/);
    expect(await store.count()).toBe(before);

    const good = path.join(scratch, 'good.geojson');
    writeFileSync(good, JSON.stringify({ type: 'FeatureCollection', features: [0, 0.0004, 0.0008].map((dx, k) => ({ type: 'Feature', geometry: { type: 'Polygon', coordinates: square(dx) }, properties: { height: 60 + k, name: `测试楼${k}` } })) }));
    const tilesetBefore = (await county.call<{ items: TilesetInfo[] }>('GET', '/api/tilesets', { token })).body.items[0]!;
    const imported = await cli(['import', 'buildings', good]);
    expect(imported.code).toBe(0);
    expect(imported.out).toMatch(/Wrote 3 building/);
    expect(imported.out).toMatch(/3D tileset/);
    expect(await store.count()).toBe(before + 3);
    const tilesetAfter = (await county.call<{ items: TilesetInfo[] }>('GET', '/api/tilesets', { token })).body.items[0]!;
    expect(tilesetAfter.url).not.toBe(tilesetBefore.url);
    expect(readdirSync(path.join(county.dataDir, 'tilesets'))).toEqual(['buildings']);
  });
});
