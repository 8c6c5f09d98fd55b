// Plays one relayed camera stream: WebSocket /api/video/live/:id carrying fragmented MP4
// (one frame per fragment) into MediaSource. It chases the live edge (jumps when the buffer
// runs more than a second behind), trims old buffer, starts afresh on a new init segment
// (the relay reconnected its source), and reconnects the socket itself with backoff.
// The first connection to a camera is given time: while it has never played, failed attempts
// (the relay retrying a slow camera, a socket dropped) still say "connecting" for
// FIRST_GRACE_MS; only then does the tile say what went wrong.
import type { LiveMessage, RelayState } from '../../../core/contract/index';
import { reconnectDelay } from '../../api/events';

export type PlayerState =
  | 'idle' // not started (off screen)
  | 'connecting' // socket opening, or waiting for the first frame
  | 'playing'
  | 'reconnecting' // the relay lost its source, or the socket dropped: trying again
  | 'limit' // the server relays as many streams as it may
  | 'error'; // will not play (no such camera, not configured, not signed in, unsupported)

export interface PlayerStats {
  fps: number;
  kbps: number;
  viewers: number;
  lastFrameAt: string | null;
  /** Seconds between the newest frame received and the one shown. */
  behindS: number;
  framesDecoded: number;
  /** The camera sends this (H.265) and the server turns it into H.264 for this browser (转码中); null for a copy. */
  transcodedFrom: string | null;
}

/** A codec string names H.265. */
export const isHevcCodec = (codec: string | null | undefined): boolean => !!codec && /^(hev1|hvc1)\b/i.test(codec);

/** Whether this browser decodes H.265 through MediaSource (Chromium here does not: the server transcodes for it). */
export function canPlayHevc(): boolean {
  if (typeof window === 'undefined' || !('MediaSource' in window)) return false;
  return ['hvc1.1.6.L93.B0', 'hev1.1.6.L93.B0'].some((c) => MediaSource.isTypeSupported(`video/mp4; codecs="${c}"`));
}

export interface MsePlayerOptions {
  /** The socket URL, or null when there is no session. */
  url(): string | null;
  onState(state: PlayerState, message: string | null): void;
  onStats?(stats: PlayerStats): void;
}

/** Further behind the live edge than this, the player jumps forward. */
const MAX_BEHIND_S = 0.8;
/** Between these, it plays a little faster until it is close again. */
const CATCH_UP_S = 0.3;
const CLOSE_ENOUGH_S = 0.12;
/** Where it lands: this far before the newest frame. */
const LAND_BEHIND_S = 0.1;
/** Buffer older than this behind the play head is removed. */
const KEEP_BEHIND_S = 8;
/** Close codes after which retrying cannot help. */
const FINAL_CLOSE_CODES = new Set([1008, 4401, 4404, 4409]);
const LIMIT_RETRY_MS = 15_000;
/** How long a player that has not played yet keeps saying "connecting" through retries. */
export const FIRST_GRACE_MS = 12_000;

export class MsePlayer {
  private socket: WebSocket | null = null;
  private media: MediaSource | null = null;
  private buffer: SourceBuffer | null = null;
  private objectUrl: string | null = null;
  private queue: ArrayBuffer[] = [];
  private expectInit = false;
  /** The first appends after an init: the GOP that was sent at once; play from its end. */
  private joining = false;
  private codec = '';
  private running = false;
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private serverState: RelayState | null = null;
  private state: PlayerState = 'idle';
  private stats: PlayerStats = { fps: 0, kbps: 0, viewers: 0, lastFrameAt: null, behindS: 0, framesDecoded: 0, transcodedFrom: null };
  /** An H.265 init came before the server knew the stream's codec: asked again once (now transcoded). */
  private askedAgain = false;
  private everPlayed = false;
  private startedAt = 0;
  private graceTimer: ReturnType<typeof setTimeout> | null = null;
  /** What a failed first attempt said, shown if the grace runs out before a picture. */
  private held: { state: PlayerState; message: string | null } | null = null;
  private readonly onPlaying = () => this.setState('playing', null);

