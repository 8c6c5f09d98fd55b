// Fragmented MP4 as ffmpeg writes it to a pipe (empty_moov + frag_every_frame): top-level
// boxes cut from the byte stream, the init segment (ftyp + moov), and media fragments
// (moof + mdat, one frame each). Also what MediaSource needs to know: the codec string
// (`avc1.PPCCLL` from the avcC box, `hev1.P.C.TL.B` from hvcC for H.265), the picture size,
// and whether a fragment holds a keyframe.

export interface Box {
  type: string;
  data: Buffer;
}

/**
 * Cuts complete top-level boxes out of a byte stream. A box that spans several pipe chunks (a
 * 1080p keyframe is a few) is joined once, when its last byte has come, not at every chunk.
 */
export class BoxReader {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** Bytes the box at the head needs (known once its header has come); 8 before. */
  private need = 8;

  push(chunk: Buffer): Box[] {
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    if (this.pendingBytes < this.need) return [];
    let buffer = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending, this.pendingBytes);
    const boxes: Box[] = [];
    let offset = 0;
    this.need = 8;
    while (buffer.length - offset >= 8) {
      let size = buffer.readUInt32BE(offset);
      let header = 8;
      if (size === 1) {
        if (buffer.length - offset < 16) {
          this.need = 16;
          break;
        }
        size = Number(buffer.readBigUInt64BE(offset + 8));
        header = 16;
      }
      if (size < header) throw new Error(`bad MP4 box size ${size}`);
      if (buffer.length - offset < size) {
        this.need = size;
        break;
      }
      boxes.push({ type: buffer.toString('latin1', offset + 4, offset + 8), data: buffer.subarray(offset, offset + size) });
      offset += size;
    }
    buffer = buffer.subarray(offset);
    this.pending = buffer.length ? [buffer] : [];
    this.pendingBytes = buffer.length;
    return boxes;
  }
}

/** The bytes of consecutive slices as one Buffer: a view when they lie side by side in one buffer (as the reader cuts them), else a copy. */
function joined(parts: Buffer[]): Buffer {
  let contiguous = true;
  for (let i = 1; i < parts.length && contiguous; i++) {
    const a = parts[i - 1]!;
    const b = parts[i]!;
    contiguous = a.buffer === b.buffer && a.byteOffset + a.length === b.byteOffset;
  }
  if (!contiguous) return Buffer.concat(parts);
  const first = parts[0]!;
  const last = parts[parts.length - 1]!;
  return Buffer.from(first.buffer, first.byteOffset, last.byteOffset + last.length - first.byteOffset);
}

/** The first box of a type anywhere inside (a plain byte search, guarded by the size field). */
function findBox(data: Buffer, type: string, from = 0): number {
  for (let at = data.indexOf(type, from, 'latin1'); at >= 4; at = data.indexOf(type, at + 1, 'latin1')) {
    const size = data.readUInt32BE(at - 4);
    if (size >= 8 && at - 4 + size <= data.length) return at - 4;
  }
  return -1;
}

export interface VideoTrackInfo {
  /** e.g. avc1.42C01F, hev1.1.6.L93.B0 */
  codec: string;
  width: number | null;
  height: number | null;
  /** Bytes of each NAL length prefix in the samples (from avcC / hvcC). */
  nalLengthSize: number;
  /** H.265 (HEVC): NAL types are read differently, and Chromium here cannot play it. */
  hevc: boolean;
}

/** Whether a codec string names H.265 (hev1/hvc1), which the wall plays only through the H.264 transcoder. */
export const isHevc = (codec: string | null | undefined): boolean => !!codec && /^(hev1|hvc1)\b/i.test(codec);

/** The RFC 6381 string of an H.265 track from its hvcC record (ISO/IEC 14496-15 E.3). */
function hevcCodec(entry: string, init: Buffer, body: number): string {
  const b1 = init[body + 1]!;
  const space = ['', 'A', 'B', 'C'][b1 >> 6]!;
  const tier = b1 & 0x20 ? 'H' : 'L';
  const profile = b1 & 0x1f;
  // The compatibility flags are written bit-reversed, in hex without leading zeros.
  let flags = init.readUInt32BE(body + 2);
  let reversed = 0;
  for (let i = 0; i < 32; i++, flags >>>= 1) reversed = (reversed << 1) | (flags & 1);
  const constraints = [...init.subarray(body + 6, body + 12)];
  while (constraints.length && constraints[constraints.length - 1] === 0) constraints.pop();
  const level = init[body + 12]!;
  return [`${entry}.${space}${profile}`, (reversed >>> 0).toString(16).toUpperCase(), `${tier}${level}`, ...constraints.map((c) => c.toString(16).toUpperCase())].join('.');
}

