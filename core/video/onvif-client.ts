// Talking to cameras over ONVIF through node-onvif: read a device (information, profiles,
// stream and snapshot URIs, PTZ and presets), steer its PTZ, fetch a snapshot. Every call has
// a deadline, and every failure becomes a status a person can act on (offline, wrong
// credentials, not ONVIF) instead of a hang or a stack trace.
import nodeOnvif, { type OnvifDevice, type OnvifProfile } from 'node-onvif';
import type { CameraPreset, CameraProfile, CameraStatus } from '../contract/index.js';
import type { DeviceFacts } from './store.js';

export interface OnvifTarget {
  /** The device service address (XAddr), http://host[:port]/onvif/device_service. */
  url: string;
  username: string | null;
  password: string | null;
}

export class OnvifError extends Error {
  constructor(
    readonly status: Exclude<CameraStatus, 'online' | 'unknown'>,
    message: string,
  ) {
    super(message);
  }
}

/** The whole probe may take this long (node-onvif itself waits 3 s per request). */
export const PROBE_DEADLINE_MS = 12_000;
const COMMAND_DEADLINE_MS = 5000;

/** Turns whatever node-onvif threw into one of the camera states, with a readable message. */
export function classifyOnvifError(error: unknown): OnvifError {
  if (error instanceof OnvifError) return error;
  const text = error instanceof Error ? error.message : String(error);
  if (/not ?authori[sz]ed|401|unauthori[sz]ed|password|credential/i.test(text)) {
    return new OnvifError('auth_failed', 'The camera refused the user name or password (用户名或密码错误)');
  }
  if (/ECONNREFUSED/.test(text)) return new OnvifError('offline', 'The camera refused the connection: nothing listens at this address (连接被拒绝)');
  if (/EHOSTUNREACH|ENETUNREACH|ENOTFOUND|EAI_AGAIN/.test(text)) return new OnvifError('offline', 'The camera address cannot be reached (地址不可达)');
  if (/socket hang up|ECONNRESET|ETIMEDOUT|timed? ?out/i.test(text)) return new OnvifError('offline', 'The camera did not answer in time (设备无响应)');
  return new OnvifError('bad_response', `The device did not answer as an ONVIF camera: ${text.replace(/^Failed to initialize the device: (Error: )?/, '').slice(0, 200)} (设备应答不符合ONVIF)`);
}

export function withDeadline<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new OnvifError('offline', `The camera did not answer ${what} within ${Math.round(ms / 1000)} s (设备响应超时)`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

export function checkDeviceUrl(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'not a URL';
  }
  if (parsed.protocol !== 'http:') return 'ONVIF device addresses start with http://';
  if (parsed.username || parsed.password) return 'put the user name and password in their own fields, not in the address';
  return undefined;
}

