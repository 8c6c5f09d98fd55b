// Small real PNG files for upload tests (the server checks photos by their bytes): a
// gradient with a coloured block, so an enlarged photo visibly shows something.
import { crc32, deflateSync } from 'node:zlib';

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** An RGB PNG of the given size; `tint` shifts the colours so photos differ. */
export function makePng(width = 320, height = 240, tint = 0): Buffer {
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 3); // filter byte 0, then RGB
    for (let x = 0; x < width; x++) {
      const inBlock = x > width * 0.3 && x < width * 0.7 && y > height * 0.35 && y < height * 0.75;
      row[1 + x * 3] = inBlock ? 240 : (40 + tint + (x * 120) / width) & 255;
      row[2 + x * 3] = inBlock ? 180 : (70 + (y * 100) / height) & 255;
      row[3 + x * 3] = inBlock ? 40 : (110 + tint * 2) & 255;
    }
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // colour type: RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
