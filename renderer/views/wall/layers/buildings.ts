// Buildings and 实景三维: every visible tileset core serves (its own buildings tileset, and
// registered oblique-photogrammetry folders), streamed by Cesium with the session's token.
import * as Cesium from 'cesium';
import type { TilesetInfo } from '../../../../core/contract/index';
import type { LayerContext, Picked, WallLayer } from './types';

export class BuildingsLayer implements WallLayer<readonly TilesetInfo[]> {
  readonly id = 'buildings' as const;
  private tilesets = new Map<string, Cesium.Cesium3DTileset>();
  private loading = 0;
  private visible = true;
  private generation = 0;

  constructor(
    private readonly ctx: LayerContext,
    private readonly headers: () => Record<string, string>,
  ) {}

  /** Every tileset loaded with the tiles the current view needs. */
  get ready(): boolean {
    if (this.loading > 0) return false;
    for (const t of this.tilesets.values()) if (!t.tilesLoaded) return false;
    return true;
  }

  get count(): number {
    return this.tilesets.size;
  }

  update(list: readonly TilesetInfo[]): void {
    const wanted = new Map(list.filter((t) => t.visible).map((t) => [t.url, t]));
    const primitives = this.ctx.viewer.scene.primitives;
    for (const [url, tileset] of this.tilesets) {
      if (!wanted.has(url)) {
        primitives.remove(tileset);
        this.tilesets.delete(url);
      }
    }
    const generation = ++this.generation;
    for (const info of wanted.values()) {
      if (this.tilesets.has(info.url)) continue;
      this.loading++;
      const resource = new Cesium.Resource({ url: info.url, headers: this.headers() });
      Cesium.Cesium3DTileset.fromUrl(resource, {
        // A hall wall shows the city crisp; software WebGL (tests) can afford less.
        maximumScreenSpaceError: this.ctx.lite ? 24 : 8,
        show: this.visible,
      })
        .then((tileset) => {
          if (generation !== this.generation && !wanted.has(info.url)) return;
          this.tilesets.set(info.url, primitives.add(tileset));
          this.ctx.requestRender();
        })
        .catch((error: unknown) => console.warn(`tileset ${info.name} did not load`, error))
        .finally(() => this.loading--);
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
    for (const t of this.tilesets.values()) this.ctx.viewer.scene.primitives.remove(t);
    this.tilesets.clear();
  }
}
