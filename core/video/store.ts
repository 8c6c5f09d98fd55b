// The video wall's SQL: cameras with their ONVIF columns (added by migration 0300 to the
// foundation's cameras table), saved wall layouts and tours.
import type { CameraPreset, CameraProfile, CameraStatus, CameraView, WallGrid } from '../contract/index.js';
import type { Db } from '../db/database.js';
import { TableMap, type Columns } from '../db/table.js';
import { CAMERA_COLUMNS, type CameraKind, type CameraRow } from '../base/devices/index.js';

/** The foundation's camera row and the video columns of migration 0300. */
export interface VideoCameraRow extends CameraRow {
  onvifUrl: string | null;
  /** A camera without ONVIF: its plain RTSP URL (without credentials; migration 0321). */
  rtspUrl: string | null;
  username: string | null;
  password: string | null;
  simulated: boolean;
  manufacturer: string | null;
  model: string | null;
  firmware: string | null;
  serial: string | null;
  /** JSON text of CameraProfile[]. */
  profiles: string | null;
  mainProfile: string | null;
  subProfile: string | null;
  snapshotUri: string | null;
  /** JSON text of CameraPreset[]. */
  presets: string | null;
  status: CameraStatus;
  statusMessage: string | null;
  statusAt: number | null;
}

/** What a probe of the device found out. */
export type DeviceFacts = Pick<CameraView, 'manufacturer' | 'model' | 'firmware' | 'serial' | 'profiles' | 'mainProfile' | 'subProfile' | 'ptz' | 'presets'> & {
  snapshotUri: string | null;
};

export interface NewCamera {
  code: string;
  name: string;
  kind: CameraKind;
  lon: number;
  lat: number;
  heightM: number;
  headingDeg: number;
  gridCode: string | null;
  departmentId: number | null;
  onvifUrl: string | null;
  rtspUrl?: string | null;
  username: string | null;
  password: string | null;
}

/** A saved thing with a unique name (a layout, a tour), by whom and when. */
interface NamedRow {
  id: number;
  name: string;
  createdBy: number | null;
  updatedAt: number;
}

export interface LayoutRow extends NamedRow {
  grid: WallGrid;
  /** JSON array: one camera id (or null) per tile. */
  tiles: string;
}

export interface TourRow extends NamedRow {
  grid: WallGrid;
  intervalS: number;
  /** JSON array of camera ids. */
  cameras: string;
}

/** A table of named rows: list by name, get, save by name (the same name replaces), delete. */
class NamedRows<Row extends NamedRow> {
  private readonly map: TableMap<Row>;
  private readonly upsertSql: string;

  constructor(
    private readonly db: Db,
    private readonly prefix: string,
    private readonly table: string,
    columns: Columns<Row>,
  ) {
    this.map = new TableMap<Row>(db, prefix, table, columns);
    const fields = (Object.keys(columns) as (keyof Row & string)[]).filter((f) => f !== 'id');
    const names = fields.map((f) => (typeof columns[f] === 'string' ? (columns[f] as string) : (columns[f] as { column: string }).column));
    const updates = names.filter((c) => c !== 'name' && c !== 'created_by').map((c) => `${c} = excluded.${c}`);
    this.upsertSql = `INSERT INTO ${table} (${names.join(', ')}) VALUES (${fields.map((f) => `@${f}`).join(', ')}) ON CONFLICT(name) DO UPDATE SET ${updates.join(', ')}`;
  }

  async list(): Promise<Row[]> {
    return await this.map.many('list', 'ORDER BY name');
  }

  async get(id: number): Promise<Row | undefined> {
    return await this.map.one('get', 'id = ?', [id]);
  }

  /** Saves by name: a row of the same name is replaced. Returns the row. */
  async save(row: Omit<Row, 'id'>): Promise<Row> {
    await this.db.statement(`${this.prefix}.upsert`, this.upsertSql).run({ ...row });
    return (await this.map.one('getByName', 'name = ?', [row.name]))!;
  }

  async delete(id: number): Promise<boolean> {
    return (await this.db.statement(`${this.prefix}.delete`, `DELETE FROM ${this.table} WHERE id = ?`).run([id])).changes > 0;
  }
}

export class VideoStore {
  private readonly cameras: TableMap<VideoCameraRow>;
  readonly layouts: NamedRows<LayoutRow>;
  readonly tours: NamedRows<TourRow>;

  constructor(private readonly db: Db) {
    this.cameras = new TableMap<VideoCameraRow>(db, 'video.cameras', 'cameras', {
      ...CAMERA_COLUMNS,
      onvifUrl: 'onvif_url',
      rtspUrl: 'rtsp_url',
      username: 'username',
      password: 'password',
      simulated: { column: 'simulated', bool: true },
      manufacturer: 'manufacturer',
      model: 'model',
      firmware: 'firmware',
      serial: 'serial',
      profiles: 'profiles',
      mainProfile: 'main_profile',
      subProfile: 'sub_profile',
      snapshotUri: 'snapshot_uri',
      presets: 'presets',
      status: 'status',
      statusMessage: 'status_message',
      statusAt: 'status_at',
    });
    this.layouts = new NamedRows<LayoutRow>(db, 'video.layouts', 'video_layouts', {
      id: 'id',
      name: 'name',
      grid: 'grid',
      tiles: 'tiles',
      createdBy: 'created_by',
      updatedAt: 'updated_at',
    });
    this.tours = new NamedRows<TourRow>(db, 'video.tours', 'video_tours', {
      id: 'id',
      name: 'name',
      grid: 'grid',
      intervalS: 'interval_s',
      cameras: 'cameras',
      createdBy: 'created_by',
      updatedAt: 'updated_at',
    });
  }

  // Cameras

