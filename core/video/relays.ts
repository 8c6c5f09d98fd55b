// All relays of a county: one per (camera, stream), shared by every viewer, started on the
// first viewer, stopped a grace period after the last one leaves, and limited in number so
// a wall cannot start more ffmpeg processes than the server can carry. A relay nobody watches
// (kept for its grace period) is a cache: at the limit it makes room for one that is wanted.
// A viewer that needs H.264 from an H.265 stream gets a transcoding relay fed by the copy
// relay of the camera's sub-stream (one pull still); transcoders have their own, smaller limit.
import type { RelayHealth, StreamKind } from '../contract/index.js';
import type { Logger } from '../runtime/log.js';
import { isHevc, type VideoTrackInfo } from './fmp4.js';
import { Relay, type RelayTap, type RelayViewer } from './relay.js';
import { TranscodeFeed, transcodeArgs } from './transcode.js';

export interface RelaySource {
  url: string;
}

export interface RelayManagerOptions {
  maxRelays: number;
  idleGraceMs: number;
  log: Logger;
  /** The RTSP URL (with credentials) of a camera's stream, read again on every reconnect. */
  source(cameraId: number, stream: StreamKind): Promise<RelaySource>;
  onSourceError?(cameraId: number, message: string): void;
  onSourcePlaying?(cameraId: number): void;
  /** At most this many H.265 → H.264 transcoders at once (each decodes and encodes: its CPU budget). */
  maxTranscodes?: number;
  /** What a stream is known to carry (RFC 6381, stored from ONVIF, ffprobe or an earlier run); null when not known. */
  codecOf?(cameraId: number, stream: StreamKind): Promise<string | null> | string | null;
  /** A stream showed what it carries (its init segment). */
  onTrack?(cameraId: number, stream: StreamKind, info: VideoTrackInfo): void;
}

export class RelayLimitError extends Error {
  constructor(readonly limit: number) {
    super(`The server already relays ${limit} streams, its limit: close some tiles first (同时转发的视频已达上限 ${limit} 路，请先关闭不看的画面)`);
  }
}

export class TranscodeLimitError extends RelayLimitError {
  constructor(readonly transcodeLimit: number) {
    super(transcodeLimit);
    this.message = `The server already turns ${transcodeLimit} H.265 streams into H.264, its limit: close some tiles first (同时转码的视频已达上限 ${transcodeLimit} 路，请先关闭不看的画面)`;
  }
}

const keyOf = (cameraId: number, stream: StreamKind) => `${cameraId}/${stream}`;
/** The H.264 transcoder of a camera (fed from its sub-stream, whatever stream was asked for). */
const transcodeKey = (cameraId: number) => `${cameraId}/h264`;
const isTranscodeKey = (key: string) => key.endsWith('/h264');

export class RelayManager {
  private readonly relays = new Map<string, Relay>();
  private readonly idleTimers = new Map<string, NodeJS.Timeout>();
  /** The order in which relays nobody watches became idle (the longest idle makes room first). */
  private readonly idleSince = new Map<string, number>();
  private idleSeq = 0;
  private closed = false;

  constructor(private readonly options: RelayManagerOptions) {}

  get limit(): number {
    return this.options.maxRelays;
  }

  get size(): number {
    return this.relays.size;
  }

  /** The running relay of a stream, or a new one; throws RelayLimitError at the limit. */
  private async obtain(cameraId: number, stream: StreamKind): Promise<Relay> {
    if (this.closed) throw new Error('the relay manager is closed');
    const key = keyOf(cameraId, stream);
    let relay = this.relays.get(key);
    if (!relay) {
      // Resolve once now so a camera without a stream fails here, not in ffmpeg.
      await this.options.source(cameraId, stream);
      // Another viewer may have started it while the camera was read.
      const started = this.relays.get(key);
      if (started) return started;
      if (this.closed) throw new Error('the relay manager is closed');
      if (this.relays.size >= this.options.maxRelays) this.evictIdle();
      relay = new Relay({
        cameraId,
        stream,
        url: async () => (await this.options.source(cameraId, stream)).url,
        log: this.options.log,
        onSourceError: (message) => this.options.onSourceError?.(cameraId, message),
        onSourcePlaying: () => this.options.onSourcePlaying?.(cameraId),
        onTrack: (info) => this.options.onTrack?.(cameraId, stream, info),
      });
      this.relays.set(key, relay);
      relay.once('stopped', () => {
        if (this.relays.get(key) === relay) this.relays.delete(key);
      });
      // Nobody may come (a snapshot's relay): it stops after the grace like any other.
      this.scheduleIdle(key, relay);
    }
    return relay;
  }

