// Device registries: cameras (视频), IoT sensors (物联感知) and vehicles (作业/执法车辆).
// The video, intake and wall issues add their own columns and tables beside these.
import type { Db } from '../../db/database.js';
import { TableStore, type Columns } from '../../db/table.js';

export type CameraKind = 'police' | 'city' | 'vehicle' | 'body';
export type SensorKind = 'water_level' | 'manhole_cover';
export type SensorStatus = 'normal' | 'alarm' | 'offline';
export type VehicleKind = 'sweeper' | 'sprinkler' | 'enforcement' | 'patrol';

export interface CameraRow {
  id: number;
  code: string;
  name: string;
  /** police: shared 天网; city: 城管 own; vehicle: 车载; body: 执法记录仪. */
  kind: CameraKind;
  lon: number;
  lat: number;
  heightM: number;
  /** Degrees clockwise from north. */
  headingDeg: number;
  ptz: boolean;
  gridCode: string | null;
  departmentId: number | null;
}

export interface SensorRow {
  id: number;
  code: string;
  name: string;
  kind: SensorKind;
  lon: number;
  lat: number;
  gridCode: string | null;
  /** The component it watches (a smart manhole cover sits on a cover). */
  componentId: string | null;
  status: SensorStatus;
}

export interface VehicleRow {
  id: number;
  code: string;
  plate: string;
  kind: VehicleKind;
  departmentId: number | null;
  lon: number | null;
  lat: number | null;
  headingDeg: number | null;
  seenAt: number | null;
}

/** One registry table, listed with `{ bbox, kind }`: the same life for every kind of device. */
class DeviceRegistry<Row extends { id: number; code: string }> extends TableStore<Row, 'kind'> {
  constructor(db: Db, prefix: string, columns: Columns<Row>) {
    super(db, { prefix, table: prefix, key: 'id', extent: { lon: 'lon', lat: 'lat' }, filters: { kind: 'kind' }, columns });
  }

  async getByCode(code: string): Promise<Row | undefined> {
    return await this.table.one('getByCode', 'code = ?', [code]);
  }
}

/** The registry's camera columns; the video slice adds its ONVIF columns to them. */
export const CAMERA_COLUMNS: Columns<CameraRow> = {
  id: 'id',
  code: 'code',
  name: 'name',
  kind: 'kind',
  lon: 'lon',
  lat: 'lat',
  heightM: 'height_m',
  headingDeg: 'heading_deg',
  ptz: { column: 'ptz', bool: true },
  gridCode: 'grid_code',
  departmentId: 'department_id',
};

export class CameraStore extends DeviceRegistry<CameraRow> {
  constructor(db: Db) {
    super(db, 'cameras', CAMERA_COLUMNS);
  }
}

export class SensorStore extends DeviceRegistry<SensorRow> {
  constructor(db: Db) {
    super(db, 'sensors', {
      id: 'id',
      code: 'code',
      name: 'name',
      kind: 'kind',
      lon: 'lon',
      lat: 'lat',
      gridCode: 'grid_code',
      componentId: 'component_id',
      status: 'status',
    });
  }
}

export class VehicleStore extends DeviceRegistry<VehicleRow> {
  constructor(db: Db) {
    super(db, 'vehicles', {
      id: 'id',
      code: 'code',
      plate: 'plate',
      kind: 'kind',
      departmentId: 'department_id',
      lon: 'lon',
      lat: 'lat',
      headingDeg: 'heading_deg',
      seenAt: 'seen_at',
    });
  }
}
