// The command wall's pure parts: footprints extruded on the ellipsoid, the buildings quadtree
// (each building once, errors shrinking towards the leaves), the component pack round trip,
// the search box's reading of a query, the base-map tile drawing and building-file checks.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadImage, createCanvas } from '@napi-rs/canvas';
import { afterAll, describe, expect, it } from 'vitest';
import { parseBuildingsGeoJson } from '../../core/base/buildings/import.js';
import { renderTile, MAP_STYLE } from '../../core/base/basemap/raster.js';
import { ecef, enuBasis } from '../../core/base/geo/ecef.js';
import { writeBuildingsTileset } from '../../core/wall/tiles/buildings-tileset.js';
import { extrudeBuilding, MeshBuffers, type BuildingFootprint } from '../../core/wall/tiles/extrude.js';
import { packComponents } from '../../core/wall/components-pack.js';
import { clusterComponents, componentId, componentPosition, decodeComponentPack } from '../../renderer/views/wall/data/components.js';
import { classifyQuery } from '../../renderer/views/wall/data/search.js';

const LON = 118.1;
const LAT = 28.4;
const M_PER_DEG_LAT = 110_800;
const M_PER_DEG_LON = 111_320 * Math.cos((LAT * Math.PI) / 180);

/** A w × d metre box footprint with its south-west corner `east`, `north` metres from the centre. */
function box(id: number, east: number, north: number, w: number, d: number, heightM: number): BuildingFootprint {
  const lon = (x: number) => LON + x / M_PER_DEG_LON;
  const lat = (y: number) => LAT + y / M_PER_DEG_LAT;
  const ring: [number, number][] = [
    [lon(east), lat(north)],
    [lon(east + w), lat(north)],
    [lon(east + w), lat(north + d)],
    [lon(east), lat(north + d)],
    [lon(east), lat(north)],
  ];
  return { id, rings: [ring], heightM, centerLon: lon(east + w / 2), centerLat: lat(north + d / 2) };
}

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('extruding a footprint', () => {
  it('makes four walls facing out and a roof facing up, at the right height above the ellipsoid', () => {
    const mesh = new MeshBuffers();
    const origin = ecef(LON, LAT, 0);
    expect(extrudeBuilding(mesh, box(7, 0, 0, 20, 10, 30), origin)).toBe(true);
    expect(mesh.buildingIds).toEqual([7]);
    expect(mesh.vertexCount).toBe(4 * 4 + 4);
    expect(mesh.indices.length).toBe(4 * 6 + 2 * 3);
    const up = enuBasis(LON, LAT).up;
    // glTF axes back to ECEF: (x, y, z) -> (x, -z, y)
    const ecefOf = (k: number, array: number[]) => [array[3 * k]!, -array[3 * k + 2]!, array[3 * k + 1]!];
    const dot = (a: number[], b: number[]) => a[0]! * b[0]! + a[1]! * b[1]! + a[2]! * b[2]!;
    const heights = Array.from({ length: mesh.vertexCount }, (_, k) => dot(ecefOf(k, mesh.positions), up));
    expect(Math.min(...heights)).toBeCloseTo(0, 1);
    expect(Math.max(...heights)).toBeCloseTo(30, 1);
    // Every triangle winds counter-clockwise seen from where its normal points (front faces out).
    for (let t = 0; t < mesh.indices.length; t += 3) {
      const [a, b, c] = [mesh.indices[t]!, mesh.indices[t + 1]!, mesh.indices[t + 2]!].map((k) => ecefOf(k, mesh.positions));
      const u = [b![0]! - a![0]!, b![1]! - a![1]!, b![2]! - a![2]!];
      const v = [c![0]! - a![0]!, c![1]! - a![1]!, c![2]! - a![2]!];
      const cross = [u[1]! * v[2]! - u[2]! * v[1]!, u[2]! * v[0]! - u[0]! * v[2]!, u[0]! * v[1]! - u[1]! * v[0]!];
      expect(dot(cross, ecefOf(mesh.indices[t]!, mesh.normals))).toBeGreaterThan(0);
    }
  });

  it('gives the walls whole bays and storeys for the facade shader, and the roof none', () => {
    const mesh = new MeshBuffers();
    // 20 m × 10 m, 30 m high: 6 and 3 bays of ~3.3 m, 10 storeys of 3 m.
    extrudeBuilding(mesh, box(7, 0, 0, 20, 10, 30), ecef(LON, LAT, 0));
    expect(mesh.uvs.length).toBe(mesh.vertexCount * 2);
    const walls = Array.from({ length: 16 }, (_, k) => [mesh.uvs[2 * k]!, mesh.uvs[2 * k + 1]!]);
    expect(new Set(walls.map(([u]) => u))).toEqual(new Set([0, 3, 6]));
    expect(new Set(walls.map(([, v]) => v))).toEqual(new Set([0, 10]));
    for (let k = 16; k < mesh.vertexCount; k++) expect([mesh.uvs[2 * k], mesh.uvs[2 * k + 1]]).toEqual([-1, -1]);
  });

  it('refuses a footprint with no area', () => {
    const flat = box(1, 0, 0, 10, 0, 10);
    expect(extrudeBuilding(new MeshBuffers(), flat, ecef(LON, LAT, 0))).toBe(false);
  });
});

