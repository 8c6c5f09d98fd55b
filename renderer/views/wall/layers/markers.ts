// The shared body of the point-symbol layers (cases, cameras, vehicles, sensors): one billboard
// per thing, keyed by its id, with an optional pulsing halo, heading, and smooth moves.
import * as Cesium from 'cesium';
import type { LayerContext, LayerId, Picked, PickTag, WallLayer } from './types';

export interface MarkerSpec {
  key: number;
  lon: number;
  lat: number;
  image: string;
  /** Degrees clockwise from north; the symbol's top points that way on the ground. */
  headingDeg?: number;
  /** A halo image under the symbol (urgent, overdue, alarm); null for none. */
  halo?: string | null;
  scale?: number;
}

export interface MarkerOptions {
  /** Symbol size in CSS pixels at scale 1. */
  width: number;
  height: number;
  /** Pins stand on their point; badges sit centred on it. */
  anchor: 'bottom' | 'center';
  /** Hidden beyond this camera distance (metres). */
  farM?: number;
  heightM?: number;
}

interface Entry {
  spec: MarkerSpec;
  billboard: Cesium.Billboard;
  halo: Cesium.Billboard | null;
  move: { from: Cesium.Cartesian3; to: Cesium.Cartesian3; start: number; ms: number } | null;
}

const HALO_SIZE = 84;

export class MarkerSet {
  private readonly billboards: Cesium.BillboardCollection;
  private readonly halos: Cesium.BillboardCollection;
  private readonly entries = new Map<number, Entry>();
  private readonly removePreRender: Cesium.Event.RemoveCallback;
  private visible = true;

  constructor(
    private readonly layer: LayerId,
    private readonly ctx: LayerContext,
    private readonly options: MarkerOptions,
  ) {
    const scene = ctx.viewer.scene;
    this.halos = scene.primitives.add(new Cesium.BillboardCollection({ scene }));
    this.billboards = scene.primitives.add(new Cesium.BillboardCollection({ scene }));
    this.removePreRender = scene.preRender.addEventListener(() => this.animate());
  }

  get count(): number {
    return this.entries.size;
  }

  /** Images loaded. A hidden collection loads nothing, and counts as ready. */
  get ready(): boolean {
    if (!this.visible) return true;
    for (const e of this.entries.values()) if (!e.billboard.ready) return false;
    return true;
  }

  private position(lon: number, lat: number): Cesium.Cartesian3 {
    return Cesium.Cartesian3.fromDegrees(lon, lat, this.options.heightM ?? 3);
  }

  private alignedAxis(position: Cesium.Cartesian3, headingDeg: number | undefined): Cesium.Cartesian3 {
    if (headingDeg === undefined) return Cesium.Cartesian3.ZERO;
    const frame = Cesium.Transforms.eastNorthUpToFixedFrame(position);
    const east = Cesium.Cartesian3.fromCartesian4(Cesium.Matrix4.getColumn(frame, 0, new Cesium.Cartesian4()));
    const north = Cesium.Cartesian3.fromCartesian4(Cesium.Matrix4.getColumn(frame, 1, new Cesium.Cartesian4()));
    const h = Cesium.Math.toRadians(headingDeg);
    const axis = Cesium.Cartesian3.add(Cesium.Cartesian3.multiplyByScalar(east, Math.sin(h), east), Cesium.Cartesian3.multiplyByScalar(north, Math.cos(h), north), new Cesium.Cartesian3());
    return Cesium.Cartesian3.normalize(axis, axis);
  }

  private billboardOptions(spec: MarkerSpec, position: Cesium.Cartesian3) {
    const s = (spec.scale ?? 1) * this.ctx.symbolScale;
    return {
      position,
      image: spec.image,
      width: this.options.width * s,
      height: this.options.height * s,
      verticalOrigin: this.options.anchor === 'bottom' ? Cesium.VerticalOrigin.BOTTOM : Cesium.VerticalOrigin.CENTER,
      alignedAxis: this.alignedAxis(position, spec.headingDeg),
      // Symbols stay visible over buildings: the hall must see every case.
      disableDepthTestDistance: Number.POSITIVE_INFINITY,
      distanceDisplayCondition: new Cesium.DistanceDisplayCondition(0, this.options.farM ?? 60_000),
      scaleByDistance: new Cesium.NearFarScalar(500, 1.2, 8_000, 0.5),
      id: { layer: this.layer, key: spec.key } satisfies PickTag,
      show: this.visible,
    };
  }

  private haloFor(spec: MarkerSpec, position: Cesium.Cartesian3): Cesium.Billboard | null {
    if (!spec.halo) return null;
    const s = (spec.scale ?? 1) * this.ctx.symbolScale;
    return this.halos.add({
      position,
      image: spec.halo,
      width: HALO_SIZE * s,
      height: HALO_SIZE * s,
      disableDepthTestDistance: Number.POSITIVE_INFINITY,
      distanceDisplayCondition: new Cesium.DistanceDisplayCondition(0, this.options.farM ?? 60_000),
      scaleByDistance: new Cesium.NearFarScalar(500, 1.2, 8_000, 0.5),
      show: this.visible,
    });
  }

