// dBASE III (.dbf) attribute tables, as written beside every Shapefile. Fixed-width records;
// text in the file's code page (GBK in most Chinese deliveries). Only the fields asked for are
// decoded, and each text value is checked for its encoding on its own, so a file that mixes
// GBK and UTF-8 rows reads correctly and says which rows differ.
import { ChunkedFile } from './binary-file.js';
import { SourceError, type ReadNote } from './source.js';
import { decode, detectEncoding, encodingOfCpg, hasHighBytes, isUtf8, type TextEncoding } from './text.js';

export interface DbfField {
  name: string;
  type: string;
  offset: number;
  length: number;
  decimals: number;
}

export interface DbfHeader {
  count: number;
  headerLength: number;
  recordLength: number;
  fields: DbfField[];
  /** Language driver byte (0x4D = GBK / code page 936). */
  languageDriver: number;
}

const LDID_GBK = new Set([0x4d, 0x7a]);

export class DbfReader {
  readonly header: DbfHeader;
  readonly encoding: TextEncoding;
  readonly encodingSource: 'cpg' | 'dbf-header' | 'detected' | 'default';
  private readonly file: ChunkedFile;

  constructor(
    readonly path: string,
    cpg: string | undefined,
  ) {
    this.file = new ChunkedFile(path);
    try {
      this.header = this.readHeader();
      const fromCpg = cpg === undefined ? undefined : encodingOfCpg(cpg);
      if (fromCpg) {
        this.encoding = fromCpg;
        this.encodingSource = 'cpg';
      } else if (LDID_GBK.has(this.header.languageDriver)) {
        this.encoding = 'gbk';
        this.encodingSource = 'dbf-header';
      } else {
        const sample = this.textSample();
        this.encoding = detectEncoding(sample);
        this.encodingSource = hasHighBytes(sample) ? 'detected' : 'default';
      }
    } catch (error) {
      this.file.close();
      throw error;
    }
  }

  private readHeader(): DbfHeader {
    const head = this.file.readAt(0, 32);
    if (head.length < 32) throw new SourceError('dbf.truncated', `the .dbf is only ${head.length} bytes: it has no header`, { bytes: head.length });
    const count = head.readUInt32LE(4);
    const headerLength = head.readUInt16LE(8);
    const recordLength = head.readUInt16LE(10);
    if (headerLength < 33 || recordLength < 1) throw new SourceError('dbf.invalid', 'the .dbf header is not a dBASE header');
    const block = this.file.readAt(32, headerLength - 32);
    const fields: DbfField[] = [];
    let offset = 1;
    for (let at = 0; at + 32 <= block.length && block[at] !== 0x0d; at += 32) {
      let nameEnd = at;
      while (nameEnd < at + 11 && block[nameEnd] !== 0) nameEnd++;
      const rawName = block.subarray(at, nameEnd);
      const name = (isUtf8(rawName) ? rawName.toString('utf8') : decode(rawName, 'gbk')).trim();
      const field: DbfField = { name, type: String.fromCharCode(block[at + 11]!), offset, length: block[at + 16]!, decimals: block[at + 17]! };
      fields.push(field);
      offset += field.length;
    }
    if (fields.length === 0) throw new SourceError('dbf.invalid', 'the .dbf declares no fields');
    if (offset !== recordLength) {
      throw new SourceError('dbf.invalid', `the .dbf fields add up to ${offset} bytes but its records are ${recordLength} bytes`);
    }
    const expected = headerLength + count * recordLength;
    if (this.file.size < expected) {
      const whole = Math.max(0, Math.floor((this.file.size - headerLength) / recordLength));
      throw new SourceError(
        'dbf.truncated',
        `the .dbf is cut short: its header promises ${count} records (${expected} bytes) but the file has ${this.file.size} bytes, room for ${whole} records`,
        { expected: count, present: whole },
      );
    }
    return { count, headerLength, recordLength, fields, languageDriver: head[29]! };
  }