  /**
   * At the limit: stops the relay idle the longest (a tour's previous page, a closed tile in
   * its grace period) to make room; with every relay watched, refuses.
   */
  private evictIdle(transcoder = false): void {
    let oldest: [string, number] | null = null;
    for (const [key, since] of this.idleSince) if ((!transcoder || isTranscodeKey(key)) && (!oldest || since < oldest[1])) oldest = [key, since];
    const relay = oldest && this.relays.get(oldest[0]);
    if (!oldest || !relay || relay.inUse) throw transcoder ? new TranscodeLimitError(this.transcodeLimit) : new RelayLimitError(this.options.maxRelays);
    this.options.log.info({ relay: oldest[0] }, 'relay limit: stopping the longest idle relay to make room');
    this.cancelIdle(oldest[0]);
    this.relays.delete(oldest[0]);
    relay.stop();
  }

  get transcodeLimit(): number {
    return this.options.maxTranscodes ?? 4;
  }

  /** What a stream carries: what its running relay saw, else what is known of it. */
  async codecOf(cameraId: number, stream: StreamKind): Promise<string | null> {
    const key = keyOf(cameraId, stream);
    const codec = this.relays.get(key)?.trackInfo?.codec ?? (await this.options.codecOf?.(cameraId, stream)) ?? null;
    this.knownCodecs.set(key, codec);
    return codec;
  }

  /**
   * A viewer joins a stream. One that needs H.264 (a browser without an H.265 decoder) gets
   * the camera's transcoder when the stream is H.265; otherwise the copy, as everyone.
   */
  async attach(cameraId: number, stream: StreamKind, viewer: RelayViewer, needsH264 = false): Promise<Relay> {
    if (needsH264 && isHevc(await this.codecOf(cameraId, stream))) {
      const relay = await this.obtainTranscoder(cameraId);
      this.cancelIdle(transcodeKey(cameraId));
      relay.addViewer(viewer);
      return relay;
    }
    const relay = await this.obtain(cameraId, stream);
    this.cancelIdle(keyOf(cameraId, stream));
    relay.addViewer(viewer);
    return relay;
  }

  /** A recorder takes the stream too: the relay's one pull serves it, and it is never idle while tapped. */
  async tap(cameraId: number, stream: StreamKind, tap: RelayTap, withGop = false): Promise<Relay> {
    const relay = await this.obtain(cameraId, stream);
    this.cancelIdle(keyOf(cameraId, stream));
    relay.addTap(tap, withGop);
    return relay;
  }

  /** What each stream was last found to carry (the transcoder's `from`, read synchronously). */
  private readonly knownCodecs = new Map<string, string | null>();

  untap(relay: Relay, tap: RelayTap): void {
    relay.removeTap(tap);
    if (this.closed) return;
    const key = [...this.relays.entries()].find(([, r]) => r === relay)?.[0];
    if (key && !relay.inUse) this.scheduleIdle(key, relay);
  }

  /** Transcoders running now. */
  get transcoders(): number {
    let n = 0;
    for (const key of this.relays.keys()) if (isTranscodeKey(key)) n++;
    return n;
  }