describe('the buildings tileset', () => {
  it('puts every building in exactly one tile, with errors shrinking to 0 at the leaves and children inside their parents', async () => {
    const buildings: BuildingFootprint[] = [];
    for (let i = 0; i < 30; i++) for (let j = 0; j < 30; j++) buildings.push(box(buildings.length + 1, i * 40, j * 40, 20, 15, 10 + ((i * 7 + j * 13) % 90)));
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gridhall-tiles-'));
    dirs.push(dir);
    const out = path.join(dir, 'buildings');
    const stats = await writeBuildingsTileset(buildings, out, { leafCapacity: 60 });
    expect(stats.buildings).toBe(900);
    expect(stats.tiles).toBeGreaterThan(10);
    const tileset = JSON.parse(readFileSync(path.join(out, 'tileset.json'), 'utf8'));
    expect(tileset.asset.version).toBe('1.1');
    expect(tileset.root.refine).toBe('ADD');
    const seen: number[] = [];
    type Tile = { boundingVolume: { region: number[] }; geometricError: number; content?: { uri: string }; children?: Tile[] };
    const walk = (tile: Tile, parent: Tile | null) => {
      if (parent) {
        expect(tile.geometricError).toBeLessThan(parent.geometricError);
        const [w, s, e, n] = tile.boundingVolume.region;
        const [pw, ps, pe, pn] = parent.boundingVolume.region;
        expect(w! >= pw! && s! >= ps! && e! <= pe! && n! <= pn!).toBe(true);
      }
      if (!tile.children) expect(tile.geometricError).toBe(0);
      if (tile.content) {
        const glb = readFileSync(path.join(out, tile.content.uri));
        expect(glb.subarray(0, 4).toString()).toBe('glTF');
        const json = JSON.parse(glb.subarray(20, 20 + glb.readUInt32LE(12)).toString());
        const table = json.extensions.EXT_structural_metadata.propertyTables[0];
        const view = json.bufferViews[table.properties.id.values];
        const binStart = 20 + glb.readUInt32LE(12) + 8;
        const ids = new Uint32Array(glb.buffer.slice(glb.byteOffset + binStart + (view.byteOffset ?? 0), glb.byteOffset + binStart + (view.byteOffset ?? 0) + view.byteLength));
        expect(ids.length).toBe(table.count);
        seen.push(...ids);
      }
      for (const child of tile.children ?? []) walk(child, tile);
    };
    walk(tileset.root, null);
    expect(seen.sort((a, b) => a - b)).toEqual(buildings.map((b) => b.id));
    // Written whole: no staging folder is left beside it.
    expect(readdirSync(dir)).toEqual(['buildings']);
  });
});

