// Unit grids (单元网格): outlines of every grid, and a fill by a chosen measure (open cases,
// overdue, reported today) from transparent to the fill colour at the busiest grid.
import * as Cesium from 'cesium';
import type { WallGridOutline } from '../../../../core/contract/index';
import type { GridFillValues } from '../data/figures';
import { themeColour } from './palette';
import { tagOf, type LayerContext, type PickTag, type Picked, type WallLayer } from './types';

export interface GridData {
  grids: readonly WallGridOutline[];
  fill: GridFillValues | null;
}

export class GridsLayer implements WallLayer<GridData> {
  readonly id = 'grids' as const;
  private outlines: Cesium.Primitive | null = null;
  private fills: Cesium.Primitive | null = null;
  private grids: readonly WallGridOutline[] = [];
  private visible = true;
  private fillCount = 0;

  constructor(private readonly ctx: LayerContext) {}

  /** A Primitive with no instances never becomes ready: an empty layer is ready at once. */
  get ready(): boolean {
    return (this.outlines?.ready ?? true) && (this.fills?.ready ?? true);
  }

  get count(): number {
    return this.grids.length;
  }

  /** Grids with a non-zero value in the fill. */
  get filled(): number {
    return this.fillCount;
  }

  private positions(ring: readonly [number, number][], height: number): Cesium.Cartesian3[] {
    return Cesium.Cartesian3.fromDegreesArrayHeights(ring.flatMap(([lon, lat]) => [lon, lat, height]));
  }

  update(data: GridData): void {
    const primitives = this.ctx.viewer.scene.primitives;
    if (data.grids !== this.grids) {
      this.grids = data.grids;
      if (this.outlines) primitives.remove(this.outlines);
      this.outlines = null;
      if (data.grids.length) {
        const colour = Cesium.ColorGeometryInstanceAttribute.fromColor(themeColour('--gh-accent').withAlpha(0.55));
        this.outlines = primitives.add(
          new Cesium.Primitive({
            geometryInstances: data.grids.map(
              (g) =>
                new Cesium.GeometryInstance({
                  geometry: new Cesium.SimplePolylineGeometry({ positions: this.positions(g.ring, 2) }),
                  attributes: { color: colour },
                }),
            ),
            appearance: new Cesium.PerInstanceColorAppearance({ flat: true, translucent: true }),
            asynchronous: false,
            show: this.visible,
          }),
        );
      }
    }
    if (this.fills) primitives.remove(this.fills);
    this.fills = null;
    this.fillCount = 0;
    const fill = data.fill;
    if (fill && fill.max > 0) {
      const base = themeColour('--gh-grid-fill');
      const instances = data.grids
        .filter((g) => (fill.values[g.code] ?? 0) > 0)
        .map((g) => {
          const share = (fill.values[g.code] ?? 0) / fill.max;
          return new Cesium.GeometryInstance({
            geometry: new Cesium.PolygonGeometry({ polygonHierarchy: new Cesium.PolygonHierarchy(this.positions(g.ring, 0)), height: 1, vertexFormat: Cesium.PerInstanceColorAppearance.FLAT_VERTEX_FORMAT }),
            attributes: { color: Cesium.ColorGeometryInstanceAttribute.fromColor(base.withAlpha(0.18 + 0.5 * share)) },
            id: { layer: 'grids', key: g.code } satisfies PickTag,
          });
        });
      this.fillCount = instances.length;
      if (instances.length) {
        this.fills = primitives.add(
          new Cesium.Primitive({ geometryInstances: instances, appearance: new Cesium.PerInstanceColorAppearance({ flat: true, translucent: true }), asynchronous: false, show: this.visible }),
        );
      }
    }
    this.ctx.requestRender();
  }

  show(visible: boolean): void {
    this.visible = visible;
    if (this.outlines) this.outlines.show = visible;
    if (this.fills) this.fills.show = visible;
    this.ctx.requestRender();
  }

  pick(object: unknown): Picked | undefined {
    const tag = tagOf(object, 'grids');
    return tag ? { kind: 'grid', code: String(tag.key) } : undefined;
  }

  destroy(): void {
    const primitives = this.ctx.viewer.scene.primitives;
    if (this.outlines) primitives.remove(this.outlines);
    if (this.fills) primitives.remove(this.fills);
  }
}
