// All relays of a county: one per (camera, stream), shared by every viewer, started on the
// first viewer, stopped a grace period after the last one leaves, and limited in number so
// a wall cannot start more ffmpeg processes than the server can carry.
import type { RelayHealth, StreamKind } from '../contract/index.js';
import type { Logger } from '../log.js';
import { Relay, type RelayViewer } from './relay.js';

export interface RelaySource {
  url: string;
}

export interface RelayManagerOptions {
  maxRelays: number;
  idleGraceMs: number;
  log: Logger;
  /** The RTSP URL (with credentials) of a camera's stream, read again on every reconnect. */
  source(cameraId: number, stream: StreamKind): RelaySource;
  onSourceError?(cameraId: number, message: string): void;
  onSourcePlaying?(cameraId: number): void;
}

export class RelayLimitError extends Error {
  constructor(readonly limit: number) {
    super(`同时转发的视频已达上限（${limit} 路），请先关闭不看的画面 (The server already relays ${limit} streams, its limit: close some tiles first)`);
  }
}

const keyOf = (cameraId: number, stream: StreamKind) => `${cameraId}/${stream}`;

export class RelayManager {
  private readonly relays = new Map<string, Relay>();
  private readonly idleTimers = new Map<string, NodeJS.Timeout>();
  private closed = false;

  constructor(private readonly options: RelayManagerOptions) {}

  get limit(): number {
    return this.options.maxRelays;
  }

  get size(): number {
    return this.relays.size;
  }

  /** The running relay of a stream, or a new one; throws RelayLimitError at the limit. */
  private obtain(cameraId: number, stream: StreamKind): Relay {
    if (this.closed) throw new Error('the relay manager is closed');
    const key = keyOf(cameraId, stream);
    let relay = this.relays.get(key);
    if (!relay) {
      if (this.relays.size >= this.options.maxRelays) throw new RelayLimitError(this.options.maxRelays);
      // Resolve once now so a camera without a stream fails here, not in ffmpeg.
      this.options.source(cameraId, stream);
      relay = new Relay({
        cameraId,
        stream,
        url: () => this.options.source(cameraId, stream).url,
        log: this.options.log,
        onSourceError: (message) => this.options.onSourceError?.(cameraId, message),
        onSourcePlaying: () => this.options.onSourcePlaying?.(cameraId),
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

  attach(cameraId: number, stream: StreamKind, viewer: RelayViewer): Relay {
    const relay = this.obtain(cameraId, stream);
    this.cancelIdle(keyOf(cameraId, stream));
    relay.addViewer(viewer);
    return relay;
  }

  detach(relay: Relay, viewer: RelayViewer): void {
    relay.removeViewer(viewer);
    const key = [...this.relays.entries()].find(([, r]) => r === relay)?.[0];
    if (key && relay.viewerCount === 0) this.scheduleIdle(key, relay);
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
    const relay = running[0] ?? this.obtain(cameraId, 'main');
    return relay.waitForJpeg(3000, timeoutMs);
  }

  relay(cameraId: number, stream: StreamKind): Relay | undefined {
    return this.relays.get(keyOf(cameraId, stream));
  }

  /** Stops a camera's relays at once (its address or credentials changed, or it was removed). */
  stopCamera(cameraId: number): void {
    for (const stream of ['main', 'sub'] as const) {
      const key = keyOf(cameraId, stream);
      this.cancelIdle(key);
      this.relays.get(key)?.stop();
    }
  }

  health(): RelayHealth[] {
    return [...this.relays.values()].map((r) => r.health()).sort((a, b) => a.cameraId - b.cameraId || a.stream.localeCompare(b.stream));
  }

  close(): void {
    this.closed = true;
    for (const timer of this.idleTimers.values()) clearTimeout(timer);
    this.idleTimers.clear();
    for (const relay of [...this.relays.values()]) relay.stop();
    this.relays.clear();
  }

  private cancelIdle(key: string): void {
    const timer = this.idleTimers.get(key);
    if (timer) clearTimeout(timer);
    this.idleTimers.delete(key);
  }

  private scheduleIdle(key: string, relay: Relay): void {
    this.cancelIdle(key);
    const timer = setTimeout(() => {
      this.idleTimers.delete(key);
      if (relay.viewerCount === 0) relay.stop();
    }, this.options.idleGraceMs);
    timer.unref();
    this.idleTimers.set(key, timer);
  }
}