/** A device address from what an operator typed: "192.168.1.64", "host:8080" or a full URL. */
export function normaliseDeviceUrl(input: string): string {
  const trimmed = input.trim();
  if (/^[a-z]+:\/\//i.test(trimmed)) return trimmed;
  return `http://${trimmed.replace(/\/+$/, '')}/onvif/device_service`;
}

function toProfile(p: OnvifProfile): CameraProfile | undefined {
  const encoder = p.video.encoder;
  const uri = p.stream.rtsp || p.stream.udp;
  if (!encoder || !uri) return undefined;
  return {
    token: p.token,
    name: String(p.name ?? p.token),
    width: encoder.resolution.width,
    height: encoder.resolution.height,
    fps: encoder.framerate,
    kbps: encoder.bitrate,
    encoding: String(encoder.encoding),
    streamUri: uri,
  };
}

/** The main stream is the largest H.264 profile; the sub-stream the smallest one (used on tiles). */
export function chooseStreams(profiles: CameraProfile[]): { main: string | null; sub: string | null } {
  const h264 = profiles.filter((p) => /h\.?264|avc/i.test(p.encoding));
  const usable = h264.length ? h264 : profiles;
  if (usable.length === 0) return { main: null, sub: null };
  const byArea = [...usable].sort((a, b) => b.width * b.height - a.width * a.height);
  return { main: byArea[0]!.token, sub: byArea[byArea.length - 1]!.token };
}

function presetsOf(result: { data: Record<string, unknown> }): CameraPreset[] {
  const response = result.data.GetPresetsResponse as { Preset?: unknown } | undefined;
  const list = response?.Preset === undefined ? [] : Array.isArray(response.Preset) ? response.Preset : [response.Preset];
  return list
    .map((p) => {
      const item = p as { $?: { token?: string }; Name?: unknown };
      return { token: String(item.$?.token ?? ''), name: typeof item.Name === 'string' ? item.Name : String(item.$?.token ?? '') };
    })
    .filter((p) => p.token);
}

/** A connected device and what it was found to be. */
export class OnvifCamera {
  private constructor(
    private readonly device: OnvifDevice,
    readonly facts: DeviceFacts,
  ) {}

  static async connect(target: OnvifTarget): Promise<OnvifCamera> {
    const problem = checkDeviceUrl(target.url);
    if (problem) throw new OnvifError('bad_response', `The device address is not usable: ${problem} (设备地址无效)`);
    const device = new nodeOnvif.OnvifDevice({ xaddr: target.url, user: target.username ?? '', pass: target.password ?? '' });
    try {
      const info = (await withDeadline(device.init(), PROBE_DEADLINE_MS, 'the ONVIF probe')) ?? {};
      const profiles = device
        .getProfileList()
        .map(toProfile)
        .filter((p): p is CameraProfile => p !== undefined);
      if (profiles.length === 0) throw new OnvifError('stream_failed', 'The camera offers no H.264 stream over RTSP (无可用的视频流)');
      const chosen = chooseStreams(profiles);
      const mainProfile = device.getProfileList().find((p) => p.token === chosen.main);
      const ptz = device.services.ptz !== null;
      const facts: DeviceFacts = {
        manufacturer: typeof info.Manufacturer === 'string' ? info.Manufacturer : null,
        model: typeof info.Model === 'string' ? info.Model : null,
        firmware: typeof info.FirmwareVersion === 'string' ? info.FirmwareVersion : null,
        serial: typeof info.SerialNumber === 'string' ? info.SerialNumber : null,
        profiles,
        mainProfile: chosen.main,
        subProfile: chosen.sub,
        snapshotUri: mainProfile?.snapshot || null,
        ptz,
        presets: [],
      };
      const camera = new OnvifCamera(device, facts);
      if (ptz && chosen.main) {
        // Presets are a nicety: a camera that cannot list them still plays.
        facts.presets = await camera.presets().catch(() => []);
      }
      return camera;
    } catch (error) {
      throw classifyOnvifError(error);
    }
  }

  private ptzService() {
    const ptz = this.device.services.ptz;
    if (!ptz) throw new OnvifError('bad_response', 'This camera has no PTZ (该摄像机不支持云台控制)');
    return ptz;
  }

  private profileToken(): string {
    const token = this.facts.mainProfile ?? this.facts.profiles[0]?.token;
    if (!token) throw new OnvifError('stream_failed', 'The camera has no media profile (摄像机没有媒体配置)');
    return token;
  }

  private async command<T>(what: string, run: () => Promise<T>): Promise<T> {
    try {
      return await withDeadline(run(), COMMAND_DEADLINE_MS, what);
    } catch (error) {
      throw classifyOnvifError(error);
    }
  }

  /** One authenticated request (GetDeviceInformation): is it there, and does it still take our credentials? */
  ping(): Promise<void> {
    return this.command('a health check', async () => {
      await this.device.services.device.getDeviceInformation();
    });
  }

  /** Continuous move at velocities in -1..1 (zoom in > 0); the camera stops by itself after timeoutS. */
  move(velocity: { pan: number; tilt: number; zoom: number }, timeoutS = 10): Promise<void> {
    const ptz = this.ptzService();
    const round = (v: number) => Math.round(Math.max(-1, Math.min(1, v)) * 1000) / 1000;
    return this.command('the PTZ move', async () => {
      await ptz.continuousMove({ ProfileToken: this.profileToken(), Velocity: { x: round(velocity.pan), y: round(velocity.tilt), z: round(velocity.zoom) }, Timeout: Math.max(1, Math.round(timeoutS)) });
    });
  }

  stop(): Promise<void> {
    const ptz = this.ptzService();
    return this.command('the PTZ stop', async () => {
      await ptz.stop({ ProfileToken: this.profileToken(), PanTilt: true, Zoom: true });
    });
  }

  presets(): Promise<CameraPreset[]> {
    const ptz = this.ptzService();
    return this.command('the preset list', async () => presetsOf(await ptz.getPresets({ ProfileToken: this.profileToken() })));
  }

  gotoPreset(token: string): Promise<void> {
    const ptz = this.ptzService();
    return this.command('the preset move', async () => {
      await ptz.gotoPreset({ ProfileToken: this.profileToken(), PresetToken: token });
    });
  }

  /** Saves the current position as a preset; returns the camera's token for it. */
  setPreset(name: string): Promise<string> {
    const ptz = this.ptzService();
    return this.command('the preset save', async () => {
      const result = await ptz.setPreset({ ProfileToken: this.profileToken(), PresetName: name });
      const token = (result.data.SetPresetResponse as { PresetToken?: unknown } | undefined)?.PresetToken;
      if (typeof token !== 'string') throw new OnvifError('bad_response', 'The camera did not say which preset it saved (摄像机未返回预置位)');
      return token;
    });
  }

  removePreset(token: string): Promise<void> {
    const ptz = this.ptzService();
    return this.command('the preset removal', async () => {
      await ptz.removePreset({ ProfileToken: this.profileToken(), PresetToken: token });
    });
  }

  /** The camera's own snapshot (its snapshot URI, HTTP digest); JPEG bytes. */
  snapshot(): Promise<Buffer> {
    return this.command('the snapshot', async () => {
      this.device.changeProfile(this.profileToken());
      return (await this.device.fetchSnapshot()).body;
    });
  }
}