  /** Text bytes of the first records, to decide the encoding when nothing says it. */
  private textSample(): Uint8Array {
    const { headerLength, recordLength, count, fields } = this.header;
    const n = Math.min(count, 2000);
    const bytes = this.file.readAt(headerLength, n * recordLength);
    const parts: Buffer[] = [];
    for (let r = 0; r < n; r++) {
      for (const f of fields) {
        if (f.type !== 'C') continue;
        const start = r * recordLength + f.offset;
        if (hasHighBytes(bytes, start, start + f.length)) parts.push(bytes.subarray(start, start + f.length));
      }
    }
    // Judge value by value: a GBK value is rarely valid UTF-8, so any invalid value means GBK.
    return parts.some((p) => !isUtf8(trimmed(p))) ? Buffer.from([0xff]) : Buffer.concat(parts.slice(0, 1));
  }

  get bytes(): number {
    return this.file.size;
  }

  /**
   * Reads records [from, from + n) as objects of the wanted fields. Deleted records ('*') come
   * back as null so numbering stays aligned with the .shp.
   */
  *records(wanted?: readonly string[], notes?: ReadNote[], rowOffset = 1): Generator<Record<string, string | number | boolean | null> | null> {
    const { headerLength, recordLength, count } = this.header;
    const fields = wanted ? this.header.fields.filter((f) => wanted.includes(f.name)) : this.header.fields;
    this.file.seek(headerLength);
    for (let r = 0; r < count; r++) {
      const rec = this.file.take(recordLength);
      if (rec.length < recordLength) {
        throw new SourceError('dbf.truncated', `the .dbf ends inside record ${r + 1}`, { expected: count, present: r });
      }
      if (rec[0] === 0x2a) {
        yield null;
        continue;
      }
      const out: Record<string, string | number | boolean | null> = {};
      for (const f of fields) out[f.name] = this.value(rec, f, r + rowOffset, notes);
      yield out;
    }
  }

  private value(rec: Buffer, f: DbfField, row: number, notes?: ReadNote[]): string | number | boolean | null {
    let start = f.offset;
    let end = f.offset + f.length;
    while (start < end && (rec[start] === 0x20 || rec[start] === 0)) start++;
    while (end > start && (rec[end - 1] === 0x20 || rec[end - 1] === 0)) end--;
    if (start === end) return null;
    switch (f.type) {
      case 'N':
      case 'F': {
        const text = rec.toString('latin1', start, end);
        if (/^\*+$/.test(text)) return null;
        const n = Number(text);
        return Number.isFinite(n) ? n : text;
      }
      case 'L': {
        const c = String.fromCharCode(rec[start]!).toUpperCase();
        return c === 'Y' || c === 'T' ? true : c === 'N' || c === 'F' ? false : null;
      }
      case 'D': {
        const t = rec.toString('latin1', start, end);
        return /^\d{8}$/.test(t) ? `${t.slice(0, 4)}-${t.slice(4, 6)}-${t.slice(6, 8)}` : t;
      }
      default: {
        if (!hasHighBytes(rec, start, end)) return rec.toString('latin1', start, end);
        const utf8 = isUtf8(rec, start, end);
        const used: TextEncoding = this.encoding === 'gbk' && utf8 ? 'utf-8' : this.encoding === 'utf-8' && !utf8 ? 'gbk' : this.encoding;
        if (used !== this.encoding && notes && notes.length < 100_000 && notes[notes.length - 1]?.row !== row) {
          notes.push({
            row,
            code: 'encoding.mixed',
            message: `record ${row} field ${f.name} is ${used === 'utf-8' ? 'UTF-8' : 'GBK'} while the file is ${this.encoding === 'utf-8' ? 'UTF-8' : 'GBK'}; read as ${used === 'utf-8' ? 'UTF-8' : 'GBK'}`,
            params: { field: f.name, found: used, file: this.encoding },
          });
        }
        return decode(rec, used, start, end);
      }
    }
  }

  close(): void {
    this.file.close();
  }
}

function trimmed(b: Buffer): Buffer {
  let end = b.length;
  while (end > 0 && (b[end - 1] === 0x20 || b[end - 1] === 0)) end--;
  return b.subarray(0, end);
}
