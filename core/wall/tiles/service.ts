// The wall's 3D models: keeps the buildings tileset in step with the buildings table (made
// again when the table changes, once at a time), registers tileset folders by path after
// checking them, and resolves the files core serves without ever leaving a tileset's folder.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { BuildingStore } from '../../base/buildings/index.js';
import type { TilesetInfo } from '../../contract/index.js';
import type { Clock } from '../../runtime/clock.js';
import { badRequest, conflict, notFound } from '../../runtime/errors.js';
import type { EventHub } from '../../server/events.js';
import { writeBuildingsTileset, type TilesetStats } from './buildings-tileset.js';
import type { TilesetRow, TilesetStore } from './store.js';
import type { BuildingFootprint } from './extrude.js';
import type { Ring } from '../../base/geo/index.js';

export const BUILDINGS_TILESET_FOLDER = path.join('tilesets', 'buildings');

/** A tileset as the wall reads it (core/contract: TilesetInfo). */
export type TilesetView = TilesetInfo;

/** What is wrong with a folder offered as a tileset, in words an operator can act on; null if fine. */
export function checkTilesetFolder(input: string): { folder: string } | { error: string } {
  if (!input.trim()) return { error: 'Give the folder of the tileset (tileset.json) (请提供模型目录)' };
  let folder = path.resolve(input.trim());
  if (!existsSync(folder)) return { error: `No such folder: ${folder} (目录不存在)` };
  if (statSync(folder).isFile()) {
    if (path.basename(folder) !== 'tileset.json') return { error: `${folder} is a file, not a tileset folder or its tileset.json (不是三维瓦片目录)` };
    folder = path.dirname(folder);
  }
  const file = path.join(folder, 'tileset.json');
  if (!existsSync(file)) return { error: `${folder} has no tileset.json: it is not a 3D Tiles tileset (缺少 tileset.json)` };
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    return { error: `${file} is not valid JSON: ${(error as Error).message} (tileset.json 格式错误)` };
  }
  const t = json as { asset?: { version?: unknown }; root?: { boundingVolume?: unknown; geometricError?: unknown }; geometricError?: unknown };
  if (typeof t !== 'object' || t === null || typeof t.asset?.version !== 'string') return { error: `${file} has no asset.version: it is not a 3D Tiles tileset (不是三维瓦片)` };
  if (!['1.0', '1.1', '0.0'].includes(t.asset.version)) return { error: `${file} is 3D Tiles version ${t.asset.version}; Gridhall reads 1.0 and 1.1 (版本不支持)` };
  if (typeof t.root !== 'object' || t.root === null || typeof t.root.boundingVolume !== 'object' || typeof t.root.geometricError !== 'number') {
    return { error: `${file} has no root tile with a bounding volume and geometric error (缺少根瓦片)` };
  }
  if (typeof t.geometricError !== 'number') return { error: `${file} has no top-level geometricError (缺少 geometricError)` };
  return { folder };
}

/** Changes when the tiles' content changes (2: facade coordinates for the wall's shader), so older tilesets are written again. */
const TILE_FORMAT = 2;

export class TilesetService {
  private generating: Promise<TilesetRow | undefined> | null = null;

  constructor(
    private readonly store: TilesetStore,
    private readonly buildings: BuildingStore,
    private readonly dataDir: string,
    private readonly clock: Clock,
    private readonly events?: EventHub,
  ) {}

  private async buildingsRevision(): Promise<string> {
    return createHash('sha256').update(`${TILE_FORMAT}|${await this.buildings.revisionInputs()}`).digest('hex').slice(0, 16);
  }

  private absoluteFolder(row: TilesetRow): string {
    return path.isAbsolute(row.folder) ? row.folder : path.join(this.dataDir, row.folder);
  }

  /** Whether the buildings tileset on disk was made from the table as it is now. */
  async buildingsCurrent(): Promise<boolean> {
    const row = await this.store.buildings();
    const empty = await this.buildings.count() === 0;
    if (!row) return empty;
    return row.sourceRevision === await this.buildingsRevision() && existsSync(path.join(this.absoluteFolder(row), 'tileset.json'));
  }

  /** Makes the buildings tileset again if the table changed; one generation at a time. */
  async ensureBuildings(onProgress?: (fraction: number) => void): Promise<TilesetRow | undefined> {
    if (await this.buildingsCurrent()) return Promise.resolve(await this.store.buildings());
    this.generating ??= this.generate(onProgress).finally(() => {
      this.generating = null;
    });
    return this.generating;
  }

