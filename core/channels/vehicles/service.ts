// Vehicles on their rounds: position reports from BeiDou/GPS terminals (WGS84 or CGCS2000,
// which agree to centimetres; GCJ-02 from consumer maps is converted with gcoord), the live
// picture and each day's track. Every accepted report goes out on /api/events.
import gcoordModule from 'gcoord';
import type { Clock } from '../../runtime/clock.js';
import type { VehicleRow, VehicleStore } from '../../base/devices/index.js';
import type { EventHub } from '../../server/events.js';
import type { PositionReport, VehiclePositionStore } from './store.js';

// gcoord ships CommonJS typed as an ES default export: at run time the default import is the API object.
const gcoord = gcoordModule as unknown as {
  transform(input: [number, number], from: unknown, to: unknown): [number, number];
  GCJ02: unknown;
  WGS84: unknown;
};

export type Crs = 'wgs84' | 'cgcs2000' | 'gcj02';

export interface VehicleReport {
  code: string;
  lon: number;
  lat: number;
  at?: number;
  speedKmh?: number | null;
  headingDeg?: number | null;
  crs?: Crs;
}

export interface VehicleView {
  id: number;
  code: string;
  plate: string;
  kind: VehicleRow['kind'];
  departmentId: number | null;
  lon: number | null;
  lat: number | null;
  headingDeg: number | null;
  speedKmh: number | null;
  seenAt: string | null;
  online: boolean;
}

export const VEHICLE_TOPIC = 'vehicle.position';
const ONLINE_MS = 5 * 60_000;
const MAX_FUTURE_MS = 5 * 60_000;

export class VehicleService {
  private byCode: Map<string, VehicleRow> | undefined;

  constructor(
    private readonly vehicles: VehicleStore,
    private readonly positions: VehiclePositionStore,
    private readonly clock: Clock,
    private readonly events: EventHub,
  ) {}

  reload(): void {
    this.byCode = undefined;
  }

  private async registry(): Promise<Map<string, VehicleRow>> {
    this.byCode ??= new Map((await this.vehicles.list({ limit: 100_000 })).map((v) => [v.code, v]));
    return this.byCode;
  }

  async ingest(reports: readonly VehicleReport[]): Promise<{ accepted: number; rejected: { index: number; code: string; error: string }[] }> {
    const now = this.clock.now();
    const registry = await this.registry();
    const accepted: PositionReport[] = [];
    const views: VehicleView[] = [];
    const rejected: { index: number; code: string; error: string }[] = [];
    for (const [index, r] of reports.entries()) {
      const vehicle = registry.get(r.code);
      if (!vehicle) {
        rejected.push({ index, code: r.code, error: 'unknown vehicle code (未登记的车辆)' });
        continue;
      }
      if (!(r.lon >= -180 && r.lon <= 180 && r.lat >= -90 && r.lat <= 90)) {
        rejected.push({ index, code: r.code, error: 'lon/lat out of range' });
        continue;
      }
      const at = r.at ?? now;
      if (!Number.isFinite(at) || at > now + MAX_FUTURE_MS) {
        rejected.push({ index, code: r.code, error: 'time is ahead of the server' });
        continue;
      }
      const [lon, lat] = r.crs === 'gcj02' ? gcoord.transform([r.lon, r.lat], gcoord.GCJ02, gcoord.WGS84) : [r.lon, r.lat];
      const report: PositionReport = { vehicleId: vehicle.id, at, lon, lat, speedKmh: r.speedKmh ?? null, headingDeg: r.headingDeg ?? null };
      accepted.push(report);
      if (vehicle.seenAt === null || at >= vehicle.seenAt) {
        Object.assign(vehicle, { lon, lat, headingDeg: report.headingDeg, seenAt: at });
        views.push(await this.view(vehicle, report.speedKmh));
      }
    }
    if (accepted.length) await this.positions.write(accepted);
    for (const v of views) this.events.publish(VEHICLE_TOPIC, v);
    return { accepted: accepted.length, rejected };
  }

  async view(v: VehicleRow, speed?: number | null): Promise<VehicleView> {
    const speedKmh = speed === undefined ? await this.positions.speedOf(v.id) : speed;
    return {
      id: v.id,
      code: v.code,
      plate: v.plate,
      kind: v.kind,
      departmentId: v.departmentId,
      lon: v.lon,
      lat: v.lat,
      headingDeg: v.headingDeg,
      speedKmh,
      seenAt: v.seenAt === null ? null : new Date(v.seenAt).toISOString(),
      online: v.seenAt !== null && this.clock.now() - v.seenAt <= ONLINE_MS,
    };
  }

  async list(): Promise<VehicleView[]> {
    const views: VehicleView[] = [];
    for (const v of (await this.registry()).values()) views.push(await this.view(v));
    return views;
  }

  async get(id: number): Promise<VehicleRow | undefined> {
    return [...(await this.registry()).values()].find((v) => v.id === id);
  }

  async track(id: number, from: number, to: number) {
    return await this.positions.track(id, from, to);
  }
}
