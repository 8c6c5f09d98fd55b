// H.265 for a browser that cannot decode it (Chromium here has no HEVC decoder): while someone
// watches, a second ffmpeg reads the copy relay's fragmented MP4 from its stdin (a tap on the
// camera's one pull: no second connection to the camera) and encodes H.264 at no more than
// 640×360, one keyframe a second, on one thread each for decoding and encoding (its CPU budget).
// Recording keeps taking the H.265 as it comes from the same copy relay.
import type { Writable } from 'node:stream';
import type { RelayTap } from './relay.js';

/** The largest picture the transcoder makes (the sub-stream budget). */
export const TRANSCODE_MAX = { width: 640, height: 360 } as const;
/** Bytes queued for the transcoder before it skips to the next keyframe (it fell behind). */
const MAX_FEED_BACKLOG = 4 * 1024 * 1024;

/** ffmpeg: fMP4 (any codec ffmpeg decodes) on stdin → H.264 fMP4, one frame a fragment, on stdout. */
export function transcodeArgs(max: { width: number; height: number } = TRANSCODE_MAX): string[] {
  return [
    '-hide_banner', '-loglevel', 'error', '-nostdin',
    // No -fflags nobuffer here: it drops the packets read while probing, which are the keyframe
    // the decoder must start from (the copy relay can drop them: it decodes nothing).
    '-flags', 'low_delay',
    '-probesize', '32768', '-analyzeduration', '0',
    '-threads', '1',
    '-f', 'mp4', '-i', 'pipe:0',
    '-map', '0:v:0', '-an',
    '-vf', `scale=w='min(${max.width},iw)':h='min(${max.height},ih)':force_original_aspect_ratio=decrease:force_divisible_by=2`,
    '-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-profile:v', 'baseline', '-pix_fmt', 'yuv420p',
    '-threads', '1', '-force_key_frames', 'expr:gte(t,n_forced*1)',
    '-b:v', '600k', '-maxrate', '800k', '-bufsize', '800k',
    '-f', 'mp4', '-movflags', 'frag_keyframe+frag_every_frame+empty_moov+default_base_moof', 'pipe:1',
  ];
}

/**
 * Feeds one transcoder run from the copy relay: the init segment, then fragments from a
 * keyframe on. The relay's source starting again (a new init segment, or lost) restarts the
 * transcoder: ffmpeg's MP4 reader takes one init segment per run.
 */
export class TranscodeFeed implements RelayTap {
  private inited = false;
  private flowing = false;

  constructor(
    private readonly stdin: Writable,
    private readonly restart: () => void,
  ) {}

  init(data: Buffer): void {
    if (this.inited) {
      this.restart();
      return;
    }
    this.inited = true;
    this.stdin.write(data);
  }

  fragment(data: Buffer, keyframe: boolean): void {
    if (!this.inited || this.stdin.destroyed) return;
    if (!this.flowing) {
      if (!keyframe) return;
      this.flowing = true;
    }
    if (this.stdin.writableLength > MAX_FEED_BACKLOG) {
      this.flowing = false; // the transcoder cannot keep up: drop to the next keyframe
      return;
    }
    this.stdin.write(data);
  }

  lost(): void {
    this.restart();
  }
}

/**
 * ffmpeg: a recorded H.265 file → an H.264 fMP4 of the same span (its decode times still start
 * at 0, so the player places it as it places the original), one keyframe a second.
 */
export function fileTranscodeArgs(input: string, output: string, max: { width: number; height: number } = TRANSCODE_MAX): string[] {
  return [
    '-hide_banner', '-loglevel', 'error', '-nostdin', '-y',
    '-threads', '1', '-i', input,
    '-map', '0:v:0', '-an',
    '-vf', `scale=w='min(${max.width},iw)':h='min(${max.height},ih)':force_original_aspect_ratio=decrease:force_divisible_by=2`,
    '-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-profile:v', 'baseline', '-pix_fmt', 'yuv420p',
    '-threads', '1', '-force_key_frames', 'expr:gte(t,n_forced*1)', '-crf', '26',
    '-f', 'mp4', '-movflags', 'frag_keyframe+empty_moov+default_base_moof', output,
  ];
}