  async camera(id: number): Promise<VideoCameraRow | undefined> {
    return await this.cameras.one('get', 'id = ?', [id]);
  }

  async cameraByCode(code: string): Promise<VideoCameraRow | undefined> {
    return await this.cameras.one('getByCode', 'code = ?', [code]);
  }

  async cameraByOnvifUrl(url: string): Promise<VideoCameraRow | undefined> {
    return await this.cameras.one('getByOnvifUrl', 'onvif_url = ?', [url]);
  }

  async cameraByRtspUrl(url: string): Promise<VideoCameraRow | undefined> {
    return this.cameras.one('getByRtspUrl', 'rtsp_url = ?', [url]);
  }

  async allCameras(): Promise<VideoCameraRow[]> {
    return this.cameras.many('all', 'ORDER BY id');
  }

  /** Cameras by distance from a point (an equirectangular distance is exact enough within a county). */
  async nearest(lon: number, lat: number, limit: number): Promise<VideoCameraRow[]> {
    const k = Math.cos((lat * Math.PI) / 180);
    return await this.cameras.many(
      'nearest',
      'ORDER BY ((lon - @lon) * @k) * ((lon - @lon) * @k) + (lat - @lat) * (lat - @lat), id LIMIT @limit',
      { lon, lat, k, limit },
    );
  }

  /**
   * Cameras that can play, ranked by the cases reported in their grid since a time (the
   * busiest places first), with that count.
   */
  async busiestCameras(since: number, limit: number): Promise<(VideoCameraRow & { caseCount: number })[]> {
    const ranked = (await this.db
      .statement(
        'video.cameras.busiest',
        `SELECT c.id AS id, COALESCE(k.n, 0) AS caseCount FROM cameras c
           LEFT JOIN (SELECT grid_code, COUNT(*) AS n FROM cases WHERE reported_at >= @since GROUP BY grid_code) k ON k.grid_code = c.grid_code
         WHERE (c.onvif_url IS NOT NULL OR c.rtsp_url IS NOT NULL) AND c.status IN ('online', 'unknown')
         ORDER BY caseCount DESC, c.id LIMIT @limit`,
      )
      .all({ since, limit }))
      .map((r) => r as { id: number; caseCount: number });
    const found: (VideoCameraRow & { caseCount: number })[] = [];
    for (const { id, caseCount } of ranked) {
      const row = await this.camera(id);
      if (row) found.push({ ...row, caseCount });
    }
    return found;
  }

  async insertCamera(c: NewCamera): Promise<number> {
    const result = await this.db
      .statement(
        'video.cameras.insert',
        `INSERT INTO cameras (code, name, kind, lon, lat, height_m, heading_deg, ptz, grid_code, department_id, onvif_url, rtsp_url, username, password)
         VALUES (@code, @name, @kind, @lon, @lat, @heightM, @headingDeg, 0, @gridCode, @departmentId, @onvifUrl, @rtspUrl, @username, @password)`,
      )
      .run({ ...c, rtspUrl: c.rtspUrl ?? null });
    return Number(result.lastInsertRowid);
  }

  /** The place and identity fields an operator edits. */
  async updatePlacement(id: number, fields: { name: string; kind: CameraKind; lon: number; lat: number; heightM: number; headingDeg: number; gridCode: string | null }): Promise<void> {
    await this.db
      .statement(
        'video.cameras.updatePlacement',
        'UPDATE cameras SET name = @name, kind = @kind, lon = @lon, lat = @lat, height_m = @heightM, heading_deg = @headingDeg, grid_code = @gridCode WHERE id = @id',
      )
      .run({ id, ...fields });
  }

  async setConnection(id: number, c: { onvifUrl: string | null; rtspUrl?: string | null; username: string | null; password: string | null; simulated: boolean }): Promise<void> {
    await this.db
      .statement('video.cameras.setConnection', 'UPDATE cameras SET onvif_url = @onvifUrl, rtsp_url = @rtspUrl, username = @username, password = @password, simulated = @simulated WHERE id = @id')
      .run({ id, ...c, rtspUrl: c.rtspUrl ?? null, simulated: c.simulated ? 1 : 0 });
  }

  async setFacts(id: number, f: DeviceFacts): Promise<void> {
    await this.db
      .statement(
        'video.cameras.setFacts',
        `UPDATE cameras SET manufacturer = @manufacturer, model = @model, firmware = @firmware, serial = @serial, profiles = @profiles,
           main_profile = @mainProfile, sub_profile = @subProfile, snapshot_uri = @snapshotUri, ptz = @ptz, presets = @presets WHERE id = @id`,
      )
      .run({ ...f, id, profiles: JSON.stringify(f.profiles), presets: JSON.stringify(f.presets), ptz: f.ptz ? 1 : 0 });
  }

  async setProfiles(id: number, profiles: CameraProfile[]): Promise<void> {
    await this.db.statement('video.cameras.setProfiles', 'UPDATE cameras SET profiles = ? WHERE id = ?').run([JSON.stringify(profiles), id]);
  }

  async setPresets(id: number, presets: CameraPreset[]): Promise<void> {
    await this.db.statement('video.cameras.setPresets', 'UPDATE cameras SET presets = ? WHERE id = ?').run([JSON.stringify(presets), id]);
  }

  async setStatus(id: number, status: CameraStatus, message: string | null, at: number): Promise<void> {
    await this.db.statement('video.cameras.setStatus', 'UPDATE cameras SET status = ?, status_message = ?, status_at = ? WHERE id = ?').run([status, message, at, id]);
  }

  async deleteCamera(id: number): Promise<boolean> {
    return (await this.db.statement('video.cameras.delete', 'DELETE FROM cameras WHERE id = ?').run([id])).changes > 0;
  }
}
