// The county's buildings as a 3D Tiles 1.1 tileset: a quadtree over the footprints with
// additive refinement. Each tile keeps the most prominent of its buildings (tall and large)
// and hands the rest to its four children, so the skyline shows from across the county and
// the small blocks stream in as the camera comes closer. A tile's geometric error is the size
// of the largest building it leaves to its children: the error of drawing the tile alone.
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ecef } from '../../base/geo/index.js';
import { localFrame } from '../../base/geo/index.js';
import { signedRingArea } from '../../base/geo/index.js';
import { extrudeBuilding, MeshBuffers, type BuildingFootprint } from './extrude.js';
import { buildingTileGlb } from './glb.js';

export interface TilingOptions {
  /** A tile with at most this many buildings is a leaf. */
  leafCapacity?: number;
  /** The share of an inner tile's buildings it draws itself (the most prominent). */
  keepFraction?: number;
  onProgress?: (fraction: number) => void;
}

export interface TilesetStats {
  buildings: number;
  /** Footprints too small or broken to draw (skipped, not fatal). */
  skipped: number;
  tiles: number;
  /** Bytes of tileset.json and every GLB. */
  bytes: number;
  depth: number;
  ms: number;
}

interface Box {
  west: number;
  south: number;
  east: number;
  north: number;
}

interface TileNode {
  address: string;
  content: BuildingFootprint[];
  children: TileNode[];
  geometricError: number;
  region: Box & { maxHeight: number };
}

interface Ranked extends BuildingFootprint {
  /** The building's largest dimension, metres: how much the picture misses without it. */
  size: number;
  importance: number;
}

const DEG = Math.PI / 180;

function rank(building: BuildingFootprint): Ranked {
  const frame = localFrame(building.centerLon, building.centerLat);
  const outer = building.rings[0] ?? [];
  const area = Math.abs(signedRingArea(outer.map(([lon, lat]) => [frame.x(lon), frame.y(lat)] as const)));
  const size = Math.max(building.heightM, Math.sqrt(area));
  return { ...building, size, importance: building.heightM * Math.sqrt(area) };
}

function regionOf(items: readonly Ranked[]): Box & { maxHeight: number } {
  const box = { west: Infinity, south: Infinity, east: -Infinity, north: -Infinity, maxHeight: 0 };
  for (const b of items) {
    for (const [lon, lat] of b.rings[0] ?? []) {
      if (lon < box.west) box.west = lon;
      if (lon > box.east) box.east = lon;
      if (lat < box.south) box.south = lat;
      if (lat > box.north) box.north = lat;
    }
    if (b.heightM > box.maxHeight) box.maxHeight = b.heightM;
  }
  return box;
}

function buildTree(items: Ranked[], bounds: Box, address: string, options: Required<Omit<TilingOptions, 'onProgress'>>, depth: number): TileNode {
  const region = regionOf(items);
  if (items.length <= options.leafCapacity || depth >= 14) {
    return { address, content: items, children: [], geometricError: 0, region };
  }
  const sorted = [...items].sort((a, b) => b.importance - a.importance);
  const keep = Math.min(options.leafCapacity, Math.ceil(sorted.length * options.keepFraction));
  const content = sorted.slice(0, keep);
  const rest = sorted.slice(keep);
  const midLon = (bounds.west + bounds.east) / 2;
  const midLat = (bounds.south + bounds.north) / 2;
  const quadrants: Box[] = [
    { west: bounds.west, south: bounds.south, east: midLon, north: midLat },
    { west: midLon, south: bounds.south, east: bounds.east, north: midLat },
    { west: bounds.west, south: midLat, east: midLon, north: bounds.north },
    { west: midLon, south: midLat, east: bounds.east, north: bounds.north },
  ];
  const buckets: Ranked[][] = [[], [], [], []];
  for (const b of rest) buckets[(b.centerLat >= midLat ? 2 : 0) + (b.centerLon >= midLon ? 1 : 0)]!.push(b);
  const children = buckets.flatMap((bucket, k) => (bucket.length ? [buildTree(bucket, quadrants[k]!, `${address}-${k}`, options, depth + 1)] : []));
  const deferred = rest.reduce((m, b) => Math.max(m, b.size), 0);
  const childError = children.reduce((m, c) => Math.max(m, c.geometricError), 0);
  return { address, content, children, geometricError: Math.max(deferred, childError * 1.5, 1), region };
}

