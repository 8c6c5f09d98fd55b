// 渣土车: each truck as a tipper pointing along its heading (red with a pulsing halo while it has
// an open alarm), its permit's corridor (准运路线) as a band along the streets, and the day's
// track when one is played back, with a marker running along it.
import * as Cesium from 'cesium';
import type { TruckItem, TruckPermit } from '../../../../core/contract/index';
import { halo, truckIcon } from './icons';
import { MarkerLayer } from './markers';
import { themeColour, themeCss } from './palette';
import type { LayerContext } from './types';

const GLIDE_MS = 8000;

export type TruckMarker = Pick<TruckItem, 'id' | 'lon' | 'lat' | 'headingDeg' | 'openAlarms'>;

export interface TrucksData {
  trucks: readonly TruckMarker[];
  permits: readonly TruckPermit[];
}

export class TrucksLayer extends MarkerLayer<TrucksData> {
  readonly id = 'trucks' as const;
  private readonly corridors: Cesium.PolylineCollection;
  private readonly trackLines: Cesium.PolylineCollection;
  private readonly known = new Map<number, TruckMarker>();
  private readonly runner: Cesium.BillboardCollection;
  private play: { positions: Cesium.Cartesian3[]; start: number; ms: number; onStep: (index: number) => void } | null = null;
  private readonly removePostRender: Cesium.Event.RemoveCallback;
  private visible = true;

  constructor(private readonly context: LayerContext) {
    super('trucks', 'truck', context, { width: 30, height: 30, anchor: 'center', farM: 25_000, heightM: 4 });
    const primitives = context.viewer.scene.primitives;
    this.corridors = primitives.add(new Cesium.PolylineCollection());
    this.trackLines = primitives.add(new Cesium.PolylineCollection());
    this.runner = primitives.add(new Cesium.BillboardCollection({ scene: context.viewer.scene }));
    this.removePostRender = context.viewer.scene.postRender.addEventListener(() => this.step());
  }

  /** Runs a marker along the shown track over `ms`; `onStep` hears the index of the point it passed. */
  playTrack(positions: Cesium.Cartesian3[], ms: number, onStep: (index: number) => void): void {
    this.runner.removeAll();
    if (positions.length === 0) return;
    this.runner.add({
      position: positions[0]!,
      image: truckIcon(themeCss('--gh-truck-track')),
      width: 34 * this.context.symbolScale,
      height: 34 * this.context.symbolScale,
      disableDepthTestDistance: Number.POSITIVE_INFINITY,
    });
    this.play = { positions, start: performance.now(), ms, onStep };
    this.context.requestRender();
  }

  stopTrack(): void {
    this.play = null;
    this.runner.removeAll();
    this.context.requestRender();
  }

  private step(): void {
    const p = this.play;
    if (!p || this.runner.length === 0) return;
    const t = Math.min(1, (performance.now() - p.start) / p.ms);
    const exact = t * (p.positions.length - 1);
    const k = Math.floor(exact);
    const a = p.positions[k]!;
    const b = p.positions[Math.min(k + 1, p.positions.length - 1)]!;
    this.runner.get(0).position = Cesium.Cartesian3.lerp(a, b, exact - k, new Cesium.Cartesian3());
    p.onStep(k);
    if (t >= 1) this.play = null;
    // Keep drawing while it runs (the scene may render only on request).
    else this.context.requestRender();
  }

  private spec(t: TruckMarker) {
    const alarm = t.openAlarms.length > 0;
    const colour = themeCss(alarm ? '--gh-truck-alarm' : '--gh-truck');
    return { key: t.id, lon: t.lon!, lat: t.lat!, headingDeg: t.headingDeg ?? 0, image: truckIcon(colour), halo: alarm ? halo(colour) : null };
  }

  update(data: TrucksData): void {
    this.known.clear();
    for (const t of data.trucks) this.known.set(t.id, t);
    this.markers.set(data.trucks.filter((t) => t.lon !== null && t.lat !== null).map((t) => this.spec(t)));
    this.corridors.removeAll();
    const colour = themeColour('--gh-truck-corridor').withAlpha(0.55);
    for (const p of data.permits) {
      this.corridors.add({
        positions: Cesium.Cartesian3.fromDegreesArrayHeights(p.corridor.flatMap(([lon, lat]) => [lon, lat, 1.5])),
        width: 5 * this.context.symbolScale,
        material: Cesium.Material.fromType('PolylineDash', { color: colour, gapColor: Cesium.Color.TRANSPARENT, dashLength: 24 }),
        show: this.visible,
      });
    }
    this.context.requestRender();
  }

  /** A position report from the live stream: the truck glides there. */
  move(p: { id: number; lon: number; lat: number; headingDeg: number }): void {
    const t = this.known.get(p.id);
    if (!t) return;
    Object.assign(t, { lon: p.lon, lat: p.lat, headingDeg: p.headingDeg });
    this.markers.upsert(this.spec(t), GLIDE_MS);
  }

  /** An alarm opened or closed. */
  alarm(truckId: number, openAlarms: TruckItem['openAlarms']): void {
    const t = this.known.get(truckId);
    if (!t || t.lon === null) return;
    t.openAlarms = openAlarms;
    this.markers.upsert(this.spec(t));
  }

  /** Draws a track ([lon, lat, ...] per point); returns the positions for playback. */
  showTrack(points: readonly (readonly [number, number, ...unknown[]])[]): Cesium.Cartesian3[] {
    this.trackLines.removeAll();
    const positions = Cesium.Cartesian3.fromDegreesArrayHeights(points.flatMap(([lon, lat]) => [lon, lat, 2.5]));
    if (positions.length >= 2) {
      this.trackLines.add({ positions, width: 4 * this.context.symbolScale, material: Cesium.Material.fromType('Color', { color: themeColour('--gh-truck-track') }) });
    }
    this.context.requestRender();
    return positions;
  }

  clearTrack(): void {
    this.stopTrack();
    this.trackLines.removeAll();
    this.context.requestRender();
  }

  get trackShown(): boolean {
    return this.trackLines.length > 0;
  }

  override show(visible: boolean): void {
    this.visible = visible;
    super.show(visible);
    this.corridors.show = visible;
    this.trackLines.show = visible;
    this.runner.show = visible;
  }

  override destroy(): void {
    const primitives = this.context.viewer.scene.primitives;
    primitives.remove(this.corridors);
    primitives.remove(this.trackLines);
    primitives.remove(this.runner);
    this.removePostRender();
    super.destroy();
  }
}