  constructor(
    private readonly video: HTMLVideoElement,
    private readonly options: MsePlayerOptions,
  ) {
    video.muted = true;
    video.playsInline = true;
    video.addEventListener('playing', this.onPlaying);
  }

  get current(): PlayerState {
    return this.state;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.attempt = 0;
    this.everPlayed = false;
    this.held = null;
    this.startedAt = Date.now();
    if (this.graceTimer) clearTimeout(this.graceTimer);
    this.graceTimer = setTimeout(() => {
      this.graceTimer = null;
      if (this.running && !this.everPlayed && this.held) this.setState(this.held.state, this.held.message);
    }, FIRST_GRACE_MS);
    this.connect();
  }

  stop(): void {
    this.running = false;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    if (this.graceTimer) clearTimeout(this.graceTimer);
    this.graceTimer = null;
    this.closeSocket();
    this.resetMedia();
    this.setState('idle', null);
  }

  destroy(): void {
    this.stop();
    this.video.removeEventListener('playing', this.onPlaying);
  }

  private connect(): void {
    const url = this.options.url();
    if (!url) {
      this.setState('error', null);
      return;
    }
    this.setState(this.state === 'reconnecting' ? 'reconnecting' : 'connecting', null);
    const socket = new WebSocket(url);
    socket.binaryType = 'arraybuffer';
    this.socket = socket;
    socket.onmessage = (event) => {
      if (typeof event.data === 'string') this.onText(event.data);
      else this.onBinary(event.data as ArrayBuffer);
    };
    socket.onclose = (event) => {
      if (this.socket !== socket) return;
      this.socket = null;
      if (!this.running) return;
      if (FINAL_CLOSE_CODES.has(event.code)) {
        if (this.state !== 'error') this.setState('error', event.reason || null);
        return;
      }
      if (event.code === 4429) {
        this.retry(LIMIT_RETRY_MS);
        return;
      }
      this.setState('reconnecting', null);
      this.retry(reconnectDelay(this.attempt++, 1000, 15_000));
    };
  }

