// One relayed stream: ffmpeg pulls the camera's RTSP stream once (RTP over the RTSP TCP
// connection), remuxes it without transcoding (-c copy) into fragmented MP4 with one frame per
// fragment, and the relay fans the fragments out to every viewer and tap (the recorder). It
// keeps the current GOP so a new viewer starts at a keyframe at once, and the latest keyframe
// as it arrives: a snapshot decodes that one frame to a JPEG only when someone asks (issue 20:
// decoding every keyframe cost more than the copy itself). A broken source reconnects with backoff.
import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import type { Writable } from 'node:stream';
import type { LiveMessage, RelayHealth, RelayState, StreamKind } from '../contract/index.js';
import type { Logger } from '../runtime/log.js';
import { Fmp4Segmenter, type VideoTrackInfo } from './fmp4.js';
import { keyframeJpeg } from './keyframe-jpeg.js';

/** Something that takes the stream as it comes (the recorder): the init segment, then every fragment. */
export interface RelayTap {
  init(data: Buffer, info: VideoTrackInfo | undefined): void;
  fragment(data: Buffer, keyframe: boolean, at: number): void;
  /** The source was lost (the relay reconnects; a new init follows). */
  lost?(): void;
}

/** A viewer's socket, as the relay needs it. */
export interface RelayViewer {
  send(data: Buffer | string): void;
  /** Bytes queued but not yet sent. */
  bufferedAmount(): number;
}

/**
 * A relay fed by something other than the camera itself (the H.265 → H.264 transcoder): its
 * ffmpeg's arguments, and what writes into that ffmpeg's stdin for one run (returns the undo).
 */
export interface RelayInput {
  args(): string[];
  feed(stdin: Writable, restart: () => void): () => void;
  /** The codec it turns into H.264, told to viewers and the health table (转码中). */
  from(): string | null;
}

export interface RelayOptions {
  cameraId: number;
  stream: StreamKind;
  /** rtsp:// URL with credentials. */
  url: () => Promise<string>;
  /** Instead of pulling url: ffmpeg reads what this feeds it. */
  input?: RelayInput;
  log: Logger;
  now?: () => number;
  /** Called when the source keeps failing in a way retrying will not fix soon (401, 404). */
  onSourceError?: (message: string) => void;
  /** Called when the source plays again after failing. */
  onSourcePlaying?: () => void;
  /** Called with what each new init segment says the stream carries (codec, size). */
  onTrack?: (info: VideoTrackInfo) => void;
}

/** A viewer further behind than this skips to the next keyframe instead of queueing more. */
const MAX_VIEWER_BACKLOG = 4 * 1024 * 1024;
/** No fragment for this long while running: the source is stuck; restart. */
const STALL_MS = 8000;
const BACKOFF_FIRST_MS = 500;
const BACKOFF_MAX_MS = 10_000;
/** A run this long resets the backoff. */
const HEALTHY_RUN_MS = 10_000;
const STATS_INTERVAL_MS = 2000;
const MAX_GOP_BYTES = 16 * 1024 * 1024;

/** Backoff before reconnect attempt n (0-based): doubling from 0.5 s to 10 s, with jitter. */
export function relayBackoff(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** attempt);
  return Math.round(ceiling * (0.75 + random() * 0.25));
}

/** A sentence for what ffmpeg said when the source failed. */
export function describeSourceError(stderr: string): { message: string; permanent: boolean } {
  const text = stderr.toLowerCase();
  if (/spawn ffmpeg enoent/.test(text)) return { message: 'ffmpeg is not installed on the server: run gridhall doctor (服务器未安装 ffmpeg)', permanent: true };
  if (/401|unauthori[sz]ed/.test(text)) return { message: 'The camera refused the stream credentials (视频流认证失败)', permanent: true };
  if (/404|not found/.test(text)) return { message: 'The camera has no stream at this URI (视频流地址无效)', permanent: true };
  if (/461|unsupported transport/.test(text)) return { message: 'The camera does not offer RTSP over TCP (不支持TCP传输)', permanent: true };
  if (/connection refused/.test(text)) return { message: 'The camera refused the connection (连接被拒绝)', permanent: false };
  if (/timed out|timeout/.test(text)) return { message: 'The camera did not answer in time (连接超时)', permanent: false };
  if (/503|service unavailable/.test(text)) return { message: 'The camera has no picture at the moment (暂无视频)', permanent: false };
  if (/invalid data|could not find codec|no such stream|unsupported/.test(text)) return { message: 'The stream is not H.264 or H.265 video the wall can play (视频格式不支持)', permanent: true };
  const last = stderr.trim().split('\n').pop()?.trim();
  return { message: last ? `The stream stopped: ${last.slice(0, 200)} (视频流中断)` : 'The stream stopped (视频流中断)', permanent: false };
}

