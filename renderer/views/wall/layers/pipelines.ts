// 地下管线: every pipe as a tube at its burial depth under the street, in the colour Chinese
// pipeline maps give its kind (theme.css --gh-pipe-*), and the wells as dots. While the layer
// shows, the ground turns see-through near the camera (Cesium globe translucency) and the
// camera may go under it; `cutAway` opens a hole in the ground around a point instead.
import * as Cesium from 'cesium';
import type { PipeKind, PipelinePack } from '../../../../core/contract/index';
import { themeColour } from './palette';
import { tagOf, type LayerContext, type Picked, type PickTag, type WallLayer } from './types';

/** Tubes are drawn this much thicker than they are, so a DN100 can be seen from a street's height. */
const EXAGGERATE = 2.5;
const MIN_RADIUS_M = 0.2;

function circle(radius: number, sides = 8): Cesium.Cartesian2[] {
  return Array.from({ length: sides }, (_, k) => new Cesium.Cartesian2(radius * Math.cos((2 * Math.PI * k) / sides), radius * Math.sin((2 * Math.PI * k) / sides)));
}

export class PipelinesLayer implements WallLayer<PipelinePack> {
  readonly id = 'pipelines' as const;
  private tubes: Cesium.Primitive | null = null;
  private readonly wells: Cesium.PointPrimitiveCollection;
  private visible = false;
  private pipeCount = 0;
  private hole: { lon: number; lat: number } | null = null;

  constructor(private readonly ctx: LayerContext) {
    this.wells = ctx.viewer.scene.primitives.add(new Cesium.PointPrimitiveCollection());
    this.wells.show = false;
  }

  get ready(): boolean {
    return !this.visible || (this.tubes?.ready ?? true);
  }

  get count(): number {
    return this.pipeCount;
  }

  static colourOf(kind: PipeKind): Cesium.Color {
    return themeColour(`--gh-pipe-${kind}`);
  }

  update(pack: PipelinePack): void {
    const primitives = this.ctx.viewer.scene.primitives;
    if (this.tubes) primitives.remove(this.tubes);
    this.tubes = null;
    this.wells.removeAll();
    this.pipeCount = pack.pipes.length;
    const shapes = new Map<number, Cesium.Cartesian2[]>();
    const instances: Cesium.GeometryInstance[] = [];
    for (const [id, kindIndex, diameterMm, depthM, flat] of pack.pipes) {
      const kind = pack.kinds[kindIndex]!;
      const radius = Math.max(MIN_RADIUS_M, (diameterMm / 2000) * EXAGGERATE);
      const key = Math.round(radius * 100);
      if (!shapes.has(key)) shapes.set(key, circle(radius));
      const positions: number[] = [];
      for (let k = 0; k + 1 < flat.length; k += 2) positions.push(flat[k]!, flat[k + 1]!, -depthM);
      instances.push(
        new Cesium.GeometryInstance({
          geometry: new Cesium.PolylineVolumeGeometry({
            polylinePositions: Cesium.Cartesian3.fromDegreesArrayHeights(positions),
            shapePositions: shapes.get(key)!,
            cornerType: Cesium.CornerType.MITERED,
            vertexFormat: Cesium.PerInstanceColorAppearance.VERTEX_FORMAT,
          }),
          attributes: { color: Cesium.ColorGeometryInstanceAttribute.fromColor(PipelinesLayer.colourOf(kind)) },
          id: { layer: 'pipelines', key: id } satisfies PickTag,
        }),
      );
    }
    if (instances.length) {
      this.tubes = primitives.add(
        new Cesium.Primitive({ geometryInstances: instances, appearance: new Cesium.PerInstanceColorAppearance({ translucent: false, closed: true }), asynchronous: true, show: this.visible }),
      );
    }
    for (const [id, kindIndex, lon, lat, depthM] of pack.wells) {
      this.wells.add({
        position: Cesium.Cartesian3.fromDegrees(lon, lat, -depthM / 2),
        color: PipelinesLayer.colourOf(pack.kinds[kindIndex]!),
        outlineColor: Cesium.Color.WHITE,
        outlineWidth: 1.5,
        pixelSize: 7 * this.ctx.symbolScale,
        distanceDisplayCondition: new Cesium.DistanceDisplayCondition(0, 2500),
        id: { layer: 'pipelines', key: `well:${id}` } satisfies PickTag,
      });
    }
    this.ctx.requestRender();
  }

  /** The ground near the camera see-through while the layer shows, solid from afar (the map stays legible). */
  private underground(on: boolean): void {
    const scene = this.ctx.viewer.scene;
    const globe = scene.globe;
    globe.translucency.enabled = on;
    // (Cesium types the property as always set; undefined is how it is switched off.)
    globe.translucency.frontFaceAlphaByDistance = (on ? new Cesium.NearFarScalar(300, 0.45, 6000, 0.95) : undefined) as Cesium.NearFarScalar;
    globe.translucency.backFaceAlpha = 0;
    // Pipes hide under solid ground and show through the translucent part.
    globe.depthTestAgainstTerrain = on;
    scene.screenSpaceCameraController.enableCollisionDetection = !on;
    this.applyHole();
  }

  /** Opens the ground in a square of `halfM` metres around a point (null closes it). */
  cutAway(place: { lon: number; lat: number } | null, halfM = 60): void {
    this.hole = place;
    this.applyHole(halfM);
  }

  get cut(): { lon: number; lat: number } | null {
    return this.hole;
  }

  private applyHole(halfM = 60): void {
    const globe = this.ctx.viewer.scene.globe;
    if (!this.visible || !this.hole) {
      if (globe.clippingPolygons?.length) globe.clippingPolygons.removeAll();
      this.ctx.requestRender();
      return;
    }
    const { lon, lat } = this.hole;
    const dLon = halfM / (111_320 * Math.cos((lat * Math.PI) / 180));
    const dLat = halfM / 110_574;
    const ring = [lon - dLon, lat - dLat, lon + dLon, lat - dLat, lon + dLon, lat + dLat, lon - dLon, lat + dLat];
    globe.clippingPolygons = new Cesium.ClippingPolygonCollection({ polygons: [new Cesium.ClippingPolygon({ positions: Cesium.Cartesian3.fromDegreesArray(ring) })] });
    this.ctx.requestRender();
  }

  show(visible: boolean): void {
    if (visible === this.visible) return;
    this.visible = visible;
    if (this.tubes) this.tubes.show = visible;
    this.wells.show = visible;
    this.underground(visible);
    this.ctx.requestRender();
  }

  pick(object: unknown): Picked | undefined {
    const tag = tagOf(object, 'pipelines');
    if (!tag) return undefined;
    if (typeof tag.key === 'string' && tag.key.startsWith('well:')) return { kind: 'well', id: Number(tag.key.slice(5)) };
    return typeof tag.key === 'number' ? { kind: 'pipe', id: tag.key } : undefined;
  }

  destroy(): void {
    this.show(false);
    const primitives = this.ctx.viewer.scene.primitives;
    if (this.tubes) primitives.remove(this.tubes);
    primitives.remove(this.wells);
  }
}