  /** Replaces every marker. */
  set(specs: readonly MarkerSpec[]): void {
    this.billboards.removeAll();
    this.halos.removeAll();
    this.entries.clear();
    for (const spec of specs) this.upsert(spec);
    this.ctx.requestRender();
  }

  /** Adds a marker, or redraws it when its look changed; a moved one glides to its new place. */
  upsert(spec: MarkerSpec, moveMs = 0): void {
    const existing = this.entries.get(spec.key);
    const target = this.position(spec.lon, spec.lat);
    if (!existing) {
      const billboard = this.billboards.add(this.billboardOptions(spec, target));
      this.entries.set(spec.key, { spec, billboard, halo: this.haloFor(spec, target), move: null });
      this.ctx.requestRender();
      return;
    }
    const b = existing.billboard;
    if (existing.spec.image !== spec.image) b.image = spec.image;
    b.alignedAxis = this.alignedAxis(target, spec.headingDeg);
    if (existing.halo && !spec.halo) {
      this.halos.remove(existing.halo);
      existing.halo = null;
    } else if (!existing.halo && spec.halo) {
      existing.halo = this.haloFor(spec, target);
    }
    if (existing.spec.lon !== spec.lon || existing.spec.lat !== spec.lat) {
      if (moveMs > 0 && !this.ctx.lite) existing.move = { from: Cesium.Cartesian3.clone(b.position), to: target, start: performance.now(), ms: moveMs };
      else this.place(existing, target);
    }
    existing.spec = spec;
    this.ctx.requestRender();
  }

  remove(key: number): void {
    const e = this.entries.get(key);
    if (!e) return;
    this.billboards.remove(e.billboard);
    if (e.halo) this.halos.remove(e.halo);
    this.entries.delete(key);
    this.ctx.requestRender();
  }

  has(key: number): boolean {
    return this.entries.has(key);
  }

  private place(e: Entry, position: Cesium.Cartesian3): void {
    e.billboard.position = position;
    if (e.halo) e.halo.position = position;
  }

  /** Glides moving markers; pulses halos (on a real wall; lite mode keeps them still). */
  private animate(): void {
    if (!this.visible) return;
    const now = performance.now();
    for (const e of this.entries.values()) {
      if (e.move) {
        const t = Math.min(1, (now - e.move.start) / e.move.ms);
        this.place(e, Cesium.Cartesian3.lerp(e.move.from, e.move.to, t, new Cesium.Cartesian3()));
        if (t >= 1) e.move = null;
      }
    }
    if (this.ctx.lite || this.halos.length === 0) return;
    const phase = (now % 1600) / 1600;
    for (let k = 0; k < this.halos.length; k++) {
      const h = this.halos.get(k);
      h.scale = 0.6 + phase * 0.9;
      h.color = Cesium.Color.WHITE.withAlpha(1 - phase);
    }
  }

  show(visible: boolean): void {
    this.visible = visible;
    this.billboards.show = visible;
    this.halos.show = visible;
    this.ctx.requestRender();
  }

  /** The key of a picked marker of this set. */
  pick(object: unknown): number | undefined {
    const id = (object as { id?: PickTag } | undefined)?.id;
    return id && id.layer === this.layer && typeof id.key === 'number' ? id.key : undefined;
  }

  destroy(): void {
    this.removePreRender();
    const primitives = this.ctx.viewer.scene.primitives;
    primitives.remove(this.billboards);
    primitives.remove(this.halos);
    this.entries.clear();
  }
}

type MarkerKind = 'case' | 'camera' | 'vehicle' | 'sensor' | 'truck' | 'alarm';

/** A layer drawn as markers: the common life; each layer says how its data looks. */
export abstract class MarkerLayer<Data> implements WallLayer<Data> {
  abstract readonly id: LayerId;
  protected readonly markers: MarkerSet;

  constructor(layer: LayerId, private readonly kind: MarkerKind, ctx: LayerContext, options: MarkerOptions) {
    this.markers = new MarkerSet(layer, ctx, options);
  }

  get ready(): boolean {
    return this.markers.ready;
  }

  get count(): number {
    return this.markers.count;
  }

  abstract update(data: Data): void;

  has(key: number): boolean {
    return this.markers.has(key);
  }

  show(visible: boolean): void {
    this.markers.show(visible);
  }

  pick(object: unknown): Picked | undefined {
    const key = this.markers.pick(object);
    return key === undefined ? undefined : { kind: this.kind, id: key };
  }

  destroy(): void {
    this.markers.destroy();
  }
}