/** What the init segment says about its H.264 or H.265 track; undefined when it has neither. */
export function videoTrackInfo(init: Buffer): VideoTrackInfo | undefined {
  // visual sample entry: 8 header, 6 reserved, 2 data ref, 16 pre-defined/reserved, then width, height.
  const size = (entry: number) => (entry >= 0 && entry + 36 <= init.length ? { width: init.readUInt16BE(entry + 32), height: init.readUInt16BE(entry + 34) } : { width: null, height: null });
  const hvcC = findBox(init, 'hvcC');
  if (hvcC >= 0 && hvcC + 8 + 22 <= init.length) {
    const body = hvcC + 8;
    const hvc1 = findBox(init, 'hvc1');
    const entry = hvc1 >= 0 ? hvc1 : findBox(init, 'hev1');
    return { codec: hevcCodec(hvc1 >= 0 ? 'hvc1' : 'hev1', init, body), ...size(entry), nalLengthSize: (init[body + 21]! & 0x03) + 1, hevc: true };
  }
  const avcC = findBox(init, 'avcC');
  if (avcC < 0 || avcC + 13 > init.length) return undefined;
  const hex = (b: number) => b.toString(16).toUpperCase().padStart(2, '0');
  const body = avcC + 8;
  const codec = `avc1.${hex(init[body + 1]!)}${hex(init[body + 2]!)}${hex(init[body + 3]!)}`;
  const nalLengthSize = (init[body + 4]! & 0x03) + 1;
  return { codec, ...size(findBox(init, 'avc1')), nalLengthSize, hevc: false };
}

/**
 * Whether an mdat (box bytes) holds a keyframe: its NAL units are length-prefixed; an H.264 IDR
 * is type 5, an H.265 random access point (BLA, IDR, CRA) types 16–21.
 */
export function mdatHasKeyframe(mdat: Buffer, nalLengthSize = 4, hevc = false): boolean {
  let offset = 8;
  while (offset + nalLengthSize < mdat.length) {
    let length = 0;
    for (let i = 0; i < nalLengthSize; i++) length = length * 256 + mdat[offset + i]!;
    const header = mdat[offset + nalLengthSize]!;
    if (hevc) {
      const type = (header >> 1) & 0x3f;
      if (type >= 16 && type <= 21) return true;
    } else if ((header & 0x1f) === 5) return true;
    if (length <= 0) return false;
    offset += nalLengthSize + length;
  }
  return false;
}

export type Fmp4Event = { kind: 'init'; data: Buffer; info: VideoTrackInfo | undefined } | { kind: 'fragment'; data: Buffer; keyframe: boolean };

/** Groups boxes into the init segment and fragments (moof + mdat, with what came between). */
export class Fmp4Segmenter {
  private readonly reader = new BoxReader();
  private initParts: Buffer[] = [];
  private fragmentParts: Buffer[] = [];
  private info: VideoTrackInfo | undefined;

  push(chunk: Buffer): Fmp4Event[] {
    const events: Fmp4Event[] = [];
    for (const box of this.reader.push(chunk)) {
      switch (box.type) {
        case 'ftyp':
          this.initParts = [box.data];
          break;
        case 'moov': {
          const init = Buffer.concat([...this.initParts, box.data]);
          this.initParts = [];
          this.info = videoTrackInfo(init);
          events.push({ kind: 'init', data: init, info: this.info });
          break;
        }
        case 'moof':
          this.fragmentParts = [box.data];
          break;
        case 'mdat': {
          if (this.fragmentParts.length === 0) break; // an mdat without its moof: nothing to play
          // moof and mdat usually arrive in one chunk: the fragment is then a view, not a copy.
          const data = joined([...this.fragmentParts, box.data]);
          this.fragmentParts = [];
          events.push({ kind: 'fragment', data, keyframe: mdatHasKeyframe(box.data, this.info?.nalLengthSize, this.info?.hevc) });
          break;
        }
        default:
          // styp, sidx, prft, free: kept with the fragment they precede
          if (this.fragmentParts.length) this.fragmentParts.push(box.data);
      }
    }
    return events;
  }
}

