// Types for the parts of node-onvif (CommonJS, untyped) that Gridhall uses.
declare module 'node-onvif' {
  export interface OnvifCommandResult {
    soap: string;
    /** xml2js form of the answer; namespace prefixes dropped, attributes under "$". */
    data: Record<string, unknown>;
  }

  export interface OnvifProfile {
    token: string;
    name: string;
    snapshot: string;
    stream: { udp: string; http: string; rtsp: string };
    video: {
      source: { token: string; name: string; bounds: { width: number; height: number; x: number; y: number } } | null;
      encoder: {
        token: string;
        name: string;
        resolution: { width: number; height: number };
        quality: number;
        framerate: number;
        bitrate: number;
        encoding: string;
      } | null;
    };
    ptz: { range: Record<'x' | 'y' | 'z', { min: number; max: number }> };
  }

  export interface OnvifPtzService {
    continuousMove(params: { ProfileToken: string; Velocity: { x: number; y: number; z: number }; Timeout?: number }): Promise<OnvifCommandResult>;
    stop(params: { ProfileToken: string; PanTilt: boolean; Zoom: boolean }): Promise<OnvifCommandResult>;
    getPresets(params: { ProfileToken: string }): Promise<OnvifCommandResult>;
    gotoPreset(params: { ProfileToken: string; PresetToken: string; Speed?: { x: number; y: number; z: number } }): Promise<OnvifCommandResult>;
    setPreset(params: { ProfileToken: string; PresetName: string; PresetToken?: string }): Promise<OnvifCommandResult>;
    removePreset(params: { ProfileToken: string; PresetToken: string }): Promise<OnvifCommandResult>;
    gotoHomePosition(params: { ProfileToken: string }): Promise<OnvifCommandResult>;
  }

  export class OnvifDevice {
    constructor(params: { xaddr: string; user?: string; pass?: string } | { address: string; user?: string; pass?: string });
    services: { device: { getDeviceInformation(): Promise<OnvifCommandResult> }; media: unknown; ptz: OnvifPtzService | null; events: unknown };
    init(): Promise<Record<string, string>>;
    getInformation(): Record<string, string> | null;
    getProfileList(): OnvifProfile[];
    getCurrentProfile(): OnvifProfile | null;
    changeProfile(tokenOrIndex: string | number): OnvifProfile | null;
    fetchSnapshot(): Promise<{ headers: Record<string, string>; body: Buffer }>;
  }

  const onvif: { OnvifDevice: typeof OnvifDevice };
  export default onvif;
}
