// The video wall's logic: the camera registry over ONVIF (add, probe, discover, check health),
// the relays, PTZ, snapshots kept as case evidence, and saved layouts and tours.
import { AttachmentService } from '../workflow/attachments/index.js';
import type { CaseStore } from '../workflow/cases/index.js';
import type { Actor, CaseChange, Workflow } from '../workflow/cases/index.js';
import type { Clock } from '../runtime/clock.js';
import type {
  CameraPreset,
  CameraProfile,
  CameraStatus,
  BusyCamera,
  CameraView,
  DiscoveredCamera,
  NearestCamera,
  StreamKind,
  WallGrid,
  WallLayout,
  WallTour,
} from '../contract/index.js';
import type { CameraKind } from '../base/devices/index.js';
import { AppError, badRequest, conflict, notFound } from '../runtime/errors.js';
import type { GridStore } from '../base/grids/index.js';
import type { IntakeService } from '../channels/intake/index.js';
import type { Logger } from '../runtime/log.js';
import type { EventHub } from '../server/events.js';
import { discoverCameras } from './discovery.js';
import { OnvifCamera, OnvifError, checkDeviceUrl, normaliseDeviceUrl } from './onvif-client.js';
import { RelayLimitError, RelayManager, type RelaySource } from './relays.js';
import { RTSP_PROFILE_TOKEN, checkRtspUrl, probeRtsp } from './rtsp-probe.js';
import type { LayoutRow, TourRow, VideoCameraRow, VideoStore } from './store.js';

export const WALL_GRIDS: readonly WallGrid[] = [1, 4, 9, 16, 25, 36];
/** Cameras checked at once by the health sweep. */
const SWEEP_CONCURRENCY = 4;
export const VIDEO_TOPICS = { cameraStatus: 'video.camera.status', cameras: 'video.cameras' } as const;

export interface VideoOptions {
  dataDir: string;
  maxRelays: number;
  /** H.265 → H.264 transcoders at once at most (4 when absent). */
  maxTranscodes?: number;
  relayIdleMs: number;
  /** How often every camera is checked; 0 turns the sweep off (tests call checkAll). */
  healthIntervalMs: number;
}

export interface VideoDeps {
  store: VideoStore;
  cases: CaseStore;
  grids: GridStore;
  workflow: Workflow;
  intake: IntakeService;
  events: EventHub;
  clock: Clock;
  log: Logger;
}

export interface CameraInput {
  code?: string;
  name: string;
  kind: CameraKind;
  lon: number;
  lat: number;
  heightM?: number;
  headingDeg?: number;
  address: string;
  username?: string;
  password?: string;
}

function parseJson<T>(text: string | null, fallback: T): T {
  if (!text) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

export function cameraView(row: VideoCameraRow): CameraView {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    kind: row.kind,
    lon: row.lon,
    lat: row.lat,
    heightM: row.heightM,
    headingDeg: row.headingDeg,
    gridCode: row.gridCode,
    departmentId: row.departmentId,
    ptz: row.ptz,
    onvifUrl: row.onvifUrl,
    rtspUrl: row.rtspUrl,
    username: row.username,
    hasPassword: !!row.password,
    simulated: row.simulated,
    manufacturer: row.manufacturer,
    model: row.model,
    firmware: row.firmware,
    serial: row.serial,
    profiles: parseJson<CameraProfile[]>(row.profiles, []),
    mainProfile: row.mainProfile,
    subProfile: row.subProfile,
    presets: parseJson<CameraPreset[]>(row.presets, []),
    status: row.status,
    statusMessage: row.statusMessage,
    statusAt: row.statusAt === null ? null : new Date(row.statusAt).toISOString(),
  };
}

function layoutView(row: LayoutRow): WallLayout {
  return { id: row.id, name: row.name, grid: row.grid, tiles: parseJson<(number | null)[]>(row.tiles, []), updatedAt: new Date(row.updatedAt).toISOString() };
}

function tourView(row: TourRow): WallTour {
  return { id: row.id, name: row.name, grid: row.grid, intervalS: row.intervalS, cameraIds: parseJson<number[]>(row.cameras, []), updatedAt: new Date(row.updatedAt).toISOString() };
}

