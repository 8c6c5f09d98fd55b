// A fleet of simulated ONVIF cameras on loopback: each camera answers ONVIF on its own HTTP
// port (a device of its own), all share one RTSP server (like cameras behind one NVR), and one
// WS-Discovery responder announces them all. Encoders run only while a stream is read.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { SimCamera, type SimCameraSpec } from './camera.js';
import { LOOK_COUNT, ensureScene } from './picture.js';
import { DiscoveryResponder, WS_DISCOVERY_PORT } from './discovery-responder.js';
import { SIM_EVENT_KINDS, type SimEventKind } from './events.js';
import { OnvifService } from './onvif-service.js';
import { RtspServer } from './rtsp-server.js';

export interface SimFleetOptions {
  cameras: SimCameraSpec[];
  /** Answer WS-Discovery probes on loopback (default true). */
  discovery?: boolean;
  discoveryPort?: number;
  rtspPort?: number;
  /** How long an encoder runs on after its last reader leaves. */
  idleGraceMs?: number;
  /** Each camera raises an event (motion, tamper, line crossing, illegal parking in turn) about this often; absent: only on command. */
  eventEveryS?: number;
}

/** What `gridhall sim cameras` prints for each camera: enough for any ONVIF client. */
export interface SimDeviceInfo {
  name: string;
  code: string;
  /** The device service address (ONVIF XAddr). */
  address: string;
  username: string;
  password: string;
  ptz: boolean;
}

interface Member {
  camera: SimCamera;
  service: OnvifService;
  server: http.Server;
  port: number;
  endpoint: string;
}

/** A password a person can type: letters and digits only (safe in RTSP URLs too). */
export function simPassword(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
  return [...randomBytes(12)].map((b) => alphabet[b % alphabet.length]).join('');
}

export class SimFleet {
  private readonly members = new Map<string, Member>();
  private readonly broken = new Set<string>();
  private discovery: DiscoveryResponder | null = null;
  private eventTimer: NodeJS.Timeout | null = null;
  private readonly workDir = mkdtempSync(path.join(os.tmpdir(), 'gridhall-sim-'));
  readonly rtsp: RtspServer;

  private constructor(private readonly options: SimFleetOptions) {
    this.rtsp = new RtspServer({
      port: options.rtspPort,
      publishKey: randomBytes(12).toString('hex'),
      idleGraceMs: options.idleGraceMs ?? 5000,
      passwordOf: (p, user) => {
        const spec = this.memberOfPath(p)?.camera.spec;
        return spec && user === spec.username ? spec.password : undefined;
      },
      demand: (p) => {
        const member = this.memberOfPath(p);
        const token = p.split('/')[2] ?? '';
        if (!member || !member.camera.profile(token) || member.camera.spec.brokenStream) return false;
        if (this.broken.has(member.camera.spec.code)) return 'unavailable';
        void member.camera.startEncoder(token, this.rtsp.publishUrl(p)).catch(() => undefined);
        return true;
      },
      idle: (p) => {
        const token = p.split('/')[2] ?? '';
        this.memberOfPath(p)?.camera.stopEncoder(token);
      },
    });
  }

  static async start(options: SimFleetOptions): Promise<SimFleet> {
    const fleet = new SimFleet(options);
    try {
      await fleet.rtsp.listen();
      const codes = new Set<string>();
      for (const spec of options.cameras) {
        if (!/^[A-Za-z0-9_-]{1,40}$/.test(spec.code)) throw new Error(`camera code "${spec.code}" must be letters, digits, - or _`);
        if (codes.has(spec.code)) throw new Error(`camera code "${spec.code}" appears twice`);
        codes.add(spec.code);
      }
      await Promise.all(options.cameras.map((spec) => fleet.add(spec)));
      fleet.prepareScenes();
      if (options.eventEveryS) fleet.scheduleEvents(options.eventEveryS);
      if (options.discovery !== false) {
        fleet.discovery = new DiscoveryResponder(
          () =>
            [...fleet.members.values()].map((m) => ({
              endpoint: m.endpoint,
              xaddr: `http://127.0.0.1:${m.port}/onvif/device_service`,
              scopes: m.service.scopeList(),
              types: 'dn:NetworkVideoTransmitter tds:Device',
            })),
          options.discoveryPort ?? WS_DISCOVERY_PORT,
        );
        await fleet.discovery.start();
      }
      return fleet;
    } catch (error) {
      await fleet.close();
      throw error;
    }
  }