  private retry(ms: number): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (this.running) this.connect();
    }, ms);
  }

  private closeSocket(): void {
    const socket = this.socket;
    this.socket = null;
    if (socket) {
      socket.onmessage = null;
      socket.onclose = null;
      socket.close();
    }
  }

  private onText(text: string): void {
    let message: LiveMessage;
    try {
      message = JSON.parse(text) as LiveMessage;
    } catch {
      return;
    }
    switch (message.type) {
      case 'init':
        this.codec = message.codec;
        this.stats = { ...this.stats, transcodedFrom: message.transcodedFrom ?? null };
        this.expectInit = true;
        break;
      case 'state':
        this.serverState = message.state;
        if (message.state === 'reconnecting') this.setState('reconnecting', message.message);
        else if (message.state === 'starting' && this.state !== 'playing') this.setState('connecting', null);
        break;
      case 'stats':
        this.stats = { ...this.stats, fps: message.fps, kbps: message.kbps, viewers: message.viewers, lastFrameAt: message.lastFrameAt };
        this.emitStats();
        break;
      case 'error':
        this.setState(message.code === 'relay_limit' ? 'limit' : 'error', message.message);
        break;
    }
  }

  private onBinary(data: ArrayBuffer): void {
    if (this.expectInit) {
      this.expectInit = false;
      this.attempt = 0;
      this.openMedia(data);
      return;
    }
    if (!this.buffer && !this.media) return; // fragments before any init: wait for one
    this.queue.push(data);
    this.pump();
  }

  /** A new init segment: a fresh MediaSource (the timeline starts again with the source). */
  private openMedia(init: ArrayBuffer): void {
    this.resetMedia();
    const type = `video/mp4; codecs="${this.codec}"`;
    if (!('MediaSource' in window) || !MediaSource.isTypeSupported(type)) {
      if (isHevcCodec(this.codec) && !this.askedAgain) {
        // The server learnt only now that the stream is H.265: ask again, and get its H.264 transcoder.
        this.askedAgain = true;
        this.closeSocket();
        this.retry(200);
        return;
      }
      this.setState('error', `This browser cannot play ${this.codec} (浏览器不支持此视频格式)`);
      return;
    }
    const media = new MediaSource();
    this.media = media;
    this.joining = true;
    this.queue = [init];
    this.objectUrl = URL.createObjectURL(media);
    this.video.src = this.objectUrl;
    media.addEventListener(
      'sourceopen',
      () => {
        if (this.media !== media) return;
        try {
          const buffer = media.addSourceBuffer(type);
          buffer.mode = 'segments';
          buffer.addEventListener('updateend', () => this.afterAppend());
          this.buffer = buffer;
          this.pump();
        } catch (error) {
          this.setState('error', String(error));
        }
      },
      { once: true },
    );
  }

  private resetMedia(): void {
    this.buffer = null;
    this.queue = [];
    if (this.media && this.media.readyState === 'open') {
      try {
        this.media.endOfStream();
      } catch {
        // already ending
      }
    }
    this.media = null;
    if (this.objectUrl) {
      this.video.removeAttribute('src');
      this.video.load();
      URL.revokeObjectURL(this.objectUrl);
      this.objectUrl = null;
    }
  }

  private pump(): void {
    const buffer = this.buffer;
    if (!buffer || buffer.updating || this.queue.length === 0) return;
    const next = this.queue.shift()!;
    try {
      buffer.appendBuffer(next);
    } catch (error) {
      if (error instanceof DOMException && error.name === 'QuotaExceededError') {
        // Too much buffered: drop what is behind us and try this one again.
        this.queue.unshift(next);
        this.trim(0);
        return;
      }
      this.setState('reconnecting', String(error));
      this.closeSocket();
      this.resetMedia();
      this.retry(reconnectDelay(this.attempt++, 1000, 15_000));
    }
  }

  private afterAppend(): void {
    const video = this.video;
    const ranges = video.buffered;
    if (ranges.length > 0) {
      const end = ranges.end(ranges.length - 1);
      const behind = end - video.currentTime;
      // Just joined (the current GOP arrived in a burst), too far behind, or in a gap: jump.
      const jump = (this.joining && this.queue.length === 0 && behind > CLOSE_ENOUGH_S) || behind > MAX_BEHIND_S || video.currentTime < ranges.start(ranges.length - 1);
      if (jump) video.currentTime = Math.max(ranges.start(ranges.length - 1), end - LAND_BEHIND_S);
      if (this.queue.length === 0) this.joining = false;
      video.playbackRate = !jump && behind > CATCH_UP_S ? 1.15 : behind < CLOSE_ENOUGH_S ? 1 : video.playbackRate;
      this.stats.behindS = Math.max(0, end - video.currentTime);
      if (video.paused) void video.play().catch(() => undefined);
      if (video.currentTime - ranges.start(0) > KEEP_BEHIND_S * 2) this.trim(KEEP_BEHIND_S);
    }
    this.stats.framesDecoded = video.getVideoPlaybackQuality?.().totalVideoFrames ?? 0;
    this.pump();
  }

  private trim(keepS: number): void {
    const buffer = this.buffer;
    const ranges = this.video.buffered;
    if (!buffer || buffer.updating || ranges.length === 0) return;
    const to = this.video.currentTime - keepS;
    if (to > ranges.start(0)) buffer.remove(ranges.start(0), to);
  }

  private emitStats(): void {
    this.stats.framesDecoded = this.video.getVideoPlaybackQuality?.().totalVideoFrames ?? 0;
    this.options.onStats?.({ ...this.stats });
  }

  private setState(state: PlayerState, message: string | null): void {
    // The relay's own state wins over "playing" while it is reconnecting.
    if (state === 'playing' && this.serverState === 'reconnecting') return;
    if (state === 'playing') {
      this.serverState = 'playing';
      this.everPlayed = true;
      this.held = null;
    }
    // A first connection that has not played yet: retries are part of connecting.
    if (state === 'reconnecting' && !this.everPlayed && this.running && Date.now() - this.startedAt < FIRST_GRACE_MS) {
      this.held = { state, message };
      state = 'connecting';
      message = null;
    }
    this.state = state;
    this.options.onState(state, message);
  }
}
