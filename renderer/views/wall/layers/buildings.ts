// Buildings and 实景三维: every visible tileset core serves (its own buildings tileset, and
// registered oblique-photogrammetry folders), streamed by Cesium with the session's token.
import * as Cesium from 'cesium';
import type { TilesetInfo } from '../../../../core/contract/index';
import { facadeShader } from './facade';
import type { LayerContext, Picked, WallLayer } from './types';

export class BuildingsLayer implements WallLayer<readonly TilesetInfo[]> {
  readonly id = 'buildings' as const;
  private tilesets = new Map<string, Cesium.Cesium3DTileset>();
  /** Tilesets asked for and not yet loaded: a second list (tileset.changed) must not load them twice. */
  private pending = new Set<string>();
  private wanted = new Set<string>();
  private visible = true;
  private drawnBuildings = 0;

  constructor(
    private readonly ctx: LayerContext,
    private readonly headers: () => Record<string, string>,
  ) {}

  /** Every tileset loaded with the tiles the current view needs. */
  get ready(): boolean {
    if (this.pending.size > 0) return false;
    for (const t of this.tilesets.values()) if (!t.tilesLoaded) return false;
    return true;
  }

  /** The buildings drawn (建筑 7,862), not the tilesets; a registered 实景三维 folder counts as one model. */
  get count(): number {
    return this.drawnBuildings;
  }

  update(list: readonly TilesetInfo[]): void {
    const wanted = new Map(list.filter((t) => t.visible).map((t) => [t.url, t]));
    this.drawnBuildings = [...wanted.values()].reduce((sum, t) => sum + (t.buildings ?? 1), 0);
    this.wanted = new Set(wanted.keys());
    const primitives = this.ctx.viewer.scene.primitives;
    for (const [url, tileset] of this.tilesets) {
      if (!wanted.has(url)) {
        primitives.remove(tileset);
        this.tilesets.delete(url);
      }
    }
    for (const info of wanted.values()) {
      if (this.tilesets.has(info.url) || this.pending.has(info.url)) continue;
      this.pending.add(info.url);
      const resource = new Cesium.Resource({ url: info.url, headers: this.headers() });
      // A hall wall shows the city crisp; software WebGL (tests) can afford less.
      Cesium.Cesium3DTileset.fromUrl(resource, { maximumScreenSpaceError: this.ctx.lite ? 24 : 8 })
        .then((tileset) => {
          // Unwanted by now (a newer list dropped it), or the layer is gone.
          if (!this.wanted.has(info.url)) return void tileset.destroy();
          tileset.show = this.visible;
          // Core's own buildings get the facade look; a photogrammetry model keeps its textures.
          if (info.kind === 'buildings') tileset.customShader = facadeShader();
          this.tilesets.set(info.url, primitives.add(tileset));
          this.ctx.requestRender();
        })
        .catch((error: unknown) => console.warn(`tileset ${info.name} did not load`, error))
        .finally(() => this.pending.delete(info.url));
    }
  }

  show(visible: boolean): void {
    this.visible = visible;
    for (const t of this.tilesets.values()) t.show = visible;
    this.ctx.requestRender();
  }

  pick(object: unknown): Picked | undefined {
    if (!(object instanceof Cesium.Cesium3DTileFeature)) return undefined;
    const id = Number(object.getProperty('id'));
    const height = Number(object.getProperty('height'));
    return Number.isFinite(id) ? { kind: 'building', id, height: Number.isFinite(height) ? height : null } : undefined;
  }

  destroy(): void {
    this.wanted.clear();
    for (const t of this.tilesets.values()) this.ctx.viewer.scene.primitives.remove(t);
    this.tilesets.clear();
  }
}
