// Plays a camera's recordings through MediaSource, like the live player: each segment file
// (init + fragments whose times start at 0) is appended with a timestampOffset that puts it at
// its wall-clock place, so the video's currentTime is (wall time − origin) in seconds. The
// segments around the play head are fetched as it moves; buffer far behind is dropped. Rate
// 1×–16× is the element's own playbackRate; sync between players is the caller's (seek when
// a player drifts from the shared play head).
import type { RecordedSegment } from '../../../core/contract/index';
import { canPlayHevc, isHevcCodec } from './mse-player';

/** What the server's H.264 copies of H.265 recordings are (x264 baseline). */
const H264_COPY_CODEC = 'avc1.42C01E';

export type ReplayState = 'idle' | 'loading' | 'playing' | 'paused' | 'gap' | 'error';

export interface ReplayOptions {
  /** Fetches one segment's bytes (with the session's token); h264: an H.265 segment as the server's H.264 copy. */
  fetchSegment(id: number, h264: boolean): Promise<ArrayBuffer>;
  onState(state: ReplayState, message: string | null): void;
}

/** Segments fetched ahead of the play head. */
const AHEAD = 2;
/** Buffer further behind the play head than this is removed (seconds). */
const KEEP_BEHIND_S = 30;

export class ReplayPlayer {
  private media: MediaSource | null = null;
  private buffer: SourceBuffer | null = null;
  private objectUrl: string | null = null;
  private segments: RecordedSegment[] = [];
  private readonly appended = new Set<number>();
  private readonly pending = new Set<number>();
  private queue: { id: number; offset: number; data: ArrayBuffer }[] = [];
  private codec: string | null = null;
  /** The recordings are H.265 and this browser cannot decode it: segments come as H.264 copies (转码中). */
  private transcodedFrom: string | null = null;
  private origin = 0;
  private rate = 1;
  private wantPlaying = false;
  private state: ReplayState = 'idle';

  constructor(
    private readonly video: HTMLVideoElement,
    private readonly options: ReplayOptions,
  ) {
    video.muted = true;
    video.playsInline = true;
    video.addEventListener('timeupdate', () => this.onTime());
    video.addEventListener('playing', () => this.setState('playing'));
    video.addEventListener('waiting', () => this.onTime());
  }

  /** The codec the recordings have when the server transcodes them for this browser (转码中), else null. */
  get transcoded(): string | null {
    return this.transcodedFrom;
  }

  /** The wall-clock time (ms) shown now, or null before anything is loaded. */
  get wallTime(): number | null {
    return this.media ? this.origin + this.video.currentTime * 1000 : null;
  }

  /** The recordings to play; `origin` is the wall time of currentTime 0 (e.g. the day's start). */
  load(segments: RecordedSegment[], origin: number): void {
    const codec = segments[0]?.codec ?? null;
    if (this.media && codec === this.codec && origin === this.origin) {
      this.segments = segments;
      return;
    }
    this.reset();
    this.segments = segments;
    this.origin = origin;
    this.codec = codec;
    this.transcodedFrom = isHevcCodec(codec) && !canPlayHevc() ? codec : null;
    if (!codec) return;
    const type = `video/mp4; codecs="${this.transcodedFrom ? H264_COPY_CODEC : codec}"`;
    if (!('MediaSource' in window) || !MediaSource.isTypeSupported(type)) {
      this.setState('error', `This browser cannot play ${codec} (浏览器不支持此视频格式)`);
      return;
    }
    const media = new MediaSource();
    this.media = media;
    this.objectUrl = URL.createObjectURL(media);
    this.video.src = this.objectUrl;
    media.addEventListener(
      'sourceopen',
      () => {
        if (this.media !== media) return;
        const buffer = media.addSourceBuffer(type);
        buffer.mode = 'segments';
        buffer.addEventListener('updateend', () => this.pump());
        this.buffer = buffer;
        media.duration = 7 * 86_400; // a week of timeline; the ranges say where there is video
        this.pump();
      },
      { once: true },
    );
  }