  /**
   * The camera's H.264 transcoder, started if needed: a relay whose ffmpeg reads the copy relay
   * of the sub-stream (tapped from its current keyframe) instead of the camera.
   */
  private async obtainTranscoder(cameraId: number): Promise<Relay> {
    if (this.closed) throw new Error('the relay manager is closed');
    const key = transcodeKey(cameraId);
    const running = this.relays.get(key);
    if (running) return running;
    if (this.transcoders >= this.transcodeLimit) this.evictIdle(true);
    if (this.relays.size >= this.options.maxRelays) this.evictIdle();
    await this.options.source(cameraId, 'sub'); // a camera without a stream fails here
    const started = this.relays.get(key); // another viewer's call may have started it meanwhile
    if (started) return started;
    const relay = new Relay({
      cameraId,
      stream: 'sub',
      url: async () => '',
      log: this.options.log,
      input: {
        args: () => transcodeArgs(),
        feed: (stdin, restart) => {
          const tap = new TranscodeFeed(stdin, restart);
          // The copy relay is found asynchronously (the camera's row is read from the store).
          const source = this.tap(cameraId, 'sub', tap, true);
          source.catch((error: unknown) => {
            this.options.log.warn({ err: error, camera: cameraId }, 'the transcoder found no sub-stream to read');
            restart();
          });
          return () => void source.then((relay) => this.untap(relay, tap), () => undefined);
        },
        from: () => this.relays.get(keyOf(cameraId, 'sub'))?.trackInfo?.codec ?? this.knownCodecs.get(keyOf(cameraId, 'sub')) ?? null,
      },
    });
    this.relays.set(key, relay);
    relay.once('stopped', () => {
      if (this.relays.get(key) === relay) this.relays.delete(key);
    });
    this.scheduleIdle(key, relay);
    return relay;
  }

  detach(relay: Relay, viewer: RelayViewer): void {
    relay.removeViewer(viewer);
    const key = [...this.relays.entries()].find(([, r]) => r === relay)?.[0];
    if (key && !relay.inUse) this.scheduleIdle(key, relay);
  }

  /**
   * A JPEG of the camera now: from a running relay (main stream first), else from a relay
   * started for it (sub-stream: the cheaper one), waiting for its first keyframe.
   */
  async snapshot(cameraId: number, timeoutMs = 8000): Promise<Buffer | null> {
    const running = (['main', 'sub'] as const).map((s) => this.relays.get(keyOf(cameraId, s))).filter((r): r is Relay => r !== undefined);
    for (const relay of running) {
      if (relay.state !== 'playing') continue;
      const jpeg = await relay.waitForJpeg(3000, timeoutMs);
      if (jpeg) return jpeg;
    }
    const relay = running[0] ?? (await this.obtain(cameraId, 'main'));
    return await relay.waitForJpeg(3000, timeoutMs);
  }

  relay(cameraId: number, stream: StreamKind): Relay | undefined {
    return this.relays.get(keyOf(cameraId, stream));
  }

  /** Stops a camera's relays at once (its address or credentials changed, or it was removed). */
  stopCamera(cameraId: number): void {
    for (const key of [transcodeKey(cameraId), keyOf(cameraId, 'main'), keyOf(cameraId, 'sub')]) {
      this.cancelIdle(key);
      this.relays.get(key)?.stop();
    }
  }

  health(): RelayHealth[] {
    return [...this.relays.values()].map((r) => r.health()).sort((a, b) => a.cameraId - b.cameraId || a.stream.localeCompare(b.stream) || Number(a.transcodedFrom !== null) - Number(b.transcodedFrom !== null));
  }

  close(): void {
    this.closed = true;
    for (const timer of this.idleTimers.values()) clearTimeout(timer);
    this.idleTimers.clear();
    this.idleSince.clear();
    for (const relay of [...this.relays.values()]) relay.stop();
    this.relays.clear();
  }

  private cancelIdle(key: string): void {
    const timer = this.idleTimers.get(key);
    if (timer) clearTimeout(timer);
    this.idleTimers.delete(key);
    this.idleSince.delete(key);
  }

  private scheduleIdle(key: string, relay: Relay): void {
    this.cancelIdle(key);
    const timer = setTimeout(() => {
      this.idleTimers.delete(key);
      this.idleSince.delete(key);
      if (!relay.inUse) relay.stop();
    }, this.options.idleGraceMs);
    timer.unref();
    this.idleTimers.set(key, timer);
    this.idleSince.set(key, ++this.idleSeq);
  }
}
