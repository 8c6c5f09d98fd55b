// Muck trucks (渣土车): the registry with each truck's terminal, position reports, sites,
// permits (准运证) and alarms. One store for the slice; all its SQL is here.
import type { Db } from '../../db/database.js';
import { TableStore } from '../../db/table.js';

export interface MuckSiteRow {
  id: number;
  code: string;
  name: string;
  kind: 'origin' | 'disposal';
  lon: number;
  lat: number;
  radiusM: number;
}

export interface MuckTruckRow {
  id: number;
  plate: string;
  plateColor: number;
  company: string | null;
  /** 终端手机号: 20 digits as sent in the 2019 header (leading zeros kept). */
  phone: string;
  terminalId: string | null;
  maker: string | null;
  model: string | null;
  authCode: string | null;
  registeredAt: number | null;
  authenticatedAt: number | null;
  lon: number | null;
  lat: number | null;
  speedKmh: number | null;
  headingDeg: number | null;
  seenAt: number | null;
}

export interface MuckPermitRow {
  id: number;
  code: string;
  truckId: number;
  originSiteId: number;
  disposalSiteId: number;
  /** GeoJSON LineString. */
  corridor: string;
  bufferM: number;
  /** YYYY-MM-DD, local dates, inclusive. */
  validFrom: string;
  validTo: string;
  dayStartMin: number;
  dayEndMin: number;
  maxSpeedKmh: number;
  west: number;
  south: number;
  east: number;
  north: number;
}

export const ALARM_KINDS = ['off_corridor', 'outside_hours', 'unpermitted_site', 'speeding', 'silent'] as const;
export type MuckAlarmKind = (typeof ALARM_KINDS)[number];

export interface MuckAlarmRow {
  id: number;
  truckId: number;
  permitId: number | null;
  kind: MuckAlarmKind;
  openedAt: number;
  closedAt: number | null;
  lon: number | null;
  lat: number | null;
  detail: string;
  caseId: number | null;
  /** JSON [[lon, lat, at, speedKmh], ...]: the track around the alarm (evidence). */
  track: string | null;
}

export interface TruckPosition {
  truckId: number;
  at: number;
  lon: number;
  lat: number;
  speedKmh: number;
  headingDeg: number;
  alarmFlags: number;
  statusFlags: number;
}

export class MuckSiteStore extends TableStore<MuckSiteRow, 'kind'> {
  constructor(db: Db) {
    super(db, {
      prefix: 'muckSites',
      table: 'muck_sites',
      key: 'id',
      extent: { lon: 'lon', lat: 'lat' },
      filters: { kind: 'kind' },
      columns: { id: 'id', code: 'code', name: 'name', kind: 'kind', lon: 'lon', lat: 'lat', radiusM: 'radius_m' },
    });
  }
}

export class MuckTruckStore extends TableStore<MuckTruckRow> {
  constructor(private readonly db: Db) {
    super(db, {
      prefix: 'muckTrucks',
      table: 'muck_trucks',
      key: 'id',
      columns: {
        id: 'id', plate: 'plate', plateColor: 'plate_color', company: 'company', phone: 'phone', terminalId: 'terminal_id', maker: 'maker', model: 'model',
        authCode: 'auth_code', registeredAt: 'registered_at', authenticatedAt: 'authenticated_at', lon: 'lon', lat: 'lat', speedKmh: 'speed_kmh', headingDeg: 'heading_deg', seenAt: 'seen_at',
      },
    });
  }

  async byPhone(phone: string): Promise<MuckTruckRow | undefined> {
    return await this.table.one('byPhone', 'phone = ?', [phone]);
  }

  async byPlate(plate: string): Promise<MuckTruckRow | undefined> {
    return await this.table.one('byPlate', 'plate = ?', [plate]);
  }

  async all(): Promise<MuckTruckRow[]> {
    return await this.table.many('all', 'ORDER BY id');
  }

  async add(t: { plate: string; phone: string; company: string | null; plateColor?: number }): Promise<number> {
    return Number(
      (await this.db.statement('muckTrucks.add', 'INSERT INTO muck_trucks (plate, phone, company, plate_color) VALUES (?, ?, ?, ?)').run([t.plate, t.phone, t.company, t.plateColor ?? 2])).lastInsertRowid,
    );
  }

  async registered(id: number, r: { terminalId: string; maker: string; model: string; plateColor: number; authCode: string; at: number }): Promise<void> {
    await this.db
      .statement('muckTrucks.registered', 'UPDATE muck_trucks SET terminal_id = ?, maker = ?, model = ?, plate_color = ?, auth_code = ?, registered_at = ? WHERE id = ?')
      .run([r.terminalId, r.maker, r.model, r.plateColor, r.authCode, r.at, id]);
  }

  async authenticated(id: number, at: number): Promise<void> {
    await this.db.statement('muckTrucks.authenticated', 'UPDATE muck_trucks SET authenticated_at = ? WHERE id = ?').run([at, id]);
  }