  /** Shows the picture at a wall time (ms): fetches what is needed and moves there. */
  seek(at: number): void {
    if (!this.media) return;
    this.video.currentTime = Math.max(0, (at - this.origin) / 1000);
    this.fetchAround(at);
    this.onTime();
  }

  setRate(rate: number): void {
    this.rate = rate;
    this.video.playbackRate = rate;
  }

  play(): void {
    this.wantPlaying = true;
    this.video.playbackRate = this.rate;
    void this.video.play().catch(() => undefined);
  }

  pause(): void {
    this.wantPlaying = false;
    this.video.pause();
    this.setState('paused');
  }

  /** One frame forward or back (paused). */
  step(frames: number, fps = 15): void {
    this.pause();
    this.video.currentTime = Math.max(0, this.video.currentTime + frames / fps);
  }

  destroy(): void {
    this.reset();
  }

  private segmentAt(at: number): number {
    return this.segments.findIndex((s) => Date.parse(s.start) <= at && at < Date.parse(s.end));
  }

  private fetchAround(at: number): void {
    let index = this.segmentAt(at);
    if (index < 0) index = this.segments.findIndex((s) => Date.parse(s.start) > at);
    if (index < 0) return;
    for (const s of this.segments.slice(index, index + 1 + AHEAD)) {
      if (this.appended.has(s.id) || this.pending.has(s.id)) continue;
      this.pending.add(s.id);
      const offset = (Date.parse(s.start) - this.origin) / 1000;
      this.options
        .fetchSegment(s.id, this.transcodedFrom !== null)
        .then((data) => {
          this.queue.push({ id: s.id, offset, data });
          this.pump();
        })
        .catch((error: unknown) => {
          this.pending.delete(s.id);
          this.setState('error', error instanceof Error ? error.message : String(error));
        });
    }
  }

  private pump(): void {
    const buffer = this.buffer;
    if (!buffer || buffer.updating || this.queue.length === 0) return;
    const next = this.queue.shift()!;
    try {
      buffer.timestampOffset = next.offset;
      buffer.appendBuffer(next.data);
      this.appended.add(next.id);
      this.pending.delete(next.id);
    } catch (error) {
      if (error instanceof DOMException && error.name === 'QuotaExceededError') {
        this.queue.unshift(next);
        this.trim();
        return;
      }
      this.setState('error', String(error));
    }
  }

  private trim(): void {
    const buffer = this.buffer;
    if (!buffer || buffer.updating) return;
    const to = this.video.currentTime - KEEP_BEHIND_S;
    const ranges = this.video.buffered;
    if (ranges.length && to > ranges.start(0)) {
      buffer.remove(ranges.start(0), to);
      // what was removed must be fetched again if the play head comes back
      for (const s of this.segments) if ((Date.parse(s.end) - this.origin) / 1000 < to) this.appended.delete(s.id);
    }
  }

  private onTime(): void {
    const at = this.wallTime;
    if (at === null) return;
    this.fetchAround(at);
    if (this.video.currentTime > KEEP_BEHIND_S * 2) this.trim();
    const inRecording = this.segmentAt(at) >= 0;
    if (!inRecording) {
      this.setState('gap');
      // Jump over a gap to the next recording when playing.
      const next = this.segments.find((s) => Date.parse(s.start) > at);
      if (this.wantPlaying && next && Date.parse(next.start) - at < 5_000) this.video.currentTime = (Date.parse(next.start) - this.origin) / 1000;
    } else if (this.video.readyState < 3) {
      this.setState('loading');
    } else if (this.wantPlaying) {
      if (this.video.paused) void this.video.play().catch(() => undefined);
      this.setState('playing');
    }
  }

  private reset(): void {
    this.buffer = null;
    this.queue = [];
    this.appended.clear();
    this.pending.clear();
    if (this.media?.readyState === 'open') {
      try {
        this.media.endOfStream();
      } catch {
        // ending already
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

  private setState(state: ReplayState, message: string | null = null): void {
    if (state === this.state && message === null) return;
    this.state = state;
    this.options.onState(state, message);
  }
}