  private async generate(onProgress?: (fraction: number) => void): Promise<TilesetRow | undefined> {
    const revision = await this.buildingsRevision();
    const existing = await this.store.buildings();
    if (await this.buildings.count() === 0) {
      if (existing) await this.store.remove(existing.id);
      return undefined;
    }
    const footprints: BuildingFootprint[] = [];
    for await (const b of this.buildings.each()) {
      const geometry = JSON.parse(b.footprint) as { type: string; coordinates: unknown };
      const polygons = geometry.type === 'Polygon' ? [geometry.coordinates as Ring[]] : geometry.type === 'MultiPolygon' ? (geometry.coordinates as Ring[][]) : [];
      for (const rings of polygons) footprints.push({ id: b.id, rings, heightM: b.heightM, centerLon: b.centerLon, centerLat: b.centerLat });
    }
    const stats: TilesetStats = await writeBuildingsTileset(footprints, path.join(this.dataDir, BUILDINGS_TILESET_FOLDER), { onProgress });
    const now = this.clock.now();
    const values = { sourceRevision: revision, tiles: stats.tiles, bytes: stats.bytes, generatedMs: stats.ms, updatedAt: now };
    let id = existing?.id;
    if (id === undefined) {
      id = await this.store.insert({ name: '建筑白模', kind: 'buildings', folder: BUILDINGS_TILESET_FOLDER, visible: true, ...values, createdAt: now });
    } else {
      await this.store.updateGenerated(id, values);
    }
    this.events?.publish('tileset.changed', { id, kind: 'buildings', tiles: stats.tiles, bytes: stats.bytes });
    return await this.store.get(id);
  }

  async view(row: TilesetRow): Promise<TilesetView> {
    return {
      id: row.id,
      name: row.name,
      kind: row.kind,
      visible: row.visible,
      // The revision in the URL makes a regenerated tileset a new address: no stale tiles from caches.
      url: `/api/tilesets/${row.id}/${row.sourceRevision ?? 'r' + row.updatedAt}/tileset.json`,
      tiles: row.tiles,
      bytes: row.bytes,
      generatedMs: row.generatedMs,
      buildings: row.kind === 'buildings' ? await this.buildings.count() : null,
      updatedAt: new Date(row.updatedAt).toISOString(),
      folder: row.folder,
    };
  }

  async list(): Promise<TilesetView[]> {
    await this.ensureBuildings();
    return await Promise.all((await this.store.list({ limit: 100 })).map((row) => this.view(row)));
  }

  /** Registers a tileset folder (实景三维) after checking it is one. */
  async register(input: { folder: string; name?: string; visible?: boolean }): Promise<TilesetView> {
    const checked = checkTilesetFolder(input.folder);
    if ('error' in checked) throw badRequest(checked.error, 'folder');
    if (await this.store.byFolder(checked.folder)) throw conflict(`${checked.folder} is already registered (已登记)`, 'folder');
    const now = this.clock.now();
    const id = await this.store.insert({
      name: input.name?.trim() || path.basename(checked.folder),
      kind: 'external',
      folder: checked.folder,
      visible: input.visible ?? true,
      sourceRevision: null,
      tiles: null,
      bytes: null,
      generatedMs: null,
      createdAt: now,
      updatedAt: now,
    });
    this.events?.publish('tileset.changed', { id, kind: 'external' });
    return this.view((await this.store.get(id))!);
  }

  async setVisible(id: number, visible: boolean): Promise<TilesetView> {
    if (!await this.store.setVisible(id, visible, this.clock.now())) throw notFound(`No tileset ${id}`);
    this.events?.publish('tileset.changed', { id });
    return this.view((await this.store.get(id))!);
  }

  async unregister(id: number): Promise<void> {
    const row = await this.store.get(id);
    if (!row) throw notFound(`No tileset ${id}`);
    if (row.kind === 'buildings') throw badRequest('The buildings tileset follows the buildings table; hide it instead (建筑模型随数据生成，可隐藏)', 'id');
    await this.store.remove(id);
    this.events?.publish('tileset.changed', { id });
  }

  /** The file of a tileset to serve, by its path inside the folder; never a file outside it. */
  async file(id: number, relative: string): Promise<string> {
    const row = await this.store.get(id);
    if (!row) throw notFound(`No tileset ${id}`);
    const folder = this.absoluteFolder(row);
    const file = path.resolve(folder, relative);
    const inside = path.relative(folder, file);
    if (!inside || inside.startsWith('..') || path.isAbsolute(inside)) throw notFound(`No such file in tileset ${id}`);
    if (!existsSync(file) || !statSync(file).isFile()) throw notFound(`No such file in tileset ${id}: ${relative}`);
    return file;
  }
}
