// Components (部件): the county's ~170,000, clustered by zoom so they never become a carpet.
// Far out, circles with counts stand for the components of 800, 400 or 200 m squares; nearer
// than about a kilometre each component is its own point, coloured by big class and ringed red
// when damaged, lost or occupied. Each level is drawn once and shown by Cesium for its band of
// camera distance (DistanceDisplayCondition), so zooming needs no code and no redraw.
import * as Cesium from 'cesium';
import { clusterComponents, type ComponentPack } from '../data/components';
import { themeColour } from './palette';
import type { LayerContext, Picked, WallLayer } from './types';

/** Beyond this camera distance even the coarsest clusters are hidden. */
export const COMPONENTS_FAR_M = 40_000;
/** Single components show from this close in. */
export const COMPONENTS_SINGLE_M = 1_200;

/** Cluster cell sizes and the camera distances each shows at (near, far). */
const LEVELS: readonly { cellM: number; near: number; far: number }[] = [
  { cellM: 120, near: COMPONENTS_SINGLE_M, far: 2_400 },
  { cellM: 250, near: 2_400, far: 5_000 },
  { cellM: 500, near: 5_000, far: 10_000 },
  { cellM: 1_000, near: 10_000, far: COMPONENTS_FAR_M },
];

export class ComponentsLayer implements WallLayer<ComponentPack> {
  readonly id = 'components' as const;
  private readonly points: Cesium.PointPrimitiveCollection;
  private readonly clusters: Cesium.PointPrimitiveCollection;
  private readonly labels: Cesium.LabelCollection;
  private drawn = 0;

  constructor(private readonly ctx: LayerContext) {
    this.points = ctx.viewer.scene.primitives.add(new Cesium.PointPrimitiveCollection());
    this.clusters = ctx.viewer.scene.primitives.add(new Cesium.PointPrimitiveCollection());
    this.labels = ctx.viewer.scene.primitives.add(new Cesium.LabelCollection());
  }

  get ready(): boolean {
    return true;
  }

  /** Components in the county (172,640), whatever is drawn at this zoom. */
  get count(): number {
    return this.drawn;
  }

  update(pack: ComponentPack): void {
    this.points.removeAll();
    this.clusters.removeAll();
    this.labels.removeAll();
    const byBig = new Map<string, Cesium.Color>();
    const colourOfBig = (big: string) => {
      let c = byBig.get(big);
      if (!c) byBig.set(big, (c = themeColour(`--gh-class-${big}`, '#e2e8f0')));
      return c;
    };
    const alarm = themeColour('--gh-case-overdue');
    const scale = this.ctx.symbolScale;

    // Close in: every component.
    const near = new Cesium.NearFarScalar(150, 1.6, COMPONENTS_SINGLE_M, 0.7);
    const single = new Cesium.DistanceDisplayCondition(0, COMPONENTS_SINGLE_M);
    const size = 5 * scale;
    const scratch = new Cesium.Cartesian3();
    for (let k = 0; k < pack.count; k++) {
      const state = pack.state[k]!;
      const position = Cesium.Cartesian3.fromDegrees(pack.originLon + pack.dLon[k]!, pack.originLat + pack.dLat[k]!, 1.5, undefined, scratch);
      this.points.add({
        position,
        color: colourOfBig(pack.classes[pack.classIndex[k]!]!.slice(0, 2)),
        pixelSize: state === 0 ? size : size * 1.4,
        outlineColor: state === 0 ? Cesium.Color.BLACK.withAlpha(0.6) : alarm,
        outlineWidth: state === 0 ? 1 : 2,
        scaleByDistance: near,
        distanceDisplayCondition: single,
        id: k,
      });
    }

    // Further out: clusters with their counts, drawn over the buildings.
    const ink = Cesium.Color.fromCssColorString('#03202a');
    for (const level of LEVELS) {
      const shown = new Cesium.DistanceDisplayCondition(level.near, level.far);
      for (const c of clusterComponents(pack, level.cellM)) {
        const position = Cesium.Cartesian3.fromDegrees(c.lon, c.lat, 20);
        const radius = (7 + 2.5 * Math.log10(c.count)) * scale;
        // Ringed red where more than one in ten of its components is damaged, lost or occupied.
        const troubled = c.alarms / c.count > 0.1;
        this.clusters.add({
          position,
          color: colourOfBig(c.bigClass).withAlpha(0.78),
          pixelSize: radius * 2,
          outlineColor: troubled ? alarm : Cesium.Color.WHITE.withAlpha(0.8),
          outlineWidth: (troubled ? 2.5 : 1.5) * scale,
          distanceDisplayCondition: shown,
          disableDepthTestDistance: Number.POSITIVE_INFINITY,
          id: { cluster: true, lon: c.lon, lat: c.lat, count: c.count },
        });
        this.labels.add({
          position,
          text: c.count >= 10_000 ? `${(c.count / 1000).toFixed(0)}k` : c.count >= 1_000 ? `${(c.count / 1000).toFixed(1)}k` : String(c.count),
          font: `bold ${Math.round(10 * scale)}px sans-serif`,
          fillColor: ink,
          horizontalOrigin: Cesium.HorizontalOrigin.CENTER,
          verticalOrigin: Cesium.VerticalOrigin.CENTER,
          distanceDisplayCondition: shown,
          disableDepthTestDistance: Number.POSITIVE_INFINITY,
        });
      }
    }
    this.drawn = pack.count;
    this.ctx.requestRender();
  }

  show(visible: boolean): void {
    this.points.show = visible;
    this.clusters.show = visible;
    this.labels.show = visible;
    this.ctx.requestRender();
  }

  pick(object: unknown): Picked | undefined {
    const picked = object as { collection?: unknown; id?: unknown } | undefined;
    return picked?.collection === this.points && typeof picked.id === 'number' ? { kind: 'component', index: picked.id } : undefined;
  }

  /** A cluster under the pointer: where to fly to see its members. */
  clusterAt(object: unknown): { lon: number; lat: number; count: number } | undefined {
    const picked = object as { collection?: unknown; id?: { cluster?: boolean; lon: number; lat: number; count: number } } | undefined;
    return picked?.collection === this.clusters && picked.id?.cluster ? picked.id : undefined;
  }

  destroy(): void {
    this.ctx.viewer.scene.primitives.remove(this.points);
    this.ctx.viewer.scene.primitives.remove(this.clusters);
    this.ctx.viewer.scene.primitives.remove(this.labels);
  }
}