describe('the component pack', () => {
  it('carries positions, classes, states and IDs through the binary form', () => {
    const rows: [string, string, string, number, number][] = [
      ['9901010101000001', '0101', 'intact', 118.1000001, 28.4000002],
      ['9901010118000123', '0118', 'damaged', 118.1234567, 28.3876543],
      ['9901010101000002', '0101', 'lost', 118.0555555, 28.4444444],
    ];
    const packed = packComponents({ adminCode: '990101', originLon: LON, originLat: LAT, rows });
    const ab = new Uint8Array(packed).buffer;
    const pack = decodeComponentPack(ab);
    expect(pack.count).toBe(3);
    for (const [k, [id, , state, lon, lat]] of rows.entries()) {
      expect(componentId(pack, '990101', k)).toBe(id);
      expect(['intact', 'damaged', 'lost', 'occupied'][pack.state[k]!]).toBe(state);
      const p = componentPosition(pack, k);
      // float32 offsets from the origin: well under a centimetre.
      expect(Math.abs(p.lon - lon) * M_PER_DEG_LON).toBeLessThan(0.01);
      expect(Math.abs(p.lat - lat) * M_PER_DEG_LAT).toBeLessThan(0.01);
    }
  });
});

describe('component clusters', () => {
  it('count every component once per level, at the mean of their members, with their troubles', () => {
    const rows: [string, string, string, number, number][] = [];
    // 3 × 3 blocks of 100 m, 10 components in each, one damaged in the first.
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 3; j++)
        for (let k = 0; k < 10; k++)
          rows.push([`99010101010${String(rows.length).padStart(5, '0')}`, i === 0 ? '0101' : '0201', i + j + k === 0 ? 'damaged' : 'intact', LON + (i * 100 + 50 + k) / M_PER_DEG_LON, LAT + (j * 100 + 50) / M_PER_DEG_LAT]);
    const pack = decodeComponentPack(new Uint8Array(packComponents({ adminCode: '990101', originLon: LON, originLat: LAT, rows })).buffer);
    for (const cellM of [100, 300, 1000]) {
      const clusters = clusterComponents(pack, cellM);
      expect(clusters.reduce((n, c) => n + c.count, 0)).toBe(90);
      expect(clusters.reduce((n, c) => n + c.alarms, 0)).toBe(1);
    }
    const fine = clusterComponents(pack, 100);
    expect(fine).toHaveLength(9);
    expect(new Set(fine.map((c) => c.bigClass))).toEqual(new Set(['01', '02']));
    expect(clusterComponents(pack, 1000)).toHaveLength(1);
  });
});

describe('the search box', () => {
  it('tells component IDs, grid codes, case numbers and addresses apart (full-width digits too)', () => {
    expect(classifyQuery('9901010101000001').kind).toBe('component');
    expect(classifyQuery('99010101010000012').kind).toBe('component');
    expect(classifyQuery('990101001001002').kind).toBe('grid');
    expect(classifyQuery(' 2026112200001 ').kind).toBe('case');
    expect(classifyQuery('２０２６１１２２００００１')).toEqual({ kind: 'case', q: '2026112200001' });
    expect(classifyQuery('青禾大道128号').kind).toBe('text');
  });
});

