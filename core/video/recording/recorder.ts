// One camera's recorder: a tap on the relay's single pull (the same ffmpeg serves live and
// recording, as go2rtc and Frigate do). It writes the copied fMP4 into segment files that each
// start at a keyframe with their own init segment and their decode times moved to 0, so every
// file plays on its own. Wall-clock times come from the media clock, anchored once per relay
// run: segments abut without the jitter of arrival times. The index row is written when a
// segment opens and extended as it grows, so a killed server loses at most a few seconds of index.
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { StreamKind } from '../../contract/index.js';
import type { Logger } from '../../runtime/log.js';
import { fragmentTiming, rebaseFragment, trackTimescale, type RelayTap, type VideoTrackInfo } from '../index.js';
import type { RecordingStore } from './store.js';

export interface RecorderOptions {
  cameraId: number;
  stream: StreamKind;
  dataDir: string;
  store: RecordingStore;
  log: Logger;
  now: () => number;
  segmentMs: number;
  /** Whether a segment opened now is kept (events mode: only inside an event's window). */
  keptAt(startedAt: number): boolean;
  onSegmentClosed?(id: number, startedAt: number, endedAt: number, bytes: number): void;
  /** Writing failed (a full disk, a folder gone): the recorder has stopped writing. */
  onWriteError(error: NodeJS.ErrnoException): void;
}

/** How often an open segment's index row is brought up to date. */
const EXTEND_EVERY_MS = 2000;

interface OpenSegment {
  id: number;
  fd: number;
  startedAt: number;
  baseTicks: number;
  endTicks: number;
  bytes: number;
  extendedAt: number;
}

export function segmentFile(cameraId: number, stream: StreamKind, startedAt: number): string {
  const day = new Date(startedAt).toISOString().slice(0, 10);
  return path.join('recordings', String(cameraId), day, `${startedAt}-${stream}.mp4`);
}

export class Recorder implements RelayTap {
  private initData: Buffer | null = null;
  private info: VideoTrackInfo | undefined;
  private timescale = 90_000;
  private anchor: { wall: number; ticks: number } | null = null;
  private segment: OpenSegment | null = null;
  private lastDuration = 0;
  private failed = false;
  /** Bytes written since start (the bench's disk rate). */
  written = 0;

  constructor(private readonly options: RecorderOptions) {}

  get writing(): boolean {
    return this.segment !== null;
  }

  /** The index row of the segment being written, if any. */
  get segmentId(): number | null {
    return this.segment?.id ?? null;
  }

  async init(data: Buffer, info: VideoTrackInfo | undefined): Promise<void> {
    await this.close();
    this.initData = data;
    this.info = info;
    this.timescale = trackTimescale(data);
    this.anchor = null;
  }

  async fragment(data: Buffer, keyframe: boolean): Promise<void> {
    if (this.failed || !this.initData) return;
    const timing = fragmentTiming(data);
    if (!timing) return;
    if (!this.anchor) {
      if (!keyframe) return;
      this.anchor = { wall: this.options.now(), ticks: timing.start };
    }
    const wallOf = (ticks: number) => Math.round(this.anchor!.wall + ((ticks - this.anchor!.ticks) * 1000) / this.timescale);
    const at = wallOf(timing.start);
    if (keyframe && (!this.segment || at - this.segment.startedAt >= this.options.segmentMs)) {
      await this.close();
      await this.open(at, timing.start);
    }
    const segment = this.segment;
    if (!segment) return;
    if (timing.duration > 0) this.lastDuration = timing.duration;
    try {
      this.write(segment, rebaseFragment(data, timing, segment.baseTicks));
    } catch (error) {
      await this.fail(error as NodeJS.ErrnoException);
      return;
    }
    segment.endTicks = timing.start + (timing.duration || this.lastDuration);
    if (at - segment.extendedAt >= EXTEND_EVERY_MS) {
      segment.extendedAt = at;
      await this.options.store.extendSegment(segment.id, wallOf(segment.endTicks), segment.bytes);
    }
  }

  async lost(): Promise<void> {
    await this.close();
    this.anchor = null;
  }

  /** Closes the open segment (its index row gets its final end and size). */
  async close(): Promise<void> {
    const segment = this.segment;
    if (!segment) return;
    this.segment = null;
    const endedAt = this.anchor ? Math.round(this.anchor.wall + ((segment.endTicks - this.anchor.ticks) * 1000) / this.timescale) : segment.startedAt;
    try {
      closeSync(segment.fd);
    } catch {
      // already closed by a failed write
    }
    await this.options.store.extendSegment(segment.id, endedAt, segment.bytes);
    this.options.onSegmentClosed?.(segment.id, segment.startedAt, endedAt, segment.bytes);
  }

  private async open(startedAt: number, baseTicks: number): Promise<void> {
    const file = segmentFile(this.options.cameraId, this.options.stream, startedAt);
    const full = path.join(this.options.dataDir, file);
    let fd: number;
    try {
      mkdirSync(path.dirname(full), { recursive: true });
      fd = openSync(full, 'w');
    } catch (error) {
      await this.fail(error as NodeJS.ErrnoException);
      return;
    }
    const id = await this.options.store.openSegment({
      cameraId: this.options.cameraId,
      stream: this.options.stream,
      startedAt,
      endedAt: startedAt,
      file,
      bytes: 0,
      codec: this.info?.codec ?? null,
      width: this.info?.width ?? null,
      height: this.info?.height ?? null,
      kept: this.options.keptAt(startedAt),
    });
    this.segment = { id, fd, startedAt, baseTicks, endTicks: baseTicks, bytes: 0, extendedAt: startedAt };
    try {
      this.write(this.segment, this.initData!);
    } catch (error) {
      await this.fail(error as NodeJS.ErrnoException);
    }
  }

  private write(segment: OpenSegment, bytes: Buffer): void {
    writeSync(segment.fd, bytes);
    segment.bytes += bytes.length;
    this.written += bytes.length;
  }

  private async fail(error: NodeJS.ErrnoException): Promise<void> {
    this.failed = true;
    this.options.log.error({ camera: this.options.cameraId, err: error }, 'recording write failed');
    await this.close();
    this.options.onWriteError(error);
  }
}
