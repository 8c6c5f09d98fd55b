// The county base map as XYZ tiles (web mercator, 256 px PNG), drawn on demand from core's
// own base data and cached on disk under <data>/basemap/<revision>/z/x/y.png. The revision
// follows the data, so an edit to streets, water, grids or buildings draws fresh tiles and
// the old folder is removed.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Flatbush from 'flatbush';
import type { BuildingStore } from '../buildings/index.js';
import type { CountyStore } from '../county/index.js';
import type { Db } from '../../db/database.js';
import type { GridStore } from '../grids/index.js';
import { basemapRevisionInputs, type LandFeatureStore, type StreetStore } from './store.js';
import { renderTile, STYLE_VERSION, TILE_SIZE, metresPerPixel, tileExtent, type Extent, type MapFeatures, type TileAddress } from './raster.js';

/** Zoom levels the county base map is drawn at; Cesium stretches the last one closer in. */
export const BASEMAP_MIN_ZOOM = 12;
export const BASEMAP_MAX_ZOOM = 19;

export interface BasemapInfo {
  revision: string;
  /** Where the base map has data: the county's extent with a margin. */
  bbox: Extent;
  minZoom: number;
  maxZoom: number;
  tileSize: number;
  /** Template for Cesium's UrlTemplateImageryProvider. */
  url: string;
}

type Ring = readonly (readonly [number, number])[];

interface Indexed<T> {
  items: T[];
  index: Flatbush | null;
}

interface MapIndex {
  revision: string;
  land: Indexed<MapFeatures['land'][number]>;
  blocks: Indexed<Ring[]>;
  streets: Indexed<MapFeatures['streets'][number]>;
  grids: Indexed<Ring[]>;
}

function boxOf(rings: readonly Ring[]): [number, number, number, number] {
  let w = Infinity;
  let s = Infinity;
  let e = -Infinity;
  let n = -Infinity;
  for (const ring of rings) {
    for (const [x, y] of ring) {
      if (x < w) w = x;
      if (x > e) e = x;
      if (y < s) s = y;
      if (y > n) n = y;
    }
  }
  return [w, s, e, n];
}

function indexed<T>(items: T[], rings: (item: T) => readonly Ring[]): Indexed<T> {
  if (!items.length) return { items, index: null };
  const index = new Flatbush(items.length);
  for (const item of items) index.add(...boxOf(rings(item)));
  index.finish();
  return { items, index };
}

function search<T>(layer: Indexed<T>, box: Extent): T[] {
  if (!layer.index) return [];
  return layer.index.search(box.west, box.south, box.east, box.north).map((k) => layer.items[k]!);
}

/** Polygon coordinates of a GeoJSON Polygon or MultiPolygon, as a list of polygons. */
function polygonsOf(geometryText: string): Ring[][] {
  const geometry = JSON.parse(geometryText) as { type: string; coordinates: unknown };
  if (geometry.type === 'Polygon') return [geometry.coordinates as Ring[]];
  if (geometry.type === 'MultiPolygon') return geometry.coordinates as Ring[][];
  return [];
}

export interface BasemapSources {
  db: Db;
  county: CountyStore;
  streets: StreetStore;
  landFeatures: LandFeatureStore;
  grids: GridStore;
  buildings: BuildingStore;
}

export class BasemapTiles {
  private index: MapIndex | null = null;
  private checkedAt = 0;
  private readonly inflight = new Map<string, Promise<Buffer>>();

  constructor(
    private readonly sources: BasemapSources,
    private readonly dataDir: string,
    private readonly now: () => number = Date.now,
  ) {}

  private get cacheRoot(): string {
    return path.join(this.dataDir, 'basemap');
  }

  /** The revision of the data as it is now (looked up at most once a second). */
  async revision(): Promise<string> {
    if (this.index && this.now() - this.checkedAt < 1000) return this.index.revision;
    const inputs = `${STYLE_VERSION}|${await basemapRevisionInputs(this.sources.db)}`;
    const revision = createHash('sha256').update(inputs).digest('hex').slice(0, 12);
    this.checkedAt = this.now();
    if (!this.index || this.index.revision !== revision) await this.rebuild(revision);
    return revision;
  }

