// One simulated camera: its identity and credentials, its PTZ head, and its encoders. An
// encoder runs only while someone reads the stream (the RTSP server asks for it and says when
// the last reader has gone), so hundreds of these cost only their SOAP listener when idle.
import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { CAMERA_TZ, DEFAULT_PROFILES, H265_PROFILES, encoderArgs, ensureScene, freePort, pictureFilters, positionCommands, renderStill, writeNameFile, type StreamProfile } from './picture.js';
import { PtzHead, type PtzPosition } from './ptz.js';
import { ZmqCommandClient } from './zmq-commands.js';

export interface SimCameraSpec {
  /** Short code, also the stream path (/<code>/main). Letters, digits, - and _. */
  code: string;
  name: string;
  username: string;
  password: string;
  ptz: boolean;
  /** Which scene it looks at (any integer; cameras with the same look still differ by home position). */
  look: number;
  profiles?: readonly StreamProfile[];
  /** 'h265': both streams H.265 only (when no profiles are given). */
  codec?: 'h264' | 'h265';
  manufacturer?: string;
  model?: string;
  /** Its stream URIs lead nowhere (RTSP 404): a fault to test against. */
  brokenStream?: boolean;
  /** Burn the frame number in as 16 black/white blocks too, for tests that read it from pixels (see FRAME_PATTERN). */
  framePattern?: boolean;
  /** The zone of its clock (burned-in and ONVIF local time): the county's. CAMERA_TZ when absent. */
  timeZone?: string;
}

/** A running ffmpeg publishing one profile, steered over its command socket. */
class Encoder extends EventEmitter<{ exit: [number | null] }> {
  private child: ChildProcess | null = null;
  private commands: ZmqCommandClient | null = null;
  private stopped = false;
  private sending = false;
  private queued: PtzPosition | null = null;

  constructor(readonly profile: StreamProfile) {
    super();
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  async start(options: { scene: string; nameFile: string; position: PtzPosition; publishUrl: string; steerable: boolean; framePattern: boolean; timeZone: string }): Promise<void> {
    const commandPort = options.steerable ? await freePort() : undefined;
    const filters = pictureFilters({ scene: options.scene, nameFile: options.nameFile, profile: this.profile, position: options.position, ptz: options.steerable, commandPort, framePattern: options.framePattern });
    if (this.stopped) return;
    // The burned-in clock shows the county's time, as the county's cameras would.
    const child = spawn('ffmpeg', encoderArgs(filters, this.profile, options.publishUrl), { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, TZ: options.timeZone } });
    this.child = child;
    let lastError = '';
    child.stderr!.on('data', (d: Buffer) => (lastError = (lastError + d.toString()).slice(-1000)));
    child.on('error', () => this.emit('exit', null));
    child.on('exit', (code) => {
      this.commands?.close();
      this.child = null;
      if (!this.stopped && lastError) process.emitWarning(`simulated camera encoder exited (${code}): ${lastError.trim()}`);
      this.emit('exit', code);
    });
    if (commandPort) {
      const commands = new ZmqCommandClient(commandPort);
      this.commands = commands;
      commands.connect().catch(() => undefined);
    }
  }

  /** Moves the picture; positions that arrive while a move is being sent collapse into the newest. */
  steer(position: PtzPosition): void {
    this.queued = position;
    if (this.sending || !this.commands) return;
    this.sending = true;
    void (async () => {
      while (this.queued && this.commands) {
        const next = this.queued;
        this.queued = null;
        try {
          await Promise.all(positionCommands(next).map((c) => this.commands!.send(c)));
        } catch {
          break; // not connected yet or gone: the next start uses the head's position
        }
      }
      this.sending = false;
    })();
  }

  stop(signal: NodeJS.Signals = 'SIGTERM'): void {
    this.stopped = true;
    this.commands?.close();
    this.child?.kill(signal);
  }
}

export class SimCamera {
  readonly head = new PtzHead();
  readonly profiles: readonly StreamProfile[];
  private readonly encoders = new Map<string, Encoder>();
  private nameFile: string | null = null;
  /** Seen by tests: how many encoders this camera has started. */
  encoderStarts = 0;

  constructor(
    readonly spec: SimCameraSpec,
    private readonly workDir: string,
  ) {
    this.profiles = spec.profiles ?? (spec.codec === 'h265' ? H265_PROFILES : DEFAULT_PROFILES);
    // Cameras differ by where they look even when they share a scene.
    const home = { pan: (((spec.look * 37) % 100) / 100) * 1.2 - 0.6, tilt: (((spec.look * 53) % 100) / 100) * 0.8 - 0.4, zoom: 0 };
    this.head.place(home);
    this.head.setHome();
    this.head.on('change', (p) => {
      for (const encoder of this.encoders.values()) encoder.steer(p);
    });
  }

  /** The zone its clock keeps. */
  get timeZone(): string {
    return this.spec.timeZone ?? CAMERA_TZ;
  }

  profile(token: string): StreamProfile | undefined {
    return this.profiles.find((p) => p.token === token);
  }

  streamPath(token: string): string {
    return `/${this.spec.code}/${token}`;
  }

  runningEncoders(): number {
    return this.encoders.size;
  }

  encoderPids(): number[] {
    return [...this.encoders.values()].map((e) => e.pid).filter((p): p is number => p !== undefined);
  }

  private label(): string {
    return `${this.spec.name}  ${this.spec.code}`;
  }

  private ensureNameFile(): string {
    this.nameFile ??= writeNameFile(this.workDir, this.spec.code, this.label());
    return this.nameFile;
  }

  /** Starts the encoder of a profile unless it runs; publishUrl is where it sends RTSP. */
  async startEncoder(token: string, publishUrl: string): Promise<void> {
    if (this.encoders.has(token)) return;
    const profile = this.profile(token);
    if (!profile) throw new Error(`no profile ${token}`);
    const encoder = new Encoder(profile);
    this.encoders.set(token, encoder);
    this.encoderStarts++;
    encoder.on('exit', () => {
      if (this.encoders.get(token) === encoder) this.encoders.delete(token);
    });
    const scene = await ensureScene(this.spec.look);
    await encoder.start({ scene, nameFile: this.ensureNameFile(), position: this.head.current, publishUrl, steerable: this.spec.ptz, framePattern: this.spec.framePattern ?? false, timeZone: this.timeZone });
  }

  stopEncoder(token: string): void {
    const encoder = this.encoders.get(token);
    if (!encoder) return;
    this.encoders.delete(token);
    encoder.stop();
  }

  /** Kills every encoder at once, the way a crashing camera loses its picture (tests). */
  killEncoders(): void {
    for (const [token, encoder] of this.encoders) {
      this.encoders.delete(token);
      encoder.stop('SIGKILL');
    }
  }

  /** A JPEG of what the camera shows now, at a profile's size. */
  async snapshot(token = 'main'): Promise<Buffer> {
    const profile = this.profile(token) ?? this.profiles[0]!;
    const scene = await ensureScene(this.spec.look);
    return renderStill({ scene, nameFile: this.ensureNameFile(), profile, position: this.head.current, ptz: this.spec.ptz, timeZone: this.timeZone });
  }

  close(): void {
    this.head.stop();
    for (const token of [...this.encoders.keys()]) this.stopEncoder(token);
  }
}