describe('a base-map tile', () => {
  it('draws streets, water, land use and the ground in the hall style', async () => {
    const z = 16;
    const n = 2 ** z;
    const x = Math.floor(((LON + 180) / 360) * n);
    const s = Math.sin((LAT * Math.PI) / 180);
    const y = Math.floor((0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * n);
    const street = { kind: 'main' as const, widthM: 40, name: '青禾大道', line: [[LON - 0.01, LAT], [LON + 0.01, LAT]] as [number, number][] };
    const water = [[[[LON - 0.01, LAT - 0.0008], [LON + 0.01, LAT - 0.0008], [LON + 0.01, LAT - 0.0004], [LON - 0.01, LAT - 0.0004], [LON - 0.01, LAT - 0.0008]]]] as [number, number][][][];
    const housing = [[[LON - 0.01, LAT + 0.0004], [LON + 0.01, LAT + 0.0004], [LON + 0.01, LAT + 0.0008], [LON - 0.01, LAT + 0.0008], [LON - 0.01, LAT + 0.0004]]] as [number, number][][];
    const land = [...water.map((rings) => ({ kind: 'water' as const, name: null, rings })), { kind: 'residential' as const, name: null, rings: housing }];
    const png = renderTile({ z, x, y }, { land, blocks: [], streets: [street], grids: [] });
    const image = await loadImage(png);
    const canvas = createCanvas(256, 256);
    const g = canvas.getContext('2d');
    g.drawImage(image, 0, 0);
    const data = g.getImageData(0, 0, 256, 256).data;
    const hex = (k: number) => '#' + [data[k]!, data[k + 1]!, data[k + 2]!].map((v) => v.toString(16).padStart(2, '0')).join('');
    const colours = new Set<string>();
    for (let k = 0; k < data.length; k += 4) colours.add(hex(k));
    expect(colours.has(MAP_STYLE.ground)).toBe(true);
    expect(colours.has(MAP_STYLE.street.main)).toBe(true);
    expect(colours.has(MAP_STYLE.land.water)).toBe(true);
    expect(colours.has(MAP_STYLE.land.residential)).toBe(true);
  });
});

describe('checking a buildings file', () => {
  const feature = (geometry: unknown, properties: Record<string, unknown> = { height: 20 }) => ({ type: 'Feature', geometry, properties });
  const square = [[[LON, LAT], [LON + 0.0002, LAT], [LON + 0.0002, LAT + 0.0002], [LON, LAT + 0.0002], [LON, LAT]]];
  const bounds = { west: LON - 0.05, south: LAT - 0.05, east: LON + 0.05, north: LAT + 0.05 };

  it('reads polygons and multipolygons with a height or a floor count', () => {
    const text = JSON.stringify({
      type: 'FeatureCollection',
      features: [
        feature({ type: 'Polygon', coordinates: square }, { height: '24.5', name: '一号楼' }),
        feature({ type: 'MultiPolygon', coordinates: [square, square] }, { floors: 6 }),
        feature({ type: 'Polygon', coordinates: [square[0]!.slice(0, 4)] }, { 高度: 9 }),
      ],
    });
    const parsed = parseBuildingsGeoJson(text, { bounds });
    expect(parsed.problems).toEqual([]);
    expect(parsed.buildings.map((b) => [b.heightM, b.floors, b.name])).toEqual([
      [24.5, 8, '一号楼'],
      [18, 6, null],
      [18, 6, null],
      [9, 3, null],
    ]);
  });

  it('names every bad feature by its number and keeps none of the file', () => {
    const text = JSON.stringify({
      type: 'FeatureCollection',
      features: [
        feature({ type: 'Polygon', coordinates: square }),
        feature({ type: 'Point', coordinates: [LON, LAT] }),
        feature({ type: 'Polygon', coordinates: square }, {}),
        feature({ type: 'Polygon', coordinates: [[[LON, LAT], ['x', LAT], [LON, LAT + 1]]] }),
        feature({ type: 'Polygon', coordinates: square }, { height: -3 }),
        feature({ type: 'Polygon', coordinates: square.map((r) => r.map(([a, b]) => [b, a])) }),
        feature(null),
      ],
    });
    const parsed = parseBuildingsGeoJson(text, { bounds });
    expect(parsed.problems.map((p) => p.feature)).toEqual([2, 3, 4, 5, 6, 7]);
    expect(parsed.problems[0]!.message).toMatch(/Point, not a Polygon/);
    expect(parsed.problems[1]!.message).toMatch(/no height/);
    expect(parsed.problems[2]!.message).toMatch(/position 2/);
    expect(parsed.problems[3]!.message).toMatch(/above 0/);
    expect(parsed.problems[4]!.message).toMatch(/swapped/);
    expect(parsed.problems[5]!.message).toMatch(/no geometry/);
  });

  it('says so when the file is not GeoJSON at all', () => {
    expect(parseBuildingsGeoJson('{"type": "Feat').problems[0]!.message).toMatch(/not JSON/);
    expect(parseBuildingsGeoJson('{"type": "Topology"}').problems[0]!.message).toMatch(/FeatureCollection/);
  });
});
