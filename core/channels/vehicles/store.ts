// Vehicle positions (作业/执法车辆): one row per report, and the registry's last position.
import type { Db } from '../../db/database.js';

export interface PositionReport {
  vehicleId: number;
  at: number;
  lon: number;
  lat: number;
  speedKmh: number | null;
  headingDeg: number | null;
}

export class VehiclePositionStore {
  constructor(private readonly db: Db) {}

  /** Stores reports and moves each vehicle's last position forward (never back to an older report). */
  async write(reports: readonly PositionReport[]): Promise<void> {
    const insert = this.db.statement(
      'vehiclePositions.insert',
      'INSERT OR IGNORE INTO vehicle_positions (vehicle_id, at, lon, lat, speed_kmh, heading_deg) VALUES (?, ?, ?, ?, ?, ?)',
    );
    const last = this.db.statement(
      'vehicles.moveTo',
      'UPDATE vehicles SET lon = ?, lat = ?, heading_deg = ?, speed_kmh = ?, seen_at = ? WHERE id = ? AND (seen_at IS NULL OR seen_at <= ?)',
    );
    await this.db.transaction(async () => {
      for (const r of reports) {
        await insert.run([r.vehicleId, r.at, r.lon, r.lat, r.speedKmh, r.headingDeg]);
        await last.run([r.lon, r.lat, r.headingDeg, r.speedKmh, r.at, r.vehicleId, r.at]);
      }
    });
  }

  async speedOf(vehicleId: number): Promise<number | null> {
    return (await this.db.statement<{ s: number | null }>('vehicles.speed', 'SELECT speed_kmh AS s FROM vehicles WHERE id = ?').get([vehicleId]))?.s ?? null;
  }

  async track(vehicleId: number, from: number, to: number): Promise<[number, number, number, number | null][]> {
    return await this.db
      .statement<unknown>('vehiclePositions.track', 'SELECT lon, lat, at, speed_kmh FROM vehicle_positions WHERE vehicle_id = ? AND at >= ? AND at < ? ORDER BY at LIMIT 50000')
      .raw([vehicleId, from, to]) as [number, number, number, number | null][];
  }
}