function* walk(node: TileNode): Generator<TileNode> {
  yield node;
  for (const child of node.children) yield* walk(child);
}

function regionJson(region: TileNode['region']): number[] {
  // A little margin so float rounding never leaves a vertex outside its tile's volume.
  const pad = 1e-6;
  return [(region.west - pad) * DEG, (region.south - pad) * DEG, (region.east + pad) * DEG, (region.north + pad) * DEG, -1, region.maxHeight + 1];
}

interface TileJson {
  boundingVolume: { region: number[] };
  geometricError: number;
  refine?: 'ADD';
  content?: { uri: string };
  children?: TileJson[];
}

function tileJson(node: TileNode, written: ReadonlySet<string>, root: boolean): TileJson {
  const json: TileJson = { boundingVolume: { region: regionJson(node.region) }, geometricError: node.geometricError };
  if (root) json.refine = 'ADD';
  if (written.has(node.address)) json.content = { uri: `content/${node.address}.glb` };
  if (node.children.length) json.children = node.children.map((c) => tileJson(c, written, false));
  return json;
}

/**
 * Writes the tileset into `outDir` (tileset.json and content/*.glb). It is written beside it
 * first and swapped in whole, so a reader never sees half a tileset.
 */
export async function writeBuildingsTileset(buildings: readonly BuildingFootprint[], outDir: string, options: TilingOptions = {}): Promise<TilesetStats> {
  const started = performance.now();
  const settings = { leafCapacity: options.leafCapacity ?? 250, keepFraction: options.keepFraction ?? 0.25 };
  const ranked = buildings.filter((b) => (b.rings[0]?.length ?? 0) >= 3 && b.heightM > 0).map(rank);
  const staging = `${outDir}.writing-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(path.join(staging, 'content'), { recursive: true });
  let bytes = 0;
  let tiles = 0;
  let depth = 0;
  let skipped = buildings.length - ranked.length;
  let tilesetJson: object;
  try {
    if (ranked.length === 0) {
      // An empty county still gets a valid tileset: a root with no content.
      tilesetJson = { asset: { version: '1.1', generator: 'Gridhall' }, geometricError: 0, root: { boundingVolume: { region: [0, 0, 0, 0, 0, 1] }, geometricError: 0, refine: 'ADD' } };
    } else {
      const root = buildTree(ranked, regionOf(ranked), '0', settings, 0);
      let done = 0;
      const written = new Set<string>();
      for (const node of walk(root)) {
        depth = Math.max(depth, node.address.split('-').length);
        if (!node.content.length) continue;
        const r = node.region;
        const origin = ecef((r.west + r.east) / 2, (r.south + r.north) / 2, 0);
        const mesh = new MeshBuffers();
        const heights = new Map<number, number>();
        for (const b of node.content) {
          if (extrudeBuilding(mesh, b, origin)) heights.set(b.id, b.heightM);
          else skipped++;
        }
        if (mesh.vertexCount > 0) {
          const glb = await buildingTileGlb(mesh, origin, heights);
          writeFileSync(path.join(staging, 'content', `${node.address}.glb`), glb);
          bytes += glb.byteLength;
          written.add(node.address);
          tiles++;
        }
        done += node.content.length;
        options.onProgress?.(done / ranked.length);
      }
      tilesetJson = {
        asset: { version: '1.1', generator: 'Gridhall' },
        geometricError: Math.max(root.geometricError * 4, 500),
        root: tileJson(root, written, true),
      };
    }
    const text = JSON.stringify(tilesetJson);
    writeFileSync(path.join(staging, 'tileset.json'), text);
    bytes += Buffer.byteLength(text);
    const previous = `${outDir}.previous-${process.pid}`;
    rmSync(previous, { recursive: true, force: true });
    try {
      renameSync(outDir, previous);
    } catch {
      // no earlier tileset
    }
    renameSync(staging, outDir);
    rmSync(previous, { recursive: true, force: true });
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  return { buildings: ranked.length, skipped, tiles, bytes, depth, ms: Math.round(performance.now() - started) };
}