  private async add(spec: SimCameraSpec): Promise<void> {
    const camera = new SimCamera(spec, this.workDir);
    let port = 0;
    const service = new OnvifService({ camera, baseUrl: () => `http://127.0.0.1:${port}`, rtspUrl: (p) => this.rtsp.url(p) });
    const server = http.createServer((req, res) => service.handle(req, res));
    server.keepAliveTimeout = 5000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    port = (server.address() as AddressInfo).port;
    this.members.set(spec.code, { camera, service, server, port, endpoint: `urn:uuid:${randomUUID()}` });
  }

  /** Renders the scenes the cameras look at, one after another in the background, so the first viewer waits less. */
  private prepareScenes(): void {
    const looks = [...new Set(this.options.cameras.map((c) => ((c.look % LOOK_COUNT) + LOOK_COUNT) % LOOK_COUNT))];
    void looks.reduce((previous, look) => previous.then(() => ensureScene(look).then(() => undefined, () => undefined)), Promise.resolve());
  }

  /** Every second, each camera whose turn it is raises its next kind of event (spread over the period). */
  private scheduleEvents(everyS: number): void {
    let tick = 0;
    const members = () => [...this.members.values()];
    this.eventTimer = setInterval(() => {
      tick++;
      members().forEach((m, i) => {
        if ((tick + i * 7) % Math.max(1, Math.round(everyS)) === 0) m.service.events.raise(SIM_EVENT_KINDS[(tick + i) % SIM_EVENT_KINDS.length]!);
      });
    }, 1000);
    this.eventTimer.unref();
  }

  /** A camera detects something now: a notification to each of its pull-point subscriptions. */
  raiseEvent(code: string, kind: SimEventKind): void {
    const member = this.members.get(code);
    if (!member) throw new Error(`no camera ${code}`);
    member.service.events.raise(kind);
  }

  /** Live pull-point subscriptions on a camera (tests). */
  eventSubscriptions(code: string): number {
    return this.members.get(code)?.service.events.subscriptionCount ?? 0;
  }

  /** A camera's event service fails (faults on every request and drops its subscriptions) or works again. */
  setEventsBroken(code: string, broken: boolean): void {
    const member = this.members.get(code);
    if (!member) return;
    member.service.eventsBroken = broken;
    if (broken) member.service.events.dropAll();
  }

  private memberOfPath(p: string): Member | undefined {
    return this.members.get(p.split('/')[1] ?? '');
  }

  devices(): SimDeviceInfo[] {
    return [...this.members.values()].map((m) => ({
      name: m.camera.spec.name,
      code: m.camera.spec.code,
      address: `http://127.0.0.1:${m.port}/onvif/device_service`,
      username: m.camera.spec.username,
      password: m.camera.spec.password,
      ptz: m.camera.spec.ptz,
    }));
  }

  device(code: string): SimDeviceInfo | undefined {
    return this.devices().find((d) => d.code === code);
  }

  camera(code: string): SimCamera | undefined {
    return this.members.get(code)?.camera;
  }

  /** Encoders running across the fleet. */
  runningEncoders(): number {
    let n = 0;
    for (const m of this.members.values()) n += m.camera.runningEncoders();
    return n;
  }

  /**
   * Takes a camera's video down (its encoders die and its stream is refused) or brings it
   * back: what a test does to see a tile reconnect.
   */
  setStreamDown(code: string, down: boolean): void {
    if (down) {
      this.broken.add(code);
      const member = this.members.get(code);
      member?.camera.killEncoders();
      for (const profile of member?.camera.profiles ?? []) this.rtsp.dropPath(member!.camera.streamPath(profile.token));
    } else {
      this.broken.delete(code);
    }
  }

  async close(): Promise<void> {
    if (this.eventTimer) clearInterval(this.eventTimer);
    this.discovery?.close();
    for (const m of this.members.values()) m.service.events.dropAll();
    for (const m of this.members.values()) {
      m.camera.close();
      m.server.closeAllConnections();
      m.server.close();
    }
    await this.rtsp.close().catch(() => undefined);
    rmSync(this.workDir, { recursive: true, force: true });
  }
}
