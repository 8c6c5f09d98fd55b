// Components (部件): every one of the county's ~170,000 as a point of a PointPrimitiveCollection,
// coloured by big class, ringed red when damaged, lost or occupied. Points grow near the camera
// and drop out far away, so the county reads as a texture from afar and as objects up close.
import * as Cesium from 'cesium';
import type { ComponentPack } from '../data/components';
import { themeColour } from './palette';
import type { LayerContext, Picked, WallLayer } from './types';

/** Beyond this camera distance the points are hidden: at county scale they would be noise. */
export const COMPONENTS_FAR_M = 9_000;

export class ComponentsLayer implements WallLayer<ComponentPack> {
  readonly id = 'components' as const;
  private readonly points: Cesium.PointPrimitiveCollection;
  private drawn = 0;

  constructor(private readonly ctx: LayerContext) {
    this.points = ctx.viewer.scene.primitives.add(new Cesium.PointPrimitiveCollection());
  }

  get ready(): boolean {
    return true;
  }

  get count(): number {
    return this.drawn;
  }

  update(pack: ComponentPack): void {
    this.points.removeAll();
    const byBig = new Map<string, Cesium.Color>();
    const colourOf = (classCode: string) => {
      const big = classCode.slice(0, 2);
      let c = byBig.get(big);
      if (!c) byBig.set(big, (c = themeColour(`--gh-class-${big}`, '#e2e8f0')));
      return c;
    };
    const alarm = themeColour('--gh-case-overdue');
    const near = new Cesium.NearFarScalar(300, 1.6, COMPONENTS_FAR_M, 0.45);
    const shown = new Cesium.DistanceDisplayCondition(0, COMPONENTS_FAR_M);
    const size = 5 * this.ctx.symbolScale;
    const scratch = new Cesium.Cartesian3();
    for (let k = 0; k < pack.count; k++) {
      const state = pack.state[k]!;
      const position = Cesium.Cartesian3.fromDegrees(pack.originLon + pack.dLon[k]!, pack.originLat + pack.dLat[k]!, 1.5, undefined, scratch);
      this.points.add({
        position,
        color: colourOf(pack.classes[pack.classIndex[k]!]!),
        pixelSize: state === 0 ? size : size * 1.4,
        outlineColor: state === 0 ? Cesium.Color.BLACK.withAlpha(0.6) : alarm,
        outlineWidth: state === 0 ? 1 : 2,
        scaleByDistance: near,
        distanceDisplayCondition: shown,
        id: k,
      });
    }
    this.drawn = pack.count;
    this.ctx.requestRender();
  }

  show(visible: boolean): void {
    this.points.show = visible;
    this.ctx.requestRender();
  }

  pick(object: unknown): Picked | undefined {
    const picked = object as { collection?: unknown; id?: unknown } | undefined;
    return picked?.collection === this.points && typeof picked.id === 'number' ? { kind: 'component', index: picked.id } : undefined;
  }

  destroy(): void {
    this.ctx.viewer.scene.primitives.remove(this.points);
  }
}