export function relayArgs(url: string): string[] {
  return [
    '-hide_banner', '-loglevel', 'error', '-nostdin',
    '-fflags', 'nobuffer', '-flags', 'low_delay',
    // The SDP carries SPS/PPS: a short probe is enough, and a viewer sees the picture sooner.
    '-probesize', '32768', '-analyzeduration', '500000',
    '-rtsp_transport', 'tcp', '-timeout', '10000000',
    '-i', url,
    '-map', '0:v:0', '-c:v', 'copy', '-an', '-f', 'mp4',
    '-movflags', 'frag_keyframe+frag_every_frame+empty_moov+default_base_moof', 'pipe:1',
  ];
}

interface ViewerState {
  viewer: RelayViewer;
  /** Waiting for a keyframe (just joined after a restart, or fell behind). */
  waitingKey: boolean;
}

export class Relay extends EventEmitter<{ stopped: [] }> {
  private child: ChildProcess | null = null;
  private readonly viewers = new Map<RelayViewer, ViewerState>();
  private init: Buffer | null = null;
  private info: VideoTrackInfo | undefined;
  private gop: Buffer[] = [];
  private gopBytes = 0;
  /** The newest keyframe (init + its fragment) as it arrived, and its JPEG once someone asked. */
  private keyframe: { init: Buffer; fragment: Buffer; at: number; jpeg?: Promise<Buffer | null> } | null = null;
  private keyframeWaiters: (() => void)[] = [];
  private readonly taps = new Set<RelayTap>();
  /** Milliseconds from this relay's start to its first fragment (the relay's own start time). */
  private firstFragmentMs: number | null = null;
  private stateValue: RelayState = 'starting';
  private message: string | null = null;
  private attempt = 0;
  private restarts = 0;
  private runStartedAt = 0;
  private lastFragmentAt = 0;
  private readonly startedAt: number;
  private retryTimer: NodeJS.Timeout | null = null;
  private readonly statsTimer: NodeJS.Timeout;
  private stopped = false;
  private failing = false;
  // Rolling counters for fps and bitrate.
  private windowFrames = 0;
  private windowBytes = 0;
  private windowStart: number;
  private fps = 0;
  private kbps = 0;
  private readonly now: () => number;

  constructor(private readonly options: RelayOptions) {
    super();
    this.now = options.now ?? Date.now;
    this.startedAt = this.now();
    this.windowStart = this.startedAt;
    this.statsTimer = setInterval(() => this.tickStats(), STATS_INTERVAL_MS);
    this.statsTimer.unref();
    this.run();
  }

  get state(): RelayState {
    return this.stateValue;
  }

  get viewerCount(): number {
    return this.viewers.size;
  }

  /** Watched or recorded: not to be stopped as idle. */
  get inUse(): boolean {
    return this.viewers.size > 0 || this.taps.size > 0;
  }

  /** withGop: the tap gets the current GOP at once too (the transcoder starts at its keyframe). */
  addTap(tap: RelayTap, withGop = false): void {
    this.taps.add(tap);
    if (this.init) tap.init(this.init, this.info);
    if (withGop && this.init) this.gop.forEach((fragment, i) => tap.fragment(fragment, i === 0, this.lastFragmentAt));
  }

  removeTap(tap: RelayTap): void {
    this.taps.delete(tap);
  }