/** A codec string for what an ONVIF profile's Encoding says, when the stream has not shown it yet. */
export function codecOfEncoding(encoding: string): string | null {
  if (/^(h\.?265|hevc)$/i.test(encoding.trim())) return 'hev1';
  if (/^(h\.?264|avc)$/i.test(encoding.trim())) return 'avc1';
  return null;
}

/** Puts the camera's credentials into its RTSP URI (percent-encoded), the way ffmpeg takes them. */
export function withCredentials(uri: string, username: string | null, password: string | null): string {
  if (!username) return uri;
  const url = new URL(uri);
  url.username = encodeURIComponent(username);
  url.password = encodeURIComponent(password ?? '');
  return url.toString();
}

/** What a cached connection was made with: a change means connecting again. */
const connectionKey = (row: VideoCameraRow) => `${row.onvifUrl ?? row.rtspUrl}\n${row.username ?? ''}\n${row.password ?? ''}`;

/** An address an operator typed is a plain RTSP camera's (no ONVIF). */
const isRtspAddress = (address: string) => /^rtsps?:\/\//i.test(address.trim());

export class VideoService {
  readonly relays: RelayManager;
  private readonly attachments: AttachmentService;
  /** Connected devices, kept for PTZ (re-probed when the address or credentials change). */
  private readonly devices = new Map<number, { key: string; camera: Promise<OnvifCamera> }>();
  private readonly probing = new Map<number, Promise<CameraView>>();
  private sweepTimer: NodeJS.Timeout | null = null;
  private sweeping: Promise<void> | null = null;
  private closed = false;

  constructor(
    private readonly deps: VideoDeps,
    private readonly options: VideoOptions,
  ) {
    this.attachments = new AttachmentService(options.dataDir, deps.cases, deps.clock);
    this.relays = new RelayManager({
      maxRelays: options.maxRelays,
      idleGraceMs: options.relayIdleMs,
      log: deps.log,
      source: async (id, stream) => await this.relaySource(id, stream),
      onSourceError: (id, message) => {
        // ONVIF answers but the stream does not open: say so on the camera.
        void (async () => {
          const row = await this.deps.store.camera(id);
          if (row && (row.status === 'online' || row.status === 'stream_failed')) await this.setStatus(row, 'stream_failed', message);
        })().catch((error: unknown) => this.deps.log.warn({ err: error, camera: id }, 'camera status not saved'));
      },
      onSourcePlaying: (id) => {
        void (async () => {
          const row = await this.deps.store.camera(id);
          if (row?.status === 'stream_failed') await this.setStatus(row, 'online', null);
        })().catch((error: unknown) => this.deps.log.warn({ err: error, camera: id }, 'camera status not saved'));
      },
      maxTranscodes: options.maxTranscodes ?? 4,
      codecOf: (id, stream) => this.streamCodec(id, stream),
      onTrack: (id, stream, info) => void this.learnCodec(id, stream, info.codec).catch((error: unknown) => this.deps.log.warn({ err: error, camera: id }, 'stream codec not saved')),
    });
  }

  /** The registry's store (the recorder reads cameras from it). */
  get store(): VideoStore {
    return this.deps.store;
  }

