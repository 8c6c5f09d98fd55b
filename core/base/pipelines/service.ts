// 地下管线: what lies under a place. Pipes near a point (a case, a burst main), the well under a
// manhole cover and the pipes it opens onto, and the whole network shaped for the wall.
import type { Db } from '../../db/database.js';
import { distanceM, distanceToLine, type LonLat } from '../geo/index.js';
import { localFrame } from '../geo/index.js';
import { PipelineStore, WellStore, type PipeKind, type PipelineRow, type WellRow } from './store.js';

export const PIPE_KIND_LABELS: Record<PipeKind, { zh: string; en: string }> = {
  water: { zh: '给水', en: 'Water supply' },
  drainage: { zh: '排水', en: 'Drainage' },
  gas: { zh: '燃气', en: 'Gas' },
  power: { zh: '电力', en: 'Power' },
  telecom: { zh: '通信', en: 'Telecom' },
  heat: { zh: '热力', en: 'Heat' },
};

/** A well opens onto the pipes that end or pass within this distance of it... */
const WELL_REACH_M = 2;
/** ...and onto the nearest pipes of its own kind this close (a lateral joins them). */
const WELL_KIND_REACH_M = 10;

export interface PipeView extends Omit<PipelineRow, 'geometry' | 'west' | 'south' | 'east' | 'north'> {
  kindLabel: { zh: string; en: string };
  coordinates: [number, number][];
}

export interface NearPipe extends PipeView {
  distanceM: number;
}

export class PipelineService {
  readonly pipes: PipelineStore;
  readonly wells: WellStore;

  constructor(db: Db) {
    this.pipes = new PipelineStore(db);
    this.wells = new WellStore(db);
  }

  view(p: PipelineRow): PipeView {
    const { geometry, west: _w, south: _s, east: _e, north: _n, ...rest } = p;
    return { ...rest, kindLabel: PIPE_KIND_LABELS[p.kind], coordinates: (JSON.parse(geometry) as { coordinates: [number, number][] }).coordinates };
  }

  /** Pipes within `radiusM` of a point, nearest first, and who owns them. */
  async near(lon: number, lat: number, radiusM: number): Promise<{ pipes: NearPipe[]; owners: { owner: string; kinds: PipeKind[]; count: number }[]; wells: (WellRow & { distanceM: number })[] }> {
    const f = localFrame(lon, lat);
    const padLon = radiusM / f.metresPerDegLon;
    const padLat = radiusM / f.metresPerDegLat;
    const pipes: NearPipe[] = [];
    for (const p of await this.pipes.nearBox(lon, lat, padLon, padLat)) {
      const v = this.view(p);
      const d = distanceToLine(lon, lat, v.coordinates);
      if (d <= radiusM) pipes.push({ ...v, distanceM: Math.round(d * 10) / 10 });
    }
    pipes.sort((a, b) => a.distanceM - b.distanceM);
    const byOwner = new Map<string, { owner: string; kinds: PipeKind[]; count: number }>();
    for (const p of pipes) {
      const owner = p.owner ?? '（权属不明）';
      const o = byOwner.get(owner) ?? { owner, kinds: [], count: 0 };
      o.count++;
      if (!o.kinds.includes(p.kind)) o.kinds.push(p.kind);
      byOwner.set(owner, o);
    }
    const wells = (await this.wells
      .list({ bbox: { west: lon - padLon, south: lat - padLat, east: lon + padLon, north: lat + padLat }, limit: 1000 }))
      .map((w) => ({ ...w, distanceM: Math.round(distanceM([lon, lat], [w.lon, w.lat]) * 10) / 10 }))
      .filter((w) => w.distanceM <= radiusM)
      .sort((a, b) => a.distanceM - b.distanceM);
    return { pipes, owners: [...byOwner.values()], wells };
  }

  /** The pipes a well opens onto: within reach of it, its own kind first. */
  async pipesOfWell(w: WellRow): Promise<NearPipe[]> {
    const { pipes } = await this.near(w.lon, w.lat, WELL_KIND_REACH_M);
    return pipes.filter((p) => p.kind === w.kind || p.distanceM <= WELL_REACH_M).sort((a, b) => Number(b.kind === w.kind) - Number(a.kind === w.kind) || a.distanceM - b.distanceM);
  }

  async well(id: number): Promise<(WellRow & { kindLabel: { zh: string; en: string }; pipes: NearPipe[] }) | undefined> {
    const w = await this.wells.get(id);
    return w && { ...w, kindLabel: PIPE_KIND_LABELS[w.kind], pipes: await this.pipesOfWell(w) };
  }

  async pipe(id: number): Promise<PipeView | undefined> {
    const p = await this.pipes.get(id);
    return p && this.view(p);
  }

  /** The well under a manhole-cover component, and its pipes. */
  async ofComponent(componentId: string): Promise<{ well: WellRow; pipes: NearPipe[] } | undefined> {
    const w = await this.wells.ofComponent(componentId);
    return w && { well: w, pipes: await this.pipesOfWell(w) };
  }

  /** The network for the wall: pipes as [id, kind index, diameter mm, depth m, flat lon/lat...] and wells. */
  async wallPack(): Promise<{ kinds: readonly PipeKind[]; pipes: [number, number, number, number, number[]][]; wells: [number, number, number, number, number][] }> {
    const kinds = ['water', 'drainage', 'gas', 'power', 'telecom', 'heat'] as const;
    const index = new Map<PipeKind, number>(kinds.map((k, i) => [k, i]));
    const pipes = (await this.pipes.allForWall()).map((p): [number, number, number, number, number[]] => {
      const coords = (JSON.parse(p.geometry) as { coordinates: LonLat[] }).coordinates;
      return [p.id, index.get(p.kind)!, p.diameterMm ?? 300, p.depthM ?? 1.5, coords.flatMap(([x, y]) => [Math.round(x * 1e7) / 1e7, Math.round(y * 1e7) / 1e7])];
    });
    const wells = (await this.wells.all()).map((w): [number, number, number, number, number] => [w.id, index.get(w.kind)!, w.lon, w.lat, w.depthM ?? 1.5]);
    return { kinds, pipes, wells };
  }
}
