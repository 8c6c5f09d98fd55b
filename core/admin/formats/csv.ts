// CSV tables (csv-parse, streaming). Encoding: a UTF-8 byte-order mark, or valid UTF-8 in the
// first 256 KB, means UTF-8; otherwise GBK (what Excel in Chinese Windows saves as "CSV").
// Row numbers are line numbers as a spreadsheet shows them: the header is line 1.
import { parse } from 'csv-parse';
import { createReadStream, openSync, readSync, closeSync, statSync } from 'node:fs';
import iconv from 'iconv-lite';
import { DEFAULT_BATCH, SourceError, type FeatureSource, type ReadNote, type RecordBatchOptions, type SourceInfo, type SourceRecord } from './source.js';
import { detectEncoding, type TextEncoding } from './text.js';

const SAMPLE = 256 * 1024;

function head(file: string, n: number): Buffer {
  const fd = openSync(file, 'r');
  try {
    const b = Buffer.alloc(n);
    return b.subarray(0, readSync(fd, b, 0, n, 0));
  } finally {
    closeSync(fd);
  }
}

/** Cuts a sample at its last line end, so a multi-byte character is never split. */
function wholeLines(b: Buffer): Buffer {
  const end = b.lastIndexOf(0x0a);
  return end > 0 ? b.subarray(0, end) : b;
}

function delimiterOf(line: string): string {
  const counts = [',', ';', '\t', '|'].map((d) => [d, line.split(d).length] as const);
  counts.sort((a, b) => b[1] - a[1]);
  return counts[0]![0];
}

export class CsvSource implements FeatureSource {
  readonly info: SourceInfo;
  readonly notes: ReadNote[] = [];
  private readonly encoding: TextEncoding;
  private readonly delimiter: string;
  private readonly bom: boolean;

  constructor(private readonly file: string) {
    const bytes = statSync(file).size;
    const sample = head(file, SAMPLE);
    this.bom = sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf;
    this.encoding = this.bom ? 'utf-8' : detectEncoding(bytes > SAMPLE ? wholeLines(sample) : sample);
    const text = this.encoding === 'utf-8' ? sample.toString('utf8') : iconv.decode(sample, 'gbk');
    const firstLine = (text.replace(/^\uFEFF/, '').split(/\r?\n/)[0] ?? '').trim();
    if (!firstLine) throw new SourceError('csv.empty', 'the CSV has no header line');
    this.delimiter = delimiterOf(firstLine);
    const fields = firstLine.split(this.delimiter).map((f) => f.trim().replace(/^"|"$/g, ''));
    const dup = fields.find((f, k) => fields.indexOf(f) !== k);
    if (dup !== undefined) throw new SourceError('csv.duplicateColumn', `the CSV header names column "${dup}" twice`, { column: dup });
    this.info = {
      format: 'csv',
      fields,
      count: null,
      encoding: { name: this.encoding, source: this.bom ? 'bom' : 'detected' },
      geometryType: 'none',
      rowKind: 'line',
      bytes,
    };
  }

  async *batches(options: RecordBatchOptions = {}): AsyncIterable<SourceRecord[]> {
    const size = options.batchSize ?? DEFAULT_BATCH;
    const raw = createReadStream(this.file, { highWaterMark: 1 << 20 });
    let read = 0;
    raw.on('data', (chunk) => {
      read += chunk.length;
    });
    const text = this.encoding === 'utf-8' ? raw : raw.pipe(iconv.decodeStream('gbk'));
    const parser = text.pipe(
      parse({ delimiter: this.delimiter, bom: true, columns: false, relax_column_count: true, skip_empty_lines: true, trim: true, info: true }),
    );
    const fields = this.info.fields;
    const wanted = options.fields ? new Set(options.fields) : undefined;
    let batch: SourceRecord[] = [];
    let first = true;
    try {
      for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
        if (first) {
          first = false;
          continue; // the header
        }
        const props: SourceRecord['props'] = {};
        fields.forEach((name, k) => {
          if (wanted && !wanted.has(name)) return;
          const v = item.record[k];
          props[name] = v === undefined || v === '' ? null : v;
        });
        batch.push({ row: item.info.lines, props, geometry: null });
        if (batch.length >= size) {
          yield batch;
          batch = [];
          options.onProgress?.(read / Math.max(this.info.bytes, 1));
        }
      }
    } catch (error) {
      if (error instanceof SourceError) throw error;
      throw new SourceError('csv.invalid', `the CSV cannot be read: ${(error as Error).message}`);
    } finally {
      raw.destroy();
    }
    if (batch.length) yield batch;
    options.onProgress?.(1);
  }

  close(): void {}
}