  start(): void {
    if (this.options.healthIntervalMs > 0) {
      void this.checkAll();
      this.sweepTimer = setInterval(() => void this.checkAll(), this.options.healthIntervalMs);
      this.sweepTimer.unref();
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    this.relays.close();
    await this.sweeping?.catch(() => undefined);
  }

  // Registry

  async list(): Promise<CameraView[]> {
    return (await this.deps.store.allCameras()).map(cameraView);
  }

  async get(id: number): Promise<CameraView> {
    return cameraView(await this.row(id));
  }

  async nearest(lon: number, lat: number, limit: number): Promise<NearestCamera[]> {
    const k = Math.cos((lat * Math.PI) / 180);
    return (await this.deps.store.nearest(lon, lat, limit)).map((row) => ({
      ...cameraView(row),
      distanceM: Math.round(Math.hypot((row.lon - lon) * k, row.lat - lat) * 111_320),
    }));
  }

  /** The cameras at the busiest places (most cases in their grid over 30 days): the wall's first tour. */
  async busiest(limit: number): Promise<BusyCamera[]> {
    const since = this.deps.clock.now() - 30 * 86_400_000;
    return (await this.deps.store.busiestCameras(since, limit)).map((row) => ({ ...cameraView(row), caseCount: row.caseCount }));
  }

  private async row(id: number): Promise<VideoCameraRow> {
    const row = await this.deps.store.camera(id);
    if (!row) throw notFound(`No camera ${id} (摄像机不存在)`);
    return row;
  }

  /** The ONVIF device address or the plain RTSP URL an operator typed, checked; which of the two it is. */
  private async connectionOf(address: string, id?: number): Promise<{ onvifUrl: string | null; rtspUrl: string | null }> {
    if (isRtspAddress(address)) {
      const url = address.trim();
      const problem = checkRtspUrl(url);
      if (problem) throw badRequest(`The RTSP address is not usable: ${problem} (视频流地址无效)`, 'address');
      const other = await this.deps.store.cameraByRtspUrl(url);
      if (other && other.id !== id) throw conflict(`A camera is already registered at ${url} (该地址的摄像机已登记)`, 'address');
      return { onvifUrl: null, rtspUrl: url };
    }
    const url = normaliseDeviceUrl(address);
    const problem = checkDeviceUrl(url);
    if (problem) throw badRequest(`The ONVIF address is not usable: ${problem} (设备地址无效)`, 'address');
    const other = await this.deps.store.cameraByOnvifUrl(url);
    if (other && other.id !== id) throw conflict(`A camera is already registered at ${url} (该地址的摄像机已登记)`, 'address');
    return { onvifUrl: url, rtspUrl: null };
  }

  /** Registers a camera by its ONVIF address (or, without ONVIF, its plain RTSP URL) and credentials, then reads it. */
  async add(input: CameraInput): Promise<CameraView> {
    const connection = await this.connectionOf(input.address);
    const code = input.code?.trim() || await this.nextCode();
    if (await this.deps.store.cameraByCode(code)) throw conflict(`The camera code ${code} is taken (编号已存在)`, 'code');
    const id = await this.deps.store.insertCamera({
      code,
      name: input.name.trim(),
      kind: input.kind,
      lon: input.lon,
      lat: input.lat,
      heightM: input.heightM ?? 6,
      headingDeg: input.headingDeg ?? 0,
      gridCode: (await this.deps.grids.gridAt(input.lon, input.lat))?.code ?? null,
      departmentId: null,
      ...connection,
      username: input.username?.trim() || null,
      password: input.password ?? null,
    });
    this.deps.events.publish(VIDEO_TOPICS.cameras, { id, change: 'added' });
    return this.probe(id);
  }

  private async nextCode(): Promise<string> {
    for (let n = (await this.deps.store.allCameras()).length + 1; ; n++) {
      const code = `N${String(n).padStart(4, '0')}`;
      if (!await this.deps.store.cameraByCode(code)) return code;
    }
  }

  /** Changes where a camera is and, when given, how to reach it (then reads it again). */
  async update(id: number, input: Partial<CameraInput>): Promise<CameraView> {
    const row = await this.row(id);
    const lon = input.lon ?? row.lon;
    const lat = input.lat ?? row.lat;
    await this.deps.store.updatePlacement(id, {
      name: input.name?.trim() || row.name,
      kind: input.kind ?? row.kind,
      lon,
      lat,
      heightM: input.heightM ?? row.heightM,
      headingDeg: input.headingDeg ?? row.headingDeg,
      gridCode: lon === row.lon && lat === row.lat ? row.gridCode : ((await this.deps.grids.gridAt(lon, lat))?.code ?? null),
    });
    const connectionChanged = input.address !== undefined || input.username !== undefined || input.password !== undefined;
    if (!connectionChanged) return this.get(id);
    const connection = input.address !== undefined ? await this.connectionOf(input.address, id) : { onvifUrl: row.onvifUrl, rtspUrl: row.rtspUrl };
    await this.deps.store.setConnection(id, {
      ...connection,
      username: input.username !== undefined ? input.username.trim() || null : row.username,
      password: input.password !== undefined ? input.password : row.password,
      simulated: false,
    });
    this.forget(id);
    return this.probe(id);
  }

  async remove(id: number): Promise<void> {
    await this.row(id);
    this.forget(id);
    await this.deps.store.deleteCamera(id);
    this.deps.events.publish(VIDEO_TOPICS.cameras, { id, change: 'removed' });
  }

  /** Forgets the connection and stops the relays of a camera (its address or credentials changed). */
  forget(id: number): void {
    this.devices.delete(id);
    this.relays.stopCamera(id);
  }

  /** Reads the device again: information, profiles, stream URIs, PTZ, presets; sets its status. */
  probe(id: number): Promise<CameraView> {
    let pending = this.probing.get(id);
    if (!pending) {
      pending = this.doProbe(id).finally(() => this.probing.delete(id));
      this.probing.set(id, pending);
    }
    return pending;
  }

  private async doProbe(id: number): Promise<CameraView> {
    const row = await this.row(id);
    if (row.rtspUrl) return this.probeRtspCamera(row);
    if (!row.onvifUrl) {
      await this.setStatus(row, 'unknown', 'No ONVIF address yet (尚未配置设备地址)');
      return await this.get(id);
    }
    const key = connectionKey(row);
    const connecting = OnvifCamera.connect({ url: row.onvifUrl, username: row.username, password: row.password });
    this.devices.set(id, { key, camera: connecting });
    try {
      const camera = await connecting;
      await this.deps.store.setFacts(id, { ...camera.facts, presets: await this.namedPresets(id, camera.facts.presets) });
      await this.setStatus(await this.row(id), 'online', null);
    } catch (error) {
      this.devices.delete(id);
      const e = error instanceof OnvifError ? error : new OnvifError('bad_response', String(error));
      await this.setStatus(await this.row(id), e.status, e.message);
    }
    return await this.get(id);
  }

  /** A camera without ONVIF: ffprobe its stream; its one profile plays as main and sub-stream. */
  private async probeRtspCamera(row: VideoCameraRow): Promise<CameraView> {
    try {
      const profile = await probeRtsp(withCredentials(row.rtspUrl!, row.username, row.password), row.rtspUrl!);
      const known = parseJson<CameraProfile[]>((await this.row(row.id)).profiles, [])[0];
      await this.deps.store.setFacts(row.id, {
        manufacturer: null,
        model: null,
        firmware: null,
        serial: null,
        // What the relay saw before stays (ffprobe names the codec, not its profile and level).
        profiles: [{ ...profile, codec: known?.encoding === profile.encoding ? (known.codec ?? null) : null }],
        mainProfile: RTSP_PROFILE_TOKEN,
        subProfile: RTSP_PROFILE_TOKEN,
        snapshotUri: null,
        ptz: false,
        presets: [],
      });
      await this.setStatus(await this.row(row.id), 'online', null);
    } catch (error) {
      const e = error instanceof OnvifError ? error : new OnvifError('stream_failed', String(error));
      await this.setStatus(await this.row(row.id), e.status, e.message);
    }
    return this.get(row.id);
  }

  private async setStatus(row: VideoCameraRow, status: CameraStatus, message: string | null): Promise<void> {
    if (row.status === status && row.statusMessage === message) return;
    await this.deps.store.setStatus(row.id, status, message, this.deps.clock.now());
    this.deps.events.publish(VIDEO_TOPICS.cameraStatus, { id: row.id, code: row.code, status, message });
  }

  /** Checks every camera with an address, a few at a time; returns when all are done. */
  checkAll(): Promise<void> {
    if (!this.sweeping) {
      this.sweeping = (async () => {
        const ids = (await this.deps.store
          .allCameras())
          .filter((c) => c.onvifUrl || c.rtspUrl)
          .map((c) => c.id);
        let next = 0;
        const worker = async () => {
          while (!this.closed && next < ids.length) {
            const id = ids[next++]!;
            // A camera that is live on the wall proves itself; no need to ask it.
            if (this.relays.relay(id, 'sub')?.state === 'playing' || this.relays.relay(id, 'main')?.state === 'playing') continue;
            await this.check(id).catch(() => undefined);
          }
        };
        await Promise.all(Array.from({ length: SWEEP_CONCURRENCY }, worker));
      })().finally(() => (this.sweeping = null));
    }
    return this.sweeping;
  }

  /**
   * The health check of one camera: a single authenticated request to a camera read before
   * (340 full reads a minute would cost a core several seconds); a full read otherwise, or
   * when the request fails (which also says why).
   */
  private async check(id: number): Promise<void> {
    const row = await this.deps.store.camera(id);
    const cached = row && this.devices.get(id);
    if (row?.status === 'online' && cached && cached.key === connectionKey(row)) {
      try {
        await (await cached.camera).ping();
        return;
      } catch {
        // fall through to a full read, which sets the state and its message
      }
    }
    await this.probe(id);
  }

  /** Scans one interface with WS-Discovery and says which answers are already registered. */
  async discover(interfaceAddress: string, waitMs: number): Promise<DiscoveredCamera[]> {
    const matches = await discoverCameras(interfaceAddress, waitMs);
    const found: DiscoveredCamera[] = [];
    for (const m of matches) found.push({ ...m, registeredId: (await this.deps.store.cameraByOnvifUrl(m.address))?.id ?? null });
    return found.sort((a, b) => a.address.localeCompare(b.address));
  }

  // Streams

  private async relaySource(id: number, stream: StreamKind): Promise<RelaySource> {
    const row = await this.deps.store.camera(id);
    if (!row) throw notFound(`No camera ${id} (摄像机不存在)`);
    const profiles = parseJson<CameraProfile[]>(row.profiles, []);
    const token = stream === 'main' ? row.mainProfile : row.subProfile;
    const profile = profiles.find((p) => p.token === token) ?? profiles[0];
    if ((!row.onvifUrl && !row.rtspUrl) || !profile) {
      throw new AppError('conflict', `Camera ${row.code} has no stream yet: it has not been read over ONVIF (${row.statusMessage ?? row.status}) (摄像机尚未接入)`);
    }
    return { url: withCredentials(profile.streamUri, row.username, row.password) };
  }

  /** The profile a stream plays. */
  private streamProfile(row: VideoCameraRow, stream: StreamKind): CameraProfile | undefined {
    const profiles = parseJson<CameraProfile[]>(row.profiles, []);
    const token = stream === 'main' ? row.mainProfile : row.subProfile;
    return profiles.find((p) => p.token === token) ?? profiles[0];
  }

  /**
   * What a stream carries: what the stream itself showed (the relay's init segment, from the
   * SDP as ffmpeg read it, or ffprobe), else what ONVIF's profile says (H265 → hev1).
   */
  async streamCodec(id: number, stream: StreamKind): Promise<string | null> {
    const row = await this.deps.store.camera(id);
    const profile = row && this.streamProfile(row, stream);
    if (!profile) return null;
    return profile.codec ?? codecOfEncoding(profile.encoding);
  }

  /** Keeps what a stream turned out to carry on its profile (ONVIF may have said otherwise). */
  private async learnCodec(id: number, stream: StreamKind, codec: string): Promise<void> {
    const row = await this.deps.store.camera(id);
    const profile = row && this.streamProfile(row, stream);
    if (!row || !profile || profile.codec === codec) return;
    const profiles = parseJson<CameraProfile[]>(row.profiles, []).map((p) => (p.token === profile.token ? { ...p, codec } : p));
    await this.deps.store.setProfiles(id, profiles);
  }

  // PTZ

  private async device(id: number): Promise<OnvifCamera> {
    const row = await this.row(id);
    if (!row.onvifUrl) throw new AppError('conflict', `Camera ${row.code} has no ONVIF address (尚未配置设备地址)`);
    const key = connectionKey(row);
    const cached = this.devices.get(id);
    if (cached && cached.key === key) {
      try {
        return await cached.camera;
      } catch {
        // fall through: connect again
      }
    }
    await this.probe(id);
    const fresh = this.devices.get(id);
    if (!fresh) {
      const now = await this.row(id);
      throw new AppError('unavailable', now.statusMessage ?? `Camera ${row.code} cannot be reached (摄像机无法连接)`);
    }
    return fresh.camera;
  }

  private async ptzDevice(id: number): Promise<OnvifCamera> {
    const row = await this.row(id);
    if (!row.ptz) throw badRequest(`Camera ${row.code} has no PTZ (该摄像机不支持云台)`);
    return this.device(id);
  }

  private async onCamera<T>(id: number, run: (camera: OnvifCamera) => Promise<T>): Promise<T> {
    const camera = await this.ptzDevice(id);
    try {
      return await run(camera);
    } catch (error) {
      if (error instanceof OnvifError) {
        if (error.status === 'offline' || error.status === 'auth_failed') {
          this.devices.delete(id);
          await this.setStatus(await this.row(id), error.status, error.message);
        }
        throw new AppError(error.status === 'offline' ? 'unavailable' : 'bad_request', error.message);
      }
      throw error;
    }
  }

  move(id: number, velocity: { pan: number; tilt: number; zoom: number }, timeoutS?: number): Promise<void> {
    return this.onCamera(id, (c) => c.move(velocity, timeoutS));
  }

  stop(id: number): Promise<void> {
    return this.onCamera(id, (c) => c.stop());
  }

  gotoPreset(id: number, token: string): Promise<void> {
    return this.onCamera(id, (c) => c.gotoPreset(token));
  }

  /**
   * Saves the current position as a preset. Many cameras (and node-onvif) take only ASCII
   * preset names, so the camera gets a plain token-like name and the county keeps the
   * operator's own name (Chinese or not) beside the camera's token.
   */
  async savePreset(id: number, name: string): Promise<CameraPreset[]> {
    const label = name.trim();
    const plain = /^[\x20-\x7e]+$/.test(label) && !/[<>&]/.test(label) ? label : `GH-${this.deps.clock.now().toString(36)}`;
    return this.onCamera(id, async (c) => {
      const token = await c.setPreset(plain);
      return await this.storePresets(id, await c.presets(), { [token]: label });
    });
  }

  async removePreset(id: number, token: string): Promise<CameraPreset[]> {
    return this.onCamera(id, async (c) => {
      await c.removePreset(token);
      return await this.storePresets(id, await c.presets(), {});
    });
  }

  /** The camera's presets with the names the county gave them. */
  private async namedPresets(id: number, fromCamera: CameraPreset[], named: Record<string, string> = {}): Promise<CameraPreset[]> {
    const known = new Map(parseJson<CameraPreset[]>((await this.row(id)).presets, []).map((p) => [p.token, p.name]));
    return fromCamera.map((p) => ({ token: p.token, name: named[p.token] ?? known.get(p.token) ?? p.name }));
  }

  private async storePresets(id: number, fromCamera: CameraPreset[], named: Record<string, string>): Promise<CameraPreset[]> {
    const presets = await this.namedPresets(id, fromCamera, named);
    await this.deps.store.setPresets(id, presets);
    return presets;
  }

  // Snapshots and evidence

  /** A JPEG of what the camera shows: the relay's latest keyframe, else the camera's snapshot URI. */
  async snapshot(id: number): Promise<Buffer> {
    const row = await this.row(id);
    let jpeg: Buffer | null = null;
    try {
      jpeg = await this.relays.snapshot(id, 6000);
    } catch (error) {
      // At the relay limit, or not read over ONVIF yet: the camera's own snapshot URI may still answer.
      if (!(error instanceof AppError) && !(error instanceof RelayLimitError)) this.deps.log.warn({ err: error, camera: id }, 'relay snapshot failed');
    }
    if (jpeg) return jpeg;
    try {
      return await (await this.device(id)).snapshot();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new AppError('unavailable', `No picture from camera ${row.code} right now: ${message} (暂时无法抓拍)`);
    }
  }

  /** Takes a snapshot and keeps it as evidence (an attachment of kind snapshot, not yet on a case). */
  async captureEvidence(id: number, userId: number | null) {
    const row = await this.row(id);
    const jpeg = await this.snapshot(id);
    const stamp = new Date(this.deps.clock.now()).toISOString().replace(/[:.]/g, '-');
    return await this.attachments.save(jpeg, { kind: 'snapshot', originalName: `${row.code}-${stamp}.jpg`, uploadedBy: userId });
  }

  private async evidence(attachmentId: number) {
    const a = await this.deps.cases.attachment(attachmentId);
    if (!a || a.kind !== 'snapshot') throw badRequest(`No snapshot ${attachmentId} (抓拍图片不存在)`, 'attachmentId');
    return a;
  }

  /** Puts a kept snapshot on an existing case, as a note (备注) with the photo. */
  async attachToCase(caseId: number, input: { version: number; attachmentId: number; comment: string }, actor: Actor): Promise<CaseChange> {
    await this.evidence(input.attachmentId);
    return await this.deps.workflow.act(caseId, 'note', { version: input.version, comment: input.comment, photoIds: [input.attachmentId] }, actor);
  }

  /** Opens a new case from video (source: video) at the camera's place, with the snapshot. */
  async openCase(cameraId: number, input: { attachmentId: number; kind: 'component' | 'event'; classCode: string; description: string; urgent?: boolean }, actor: Actor): Promise<CaseChange> {
    const row = await this.row(cameraId);
    await this.evidence(input.attachmentId);
    return await this.deps.intake.report(
      {
        source: 'video',
        kind: input.kind,
        classCode: input.classCode,
        description: input.description,
        lon: row.lon,
        lat: row.lat,
        urgent: input.urgent ?? false,
        photoIds: [input.attachmentId],
      },
      actor,
    );
  }

  // Layouts and tours

  async listLayouts(): Promise<WallLayout[]> {
    return (await this.deps.store.layouts.list()).map(layoutView);
  }

  async saveLayout(input: { name: string; grid: WallGrid; tiles: (number | null)[] }, userId: number): Promise<WallLayout> {
    const name = input.name.trim();
    if (!name) throw badRequest('Give the layout a name (请填写布局名称)', 'name');
    if (!WALL_GRIDS.includes(input.grid)) throw badRequest(`A wall has 1, 4, 9, 16, 25 or 36 tiles, not ${input.grid} (画面数只能是 1、4、9、16、25 或 36)`, 'grid');
    if (input.tiles.length > input.grid) throw badRequest(`${input.tiles.length} tiles do not fit a ${input.grid}-tile wall (画面数超出布局)`, 'tiles');
    await this.checkCameras(input.tiles.filter((t): t is number => t !== null), 'tiles');
    const tiles = Array.from({ length: input.grid }, (_, i) => input.tiles[i] ?? null);
    return layoutView(await this.deps.store.layouts.save({ name, grid: input.grid, tiles: JSON.stringify(tiles), createdBy: userId, updatedAt: this.deps.clock.now() }));
  }

  async deleteLayout(id: number): Promise<void> {
    if (!await this.deps.store.layouts.delete(id)) throw notFound(`No layout ${id} (布局不存在)`);
  }

  async listTours(): Promise<WallTour[]> {
    return (await this.deps.store.tours.list()).map(tourView);
  }

  async saveTour(input: { name: string; grid: WallGrid; intervalS: number; cameraIds: number[] }, userId: number): Promise<WallTour> {
    const name = input.name.trim();
    if (!name) throw badRequest('Give the tour a name (请填写轮巡名称)', 'name');
    if (!WALL_GRIDS.includes(input.grid)) throw badRequest(`A wall has 1, 4, 9, 16, 25 or 36 tiles, not ${input.grid} (画面数只能是 1、4、9、16、25 或 36)`, 'grid');
    if (input.cameraIds.length === 0) throw badRequest('A tour needs at least one camera (请选择轮巡的摄像机)', 'cameraIds');
    await this.checkCameras(input.cameraIds, 'cameraIds');
    return tourView(await this.deps.store.tours.save({ name, grid: input.grid, intervalS: input.intervalS, cameras: JSON.stringify(input.cameraIds), createdBy: userId, updatedAt: this.deps.clock.now() }));
  }

  async deleteTour(id: number): Promise<void> {
    if (!await this.deps.store.tours.delete(id)) throw notFound(`No tour ${id} (轮巡方案不存在)`);
  }

  private async checkCameras(ids: number[], field: string): Promise<void> {
    for (const id of ids) if (!await this.deps.store.camera(id)) throw badRequest(`No camera ${id} (摄像机不存在)`, field);
  }
}
