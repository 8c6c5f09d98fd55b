// A photo is checked by decoding it, not only by its first bytes: a truncated or damaged file
// would show as a grey box in the case's evidence and could hide anything after its header.
// PNG is checked whole (every chunk's CRC, the image data inflated to exactly the size its
// header promises); JPEG and WebP are decoded by Skia (@napi-rs/canvas) and must also end
// where their structure says they end (JPEG's EOI marker after the scan, WebP's RIFF size),
// because Skia shows a cut-off file without complaint.
import { Image } from '@napi-rs/canvas';
import { crc32, inflateSync } from 'node:zlib';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const MAX_SIDE = 20_000;

/** Why the image cannot be used, or undefined when it decodes whole. */
export function imageDamage(bytes: Buffer, mime: string): string | undefined {
  switch (mime) {
    case 'image/png':
      return pngDamage(bytes);
    case 'image/jpeg':
      return jpegDamage(bytes) ?? decodeDamage(bytes);
    case 'image/webp':
      return webpDamage(bytes) ?? decodeDamage(bytes);
    default:
      return 'not an image type that is accepted';
  }
}

const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

function pngDamage(b: Buffer): string | undefined {
  if (b.length < 8 || !b.subarray(0, 8).equals(PNG_SIGNATURE)) return 'not a PNG';
  let at = 8;
  let header: { width: number; height: number; depth: number; colour: number; interlace: number } | undefined;
  const data: Buffer[] = [];
  let ended = false;
  while (at < b.length) {
    if (at + 12 > b.length) return 'the PNG is cut off inside a chunk';
    const length = b.readUInt32BE(at);
    const type = b.toString('latin1', at + 4, at + 8);
    if (at + 12 + length > b.length) return `the PNG is cut off inside its ${type} chunk`;
    const body = b.subarray(at + 4, at + 8 + length);
    if (crc32(body) !== b.readUInt32BE(at + 8 + length)) return `the PNG's ${type} chunk is damaged (checksum)`;
    const content = b.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR') {
      if (length !== 13) return 'the PNG header is malformed';
      header = { width: content.readUInt32BE(0), height: content.readUInt32BE(4), depth: content[8]!, colour: content[9]!, interlace: content[12]! };
    } else if (type === 'IDAT') {
      data.push(content);
    } else if (type === 'IEND') {
      ended = true;
      break;
    }
    at += 12 + length;
  }
  if (!header) return 'the PNG has no header';
  if (!ended) return 'the PNG is cut off (no IEND)';
  if (data.length === 0) return 'the PNG holds no image data';
  const channels = CHANNELS[header.colour];
  if (!channels || header.width === 0 || header.height === 0 || header.width > MAX_SIDE || header.height > MAX_SIDE) return 'the PNG header is malformed';
  let pixels: Buffer;
  try {
    pixels = inflateSync(Buffer.concat(data), { maxOutputLength: 512 * 1024 * 1024 });
  } catch {
    return 'the PNG image data is cut off or damaged';
  }
  const bitsPerPixel = channels * header.depth;
  const rowBytes = (w: number) => 1 + Math.ceil((w * bitsPerPixel) / 8);
  let expected = 0;
  if (header.interlace === 1) {
    // Adam7: seven passes, each a smaller image of its own rows.
    const passes = [[0, 0, 8, 8], [4, 0, 8, 8], [0, 4, 4, 8], [2, 0, 4, 4], [0, 2, 2, 4], [1, 0, 2, 2], [0, 1, 1, 2]] as const;
    for (const [x0, y0, dx, dy] of passes) {
      const w = Math.ceil((header.width - x0) / dx);
      const h = Math.ceil((header.height - y0) / dy);
      if (w > 0 && h > 0) expected += h * rowBytes(w);
    }
  } else {
    expected = header.height * rowBytes(header.width);
  }
  if (pixels.length < expected) return 'the PNG image data is cut off';
  return undefined;
}

function jpegDamage(b: Buffer): string | undefined {
  if (b.length < 4 || b[0] !== 0xff || b[1] !== 0xd8) return 'not a JPEG';
  const scan = b.indexOf(Buffer.from([0xff, 0xda]), 2);
  if (scan < 0) return 'the JPEG holds no image scan';
  const end = b.lastIndexOf(Buffer.from([0xff, 0xd9]));
  if (end < scan) return 'the JPEG is cut off (no end marker after its image data)';
  return undefined;
}

function webpDamage(b: Buffer): string | undefined {
  if (b.length < 16 || b.toString('latin1', 0, 4) !== 'RIFF' || b.toString('latin1', 8, 12) !== 'WEBP') return 'not a WebP';
  const size = b.readUInt32LE(4) + 8;
  if (b.length < size) return 'the WebP is cut off';
  return undefined;
}

function decodeDamage(b: Buffer): string | undefined {
  const image = new Image();
  let failed = false;
  image.onerror = () => (failed = true);
  try {
    image.src = b;
  } catch {
    return 'the image cannot be decoded';
  }
  if (failed || !(image.width > 0 && image.height > 0)) return 'the image cannot be decoded';
  if (image.width > MAX_SIDE || image.height > MAX_SIDE) return 'the image is larger than 20000 pixels on a side';
  return undefined;
}
