// What the command wall reads besides the analytics figures (/api/analytics/summary and
// /api/analytics/grid-fill, the one source of counts): components packed for drawing, open
// cases, devices, grid outlines, and the ticker of the latest case events.
import { gzipSync } from 'node:zlib';
import type { Clock } from '../runtime/clock.js';
import type { CountyStore } from '../base/county/index.js';
import type { CameraStore, SensorStore, VehicleStore } from '../base/devices/index.js';
import type { DictionaryStore } from '../base/dictionary/index.js';
import type { GridStore } from '../base/grids/index.js';
import { packComponents } from './components-pack.js';
import type { WallStore } from './store.js';


export interface WallSources {
  wall: WallStore;
  county: CountyStore;
  grids: GridStore;
  dictionary: DictionaryStore;
  cameras: CameraStore;
  sensors: SensorStore;
  vehicles: VehicleStore;
  clock: Clock;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export class WallService {
  private pack: { revision: string; raw: Buffer; gzip: Buffer } | null = null;

  constructor(private readonly s: WallSources) {}

  /** The packed components (see components-pack.ts), rebuilt only when the table changed. */
  async componentsPack(): Promise<{ revision: string; raw: Buffer; gzip: Buffer }> {
    const revision = await this.s.wall.componentsRevision();
    if (this.pack?.revision === revision) return this.pack;
    const county = await this.s.county.get();
    const raw = packComponents({
      adminCode: county?.adminCode ?? '',
      originLon: county?.centerLon ?? 0,
      originLat: county?.centerLat ?? 0,
      rows: await this.s.wall.componentColumns(),
    });
    this.pack = { revision, raw, gzip: gzipSync(raw, { level: 1 }) };
    return this.pack;
  }

  /** Component classes with names: what the layer's legend and the click card show. */
  async componentClasses() {
    const standard = await this.s.dictionary.activeStandard();
    if (!standard) return [];
    return (await this.s.dictionary
      .list(standard.id, 'component'))
      .map((c) => ({ code: c.code, level: c.level, bigCode: c.bigCode, name: c.name, nameEn: c.nameEn }));
  }

  async openCases(limit = 20_000) {
    return (await this.s.wall.openCases(limit)).map((c) => ({
      id: c.id,
      caseNo: c.caseNo,
      state: c.state,
      kind: c.kind,
      classCode: c.classCode,
      urgent: c.urgent === 1,
      overdue: c.overdue === 1 || (c.deadlineAt !== null && c.deadlineAt < this.s.clock.now()),
      lon: c.lon,
      lat: c.lat,
      gridCode: c.gridCode,
      departmentId: c.departmentId,
      reportedAt: iso(c.reportedAt),
      deadlineAt: iso(c.deadlineAt),
      description: c.description,
    }));
  }

  async devices() {
    const cameras = (await collect(this.s.cameras.each())).map((c) => ({ id: c.id, code: c.code, name: c.name, kind: c.kind, lon: c.lon, lat: c.lat, headingDeg: c.headingDeg, ptz: c.ptz, gridCode: c.gridCode }));
    const sensors = (await collect(this.s.sensors.each())).map((s) => ({ id: s.id, code: s.code, name: s.name, kind: s.kind, lon: s.lon, lat: s.lat, status: s.status, gridCode: s.gridCode, componentId: s.componentId }));
    const vehicles = (await collect(this.s.vehicles.each()))
      .filter((v) => v.lon !== null && v.lat !== null)
      .map((v) => ({ id: v.id, code: v.code, plate: v.plate, kind: v.kind, lon: v.lon!, lat: v.lat!, headingDeg: v.headingDeg ?? 0, seenAt: iso(v.seenAt), departmentId: v.departmentId }));
    return { cameras, sensors, vehicles };
  }

  /** Grid outlines as plain rings (outer ring only) with their centres. */
  async grids() {
    return (await collect(this.s.grids.each())).map((g) => {
      const geometry = JSON.parse(g.geometry) as { type: string; coordinates: number[][][] | number[][][][] };
      const ring = geometry.type === 'MultiPolygon' ? (geometry.coordinates as number[][][][])[0]![0]! : (geometry.coordinates as number[][][])[0]!;
      return { code: g.code, communityCode: g.communityCode, center: [g.centerLon, g.centerLat], ring };
    });
  }

  async ticker(limit: number) {
    return (await this.s.wall.latestEvents(limit)).map((e) => ({ ...e, at: new Date(e.at).toISOString(), urgent: e.urgent === 1 }));
  }
}

/** Every row of a store's paged walk, in one array. */
async function collect<T>(rows: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const row of rows) all.push(row);
  return all;
}