  /** Reports, and each truck's last position moved forward (never back to an older report). */
  async writePositions(rows: readonly TruckPosition[]): Promise<void> {
    const insert = this.db.statement(
      'muckPositions.insert',
      'INSERT OR IGNORE INTO muck_positions (truck_id, at, lon, lat, speed_kmh, heading_deg, alarm_flags, status_flags) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const last = this.db.statement(
      'muckTrucks.moveTo',
      'UPDATE muck_trucks SET lon = ?, lat = ?, speed_kmh = ?, heading_deg = ?, seen_at = ? WHERE id = ? AND (seen_at IS NULL OR seen_at <= ?)',
    );
    await this.db.transaction(async () => {
      for (const r of rows) {
        await insert.run([r.truckId, r.at, r.lon, r.lat, r.speedKmh, r.headingDeg, r.alarmFlags, r.statusFlags]);
        await last.run([r.lon, r.lat, r.speedKmh, r.headingDeg, r.at, r.truckId, r.at]);
      }
    });
  }

  /** [lon, lat, at, speedKmh] in time order. */
  async track(truckId: number, from: number, to: number, limit = 50_000): Promise<[number, number, number, number][]> {
    return await this.db
      .statement<unknown>('muckPositions.track', 'SELECT lon, lat, at, speed_kmh FROM muck_positions WHERE truck_id = ? AND at >= ? AND at < ? ORDER BY at LIMIT ?')
      .raw([truckId, from, to, limit]) as [number, number, number, number][];
  }
}

export class MuckPermitStore extends TableStore<MuckPermitRow> {
  constructor(private readonly db: Db) {
    super(db, {
      prefix: 'muckPermits',
      table: 'muck_permits',
      key: 'id',
      extent: 'box',
      columns: {
        id: 'id', code: 'code', truckId: 'truck_id', originSiteId: 'origin_site_id', disposalSiteId: 'disposal_site_id', corridor: 'corridor', bufferM: 'buffer_m',
        validFrom: 'valid_from', validTo: 'valid_to', dayStartMin: 'day_start_min', dayEndMin: 'day_end_min', maxSpeedKmh: 'max_speed_kmh',
        west: 'west', south: 'south', east: 'east', north: 'north',
      },
    });
  }

  async ofTruck(truckId: number): Promise<MuckPermitRow[]> {
    return await this.table.many('ofTruck', 'WHERE truck_id = ? ORDER BY valid_from', [truckId]);
  }

  /** Permits valid on a local date. */
  async validOn(date: string): Promise<MuckPermitRow[]> {
    return await this.table.many('validOn', 'WHERE valid_from <= ? AND valid_to >= ? ORDER BY id', [date, date]);
  }

  async insert(row: Omit<MuckPermitRow, 'id'>): Promise<number> {
    return Number(
      (await this.db
        .statement(
          'muckPermits.insertOne',
          `INSERT INTO muck_permits (code, truck_id, origin_site_id, disposal_site_id, corridor, buffer_m, valid_from, valid_to, day_start_min, day_end_min, max_speed_kmh, west, south, east, north)
           VALUES (@code, @truckId, @originSiteId, @disposalSiteId, @corridor, @bufferM, @validFrom, @validTo, @dayStartMin, @dayEndMin, @maxSpeedKmh, @west, @south, @east, @north)`,
        )
        .run(row)).lastInsertRowid,
    );
  }

  async delete(id: number): Promise<boolean> {
    return (await this.db.statement('muckPermits.delete', 'DELETE FROM muck_permits WHERE id = ?').run([id])).changes > 0;
  }
}

export class MuckAlarmStore extends TableStore<MuckAlarmRow> {
  constructor(private readonly db: Db) {
    super(db, {
      prefix: 'muckAlarms',
      table: 'muck_alarms',
      key: 'id',
      columns: {
        id: 'id', truckId: 'truck_id', permitId: 'permit_id', kind: 'kind', openedAt: 'opened_at', closedAt: 'closed_at', lon: 'lon', lat: 'lat',
        detail: 'detail', caseId: 'case_id', track: 'track',
      },
    });
  }

  async open(): Promise<MuckAlarmRow[]> {
    return await this.table.many('open', 'WHERE closed_at IS NULL ORDER BY opened_at');
  }

  async recent(since: number, limit: number): Promise<MuckAlarmRow[]> {
    return await this.table.many('recent', 'WHERE opened_at >= ? OR closed_at IS NULL ORDER BY opened_at DESC LIMIT ?', [since, limit]);
  }

  async ofCase(caseId: number): Promise<MuckAlarmRow | undefined> {
    return await this.table.one('ofCase', 'case_id = ?', [caseId]);
  }

  async insert(row: Omit<MuckAlarmRow, 'id'>): Promise<number> {
    return Number(
      (await this.db
        .statement(
          'muckAlarms.insertOne',
          'INSERT INTO muck_alarms (truck_id, permit_id, kind, opened_at, closed_at, lon, lat, detail, case_id, track) VALUES (@truckId, @permitId, @kind, @openedAt, @closedAt, @lon, @lat, @detail, @caseId, @track)',
        )
        .run(row)).lastInsertRowid,
    );
  }

  async close(id: number, at: number): Promise<void> {
    await this.db.statement('muckAlarms.close', 'UPDATE muck_alarms SET closed_at = ? WHERE id = ? AND closed_at IS NULL').run([at, id]);
  }

  async setCase(id: number, caseId: number | null, track: string): Promise<void> {
    await this.db.statement('muckAlarms.setCase', 'UPDATE muck_alarms SET case_id = ?, track = ? WHERE id = ?').run([caseId, track, id]);
  }
}