/** Cuts JPEG images (FFD8 … FFD9) out of an image2pipe byte stream. */
export class JpegReader {
  private buffer: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): Buffer[] {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    const images: Buffer[] = [];
    for (;;) {
      const start = this.buffer.indexOf(Buffer.from([0xff, 0xd8]));
      if (start < 0) {
        this.buffer = Buffer.alloc(0);
        break;
      }
      const end = this.buffer.indexOf(Buffer.from([0xff, 0xd9]), start + 2);
      if (end < 0) {
        this.buffer = this.buffer.subarray(start);
        if (this.buffer.length > 16 * 1024 * 1024) this.buffer = Buffer.alloc(0); // not JPEG after all
        break;
      }
      images.push(Buffer.from(this.buffer.subarray(start, end + 2)));
      this.buffer = this.buffer.subarray(end + 2);
    }
    return images;
  }
}

/** The children of a container box (its body starts after the 8-byte header). */
function childBoxes(data: Buffer, from: number, to: number): { type: string; at: number; size: number }[] {
  const out: { type: string; at: number; size: number }[] = [];
  for (let at = from; at + 8 <= to; ) {
    const size = data.readUInt32BE(at);
    if (size < 8 || at + size > to) break;
    out.push({ type: data.toString('latin1', at + 4, at + 8), at, size });
    at += size;
  }
  return out;
}

/** The video track's timescale (ticks per second) from the init segment's mdhd; 90 kHz when absent. */
export function trackTimescale(init: Buffer): number {
  const mdhd = findBox(init, 'mdhd');
  if (mdhd < 0) return 90_000;
  const version = init[mdhd + 8]!;
  return init.readUInt32BE(mdhd + (version === 1 ? 28 : 20));
}

export interface FragmentTiming {
  /** baseMediaDecodeTime of the fragment (ticks). */
  start: number;
  /** Sum of its sample durations (ticks); 0 when not said. */
  duration: number;
  /** Where tfdt's time field is, and its size in bytes (for rebasing). */
  tfdtAt: number;
  tfdtBytes: 4 | 8;
}

/** When a fragment (moof + mdat) starts and how long it lasts, from tfdt, tfhd and trun. */
export function fragmentTiming(fragment: Buffer): FragmentTiming | undefined {
  const moof = childBoxes(fragment, 0, fragment.length).find((b) => b.type === 'moof');
  if (!moof) return undefined;
  const traf = childBoxes(fragment, moof.at + 8, moof.at + moof.size).find((b) => b.type === 'traf');
  if (!traf) return undefined;
  let timing: FragmentTiming | undefined;
  let defaultDuration = 0;
  let duration = 0;
  for (const box of childBoxes(fragment, traf.at + 8, traf.at + traf.size)) {
    const body = box.at + 8;
    const version = fragment[body]!;
    const flags = fragment.readUIntBE(body + 1, 3);
    if (box.type === 'tfdt') {
      const start = version === 1 ? Number(fragment.readBigUInt64BE(body + 4)) : fragment.readUInt32BE(body + 4);
      timing = { start, duration: 0, tfdtAt: body + 4, tfdtBytes: version === 1 ? 8 : 4 };
    } else if (box.type === 'tfhd') {
      // track id, then optional fields in flag order: base offset (8), description index (4), default duration (4)
      let at = body + 8;
      if (flags & 0x01) at += 8;
      if (flags & 0x02) at += 4;
      if (flags & 0x08) defaultDuration = fragment.readUInt32BE(at);
    } else if (box.type === 'trun') {
      const count = fragment.readUInt32BE(body + 4);
      let at = body + 8;
      if (flags & 0x01) at += 4;
      if (flags & 0x04) at += 4;
      const per = [0x100, 0x200, 0x400, 0x800].filter((f) => flags & f).length * 4;
      for (let i = 0; i < count; i++, at += per) duration += flags & 0x100 ? fragment.readUInt32BE(at) : defaultDuration;
    }
  }
  if (timing) timing.duration = duration;
  return timing;
}

/** A copy of the fragment whose decode time is moved back by `minus` ticks (a segment file starts at 0). */
export function rebaseFragment(fragment: Buffer, timing: FragmentTiming, minus: number): Buffer {
  const out = Buffer.from(fragment);
  const value = Math.max(0, timing.start - minus);
  if (timing.tfdtBytes === 8) out.writeBigUInt64BE(BigInt(value), timing.tfdtAt);
  else out.writeUInt32BE(value, timing.tfdtAt);
  return out;
}
