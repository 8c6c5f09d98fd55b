// The heatmap columns kept in a file beside the database (gridhall.columns), so a large county
// does not read its whole case table at every start (issue 20: 76 s for 3.5 M cases). The file
// records the trail's high-water mark it is current to (the last case event and the last case);
// on start the columns are read from it in one piece and viewed in place (typed arrays over the
// file's bytes, no second copy), then brought up to the database by re-reading only the cases
// with newer events. A file that is missing, damaged, of another format or ahead of the
// database (a restored backup) is ignored: the columns are rebuilt from the case table.
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { ColumnSnapshot } from './columns.js';

const MAGIC = 'GHCOLS01';

/** The column file of a data folder: beside the database. */
export function columnFilePath(dataDir: string): string {
  return path.join(dataDir, 'gridhall.columns');
}
const ALIGN = 8;

/** Where the columns are current to: the newest case event and the newest case. */
export interface ColumnMarks {
  events: number;
  cases: number;
}

interface Header {
  utcOffsetMs: number;
  marks: ColumnMarks;
  length: number;
  sorted: number;
  dims: Record<string, string[]>;
  arrays: { name: string; type: string; offset: number; length: number }[];
}

const TYPES = { Int32Array, Uint32Array, Uint16Array, Uint8Array, Float32Array } as const;
type TypeName = keyof typeof TYPES;
type Typed = ColumnSnapshot['arrays'][string];

const align = (n: number) => Math.ceil(n / ALIGN) * ALIGN;

/** Writes the columns and their marks (to a temporary file first: a crash leaves the old one). */
export function writeColumnFile(file: string, snapshot: ColumnSnapshot, marks: ColumnMarks): void {
  const arrays = Object.entries(snapshot.arrays) as [string, Typed][];
  const entries: Header['arrays'] = [];
  // The header's length is fixed before the offsets are known: offsets count from the data start.
  let offset = 0;
  for (const [name, array] of arrays) {
    entries.push({ name, type: array.constructor.name, offset, length: array.length });
    offset = align(offset + array.byteLength);
  }
  const header: Header = { utcOffsetMs: snapshot.utcOffsetMs, marks, length: snapshot.length, sorted: snapshot.sorted, dims: snapshot.dims, arrays: entries };
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const prefix = Buffer.alloc(align(MAGIC.length + 4 + json.length));
  prefix.write(MAGIC, 0, 'latin1');
  prefix.writeUInt32LE(json.length, MAGIC.length);
  json.copy(prefix, MAGIC.length + 4);
  const temporary = `${file}.tmp`;
  const fd = openSync(temporary, 'w');
  try {
    writeSync(fd, prefix);
    let at = 0;
    for (const [, array] of arrays) {
      const bytes = Buffer.from(array.buffer, array.byteOffset, array.byteLength);
      writeSync(fd, bytes);
      const padded = align(at + array.byteLength);
      if (padded > at + array.byteLength) writeSync(fd, Buffer.alloc(padded - at - array.byteLength));
      at = padded;
    }
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, file);
}

/** Reads a column file: its arrays are views over the one buffer read. Undefined when absent or unusable. */
export function readColumnFile(file: string, utcOffsetMs: number): { snapshot: ColumnSnapshot; marks: ColumnMarks } | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return undefined;
  }
  // A small file may be read into a shared pool at any offset: typed views need alignment.
  if (bytes.byteOffset % ALIGN !== 0) {
    const copy = new Uint8Array(new ArrayBuffer(bytes.length));
    copy.set(bytes);
    bytes = Buffer.from(copy.buffer);
  }
  try {
    if (bytes.length < MAGIC.length + 4 || bytes.toString('latin1', 0, MAGIC.length) !== MAGIC) return undefined;
    const jsonLength = bytes.readUInt32LE(MAGIC.length);
    const header = JSON.parse(bytes.toString('utf8', MAGIC.length + 4, MAGIC.length + 4 + jsonLength)) as Header;
    if (header.utcOffsetMs !== utcOffsetMs) return undefined;
    const start = bytes.byteOffset + align(MAGIC.length + 4 + jsonLength);
    const arrays: Record<string, Typed> = {};
    for (const entry of header.arrays) {
      const Type = TYPES[entry.type as TypeName];
      if (!Type) return undefined;
      const at = start + entry.offset;
      if (at % Type.BYTES_PER_ELEMENT !== 0 || at - bytes.byteOffset + entry.length * Type.BYTES_PER_ELEMENT > bytes.length) return undefined;
      arrays[entry.name] = new Type(bytes.buffer as ArrayBuffer, at, entry.length); // readFileSync gives an ArrayBuffer
    }
    return { snapshot: { utcOffsetMs, length: header.length, sorted: header.sorted, dims: header.dims, arrays }, marks: header.marks };
  } catch {
    return undefined;
  }
}

export function removeColumnFile(file: string): void {
  rmSync(file, { force: true });
}