  async info(): Promise<BasemapInfo | null> {
    const county = await this.sources.county.get();
    if (!county) return null;
    const revision = await this.revision();
    const marginLon = (county.east - county.west) * 0.15;
    const marginLat = (county.north - county.south) * 0.15;
    return {
      revision,
      bbox: { west: county.west - marginLon, south: county.south - marginLat, east: county.east + marginLon, north: county.north + marginLat },
      minZoom: BASEMAP_MIN_ZOOM,
      maxZoom: BASEMAP_MAX_ZOOM,
      tileSize: TILE_SIZE,
      url: `/api/basemap/${revision}/{z}/{x}/{y}.png`,
    };
  }

  /** The PNG of one tile, or null where the base map has nothing (outside the county, wrong zoom). */
  async tile(address: TileAddress): Promise<Buffer | null> {
    const info = await this.info();
    const { z, x, y } = address;
    if (!info || z < BASEMAP_MIN_ZOOM || z > BASEMAP_MAX_ZOOM || x < 0 || y < 0 || x >= 2 ** z || y >= 2 ** z) return null;
    const extent = tileExtent(address);
    const b = info.bbox;
    if (extent.east < b.west || extent.west > b.east || extent.north < b.south || extent.south > b.north) return null;
    const file = path.join(this.cacheRoot, info.revision, String(z), String(x), `${y}.png`);
    if (existsSync(file)) return readFileSync(file);
    const key = `${info.revision}/${z}/${x}/${y}`;
    let pending = this.inflight.get(key);
    if (!pending) {
      pending = Promise.resolve().then(() => {
        const png = renderTile(address, this.featuresFor(address));
        mkdirSync(path.dirname(file), { recursive: true });
        const partial = `${file}.${process.pid}.part`;
        writeFileSync(partial, png);
        renameSync(partial, file);
        return png;
      });
      this.inflight.set(key, pending);
      void pending.finally(() => this.inflight.delete(key)).catch(() => undefined);
    }
    return pending;
  }

  private featuresFor(address: TileAddress): MapFeatures {
    const index = this.index!;
    const extent = tileExtent(address);
    // A margin of 200 px: street names and wide lines that start in a neighbour still draw here.
    const mpp = metresPerPixel(address.z, (extent.north + extent.south) / 2);
    const padDeg = (200 * mpp) / 111_320 / Math.cos(((extent.north + extent.south) / 2) * (Math.PI / 180));
    const box = { west: extent.west - padDeg, south: extent.south - padDeg, east: extent.east + padDeg, north: extent.north + padDeg };
    return {
      land: search(index.land, box),
      blocks: address.z >= 15 ? search(index.blocks, box) : [],
      streets: search(index.streets, box),
      grids: address.z >= 15 ? search(index.grids, box) : [],
    };
  }

  private async rebuild(revision: string): Promise<void> {
    const land: MapFeatures['land'] = [];
    for await (const f of this.sources.landFeatures.each()) for (const rings of polygonsOf(f.geometry)) land.push({ kind: f.kind, name: f.name, rings });
    const streets: MapFeatures['streets'] = [];
    for await (const s of this.sources.streets.each()) {
      const g = JSON.parse(s.geometry) as { type: string; coordinates: unknown };
      const lines = g.type === 'LineString' ? [g.coordinates as Ring] : g.type === 'MultiLineString' ? (g.coordinates as Ring[]) : [];
      for (const line of lines) streets.push({ kind: s.kind, widthM: s.widthM, name: s.name, line });
    }
    const blocks: Ring[][] = [];
    for await (const b of this.sources.buildings.each()) blocks.push(...polygonsOf(b.footprint));
    const grids: Ring[][] = [];
    for await (const g of this.sources.grids.each()) grids.push(...polygonsOf(g.geometry));
    this.index = {
      revision,
      land: indexed(land, (f) => f.rings),
      blocks: indexed(blocks, (p) => p),
      streets: indexed(streets, (s) => [s.line]),
      grids: indexed(grids, (p) => p),
    };
    // Tiles of older revisions will never be asked for again.
    if (existsSync(this.cacheRoot)) {
      for (const entry of readdirSync(this.cacheRoot)) if (entry !== revision) rmSync(path.join(this.cacheRoot, entry), { recursive: true, force: true });
    }
  }
}