  /** The codec and size of the stream, once its init segment came. */
  get trackInfo(): VideoTrackInfo | undefined {
    return this.info;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  health(): RelayHealth {
    return {
      cameraId: this.options.cameraId,
      stream: this.options.stream,
      state: this.stateValue,
      message: this.message,
      viewers: this.viewers.size,
      fps: Math.round(this.fps * 10) / 10,
      kbps: Math.round(this.kbps),
      lastFrameAt: this.lastFragmentAt ? new Date(this.lastFragmentAt).toISOString() : null,
      startedAt: new Date(this.startedAt).toISOString(),
      restarts: this.restarts,
      codec: this.info?.codec ?? null,
      width: this.info?.width ?? null,
      height: this.info?.height ?? null,
      firstFrameMs: this.firstFragmentMs,
      recording: this.taps.size > 0 && !this.options.input,
      transcodedFrom: this.options.input?.from() ?? null,
    };
  }

  addViewer(viewer: RelayViewer): void {
    const state: ViewerState = { viewer, waitingKey: false };
    this.viewers.set(viewer, state);
    this.sendTo(viewer, { type: 'state', state: this.stateValue, message: this.message });
    if (this.init && this.gop.length > 0) {
      this.sendInit(viewer);
      for (const fragment of this.gop) viewer.send(fragment);
    } else {
      state.waitingKey = true;
    }
    this.sendTo(viewer, this.statsMessage());
  }

  removeViewer(viewer: RelayViewer): void {
    this.viewers.delete(viewer);
  }

  /** When the newest keyframe arrived (ms), or null before the first. */
  latestKeyframeAt(): number | null {
    return this.keyframe?.at ?? null;
  }

  /**
   * A JPEG of the newest keyframe when it is younger than maxAgeMs, else of the next one;
   * null after timeoutMs. The frame is decoded now, once per keyframe, by a short ffmpeg.
   */
  async waitForJpeg(maxAgeMs: number, timeoutMs: number): Promise<Buffer | null> {
    const fresh = () => this.keyframe !== null && this.now() - this.keyframe.at <= maxAgeMs;
    if (!fresh()) {
      const arrived = await new Promise<boolean>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          resolve(true);
        };
        const timer = setTimeout(() => {
          const i = this.keyframeWaiters.indexOf(done);
          if (i >= 0) this.keyframeWaiters.splice(i, 1);
          resolve(false);
        }, timeoutMs);
        this.keyframeWaiters.push(done);
      });
      if (!arrived || !this.keyframe) return null;
    }
    const key = this.keyframe!;
    key.jpeg ??= keyframeJpeg(key.init, key.fragment, timeoutMs);
    return key.jpeg;
  }

  /** Kills the source process (tests; a stuck camera). The relay reconnects as after any failure. */
  killSource(): void {
    this.child?.kill('SIGKILL');
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.setState('stopped', null);
    clearInterval(this.statsTimer);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.child?.kill('SIGTERM');
    for (const waiter of this.keyframeWaiters.splice(0)) waiter();
    this.viewers.clear();
    this.taps.clear();
    this.emit('stopped');
  }

  private run(): void {
    if (this.stopped) return;
    // The camera's URL is read from the store (asynchronously); a transcoder needs none.
    (this.options.input ? Promise.resolve('') : this.options.url()).then(
      (url) => this.spawnFfmpeg(url),
      (error: unknown) => {
        this.options.log.warn({ camera: this.options.cameraId, stream: this.options.stream, err: error }, 'relay source could not be read');
        this.stop();
      },
    );
  }

  private spawnFfmpeg(url: string): void {
    if (this.stopped) return;
    const input = this.options.input;
    const child = spawn('ffmpeg', input ? input.args() : relayArgs(url), { stdio: [input ? 'pipe' : 'ignore', 'pipe', 'pipe'] });
    this.child = child;
    child.stdin?.on('error', () => undefined); // ffmpeg gone: close follows
    const unfeed = input?.feed(child.stdin!, () => child.kill('SIGKILL'));
    this.runStartedAt = this.now();
    this.lastFragmentAt = 0;
    const segmenter = new Fmp4Segmenter();
    let stderr = '';
    let gotFragment = false;
    child.stdout!.on('data', (chunk: Buffer) => {
      let events;
      try {
        events = segmenter.push(chunk);
      } catch (error) {
        stderr += `\n${(error as Error).message}`;
        child.kill('SIGKILL');
        return;
      }
      for (const event of events) {
        if (event.kind === 'init') this.onInit(event.data, event.info);
        else {
          if (!gotFragment) {
            gotFragment = true;
            this.onPlaying();
          }
          this.onFragment(event.data, event.keyframe);
        }
      }
    });
    child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
    const watchdog = setInterval(() => {
      const since = this.lastFragmentAt || this.runStartedAt;
      if (this.now() - since > STALL_MS) {
        stderr += '\nno video for a while: timed out';
        child.kill('SIGKILL');
      }
    }, 1000);
    watchdog.unref();
    child.on('error', (error) => (stderr += `\n${error.message}`));
    child.on('close', () => {
      clearInterval(watchdog);
      unfeed?.();
      if (this.child === child) this.child = null;
      if (this.stopped) return;
      this.onSourceLost(stderr);
    });
  }

  private onInit(data: Buffer, info: VideoTrackInfo | undefined): void {
    this.init = data;
    this.info = info;
    this.gop = [];
    this.gopBytes = 0;
    // Everyone restarts from the next keyframe with the new init segment.
    for (const state of this.viewers.values()) state.waitingKey = true;
    for (const tap of this.taps) tap.init(data, info);
    if (info) this.options.onTrack?.(info);
  }

  private onPlaying(): void {
    if (this.runStartedAt && this.restarts > 0) this.options.log.info({ camera: this.options.cameraId, stream: this.options.stream }, 'relay playing again');
    this.setState('playing', null);
    if (this.failing) {
      this.failing = false;
      this.options.onSourcePlaying?.();
    }
  }

  private onFragment(data: Buffer, keyframe: boolean): void {
    const now = this.now();
    this.lastFragmentAt = now;
    this.firstFragmentMs ??= now - this.startedAt;
    this.windowFrames++;
    this.windowBytes += data.length;
    if (keyframe) {
      this.gop = [data];
      this.gopBytes = data.length;
      if (this.init) this.keyframe = { init: this.init, fragment: data, at: now };
      for (const waiter of this.keyframeWaiters.splice(0)) waiter();
    } else if (this.gop.length > 0) {
      this.gop.push(data);
      this.gopBytes += data.length;
      if (this.gopBytes > MAX_GOP_BYTES) {
        this.gop = [];
        this.gopBytes = 0;
      }
    }
    for (const tap of this.taps) tap.fragment(data, keyframe, now);
    for (const state of this.viewers.values()) {
      if (state.waitingKey) {
        if (!keyframe) continue;
        state.waitingKey = false;
        this.sendInit(state.viewer);
      } else if (state.viewer.bufferedAmount() > MAX_VIEWER_BACKLOG) {
        state.waitingKey = true; // a slow screen skips ahead rather than falling ever further behind
        continue;
      }
      state.viewer.send(data);
    }
  }

  private onSourceLost(stderr: string): void {
    const ranFor = this.now() - this.runStartedAt;
    if (ranFor > HEALTHY_RUN_MS && this.lastFragmentAt) this.attempt = 0;
    const { message, permanent } = describeSourceError(stderr);
    this.restarts++;
    this.gop = [];
    this.gopBytes = 0;
    for (const tap of this.taps) tap.lost?.();
    this.options.log.warn({ camera: this.options.cameraId, stream: this.options.stream, message }, 'relay source lost');
    this.setState('reconnecting', message);
    if (permanent || !this.lastFragmentAt) {
      this.failing = true;
      this.options.onSourceError?.(message);
    }
    const delay = relayBackoff(this.attempt++);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.run();
    }, delay);
    this.retryTimer.unref();
  }

  private sendInit(viewer: RelayViewer): void {
    if (!this.init) return;
    const transcodedFrom = this.options.input?.from();
    this.sendTo(viewer, { type: 'init', codec: this.info?.codec ?? 'avc1.42C01E', width: this.info?.width ?? null, height: this.info?.height ?? null, ...(transcodedFrom ? { transcodedFrom } : {}) });
    viewer.send(this.init);
  }

  private setState(state: RelayState, message: string | null): void {
    if (this.stateValue === state && this.message === message) return;
    this.stateValue = state;
    this.message = message;
    this.broadcast({ type: 'state', state, message });
  }

  private statsMessage(): LiveMessage {
    return { type: 'stats', fps: Math.round(this.fps * 10) / 10, kbps: Math.round(this.kbps), viewers: this.viewers.size, lastFrameAt: this.lastFragmentAt ? new Date(this.lastFragmentAt).toISOString() : null };
  }

  private tickStats(): void {
    const now = this.now();
    const seconds = Math.max(0.001, (now - this.windowStart) / 1000);
    this.fps = this.windowFrames / seconds;
    this.kbps = (this.windowBytes * 8) / 1000 / seconds;
    this.windowFrames = 0;
    this.windowBytes = 0;
    this.windowStart = now;
    this.broadcast(this.statsMessage());
  }

  private broadcast(message: LiveMessage): void {
    for (const viewer of this.viewers.keys()) this.sendTo(viewer, message);
  }

  private sendTo(viewer: RelayViewer, message: LiveMessage): void {
    viewer.send(JSON.stringify(message));
  }
}
