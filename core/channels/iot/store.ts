// Sensor readings (one row per sensor and instant, written in batches), incidents (an alarm
// from its first reading above the threshold until readings return below the clear level)
// and the registry columns the ingest keeps current (last value, last seen, status).
import type { Db } from '../../db/database.js';
import { TableMap } from '../../db/table.js';
import type { SensorStatus } from '../../base/devices/index.js';

export interface IncidentRow {
  id: number;
  sensorId: number;
  startedAt: number;
  endedAt: number | null;
  threshold: number;
  peakValue: number;
  readings: number;
  caseId: number | null;
}

export interface SensorLive {
  id: number;
  lastValue: number | null;
  lastSeenAt: number | null;
  alarmAbove: number | null;
  clearBelow: number | null;
}

export class IotStore {
  private readonly incidents: TableMap<IncidentRow>;

  constructor(private readonly db: Db) {
    this.incidents = new TableMap<IncidentRow>(db, 'sensorIncidents', 'sensor_incidents', {
      id: 'id',
      sensorId: 'sensor_id',
      startedAt: 'started_at',
      endedAt: 'ended_at',
      threshold: 'threshold',
      peakValue: 'peak_value',
      readings: 'readings',
      caseId: 'case_id',
    });
  }

  async live(): Promise<SensorLive[]> {
    return await this.db
      .statement<SensorLive>(
        'sensors.live',
        'SELECT id, last_value AS lastValue, last_seen_at AS lastSeenAt, alarm_above AS alarmAbove, clear_below AS clearBelow FROM sensors',
      )
      .all();
  }

  /** Writes a batch of readings (a reading sent twice is kept once) and each sensor's latest value. */
  async writeBatch(readings: readonly (readonly [number, number, number])[], latest: Iterable<[number, { at: number; value: number }]>): Promise<void> {
    const insert = this.db.statement('sensorReadings.insert', 'INSERT OR IGNORE INTO sensor_readings (sensor_id, at, value) VALUES (?, ?, ?)');
    const touch = this.db.statement(
      'sensors.touch',
      'UPDATE sensors SET last_value = ?, last_seen_at = ? WHERE id = ? AND (last_seen_at IS NULL OR last_seen_at <= ?)',
    );
    await this.db.transaction(async () => {
      for (const r of readings) await insert.run(r as unknown as unknown[]);
      for (const [id, v] of latest) await touch.run([v.value, v.at, id, v.at]);
    });
  }

  async setStatus(sensorId: number, status: SensorStatus): Promise<void> {
    await this.db.statement('sensors.setStatus', 'UPDATE sensors SET status = ? WHERE id = ?').run([status, sensorId]);
  }

  async openIncidents(): Promise<IncidentRow[]> {
    return await this.incidents.many('open', 'WHERE ended_at IS NULL');
  }

  async lastIncidentOf(sensorId: number): Promise<IncidentRow | undefined> {
    return (await this.incidents.many('lastOf', 'WHERE sensor_id = ? ORDER BY started_at DESC, id DESC LIMIT 1', [sensorId]))[0];
  }

  async insertIncident(row: Omit<IncidentRow, 'id'>): Promise<number> {
    return Number(
      (await this.db
        .statement('sensorIncidents.insert', 'INSERT INTO sensor_incidents (sensor_id, started_at, ended_at, threshold, peak_value, readings, case_id) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run([row.sensorId, row.startedAt, row.endedAt, row.threshold, row.peakValue, row.readings, row.caseId])).lastInsertRowid,
    );
  }

  async updateIncident(id: number, peakValue: number, readings: number, endedAt: number | null): Promise<void> {
    await this.db.statement('sensorIncidents.update', 'UPDATE sensor_incidents SET peak_value = ?, readings = ?, ended_at = ? WHERE id = ?').run([peakValue, readings, endedAt, id]);
  }

  async listIncidents(openOnly: boolean, limit: number): Promise<IncidentRow[]> {
    return openOnly ? await this.incidents.many('listOpen', 'WHERE ended_at IS NULL ORDER BY started_at DESC LIMIT ?', [limit]) : await this.incidents.many('list', 'ORDER BY started_at DESC LIMIT ?', [limit]);
  }

  async readings(sensorId: number, from: number, to: number, limit: number): Promise<[number, number][]> {
    return await this.db
      .statement<unknown>('sensorReadings.range', 'SELECT at, value FROM sensor_readings WHERE sensor_id = ? AND at >= ? AND at < ? ORDER BY at LIMIT ?')
      .raw([sensorId, from, to, limit]) as [number, number][];
  }

  async countReadings(): Promise<number> {
    return (await this.db.statement<{ n: number }>('sensorReadings.count', 'SELECT count(*) AS n FROM sensor_readings').get())?.n ?? 0;
  }
}
